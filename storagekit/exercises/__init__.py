"""Graded exercises: data in the manner of Learn Git Branching's levels, each with its own start state, goal,
hints and reference solution (:mod:`storagekit.exercises.model`).

    >>> from storagekit import exercises
    >>> attempt = exercises.start("docker-volume-in-use")
    >>> attempt.check().passed
    False
"""

from __future__ import annotations

from storagekit.exercises import docker_layers, docker_more, docker_set, inside, kubernetes_more, kubernetes_set
from storagekit.exercises.attempt import Attempt, Verdict, replay
from storagekit.exercises.model import Exercise
from storagekit.exercises.seeds import current_learner, seed_for

EXERCISES: dict[str, Exercise] = {e.id: e for e in (
    *docker_set.EXERCISES, *docker_layers.EXERCISES, *docker_more.EXERCISES, *inside.EXERCISES,
    *kubernetes_set.EXERCISES, *kubernetes_more.EXERCISES)}

_current: dict[str, Attempt] = {}
"""The learner's attempt at each exercise in this kernel, for :func:`check`."""


def get(exercise_id: str) -> Exercise:
    try:
        return EXERCISES[exercise_id]
    except KeyError:
        raise KeyError(f"no exercise {exercise_id!r}; `storagekit exercises list` shows them") from None


def start(exercise_id: str, seed: int | None = None) -> Attempt:
    """A fresh attempt at an exercise, in its start state (the learner's own copy unless ``seed`` says which);
    :func:`check` checks the latest one."""
    seed = seed_for(current_learner()) if seed is None else seed
    attempt = _current[exercise_id] = Attempt(get(exercise_id), seed)
    return attempt


class Task:
    """An exercise's task for this learner's copy, shown as Markdown (what a notebook stores and GitHub shows)."""

    def __init__(self, attempt: Attempt) -> None:
        self.attempt = attempt

    def _repr_markdown_(self) -> str:
        e = self.attempt.exercise
        kind = {"predict": "Predict", "build": "Build", "repair": "Repair"}[e.kind]
        choices = e.question.choices(self.attempt.params) if e.question and e.question.choices else []
        listed = (" The choices: " + ", ".join(f"`{c}`" for c in choices) + (" (one a line, or `none`)." if
                  e.question and e.question.many else ".")) if choices else ""
        how = ("Give your answer in a `%%exercise " + e.id + " --answer` cell." + listed if e.question else
               "Type your commands in a `%%exercise " + e.id + "` cell; each runs on this exercise's own "
               + ("host." if e.target == "docker" else "cluster."))
        points = f"{e.points} point{'s' if e.points != 1 else ''}"
        return (f"### {e.title}\n\n*{kind}, {points}, concepts {', '.join(e.concepts)}*\n\n"
                f"{self.attempt.instructions}\n\n{how}")

    def __repr__(self) -> str:
        return self._repr_markdown_()


def task(exercise_id: str) -> Task:
    """The task of an exercise as this learner's copy states it (starting the attempt)."""
    return Task(attempt(exercise_id))


def attempt(exercise_id: str) -> Attempt:
    """The latest attempt at an exercise, or a fresh one."""
    return _current[exercise_id] if exercise_id in _current else start(exercise_id)


def check(exercise_id: str) -> Verdict:
    """The verdict on the latest attempt at ``exercise_id`` (``sk.check("...")`` in a notebook)."""
    if exercise_id not in _current:
        get(exercise_id)
        raise LookupError(f"no attempt at {exercise_id!r} yet: start one with exercises.start({exercise_id!r})")
    return _current[exercise_id].check()


__all__ = ["EXERCISES", "Attempt", "Exercise", "Task", "Verdict", "attempt", "check", "get", "replay", "start",
           "task"]
