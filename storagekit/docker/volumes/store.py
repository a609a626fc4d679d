"""Volumes of the ``local`` driver: a directory per volume under ``/var/lib/docker/volumes``, and their records.

A volume's files live on the host at ``/var/lib/docker/volumes/<name>/_data``;
a container that mounts the volume reads and writes that very directory, which
is why the data outlives the container and why every container mounting the
volume sees the same files. Volumes belong to the daemon's data root, not to a
storage driver: switching drivers leaves them in place.

Names follow the local driver's rule (``[a-zA-Z0-9][a-zA-Z0-9_.-]+``, at least
two characters). An anonymous volume gets a 64-hex name, made here from a
seeded counter, and the label ``com.docker.volume.anonymous``, by which
``docker volume prune`` tells it from a named one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from storagekit.docker.drivers.host import DATA_ROOT
from storagekit.docker.errors import (
    NoSuchVolume,
    VolumeInUse,
    VolumeNameInvalid,
    VolumeNameTooShort,
    VolumePluginNotFound,
)
from storagekit.fs import FileSystem
from storagekit.sim.ids import IdFactory

VOLUMES_ROOT = f"{DATA_ROOT}/volumes"
ANONYMOUS_LABEL = "com.docker.volume.anonymous"
NAME_PATTERN = re.compile(r"[a-zA-Z0-9][a-zA-Z0-9_.-]+")


@dataclass(eq=False)
class Volume:
    name: str
    created_at: int
    driver: str = "local"
    labels: dict[str, str] | None = None
    options: dict[str, str] | None = None
    """``None`` when nothing was passed (a volume a container created shows ``null``), ``{}`` from the CLI."""

    @property
    def anonymous(self) -> bool:
        return ANONYMOUS_LABEL in (self.labels or {})

    @property
    def mountpoint(self) -> str:
        return f"{VOLUMES_ROOT}/{self.name}/_data"


def check_name(name: str) -> None:
    """The local driver's name rule, in its words (moby ``volume/local``)."""
    if len(name) < 2:
        raise VolumeNameTooShort(name)
    if not NAME_PATTERN.fullmatch(name):
        raise VolumeNameInvalid(name)


class VolumeStore:
    """The daemon's volumes, kept with their directories on the host's disk."""

    def __init__(self, fs: FileSystem, ids: IdFactory, clock) -> None:
        self.fs, self.ids, self.clock = fs, ids, clock
        self.volumes: dict[str, Volume] = {}
        self.event_logger: Callable[..., None] | None = None
        """The daemon's ``LogVolumeEvent`` (name, action, attributes), told of each create and destroy."""

    def __iter__(self):
        return iter(sorted(self.volumes.values(), key=lambda v: v.name))

    def get(self, name: str) -> Volume:
        try:
            return self.volumes[name]
        except KeyError:
            raise NoSuchVolume(name) from None

    def create(self, name: str = "", *, driver: str = "local", labels: dict[str, str] | None = None,
               options: dict[str, str] | None = None, anonymous: bool = False) -> Volume:
        """Create (or, for an existing name, return) a volume; the name is checked before anything changes."""
        if driver != "local":
            raise VolumePluginNotFound(name, driver)
        if not name:
            name = self.ids.hex("volume")
            anonymous = True
        existing = self.volumes.get(name)
        if existing is not None:
            return existing
        check_name(name)
        if anonymous:
            labels = {**(labels or {}), ANONYMOUS_LABEL: ""}
        volume = Volume(name, self.clock.now, driver, labels, options)
        self.fs.mkdir(f"{VOLUMES_ROOT}/{name}", 0o701, parents=True, exist_ok=True)  # MkdirAll
        self.fs.mkdir(volume.mountpoint, 0o755, exist_ok=True)
        self.volumes[name] = volume
        if self.event_logger is not None:
            self.event_logger(name, "create", driver=driver)
        return volume

    def remove(self, volume: Volume, users: list[str]) -> None:
        """Delete a volume and its data; ``users`` are the ids of containers that still reference it."""
        if users:
            raise VolumeInUse(volume.name, users)
        del self.volumes[volume.name]
        self.fs.discard(f"{VOLUMES_ROOT}/{volume.name}")
        if self.event_logger is not None:
            self.event_logger(volume.name, "destroy", driver=volume.driver)

    def size(self, volume: Volume) -> int:
        """Bytes under ``_data``, as ``docker system df -v`` counts them."""
        from storagekit.fs.nodes import Dir, tree_size

        data = self.fs.lstat(volume.mountpoint)
        return tree_size(data) if isinstance(data, Dir) else data.size
