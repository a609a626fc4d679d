"""Go's conversions, in the style of the strconv and time packages' own tables."""

from __future__ import annotations

import pytest

from storagekit.commands.cli import values
from storagekit.sim.strconv import parse_duration


@pytest.mark.parametrize("text, n", [
    ("0b101", 5), ("0o17", 15), ("1_000", 1000), ("0x_1F", 31), ("0_7", 7), ("+7", 7), ("_1", None), ("1__0", None),
    ("1_", None), ("0x_", None), ("0x", None), ("08", None), ("0x0x1F", None), ("00o17", None), ("0 7", None),
    ("\u0663", None), ("0\u0663", None), ("9223372036854775808", None),
])
def test_go_integers(text, n):
    if n is None:
        with pytest.raises(ValueError):
            values.parse_int(text)
    else:
        assert values.parse_int(text) == n


@pytest.mark.parametrize("text, n", [("10", 10), ("-3", -3), ("+7", 7)])
def test_base_ten_integers(text, n):
    assert values.parse_int(text, 32, base=10) == n


@pytest.mark.parametrize("text, message", [
    ("0x1", 'strconv.ParseInt: parsing "0x1": invalid syntax'),
    ("2147483648", 'strconv.ParseInt: parsing "2147483648": value out of range'),
])
def test_base_ten_integer_errors(text, message):
    with pytest.raises(ValueError, match=message):
        values.parse_int(text, 32, base=10)


@pytest.mark.parametrize("seconds, text", [
    (0, "0s"), (0.5, "500ms"), (0.0015, "1.5ms"), (2e-6, "2µs"), (1e-9, "1ns"), (5, "5s"), (5.25, "5.25s"),
    (30, "30s"), (60, "1m0s"), (90, "1m30s"), (3723, "1h2m3s"), (172800, "48h0m0s"), (-90, "-1m30s"),
])
def test_duration_strings(seconds, text):
    """time.Duration.String, as pflag shows a duration flag's default (``--timeout=30s``)."""
    assert values.go_duration(seconds) == text
    assert parse_duration(text) == pytest.approx(seconds)


@pytest.mark.parametrize("fields, line", [
    ([], ""), (["localhost"], "localhost"), (["a", "b"], "a,b"), (["a,b", "c"], '"a,b",c'),
    (['say "hi"'], '"say ""hi"""'), ([" lead"], '" lead"'), ([""], ""),
])
def test_csv_lines(fields, line):
    """encoding/csv's writer, as pflag shows a list's default (``--address=[localhost]``)."""
    assert values.go_csv_line(fields) == line
    if fields and fields != [""]:
        assert values.go_csv(line) == fields
