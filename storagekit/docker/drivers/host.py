"""What the daemon finds on a host when it picks a storage driver.

Selection depends on a handful of facts only: the kernel (its version and the
modules it can load), the filesystem under the data root (``extfs`` is how moby
names ext2/3/4), whether that filesystem records file types in directory
entries (``d_type``; XFS formatted with ``ftype=0`` does not), and whether the
daemon runs rootless or with ``userns-remap``. ``HOSTS`` holds the machines the
course talks about, among them the two behind the old "Ubuntu uses AUFS,
CentOS uses devicemapper" lore.

>>> HOSTS["debian-12"].kernel.version
(6, 1, 0)
>>> HOSTS["centos-7.2"].d_type
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storagekit.sim import kernel

BACKING_FILESYSTEMS = ("extfs", "xfs", "btrfs", "zfs", "tmpfs", "overlayfs")
"""Names as moby's ``FsNames`` table prints them in ``docker info`` (``Backing Filesystem:``)."""

DATA_ROOT = "/var/lib/docker"
REMAP_ROOT = "100000.100000"
"""``userns-remap: default`` maps root to dockremap's first subordinate id; the data root gains this level."""


@dataclass(frozen=True)
class HostKernel:
    """The running kernel: ``uname -r`` and the filesystem modules it can load.

    ``multi_lowerdir_backport`` marks RHEL/CentOS 7.3+ kernels (3.10.0-514 and
    later), which carry overlayfs' multiple-lower-directory support that
    upstream gained in 4.0; overlay2 needs it.
    """

    release: str = kernel.RELEASE
    modules: frozenset[str] = frozenset({"overlay", "fuse", "dm_thin_pool"})
    multi_lowerdir_backport: bool = False

    @property
    def version(self) -> tuple[int, int, int]:
        nums = [int(n) for n in re.findall(r"\d+", self.release)[:3]]
        return tuple(nums + [0] * (3 - len(nums)))  # type: ignore[return-value]

    def at_least(self, major: int, minor: int) -> bool:
        return self.version[:2] >= (major, minor)

    @property
    def overlay_multi_lower(self) -> bool:
        """Whether one overlay mount may stack several lower directories (overlay2's layout)."""
        return self.at_least(4, 0) or self.multi_lowerdir_backport


@dataclass(frozen=True)
class HostSpec:
    """A host as the daemon probes it at start-up.

    ``backing_fs`` is the filesystem of the data root; ``d_type`` is False for
    XFS made with ``ftype=0`` (the default of older ``mkfs.xfs``, so of CentOS
    7.0-7.2 installs). ``fuse_overlayfs`` says the ``fuse-overlayfs`` binary is
    installed, which its driver looks up on ``$PATH``.
    """

    kernel: HostKernel = field(default_factory=HostKernel)
    backing_fs: str = "extfs"
    d_type: bool = True
    rootless: bool = False
    userns_remap: bool = False
    fuse_overlayfs: bool = False
    data_root: str = DATA_ROOT
    os_name: str = "Debian GNU/Linux 12 (bookworm)"

    def __post_init__(self) -> None:
        if self.backing_fs not in BACKING_FILESYSTEMS:
            raise ValueError(f"unknown backing filesystem {self.backing_fs!r}; one of {', '.join(BACKING_FILESYSTEMS)}")

    @property
    def graph_root(self) -> str:
        """Where driver directories live: the data root, one level deeper with ``userns-remap``."""
        return f"{self.data_root}/{REMAP_ROOT}" if self.userns_remap else self.data_root


def _kernel(release: str, *modules: str, backport: bool = False) -> HostKernel:
    return HostKernel(release, frozenset(modules), backport)


HOSTS: dict[str, HostSpec] = {
    "ubuntu-14.04": HostSpec(_kernel("3.13.0-24-generic", "aufs", "dm_thin_pool"),
                             os_name="Ubuntu 14.04.6 LTS"),
    "ubuntu-16.04": HostSpec(_kernel("4.4.0-21-generic", "aufs", "overlay", "dm_thin_pool"),
                             os_name="Ubuntu 16.04.7 LTS"),
    "ubuntu-16.04-no-extra": HostSpec(_kernel("4.4.0-21-generic", "overlay", "dm_thin_pool"),
                                      os_name="Ubuntu 16.04.7 LTS"),
    "centos-7.2": HostSpec(_kernel("3.10.0-327.el7.x86_64", "overlay", "dm_thin_pool"), backing_fs="xfs",
                           d_type=False, os_name="CentOS Linux 7 (Core)"),
    "centos-7.4": HostSpec(_kernel("3.10.0-693.el7.x86_64", "overlay", "dm_thin_pool", backport=True),
                           backing_fs="xfs", os_name="CentOS Linux 7 (Core)"),
    "ubuntu-22.04": HostSpec(_kernel("5.15.0-25-generic", "overlay", "fuse", "dm_thin_pool"),
                             os_name="Ubuntu 22.04.5 LTS"),
    "debian-12": HostSpec(),
    "debian-12-xfs-ftype0": HostSpec(backing_fs="xfs", d_type=False),
    "debian-12-btrfs": HostSpec(backing_fs="btrfs"),
    "debian-12-zfs": HostSpec(backing_fs="zfs"),
    "docker-in-docker": HostSpec(backing_fs="overlayfs"),
    "rootless-old-kernel": HostSpec(_kernel("5.4.0-26-generic", "overlay", "fuse"), rootless=True, fuse_overlayfs=True,
                                    os_name="Ubuntu 20.04.6 LTS"),
}
"""Hosts the course uses; ``debian-12`` is the simulated machine (ext4, kernel 6.1)."""
