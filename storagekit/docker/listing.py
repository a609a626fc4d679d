"""What the daemon lists, filtered as moby filters it: containers (``docker ps``), images (``docker images``).

Mixed into :class:`storagekit.docker.engine.DockerEngine`, after moby's
``daemon/list.go`` and ``daemon/images/images.go``, so a diagram, a lab or an
exercise check asks the engine what ``docker ps`` or ``docker images`` would
show. Filters arrive as the client sends them, ``(key, value)`` pairs: several
values of one key are alternatives (``label`` excepted: all must hold), and
different keys must all hold. Every key, and each ``status``, is checked before
anything is looked at, so a bad filter is refused even on an empty host.

``docker container prune`` is here too: it removes what ``docker ps -a
--filter status=exited`` and ``status=created`` would list.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Iterable

from storagekit.docker import sizes
from storagekit.docker.containers import Container
from storagekit.docker.errors import InvalidFilter, InvalidParameter
from storagekit.docker.filters import UNMODELLED, Filters
from storagekit.docker.images import Image
from storagekit.docker.state import EngineState
from storagekit.sim.clock import parse_rfc3339
from storagekit.sim.strconv import parse_duration

CONTAINER_FILTERS = ("ancestor", "before", "exited", "id", "label", "name", "since", "status", "volume")
STATUSES = ("created", "running", "paused", "restarting", "removing", "exited", "dead")
IMAGE_FILTERS = ("before", "dangling", "label", "reference", "since", "until")


def created_seconds(image: Image) -> int:
    """When the image was made, from its config (what ``CREATED`` and the time filters use)."""
    return parse_rfc3339(image.config.get("created", "1970-01-01T00:00:00Z"))


class ListingOps(EngineState):
    def list_containers(self, filters: Iterable[tuple[str, str]] = (), *, all: bool = False,
                        limit: int = 0) -> list[Container]:
        """``GET /containers/json``, newest first. Stopped containers only with ``all``, a ``status`` filter
        (which implies it) or a ``limit`` (``-n``, ``-l``), which also cuts the list."""
        wanted = Filters(filters)
        wanted.validate(CONTAINER_FILTERS, UNMODELLED)
        for status in wanted.get("status"):
            if status not in STATUSES:
                raise InvalidFilter("status", status,
                                    f"invalid value for state ({status}): must be one of {', '.join(STATUSES)}")
        codes = []
        for value in wanted.get("exited"):
            if not value.lstrip("+-").isdigit():
                raise InvalidParameter(f'strconv.Atoi: parsing "{value}": invalid syntax')
            codes.append(int(value))
        show_stopped = all or wanted.contains("status") or limit > 0
        # The list is newest first: "before" skips up to the container it names, "since" stops there.
        skip_to = ([None] + [self.containers.resolve(v) for v in wanted.get("before")])[-1]
        stop_at = ([None] + [self.containers.resolve(v) for v in wanted.get("since")])[-1]
        ancestors = self._ancestors(wanted.get("ancestor"))
        listed = []
        for c in self.containers:
            if skip_to is not None:
                skip_to = None if c is skip_to else skip_to
                continue
            if c is stop_at:
                break
            if codes and (c.running or c.started_at is None or c.exit_code not in codes):
                continue
            if (c.running or show_stopped) and self._shows(c, wanted, ancestors):
                listed.append(c)
        return listed[:limit] if limit > 0 else listed

    def _ancestors(self, references: list[str]) -> set[str] | None:
        """The ids an ``ancestor`` filter accepts: each named image and every image built on it (an unknown
        name accepts nothing); None without the filter."""
        if not references:
            return None
        accepted: set[str] = set()
        todo = [image.id for image in map(self.images.lookup, references) if image is not None]
        while todo:
            image_id = todo.pop()
            if image_id not in accepted:
                accepted.add(image_id)
                todo.extend(child.id for child in self.images.children(image_id))
        return accepted

    @staticmethod
    def _shows(c: Container, wanted: Filters, ancestors: set[str] | None) -> bool:
        """moby's ``includeContainerInList``, the checks after running/stopped and before/since."""
        mounts = [mp for mp in c.mounts if mp.listed]
        checks = {
            "name": lambda: wanted.match("name", "/" + c.name) or wanted.match("name", c.name),
            "id": lambda: wanted.match("id", c.id),
            "label": lambda: wanted.match_kv_list("label", c.config.get("Labels") or {}),
            "status": lambda: wanted.match("status", c.state),
            "volume": lambda: any(v in (mp.destination, mp.name or mp.source) for v in wanted.get("volume")
                                  for mp in mounts),
            "ancestor": lambda: ancestors is not None and c.image.id in ancestors,
        }
        return all(check() for key, check in checks.items() if wanted.contains(key))

    def list_images(self, filters: Iterable[tuple[str, str]] = (), *, all: bool = False,
                    reference: str | None = None) -> list[tuple[Image, list[str]]]:
        """``GET /images/json``: each image newest first, with the tags it is listed under (none for a dangling
        one); intermediate images of the classic builder only with ``all``. ``reference`` is the client's
        ``docker images REPOSITORY[:TAG]`` argument, which it sends as one more ``reference`` filter."""
        wanted = Filters(filters)
        wanted.validate(IMAGE_FILTERS)
        dangling = wanted.get_bool("dangling") if wanted.contains("dangling") else None
        patterns = wanted.get("reference") + ([reference] if reference else [])
        times = {key: self._time_filter(key, wanted.get(key)[-1]) for key in ("before", "since", "until")
                 if wanted.contains(key)}
        listed = []
        for image in sorted(self.images.images.values(), key=lambda i: (-created_seconds(i), i.id)):
            tags = self.images.tags_of(image.id)
            if not all and not tags and self.images.children(image.id):
                continue
            if dangling is not None and dangling != (not tags):
                continue
            if not wanted.match_kv_list("label", (image.config.get("config") or {}).get("Labels") or {}):
                continue
            created = created_seconds(image)
            if ("before" in times and created >= times["before"]) or ("since" in times and created <= times["since"]) \
                    or ("until" in times and created > times["until"]):
                continue
            if patterns:
                tags = [t for t in tags if all_match(t, patterns)]
                if not tags:
                    continue
            listed.append((image, tags))
        return listed

    def _time_filter(self, key: str, value: str) -> int:
        """``before``/``since`` name an image; ``until`` is a Unix time, an RFC 3339 date or a Go duration ago."""
        if key != "until":
            return created_seconds(self.images.resolve(value))
        if value.isdigit():
            return int(value)
        try:
            return self.clock.now - int(parse_duration(value))
        except ValueError:
            pass
        try:
            return int(dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())
        except ValueError:
            raise InvalidParameter(f'failed to parse value as time or duration: "{value}"') from None

    def prune_containers(self) -> tuple[list[str], int]:
        """``docker container prune``: remove every container that is not running; ``(ids, bytes reclaimed)``."""
        removed, reclaimed = [], 0
        for c in list(self.containers):
            if not c.running:
                reclaimed += sizes.container_sizes(self, c)[0]
                self.remove_container(c)
                removed.append(c.id)
        self.events_service.log("prune", "container", "", {"reclaimed": str(reclaimed)})
        return removed, reclaimed


def all_match(tag: str, patterns: list[str]) -> bool:
    """Whether ``repo:tag`` matches every ``reference`` pattern: a pattern with a tag against both, else the
    repository alone (shell-style wildcards)."""
    repo = tag.rsplit(":", 1)[0]
    return all(fnmatch.fnmatchcase(tag if ":" in p.rsplit("/", 1)[-1] else repo, p) for p in patterns)

