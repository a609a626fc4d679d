"""The daemon's event log, which ``docker events`` (``docker system events``) replays.

moby's ``daemon/events`` keeps the last 256 messages in memory and hands a
client those between its ``since`` and ``until``; each message names a type
(container, image, volume, builder), an action, the actor's id and its
attributes. The daemon logs them where moby's code does, in the same order: a
container's ``create`` after its volumes' ``create``; on start each volume's
``mount`` then ``start``; on exit each volume's ``unmount`` then ``die``.
Networks are not simulated, so the ``network connect`` and ``disconnect``
messages a real daemon logs around a start and an exit are absent.
"""

from __future__ import annotations

import zlib
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass

from storagekit.docker import reference as refs
from storagekit.docker.errors import InvalidReference
from storagekit.docker.filters import Filters

EVENTS_LIMIT = 256
"""moby's ``eventsLimit``: older messages are dropped."""


@dataclass(frozen=True)
class Message:
    type: str
    action: str
    actor_id: str
    attributes: Mapping[str, str]
    time_nano: int
    scope: str = "local"


class EventsService:
    """The bounded log, and the stamps that order it: the simulated second, then a few microseconds apart."""

    def __init__(self, clock) -> None:
        self.clock = clock
        self.messages: deque[Message] = deque(maxlen=EVENTS_LIMIT)

    def log(self, action: str, type_: str, actor_id: str, attributes: Mapping[str, str] | None = None) -> None:
        second = self.clock.now * 1_000_000_000
        last = self.messages[-1].time_nano if self.messages else 0
        jitter = zlib.crc32(f"{type_} {action} {actor_id}".encode()) % 900_000  # looks like a real stamp
        stamp = max(second + 50_000_000 + jitter, last + 1_000 + jitter % 7_919)
        self.messages.append(Message(type_, action, actor_id, dict(attributes or {}), stamp))

    def container(self, c, action: str, **attributes: str) -> None:
        """moby's ``LogContainerEventWithAttributes``: the labels, then ``image`` and ``name`` over them."""
        attrs = {**(c.config.get("Labels") or {}), **attributes}
        if c.config.get("Image"):
            attrs["image"] = c.config["Image"]
        attrs["name"] = c.name
        self.log(action, "container", c.id, attrs)

    def volume(self, name: str, action: str, **attributes: str) -> None:
        self.log(action, "volume", name, attributes)

    def image(self, image_id: str, ref_name: str, action: str, labels: Mapping[str, str] | None = None) -> None:
        """moby's ``LogImageEvent``: the image's labels (if it still exists), and ``name``."""
        attrs = dict(labels or {})
        if ref_name:
            attrs["name"] = ref_name
        self.log(action, "image", image_id, attrs)

    def between(self, since: int, until: int, filters: Filters) -> list[Message]:
        """moby's ``loadBufferedEvents``: nothing when neither bound is given (a client then only waits for new
        ones); ``since`` and ``until`` are nanoseconds, 0 for none."""
        if not since and not until:
            return []
        return [m for m in self.messages
                if m.time_nano >= since and not (until and m.time_nano > until) and include(filters, m)]


def include(f: Filters, m: Message) -> bool:
    """moby's ``events.Filter.Include``."""
    fuzzy_events = {"health_status", "exec_create", "exec_start"}
    event_ok = f.fuzzy_match("event", m.action) if set(f.get("event")) & fuzzy_events \
        else f.exact_match("event", m.action)
    return (event_ok and f.exact_match("type", m.type) and (not f.contains("scope") or f.exact_match("scope", m.scope))
            and all(_fuzzy_name(f, m, kind) for kind in ("daemon", "container", "plugin", "volume", "network", "node",
                                                          "service", "secret", "config"))
            and _image(f, m) and (not f.contains("label") or f.match_kv_list("label", m.attributes)))


def _fuzzy_name(f: Filters, m: Message, kind: str) -> bool:
    return f.fuzzy_match(kind, m.actor_id) or f.fuzzy_match(kind, m.attributes.get("name", ""))


def _image(f: Filters, m: Message) -> bool:
    name = m.attributes.get("name" if m.type == "image" else "image", "")
    return any(f.exact_match("image", v) for v in (m.actor_id, name, _strip_tag(m.actor_id), _strip_tag(name)))


def _strip_tag(image: str) -> str:
    try:
        return refs.parse(image).familiar_name
    except InvalidReference:
        return image


def message_json(m: Message) -> dict:
    """The message as the API sends it (``events.Message``), with the deprecated fields moby still fills for
    containers and images."""
    out: dict = {}
    if m.type in ("container", "image"):
        out.update(status=m.action, id=m.actor_id)
        if m.type == "container" and m.attributes.get("image"):
            out["from"] = m.attributes["image"]
    out.update(Type=m.type, Action=m.action, Actor={"ID": m.actor_id, "Attributes": dict(m.attributes)},
               scope=m.scope, time=m.time_nano // 1_000_000_000, timeNano=m.time_nano)
    return out
