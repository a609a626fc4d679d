"""Whatever a user types as --format, the only failure is a TemplateError (never a crash)."""
import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from storagekit.commands.formats.gotemplate import Template, TemplateError
from storagekit.commands.formats.table import format_rows

TOKENS = [
    "{{", "}}", "{{- ", " -}}", "{{/*", "*/}}", ".", ".Name", ".Labels", ".Labels.k", ".Sizes",
    ".Nested.A", "$", "$x", "$k", "$v", ":=", "=", ",", "|", "(", ")", " ", "\n", "\t",
    "if", "else", "end", "range", "with", "break", "continue", "nil", "true", "false",
    "json", "index", "len", "printf", "print", "println", "eq", "ne", "lt", "and", "or", "not",
    "split", "join", "title", "lower", "upper", "pad", "truncate", "slice", "html",
    '"', '"a"', "`raw`", "'c'", "'", "1", "-1", "0x1f", "1.5", "1e3", "089", "%d", "%s", "%q",
    "é", "本", "\\", "#", "{", "}", "table ", "\\t",
]

DATA = {
    "Name": "web", "Labels": {"k": "v", "z": "1"}, "Sizes": [1, 2, 3], "Empty": [],
    "Nested": {"A": {"B": 1.5}}, "Flag": True, "Nil": None,
}

templates = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(TOKENS), max_size=25).map("".join),
)


@settings(max_examples=600, deadline=None)
@given(templates)
def test_any_template_fails_only_with_template_error(text):
    try:
        Template(text).execute(DATA)
    except TemplateError as err:
        assert str(err).startswith("template parsing error: template: ")


@settings(max_examples=200, deadline=None)
@given(templates)
def test_any_format_string_fails_only_with_template_error(text):
    with contextlib.suppress(TemplateError):
        format_rows(text, [DATA, {"Name": "db"}], {"Name": "NAME"}, "table {{.Name}}")
