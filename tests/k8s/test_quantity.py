"""Quantities as apimachinery reads and prints them (its quantity_test tables, in our own words)."""

import pytest

from storagekit.k8s.quantity import SUFFIX_ERROR, SYNTAX_ERROR, QuantityError, normalize, parse

CANONICAL = [
    ("1Gi", "1Gi"), ("1024Mi", "1Gi"), ("0.5Gi", "512Mi"), ("1.5Gi", "1536Mi"), ("1000M", "1G"), ("1G", "1G"),
    ("500m", "500m"), ("0.5", "500m"), ("1500", "1500"), ("1e9", "1e9"), ("1E3", "1e3"), ("10", "10"),
    ("0.5Ki", "512"), ("800E", "800E"), ("1Ei", "1Ei"), ("+2Gi", "2Gi"), ("0", "0"),
]


@pytest.mark.parametrize("text, shown", CANONICAL)
def test_canonical_form(text, shown):
    assert normalize(text) == shown


@pytest.mark.parametrize("small, big", [("1G", "1Gi"), ("999Mi", "1Gi"), ("1Gi", "2G"), ("1e9", "1Gi"),
                                        ("8E", "800E"), ("100m", "1")])
def test_ordering(small, big):
    assert parse(small) < parse(big) and parse(big) > parse(small)


def test_equal_values_in_different_units():
    assert parse("1Gi") == parse("1073741824") and parse("1G") == parse("1e9")


@pytest.mark.parametrize("text, message", [
    ("1GB", SYNTAX_ERROR), ("1gi", SYNTAX_ERROR), ("1Mii", SUFFIX_ERROR), ("1kk", SUFFIX_ERROR), ("", SYNTAX_ERROR),
    ("Gi", SYNTAX_ERROR), ("1 Gi", SYNTAX_ERROR),
    ("1..2", SYNTAX_ERROR), ("ten", SYNTAX_ERROR), ("-", SYNTAX_ERROR),
])
def test_errors(text, message):
    with pytest.raises(QuantityError) as caught:
        parse(text)
    assert str(caught.value) == message
