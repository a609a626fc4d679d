"""docker's --format handling: table headers, alignment, json, raw and custom templates."""
import pytest

from storagekit.commands.formats.gotemplate import TemplateError
from storagekit.commands.formats.table import align, format_rows, is_table, prepare_format

HEADERS = {
    "Repository": "REPOSITORY", "Tag": "TAG", "ID": "IMAGE ID", "CreatedSince": "CREATED",
    "Size": "SIZE", "Labels": "LABELS",
}
DEFAULT = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
RAW = "repository: {{.Repository}}\ntag: {{.Tag}}\n"
ROWS = [
    {"Repository": "busybox", "Tag": "latest", "ID": "a416a98b71e2", "CreatedSince": "2 weeks ago",
     "Size": "4.26MB", "Labels": {}},
    {"Repository": "postgres", "Tag": "16-alpine", "ID": "5e1c5f7a3b1d", "CreatedSince": "3 days ago",
     "Size": "243MB", "Labels": {"maintainer": "pg"}},
]

DEFAULT_OUT = (
    "REPOSITORY   TAG         IMAGE ID       CREATED       SIZE\n"
    "busybox      latest      a416a98b71e2   2 weeks ago   4.26MB\n"
    "postgres     16-alpine   5e1c5f7a3b1d   3 days ago    243MB\n"
)

CASES = [
    ("empty format is the default table", "", ROWS, DEFAULT_OUT),
    ("plain table is the default table", "table", ROWS, DEFAULT_OUT),
    ("custom table with escaped tab", "table {{.Repository}}\\t{{.Tag}}", ROWS,
     "REPOSITORY   TAG\nbusybox      latest\npostgres     16-alpine\n"),
    ("minimum column width", "table {{.Tag}}\\t{{.Size}}", ROWS[:1], "TAG       SIZE\nlatest    4.26MB\n"),
    ("header functions keep titles", "table {{upper .Repository}}\\t{{json .Labels}}", ROWS,
     'REPOSITORY   LABELS\nBUSYBOX      {}\nPOSTGRES     {"maintainer":"pg"}\n'),
    ("pad applies to the header too", "table {{pad .Tag 1 1}}|", ROWS[:1], " TAG |\n latest |\n"),
    ("no rows still prints the header", "table", [], "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n"),
    ("unknown header field", "table {{.Nope}}", [], "<no value>\n"),
    ("table prefix needs no space", "table{{.Tag}}", ROWS[:1], "TAG\nlatest\n"),
    ("json", "json", ROWS[:1],
     '{"CreatedSince":"2 weeks ago","ID":"a416a98b71e2","Labels":{},"Repository":"busybox",'
     '"Size":"4.26MB","Tag":"latest"}\n'),
    ("raw", "raw", ROWS, "repository: busybox\ntag: latest\n\nrepository: postgres\ntag: 16-alpine\n\n"),
    ("custom template, no header", "{{.Repository}}:{{.Tag}}", ROWS, "busybox:latest\npostgres:16-alpine\n"),
    ("custom template with escaped newline", "{{.Repository}}\\n{{.Tag}}", ROWS[:1], "busybox\nlatest\n"),
    ("custom template keeps tabs unaligned", "{{.Repository}}\\t{{.Tag}}", ROWS,
     "busybox\tlatest\npostgres\t16-alpine\n"),
    ("surrounding spaces trimmed", "  {{.Tag}}  ", ROWS[:1], "latest\n"),
    ("no rows, custom template", "{{.Tag}}", [], ""),
    ("header error keeps partial header", 'table {{.Repository}}\\t{{index .Labels "x"}}', ROWS[:1],
     "REPOSITORY   \nbusybox      \n"),
]


@pytest.mark.parametrize("name, fmt, rows, expected", CASES, ids=[c[0] for c in CASES])
def test_format_rows(name, fmt, rows, expected):
    assert format_rows(fmt, rows, HEADERS, DEFAULT, raw_format=RAW) == expected


@pytest.mark.parametrize("fmt, message", [
    ("table {{.Repository", "template parsing error: template: :1: unclosed action"),
    ("{{.Repository.Name}}",
     'template parsing error: template: :1:13: executing "" at <.Repository.Name>: '
     "can't evaluate field Name in type string"),
    ("{{nosuch .}}", 'template parsing error: template: :1: function "nosuch" not defined'),
])
def test_format_errors(fmt, message):
    with pytest.raises(TemplateError) as err:
        format_rows(fmt, ROWS, HEADERS, DEFAULT)
    assert str(err.value) == message


@pytest.mark.parametrize("fmt, expected", [
    ("table {{.ID}}\\t{{.Name}}", "{{.ID}}\t{{.Name}}"),
    ("json", "{{json .}}"),
    ("  {{.A}}\\n ", "{{.A}}\n"),
    ("{{.A}}", "{{.A}}"),
])
def test_prepare_format(fmt, expected):
    assert prepare_format(fmt) == expected


def test_is_table():
    assert is_table("table") and is_table("table {{.ID}}") and is_table("tablexyz")
    assert not is_table("json") and not is_table("{{.ID}}")


def test_align_uses_docker_settings():
    assert align("VOLUME NAME\tDRIVER\nmydata\tlocal\n") == "VOLUME NAME   DRIVER\nmydata        local\n"


def test_align_counts_wide_characters_as_two_columns():
    assert align("名前\tX\nab\tY\n") == "名前      X\nab        Y\n"
