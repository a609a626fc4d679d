"""Output formats the simulated CLIs print with, matching the real tools byte for byte.

* :mod:`.gotemplate` — Go ``text/template`` with docker's functions (``--format``);
* :mod:`.table` — docker's table / json / raw format handling and column alignment;
* :mod:`.tabwriter` — Go's ``text/tabwriter`` (elastic tabstops);
* :mod:`.units` — go-units sizes and durations, kubectl ages, coreutils ``-h`` sizes;
* :mod:`.jsonpath` — kubectl's JSONPath (``-o jsonpath=...``);
* :mod:`.gofmt` — Go's ``%v``, ``%q``, ``Sprintf`` and ``encoding/json`` text.
"""
from .gotemplate import Template, TemplateError, render
from .jsonpath import JSONPath, JSONPathError, kubectl_jsonpath
from .table import align, format_rows, is_table, prepare_format
from .tabwriter import TabWriter, display_width
from .units import (
    bytes_size, from_human_size, gnu_human, human_duration, human_size, human_size_with_precision,
    ram_in_bytes, short_duration, time_ago,
)

__all__ = [
    "JSONPath", "JSONPathError", "TabWriter", "Template", "TemplateError", "align", "bytes_size",
    "display_width", "format_rows", "from_human_size", "gnu_human", "human_duration", "human_size",
    "human_size_with_precision", "is_table", "kubectl_jsonpath", "prepare_format", "ram_in_bytes",
    "render", "short_duration", "time_ago",
]
