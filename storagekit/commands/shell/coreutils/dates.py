"""``date`` on the simulated clock: ``+FORMAT`` with GNU's and BusyBox's ``%`` codes, ``-u``, ``-d`` (``@SECONDS``,
ISO dates and times, and GNU's ``yesterday`` or ``2 hours ago``), ``-R`` and ``-I``. Every machine runs in UTC."""

from __future__ import annotations

import calendar
import re
import time

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils.common import DieError, UsageError, getopt, program

ISO = {"date": "%Y-%m-%d", "hours": "%Y-%m-%dT%H%:z", "minutes": "%Y-%m-%dT%H:%M%:z",
       "seconds": "%Y-%m-%dT%H:%M:%S%:z", "ns": "%Y-%m-%dT%H:%M:%S,%N%:z"}
UNITS = {"second": 1, "sec": 1, "minute": 60, "min": 60, "hour": 3600, "day": 86400, "week": 604800}
CODE = re.compile(r"%([-_0^#]?)(:?)([a-zA-Z%+])")


def parse_date(text: str, now: int, gnu: bool) -> int | None:
    """The seconds a ``-d`` string names, or None: ``@N``, ``YYYY-MM-DD[ HH:MM[:SS]]``, and in GNU's words
    ``now``/``today``/``yesterday``/``tomorrow`` and relative amounts (``1 day ago``, ``+2 hours``)."""
    text = text.strip()
    m = re.fullmatch(r"@(-?\d+)", text)
    if m:
        return int(m.group(1))
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d))?)?", text)
    if m:
        y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
        try:
            return calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0)) if 1 <= mo <= 12 and 1 <= d <= 31 else None
        except (ValueError, OverflowError):
            return None
    if not gnu:
        return None
    words = {"now": 0, "today": 0, "yesterday": -86400, "tomorrow": 86400}
    if text.lower() in words:
        return now + words[text.lower()]
    m = re.fullmatch(r"([-+]?\d+)\s*([a-z]+?)s?(\s+ago)?", text.lower())
    if m and m.group(2) in UNITS:
        amount = int(m.group(1)) * UNITS[m.group(2)]
        return now - amount if m.group(3) else now + amount
    return None


def strftime(fmt: str, seconds: int) -> str:
    """``strftime`` in UTC with what glibc's and ``date`` add: ``%s``, ``%N``, ``%:z``, and the ``-``, ``_``, ``0``
    and ``^`` flags."""
    t = time.gmtime(seconds)

    def one(m: re.Match) -> str:
        flag, colon, code = m.groups()
        if code == "s":
            text = str(seconds)
        elif code == "N":
            text = "000000000"
        elif code == "z":
            text = "+00:00" if colon else "+0000"
        elif code == "Z":
            text = "UTC"
        elif code == "%":
            return "%"
        elif code == "+":
            text = time.strftime("%a %b %e %H:%M:%S UTC %Y", t)
        else:
            text = time.strftime("%" + code, t)
            if text == "%" + code:
                return m.group()
        padded = text.strip().isdigit()
        if flag == "-" and padded:
            text = text.lstrip("0 ") or "0"
        elif flag == "_" and padded:
            lead = min(len(text) - len(text.lstrip("0 ")), len(text) - 1)
            text = " " * lead + text[lead:]
        elif flag == "0":
            text = text.replace(" ", "0")
        elif flag == "^":
            text = text.upper()
        return text

    return CODE.sub(one, fmt)


@program()
def date(ctx: ProcessContext, argv: list[str]) -> int:
    gnu = ctx.dialect != "busybox"
    iso = [a[2:] for a in argv[1:] if a.startswith("-I")]  # -I takes its argument only when attached
    opts, operands = getopt([a for a in argv if not a.startswith("-I")], "ud:Rr:", {
        "utc": "u", "universal": "u", "date=": "d", "rfc-email": "R", "iso-8601?": "I", "reference=": "r"}
        if gnu else None)
    flags = dict(opts)
    if iso:
        flags["I"] = iso[-1]
    now = ctx.clock()
    if "d" in flags:
        when = parse_date(flags["d"], now, gnu)
        if when is None:
            raise DieError(f"invalid date '{flags['d']}'")
        now = when
    if "r" in flags:
        try:
            now = ctx.fs.stat(ctx.abspath(flags["r"])).mtime
        except OSError as exc:
            raise DieError(f"{flags['r']}: {exc.strerror}") from None
    fmt = "%a %b %e %H:%M:%S UTC %Y"
    if "R" in flags:
        fmt = "%a, %d %b %Y %H:%M:%S %z"
    if "I" in flags:
        spec = flags["I"] or "date"
        match = [k for k in ISO if k.startswith(spec)]
        if len(match) != 1:
            raise UsageError(f"invalid argument '{spec}' for '--iso-8601'" if gnu else "")
        fmt = ISO[match[0]]
    if operands:
        if len(operands) > 1 and gnu:
            raise UsageError(f"extra operand '{operands[1]}'")
        if not operands[0].startswith("+"):
            if "d" in flags or gnu:
                raise DieError(f"invalid date '{operands[0]}'")
            ctx.remark("date cannot set the simulated clock")
            return 1
        fmt = operands[0][1:]
    ctx.out(strftime(fmt, now) + "\n")
    return 0
