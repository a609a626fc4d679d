"""A lab's recorded states: undo for learners, back and forward for an instructor walking a class through.

Every action a lab performs ends with :meth:`History.record`, which keeps a
snapshot of the host or cluster (``target.snapshot()``) with a label and
whatever the lab needs to draw that state again. The states form one line:

* ``undo()`` returns to the state before the last action and forgets that action;
* ``back()`` and ``forward()`` walk the line without forgetting anything, so a
  prepared sequence can be replayed step by step in front of a class;
* a new action taken from an earlier state forgets the states after it, as an
  editor's undo does.

A lab may replace its target (DriverLab starts a new host when the machine
changes), so each state remembers the target it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LIMIT = 60
"""States kept per lab; the oldest go first. A course-sized snapshot is small, but learners run in 1-2 GB."""


@dataclass
class State:
    label: str
    """What led here, in the learner's words: the command line, or the lab's action ("apply pv-small")."""
    target: Any
    """The host or cluster this state belongs to."""
    snapshot: Any
    view: dict = field(default_factory=dict)
    """What the lab needs to draw this state again (its transcript, the event mark before the action...)."""


class History:
    def __init__(self, target, label: str = "start", view: dict | None = None, *, limit: int = LIMIT) -> None:
        self.limit = limit
        self.states: list[State] = []
        self.position = -1
        self.record(label, target, view)

    @property
    def current(self) -> State:
        return self.states[self.position]

    def record(self, label: str, target, view: dict | None = None) -> State:
        """Keep the target's present state as the newest one; states after the current one are forgotten."""
        del self.states[self.position + 1:]
        state = State(label, target, target.snapshot(), dict(view or {}))
        self.states.append(state)
        if len(self.states) > self.limit:
            del self.states[: len(self.states) - self.limit]
        self.position = len(self.states) - 1
        return state

    @property
    def can_undo(self) -> bool:
        return self.position > 0

    @property
    def can_forward(self) -> bool:
        return self.position < len(self.states) - 1

    def undo(self) -> State | None:
        """Back to the state before the current one, forgetting the current one and any after it."""
        if not self.can_undo:
            return None
        del self.states[self.position:]
        return self.go(len(self.states) - 1)

    def back(self) -> State | None:
        return self.go(self.position - 1) if self.can_undo else None

    def forward(self) -> State | None:
        return self.go(self.position + 1) if self.can_forward else None

    def go(self, index: int) -> State:
        """Restore the state at ``index`` (its target returns to what it was then)."""
        state = self.states[index]
        state.target.restore(state.snapshot)
        self.position = index
        return state

    def __len__(self) -> int:
        return len(self.states)
