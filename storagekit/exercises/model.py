"""An exercise is data: a start state made with commands, a goal checked on the final state, hints aimed at the
wrong answers learners give, a reference solution, a par, and the commands it takes away.

Goals read the state's structure (names, mounts, phases, files), never generated ids, so any way of reaching
the goal passes. A *predict* exercise asks a question whose answer the engine computes from the start state,
by playing the scenario on a copy: nothing in a notebook gives the answer away. Values such as names and
sizes come from a seed, so the learner's copy and the grader's may differ.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Params = Mapping[str, Any]
Target = Any
"""A :class:`~storagekit.DockerHost` or a :class:`~storagekit.Cluster`."""

KINDS = ("predict", "build", "repair")


@dataclass(frozen=True)
class Goal:
    """One thing the final state must show; ``after`` names goals that must hold first (a sub-task order)."""

    id: str
    text: str
    holds: Callable[[Target, Params], bool]
    after: tuple[str, ...] = ()
    keep: bool = False
    """Something the start state already has and the learner must not break: it earns nothing by itself, and
    breaking it loses the exercise's points."""


@dataclass(frozen=True)
class Hint:
    """A hint for a state learners really reach on the way (``when``), or, without ``when``, the next step."""

    text: str
    when: Callable[[Target, Params], bool] | None = None
    reached_by: Callable[[Params], Sequence[str]] | None = None
    """Lines a learner really types that reach the state the hint is aimed at (the tests replay them)."""


@dataclass(frozen=True)
class Question:
    """A predict exercise's question: ``answer(start)`` computes the right answer from a copy of the start
    state; ``choices``, when given, are what the learner picks from (a set of them when ``many``)."""

    prompt: str
    answer: Callable[[Target, Params], Any]
    choices: Callable[[Params], Sequence[str]] | None = None
    many: bool = False
    wrong: Mapping[str, str] = field(default_factory=dict)
    """Hints aimed at answers learners give: the answer's text (or a choice) and what to look at again."""


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    concepts: tuple[str, ...]
    points: int
    kind: str
    target: str
    """``docker`` (a fresh host) or ``kubernetes`` (a kind cluster)."""
    instructions: str
    """Markdown; ``{name}`` fields come from the parameters."""
    setup: Callable[[Params], Sequence[str]]
    """The command lines that make the start state."""
    solution: Callable[[Params], Sequence[str]]
    par: int
    """The fewest commands that solve it."""
    goals: tuple[Goal, ...] = ()
    question: Question | None = None
    hints: tuple[Hint, ...] = ()
    disabled: tuple[tuple[str, ...], ...] = ()
    """Docker commands taken away, by their path (``("volume", "create")``)."""
    params: Callable[[random.Random], dict[str, Any]] = lambda rng: {}
    files: Callable[[Params], Mapping[str, str]] = lambda p: {}
    """Files written on the host before the setup runs (a Dockerfile, an application, a manifest)."""
    machine: Callable[[], Target] | None = None
    """The host or cluster to start from, when not a fresh ``DockerHost()`` or ``Cluster.kind()`` (two nodes
    and a CSI driver, say)."""

    def parameters(self, seed: int) -> dict[str, Any]:
        """The values of this copy: seed 0 is the one the notebooks show."""
        return self.params(random.Random(f"{self.id}:{seed}"))
