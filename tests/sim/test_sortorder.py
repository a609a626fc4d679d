"""Natural order as ``fvbommel/sortorder.NaturalLess`` defines it (its own test table's cases)."""

from __future__ import annotations

import pytest

from storagekit.sim.sortorder import natural_key, natural_less


@pytest.mark.parametrize("a, b", [
    ("a", "b"), ("a1", "a2"), ("a2", "a10"), ("a1", "a01"), ("1", "a"), ("a", "aa"),
    ("pod-9", "pod-10"), ("2026-01-05T09:00:01Z", "2026-01-05T09:00:10Z"), ("x0", "x00"), ("a1x", "a01"), ("", "a"),
])
def test_less(a, b):
    assert natural_less(a, b) and not natural_less(b, a)


def test_equal_strings_are_not_less():
    assert not natural_less("a10", "a10")
    assert sorted(["v10", "v9", "v1", "va"], key=natural_key) == ["v1", "v9", "v10", "va"]
