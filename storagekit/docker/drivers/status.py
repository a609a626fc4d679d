"""``DriverStatus``: the driver's own lines under ``Storage Driver:`` in ``docker info``.

Each driver's ``Status()`` returns key/value pairs that the client prints
indented by two spaces. overlay2's come from ``overlay2/overlay.go``
(``Backing Filesystem``, ``Supports d_type``, ``Using metacopy``,
``Native Overlay Diff``, ``userxattr``), btrfs returns a single ``Btrfs`` pair
(``btrfs/btrfs.go``), zfs its pool and dataset with byte counts
(``zfs/zfs.go``), vfs and fuse-overlayfs none; a containerd snapshotter
reports only ``driver-type`` (docker/docs ``engine/storage/containerd.md``).

>>> driver_status("overlay2", "extfs")  # doctest: +NORMALIZE_WHITESPACE
[['Backing Filesystem', 'extfs'], ['Supports d_type', 'true'], ['Using metacopy', 'false'],
 ['Native Overlay Diff', 'true'], ['userxattr', 'false']]
>>> driver_status("overlayfs", "extfs")
[['driver-type', 'io.containerd.snapshotter.v1']]
"""

from __future__ import annotations

from storagekit.docker.drivers.host import DATA_ROOT

SNAPSHOTTER_TYPE = "io.containerd.snapshotter.v1"
ZPOOL = "zpool-docker"
"""The pool mounted at the data root, named as in Docker's zfs guide (``zpool create -m /var/lib/docker``)."""
ZPOOL_SIZE = 96 * 1024 ** 3
SNAPSHOTTER_NAMES = frozenset({"overlayfs", "native", "stargz", "nydus", "fuse-overlayfs-snapshotter"})
"""Driver names that only exist as containerd snapshotters (btrfs and zfs exist as both)."""


def is_snapshotter(driver: str, image_store: str = "") -> bool:
    """Whether ``docker info`` shows this driver as a containerd snapshotter."""
    return image_store == "containerd" or driver in SNAPSHOTTER_NAMES


def _b(flag: bool) -> str:
    return "true" if flag else "false"


def driver_status(driver: str, backing_fs: str, *, image_store: str = "", d_type: bool = True,
                  rootless: bool = False, data_root: str = DATA_ROOT, zfs_used: int = 0) -> list[list[str]]:
    """The ``[[key, value], ...]`` pairs the Engine API returns for ``driver`` (``/info`` ``DriverStatus``).

    Native overlay diff is off and ``userxattr`` on when the daemon runs
    rootless (overlay mounts inside a user namespace), per ``overlay2/overlay.go``.
    """
    if is_snapshotter(driver, image_store):
        return [["driver-type", SNAPSHOTTER_TYPE]]
    if driver == "overlay2":
        return [["Backing Filesystem", backing_fs], ["Supports d_type", _b(d_type)], ["Using metacopy", "false"],
                ["Native Overlay Diff", _b(not rootless)], ["userxattr", _b(rootless)]]
    if driver == "overlay":
        return [["Backing Filesystem", backing_fs], ["Supports d_type", _b(d_type)]]
    if driver == "aufs":
        return [["Root Dir", f"{data_root}/aufs"], ["Backing Filesystem", backing_fs], ["Dirs", "0"],
                ["Dirperm1 Supported", "true"]]
    if driver == "btrfs":
        return [["Btrfs", ""]]
    if driver == "zfs":
        return [["Zpool", ZPOOL], ["Zpool Health", "ONLINE"], ["Parent Dataset", ZPOOL],
                ["Space Used By Parent", str(zfs_used)], ["Space Available", str(ZPOOL_SIZE - zfs_used)],
                ["Parent Quota", "no"], ["Compression", "off"]]
    if driver == "devicemapper":
        return [["Pool Name", "docker-8:1-1234567-pool"], ["Backing Filesystem", backing_fs],
                ["Data file", "/dev/loop0"], ["Metadata file", "/dev/loop1"]]
    return []
