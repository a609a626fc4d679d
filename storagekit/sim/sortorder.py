"""Natural order (``github.com/fvbommel/sortorder``), which docker and kubectl sort names and values by."""

from __future__ import annotations

import functools


def natural_less(a: str, b: str) -> bool:
    """``NaturalLess``: runs of digits compare as numbers (shorter without leading zeros first, then fewer zeros),
    digits come before other characters, and everything else compares bytewise."""
    s1, s2 = a.encode(), b.encode()
    i = j = 0
    while i < len(s1) and j < len(s2):
        d1, d2 = chr(s1[i]).isdigit(), chr(s2[j]).isdigit()
        if d1 != d2:
            return d1
        if not d1:
            if s1[i] != s2[j]:
                return s1[i] < s2[j]
            i, j = i + 1, j + 1
            continue
        while i < len(s1) and s1[i] == ord("0"):
            i += 1
        while j < len(s2) and s2[j] == ord("0"):
            j += 1
        start1, start2 = i, j
        while i < len(s1) and chr(s1[i]).isdigit():
            i += 1
        while j < len(s2) and chr(s2[j]).isdigit():
            j += 1
        if i - start1 != j - start2:
            return i - start1 < j - start2
        if s1[start1:i] != s2[start2:j]:
            return s1[start1:i] < s2[start2:j]
        if start1 != start2:
            return start1 < start2
    return len(s1) < len(s2)


def _compare(a: str, b: str) -> int:
    return -1 if natural_less(a, b) else 1 if natural_less(b, a) else 0


natural_key = functools.cmp_to_key(_compare)
"""``sorted(names, key=natural_key)``."""
