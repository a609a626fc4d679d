"""Go's ``strconv`` and ``time.ParseDuration``, whose texts both the clients and the daemon quote verbatim in errors.

>>> parse_bool("T"), str(syntax_error("ParseBool", "yes"))
(True, 'strconv.ParseBool: parsing "yes": invalid syntax')
"""

from __future__ import annotations

import re

from storagekit.sim.goquote import go_quote


def syntax_error(fn: str, s: str) -> ValueError:
    return ValueError(f"strconv.{fn}: parsing {go_quote(s)}: invalid syntax")


def range_error(fn: str, s: str) -> ValueError:
    return ValueError(f"strconv.{fn}: parsing {go_quote(s)}: value out of range")


def parse_bool(s: str) -> bool:
    """``strconv.ParseBool``: the spellings Go accepts, and no others."""
    if s in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if s in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise syntax_error("ParseBool", s)


_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
_DURATION_PART = re.compile(r"(\d*)(?:\.(\d*))?([^\d.]*)")


def parse_duration(s: str) -> float:
    """Go ``time.ParseDuration``; returns seconds."""
    invalid = ValueError(f"time: invalid duration {go_quote(s)}")
    body, sign = s, 1.0
    if body[:1] in "+-" and body:
        sign, body = (-1.0 if body[0] == "-" else 1.0), body[1:]
    if body == "0":
        return 0.0
    if not body:
        raise invalid
    total = 0.0
    while body:
        m = _DURATION_PART.match(body)
        assert m is not None, "every part of the pattern is optional: it matches any text"
        whole, frac, unit = m.groups()
        if not whole and not frac:
            raise invalid
        if not unit:
            raise ValueError(f"time: missing unit in duration {go_quote(s)}")
        if unit not in _UNITS:
            raise ValueError(f"time: unknown unit {go_quote(unit)} in duration {go_quote(s)}")
        total += float(f"{whole or 0}.{frac or 0}") * _UNITS[unit]
        body = body[m.end():]
    return sign * total


_FLOAT = re.compile(r"[+-]?(inf|infinity|nan|(\d+(_\d+)*\.?(\d+(_\d+)*)?|\.\d+(_\d+)*)(e[+-]?\d+)?)", re.I)


def parse_float(s: str) -> float:
    """``strconv.ParseFloat`` (its decimal forms, with the ``_`` separators Go takes between digits)."""
    if not _FLOAT.fullmatch(s):
        raise syntax_error("ParseFloat", s)
    return float(s.replace("_", ""))
