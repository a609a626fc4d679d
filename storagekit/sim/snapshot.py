"""Snapshots of a simulated host or cluster: the labs' undo, step-through history, and clean replays.

A snapshot is a deep copy of an object's state, made cheap by sharing what is
never changed in place: file contents (:class:`~storagekit.fs.nodes.Blob`),
event records, and the trees of image layers, which hold most of a host's
files. A tree is *frozen* while snapshots share it. The one way to change a
frozen tree is a write through the host's own disk (under
``/var/lib/docker/overlay2/<id>/diff``, as root may do); the file system then
thaws it, which first gives every snapshot that shares it a copy of it as it
was (:func:`replace_shared`).

Restoring copies the snapshot's state again, so one snapshot can be restored
any number of times. References to the object itself inside its state (a
shell program bound to its host) follow it: restored into the object the
snapshot was taken of, they point at that object.
"""

from __future__ import annotations

import copy
import weakref
from collections.abc import Callable, Sequence
from typing import Protocol

from storagekit.sim.serial import serialised

_LIVE: weakref.WeakSet[Snapshot] = weakref.WeakSet()
"""Snapshots still referenced somewhere: the ones a frozen tree's first change must give a copy to."""


class SharedTree(Protocol):
    """A tree that no operation changes in place (a file system's tree of image layers): snapshots share it."""

    def freeze(self) -> SharedTree:
        """Mark it shared; its nodes then copy as themselves."""

    def private_copy(self, memo: dict) -> SharedTree:
        """The whole tree copied, for an object of its own; ``memo`` learns each node's copy."""


class Snapshot:
    """The state of one host or cluster at one moment: give it to the ``restore`` of the object it came from."""

    __slots__ = ("__weakref__", "origin", "shared", "state")

    def __init__(self, origin: object, state: dict, shared: dict[int, SharedTree]) -> None:
        self.origin = origin
        self.state = state
        self.shared = shared
        """What the state shares with its origin, by the id it has in ``state``: the object to use on restore."""

    def __repr__(self) -> str:
        return f"<snapshot of a {type(self.origin).__name__}>"


class Snapshots:
    """``snapshot()``, ``restore(snap)`` and ``copy.deepcopy`` for a host or a cluster.

    A subclass lists in :meth:`_read_only` the trees that no operation changes
    in place; snapshots share them (see :class:`SharedTree`).
    """

    def _read_only(self) -> Sequence[SharedTree]:
        return []

    @serialised
    def snapshot(self) -> Snapshot:
        """The whole state as it is now, to :meth:`restore` later (undo, step-through history, replays).

        Cheap: image layers and file contents are shared with the live
        object, the rest (files written since, containers, processes, clock,
        id counters, events, shell) is copied.
        """
        shared = {id(x): x.freeze() for x in self._read_only()}
        snap = Snapshot(self, copy.deepcopy(vars(self), {id(self): self, **shared}), shared)
        _LIVE.add(snap)
        return snap

    @serialised
    def restore(self, snap: Snapshot) -> None:
        """Go back to the state ``snap`` holds; this object then behaves exactly as it did when ``snap`` was taken.

        A snapshot restored into another object than the one it was taken
        of gives that object its own copy of everything.
        """
        memo: dict[int, object] = {id(snap.origin): self}
        for key, tree in snap.shared.items():
            memo[key] = tree.freeze() if snap.origin is self else tree.private_copy(memo)
        state = copy.deepcopy(snap.state, memo)
        vars(self).clear()
        vars(self).update(state)

    @serialised
    def __deepcopy__(self, memo: dict) -> Snapshots:
        """A new, independent object in the same state: it shares nothing that can change."""
        new = object.__new__(type(self))
        memo[id(self)] = new
        for tree in self._read_only():
            memo[id(tree)] = tree.private_copy(memo)
        vars(new).update(copy.deepcopy(vars(self), memo))
        return new


def replace_shared(old: SharedTree, make_copy: Callable[[], SharedTree]) -> None:
    """Before ``old`` changes: every snapshot that shares it gets a copy of it as it is now (made once, and only
    if a snapshot needs it)."""
    new: SharedTree | None = None
    for snap in list(_LIVE):
        for key, value in snap.shared.items():
            if value is old:
                new = make_copy() if new is None else new
                snap.shared[key] = new
