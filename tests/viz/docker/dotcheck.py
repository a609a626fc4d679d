"""Reading a diagram's DOT source in tests, golden files, and rendering with ``dot``.

The golden files in ``golden/`` are the DOT source each diagram must produce.
When a diagram changes on purpose, re-record them and review the diff:

    make record-golden        (or: STORAGEKIT_RECORD_GOLDEN=1 pytest tests/viz/docker)

Every test also checks the meaning directly (which node has which edges, what
a label says), so a re-recorded file is never the only thing that is checked.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
RECORD = os.environ.get("STORAGEKIT_RECORD_GOLDEN") == "1"


def golden(name: str, diagram) -> None:
    """Compare the diagram's DOT source with ``golden/<name>.dot`` (or record it)."""
    path = GOLDEN / f"{name}.dot"
    if RECORD:
        path.write_text(diagram.source)
        return
    assert path.exists(), f"no golden file {path.name}: record it with `make record-golden` and review it"
    assert diagram.source == path.read_text(), (
        f"{name}: the DOT source differs from {path.name}; if the change is meant, run `make record-golden` "
        "and review the diff")


TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|->|[\[\]=;{}]|[^\s\[\]=;{}"]+')


def _unquote(token: str) -> str:
    return token[1:-1].replace('\\"', '"') if token.startswith('"') else token


def parse(diagram) -> tuple[dict[str, dict[str, str]], list[tuple[str, str, dict[str, str]]]]:
    """The DOT source as ``(nodes: id -> attributes, edges: [(tail, head, attributes)])``."""
    tokens = TOKEN.findall(diagram.source)
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
        if len(ids) == 1:
            nodes[ids[0]] = attrs
        else:
            found.extend((a, b, attrs) for a, b in zip(ids, ids[1:]))
    return nodes, found


def node_labels(diagram) -> dict[str, str]:
    """``node id -> label`` of every node statement."""
    return {name: attrs.get("label", "") for name, attrs in parse(diagram)[0].items()}


def edges(diagram) -> list[tuple[str, str, dict[str, str]]]:
    """``(tail, head, attributes)`` of every edge statement."""
    return parse(diagram)[1]


def node_attrs(diagram, node: str) -> dict[str, str]:
    return parse(diagram)[0][node]


def render(diagram, fmt: str = "svg") -> bytes:
    """Render with the ``dot`` program; dot must not warn (an unknown attribute, a bad port...)."""
    done = subprocess.run([shutil.which("dot"), f"-T{fmt}"], input=diagram.source.encode(), capture_output=True,
                          check=True)
    assert done.stderr == b"", done.stderr.decode()
    return done.stdout
