"""Output formats the simulated CLIs print with, matching the real tools byte for byte.

* :mod:`.gotemplate` — Go ``text/template`` with docker's functions (``--format``);
* :mod:`.table` — docker's table / json / raw format handling and column alignment;
* :mod:`.tabwriter` — Go's ``text/tabwriter`` (elastic tabstops);
* :mod:`.jsonpath` — kubectl's JSONPath (``-o jsonpath=...``);
* :mod:`.gofmt` — Go's ``%v``, ``%q``, ``Sprintf`` and ``encoding/json`` text;
* :mod:`.goyaml` — kubectl's ``-o yaml`` (go-yaml v2's emitter, reached through JSON), with
  :mod:`.goresolve` — what go-yaml reads a plain scalar as, and its order of map keys.
"""
from .gotemplate import Template, TemplateError, render
from .jsonpath import JSONPath, JSONPathError, kubectl_jsonpath
from .table import align, format_rows, is_table, prepare_format
from .tabwriter import TabWriter, display_width

__all__ = [
    "JSONPath", "JSONPathError", "TabWriter", "Template", "TemplateError", "align", "display_width",
    "format_rows", "is_table", "kubectl_jsonpath", "prepare_format", "render",
]
