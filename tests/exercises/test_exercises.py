"""Every exercise keeps its promises: the reference solution passes the grader, the start state fails it, each
hint aimed at a wrong answer is the one that wrong answer gets, and the seeds make different copies."""

from __future__ import annotations

import pytest

from storagekit import exercises
from storagekit.course import CONCEPTS
from storagekit.exercises import Attempt, replay
from storagekit.exercises.model import KINDS

ALL = list(exercises.EXERCISES.values())
AIMED = [(e, h) for e in ALL for h in e.hints if h.when is not None]
WRONG = [(e, answer, text) for e in ALL if e.question for answer, text in e.question.wrong.items()]


def solve(attempt: Attempt) -> None:
    if attempt.exercise.question:
        attempt.answer(attempt.truth())
    for line in attempt.exercise.solution(attempt.params):
        assert attempt.sh(line).code == 0, line


@pytest.mark.parametrize("exercise", ALL, ids=lambda e: e.id)
def test_the_data_names_real_concepts_a_kind_and_a_target(exercise):
    assert set(exercise.concepts) <= set(CONCEPTS) and exercise.concepts
    assert exercise.kind in KINDS and exercise.target in ("docker", "kubernetes")
    assert (exercise.question is not None) == (exercise.kind == "predict")
    assert exercise.par == len(exercise.solution(exercise.parameters(0)))


@pytest.mark.parametrize("exercise", ALL, ids=lambda e: e.id)
def test_the_start_state_fails_and_scores_nothing(exercise):
    verdict = Attempt(exercise).check()
    assert (verdict.passed, verdict.score) == (False, 0)


@pytest.mark.parametrize("exercise", ALL, ids=lambda e: e.id)
def test_the_reference_solution_passes_when_the_grader_replays_it(exercise):
    attempt = Attempt(exercise, seed=3)
    solve(attempt)
    verdict = replay(exercise, 3, attempt.lines, attempt.answers)
    assert (verdict.passed, verdict.score) == (True, exercise.points), verdict.text


@pytest.mark.parametrize("exercise, hint", AIMED, ids=lambda x: getattr(x, "id", "hint"))
def test_a_wrong_answer_learners_give_gets_the_hint_aimed_at_it(exercise, hint):
    attempt = Attempt(exercise)
    assert hint.reached_by is not None, "an aimed hint says how learners reach its state"
    for line in hint.reached_by(attempt.params):
        attempt.sh(line)
    verdict = attempt.check()
    assert not verdict.passed and verdict.hint == hint.text.format(**attempt.params)


@pytest.mark.parametrize("exercise, answer, text", WRONG, ids=lambda x: x if isinstance(x, str) else "")
def test_a_wrong_prediction_gets_the_hint_aimed_at_it(exercise, answer, text):
    attempt = Attempt(exercise)
    verdict = attempt.answer({answer} if exercise.question.many else answer)
    assert (verdict.passed, verdict.score, verdict.hint) == (False, 0, text)


def test_general_hints_come_one_more_at_each_failed_check():
    attempt = exercises.start("docker-volume-on-run")
    general = [h.text for h in attempt.exercise.hints if h.when is None]
    assert [attempt.check().hint for _ in range(3)] == [general[0], general[1], general[1]]


def test_a_disabled_command_is_refused_in_the_simulators_voice_and_changes_nothing():
    attempt = exercises.start("docker-volume-on-run")
    r = attempt.sh("docker volume create x")
    assert r.code == 1 and "'docker volume create' is disabled in this exercise" in r.err
    assert attempt.sh("docker volume ls -q").out == ""


def test_seeds_make_different_copies_and_one_copys_answer_fails_anothers():
    exercise = exercises.get("docker-volume-on-run")
    mine, theirs = exercise.parameters(0), exercise.parameters(1)
    assert mine != theirs
    assert not replay(exercise, 1, exercise.solution(mine), [])


def test_reset_returns_to_the_start_and_the_solution_asks_first():
    attempt = exercises.start("docker-volume-in-use")
    attempt.sh("docker rm old")
    attempt.reset()
    assert attempt.lines == [] and "old" in attempt.sh("docker ps -a --format '{{.Names}}'").out
    assert "Are you sure?" in attempt.solution() and not attempt.used_solution
    attempt.solution(sure=True)
    assert attempt.used_solution and exercises.check("docker-volume-in-use").passed


def test_check_before_start_says_how_to_start():
    exercises._current.pop("k8s-pending-claim", None)
    with pytest.raises(LookupError, match="start one with"):
        exercises.check("k8s-pending-claim")
    with pytest.raises(KeyError, match="no exercise"):
        exercises.get("nope")
