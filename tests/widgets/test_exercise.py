from storagekit import exercises
from storagekit.widgets import ExerciseCard


def test_check_reset_and_a_solution_that_asks_first():
    exercises.start("docker-volume-in-use", seed=0)
    card = ExerciseCard("docker-volume-in-use")
    card.check_button.click()
    assert "the volume" in card.verdict.value and "Hint:" in card.verdict.value
    card.solution_button.click()
    assert "Press again" in card.verdict.value and not card.attempt.used_solution
    card.solution_button.click()
    assert card.attempt.used_solution and "docker rm old" in card.verdict.value
    assert "solved with the solution shown" in card.verdict.value
    card.reset_button.click()
    assert card.attempt.lines == [] and not card.attempt.check().passed
    assert repr(card) == "ExerciseCard('docker-volume-in-use')"


def test_the_task_is_markdown_for_this_copy():
    exercises.start("docker-volume-in-use", seed=0)
    text = exercises.task("docker-volume-in-use")._repr_markdown_()
    vol = exercises.get("docker-volume-in-use").parameters(0)["vol"]
    assert text.startswith("### Remove a volume a container still holds") and vol in text
    assert "%%exercise docker-volume-in-use" in text


def test_a_page_without_a_kernel_shows_the_card_as_html():
    exercises.start("docker-volume-in-use", seed=0)
    page = ExerciseCard("docker-volume-in-use")._repr_mimebundle_()["text/html"]
    assert "Remove a volume a container still holds" in page and "docker rm" not in page
