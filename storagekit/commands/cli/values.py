"""Go's conversions of flag values (strconv, time, encoding/csv, go-units), with Go's error texts.

The docker and kubectl clients report a bad flag value by quoting the Go error
verbatim (``strconv.ParseInt: parsing "abc": invalid syntax``), and show a
flag's default as Go prints it (``30s``, ``[localhost]``), so the simulator
rebuilds those conversions and their wording rather than using Python's.
"""

from __future__ import annotations

from fractions import Fraction

from storagekit.sim.strconv import range_error, syntax_error

_BASES = {"0x": 16, "0o": 8, "0b": 2}
_DIGITS = "0123456789abcdef"


def _parse_unsigned(body: str) -> int | None:
    """Digits with Go's base prefixes (``0x``, ``0o``, ``0b``, leading ``0``) and ``_`` separators."""
    low = body.lower()
    base, digits, prefixed = 10, body, False
    if low[:2] in _BASES:
        base, digits, prefixed = _BASES[low[:2]], body[2:], True
    elif len(body) > 1 and body[0] == "0":
        base, digits, prefixed = 8, body[1:], True
    if "_" in digits:  # Go's underscoreOK: only between digits, or between a base prefix and a digit
        if (not prefixed and digits.startswith("_")) or "__" in digits or digits.endswith("_"):
            return None
        digits = digits.replace("_", "")
    if not digits or not all(c in _DIGITS[:base] for c in digits.lower()):
        return None  # Python's int() would also take spaces, other scripts' digits and a second prefix
    return int(digits, base)


def parse_int(s: str, bits: int = 64, base: int = 0) -> int:
    """``strconv.ParseInt``; base 0 (pflag's choice) reads Go prefixes, base 10 only decimal digits."""
    sign, body = (-1, s[1:]) if s[:1] == "-" else (1, s[1:] if s[:1] == "+" else s)
    if base == 10:
        n = int(body) if body.isascii() and body.isdigit() else None
    else:
        n = _parse_unsigned(body) if body else None
    if n is None:
        raise syntax_error("ParseInt", s)
    n *= sign
    if not -(1 << (bits - 1)) <= n < (1 << (bits - 1)):
        raise range_error("ParseInt", s)
    return n


def parse_uint(s: str, bits: int = 64) -> int:
    n = _parse_unsigned(s) if s and s[0] not in "+-" else None
    if n is None:
        raise syntax_error("ParseUint", s)
    if n >= 1 << bits:
        raise range_error("ParseUint", s)
    return n


def parse_rational(s: str) -> float:
    """docker's ``NanoCPUs`` (``--cpus``): a ``big.Rat`` such as ``1.5`` or ``3/2``."""
    try:
        value = Fraction(s)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"failed to parse {s} as a rational number") from None
    if (value * 10**9).denominator != 1:
        raise ValueError("value is too precise")
    return float(value)




def go_csv(value: str) -> list[str]:
    """The first record of ``value`` read by Go's ``encoding/csv`` (how docker splits ``--mount`` and
    pflag splits string slices), with Go's error texts."""
    if value == "":
        raise ValueError("EOF")
    line = value.split("\n", 1)[0].removesuffix("\r")
    fields: list[str] = []
    i, n = 0, len(line)
    while True:
        if i < n and line[i] == '"':
            i, text = i + 1, []
            while True:
                j = line.find('"', i)
                if j < 0:
                    raise _csv_error(n + 1, 'extraneous or missing " in quoted-field')
                text.append(line[i:j])
                if line[j + 1:j + 2] == '"':
                    text.append('"')
                    i = j + 2
                    continue
                i = j + 1
                if i < n and line[i] != ",":
                    raise _csv_error(j + 1, 'extraneous or missing " in quoted-field')
                break
            fields.append("".join(text))
        else:
            j = line.find(",", i)
            j = n if j < 0 else j
            quote = line.find('"', i, j)
            if quote >= 0:
                raise _csv_error(quote + 1, 'bare " in non-quoted-field')
            fields.append(line[i:j])
            i = j
        if i >= n:
            return fields
        i += 1


def _csv_error(column: int, problem: str) -> ValueError:
    return ValueError(f"parse error on line 1, column {column}: {problem}")


def go_csv_line(fields: list[str]) -> str:
    """One record as Go's ``encoding/csv`` writes it (without the newline): how pflag shows a list's default."""
    def quoted(f: str) -> str:
        if f == "" or not (any(c in f for c in ',"\r\n') or f[0] in " \t" or f == "\\."):
            return f
        return '"' + f.replace('"', '""') + '"'
    return ",".join(quoted(f) for f in fields)


def go_duration(seconds: float) -> str:
    """Go's ``time.Duration.String``: ``0s``, ``500ms``, ``30s``, ``1m0s``, ``48h0m0s``."""
    ns = round(seconds * 1e9)
    sign, ns = ("-", -ns) if ns < 0 else ("", ns)
    if ns == 0:
        return "0s"
    if ns < 1_000_000_000:
        for unit, size in (("ms", 1_000_000), ("µs", 1_000), ("ns", 1)):
            if ns >= size:
                return sign + _fraction(ns, size) + unit
    hours, rest = divmod(ns, 3_600_000_000_000)
    minutes, rest = divmod(rest, 60_000_000_000)
    text = _fraction(rest, 1_000_000_000) + "s"
    if hours or minutes:
        text = f"{minutes}m" + text
    if hours:
        text = f"{hours}h" + text
    return sign + text


def _fraction(n: int, unit: int) -> str:
    whole, frac = divmod(n, unit)
    digits = str(frac).rjust(len(str(unit)) - 1, "0").rstrip("0") if unit > 1 else ""
    return f"{whole}.{digits}" if digits else str(whole)
