"""The daemon's volume service: inspect, list, remove, prune and measure volumes (moby ``volume/service``).

Mixed into :class:`storagekit.docker.engine.DockerEngine`, so a diagram, a
widget or an exercise check asks the engine the questions ``docker volume``
asks. A volume is *in use* while any container, running or stopped, mounts it
(:func:`~storagekit.docker.volumes.setup.users_of`): such a volume is not
``dangling``, cannot be removed, and is never pruned.

``docker volume prune`` takes only anonymous volumes since Engine 23 (API
1.42); the filter ``all=true`` (``--all``) widens it to named ones, and an older
daemon always prunes every unused local volume.

>>> from storagekit import DockerHost
>>> engine = DockerHost().engine
>>> _ = engine.volumes.create("data")
>>> [v.name for v in engine.list_volumes([("dangling", "true")])], engine.prune_volumes([("all", "true")])
(['data'], (['data'], 0))
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from storagekit.docker import apitypes
from storagekit.docker.drivers import parse_version
from storagekit.docker.errors import InvalidFilter, NoSuchVolume
from storagekit.docker.filters import Filters, go_list
from storagekit.docker.state import EngineState
from storagekit.docker.volumes.setup import users_of
from storagekit.docker.volumes.store import ANONYMOUS_LABEL, Volume
from storagekit.sim.clock import rfc3339
from storagekit.sim.strconv import parse_bool

LIST_FILTERS = ("dangling", "driver", "label", "name")
PRUNE_FILTERS = ("label", "label!", "all")
ANONYMOUS_ONLY_SINCE = (23, 0, 0)
"""The first Engine (API 1.42) whose ``volume prune`` spares named volumes unless asked with ``all``."""


class VolumeUsage(NamedTuple):
    volume: Volume
    ref_count: int
    """How many containers mount it."""
    size: int
    """Bytes under its ``_data``."""


class VolumeOps(EngineState):

    def volume_json(self, volume: Volume) -> dict:
        """``GET /volumes/{name}`` for a local volume, in the API's field order (``docker volume inspect``)."""
        return apitypes.struct("Volume", {
            "CreatedAt": rfc3339(volume.created_at), "Driver": volume.driver, "Labels": volume.labels,
            "Mountpoint": volume.mountpoint, "Name": volume.name, "Options": volume.options, "Scope": "local"})

    def volume_in_use(self, volume: Volume) -> bool:
        return bool(users_of(self.containers, volume))

    def list_volumes(self, filters: Iterable[tuple[str, str]] = ()) -> list[Volume]:
        """``docker volume ls``: the volumes the filters let through, by name (``filtersToBy``)."""
        wanted = Filters(filters)
        wanted.validate(LIST_FILTERS)
        dangling = wanted.get_bool("dangling") if wanted.contains("dangling") else None
        return [v for v in self.volumes if _labelled(wanted, v)
                and (not wanted.contains("driver") or v.driver in wanted.get("driver"))
                and (not wanted.contains("name") or wanted.match("name", v.name))
                and (dangling is None or dangling != self.volume_in_use(v))]

    def remove_volume(self, name: str, *, force: bool = False) -> None:
        """``docker volume rm``: refused while a container uses the volume; ``force`` makes a missing one no error."""
        volume = self.volumes.volumes.get(name)
        if volume is None:
            if force:
                return
            raise NoSuchVolume(name)
        self.volumes.remove(volume, users_of(self.containers, volume))

    def prune_volumes(self, filters: Iterable[tuple[str, str]] = ()) -> tuple[list[str], int]:
        """``docker volume prune``: remove the unused local volumes the filters select; ``(names, bytes freed)``."""
        wanted = Filters(filters)
        if parse_version(self.info.version) < ANONYMOUS_ONLY_SINCE:
            wanted.add("all", "true")
        everything = _prune_all(wanted)
        wanted.validate(PRUNE_FILTERS)
        removed, reclaimed = [], 0
        for v in list(self.volumes):
            if v.driver != "local" or v.options or self.volume_in_use(v) or not _labelled(wanted, v):
                continue
            if not everything and ANONYMOUS_LABEL not in (v.labels or {}):
                continue
            reclaimed += self.volumes.size(v)
            self.volumes.remove(v, [])
            removed.append(v.name)
        self.events_service.volume("", "prune", reclaimed=str(reclaimed))
        return removed, reclaimed

    def local_volumes_size(self) -> list[VolumeUsage]:
        """The local volumes without driver options, measured as ``docker system df`` counts them."""
        return [VolumeUsage(v, len(users_of(self.containers, v)), self.volumes.size(v))
                for v in self.volumes if v.driver == "local" and not v.options]


def _labelled(wanted: Filters, volume: Volume) -> bool:
    """``byLabelFilter``: every ``label`` holds, and not every ``label!`` does."""
    if not wanted.match_kv_list("label", volume.labels):
        return False
    return not (wanted.contains("label!") and wanted.match_kv_list("label!", volume.labels))


def _prune_all(wanted: Filters) -> bool:
    """``withPrune``: the ``all`` filter, one boolean at most; without it only anonymous volumes go."""
    values = wanted.get("all")
    if len(values) > 1:
        raise InvalidFilter("all", go_list(values), "only one value is expected")
    if not values:
        return False
    try:
        return parse_bool(values[0])
    except ValueError as exc:
        raise InvalidFilter("all", reason=str(exc)) from None
