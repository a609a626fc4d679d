"""SVG for the labs, fast: one long-lived ``dot`` that lays out graph after graph.

Starting ``dot`` costs 20-50 ms (it loads its plugins and fonts) before any
layout, which alone would eat half of a click's budget. ``dot -Tsvg`` reading
its standard input lays out each graph as soon as its closing brace arrives and
writes its SVG document, so one process can serve every redraw of a kernel.
Anything unexpected (no ``dot``, a ``dot`` that waits for the end of its input,
a graph it refuses, a platform without ``select`` on pipes) falls back to
``graphviz``'s own one-process-per-graph rendering, which also raises the
errors in its usual words.
"""

from __future__ import annotations

import atexit
import os
import re
import select
import shutil
import subprocess
from typing import IO

import graphviz

TIMEOUT = 10.0
"""Seconds to wait for one graph's SVG before giving up on the process."""
PROBE_TIMEOUT = 2.0
END = b"</svg>\n"
_PAGE_ID = re.compile(r'(id="|href="#)page\d+,\d+_')
"""dot names the graph of its second and later inputs ``page0,1_graph0``; alone it would say ``graph0``."""


class _Dot:
    """One ``dot -Tsvg`` (or another layout engine) kept running, fed one graph at a time."""

    def __init__(self, engine: str) -> None:
        self.process = subprocess.Popen([shutil.which(engine) or engine, "-Tsvg"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert self.process.stdin is not None and self.process.stdout is not None, "both are pipes"
        self.stdin: IO[bytes] = self.process.stdin
        self.stdout: IO[bytes] = self.process.stdout

    def render(self, source: str, timeout: float) -> str | None:
        """The SVG document, or None if the process did not give one in time (it is then stopped)."""
        try:
            self.stdin.write(source.encode() + b"\n")
            self.stdin.flush()
            out = b""
            while not out.endswith(END):
                ready, _, _ = select.select([self.stdout], [], [], timeout)
                chunk = os.read(self.stdout.fileno(), 1 << 16) if ready else b""
                if not chunk:
                    raise OSError("dot gave no answer")
                out += chunk
            return _PAGE_ID.sub(r"\1", out.decode())
        except OSError:
            self.stop()
            return None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


_running: dict[str, _Dot] = {}
"""The kept process of each engine."""
_unsupported: set[str] = set()
"""The engines for which keeping a process does not work here."""


def svg(graph: graphviz.Digraph) -> str:
    """The graph as an SVG document (``graphviz.ExecutableNotFound`` where there is no ``dot``)."""
    engine = graph.engine
    if engine in _unsupported or os.name != "posix" or shutil.which(engine) is None:
        return graph.pipe(format="svg", encoding="utf-8")
    dot = _running.get(engine)
    if dot is None:
        dot = _running[engine] = _Dot(engine)
        if dot.render("digraph probe {}", PROBE_TIMEOUT) is None:  # it waits for the end of its input
            del _running[engine]
            _unsupported.add(engine)
            return graph.pipe(format="svg", encoding="utf-8")
    out = dot.render(graph.source, TIMEOUT)
    if out is None:  # refused or stuck: a fresh process next time, and this graph the usual way
        del _running[engine]
        return graph.pipe(format="svg", encoding="utf-8")
    return out


@atexit.register
def _stop_all() -> None:
    for dot in _running.values():
        dot.stop()
