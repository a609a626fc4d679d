"""One long-lived dot for every redraw: the same SVG as graphviz's own rendering, and the usual errors."""

from __future__ import annotations

import subprocess

import graphviz
import pytest

from storagekit.widgets import render

pytestmark = pytest.mark.exe


def graph(label: str) -> graphviz.Digraph:
    g = graphviz.Digraph("g")
    g.node("a", label)
    g.edge("a", "b")
    return g


def test_the_kept_process_gives_what_graphviz_gives():
    for label in ("one", "two", "three"):
        g = graph(label)
        assert render.svg(g) == g.pipe(format="svg", encoding="utf-8")
    assert isinstance(render._running["dot"], render._Dot)


def test_a_graph_dot_refuses_raises_as_graphviz_does_and_the_next_one_renders():
    bad = graphviz.Digraph("g", body=["a -> }"])
    with pytest.raises(subprocess.CalledProcessError):
        render.svg(bad)
    assert "one more" in render.svg(graph("one more"))


def test_a_dot_that_reads_all_its_input_first_is_used_one_graph_at_a_time(monkeypatch):
    monkeypatch.setattr(render, "_running", {})
    monkeypatch.setattr(render, "_unsupported", set())
    monkeypatch.setattr(render, "PROBE_TIMEOUT", 0.01)
    monkeypatch.setattr(render._Dot, "render", lambda self, source, timeout: None)
    assert "slow" in render.svg(graph("slow"))
    assert "dot" in render._unsupported and "dot" not in render._running
