from storagekit.widgets import Quiz


def make(answer="a volume"):
    return Quiz("What keeps data?", choices=["a volume", "the writable layer"], answer=answer,
                why="A volume lives apart from containers.",
                hints={"the writable layer": "docker rm deletes it."})


def test_clicking_check_shows_the_verdict_of_what_is_selected():
    quiz = make()
    quiz.radio.value = "the writable layer"
    quiz.check_button.click()
    assert "docker rm deletes it." in quiz.feedback.value and "#b00020" in quiz.feedback.value
    assert quiz.answer("a volume").correct and "Right." in quiz.feedback.value


def test_select_all_that_apply_uses_checkboxes():
    quiz = make(answer={"a volume"})
    assert [box.description for box in quiz.boxes] == ["a volume", "the writable layer"]
    assert not quiz.answer({"a volume", "the writable layer"}).correct
    assert [box.value for box in quiz.boxes] == [True, True]


def test_its_text_form_is_the_question_without_the_answer():
    quiz = make()
    assert quiz._repr_mimebundle_()["text/plain"] == ("What keeps data?\n  ( ) a volume\n  ( ) the writable layer")


def test_a_page_without_a_kernel_shows_the_question_and_choices_but_not_the_answer():
    quiz = Quiz("What keeps data?", choices=["a volume", "the writable layer"], answer="a volume",
                why="A volume <lives> apart.")
    page = quiz._repr_mimebundle_()["text/html"]
    assert "What keeps data?" in page and "the writable layer" in page
    assert "apart" not in page and "Right" not in page
