"""``kubectl -o yaml``'s text: go-yaml v2's emitter rules in small tables, then the real kubectl v1.33's output
for every value of golden/goyaml.json (see record_goyaml_golden.py), then, where that client is installed, the
client itself on the same table and on random values."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storagekit.commands.formats.goyaml import YAMLError, dump
from tests.commands.formats.record_goyaml_golden import (
    GOLDEN,
    STRINGS,
    VALUES,
    documents,
    print_yaml,
    random_value,
    sample,
)
from tools.kubectl.regenerate_commands import kubectl_133


def printed(doc: dict) -> tuple[int, str, str]:
    """What the simulated kubectl prints for a document: exit status, stdout, stderr."""
    try:
        return 0, dump(doc), ""
    except YAMLError as exc:
        return 1, "", f"error: {exc}\n"


@pytest.mark.parametrize("text, shown", [
    ("plain", "plain"), ("-c", "-c"), ("a#b", "a#b"), ("it's", "it's"), ("<<", "<<"), ("1Gi", "1Gi"),
    ("a: b", "'a: b'"), ("- item", "'- item'"), ("a #b", "'a #b'"), ("'q'", "'''q'''"), (" lead", "' lead'"),
    ("10", '"10"'), ("yes", '"yes"'), ("12:30", '"12:30"'), ("2024-01-05", '"2024-01-05"'), ("", '""'),
    ("tab\there", '"tab\\there"'), ("emoji 😀", '"emoji \\U0001F600"'), ("\ufeffab", '"\\uFEFF\\x61\\x62"'),
])
def test_plain_single_or_double_quoted(text, shown):
    """Plain unless YAML's syntax forbids it (then single quotes) or it would read back as another type or
    holds what single quotes cannot (then double quotes)."""
    assert dump({"k": text}) == f"k: {shown}\n"


@pytest.mark.parametrize("text, shown", [
    ("a\nb", "|-\n  a\n  b\n"), ("a\nb\n", "|\n  a\n  b\n"), ("a\n\n", "|+\n  a\n\n"), (" a\nb", "|2-\n   a\n  b\n"),
    ("a \nb", '"a \\nb"\n'), ("a\nb ", '"a\\nb "\n'), ("a\tb\nc", '"a\\tb\\nc"\n'),
])
def test_line_breaks_make_a_literal_block(text, shown):
    assert dump({"k": text}) == "k: " + shown


def test_a_long_string_folds_at_the_first_space_past_column_80_and_continues_deeper():
    words = ["word"] * 20
    assert dump({"key": " ".join(words)}) == f"key: {' '.join(words[:16])}\n  {' '.join(words[16:])}\n"
    assert dump({"key": ": ".join(words)}) == f"key: '{': '.join(words[:13])}:\n  {': '.join(words[13:])}'\n"
    assert dump({"k" * 100: " ".join(words)}) == \
        f"{'k' * 100}: word\n  {' '.join(words[1:17])}\n  {' '.join(words[17:])}\n"


def test_a_key_over_128_bytes_or_with_a_line_break_is_a_complex_key():
    assert dump({"é" * 64: 1}) == f"{'é' * 64}: 1\n"
    assert dump({"é" * 65: 1}) == f"? {'é' * 65}\n: 1\n"
    assert dump({"a\nb": [1]}) == "? |-\n  a\n  b\n: - 1\n"


def test_sequences_under_a_key_stay_at_its_indent():
    assert dump({"command": ["sh", "-c", "echo hi > /data/f"]}) == "command:\n- sh\n- -c\n- echo hi > /data/f\n"
    assert dump({"a": [{"b": [1]}, [2, [3]]], "e": {}, "l": [[]]}) == \
        "a:\n- b:\n  - 1\n- - 2\n  - - 3\ne: {}\nl:\n- []\n"


@pytest.mark.parametrize("value, shown", [
    (1.0, "1"), (-0.0, "0"), (1234567.5, "1.2345675e+06"), (1e-5, "1e-05"), (2**63, "9223372036854776000"),
    (2**64, "1.8446744073709552e+19"), (None, "null"), (True, "true"),
])
def test_numbers_as_go_yaml_reads_back_their_json(value, shown):
    assert dump({"v": value}) == f"v: {shown}\n"


@pytest.mark.parametrize("text, shown", [("a\x85b", "a b"), ("a \x85 b", "a b"), ("a\x85\x85b", "|-\n  a\n  b")])
def test_a_raw_nel_in_the_json_folds_as_a_line_break(text, shown):
    assert dump({"k": text}) == f"k: {shown}\n"


@pytest.mark.parametrize("value, message", [
    ("del\x7f", "yaml: control characters are not allowed"),
    ("a\x85--- b", "yaml: line 2: found unexpected document indicator"),
    ({"k" * 1023: 1}, "yaml: did not find expected ',' or '}'"),
    ({"x": "\x85", "y\x85": 1}, "yaml: line 2: did not find expected ',' or '}'"),
    ({"a": "x\x85--- y", "b": "\x7f"}, "yaml: control characters are not allowed"),
])
def test_what_go_yaml_cannot_read_back_from_the_json(value, message):
    with pytest.raises(YAMLError) as exc:
        dump({"v": value})
    assert str(exc.value) == message


# -------------------------------------------------------------------- the real client's output, as recorded

RECORDED = json.loads(GOLDEN.read_text())["cases"]
PAIRS = [(doc, real) for case in RECORDED for doc, real in zip(documents(case["value"]), case["printed"], strict=True)]


def test_the_recording_covers_the_table():
    assert json.dumps([case["value"] for case in RECORDED]) == json.dumps(STRINGS + VALUES + sample())


@pytest.mark.parametrize("doc, real", PAIRS, ids=[f"{i}-{doc['kind']}" for i, (doc, _) in enumerate(PAIRS)])
def test_prints_what_kubectl_printed(doc, real):
    assert printed(doc) == (real["exit"], "\n".join(real["stdout"]), real["stderr"])


# -------------------------------------------------------------------- the real client itself

CLIENT = kubectl_133()
live = pytest.mark.skipif(CLIENT is None, reason="no kubectl.1.33 beside kubectl (as the Google Cloud SDK installs "
                                                 "it): the recorded golden/goyaml.json is checked instead")


def same_as_client(docs: list[dict]) -> None:
    """The client prints the documents one after another and its errors apart (``error: `` only when alone)."""
    assert CLIENT is not None
    rc, out, err = print_yaml(CLIENT, docs)
    ours = [printed(doc) for doc in docs]
    # a document starts on a new line; go-yaml also ends lines with NEL, LS and PS, which Python's ^ ignores
    shown = re.split(r"(?m)(?:^|(?<=[\u0085\u2028\u2029]))(?=apiVersion: )", out)
    assert shown[0] == ""
    assert shown[1:] == [text for code, text, _ in ours if code == 0]
    assert [line.removeprefix("error: ") for line in err.splitlines()] == \
        [message.removeprefix("error: ").rstrip("\n") for code, _, message in ours if code]
    assert rc == (1 if any(code for code, _, _ in ours) else 0)


@live
def test_the_table_against_the_client():
    same_as_client([doc for value in STRINGS + VALUES for doc in documents(value)])


@live
@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_random_values_against_the_client(rng):
    same_as_client([doc for _ in range(20) for doc in documents(random_value(rng))])
