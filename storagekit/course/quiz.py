"""Questions for a learner to check their understanding, with feedback aimed at the answer they gave.

A question is data: the prompt, the choices, the right choice (or the set of
right choices for "select all that apply"), why it is right, and hints for the
wrong answers learners really give. :meth:`Question.grade` decides; the quiz
widget (:class:`storagekit.widgets.Quiz`) only shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from storagekit.course.checks import FAIL, PASS


@dataclass(frozen=True)
class Feedback:
    correct: bool
    text: str

    def __bool__(self) -> bool:
        return self.correct

    def __repr__(self) -> str:
        return self.text

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text(self.text)


@dataclass(frozen=True)
class Question:
    prompt: str
    choices: tuple[str, ...]
    answer: frozenset[str]
    why: str
    hints: Mapping[str, str] = field(default_factory=dict)
    multiple: bool = False
    """Select all that apply: the answer is a set of choices, given as a set."""

    @classmethod
    def of(cls, prompt: str, choices: Iterable[str], answer: str | Iterable[str], why: str,
           hints: Mapping[str, str] | None = None) -> Question:
        """Build a question, refusing one whose answer or hints name no choice (a typo in a notebook)."""
        choices = tuple(choices)
        multiple = not isinstance(answer, str)
        right = frozenset([answer] if isinstance(answer, str) else answer)
        hints = dict(hints or {})
        if len(set(choices)) != len(choices) or len(choices) < 2:
            raise ValueError("a question needs at least two different choices")
        unknown = sorted((right | set(hints)) - set(choices))
        if unknown or not right:
            raise ValueError(f"not among the choices: {unknown or 'an empty answer'}")
        return cls(prompt, choices, right, why, hints, multiple)

    def grade(self, given: str | Iterable[str] | None) -> Feedback:
        """The verdict on an answer: right or wrong, why, and a hint aimed at a wrong choice."""
        if given is None or given == "" or (not isinstance(given, str) and not list(given)):
            return Feedback(False, "Choose an answer first.")
        chosen = frozenset([given] if isinstance(given, str) else given)
        unknown = sorted(chosen - set(self.choices))
        if unknown:
            return Feedback(False, f"{FAIL} Not one of the choices: {', '.join(map(repr, unknown))}.")
        if chosen == self.answer:
            return Feedback(True, f"{PASS} Right. {self.why}")
        aimed = [self.hints[c] for c in self.choices if c in chosen and c in self.hints]
        if self.multiple:
            missing, extra = len(self.answer - chosen), len(chosen - self.answer)
            counts = []
            if extra:
                counts.append(f"{extra} of your choices {'is' if extra == 1 else 'are'} wrong")
            if missing:
                counts.append(f"{missing} right choice{'' if missing == 1 else 's'} {'is' if missing == 1 else 'are'} "
                              "missing")
            lines = [f"{FAIL} Not yet: {' and '.join(counts)}."]
        else:
            lines = [f"{FAIL} Not quite."]
        lines += [f"Hint: {hint}" for hint in aimed] or ["Read the question again, and try once more."]
        return Feedback(False, "\n".join(lines))

    @property
    def text(self) -> str:
        """The question as plain text, without its answer."""
        mark = "[ ]" if self.multiple else "( )"
        lines = [self.prompt, *(f"  {mark} {choice}" for choice in self.choices)]
        if self.multiple:
            lines.insert(1, "(select all that apply)")
        return "\n".join(lines)
