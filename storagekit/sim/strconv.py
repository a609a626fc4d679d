"""Go's ``strconv`` texts, which both the docker client and the daemon quote verbatim in their errors.

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


_FLOAT = re.compile(r"[+-]?(inf|infinity|nan|(\d+(_\d+)*\.?(\d+(_\d+)*)?|\.\d+(_\d+)*)(e[+-]?\d+)?)", re.I)


def parse_float(s: str) -> float:
    """``strconv.ParseFloat`` (its decimal forms, with the ``_`` separators Go takes between digits)."""
    if not _FLOAT.fullmatch(s):
        raise syntax_error("ParseFloat", s)
    return float(s.replace("_", ""))
