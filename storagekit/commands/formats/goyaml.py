"""YAML as ``kubectl get -o yaml`` writes it: sigs.k8s.io/yaml over go-yaml, keys sorted, two-space indents.

Strings stay plain unless YAML would read them as something else (``yes``,
``1Gi`` stays plain, ``"10"``, ``""``, timestamps) or they contain characters
that need quoting; then go-yaml double-quotes them. As libyaml's emitter
decides it, ``-`` ``?`` ``:`` at the start only matter before a space or the
end (``- -c`` stays plain), the other indicators always.
"""

from __future__ import annotations

import json
import re

_NEEDS_QUOTES = re.compile(
    r"^$|^[,\[\]{}#&*!|>'\"%@`]|^[-?:]( |$)|^(---|\.\.\.)|^<<$|[:#]$|: | #|^\s|\s$|[\n\t]"
    r"|^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$"
    r"|^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^0x[0-9a-fA-F]+$|^0o?[0-7]+$"
    r"|^[-+]?\.(inf|Inf|INF|nan|NaN|NAN)$|^\d{4}-\d\d?-\d\d?([Tt ]|$)")


_GO_INT = re.compile(r"^[-+]?(0b[01]+|0o?[0-7]+|0x[0-9a-fA-F]+|[0-9]+)$")
"""What go-yaml reads as an integer once it has dropped the underscores (Go's ``ParseInt`` with base 0)."""


def scalar(value) -> str:
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    text = str(value)
    return json.dumps(text) if _NEEDS_QUOTES.search(text) or _GO_INT.match(text.replace("_", "")) else text


def dump(value, indent: int = 0) -> str:
    """A document (no leading ``---``)."""
    return "".join(_lines(value, indent))


def _lines(value, indent: int):
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            yield pad + "{}\n"
            return
        for key in sorted(value):
            item = value[key]
            if isinstance(item, dict) and item:
                yield f"{pad}{scalar(key)}:\n"
                yield from _lines(item, indent + 2)
            elif isinstance(item, list) and item:
                yield f"{pad}{scalar(key)}:\n"
                yield from _lines(item, indent)
            else:
                yield f"{pad}{scalar(key)}: {_inline(item)}\n"
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)) and item:
                body = "".join(_lines(item, indent + 2))
                yield f"{pad}- {body[indent + 2:]}"
            else:
                yield f"{pad}- {_inline(item)}\n"
    else:
        yield pad + scalar(value) + "\n"


def _inline(value) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return scalar(value)
