"""``storagekit release SRC DEST``: the learners' copies of exercise notebooks.

An instructor's notebook holds each exercise's answer cell filled in (``%%exercise ID`` with the reference
commands or prediction) and tagged ``solution``. The released copy keeps every cell but empties those, leaving
the magic's line and a comment, and drops all outputs, so the copy shows no answer. Each cell also carries
nbgrader's metadata (answer cells are solution cells, the others locked), so a course already on nbgrader can
take the notebooks as they are.
"""

from __future__ import annotations

from pathlib import Path

from storagekit.exercises.notebook import MAGIC, parse_header

SOLUTION_TAG = "solution"
PROMPT = {False: "# your commands here, one a line", True: "# your answer here"}


def release_notebook(nb) -> object:
    for index, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        answer = cell.cell_type == "code" and cell.source.startswith(MAGIC)
        if answer and SOLUTION_TAG in tags:
            header = cell.source.partition("\n")[0]
            _id, is_answer = parse_header(header[len(MAGIC):])
            cell.source = f"{header}\n{PROMPT[is_answer]}\n"
            cell.metadata["tags"] = [t for t in tags if t != SOLUTION_TAG]
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
        cell.metadata["nbgrader"] = {"grade": False, "solution": answer, "locked": not answer,
                                     "grade_id": f"cell-{index}", "schema_version": 3}
    return nb


def release(src: Path, dest: Path) -> list[Path]:
    """Release one notebook or every notebook of a folder into ``dest``; returns the files written."""
    import nbformat

    sources = sorted(src.glob("*.ipynb")) if src.is_dir() else [src]
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sources:
        nb = release_notebook(nbformat.read(path, as_version=4))
        out = dest / path.name
        nbformat.write(nb, out)
        written.append(out)
    return written
