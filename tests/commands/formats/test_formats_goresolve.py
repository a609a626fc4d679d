"""go-yaml v2's resolve.go and sorter.go, in the style of go-yaml's own resolve and sort tables."""

from __future__ import annotations

import pytest

from storagekit.commands.formats.goresolve import key_order, number_text, stays_plain


@pytest.mark.parametrize("text", [
    "plain", "<<", "yes!", "nan", "nil", "0x", "0o", "1e999", ".", "+", "-", "2023-02-29", "2024-13-01",
    "2024-01-01T10:00:00", "2024-01-01t1:2:3+25:00", "2024-01-01 24:00:00", "12:60", "0x0x1F", "0 7", "1Gi", "v1",
])
def test_strings_that_read_back_as_strings(text):
    assert stays_plain(text)


@pytest.mark.parametrize("text", [
    "", "~", "null", "Null", "y", "Yes", "NO", "on", "Off", "true", "FALSE", ".nan", "-.inf", "+.INF", "1", "-1",
    "+1", "1_000", "0x1F", "-0x1F", "0o17", "0O17", "0755", "0b101", "0b-1", "08", "1.", ".5", "1e3", "-.5e3",
    "1e308", "12:30", "-1:30", "1_:30", "190:20:30.15", "2024-02-29", "0000-02-29", "2024-1-1",
    "2024-01-01T10:00:00Z", "2024-01-01t1:2:3+24:00", "2024-01-01 10:00:00", "2024-01-01 10:00:00,5",
    "9223372036854775808", "18446744073709551615",
])
def test_strings_that_would_read_back_as_something_else(text):
    assert not stays_plain(text)


@pytest.mark.parametrize("value, text", [
    (0, "0"), (-(2**63), "-9223372036854775808"), (2**63, "9223372036854776000"), (10**30, "1e+30"),
    (1.0, "1"), (-0.0, "0"), (0.1, "0.1"), (1e-4, "0.0001"), (1e-5, "1e-05"), (123456.0, "123456"),
    (1234567.5, "1.2345675e+06"), (1e20, "1e+20"), (1e16, "10000000000000000"), (5e-324, "5e-324"),
])
def test_numbers(value, text):
    assert number_text(value) == text


def test_key_order():
    keys = ["a10", "a2", "a1", "B", "b", "_x", "-x", "1", "10", "9", "a01", "a001", "é", "Z", "z", "", "x-1.10",
            "x-1.2"]
    assert key_order(keys) == ["", "-x", "_x", "1", "9", "10", "B", "Z", "a1", "a01", "a001", "a2", "a10", "b",
                               "x-1.2", "x-1.10", "z", "é"]
