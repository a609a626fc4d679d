"""Events: the second output of every operation, for diagrams and checks.

Each engine step appends small frozen records to an :class:`EventLog`. Views
highlight what the last command did from them; tests and exercise checks assert
on them. Nothing in the engine reads them back to decide anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Event:
    kind: str
    """A short CamelCase name, e.g. ``CopiedUp``, ``LayerCreated``, ``CacheHit``."""
    subject: str = ""
    """What the event is about: a path, an image id, a step."""
    detail: dict = field(default_factory=dict, compare=False)

    def __deepcopy__(self, memo: dict) -> Event:
        return self  # a record of the past: copies of a host share it


class EventLog:
    """An append-only list with a cursor, so a view can ask "what happened since?"."""

    __slots__ = ("events",)

    def __init__(self) -> None:
        self.events: list[Event] = []

    def emit(self, kind: str, subject: str = "", **detail) -> None:
        self.events.append(Event(kind, subject, detail))

    def mark(self) -> int:
        return len(self.events)

    def since(self, mark: int) -> list[Event]:
        return self.events[mark:]
