"""Self-checks: the verdict a learner gets right after a step that changes the state.

A check is a list of statements about the state, each with whether it holds,
in the manner of a lab's verifier script; the notebook computes the facts
from the host or cluster, and :func:`check` reports them, one line each, with
a hint when something is not yet right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PASS, FAIL = "✔", "✘"


@dataclass(frozen=True)
class Checked:
    """The outcome of a check: truthy when every statement holds."""

    results: tuple[tuple[str, bool], ...]
    hint: str = ""

    @property
    def passed(self) -> bool:
        return all(ok for _, ok in self.results)

    def __bool__(self) -> bool:
        return self.passed

    @property
    def text(self) -> str:
        lines = [f"{PASS if ok else FAIL} {what}" for what, ok in self.results]
        if self.passed:
            lines.append("All done: the state is as it should be.")
        elif self.hint:
            lines.append(f"Hint: {self.hint}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text(self.text)


def check(*statements: tuple[str, object], hint: str = "") -> Checked:
    """Report ``(description, holds)`` statements; a statement holds when its second item is truthy."""
    if not statements:
        raise ValueError("a check needs at least one statement")
    results = []
    for statement in statements:
        if not (isinstance(statement, Sequence) and len(statement) == 2 and isinstance(statement[0], str)):
            raise TypeError(f"a statement is (description, holds), not {statement!r}")
        results.append((statement[0], bool(statement[1])))
    return Checked(tuple(results), hint)
