"""A learner's answers as a notebook holds them: ``%%exercise ID`` cells of command lines, ``%%exercise ID
--answer`` cells of a prediction. The grader reads them from the cells' source, never from what the learner's
kernel printed or kept, so an edited check, a patched kit or a pasted "Solved" earns nothing.

    %%exercise docker-volume-on-run
    docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret -v shop_data:/var/lib/mysql mysql

    %%exercise docker-what-survives --answer
    the file in the volume
    the file in the bind mount
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import Any

from storagekit.commands.prompt import split_lines

MAGIC = "%%exercise"


@dataclass
class Work:
    """What a notebook holds for one exercise: the lines to replay and the predictions given, with the index of
    each cell they came from."""

    lines: list[str] = field(default_factory=list)
    answers: list[Any] = field(default_factory=list)
    cells: list[int] = field(default_factory=list)


def parse_header(line: str) -> tuple[str, bool]:
    """``(exercise id, whether the cell is a prediction)`` of a ``%%exercise`` line's arguments."""
    words = shlex.split(line)
    if not words or words[0].startswith("-") or any(w != "--answer" for w in words[1:]):
        raise ValueError("usage: %%exercise ID [--answer]")
    return words[0], "--answer" in words[1:]


def body_lines(body: str) -> list[str]:
    """The command lines of a cell, as the magic runs them (comments and blank lines left out)."""
    return [line for line in split_lines(body) if line.strip() and not line.lstrip().startswith("#")]


def prediction(body: str, many: bool) -> Any:
    """The answer a ``--answer`` cell gives: its one line, or each line a choice."""
    lines = [line.strip() for line in body.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return lines if many else (lines[0] if lines else "")


def work_in(cells: list[dict]) -> dict[str, Work]:
    """Each exercise's work in a notebook's cells, in the order the cells come."""
    from storagekit.exercises import EXERCISES

    found: dict[str, Work] = {}
    for index, cell in enumerate(cells):
        source = "".join(cell.get("source") or "")
        if cell.get("cell_type") != "code" or not source.startswith(MAGIC):
            continue
        header, _, body = source.partition("\n")
        try:
            exercise_id, is_answer = parse_header(header[len(MAGIC):])
        except ValueError:
            continue
        if exercise_id not in EXERCISES:
            continue
        work = found.setdefault(exercise_id, Work())
        work.cells.append(index)
        question = EXERCISES[exercise_id].question
        if is_answer and question is not None:
            work.answers.append(prediction(body, question.many))
        elif not is_answer:
            work.lines.extend(body_lines(body))
    return found
