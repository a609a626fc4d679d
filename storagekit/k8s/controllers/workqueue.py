"""A controller's work queue: the objects to sync, met in LIST order.

A controller that syncs every object on every pass meets them in order, and a
write it makes to an object further on is seen when it gets there. A queue
walked the same way, with what a sync writes added as the walk goes (further
on: met in this walk; already passed: in the next), gives the same result as
long as every object left out would have written and recorded nothing.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterator


class WorkQueue:
    def __init__(self) -> None:
        self.pending: set[tuple[str, str]] = set()
        """``(namespace, name)`` of the objects to sync."""
        self._walking: tuple[tuple[str, str], list[tuple[str, str]]] | None = None

    def add(self, key: tuple[str, str]) -> None:
        self.pending.add(key)
        if self._walking is not None and key > self._walking[0]:
            heapq.heappush(self._walking[1], key)

    def walk(self, always: Collection[tuple[str, str]] = ()) -> Iterator[tuple[str, str]]:
        """The queued keys (and ``always``) in order, each once, taken off the queue as they are met; keys added
        while the walk is at one are met in this walk if they come after it."""
        todo = list(self.pending | set(always))
        heapq.heapify(todo)
        last = None
        try:
            while todo:
                key = heapq.heappop(todo)
                if key == last or (key not in self.pending and key not in always):
                    continue
                last = key
                self._walking = (key, todo)
                self.pending.discard(key)
                yield key
        finally:
            self._walking = None
