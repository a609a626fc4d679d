import pytest

from storagekit.course import check


@pytest.mark.parametrize("statements, hint, text, passed", [
    ([("a volume exists", True)], "", "✔ a volume exists\nAll done: the state is as it should be.", True),
    ([("a volume exists", True), ("no container is left", 0)], "Remove it.",
     "✔ a volume exists\n✘ no container is left\nHint: Remove it.", False),
    ([("one", ""), ("two", [1])], "", "✘ one\n✔ two", False),
])
def test_a_check_reports_every_statement_and_the_hint_only_when_one_fails(statements, hint, text, passed):
    checked = check(*statements, hint=hint)
    assert (checked.text, bool(checked), repr(checked)) == (text, passed, text)


@pytest.mark.parametrize("statements, error", [
    ((), ValueError),
    (("a volume exists",), TypeError),
    (((True, "reversed"),), TypeError),
])
def test_a_malformed_check_says_what_is_wrong(statements, error):
    with pytest.raises(error):
        check(*statements)
