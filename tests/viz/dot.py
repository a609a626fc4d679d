"""Reading a diagram's DOT source in tests, golden files, and rendering with ``dot``.

Each picture's golden files live in ``tests/viz/<docker|k8s>/golden/``: the DOT
source it must produce. When a diagram changes on purpose, re-record them and
review the diff:

    make record-golden        (or: STORAGEKIT_RECORD_GOLDEN=1 pytest tests/viz)

Every test also checks the meaning directly (which node has which edges, what a
label says), so a re-recorded file is never the only thing that is checked.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).parent
RECORD = os.environ.get("STORAGEKIT_RECORD_GOLDEN") == "1"

TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|<(?:[^<>]|<[^<>]*>)*>|->|[\[\]=;{}]|[^\s\[\]=;{}"<]+')
"""A quoted string, an HTML label (``<<TABLE>...</TABLE>>``, tags nested), an arrow, punctuation or a word."""


def golden(where: str, name: str, diagram) -> None:
    """Compare the diagram's DOT source with ``tests/viz/<where>/golden/<name>.dot`` (or record it)."""
    path = HERE / where / "golden" / f"{name}.dot"
    source = _source(diagram)
    if RECORD:
        path.write_text(source)
        return
    assert path.exists(), f"no golden file {path.name}: record it with `make record-golden` and review it"
    assert source == path.read_text(), (
        f"{name}: the DOT source differs from {path.name}; if the change is meant, run `make record-golden` "
        "and review the diff")


def _source(diagram) -> str:
    return diagram if isinstance(diagram, str) else diagram.source


def _unquote(token: str) -> str:
    return token[1:-1].replace('\\"', '"') if token.startswith('"') else token


def parse(diagram) -> tuple[dict[str, dict[str, str]], list[tuple[str, str, dict[str, str]]]]:
    """The DOT source (or a diagram's) as ``(nodes: id -> attributes, edges: [(tail, head, attributes)])``."""
    tokens = TOKEN.findall(_source(diagram))
    nodes: dict[str, dict[str, str]] = {}
    found: list[tuple[str, str, dict[str, str]]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in ("digraph", "subgraph"):
            i += 1 if tokens[i + 1] == "{" else 2
            continue
        if token in ("graph", "node", "edge", "{", "}", ";") or \
                (i + 1 < len(tokens) and tokens[i + 1] == "="):
            i += 3 if i + 1 < len(tokens) and tokens[i + 1] == "=" else 1
            if token in ("graph", "node", "edge") and i < len(tokens) and tokens[i] == "[":
                i = tokens.index("]", i) + 1
            continue
        ids = [_unquote(token)]
        i += 1
        while i < len(tokens) and tokens[i] == "->":
            ids.append(_unquote(tokens[i + 1]))
            i += 2
        attrs: dict[str, str] = {}
        if i < len(tokens) and tokens[i] == "[":
            i += 1
            while tokens[i] != "]":
                attrs[tokens[i]] = _unquote(tokens[i + 2])
                i += 3
            i += 1
        if len(ids) == 1:  # a later statement of the same node adds to its attributes, as in dot
            nodes.setdefault(ids[0], {}).update(attrs)
        else:
            found.extend((a, b, attrs) for a, b in zip(ids, ids[1:]))
    return nodes, found


def nodes(diagram) -> dict[str, dict[str, str]]:
    """``id -> attributes`` of every node statement."""
    return parse(diagram)[0]


def node_labels(diagram) -> dict[str, str]:
    """``id -> label`` of every node statement."""
    return {name: attrs.get("label", "") for name, attrs in nodes(diagram).items()}


def node_attrs(diagram, node: str) -> dict[str, str]:
    return nodes(diagram)[node]


def edges(diagram) -> list[tuple[str, str, dict[str, str]]]:
    """``(tail, head, attributes)`` of every edge, in the order drawn."""
    return parse(diagram)[1]


def edge_map(diagram) -> dict[tuple[str, str], dict[str, str]]:
    """``(tail, head) -> attributes`` of every edge (the last one, where a pair has several)."""
    return {(tail, head): attrs for tail, head, attrs in edges(diagram)}


def render(diagram, fmt: str = "svg") -> bytes:
    """Render with the ``dot`` program; dot must not warn (an unknown attribute, a bad port...)."""
    done = subprocess.run([shutil.which("dot"), f"-T{fmt}"], input=_source(diagram).encode(), capture_output=True,
                          check=True)
    assert done.stderr == b"", done.stderr.decode()
    return done.stdout
