"""The mounts every container gets from its runtime, around its root filesystem and the user's volumes.

runc mounts what the OCI spec lists, in its order, then makes the spec's
``readonlyPaths`` read-only (a bind of each onto itself) and hides its
``maskedPaths`` (a directory under an empty read-only tmpfs, a file under a bind
of ``/dev/null``), skipping those the kernel does not have. Docker's spec
(moby ``oci.DefaultLinuxSpec``, Engine 28) lists ``/proc``, ``/dev`` (a 64 MiB
tmpfs), ``/dev/pts``, ``/sys`` (read-only), ``/sys/fs/cgroup`` (cgroup2 in the
container's cgroup namespace, read-only), ``/dev/mqueue`` and ``/dev/shm``
(``shm``, 64 MiB); then the container's own mounts sorted by depth, the
``/etc/resolv.conf``, ``/etc/hostname`` and ``/etc/hosts`` binds among them.
containerd's CRI plugin gives a Pod's containers the same standard set, with
``/dev/shm`` from the Pod's sandbox.

Which masked paths exist depends on the machine: the simulated host is a
Debian 12 VM (no sound card, no latencytop, no powercap or thermal driver, a
SCSI disk), so ``/proc/acpi``, ``/proc/interrupts``, ``/proc/kcore``,
``/proc/keys``, ``/proc/timer_list``, ``/proc/scsi`` and ``/sys/firmware`` are
masked. Seen in a real container (dockerd 20.10 with runc, kernel 6.18): the
same order, flags and options.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from storagekit.fs import paths
from storagekit.fs.mounttable import EMPTY, MountEntry, StatFs, tmpfs_options

DEV_SIZE = SHM_SIZE = 64 * 1024 * 1024
"""``size=65536k`` for ``/dev``; Docker's default ``--shm-size`` for ``/dev/shm``."""
READONLY_PATHS = ("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger")
MASKED_DIRS = ("/proc/acpi", "/proc/scsi", "/sys/firmware")
MASKED_FILES = ("/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/timer_list")
MASKED = ("/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/scsi",
          "/sys/firmware")
"""Docker's masked paths that the simulated VM has, in the spec's order."""
CGROUP2_OPTIONS = (("nsdelegate", None), ("memory_recursiveprot", None))
"""systemd mounts the host's cgroup2 so; a container's cgroup2 mount shows the same superblock."""
PROC_FLAGS = ("nosuid", "nodev", "noexec", "relatime")


@dataclass(frozen=True)
class Bind:
    """A mount the container asked for, as the runtime makes it: a bind of a host path, or a new tmpfs."""

    target: str
    host: MountEntry | None
    """The host's mount holding the source (None for a tmpfs)."""
    source_root: str = "/"
    """The source path within that filesystem (mountinfo's root)."""
    readonly: bool = False
    private: bool = True
    """``rprivate`` propagation: the mount does not follow the host's (a ``-v`` bind, the /etc files)."""
    tmpfs_size: int = 0
    tmpfs_mode: int = 0o1777
    statfs: Callable[[], StatFs] = lambda: EMPTY


class Table:
    """Numbers mounts as the kernel does as they are made: each a new id, each new filesystem a new device; a
    mount's parent is the mount it sits on."""

    def __init__(self, first_id: int = 600, first_anon: int = 60, outside: int = 500) -> None:
        self._rows: list[MountEntry] = []
        self._id, self._anon, self._outside = first_id, first_anon, outside

    def anon(self) -> str:
        """A new anonymous device (``0:N``), as every tmpfs, proc or overlay instance gets."""
        self._anon += 1
        return f"0:{self._anon - 1}"

    def __len__(self) -> int:
        return len(self._rows)

    def by_target(self, target: str) -> MountEntry:
        return next(e for e in reversed(self._rows) if e.target == target)

    def add(self, target: str, fstype: str, source: str, *, device: str = "", **fields) -> MountEntry:
        entry = MountEntry(self._id, 0, device or self.anon(), target, fstype, source, **fields)
        self._id += 1
        self._rows.append(entry)
        return entry

    @property
    def entries(self) -> list[MountEntry]:
        return [dataclasses.replace(e, parent_id=self._parent(e)) for e in self._rows]

    def _parent(self, entry: MountEntry) -> int:
        if entry.target == "/":
            return self._outside
        above = [e for e in self._rows if e.target != entry.target and (
            e.target == "/" or entry.target.startswith(e.target.rstrip("/") + "/"))]
        return max(above, key=lambda e: len(e.target)).mount_id if above else self._outside


def standard_mounts(table: Table, *, memory: int, inode64: bool, shm: MountEntry | None = None) -> None:
    """Docker's spec mounts after the root: proc, ``/dev``, devpts, sysfs, cgroup2, mqueue and ``/dev/shm``.

    ``shm`` is a mount to bind at ``/dev/shm`` instead of a new tmpfs (a Pod's sandbox's).
    """
    table.add("/proc", "proc", "proc", flags=PROC_FLAGS)
    table.add("/dev", "tmpfs", "tmpfs", flags=("nosuid",),
              fs_options=tmpfs_options(DEV_SIZE, 0o755, inode64=inode64), statfs=lambda: StatFs.of_bytes(DEV_SIZE, 0))
    table.add("/dev/pts", "devpts", "devpts", flags=("nosuid", "noexec", "relatime"),
              fs_options=(("gid", "5"), ("mode", "620"), ("ptmxmode", "666")))
    table.add("/sys", "sysfs", "sysfs", flags=PROC_FLAGS[:3] + ("relatime",), readonly=True, sb_readonly=True)
    table.add("/sys/fs/cgroup", "cgroup2", "cgroup", flags=PROC_FLAGS, readonly=True, fs_options=CGROUP2_OPTIONS)
    table.add("/dev/mqueue", "mqueue", "mqueue", flags=PROC_FLAGS)
    if shm is None:
        table.add("/dev/shm", "tmpfs", "shm", flags=PROC_FLAGS,
                  fs_options=tmpfs_options(SHM_SIZE, inode64=inode64), statfs=lambda: StatFs.of_bytes(SHM_SIZE, 0))
    else:
        table.add("/dev/shm", shm.fstype, shm.source, device=shm.device, flags=shm.flags, root=shm.root,
                  fs_options=shm.fs_options, statfs=shm.statfs)


def user_mounts(table: Table, binds: list[Bind], *, inode64: bool) -> None:
    """The container's own mounts, shallowest first (moby sorts them by the number of path elements)."""
    for b in sorted(binds, key=lambda b: len(paths.split(b.target))):
        if b.host is None:
            table.add(b.target, "tmpfs", "tmpfs", flags=PROC_FLAGS, readonly=b.readonly,
                      fs_options=tmpfs_options(b.tmpfs_size, b.tmpfs_mode, inode64=inode64), statfs=b.statfs)
        else:
            h = b.host
            table.add(b.target, h.fstype, h.source, device=h.device, flags=h.flags, readonly=b.readonly,
                      fs_options=h.fs_options, root=b.source_root, statfs=h.statfs,
                      propagation="" if b.private else _slave(h))


def _slave(host: MountEntry) -> str:
    """runc makes the container's mounts slaves of the host's (``rslave``): a shared one's group becomes its
    master."""
    return host.propagation.replace("shared:", "master:") if host.propagation.startswith("shared:") else ""


def protect(table: Table, *, memory: int, inode64: bool) -> None:
    """The spec's read-only paths, then its masked paths, as runc applies them."""
    proc = table.by_target("/proc")
    for path in READONLY_PATHS:
        table.add(path, "proc", "proc", device=proc.device, flags=proc.flags, readonly=True,
                  root=path.removeprefix("/proc"))
    dev = table.by_target("/dev")
    for path in MASKED:
        if path in MASKED_DIRS:
            table.add(path, "tmpfs", "tmpfs", flags=("relatime",), readonly=True, sb_readonly=True,
                      fs_options=(("inode64", None),) if inode64 else (),
                      statfs=lambda: StatFs.of_bytes(memory // 2, 0))
        else:
            table.add(path, "tmpfs", "tmpfs", device=dev.device, flags=dev.flags, root="/null",
                      fs_options=dev.fs_options, statfs=dev.statfs)


def root_entry_propagation(host_mount: MountEntry | None) -> str:
    """The root of a container mounted below a shared host mount is a slave of it (runc's ``rslave``)."""
    return _slave(host_mount) if host_mount is not None else ""
