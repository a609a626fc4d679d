"""awk's values: numbers, strings, the "strnum" of input that looks numeric, and the never-set value that is both
"" and 0; how a string reads as a number and a number prints as a string."""

from __future__ import annotations

import math
import re

NUMERIC = re.compile(r"\s*[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)\s*\Z")
LEADING = re.compile(r"\s*[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)")
CLASSES = {"alpha": "A-Za-z", "digit": "0-9", "alnum": "A-Za-z0-9", "upper": "A-Z", "lower": "a-z",
           "space": " \\t\\n\\r\\f\\v", "blank": " \\t", "punct": "!-/:-@\\[-`{-~", "xdigit": "0-9A-Fa-f",
           "cntrl": "\\x00-\\x1f\\x7f", "print": " -~", "graph": "!-~"}


class AwkError(Exception):
    """A run-time error, in the words the caller prints (``division by zero``)."""


class StrNum(str):
    """Input that looks like a number (a field, ``getline``, ``-v``): it compares as a number."""


class Uninit:
    """A variable never set: "" and 0 at once."""

    def __repr__(self) -> str:
        return "UNINIT"


UNINIT = Uninit()


def to_num(v) -> float:
    if isinstance(v, float):
        return v
    if v is UNINIT:
        return 0.0
    m = LEADING.match(v)
    return float(m.group()) if m else 0.0


def format_number(n: float, fmt: str) -> str:
    if not math.isfinite(n):
        return "nan" if math.isnan(n) else "inf" if n > 0 else "-inf"
    if n == int(n) and abs(n) < 1e16:
        return str(int(n))
    try:
        return fmt % n
    except (TypeError, ValueError):
        return f"{n:.6g}"
