"""docker's ``--format`` handling (docker/cli ``cli/command/formatter``): table, json, raw and custom.

A format string is one of:

* ``table`` or empty: the command's default table;
* ``table TEMPLATE``: a header row, then one row per item, aligned in columns;
* ``json``: one JSON object per line (``{{json .}}``);
* ``raw``: the command's raw format, if it has one;
* any other Go template, run once per item, each result followed by a newline.

The header row is the same template executed over the command's header map
(field name -> column title, e.g. ``{"ID": "IMAGE ID"}``) with the string
functions replaced by stand-ins, exactly as docker does, so ``{{.ID}}``
becomes ``IMAGE ID`` and ``{{json .Labels}}`` becomes ``LABELS``. Columns are
aligned by docker's tabwriter settings: minimum width 10, padding 3.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

from .gofuncs import HEADER_FUNCTIONS
from .gotemplate import Template, TemplateError
from .tabwriter import TabWriter, display_width

__all__ = [
    "JSON_FORMAT", "JSON_FORMAT_KEY", "RAW_FORMAT_KEY", "TABLE_FORMAT_KEY",
    "align", "format_rows", "is_table", "prepare_format",
]

TABLE_FORMAT_KEY = "table"
RAW_FORMAT_KEY = "raw"
JSON_FORMAT_KEY = "json"
JSON_FORMAT = "{{json .}}"


def is_table(fmt: str) -> bool:
    """docker treats any format starting with ``table`` as a table."""
    return fmt.startswith(TABLE_FORMAT_KEY)


def prepare_format(fmt: str) -> str:
    """The template docker actually parses: ``table`` dropped, spaces trimmed, ``\\t``/``\\n`` unescaped."""
    if is_table(fmt):
        fmt = fmt[len(TABLE_FORMAT_KEY):]
    elif fmt == JSON_FORMAT_KEY:
        fmt = JSON_FORMAT
    return fmt.strip(" ").replace("\\t", "\t").replace("\\n", "\n")


def align(text: str) -> str:
    """Align tab-separated text with docker's tabwriter (min width 10, tab width 1, padding 3)."""
    writer = TabWriter(10, 1, 3, " ", 0, width=display_width)
    writer.write(text)
    return writer.flush()


def format_rows(fmt: str, rows: Iterable, headers: Mapping[str, str], default_table: str,
                raw_format: str | None = None) -> str:
    """Render ``rows`` as ``docker <command> --format fmt`` prints them.

    ``headers`` maps template field names to column titles; ``default_table``
    (``"table {{.ID}}\\t{{.Name}}"``) is used for an empty format or plain
    ``table``; ``raw_format`` for ``raw``. Raises :class:`TemplateError`
    with docker's message when the template is invalid or fails on a row.
    """
    if fmt in ("", TABLE_FORMAT_KEY):
        fmt = default_table
    elif fmt == RAW_FORMAT_KEY and raw_format is not None:
        fmt = raw_format
    template = Template(prepare_format(fmt))
    body = "".join(template.execute(row) + "\n" for row in rows)
    if not is_table(fmt):
        return body
    try:
        header = template.execute(headers, HEADER_FUNCTIONS)
    except TemplateError as err:  # docker ignores header errors and keeps what was written
        header = err.partial
    return align(header + "\n" + body)
