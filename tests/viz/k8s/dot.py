"""Reading a diagram's DOT text back in the tests: its nodes and edges with their attributes.

Golden files live in ``golden/``; re-record them after a deliberate change with
``STORAGEKIT_RECORD_GOLDEN=1 .venv/bin/python -m pytest tests/viz/k8s`` and review the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
RECORD = os.environ.get("STORAGEKIT_RECORD_GOLDEN") == "1"
VALUE = r'"(?:[^"\\]|\\.)*"|<(?:[^<>]|<[^<>]*>)*>|[^\s\]]+'
ATTRS = r'\[((?:[^\]"<]|"(?:[^"\\]|\\.)*"|<(?:[^<>]|<(?:[^<>]|<[^<>]*>)*>)*>)*)\]'


def attrs(text: str) -> dict[str, str]:
    return {k: v[1:-1].replace('\\"', '"') if v.startswith('"') else v
            for k, v in re.findall(rf"(\w+)=({VALUE})", text)}


def edges(source: str) -> dict[tuple[str, str], dict[str, str]]:
    """``(tail, head) -> attributes`` of every edge (the last one, if a pair has several)."""
    return {(a, b): attrs(rest) for a, b, rest in re.findall(rf"^\t+(\w+) -> (\w+) {ATTRS}", source, re.M)}


def nodes(source: str) -> dict[str, dict[str, str]]:
    """``id -> attributes`` of every node statement that has attributes."""
    return {n: attrs(rest) for n, rest in re.findall(rf"^\t+(\w+) {ATTRS}", source, re.M)}


def golden(name: str, source: str) -> str:
    """The recorded DOT text for ``name`` (recorded first when ``STORAGEKIT_RECORD_GOLDEN=1``)."""
    path = GOLDEN / f"{name}.dot"
    if RECORD:
        path.write_text(source)
    if not path.exists():
        pytest.fail(f"no golden file {path.name}: record it with STORAGEKIT_RECORD_GOLDEN=1")
    return path.read_text()
