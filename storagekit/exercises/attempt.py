"""A learner's attempt at an exercise: its own host or cluster in the start state, the lines typed and the answers
given, the verdict at each check with the next hint, reset, and the reference solution on request.

The grader replays an attempt's lines and answers into a fresh one (:func:`replay`): the verdict always comes
from a clean engine, never from the learner's kernel.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from storagekit.course.checks import FAIL, PASS
from storagekit.exercises.model import Exercise

WAITING = "·"


@dataclass(frozen=True)
class Verdict:
    exercise: str
    passed: bool
    score: float
    """Points earned: all of them when every goal holds (or the prediction is right), else the share of the goals
    to reach that hold, and none when something to keep was broken or a prediction is wrong."""
    lines: tuple[str, ...]
    hint: str = ""

    @property
    def text(self) -> str:
        tail = ["Solved: the state is as it should be."] if self.passed else ([f"Hint: {self.hint}"]
                                                                              if self.hint else [])
        return "\n".join([*self.lines, *tail])

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        return self.text

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text(self.text)


def fresh_target(exercise: Exercise):
    from storagekit import Cluster, DockerHost

    if exercise.target == "docker":
        host = exercise.machine() if exercise.machine else DockerHost()
        host.disabled_commands = frozenset(exercise.disabled)
        return host
    return exercise.machine() if exercise.machine else Cluster.kind()


class Attempt:
    def __init__(self, exercise: Exercise, seed: int = 0) -> None:
        self.exercise, self.seed = exercise, seed
        self.params = exercise.parameters(seed)
        self.target = fresh_target(exercise)
        for path, text in exercise.files(self.params).items():
            self.target.write(path, text)
        for line in exercise.setup(self.params):
            result = self.target.sh(line)
            if result.code:
                raise RuntimeError(f"exercise {exercise.id}: setting up {line!r} failed: {result.err}")
        self._start = self.target.snapshot()
        self.lines: list[str] = []
        """What the learner typed, in order: what the grader replays."""
        self.answers: list[Any] = []
        self.failed_checks = 0
        self.used_solution = False
        question = exercise.question
        self._truth = question.answer(copy.deepcopy(self.target), self.params) if question else None
        """A predict exercise's right answer, computed by playing its scenario on a copy of the start state."""

    @property
    def instructions(self) -> str:
        return self.exercise.instructions.format(**self.params)

    def sh(self, line: str):
        """Run one command line on the exercise's host or cluster, as a learner types it."""
        self.lines.append(line)
        return self.target.sh(line)

    def answer(self, given: Any) -> Verdict:
        """Give the answer to a predict exercise; the verdict comes at once. An empty answer is none."""
        if given not in ("", None, [], set(), frozenset()):
            self.answers.append(sorted(given) if isinstance(given, (set, frozenset)) else given)
        return self.check()

    def truth(self) -> Any:
        """The right answer to a predict exercise."""
        assert self.exercise.question is not None, f"{self.exercise.id} is not a predict exercise"
        return self._truth

    def check(self) -> Verdict:
        verdict = self._predicted() if self.exercise.question is not None else self._goals()
        if not verdict.passed:
            self.failed_checks += 1
        return verdict

    def _predicted(self) -> Verdict:
        question = self.exercise.question
        assert question is not None
        if not self.answers:
            how = "one choice a line" if question.many else "on one line"
            return Verdict(self.exercise.id, False, 0, (f"{WAITING} no answer yet: {question.prompt}",),
                           f"Give your answer in the %%exercise {self.exercise.id} --answer cell, {how}.")
        given, truth = normalise(self.answers[-1], question.many), normalise(self.truth(), question.many)
        if given == truth:
            return Verdict(self.exercise.id, True, self.exercise.points, (f"{PASS} {question.prompt}",))
        aimed = [text for key, text in question.wrong.items()
                 if (key in given if question.many else key == given)]
        return Verdict(self.exercise.id, False, 0, (f"{FAIL} {question.prompt}",),
                       aimed[0] if aimed else self._next_hint())

    def _goals(self) -> Verdict:
        held: dict[str, bool] = {}
        lines = []
        for goal in self.exercise.goals:
            if not all(held.get(g) for g in goal.after):
                held[goal.id] = False
                lines.append(f"{WAITING} {goal.text.format(**self.params)}")
                continue
            held[goal.id] = bool(goal.holds(self.target, self.params))
            lines.append(f"{PASS if held[goal.id] else FAIL} {goal.text.format(**self.params)}")
        passed = all(held.values())
        progress = [g.id for g in self.exercise.goals if not g.keep]
        kept = all(held[g.id] for g in self.exercise.goals if g.keep)
        score = self.exercise.points * sum(held[g] for g in progress) / max(1, len(progress)) if kept else 0
        hint = "" if passed else self._hint()
        return Verdict(self.exercise.id, passed, round(score, 2), tuple(lines), hint)

    def _hint(self) -> str:
        for hint in self.exercise.hints:
            if hint.when is not None and hint.when(self.target, self.params):
                return hint.text.format(**self.params)
        return self._next_hint()

    def _next_hint(self) -> str:
        """The general hints, one more at each failed check."""
        general = [h for h in self.exercise.hints if h.when is None]
        return general[min(self.failed_checks, len(general) - 1)].text.format(**self.params) if general else ""

    def reset(self) -> None:
        """Back to the start state; the lines and answers so far are forgotten."""
        self.target.restore(self._start)
        self.lines.clear()
        self.answers.clear()

    def solution(self, sure: bool = False) -> str:
        """The reference solution; with ``sure``, played from the start state, and the attempt marked as solved
        that way."""
        steps = list(self.exercise.solution(self.params))
        if not sure:
            return "Are you sure? Showing the solution marks this exercise as solved with it: call solution(sure=True)."
        self.used_solution = True
        self.reset()
        for line in steps:
            self.sh(line)
        return "\n".join(steps)


NONE = "none"
"""The answer "no choice at all" to a select-all-that-apply question."""


def normalise(value: Any, many: bool) -> Any:
    if many:
        items = [value] if isinstance(value, str) else list(value or [])
        chosen = frozenset(str(v).strip() for v in items)
        return frozenset() if chosen == {NONE} else chosen
    return str(value).strip()


def replay(exercise: Exercise, seed: int, lines: Sequence[str], answers: Iterable[Any]) -> Verdict:
    """What the grader does: a fresh attempt, the learner's lines and answers played into it, then the check."""
    attempt = Attempt(exercise, seed)
    for line in lines:
        attempt.sh(line)
    for given in answers:
        attempt.answers.append(given)
    return attempt.check()
