"""overlay2 (and fuse-overlayfs, its FUSE twin): a directory per layer holding only that layer's diff.

``overlay2/<cache-id>/diff`` is the layer's files, ``link`` its 26-character
short name, ``lower`` the short names of every layer below it (highest first)
and ``l/<short>`` a symlink to the diff, so that the mount options of a
50-layer image stay under a page. A container adds ``<mount-id>-init`` and
``<mount-id>``, whose ``diff`` is the upper directory of its overlay mount.
fuse-overlayfs is a copy of overlay2 with its own home directory, mounting
through the ``fuse-overlayfs`` program instead of the kernel; it computes
``docker diff`` by comparing merged trees, as vfs does.
"""

from __future__ import annotations

from storagekit.docker.errors import System
from storagekit.docker.layers import Layer
from storagekit.docker.storage.base import GraphDriver
from storagekit.fs.nodes import Dir

PAGE_SIZE = 4096
"""The mount system call takes its options in one page."""


class Overlay2(GraphDriver):
    name = home = "overlay2"

    def setup(self) -> None:
        super().setup()
        self._mkdir(f"{self.home}/l", 0o700)

    def _dir(self, cache_id: str) -> str:
        return f"{self.home}/{cache_id}"

    def check_storage_opt(self, opts: dict[str, str]) -> None:
        """A size needs project quotas, which only XFS mounted with ``pquota`` has (and the simulated data root
        never is); any other option is unknown."""
        if any(key.lower() == "size" for key in opts):
            raise System("--storage-opt is supported only for overlay over xfs with 'pquota' mount option")
        for key in sorted(opts):
            raise System(f"Unknown option {key.lower()}")

    def add_layer(self, layer: Layer) -> None:
        d = self._dir(layer.cache_id)
        self._mkdir(d, 0o710)
        self.fs.put(f"{self.root}/{d}/diff", layer.root)
        self._write(f"{d}/link", layer.link.encode())
        if layer.parent is not None:
            self._write(f"{d}/lower", ":".join(f"l/{p.link}" for p in reversed(layer.parent.chain)).encode())
            self._mkdir(f"{d}/work", 0o700)
            self._write(f"{d}/committed", b"", 0o600)
        self._mkdir(f"{self.home}/l", 0o700)
        self.fs.symlink(f"../{layer.cache_id}/diff", f"{self.root}/{self.home}/l/{layer.link}")

    def remove_layer(self, layer: Layer) -> None:
        self._rm(f"{self.home}/l/{layer.link}")
        self._rm(self._dir(layer.cache_id))

    def create_rw(self, c, image_layers: list[Layer], ids) -> None:
        c.upper, c.lowers = Dir(), [c.init] + [layer.root for layer in reversed(image_layers)]
        c.naive_diff = self.naive_diff
        lower = [f"l/{layer.link}" for layer in reversed(image_layers)]
        for dirname, root in ((f"{c.mount_id}-init", c.init), (c.mount_id, c.upper)):
            link = ids.base32("layer-link")
            d = self._dir(dirname)
            self._mkdir(d, 0o710)
            self.fs.put(f"{self.root}/{d}/diff", root)
            self._write(f"{d}/link", link.encode())
            if lower:
                self._write(f"{d}/lower", ":".join(lower).encode())
            self._mkdir(f"{d}/work", 0o700)
            self._mkdir(f"{self.home}/l", 0o700)
            self.fs.symlink(f"../{dirname}/diff", f"{self.root}/{self.home}/l/{link}")
            lower = [f"l/{link}"] + lower  # the writable layer sits on the init layer

    def remove_rw(self, c) -> None:
        for dirname in (c.mount_id, f"{c.mount_id}-init"):
            if self.fs.isfile(f"{self.root}/{self._dir(dirname)}/link"):  # gone with a deleted data root
                self._rm(f"{self.home}/l/{self.fs.read(f'{self.root}/{self._dir(dirname)}/link').decode()}")
            self._rm(self._dir(dirname))

    def layer_dir(self, name: str) -> str:
        return f"{self.root}/{self._dir(name)}"

    def tree_path(self, name: str) -> str:
        return f"{self.layer_dir(name)}/diff"

    def mount(self, c) -> None:
        self._mkdir(f"{self._dir(c.mount_id)}/merged", 0o755)

    def unmount(self, c) -> None:
        self._rm(f"{self._dir(c.mount_id)}/merged")

    def mount_dirs(self, c) -> tuple[list[str], str, str]:
        """``(lowerdirs, upperdir, workdir)`` of the container's overlay mount, as the driver's ``Get`` passes them.

        The lower directories are the short ``l/`` links, absolute; when the options would not fit in a page
        (4096 bytes, ``index=off,`` included) the driver mounts from its home directory with relative paths.
        """
        links = self.fs.read(f"{self.root}/{self._dir(c.mount_id)}/lower").decode().split(":")
        home = f"{self.root}/{self.home}"
        lowers, upper, work = [f"{home}/{x}" for x in links], f"{home}/{c.mount_id}/diff", f"{home}/{c.mount_id}/work"
        if len(f"index=off,lowerdir={':'.join(lowers)},upperdir={upper},workdir={work}") > PAGE_SIZE - 1:
            lowers, upper, work = links, f"{c.mount_id}/diff", f"{c.mount_id}/work"
        return lowers, upper, work

    def _paths(self, top: str, below: list[str]) -> dict:
        base = f"{self.root}/{self.home}"
        data = {"MergedDir": f"{base}/{top}/merged", "UpperDir": f"{base}/{top}/diff", "WorkDir": f"{base}/{top}/work"}
        if below:
            data = {"LowerDir": ":".join(f"{base}/{d}/diff" for d in below), **data}
        return dict(sorted(data.items()))

    def container_data(self, c) -> dict | None:
        below = [f"{c.mount_id}-init"] + [layer.cache_id for layer in reversed(c.image.layers)]
        return self._paths(c.mount_id, below)

    def image_data(self, layers: list[Layer]) -> dict | None:
        if not layers:
            return None
        return self._paths(layers[-1].cache_id, [layer.cache_id for layer in reversed(layers[:-1])])


class FuseOverlayfs(Overlay2):
    """Its ``Changes`` and ``DiffSize`` are the naive ones, reading the mounted merged view."""

    name = home = "fuse-overlayfs"
    naive_diff = True

    def check_storage_opt(self, opts: dict[str, str]) -> None:
        if opts:
            raise System("--storage-opt is not supported")
