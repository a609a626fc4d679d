"""Resource quantities (``10Gi``, ``500M``, ``1e9``) as apimachinery parses, compares and prints them.

A quantity is an exact number with a format: binary suffixes (``Ki`` .. ``Ei``,
powers of 1024), decimal ones (``n u m k M G T P E``, powers of 1000) or an
exponent (``1e9``). Values compare exactly, so ``1G < 1Gi`` and ``800E`` is
fine; the API server stores the canonical form, which keeps the format and
uses the largest suffix that leaves a whole number (``1024Mi`` -> ``1Gi``,
``0.5Gi`` -> ``512Mi``).

>>> parse("1Gi") > parse("1G"), str(parse("1024Mi")), str(parse("0.5Gi")), str(parse("1.5"))
(True, '1Gi', '512Mi', '1500m')
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from fractions import Fraction

PATTERN = r"^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$"
SYNTAX_ERROR = f"quantities must match the regular expression '{PATTERN}'"
SUFFIX_ERROR = "unable to parse quantity's suffix"
BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
DECIMAL = {"n": -3, "u": -2, "m": -1, "": 0, "k": 1, "M": 2, "G": 3, "T": 4, "P": 5, "E": 6}


class QuantityError(ValueError):
    pass


@dataclass(frozen=True, order=False)
class Quantity:
    value: Fraction
    format: str
    """``BinarySI``, ``DecimalSI`` or ``DecimalExponent``, as apimachinery names them."""

    def __lt__(self, other: Quantity) -> bool:
        return self.value < other.value

    def __le__(self, other: Quantity) -> bool:
        return self.value <= other.value

    def __gt__(self, other: Quantity) -> bool:
        return self.value > other.value

    def __ge__(self, other: Quantity) -> bool:
        return self.value >= other.value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Quantity) and self.value == other.value

    def __hash__(self) -> int:
        return hash(self.value)

    def __str__(self) -> str:
        return canonical(self)


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> Quantity:
    """Read a quantity; ``QuantityError`` in apimachinery's words. (Quantities are immutable, and a cluster has
    few distinct ones: each is read once.)"""
    m = re.fullmatch(PATTERN, text or "")
    if not m or m.group(1) in ("+", "-", ".") or m.group(1).count(".") > 1:
        raise QuantityError(SYNTAX_ERROR)
    number, suffix = m.groups()
    try:
        value = Fraction(number)
    except ValueError:
        raise QuantityError(SYNTAX_ERROR) from None
    if suffix in BINARY:
        return Quantity(value * 1024 ** BINARY[suffix], "BinarySI")
    if suffix in DECIMAL:
        return Quantity(value * Fraction(1000) ** DECIMAL[suffix], "DecimalSI")
    exp = re.fullmatch(r"[eE]([-+]?[0-9]+)", suffix)
    if exp:
        return Quantity(value * Fraction(10) ** int(exp.group(1)), "DecimalExponent")
    raise QuantityError(SUFFIX_ERROR)


def canonical(q: Quantity) -> str:
    """The form the API server stores: the largest suffix of the quantity's kind that leaves a whole number."""
    return _canonical(q.value, q.format)  # equal quantities of two formats print differently: both are the key


@functools.lru_cache(maxsize=4096)
def _canonical(value: Fraction, format: str) -> str:
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value == 0:
        return "0"
    if format == "BinarySI" and value.denominator == 1 and value >= 1024:
        for suffix, power in sorted(BINARY.items(), key=lambda kv: -kv[1]):
            scaled = value / 1024 ** power
            if scaled.denominator == 1:
                return f"{sign}{scaled.numerator}{suffix}"
    if format == "DecimalExponent":
        for power in range(18, -10, -3):
            scaled = value / Fraction(10) ** power
            if scaled.denominator == 1:
                return f"{sign}{scaled.numerator}" + (f"e{power}" if power else "")
    for suffix, power in sorted(DECIMAL.items(), key=lambda kv: -kv[1]):
        scaled = value / Fraction(1000) ** power
        if scaled.denominator == 1:
            return f"{sign}{scaled.numerator}{suffix}"
    rounded = -(-value * 10 ** 9 // 1)  # below a nano: rounded up, as apimachinery does
    return f"{sign}{rounded}n"


def normalize(text: str) -> str:
    """Parse and print in canonical form (what ``kubectl get -o yaml`` shows after a create)."""
    return canonical(parse(text))
