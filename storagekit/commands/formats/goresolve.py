"""What go-yaml v2 reads a plain scalar as (resolve.go), and the order it writes map keys in (sorter.go).

go-yaml leaves a string plain only when reading it back plain gives the same
string: ``yes``, ``~``, ``0x1F``, ``1e3``, ``2024-01-05`` and the YAML 1.1 base 60
numbers (``12:30``) would come back as booleans, nulls, numbers or timestamps,
so they are double-quoted. The first character decides what is tried, as
go-yaml's ``resolveTable`` does: ``<<`` starts with none of its hints and so
stays plain, and ``1e999`` (too big for a float64) is a string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cmp_to_key

from storagekit.commands.cli.values import parse_int, parse_uint
from storagekit.sim.strconv import parse_float

from .gofmt import format_float

_WORDS = frozenset(
    "y Y yes Yes YES true True TRUE on On ON n N no No NO false False FALSE off Off OFF ~ null Null NULL "
    ".nan .NaN .NAN .inf .Inf .INF +.inf +.Inf +.INF -.inf -.Inf -.INF".split())
"""go-yaml's ``resolveMap``: booleans, nulls and the special floats (and ``""``, handled apart)."""

_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_BASE60 = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?")
_TIMESTAMP = re.compile(r"([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)"
                        r"(?:([Tt ])([0-9][0-9]?):([0-9][0-9]?):([0-9][0-9]?)(?:[.,][0-9]+)?"
                        r"(Z|[+-]([0-9]{2}):([0-9]{2}))?)?")
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def stays_plain(s: str) -> bool:
    """encode.go's ``canUsePlain``: ``s`` resolves to a string, and is no base 60 float."""
    if not s:
        return False  # the empty plain scalar is null
    if s[0] in "yYnNtTfFoO~":
        return s not in _WORDS
    if s[0] == ".":
        return s not in _WORDS and not _is_float(s)
    if s[0] not in "+-0123456789":
        return True
    if s in _WORDS or _is_timestamp(s):
        return False
    plain = s.replace("_", "")
    if _is_int(plain) or (_FLOAT.fullmatch(plain) and _is_float(plain)):
        return False
    if (plain.startswith("0b") and _is_binary(plain[2:])) or (plain.startswith("-0b") and _is_binary("-" + plain[3:])):
        return False  # go-yaml's own 0b reading, after ParseInt: it lets a sign follow the prefix
    return not _BASE60.fullmatch(s)


def _is_int(text: str) -> bool:
    """``strconv.ParseInt(text, 0, 64)`` or ``ParseUint`` succeeds (Go's base prefixes, int64/uint64 range)."""
    for parse in (parse_int, parse_uint):
        try:
            parse(text)
            return True
        except ValueError:
            pass
    return False


def _is_binary(text: str) -> bool:
    """``strconv.ParseInt(text, 2, 64)`` or ``ParseUint(text, 2, 64)`` succeeds."""
    if not re.fullmatch(r"[-+]?[01]+", text):
        return False
    n = int(text, 2)
    return -(1 << 63) <= n < (1 << 64) and (n < (1 << 63) or text[0] not in "+-")


def _is_float(text: str) -> bool:
    """``strconv.ParseFloat(text, 64)`` succeeds: the syntax, and no overflow to an infinity."""
    try:
        return abs(parse_float(text)) != float("inf")
    except ValueError:
        return False


def _is_timestamp(s: str) -> bool:
    """go-yaml's ``parseTimestamp``: one of its four ``time.Parse`` layouts, with Go's range checks."""
    m = _TIMESTAMP.fullmatch(s)
    if not m:
        return False
    year, month, day, sep, hour, minute, second, zone, zone_h, zone_m = m.groups()
    if sep and (sep == " ") != (zone is None):  # after "T" a zone is due, after " " none may follow
        return False
    if not 1 <= int(month) <= 12 or (sep and (int(hour) > 23 or int(minute) > 59 or int(second) > 59)):
        return False
    if zone_h is not None and (int(zone_h) > 24 or int(zone_m) > 60):
        return False
    y = int(year)
    leap = y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)
    return 1 <= int(day) <= _DAYS[int(month) - 1] + (int(month) == 2 and leap)


def number_text(value: int | float) -> str:
    """A number as kubectl prints it: decoded as int64 or float64, written by ``encoding/json``, read back
    by go-yaml (an integral float comes back an integer) and written with ``FormatFloat(f, 'g', -1, 64)``."""
    if isinstance(value, int) and -(1 << 63) <= value < (1 << 63):
        return str(value)
    f = float(value)
    if f != f or f in (float("inf"), float("-inf")):
        return ".nan" if f != f else (".inf" if f > 0 else "-.inf")
    text = format_float(f, "json")
    if re.fullmatch(r"-?[0-9]+", text) and -(1 << 63) <= int(text) < (1 << 64):
        return str(int(text))
    return format_float(f)


def _int64(n: int) -> int:
    return (n + (1 << 63)) % (1 << 64) - (1 << 63)


def _less(a: str, b: str) -> bool:
    """sorter.go's ``keyList.Less`` for two strings: letters after other characters, runs of digits by value."""
    for i, (ca, cb) in enumerate(zip(a, b, strict=False)):
        if ca == cb:
            continue
        al, bl = ca.isalpha(), cb.isalpha()
        if al and bl:
            return ca < cb
        if al or bl:
            return bl
        an = bn = 0
        if ca == "0" or cb == "0":
            j = i - 1
            while j >= 0 and a[j].isdecimal():
                if a[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(a) and a[ai].isdecimal():
            an, ai = _int64(an * 10 + ord(a[ai]) - 48), ai + 1
        bi = i
        while bi < len(b) and b[bi].isdecimal():
            bn, bi = _int64(bn * 10 + ord(b[bi]) - 48), bi + 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ca < cb
    return len(a) < len(b)


def _compare(a: str, b: str) -> int:
    return -1 if _less(a, b) else (1 if _less(b, a) else 0)


def key_order(keys: Iterable[str]) -> list[str]:
    """Map keys in the order go-yaml writes them (``a2`` before ``a10``, ``Z`` before ``a``, ``-`` before ``a``)."""
    return sorted(keys, key=cmp_to_key(_compare))
