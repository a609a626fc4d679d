"""One command at a time per host or cluster, as one terminal runs one command at a time.

A notebook may drive the same host from two threads (a widget's callback and a
cell, or a learner's own ``threading``): their commands must then run one after
the other, each whole, or their outputs and state changes interleave. The lock
lives beside the object, not in its state, so snapshots and copies never carry
it and a restore does not swap it while another thread waits on it.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Callable
from typing import TypeVar

_F = TypeVar("_F", bound=Callable)
_LOCKS: weakref.WeakKeyDictionary[object, threading.RLock] = weakref.WeakKeyDictionary()
_GUARD = threading.Lock()


def lock_of(owner: object) -> threading.RLock:
    """The lock that serialises ``owner``'s commands (re-entrant: a command may call another entry point)."""
    with _GUARD:
        lock = _LOCKS.get(owner)
        if lock is None:
            lock = _LOCKS[owner] = threading.RLock()
        return lock


def serialised(method: _F) -> _F:
    """Run ``method`` holding its object's lock."""

    @functools.wraps(method)
    def run(self, *args, **kwargs):
        with lock_of(self):
            return method(self, *args, **kwargs)

    return run  # type: ignore[return-value]
