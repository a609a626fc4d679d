import pytest

from storagekit.sim.goquote import go_quote, go_quote_list, go_quote_rune


@pytest.mark.parametrize("text, quoted", [
    ('a"b\\c\n\x01é', '"a\\"b\\\\c\\n\\x01é"'),
    ("tab\there", '"tab\\there"'),
    ("\x7f", '"\\x7f"'),
    ("\u200b", '"\\u200b"'),
    ("\U000e0001", '"\\U000e0001"'),
    ("", '""'),
])
def test_go_quote(text, quoted):
    assert go_quote(text) == quoted


def test_go_quote_truncates_to_a_rune_count():
    assert go_quote("abcdef", limit=3) == '"abc"'


def test_go_quote_rune_and_list():
    assert go_quote_rune("'") == "'\\''"
    assert go_quote_rune('"') == "'\"'"
    assert go_quote_list(["flask", "run", 'say "hi"']) == '["flask" "run" "say \\"hi\\""]'
