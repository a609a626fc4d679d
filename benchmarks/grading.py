"""Batch grading, run by hand (``make bench``): n learners' submissions of the Docker exercise notebook, each with
every answer filled in for that learner's copy, graded as ``storagekit grade`` grades them.

Target: 100 submissions in under 5 minutes on 2 cores. Each submission starts a kernel, runs the notebook
(which plays every exercise's start state), then the grader replays each answer into a clean engine.

    python benchmarks/grading.py          # 100 submissions
    python benchmarks/grading.py 10       # fewer
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402

from storagekit.exercises import EXERCISES, grading  # noqa: E402
from storagekit.exercises.attempt import Attempt  # noqa: E402
from storagekit.exercises.notebook import MAGIC, parse_header  # noqa: E402
from storagekit.exercises.seeds import seed_for  # noqa: E402


def answered(learner: str) -> object:
    """The released Docker notebook with every answer cell filled in for ``learner``'s copy."""
    nb = nbformat.read(ROOT / "notebooks" / "exercises" / "docker.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.source.startswith(MAGIC):
            header = cell.source.partition("\n")[0]
            exercise_id, is_answer = parse_header(header[len(MAGIC):])
            e = EXERCISES[exercise_id]
            if is_answer:
                truth = Attempt(e, seed_for(learner)).truth()
                body = "\n".join((sorted(truth) or ["none"]) if e.question.many else [str(truth)])
            else:
                body = "\n".join(e.solution(e.parameters(seed_for(learner))))
            cell.source = f"{header}\n{body}"
    return nb


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(n):
            folder = Path(tmp) / "submitted" / f"learner{i:03d}"
            folder.mkdir(parents=True)
            nbformat.write(answered(folder.name), folder / "docker.ipynb")
            paths.append(folder / "docker.ipynb")
        start = time.perf_counter()
        ids, results = grading.grade_all(paths)
        took = time.perf_counter() - start
    full = sum(1 for g in results if g.total == sum(EXERCISES[e].points for e in ids))
    print(f"graded {n} submissions of {len(ids)} exercises in {took:.0f} s ({took / n:.1f} s each), "
          f"{full} with full marks  (target: 100 in under 300 s on 2 cores)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
