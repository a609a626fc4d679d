"""Grading hand-made submissions: honest full marks, honest partial, every trick, a broken notebook, a loop."""

from __future__ import annotations

import csv

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from storagekit import exercises
from storagekit.exercises import grading
from storagekit.exercises.release import release
from storagekit.exercises.seeds import seed_for

pytestmark = pytest.mark.slow

IDS = ["docker-volume-in-use", "docker-what-survives"]


def vol(learner: str) -> str:
    return exercises.get("docker-volume-in-use").parameters(seed_for(learner))["vol"]


def submit(tmp_path, learner: str, *cells: str) -> object:
    folder = tmp_path / "submitted" / learner
    folder.mkdir(parents=True)
    nb = new_notebook(cells=[new_markdown_cell("# Exercises"), new_code_cell("%load_ext storagekit"),
                             *(new_code_cell(c) for c in cells)])
    nbformat.write(nb, folder / "exercises.ipynb")
    return folder / "exercises.ipynb"


def scores(path, timeout: int = 60) -> dict[str, float]:
    graded = grading.grade(path, IDS, timeout=timeout)
    print(graded.notes, {e: o.reason for e, o in graded.outcomes.items()})  # shown when a test fails
    return {e: o.score for e, o in graded.outcomes.items()}


def test_honest_full_marks(tmp_path):
    path = submit(tmp_path, "alice", f"%%exercise docker-volume-in-use\ndocker rm old\ndocker volume rm {vol('alice')}",
                  "%%exercise docker-what-survives --answer\nthe file in the volume\nthe file in the bind mount")
    assert scores(path) == {"docker-volume-in-use": 2, "docker-what-survives": 2}


def test_honest_partial_marks(tmp_path):
    path = submit(tmp_path, "bob", "%%exercise docker-volume-in-use\ndocker volume prune --all -f",
                  "%%exercise docker-what-survives --answer\nthe file in the volume")
    graded = grading.grade(path, IDS)
    assert {e: o.score for e, o in graded.outcomes.items()} == {"docker-volume-in-use": 0, "docker-what-survives": 0}
    assert "A stopped container still references" in graded.outcomes["docker-volume-in-use"].reason


@pytest.mark.parametrize("trick", [
    # an edited check: the grader never runs the notebook's checks
    "import storagekit\nstoragekit.check = lambda exercise_id: 'Solved'\nstoragekit.check('docker-volume-in-use')",
    # a patched kit in the kernel: the grader replays in its own process
    "from storagekit.exercises import attempt\nattempt.Attempt.check = lambda self: 'Solved'",
    # the reference solution run in the kernel, but not written as the learner's own answer
    "from storagekit import exercises\nexercises.start('docker-volume-in-use').solution(sure=True)",
])
def test_tricks_earn_nothing(tmp_path, trick):
    path = submit(tmp_path, "mallory", trick, "%%exercise docker-volume-in-use\n# nothing")
    nb = nbformat.read(path, as_version=4)  # a pasted verdict in the stored outputs
    nb.cells[-1].outputs = [nbformat.v4.new_output("stream", text="Solved: the state is as it should be.\n")]
    nbformat.write(nb, path)
    assert scores(path)["docker-volume-in-use"] == 0


def test_a_neighbours_answer_fails_in_another_copy(tmp_path):
    assert vol("carol") != vol("dave")
    path = submit(tmp_path, "dave", f"%%exercise docker-volume-in-use\ndocker rm old\ndocker volume rm {vol('carol')}")
    assert scores(path)["docker-volume-in-use"] == 0


def test_a_broken_notebook_scores_zero_with_the_reason(tmp_path):
    folder = tmp_path / "submitted" / "erin"
    folder.mkdir(parents=True)
    (folder / "exercises.ipynb").write_text("{ not json")
    graded = grading.grade(folder / "exercises.ipynb", IDS)
    assert graded.total == 0 and "could not be read" in graded.notes[0]


def test_an_answer_cell_that_raises_scores_zero_and_the_others_count(tmp_path):
    path = submit(tmp_path, "frank", "%%exercise docker-volume-in-use --answer\nthe file",
                  "%%exercise docker-what-survives --answer\nthe file in the volume\nthe file in the bind mount")
    graded = grading.grade(path, IDS)
    assert graded.outcomes["docker-volume-in-use"].score == 0
    assert "raised UsageError" in graded.outcomes["docker-volume-in-use"].reason
    assert graded.outcomes["docker-what-survives"].score == 2


def test_a_loop_stops_at_the_time_limit_and_the_batch_goes_on(tmp_path):
    looping = submit(tmp_path, "gina", "while True:\n    pass",
                     f"%%exercise docker-volume-in-use\ndocker rm old\ndocker volume rm {vol('gina')}")
    honest = submit(tmp_path, "hank", f"%%exercise docker-volume-in-use\ndocker rm old\ndocker volume rm {vol('hank')}")
    ids, results = grading.grade_all([looping, honest], timeout=5)
    by = {g.learner: g for g in results}
    assert "stopped before its answer" in by["gina"].outcomes["docker-volume-in-use"].reason
    assert by["gina"].total == 0 and by["hank"].total == 2
    out = tmp_path / "grades.csv"
    grading.write_gradebook(out, ids, results)
    assert list(csv.reader(out.open())) == [["learner", "docker-volume-in-use", "total", "possible"],
                                             ["gina", "0", "0", "2"], ["hank", "2", "2", "2"]]
    assert "stopped at cell" in grading.feedback(by["gina"])


def test_release_empties_the_answers_and_drops_outputs(tmp_path):
    src = tmp_path / "instructor.ipynb"
    answer = new_code_cell("%%exercise docker-volume-in-use\ndocker rm old", metadata={"tags": ["solution"]})
    answer.outputs = [nbformat.v4.new_output("stream", text="secret output\n")]
    nbformat.write(new_notebook(cells=[new_markdown_cell("task"), answer]), src)
    (out,) = release(src, tmp_path / "release")
    cells = nbformat.read(out, as_version=4).cells
    assert cells[1].source == "%%exercise docker-volume-in-use\n# your commands here, one a line\n"
    assert cells[1].outputs == [] and cells[1].metadata["nbgrader"]["solution"] is True
    assert cells[0].metadata["nbgrader"]["locked"] is True
