import pytest

from storagekit.course import Question

LAYERS = Question.of("Which instructions add a layer?", ["FROM, RUN and COPY", "every instruction", "only RUN"],
                     "FROM, RUN and COPY", "Only instructions that change files make a layer.",
                     {"every instruction": "Which rows of docker history are 0B?"})
SURVIVES = Question.of("What survives docker rm?", ["the volume", "the bind-mounted files", "the writable layer"],
                       {"the volume", "the bind-mounted files"}, "Mounts live outside the container.",
                       {"the writable layer": "docker rm deletes the container's own layer."})


@pytest.mark.parametrize("question, given, correct, text", [
    (LAYERS, "FROM, RUN and COPY", True, "✔ Right. Only instructions that change files make a layer."),
    (LAYERS, "every instruction", False, "✘ Not quite.\nHint: Which rows of docker history are 0B?"),
    (LAYERS, "only RUN", False, "✘ Not quite.\nRead the question again, and try once more."),
    (LAYERS, None, False, "Choose an answer first."),
    (LAYERS, "all", False, "✘ Not one of the choices: 'all'."),
    (SURVIVES, {"the volume", "the bind-mounted files"}, True, "✔ Right. Mounts live outside the container."),
    (SURVIVES, ["the volume"], False,
     "✘ Not yet: 1 right choice is missing.\nRead the question again, and try once more."),
    (SURVIVES, {"the volume", "the writable layer"}, False,
     "✘ Not yet: 1 of your choices is wrong and 1 right choice is missing.\n"
     "Hint: docker rm deletes the container's own layer."),
    (SURVIVES, set(), False, "Choose an answer first."),
])
def test_the_verdict_and_the_hint_aimed_at_the_wrong_answer(question, given, correct, text):
    feedback = question.grade(given)
    assert (bool(feedback), feedback.text) == (correct, text)


def test_the_question_as_text_never_shows_the_answer():
    assert LAYERS.text == ("Which instructions add a layer?\n  ( ) FROM, RUN and COPY\n  ( ) every instruction\n"
                           "  ( ) only RUN")
    assert SURVIVES.text.splitlines()[1:3] == ["(select all that apply)", "  [ ] the volume"]


@pytest.mark.parametrize("choices, answer, hints", [
    (["a", "b"], "c", {}),
    (["a", "b"], "a", {"z": "a hint for no choice"}),
    (["a", "a"], "a", {}),
    (["a"], "a", {}),
    (["a", "b"], set(), {}),
])
def test_a_question_with_a_typo_is_refused_when_the_notebook_is_written(choices, answer, hints):
    with pytest.raises(ValueError):
        Question.of("?", choices, answer, "", hints)
