"""Go's conversions that both the clients and the daemon quote, in the style of Go's own tables."""

from __future__ import annotations

import re

import pytest

from storagekit.sim.strconv import parse_bool, parse_duration


@pytest.mark.parametrize("text, seconds", [
    ("300ms", 0.3), ("-1.5h", -5400.0), ("1h2m3s", 3723.0), ("2us", 2e-6), ("1µs", 1e-6), (".5s", 0.5), ("0", 0.0),
])
def test_go_durations(text, seconds):
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text, message", [
    ("", 'time: invalid duration ""'), ("5", 'time: missing unit in duration "5"'),
    ("5x", 'time: unknown unit "x" in duration "5x"'), ("h", 'time: invalid duration "h"'),
])
def test_go_duration_errors(text, message):
    with pytest.raises(ValueError, match=message):
        parse_duration(text)


@pytest.mark.parametrize("text, value", [("1", True), ("T", True), ("false", False), ("0", False)])
def test_go_bools(text, value):
    assert parse_bool(text) is value


def test_a_bool_go_does_not_spell_is_refused_in_its_words():
    with pytest.raises(ValueError, match=re.escape('strconv.ParseBool: parsing "yes": invalid syntax')):
        parse_bool("yes")
