"""Write the exercise notebooks from the exercises' data: an instructor's copy of each (answers filled in and tagged
``solution``) into ``--instructor DIR``, and the learners' copy released from it into ``notebooks/exercises/``.

    .venv/bin/python -m tools.exercises.write_notebooks --instructor /tmp/instructor
    make refresh-outputs        # then execute them, and review the diff

The answers in the instructor's copy are those of the notebooks' own copy (seed 0); each learner's copy has
its own values, which the grader knows.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from storagekit.exercises import EXERCISES
from storagekit.exercises.release import SOLUTION_TAG, release

ROOT = Path(__file__).resolve().parents[2]
BOOKS = {
    "docker": ("Exercises: Docker storage", "docker"),
    "kubernetes": ("Exercises: Kubernetes storage", "kubernetes"),
}
INTRO = """# {title}

Each exercise has its own simulated {machine}, already in its start state. For each one:

1. read the task (the names in it are your copy's: on JupyterHub they come from your login, so your neighbour's
   differ);
2. type your commands in the `%%exercise` cell under it and run the cell: each line runs on that exercise's
   {machine}, and the check answers at once, with a hint when something is not right yet;
3. **Check** checks again, **Reset** brings the start state back (run your cell again after it), and
   **Show solution** asks once more before it shows one (the exercise then counts as solved with it).

Your instructor grades what your `%%exercise` cells hold, replayed on a fresh copy: what a cell printed does
not count, only the commands and answers in it.
"""


def instructor_notebook(target: str):
    title, _ = BOOKS[target]
    machine = "host" if target == "docker" else "cluster"
    cells = [new_markdown_cell(INTRO.format(title=title, machine=machine)),
             new_code_cell("%load_ext storagekit\nfrom storagekit import exercises\nfrom storagekit.widgets import "
                           "ExerciseCard")]
    chosen = [e for e in EXERCISES.values() if e.target == target]
    for n, e in enumerate(chosen, 1):
        params = e.parameters(0)
        cells.append(new_markdown_cell(f"## {n}. {e.title}"))
        cells.append(new_code_cell(f'exercises.task("{e.id}")'))
        cells.append(new_code_cell(f'ExerciseCard("{e.id}")'))
        if e.question is not None:
            from storagekit.exercises.attempt import Attempt

            truth = Attempt(e, 0).truth()
            answer = "\n".join((sorted(truth) or ["none"]) if e.question.many else [str(truth)])
            source = f"%%exercise {e.id} --answer\n{answer}"
        else:
            source = f"%%exercise {e.id}\n" + "\n".join(e.solution(params))
        cells.append(new_code_cell(source, metadata={"tags": [SOLUTION_TAG]}))
    return new_notebook(cells=cells, metadata={"kernelspec": {"display_name": "Python 3 (ipykernel)",
                                                              "language": "python", "name": "python3"}})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instructor", required=True, help="where the instructor's copies go (keep them private)")
    args = parser.parse_args()
    instructor = Path(args.instructor)
    instructor.mkdir(parents=True, exist_ok=True)
    for target in BOOKS:
        path = instructor / f"{target}.ipynb"
        nbformat.write(instructor_notebook(target), path)
        for out in release(path, ROOT / "notebooks" / "exercises"):
            print(out.relative_to(ROOT))


if __name__ == "__main__":
    main()
