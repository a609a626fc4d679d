"""How the engine stores layers and containers on disk: one class per storage driver.

``make_driver`` returns the driver a daemon chose (see
:mod:`storagekit.docker.drivers` for the choice itself). overlay2 and
fuse-overlayfs stack per-layer diffs; vfs, btrfs and zfs keep a whole tree per
layer and per container and compute ``docker diff`` by comparing trees.

>>> from storagekit.fs import FileSystem
>>> make_driver("vfs", FileSystem(), "/var/lib/docker").naive_diff
True
"""

from __future__ import annotations

from storagekit.docker.storage.base import GraphDriver
from storagekit.docker.storage.copies import Btrfs, Vfs, WholeTreeDriver, Zfs
from storagekit.docker.storage.overlay import FuseOverlayfs, Overlay2

DRIVERS: dict[str, type[GraphDriver]] = {cls.name: cls for cls in (Overlay2, FuseOverlayfs, Vfs, Btrfs, Zfs)}


def make_driver(name: str, fs, root: str) -> GraphDriver:
    """The driver called ``name`` over the data root ``root`` of the host filesystem ``fs``."""
    return DRIVERS[name](fs, root)


__all__ = ["DRIVERS", "GraphDriver", "WholeTreeDriver", "make_driver"]
