"""``--filter`` as the daemon reads it: moby's ``filters.Args`` operations and their refusals."""

from __future__ import annotations

import pytest

from storagekit.docker.errors import InvalidFilter
from storagekit.docker.filters import Filters, go_list


@pytest.mark.parametrize("pairs, key, default, expected", [
    ([], "dangling", False, False),
    ([], "dangling", True, True),
    ([("dangling", "true")], "dangling", False, True),
    ([("dangling", "1")], "dangling", False, True),
    ([("dangling", "0")], "dangling", True, False),
    ([("dangling", "true"), ("dangling", "1")], "dangling", False, True),
])
def test_get_bool(pairs, key, default, expected):
    assert Filters(pairs).get_bool(key, default) is expected


@pytest.mark.parametrize("pairs, message", [
    ([("dangling", "yes")], "invalid filter 'dangling=[yes]'"),
    ([("dangling", "TRUE")], "invalid filter 'dangling=[TRUE]'"),  # filters.Args, unlike strconv, takes four words
    ([("dangling", "true"), ("dangling", "false")], "invalid filter 'dangling=[true false]'"),
])
def test_get_bool_refuses_anything_but_one_answer(pairs, message):
    with pytest.raises(InvalidFilter) as caught:
        Filters(pairs).get_bool("dangling")
    assert caught.value.message == message


@pytest.mark.parametrize("values, source, expected", [
    (["data"], "data", True),
    (["^da"], "data", True),
    (["ta$"], "data", True),
    (["^x", "at"], "data", True),  # several values: any of them
    (["^x"], "data", False),
    (["["], "[", True),  # not a regular expression, but equal
    (["("], "data", False),
])
def test_match_is_equality_or_a_regular_expression(values, source, expected):
    assert Filters(("name", v) for v in values).match("name", source) is expected


@pytest.mark.parametrize("values, labels, expected", [
    ([], {}, True),
    (["team"], {"team": "db"}, True),
    (["team=db"], {"team": "db"}, True),
    (["team=web"], {"team": "db"}, False),
    (["team=db", "tier=1"], {"team": "db", "tier": "1"}, True),  # several values: all of them
    (["team=db", "tier=1"], {"team": "db"}, False),
    (["team"], None, False),
])
def test_match_kv_list_wants_every_label(values, labels, expected):
    assert Filters(("label", v) for v in values).match_kv_list("label", labels) is expected


def test_validate_names_the_first_unknown_key():
    wanted = Filters([("name", "x"), ("color", "red"), ("size", "1")])
    with pytest.raises(InvalidFilter) as caught:
        wanted.validate(("name", "label"))
    assert (caught.value.message, caught.value.status) == ("invalid filter 'color'", 400)


def test_values_are_a_set_in_the_order_given():
    wanted = Filters([("name", "b"), ("name", "a"), ("name", "b")])
    assert wanted.get("name") == ["b", "a"] and wanted.contains("name") and not wanted.contains("label")
    assert go_list(wanted.get("name")) == "[b a]"
