"""containerd's snapshotters, which hold image layers and writable layers when Docker uses the containerd image store.

Engine 29 uses the containerd image store on fresh installs. Layers are then
*snapshots* under containerd's own root, not under ``/var/lib/docker``:

* **overlayfs** (the default; containerd's counterpart of overlay2):
  ``io.containerd.snapshotter.v1.overlayfs/snapshots/<n>/fs`` holds one
  layer's diff, ``work`` sits beside it, and ``metadata.db`` records which
  numbered snapshot is which layer (``sha256:<chainID>``) or container. A
  container's writable layer is an *active* snapshot whose ``fs`` is the upper
  directory of its overlay mount.
* **native** (containerd's vfs): every snapshot is a whole copy of its parent.

Snapshot numbers count up from 1 in the order snapshots are made.
"""

from __future__ import annotations

from storagekit.docker.layers import Layer
from storagekit.docker.storage.copies import WholeTreeDriver
from storagekit.docker.storage.overlay import Overlay2
from storagekit.fs import FileSystem
from storagekit.fs.nodes import Blob, Dir

CONTAINERD_ROOT = "/var/lib/containerd"
BOLT_DB = 32768


class _Numbered:
    """Sequential snapshot ids, as containerd's metadata store hands them out."""

    base: str
    fs: FileSystem

    @property
    def home_path(self) -> str:
        return self.base

    def check_storage_opt(self, opts: dict[str, str]) -> None:
        """The containerd image store hands the options to no snapshotter: they are kept in ``HostConfig`` and
        have no effect (moby ``daemon/containerd`` ``createLayer``)."""

    def _next_id(self) -> str:
        self.counter += 1
        return str(self.counter)

    def _setup_snapshotter(self) -> None:
        self.counter = 0
        self.ids: dict[str, str] = {}
        """Snapshot number by layer cache-id or container mount id."""
        self.fs.mkdir(self.base, 0o700, parents=True, exist_ok=True)
        self.fs.mkdir(f"{self.base}/snapshots", 0o700, exist_ok=True)
        if not self.fs.exists(f"{self.base}/metadata.db"):
            self.fs.write(f"{self.base}/metadata.db", Blob.synthetic(BOLT_DB, f"boltdb:{self.base}"), perm=0o644)


class OverlayfsSnapshotter(_Numbered, Overlay2):
    name = "overlayfs"
    base = f"{CONTAINERD_ROOT}/io.containerd.snapshotter.v1.overlayfs"

    def setup(self) -> None:
        self._setup_snapshotter()

    def _snapshot(self, key: str, root: Dir) -> None:
        n = self.ids[key] = self._next_id()
        self.fs.mkdir(f"{self.base}/snapshots/{n}", 0o700)
        self.fs.put(f"{self.base}/snapshots/{n}/fs", root)
        self.fs.mkdir(f"{self.base}/snapshots/{n}/work", 0o700)

    def _drop(self, key: str) -> None:
        n = self.ids.pop(key, None)
        if n is not None:
            self.fs.discard(f"{self.base}/snapshots/{n}")

    def add_layer(self, layer: Layer) -> None:
        self._snapshot(layer.cache_id, layer.root)

    def remove_layer(self, layer: Layer) -> None:
        self._drop(layer.cache_id)

    def create_rw(self, c, image_layers: list[Layer], ids) -> None:
        """``<id>-init`` is prepared on the image's top snapshot, filled and committed; ``<id>`` is prepared on it
        (moby ``daemon/containerd/image_snapshot.go``)."""
        c.mount_id = c.id  # the active snapshot is named after the container
        c.upper, c.lowers = Dir(), [c.init] + [layer.root for layer in reversed(image_layers)]
        c.naive_diff = False
        self._snapshot(f"{c.mount_id}-init", c.init)
        self._snapshot(c.mount_id, c.upper)

    def remove_rw(self, c) -> None:
        self._drop(c.mount_id)
        self._drop(f"{c.mount_id}-init")
        self._rm(f"rootfs/{self.name}/{c.id}")

    def mount(self, c) -> None:
        """dockerd mounts the snapshot at ``<data root>/rootfs/<snapshotter>/<id>`` (moby's ``mountsDir``)."""
        self.fs.mkdir(self.mountpoint(c), 0o755, parents=True, exist_ok=True)

    def unmount(self, c) -> None:
        """The mount point stays until the container is removed."""

    def mountpoint(self, c) -> str:
        return f"{self.root}/rootfs/{self.name}/{c.id}"

    def mount_dirs(self, c) -> tuple[list[str], str, str]:
        """``(lowerdirs, upperdir, workdir)``: the snapshots' ``fs`` directories, the init layer's first."""
        snaps = f"{self.base}/snapshots"
        names = [f"{c.mount_id}-init"] + [layer.cache_id for layer in reversed(c.image.layers)]
        top = self.ids[c.mount_id]
        return [f"{snaps}/{self.ids[n]}/fs" for n in names if n in self.ids], f"{snaps}/{top}/fs", f"{snaps}/{top}/work"

    def container_data(self, c) -> dict | None:
        return None

    def image_data(self, layers: list[Layer]) -> dict | None:
        return None

    def layer_dir(self, name: str) -> str:
        return f"{self.base}/snapshots/{self.ids[name]}" if name in self.ids else ""

    def tree_path(self, name: str) -> str:
        return f"{self.layer_dir(name)}/fs" if name in self.ids else ""


class NativeSnapshotter(_Numbered, WholeTreeDriver):
    name = "native"
    base = f"{CONTAINERD_ROOT}/io.containerd.snapshotter.v1.native"

    def setup(self) -> None:
        self._setup_snapshotter()

    def create_rw(self, c, image_layers: list[Layer], ids) -> None:
        c.mount_id = c.id
        super().create_rw(c, image_layers, ids)

    def path(self, name: str) -> str:
        if name not in self.ids:
            self.ids[name] = self._next_id()
        return f"{self.base}/snapshots/{self.ids[name]}"

    def _hide(self, name: str) -> None:
        n = self.ids.pop(name, None)
        if n is not None:
            self.fs.discard(f"{self.base}/snapshots/{n}")

    def layer_dir(self, name: str) -> str:
        return f"{self.base}/snapshots/{self.ids[name]}" if name in self.ids else ""
