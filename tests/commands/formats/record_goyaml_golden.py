"""Re-record how the real kubectl writes tricky values with ``-o yaml``:
``python tests/commands/formats/record_goyaml_golden.py [KUBECTL]``.

Each value goes where kubectl meets values: a ConfigMap's data, and a custom
object's annotations, labels, fields, keys, list items and deeper levels (see
``documents``). The client (by default ``kubectl.1.33`` beside the ``kubectl``
on PATH) prints each document with ``kubectl patch --local -f FILE
--type=merge -p {} -o yaml``: it reads the file, patches nothing, and prints
with ``get -o yaml``'s printer (sigs.k8s.io/yaml), with no API server. The
values are the table below and a seeded sample of ``random_value``;
``golden/goyaml.json`` keeps each value with what the client printed for each
of its documents: stdout (as lines), stderr, exit status.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
GOLDEN = HERE / "golden" / "goyaml.json"
sys.path.insert(0, str(HERE.parents[2]))

from tools.kubectl.regenerate_commands import Kubectl, find_kubectl  # noqa: E402

LONG = "The volume is mounted read-write by a single node; pods on other nodes wait until it detaches from it."

STRINGS = [
    # indicators: at the start, before a space, after a space, alone
    "plain", "a: b", "a:b", "a:", ":a", ": a", "key: value # note", "#comment", "a #b", "a#b", "- item", "-item",
    "-", "--", "---", "--- x", "...", "....", "? q", "?q", "?", "[a]", "a[b]", "{a}", "a{b}", "a,b", ",a", "&anchor",
    "*alias", "!tag", "|pipe", ">fold", "'quoted'", '"quoted"', "it's", "%pct", "@at", "`tick", 'a"b', "back\\slash",
    "=", "<<", "~", "a~", "http://example.com:8080/path?q=1#frag", "/data/file.txt", "echo hi > /data/f",
    # what go-yaml would read as something else
    "", "1", "-1", "+1", "1.5", "-.5e3", "1e3", "1E3", "1e999", "1e308", ".5", ".", "0.", "1.", "+", "0x1F", "0x",
    "0o17", "0O17", "0755", "08", "0b101", "0b-1", "1_000", "1_", "0 7", "true", "True", "TRUE", "tRUE", "false",
    "yes", "Yes", "yes!", "no", "NO", "y", "n", "on", "Off", "null", "Null", "nil", "nan", "NaN", ".nan", ".inf",
    "-.inf", "+.inf", ".Inf", "12:30", "1:2:3", "12:60", "-1:30", "1_:30", "190:20:30.15", "2024-01-01",
    "2024-1-1", "2024-02-29", "2023-02-29", "2024-13-01", "2024-01-01T10:00:00Z", "2024-01-01t1:2:3+24:00",
    "2024-01-01t1:2:3+25:00", "2024-01-01 10:00:00", "2024-01-01 10:00:00,5", "2024-01-01 24:00:00",
    "2024-01-01T10:00:00", "2024-01-01T10:00:00.123456789123Z", "0000-02-29", "1Gi", "500m", "0.5Gi", "v1", "10%",
    # white space
    " lead", "trail ", " both ", "two  spaces", "tab\there", "\ttab", "tab\t", "a\tb c", " ", "  ",
    # line breaks
    "line1\nline2", "line1\nline2\n", "a\n\n", "a\n\n\n", "\n", "\n\n", "\nlead", " lead\nx", "a\n b", "trail \nx",
    "x\ntrail ", "a \nb", "a\r\nb", "a\rb", "tab\n\tx", "#!/bin/sh\necho hi > /data/f\n", "a\n\n\nb", "a\u2028b",
    "a\u2029", "key: v\n- x\n", "'q'\n", "- a\n- b\n", "\u2028", "a\n\u2028b", " \n", "\t\n",
    # beyond ASCII, and what is not printable
    "héllo", "日本語", "emoji 😀", "\ufeffbom", "bom\ufeff", "nbsp\u00a0x", "\u00a0", "\u0001ctl", "\x1besc", "nul\0",
    "del\x7f", "c1\x80", "\ufffe", "\ud7ff\ue000\ufffd", "a\u0085b", "\u0085", "x\u0085", "a \u0085 b",
    "a\u0085\u0085b", "a\u0085 \u0085 b", "a\u0085--- b", "a\u0085---", "a\u0085...\u0085", "a \u0085---",
    # long: folded past column 80, at a space
    LONG, LONG + " " + LONG, LONG.replace(" ", "  "), LONG.replace(" ", "   "), LONG.replace("; ", ": "),
    LONG.replace("; ", "\t"), "x" * 200, "x" * 90 + " " + "y" * 90, "word " * 30, " " + LONG, LONG + " ",
    LONG.replace(" ", "\u00a0"), LONG.replace("e", "é"), LONG.replace("e", "😀"), "1 " * 60, LONG + "\n" + LONG,
    LONG.replace(" ", " \u2028", 3), "'" * 100 + " " + "'" * 10, '"' * 100 + " x", "\ufeff" + LONG,
    # keys near go-yaml's 128-byte limit for a simple key
    "k" * 128, "k" * 129, "é" * 64, "é" * 65, LONG + LONG,
]

VALUES = [
    0, 1, -1, 2**53, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**64, 10**30, 0.0, -0.0, 1.0, 1.5, -2.5, 0.1,
    1e-7, 1e-5, 1e-4, 123456.0, 1234567.5, 1e16, 1e20, 1e21, 1.7976931348623157e308, 5e-324, True, False, None,
    {}, [], [[]], [{}], {"a": {}}, {"a": []}, [[1, [2, []]], {"b": [{"c": {}}]}], [[[["deep"]]]],
    {"a10": 1, "a2": 2, "a1": 3, "B": 4, "b": 5, "_x": 6, "-x": 7, "1": 8, "10": 9, "9": 10, "a01": 11, "a001": 12,
     "é": 13, "Z": 14, "z": 15, "": 16, "0": 17, "00": 18, "a0": 19, "a00": 20, "x-1.2": 21, "x-1.10": 22},
    {"ports": [{"containerPort": 80, "name": "http"}], "command": ["sh", "-c", "echo hi > /data/f"]},
]

ALPHABET = "ab :#-?'\"\n\t\\01.,[]{}&*!|>%@`~_é本\u00a0\u0085\u2028\ufeff😀\x01"
WORDS = ["true", "no", "null", "1e3", "0x1F", "2024-01-01", "12:30", "---", "- ", ": ", " #", "<<", "~", "1Gi", "  "]


def random_text(rng: random.Random) -> str:
    """Mostly words and spaces (long enough to fold), with YAML's special words and characters mixed in."""
    parts = []
    for _ in range(rng.choice([0, 1, 2, 4, 8, 20, 40])):
        pick = rng.random()
        if pick < 0.2:
            parts.append(rng.choice(WORDS))
        elif pick < 0.5:
            parts.append(rng.choice(ALPHABET))
        else:
            parts.append("".join(rng.choice("abcdefghij") for _ in range(rng.randint(1, 9))) + " ")
    return "".join(parts)


def random_value(rng: random.Random, depth: int = 0):
    """A JSON value: strings most often, numbers near the int64/float64 edges, nesting up to three levels."""
    pick = rng.random()
    if pick < 0.5 or depth >= 3:
        return random_text(rng)
    if pick < 0.6:
        return rng.choice([0, -1, 2**63 - 1, 2**63, 0.5, -0.0, 1e-7, 1e21, 1234567.5, rng.uniform(-1e6, 1e6),
                           10 ** rng.uniform(-10, 25)])
    if pick < 0.65:
        return rng.choice([True, False, None])
    if pick < 0.8:
        return [random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {random_text(rng): random_value(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def documents(value) -> list[dict]:
    """The documents a value is printed in: a string also in a ConfigMap and as labels, annotations and keys."""
    case: dict = {"apiVersion": "example.com/v1", "kind": "Case", "metadata": {"name": "case"},
                  "spec": {"value": value, "list": [value], "deep": {"level": [{"item": [value]}]}}}
    if not isinstance(value, str):
        return [case]
    case["metadata"].update(annotations={"example.com/note": value}, labels={"app": value})
    case["spec"]["keys"] = {value: "v", "k": {value: [value]}}
    return [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "case"}, "data": {"key": value}}, case]


def sample(seed: int = 1, count: int = 60) -> list:
    rng = random.Random(seed)
    return [random_value(rng) for _ in range(count)]


def print_yaml(binary: str, docs: list[dict]) -> tuple[int, str, str]:
    """What the client prints for these documents, given as one List (printed one after the other)."""
    with tempfile.TemporaryDirectory() as home:
        path = Path(home, "docs.json")
        path.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": docs}))
        return Kubectl(binary, home)("patch", "--local", "-f", str(path), "--type=merge", "-p", "{}", "-o", "yaml")


def main() -> None:
    binary = find_kubectl(sys.argv)
    cases = []
    for value in STRINGS + VALUES + sample():
        printed = []
        for doc in documents(value):
            rc, out, err = print_yaml(binary, [doc])
            printed.append({"exit": rc, "stdout": out.split("\n"), "stderr": err})
        cases.append({"value": value, "printed": printed})
    GOLDEN.parent.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        version = Kubectl(binary, home)("version", "--client")[1].splitlines()[0].removeprefix("Client Version: ")
    GOLDEN.write_text(json.dumps({"client": version, "cases": cases}, indent=1) + "\n")
    print(f"{len(cases)} values recorded in {GOLDEN} by {version}")


if __name__ == "__main__":
    main()
