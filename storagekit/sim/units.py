"""Human-readable sizes and durations exactly as docker, kubectl and GNU coreutils print them.

* docker's go-units: ``human_size`` (decimal, ``2.15MB``), ``bytes_size``
  (binary, ``1.5MiB``), ``from_human_size`` / ``ram_in_bytes`` (parsing
  ``--memory 512m``), ``human_duration`` (``About an hour``) and ``time_ago``.
* kubectl's AGE column (apimachinery ``duration.HumanDuration``): ``short_duration``
  (``5m30s``, ``3d4h``).
* ``ls -h`` / ``du -h`` (coreutils ``human_readable`` with ceiling rounding):
  ``gnu_human`` (``4.0K``, ``1.5M``, ``12M``); ``dd``'s transfer line: ``dd_size``
  and ``dd_rate``
  (GNU, ``105 MB``, ``26.0 MB/s``) and ``busybox_size`` (``100.0MB``).

Durations are given in seconds (int or float) and evaluated in whole
nanoseconds, like Go's ``time.Duration``.
"""
from __future__ import annotations

from storagekit.sim.strconv import parse_float

__all__ = [
    "busybox_size", "bytes_size", "dd_rate", "dd_size", "from_human_size", "gnu_human", "human_duration", "human_size",
    "human_size_with_precision", "ram_in_bytes", "short_duration", "time_ago",
]

_DECIMAL_ABBRS = ("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")
_BINARY_ABBRS = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB")
_DECIMAL_MAP = {"k": 1000, "m": 1000**2, "g": 1000**3, "t": 1000**4, "p": 1000**5}
_BINARY_MAP = {"k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4, "p": 1024**5}


def _size_and_unit(size: float, base: float, abbrs: tuple[str, ...]) -> tuple[float, str]:
    i = 0
    while size >= base and i < len(abbrs) - 1:
        size /= base
        i += 1
    return size, abbrs[i]


def human_size_with_precision(size: float, precision: int) -> str:
    """go-units ``HumanSizeWithPrecision``: ``%.*g`` digits and a decimal unit."""
    value, unit = _size_and_unit(float(size), 1000.0, _DECIMAL_ABBRS)
    return f"{value:.{precision}g}{unit}"


def human_size(size: float, precision: int = 3) -> str:
    """A size as ``docker images`` / ``docker system df`` print it (3 significant digits).

    go-units' own ``HumanSize`` uses 4 digits; pass ``precision=4`` for that.
    """
    return human_size_with_precision(size, precision)


def bytes_size(size: float) -> str:
    """go-units ``BytesSize``: binary units, 4 significant digits (``44KiB``, ``17.5MiB``)."""
    value, unit = _size_and_unit(float(size), 1024.0, _BINARY_ABBRS)
    return f"{value:.4g}{unit}"


def dd_size(size: float, binary: bool = False) -> str:
    """GNU ``dd``'s transfer figures (``human_readable`` rounding to the nearest, a space before the unit):
    ``105 MB``, ``1.0 kB``, or with ``binary`` ``100 MiB``."""
    value, unit = _size_and_unit(float(size), 1024.0 if binary else 1000.0, _BINARY_ABBRS if binary else _DECIMAL_ABBRS)
    return f"{value:.1f} {unit}" if value < 10 and unit != "B" else f"{value:.0f} {unit}"


def dd_rate(rate: float) -> str:
    """GNU ``dd``'s speed (``human_readable``'s floating-point path): always scaled, one decimal while the number
    fits in four characters (``2.1 GB``, ``26.0 MB``, ``157 MB``)."""
    value, unit = _size_and_unit(float(rate), 1000.0, _DECIMAL_ABBRS)
    if unit == "B":
        value, unit = value / 1000, "kB"
    text = f"{value:.1f}"
    return f"{text if len(text) <= 4 else f'{value:.0f}'} {unit}"


def busybox_size(size: float) -> str:
    """BusyBox's ``make_human_readable_str`` as its ``dd`` prints it: powers of 1024 named ``kB``, ``MB``, one
    decimal and no space (``100.0MB``)."""
    value, unit = _size_and_unit(float(size), 1024.0, _DECIMAL_ABBRS)
    return f"{value:.0f}{unit}" if unit == "B" else f"{value:.1f}{unit}"


def _parse_size(text: str, units: dict[str, int]) -> int:
    sep = max(text.rfind(c) for c in "0123456789. ")
    if sep < 0:
        raise ValueError(f"invalid size: '{text}'")
    number = text[:sep] if text[sep] == " " else text[:sep + 1]
    suffix = text[sep + 1:]
    size = parse_float(number)
    if size < 0:
        raise ValueError(f"invalid size: '{text}'")
    if not suffix:
        return int(size)
    if len(suffix) > 3:
        raise ValueError(f"invalid suffix: '{suffix}'")
    suffix = suffix.lower()
    if suffix[0] == "b":
        if len(suffix) > 1:
            raise ValueError(f"invalid suffix: '{suffix}'")
        return int(size)
    if suffix[0] not in units:
        raise ValueError(f"invalid suffix: '{suffix}'")
    size *= units[suffix[0]]
    if (len(suffix) == 2 and suffix[1] != "b") or (len(suffix) == 3 and suffix[1:] != "ib"):
        raise ValueError(f"invalid suffix: '{suffix}'")
    return int(size)


def from_human_size(text: str) -> int:
    """go-units ``FromHumanSize``: ``"32kb"`` -> 32000; ValueError with go-units' message."""
    return _parse_size(text, _DECIMAL_MAP)


def ram_in_bytes(text: str) -> int:
    """go-units ``RAMInBytes``: ``"512m"`` -> 536870912, as ``docker run --memory`` reads it."""
    return _parse_size(text, _BINARY_MAP)


_SECOND = 10**9
_MINUTE, _HOUR = 60 * _SECOND, 3600 * _SECOND


def _nanoseconds(seconds: float) -> int:
    return seconds * _SECOND if isinstance(seconds, int) else round(seconds * _SECOND)


def _trunc_div(a: int, b: int) -> int:
    """Go's integer division, which truncates toward zero."""
    q = abs(a) // b
    return q if a >= 0 else -q


def human_duration(seconds: float) -> str:
    """go-units ``HumanDuration``: ``Less than a second``, ``About a minute``, ``3 weeks``..."""
    d = _nanoseconds(seconds)
    secs = _trunc_div(d, _SECOND)
    if secs < 1:
        return "Less than a second"
    if secs == 1:
        return "1 second"
    if secs < 60:
        return f"{secs} seconds"
    minutes = d // _MINUTE
    if minutes == 1:
        return "About a minute"
    if minutes < 60:
        return f"{minutes} minutes"
    hours = (d + _HOUR // 2) // _HOUR  # Duration.Round(time.Hour): halves round up
    if hours == 1:
        return "About an hour"
    if hours < 48:
        return f"{hours} hours"
    if hours < 24 * 7 * 2:
        return f"{hours // 24} days"
    if hours < 24 * 30 * 2:
        return f"{hours // 24 // 7} weeks"
    if hours < 24 * 365 * 2:
        return f"{hours // 24 // 30} months"
    return f"{d // _HOUR // 24 // 365} years"


def time_ago(seconds: float) -> str:
    """docker's CREATED column: ``HumanDuration(now - created) + " ago"``."""
    return human_duration(seconds) + " ago"


def short_duration(seconds: float) -> str:
    """kubectl's AGE column (apimachinery ``HumanDuration``): ``45s``, ``5m30s``, ``3d4h``, ``2y``."""
    d = _nanoseconds(seconds)
    secs = _trunc_div(d, _SECOND)
    if secs < -1:
        return "<invalid>"
    if secs < 0:
        return "0s"
    if secs < 60 * 2:
        return f"{secs}s"
    minutes = d // _MINUTE
    if minutes < 10:
        s = secs % 60
        return f"{minutes}m" if s == 0 else f"{minutes}m{s}s"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = d // _HOUR
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = hours // 24 % 365
        return f"{hours // 24 // 365}y" if dy == 0 else f"{hours // 24 // 365}y{dy}d"
    return f"{hours // 24 // 365}y"


def gnu_human(size: int) -> str:
    """coreutils ``-h`` sizes (``ls -lh``, ``du -h``, ``df -h``): powers of 1024, rounded up.

    Below 1024 the plain number; below 10 units one decimal (``4.0K``,
    ``1.5M``); otherwise a whole number (``12M``). Rounding always goes up,
    so 1025 bytes is ``1.1K``, and 1048575 bytes is ``1.0M``.
    """
    size = int(size)
    if size < 1024:
        return str(size)
    suffixes = "KMGTPEZYRQ"
    exponent = 1
    while size >= 1024 ** (exponent + 1) and exponent < len(suffixes):
        exponent += 1
    unit = 1024 ** exponent
    if size < 10 * unit:
        tenths = -(-size * 10 // unit)
        if tenths < 100:
            return f"{tenths // 10}.{tenths % 10}{suffixes[exponent - 1]}"
        return f"10{suffixes[exponent - 1]}"
    whole = -(-size // unit)
    if whole == 1024 and exponent < len(suffixes):
        return f"1.0{suffixes[exponent]}"
    return f"{whole}{suffixes[exponent - 1]}"
