"""What every graph driver shares: its directory under the data root, and the writes that keep it in step.

A graph driver stores two kinds of thing (moby ``daemon/graphdriver``): the
read-only layers of images, and each container's init layer and writable
layer. Drivers differ in *how*: overlay2 keeps each layer's diff and stacks
them at mount time; vfs, btrfs and zfs keep a whole root filesystem per layer
(a plain copy, a subvolume snapshot, a dataset clone). Subclasses say where
each piece lives and what ``docker inspect`` shows of it.
"""

from __future__ import annotations

import posixpath

from storagekit.docker.errors import System
from storagekit.docker.layers import Layer
from storagekit.fs import FileSystem
from storagekit.fs.nodes import Blob
from storagekit.sim.units import ram_in_bytes

QUOTA_NOT_SIMULATED = ("--storage-opt size is not simulated: the simulated disks have no quotas, so nothing would "
                       "limit the container's writable layer.")


def quota_size(value: str) -> int:
    """A ``size=`` storage option, read as go-units' ``RAMInBytes`` does (``System`` error in its words)."""
    try:
        return ram_in_bytes(value)
    except ValueError as exc:
        raise System(str(exc)) from None


class GraphDriver:
    """One driver's state under ``<data root>/<home>``; the engine calls these hooks as layers and containers come
    and go."""

    name = ""
    """As ``docker info`` prints it after ``Storage Driver:``."""
    home = ""
    """The driver's directory under the data root (moby names it after the driver)."""
    naive_diff = False
    """Whether ``docker diff``, the container size and ``docker commit`` compare two whole trees (moby's
    ``NaiveDiffDriver``) instead of reading an upper directory."""

    def __init__(self, fs: FileSystem, root: str) -> None:
        self.fs = fs
        self.root = root

    # ------------------------------------------------------------ plumbing

    def _write(self, rel: str, data: bytes | Blob, perm: int = 0o644) -> None:
        self._mkdir(posixpath.dirname(rel), 0o700)  # a learner may have deleted the data root under the daemon
        self.fs.write(f"{self.root}/{rel}", data, perm=perm)

    def _mkdir(self, rel: str, perm: int) -> None:
        """``MkdirAll``, as the drivers make their directories: what is missing on the way is made again."""
        self.fs.mkdir(f"{self.root}/{rel}", perm, parents=True, exist_ok=True)

    def _rm(self, rel: str) -> None:
        self.fs.discard(f"{self.root}/{rel}")

    # --------------------------------------------------------------- hooks

    def setup(self) -> None:
        """Create the driver's home directory as its ``Init`` does."""
        self._mkdir(self.home, 0o710)

    def add_layer(self, layer: Layer) -> None:
        raise NotImplementedError

    def remove_layer(self, layer: Layer) -> None:
        raise NotImplementedError

    def create_rw(self, c, image_layers: list[Layer], ids) -> None:
        """Give container ``c`` its init layer and writable layer (sets ``c.upper``, ``c.lowers``)."""
        raise NotImplementedError

    def remove_rw(self, c) -> None:
        raise NotImplementedError

    def check_storage_opt(self, opts: dict[str, str]) -> None:
        """``--storage-opt`` (``HostConfig.StorageOpt``) as the driver's ``CreateReadWrite`` takes it, before the
        container's layers are made: refused in its words, or, for a size it would enforce with a quota,
        :class:`~storagekit.sim.errors.NotSimulated` (the simulated disks have no quotas)."""
        raise NotImplementedError

    def mount(self, c) -> None:
        """The container starts: its root filesystem is mounted."""

    def unmount(self, c) -> None:
        """The container stops: its root filesystem is unmounted."""

    @property
    def home_path(self) -> str:
        """The directory the driver owns on the host."""
        return f"{self.root}/{self.home}"

    def layer_dir(self, name: str) -> str:
        """The directory of a layer (by cache-id) or of a container's layer (``<mount-id>``, ``<mount-id>-init``)
        on the host ("" for one the driver does not hold)."""
        raise NotImplementedError

    def tree_path(self, name: str) -> str:
        """Where that layer's files are: its directory, or the ``diff`` (``fs``) inside it."""
        return self.layer_dir(name)

    def read_only_trees(self, layers: list[Layer]) -> list:
        """Trees the driver keeps for ``layers`` besides their diffs, which nothing changes once made."""
        return []

    def container_data(self, c) -> dict | None:
        """``GraphDriver.Data`` of ``docker container inspect`` (the driver's ``GetMetadata``)."""
        return None

    def image_data(self, layers: list[Layer]) -> dict | None:
        """``GraphDriver.Data`` of ``docker image inspect`` for an image whose layers are ``layers``."""
        return None
