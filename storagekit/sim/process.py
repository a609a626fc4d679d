"""What every simulated process starts with, wherever it runs: a host's shell, a RUN step, a container, a Pod:
a default ``PATH``, and the credentials the kernel checks its file operations against."""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
"""The ``PATH`` of a process whose image sets none (moby's and containerd's ``DefaultPathEnv``, which the kubelet's
runtime uses too), and of root's login shell on Debian."""

CAPABILITIES = frozenset({
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
    "CAP_SETUID", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_NET_RAW", "CAP_SYS_CHROOT", "CAP_MKNOD",
    "CAP_AUDIT_WRITE", "CAP_SETFCAP", "CAP_SYS_ADMIN",
})
"""The capabilities the simulation knows; root on the host has them all."""
LINUX_CAPABILITIES = tuple("CAP_" + name for name in (
    "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
    "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
    "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
    "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
    "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
    "CHECKPOINT_RESTORE",
))
"""Every capability a 6.1 kernel has, in the order of their numbers (``linux/capability.h``): what a privileged
container or ``--cap-add ALL`` gets."""
CONTAINER_CAPABILITIES = frozenset({
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
    "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
    "CAP_AUDIT_WRITE",
})
"""What a container's root gets (moby's and containerd's default set): no CAP_DAC_READ_SEARCH, no CAP_SYS_ADMIN."""


@dataclass(frozen=True)
class Credentials:
    """Who a process is, as the kernel checks it: user and group ids, supplementary groups, capabilities.

    A process that is not root has no effective capabilities: runc starts it with none, and ``execve`` as a
    user other than root clears them. The kernel keeps the supplementary groups sorted (``setgroups`` sorts the
    list it is given), so ``getgroups`` and ``id`` list them in order whoever set them.
    """

    uid: int = 0
    gid: int = 0
    groups: tuple[int, ...] = ()
    caps: frozenset[str] = field(default=CAPABILITIES)

    @classmethod
    def of(cls, uid: int, gid: int, groups: tuple[int, ...] = (), root_caps: frozenset[str] = CAPABILITIES):
        return cls(uid, gid, tuple(sorted(groups)), root_caps if uid == 0 else frozenset())

    def capable(self, cap: str) -> bool:
        return cap in self.caps

    def in_group(self, gid: int) -> bool:
        return gid == self.gid or gid in self.groups


ROOT = Credentials()
"""Root on the host, with every capability."""
