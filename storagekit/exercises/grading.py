"""Batch grading: each submitted notebook runs in a fresh kernel with a time limit, then the learner's own commands
and answers, read from the notebook's cells, are replayed into a clean engine here and checked here.

What the learner's kernel printed or kept counts for nothing, so an edited check cell, a patched kit or a
pasted "Solved" earns nothing. A notebook that crashes or loops scores 0 for the exercises it did not reach,
with the reason, and the batch goes on. :func:`write_gradebook` writes one row a learner and one column an
exercise; :func:`feedback` one report a learner.
"""

from __future__ import annotations

import contextlib
import csv
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from storagekit.exercises import EXERCISES
from storagekit.exercises.attempt import replay
from storagekit.exercises.notebook import Work, work_in
from storagekit.exercises.seeds import LEARNER_VARIABLES, seed_for

CELL_TIMEOUT = 60
"""Seconds a cell of a submission may run before it counts as a loop."""
WORKERS = 2
"""Submissions graded at once: their kernels run side by side."""


@dataclass
class Outcome:
    exercise: str
    score: float
    passed: bool
    reason: str


@dataclass
class Graded:
    learner: str
    path: Path
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    """What happened to the notebook itself: unreadable, a cell that raised, a cell that never ended."""

    @property
    def total(self) -> float:
        return round(sum(o.score for o in self.outcomes.values()), 2)


def learner_of(path: Path) -> str:
    """The learner a submission belongs to: its folder (``submitted/alice/exercises.ipynb``), or a bare file's
    name."""
    return path.parent.name if path.parent.name not in ("", ".", "submitted", "submissions") else path.stem


def run_notebook(nb, learner: str, timeout: int) -> tuple[int | None, dict[int, str], str]:
    """Execute a notebook in a fresh kernel as the learner: ``(cell where it stopped or None, cells that raised
    with their error, why it stopped)``."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    client = NotebookClient(nb, timeout=timeout, allow_errors=True, kernel_name="python3")
    stopped, why = None, ""
    try:
        client.execute(env={**os.environ, LEARNER_VARIABLES[0]: learner})  # the kernel's own environment
    except (CellTimeoutError, DeadKernelError, RuntimeError) as exc:
        unfinished = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
                      and "shell.execute_reply" not in c.metadata.get("execution", {})]
        stopped = unfinished[0] if unfinished else len(nb.cells)
        why = ("it ran longer than its time limit" if isinstance(exc, CellTimeoutError)
               else f"its kernel stopped ({type(exc).__name__})")
    raised = {}
    for i, c in enumerate(nb.cells):
        for o in c.get("outputs", []) if c.cell_type == "code" else []:
            if o.get("output_type") == "error":
                raised[i] = f"{o.get('ename')}: {o.get('evalue')}"
            elif o.get("name") == "stderr" and o.get("text", "").startswith("UsageError: "):
                raised[i] = o["text"].strip()  # IPython prints a magic's usage error instead of raising it
    return stopped, raised, why


def grade(path: Path, exercise_ids: Sequence[str], *, timeout: int = CELL_TIMEOUT,
          learner: str | None = None) -> Graded:
    import nbformat

    learner = learner if learner is not None else learner_of(path)
    graded = Graded(learner, path)
    try:
        nb = nbformat.read(path, as_version=4)
        work = work_in([dict(c) for c in nb.cells])
    except Exception as exc:  # noqa: BLE001 - a submission is anything a learner hands in: say so, grade the next
        graded.notes.append(f"the notebook could not be read: {type(exc).__name__}: {exc}")
        graded.outcomes = {e: Outcome(e, 0, False, "the notebook could not be read") for e in exercise_ids}
        return graded
    stopped, raised, why = run_notebook(nb, learner, timeout)
    if stopped is not None:
        graded.notes.append(f"the notebook stopped at cell {stopped}: {why}")
    graded.notes += [f"cell {i} raised {error}" for i, error in sorted(raised.items())]
    for exercise_id in exercise_ids:
        graded.outcomes[exercise_id] = _outcome(exercise_id, work.get(exercise_id), learner, stopped, raised, why)
    return graded


def _outcome(exercise_id: str, work: Work | None, learner: str, stopped: int | None, raised: dict[int, str],
             why: str) -> Outcome:
    if work is None:
        return Outcome(exercise_id, 0, False, "no answer: no %%exercise cell for it")
    if stopped is not None and max(work.cells) >= stopped:
        return Outcome(exercise_id, 0, False, f"the notebook stopped before its answer: {why}")
    failed = [i for i in work.cells if i in raised]
    if failed:
        return Outcome(exercise_id, 0, False, f"its answer cell {failed[0]} raised {raised[failed[0]]}")
    if not (work.lines or work.answers):
        return Outcome(exercise_id, 0, False, "no answer: its %%exercise cells hold no commands or answer")
    try:
        verdict = replay(EXERCISES[exercise_id], seed_for(learner), work.lines, work.answers)
    except Exception as exc:  # noqa: BLE001 - a replay a learner's lines break scores 0; the batch goes on
        return Outcome(exercise_id, 0, False, f"replaying the answer failed: {type(exc).__name__}: {exc}")
    return Outcome(exercise_id, verdict.score, verdict.passed, verdict.text)


def grade_all(paths: Iterable[Path], *, timeout: int = CELL_TIMEOUT, workers: int = WORKERS,
              progress: Callable[[int, int, Graded], None] | None = None) -> tuple[list[str], list[Graded]]:
    """Grade every submission, ``workers`` at a time (each runs its kernel in a process of its own); the
    exercises are those any of them answers, in the course's order."""
    import nbformat

    paths = list(paths)
    seen: set[str] = set()
    for path in paths:
        with contextlib.suppress(Exception):
            seen |= set(work_in([dict(c) for c in nbformat.read(path, as_version=4).cells]))
    ids = [e for e in EXERCISES if e in seen]
    results: list[Graded] = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for graded in pool.map(lambda p: grade(p, ids, timeout=timeout), paths):
            results.append(graded)
            if progress:
                progress(len(results), len(paths), graded)
    return ids, results


def write_gradebook(out: Path, ids: Sequence[str], results: Sequence[Graded]) -> None:
    """One row a learner, one column an exercise, then the total and the most points one could get: the shape
    a learning platform's gradebook import takes."""
    with open(out, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["learner", *ids, "total", "possible"])
        possible = sum(EXERCISES[e].points for e in ids)
        for g in sorted(results, key=lambda g: g.learner):
            writer.writerow([g.learner, *(_number(g.outcomes[e].score) for e in ids), _number(g.total), possible])


def feedback(g: Graded) -> str:
    """A learner's report: each exercise's points and what the checks said, and anything about the notebook."""
    lines = [f"# Feedback for {g.learner}", "", f"Total: {_number(g.total)} points", ""]
    for exercise_id, o in g.outcomes.items():
        e = EXERCISES[exercise_id]
        lines += [f"## {e.title} ({exercise_id}): {_number(o.score)} of {e.points}", "", "```", o.reason, "```", ""]
    if g.notes:
        lines += ["## About the notebook", "", *(f"- {note}" for note in g.notes), ""]
    return "\n".join(lines)


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
