"""The client's ``--since`` and ``--until`` (moby ``api/types/time.GetTimestamp``), with Go's own parse errors.

A value is a Go duration before now (``10m``), an RFC 3339 date or date-time
(with or without a zone, to the hour, minute, second or nanosecond), or a Unix
timestamp passed on as it is. The simulated host's zone is UTC.
"""

from __future__ import annotations

import re

from storagekit.sim.goquote import go_quote
from storagekit.sim.strconv import parse_duration

_ELEMENTS = re.compile(r"2006|01|02|15|04|05|\.999999999|Z07:00")
_RANGES = {"01": ("month", 1, 12), "15": ("hour", 0, 23), "04": ("minute", 0, 59), "05": ("second", 0, 59)}


class GoTimeError(ValueError):
    pass


def get_timestamp(value: str, reference: int) -> str:
    """``GetTimestamp``: ``seconds`` for a duration (whole seconds, as the client rounds it), ``seconds.nanos``
    for a date, the value itself for a Unix timestamp; ``reference`` is the client's now, in seconds."""
    if value != "0":
        try:
            return str(int(reference - parse_duration(value)))
        except ValueError:
            pass
    in_location = not re.search(r"[zZ+]", value) and value.count("-") != 3
    if "." in value:
        layout = "2006-01-02T15:04:05.999999999" + ("" if in_location else "Z07:00")
    elif "T" in value:
        colons = value.count(":")
        if not in_location and not re.search(r"[zZ]", value) and colons > 0:
            colons -= 1
        layout = ["2006-01-02T15", "2006-01-02T15:04", "2006-01-02T15:04:05"][min(colons, 2)]
        layout += "" if in_location else "Z07:00"
    else:
        layout = "2006-01-02" if in_location else "2006-01-02Z07:00"
    try:
        seconds, nanos = go_parse(layout, value)
    except GoTimeError:
        if "-" in value:
            raise
        if not re.fullmatch(r"[+-]?\d+(\.\d+)?", value):
            raise GoTimeError(f"failed to parse value as time or duration: {go_quote(value)}") from None
        return value
    return f"{seconds}.{nanos:09d}"


def parse_timestamp(value: str) -> int:
    """The daemon's ``ParseTimestamps``: ``seconds[.nanos]`` as nanoseconds."""
    whole, _, frac = value.partition(".")
    return int(whole) * 1_000_000_000 + (int(frac[:9].ljust(9, "0")) if frac else 0)


def go_parse(layout: str, value: str) -> tuple[int, int]:
    """Go's ``time.Parse`` for the layouts :func:`get_timestamp` uses: ``(unix seconds, nanoseconds)``."""
    fields: dict[str, int] = {}
    rest, offset, nanos, at = value, 0, 0, 0

    def bad(value_elem: str, layout_elem: str) -> GoTimeError:
        return GoTimeError(f"parsing time {go_quote(value)} as {go_quote(layout)}: cannot parse "
                           f"{go_quote(value_elem)} as {go_quote(layout_elem)}")

    for m in _ELEMENTS.finditer(layout):
        literal = layout[at:m.start()]
        if not rest.startswith(literal):
            raise bad(rest, literal)
        rest, at, elem = rest[len(literal):], m.end(), m.group()
        if elem == "2006":
            if len(rest) < 4 or not rest[:4].isdigit():
                raise bad(rest, elem)
            fields[elem], rest = int(rest[:4]), rest[4:]
        elif elem == ".999999999":
            digits = re.match(r"[.,](\d+)", rest)
            if digits:
                nanos, rest = int(digits.group(1)[:9].ljust(9, "0")), rest[digits.end():]
        elif elem == "Z07:00":
            if rest[:1] == "Z":
                rest = rest[1:]
            elif len(rest) >= 6 and rest[0] in "+-" and rest[3] == ":" and (rest[1:3] + rest[4:6]).isdigit():
                sign = -1 if rest[0] == "-" else 1
                offset, rest = sign * (int(rest[1:3]) * 3600 + int(rest[4:6]) * 60), rest[6:]
            else:
                raise bad(rest, elem)
        else:  # two digits; the hour may be one
            fixed = elem != "15"
            if not rest[:1].isdigit() or (fixed and not rest[1:2].isdigit()):
                raise bad(rest, elem)
            width = 2 if rest[1:2].isdigit() else 1
            fields[elem], rest = int(rest[:width]), rest[width:]
            if elem in _RANGES and not _RANGES[elem][1] <= fields[elem] <= _RANGES[elem][2]:
                raise GoTimeError(f"parsing time {go_quote(value)}: {_RANGES[elem][0]} out of range")
    tail = layout[at:]
    if not rest.startswith(tail):
        raise bad(rest, tail)
    rest = rest[len(tail):]
    if rest:
        raise GoTimeError(f"parsing time {go_quote(value)}: extra text: {go_quote(rest)}")
    year, month, day = fields["2006"], fields["01"], fields["02"]
    if not 1 <= day <= _days_in(month, year):
        raise GoTimeError(f"parsing time {go_quote(value)}: day out of range")
    days = _days_from_civil(year, month, day)
    seconds = days * 86400 + fields.get("15", 0) * 3600 + fields.get("04", 0) * 60 + fields.get("05", 0)
    return seconds - offset, nanos


def _days_in(month: int, year: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date, any year Go's four digits allow (0000 too)."""
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
