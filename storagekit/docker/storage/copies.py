"""Drivers that give every layer and every container a whole root filesystem: vfs, btrfs and zfs.

Each layer's directory holds its parent's tree with the layer's diff applied,
and a container's writable layer starts as a full tree of its init layer.
What differs is what the copy costs:

* **vfs** copies every file (moby ``vfs/driver.go``: ``CopyDir`` of the
  parent). Five containers of a 100 MB image take 600 MB and more.
* **btrfs** takes a subvolume snapshot (``btrfs/subvolumes/<id>``): the new
  tree shares every extent with its origin until a block is written.
* **zfs** snapshots the parent's dataset and clones it (``<pool>/<id>``),
  mounting a dataset at ``zfs/graph/<id>`` only while it is in use.

In memory the copies share file contents either way; what a copy costs on
disk is counted by :mod:`storagekit.fs.usage`, per inode on ext4 and xfs,
per shared extent on btrfs and zfs. None of these drivers has an upper
directory, so ``docker diff`` compares whole trees (``naive_diff``).
"""

from __future__ import annotations

from storagekit.docker.drivers.status import ZPOOL
from storagekit.docker.errors import InvalidParameter, System
from storagekit.docker.layers import Layer
from storagekit.docker.storage.base import QUOTA_NOT_SIMULATED, GraphDriver, quota_size
from storagekit.fs import union
from storagekit.fs.nodes import Dir, clone_tree
from storagekit.sim.errors import NotSimulated


class WholeTreeDriver(GraphDriver):
    naive_diff = True
    subdir = ""
    """Where the trees hang below the driver's home: ``dir`` (vfs), ``subvolumes`` (btrfs), ``graph`` (zfs)."""
    shown_at_rest = True
    """Whether a tree is visible on the host when nothing uses it (zfs mounts datasets only on demand)."""

    def __init__(self, fs, root: str) -> None:
        super().__init__(fs, root)
        self.trees: dict[str, Dir] = {}
        """Whole trees by directory name (a layer's cache-id, ``<mount-id>-init``, ``<mount-id>``)."""

    def setup(self) -> None:
        super().setup()
        self._mkdir(f"{self.home}/{self.subdir}", 0o700)

    def path(self, name: str) -> str:
        return f"{self.root}/{self.home}/{self.subdir}/{name}"

    def layer_dir(self, name: str) -> str:
        return self.path(name)

    def _show(self, name: str) -> None:
        self.fs.put(self.path(name), self.trees[name])

    def _hide(self, name: str) -> None:
        self._rm(f"{self.home}/{self.subdir}/{name}")

    def _derive(self, parent: Dir | None, diff: Dir | None) -> Dir:
        base = parent if parent is not None else Dir(0o755)
        return union.apply(base, diff) if diff is not None else clone_tree(base)

    def add_layer(self, layer: Layer) -> None:
        parent = self.trees[layer.parent.cache_id] if layer.parent is not None else None
        self.trees[layer.cache_id] = self._derive(parent, layer.root)
        if self.shown_at_rest:
            self._show(layer.cache_id)

    def remove_layer(self, layer: Layer) -> None:
        self._hide(layer.cache_id)
        self.trees.pop(layer.cache_id, None)

    def read_only_trees(self, layers: list[Layer]) -> list[Dir]:
        return [self.trees[layer.cache_id] for layer in layers if layer.cache_id in self.trees]

    def create_rw(self, c, image_layers: list[Layer], ids) -> None:
        below = self.trees[image_layers[-1].cache_id] if image_layers else None
        init = self.trees[f"{c.mount_id}-init"] = self._derive(below, c.init)
        c.upper = self.trees[c.mount_id] = self._derive(init, None)
        c.lowers, c.parent_tree, c.naive_diff = [], init, True
        if self.shown_at_rest:
            self._show(f"{c.mount_id}-init")
            self._show(c.mount_id)

    def remove_rw(self, c) -> None:
        for name in (c.mount_id, f"{c.mount_id}-init"):
            self._hide(name)
            self.trees.pop(name, None)


class Vfs(WholeTreeDriver):
    name = home = "vfs"
    subdir = "dir"

    def check_storage_opt(self, opts: dict[str, str]) -> None:
        """A size needs the project quotas the simulated data root does not have; nothing else is an option."""
        for key in sorted(opts):
            if key == "size":
                raise System("Filesystem does not support, or has not enabled quotas")
            raise InvalidParameter(f"Storage opt {key} not supported")


class Btrfs(WholeTreeDriver):
    name = home = "btrfs"
    subdir = "subvolumes"

    def check_storage_opt(self, opts: dict[str, str]) -> None:
        """The options are read only when there is a size (a subvolume quota group); without one they are kept
        and unused."""
        if "size" not in opts:
            return
        for key in sorted(opts):
            if key.lower() != "size":
                raise System(f"Unknown option {key.lower()}")
        if not quota_size(opts["size"]):
            raise System("btrfs: invalid storage size: 0B")
        raise NotSimulated(QUOTA_NOT_SIMULATED)


class Zfs(WholeTreeDriver):
    name = home = "zfs"
    subdir = "graph"
    shown_at_rest = False
    dataset_root = ZPOOL
    """The dataset mounted at the data root; each layer and container is a child dataset of it."""

    def check_storage_opt(self, opts: dict[str, str]) -> None:
        """A size becomes the dataset's ``quota`` property; any other option is unknown."""
        for key in sorted(opts):
            if key.lower() != "size":
                raise System(f"Unknown option {key.lower()}")
        if opts:
            raise NotSimulated(QUOTA_NOT_SIMULATED)

    def hidden_trees(self) -> list[Dir]:
        """Datasets that hold data but are not mounted: they count in the pool's usage, not in ``du``."""
        return list(self.trees.values())

    def mount(self, c) -> None:
        self._show(c.mount_id)

    def unmount(self, c) -> None:
        self._hide(c.mount_id)

    def _data(self, name: str) -> dict:
        return {"Dataset": f"{self.dataset_root}/{name}", "Mountpoint": self.path(name)}

    def container_data(self, c) -> dict | None:
        return self._data(c.mount_id)

    def image_data(self, layers: list[Layer]) -> dict | None:
        return self._data(layers[-1].cache_id) if layers else None
