"""How the engine stores layers and containers on disk: one class per storage driver.

``make_driver`` returns the driver a daemon chose (see
:mod:`storagekit.docker.drivers` for the choice itself). overlay2 and
fuse-overlayfs stack per-layer diffs; vfs, btrfs and zfs keep a whole tree per
layer and per container and compute ``docker diff`` by comparing trees. With
the containerd image store, containerd's overlayfs and native snapshotters
take their places.

>>> from storagekit.fs import Dir, FileSystem
>>> make_driver("vfs", FileSystem(Dir()), "/var/lib/docker").naive_diff
True
"""

from __future__ import annotations

from storagekit.docker.storage.base import GraphDriver
from storagekit.docker.storage.copies import Btrfs, Vfs, WholeTreeDriver, Zfs
from storagekit.docker.storage.overlay import FuseOverlayfs, Overlay2
from storagekit.docker.storage.snapshotter import NativeSnapshotter, OverlayfsSnapshotter

DRIVERS: dict[str, type[GraphDriver]] = {cls.name: cls for cls in (Overlay2, FuseOverlayfs, Vfs, Btrfs, Zfs)}
SNAPSHOTTERS: dict[str, type[GraphDriver]] = {cls.name: cls for cls in (OverlayfsSnapshotter, NativeSnapshotter)}
"""containerd snapshotters the kit lays out, for the containerd image store."""


def make_driver(name: str, fs, root: str, image_store: str = "graphdriver") -> GraphDriver:
    """The driver (or, with the containerd store, snapshotter) called ``name`` over the data root ``root``."""
    return (SNAPSHOTTERS if image_store == "containerd" else DRIVERS)[name](fs, root)


__all__ = ["DRIVERS", "GraphDriver", "SNAPSHOTTERS", "WholeTreeDriver", "make_driver"]
