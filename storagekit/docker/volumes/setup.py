"""A container's mounts, from the request to the running container (moby ``registerMountPoints``).

At create: ``--volumes-from`` first, then ``-v`` binds and volumes, then
``--mount``, each target at most once (``Duplicate mount point``); then the
anonymous volumes the image's ``VOLUME`` and ``-v /path`` ask for, skipped where
the user already mounts something. Named volumes are created on first use; an
empty volume is filled from the image's files at its target, unless the mount
says ``nocopy``. A ``-v`` bind creates its missing source directory; a
``--mount`` bind never does.

At start, the mount points are made in the container's root filesystem (so a
new one shows in ``docker diff``) and the namespace gets one mount each:
volumes and binds are the host's directories, a tmpfs is memory the container
loses when it stops.
"""

from __future__ import annotations

import errno
import os
import posixpath

from storagekit.docker.errors import DuplicateMountPoint, System
from storagekit.docker.mounttable import MEMORY
from storagekit.docker.volumes.spec import MountPoint
from storagekit.docker.volumes.store import Volume, VolumeStore, check_name
from storagekit.fs import FileSystem, union
from storagekit.fs.capacity import Space
from storagekit.fs.mounts import Mount
from storagekit.fs.nodes import Dir, File, clone_tree
from storagekit.fs.usage import disk_usage
from storagekit.runc import messages


def register(store: VolumeStore, requested: list[MountPoint], anonymous: list[str]) -> list[MountPoint]:
    """Check the targets, then add anonymous volumes for ``anonymous`` paths nobody mounts yet.

    Raises before any volume is created, so a refused container leaves no volume behind.
    """
    seen: set[str] = set()
    for mp in requested:
        if mp.destination in seen:
            raise DuplicateMountPoint(mp.destination)
        seen.add(mp.destination)
    for mp in requested:
        if mp.type == "volume" and mp.name and mp.name not in store.volumes:
            check_name(mp.name)
    points = list(requested)
    for path in anonymous:
        target = posixpath.normpath(path)
        if target not in seen:
            seen.add(target)
            points.append(MountPoint(type="volume", destination=target, driver="local", anonymous=True))
    return points


def create_volumes(store: VolumeStore, points: list[MountPoint], anonymous: list[MountPoint]) -> None:
    """Create the volumes the mount points name, and name the anonymous ones.

    A volume the user asked for by ``-v`` or ``--mount`` with the local driver is
    relabelled for SELinux, which shows as ``Mode: "z"`` unless a mode was given
    (moby ``setBindModeIfNull``); the image's anonymous volumes keep an empty mode.
    """
    for mp in points:
        if mp.type != "volume":
            continue
        volume_opts = mp.spec.get("VolumeOptions") or {}
        volume = store.create(mp.name, driver=mp.driver or "local", anonymous=not mp.name,
                              labels=volume_opts.get("Labels"),
                              options=(volume_opts.get("DriverConfig") or {}).get("Options"))
        mp.name, mp.driver, mp.source = volume.name, volume.driver, volume.mountpoint
        if mp not in anonymous and mp.driver == "local" and not mp.mode:
            mp.mode = "z"


def populate(host_fs: FileSystem, image_layers: list[Dir], points: list[MountPoint]) -> None:
    """Copy the image's files at each volume's target into the volume, if the volume is empty."""
    if not image_layers:
        return
    for mp in points:
        if mp.type != "volume" or not mp.copy_data or mp.subpath:
            continue
        data = host_fs.lstat(mp.source)
        if not isinstance(data, Dir) or data.children:
            continue
        node = union.flat_entry(image_layers, mp.target)
        if isinstance(node, Dir):
            copy = clone_tree(node)
            data.children.update(copy.children)
            copy._copy_meta(data)
            data.mode = copy.mode


def check_image_paths(image_layers: list[Dir], anonymous: list[str]) -> None:
    """An image ``VOLUME`` over a file cannot be mounted (moby ``createContainerOSSpecificSettings``)."""
    for path in anonymous:
        node = union.flat_entry(image_layers, path)
        if node is not None and not isinstance(node, Dir):
            raise System(f"cannot mount volume over existing file, file exists {path}")


class Tmpfs(FileSystem):
    """A tmpfs: files in memory, as many pages as its ``size=`` allows (by default half the machine's memory)."""

    def __init__(self, root: Dir, limit: int, clock) -> None:
        super().__init__(root, clock=clock)
        self.tree = root
        """Its files (the upper tree, as a tmpfs has no other)."""
        self.limit = limit or MEMORY // 2
        self.space = Space(self._free)
        self.capacity = self._space

    def _free(self) -> int:
        return self.limit - disk_usage(self.tree, shared_extents=True)

    def _space(self, path: str) -> Space:
        return self.space


def namespace_mounts(host_fs: FileSystem, c, clock) -> list[Mount]:
    """The mounts a running container's processes see, in the order they were requested."""
    out = []
    for mp in c.mounts:
        readonly = not mp.rw
        if mp.type == "tmpfs":
            root = c.tmpfs.setdefault(mp.destination, Dir(mp.tmpfs_mode))
            out.append(Mount(mp.target, Tmpfs(root, mp.tmpfs_size, clock), "/", readonly, kind="tmpfs"))
        else:
            source = mp.source + (f"/{mp.subpath}" if mp.subpath else "")
            out.append(Mount(mp.target, host_fs, source, readonly, kind=mp.type))
    return out


def mount_volumes(store: VolumeStore, points: list[MountPoint]) -> None:
    """The volume driver mounts each volume before runc sees it (moby ``MountPoint.Setup``)."""
    for mp in points:
        if mp.type == "volume" and mp.name in store.volumes:
            store.volumes[mp.name].mount()


def make_mountpoints(rootfs: FileSystem, host_fs: FileSystem, points: list[MountPoint]) -> None:
    """runc creates each mount's target in the root filesystem: a directory, or an empty file for a file bind.

    It does so before a ``--read-only`` root is made read-only, so ``rootfs`` is the writable view.
    """
    for mp in points:
        if rootfs.lexists(mp.target):
            continue
        source_is_file = mp.type == "bind" and isinstance(host_fs.lstat(mp.source), File)
        try:
            rootfs.mkdir(posixpath.dirname(mp.target), parents=True)
            if source_is_file:
                rootfs.write(mp.target, b"")
            else:
                rootfs.mkdir(mp.target)
        except OSError as exc:
            why = os.strerror(exc.errno or errno.EIO)
            raise System(messages.create_failed(messages.mount_failed(mp.source or mp.type, mp.destination, why))) \
                from None


def users_of(containers, volume: Volume) -> list[str]:
    """Ids of the containers (running or not) whose mounts name ``volume``."""
    return [c.id for c in containers if any(mp.type == "volume" and mp.name == volume.name for mp in c.mounts)]
