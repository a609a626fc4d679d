"""One visual language for every diagram: a colour-blind-safe palette, one shape per kind, a legend.

Colour says what a thing is (an image layer is blue, a container orange, data that
persists green, a host path purple, memory yellow, a problem vermillion); a thick
border says "shared"; a double border says "changed by the last command". The
palette is Okabe-Ito's, readable by colour-blind viewers and on a projector.

Every diagram is a :class:`Diagram`: a ``graphviz.Digraph`` that shows itself as
SVG in a notebook and, where the ``dot`` program is missing, says so and shows
its DOT source instead of failing. Node ids come from the objects' own ids
(:func:`node_id`), so the same object keeps its node from one drawing to the
next and a before/after pair lines up.
"""

from __future__ import annotations

import re

import graphviz

FONT = "DejaVu Sans"
"""Present wherever Graphviz is installed, so the layout is the same on every machine."""

BLUE, ORANGE, GREEN, PURPLE, YELLOW, VERMILLION, GREY = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#F0E442", "#D55E00", "#777777")
LIGHT = {BLUE: "#CCE3F2", ORANGE: "#FBE3B3", GREEN: "#CCF0E6", PURPLE: "#F2D7E8", YELLOW: "#FBF8D0",
         VERMILLION: "#F5D0BF", GREY: "#EEEEEE"}
EDGE = "#555555"
FRAME = "#BBBBBB"

KINDS: dict[str, dict[str, str]] = {
    "layer": {"shape": "box", "style": "rounded,filled", "color": BLUE, "fillcolor": LIGHT[BLUE]},
    "empty_layer": {"shape": "box", "style": "rounded,dashed", "color": "#999999", "fillcolor": "white",
                    "fontcolor": "#444444"},
    "image": {"shape": "tab", "style": "filled", "color": BLUE, "fillcolor": BLUE, "fontcolor": "white"},
    "dangling": {"shape": "tab", "style": "filled,dashed", "color": BLUE, "fillcolor": "white", "fontcolor": BLUE},
    "container": {"shape": "box", "style": "rounded,filled", "color": ORANGE, "fillcolor": LIGHT[ORANGE]},
    "pod": {"shape": "box3d", "style": "filled", "color": ORANGE, "fillcolor": LIGHT[ORANGE]},
    "volume": {"shape": "cylinder", "style": "filled", "color": GREEN, "fillcolor": LIGHT[GREEN]},
    "claim": {"shape": "note", "style": "filled", "color": GREEN, "fillcolor": LIGHT[GREEN]},
    "bind": {"shape": "folder", "style": "filled", "color": PURPLE, "fillcolor": LIGHT[PURPLE]},
    "class": {"shape": "hexagon", "style": "filled", "color": PURPLE, "fillcolor": LIGHT[PURPLE]},
    "tmpfs": {"shape": "box", "style": "rounded,filled,dashed", "color": "#B8A800", "fillcolor": LIGHT[YELLOW]},
    "problem": {"shape": "box", "style": "rounded,filled", "color": VERMILLION, "fillcolor": LIGHT[VERMILLION]},
    "idle": {"shape": "box", "style": "rounded,filled", "color": GREY, "fillcolor": LIGHT[GREY]},
    "file": {"shape": "box", "style": "filled", "color": GREY, "fillcolor": "white"},
    "dir": {"shape": "folder", "style": "filled", "color": GREY, "fillcolor": LIGHT[GREY]},
    "collapsed": {"shape": "folder", "style": "filled,dashed", "color": GREY, "fillcolor": "white",
                  "fontcolor": "#444444"},
    "more": {"shape": "box", "style": "dashed", "color": "#999999", "fontcolor": "#444444"},
    "added": {"shape": "box", "style": "filled", "color": GREEN, "fillcolor": LIGHT[GREEN]},
    "modified": {"shape": "box", "style": "filled", "color": "#B8A800", "fillcolor": LIGHT[YELLOW]},
    "removed": {"shape": "box", "style": "filled", "color": VERMILLION, "fillcolor": LIGHT[VERMILLION]},
    "opaque": {"shape": "folder", "style": "filled,bold", "color": VERMILLION, "fillcolor": LIGHT[VERMILLION]},
    "ran": {"shape": "box", "style": "rounded,filled", "color": ORANGE, "fillcolor": LIGHT[ORANGE]},
    "note": {"shape": "box", "style": "rounded", "color": FRAME, "fontcolor": "#333333"},
}
"""Node attributes by kind. Shapes: a layer is a rounded box, an image tag a tab, a Pod a 3-D box, a volume
or PV a cylinder, a claim a note, a StorageClass a hexagon, a host path a folder. A file tree's entries are
coloured as dive colours them: added green, modified yellow, removed vermillion; a collapsed directory is a
dashed folder and "… N more" a dashed box. A build step that ran (did not come from the cache) is orange.
"""

EDGES: dict[str, dict[str, str]] = {
    "run": {"style": "dashed", "color": ORANGE, "fontcolor": "#8A5F00"},
    "volume": {"color": GREEN, "fontcolor": "#006B4F", "penwidth": "1.5"},
    "bind": {"color": PURPLE, "fontcolor": "#8E4A72", "penwidth": "1.5"},
    "tmpfs": {"color": "#B8A800", "fontcolor": "#6E6500", "penwidth": "1.5", "style": "dashed"},
    "stored": {"style": "dotted", "color": GREY, "arrowhead": "none"},
    "tree": {"color": "#999999", "arrowhead": "none"},
    "hides": {"style": "dotted", "color": VERMILLION, "fontcolor": VERMILLION},
    "copyup": {"style": "dashed", "color": "#B8A800", "fontcolor": "#6E6500"},
}
"""Edge attributes by meaning: a container run from an image; a mount wired to a volume, a host path or
memory; a directory that stores an object; a parent-child line in a file tree; what hides what; a file
copied up from a lower layer."""

SHARED = {"penwidth": "3"}
"""A thing more than one other thing uses (a layer two images share): a thick border."""
CHANGED = {"peripheries": "2", "penwidth": "2"}
"""What the last command changed: a double border that the next drawing drops."""
MISSED = {"style": "dotted", "color": VERMILLION, "fontcolor": VERMILLION}
"""An edge that did not happen (a claim that did not bind), labelled with the reason."""

NO_DOT = ("The Graphviz `dot` program is not installed here, so this diagram cannot be drawn. "
          "Install it (`make setup`, `apt-get install graphviz`, or conda's `graphviz`); meanwhile, "
          "here is its DOT source:\n\n")


class Diagram(graphviz.Digraph):
    """A ``graphviz.Digraph`` that displays itself as SVG, or, without ``dot``, as a note and its DOT source."""

    rankdir = "BT"
    """Which way it reads, so that its legend stacks across the flow rather than along it."""

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        try:
            return super()._repr_mimebundle_(include, exclude, **kwargs)
        except graphviz.ExecutableNotFound:
            return {"text/plain": NO_DOT + self.source}

    def svg(self) -> str:
        """The rendered SVG document (needs ``dot``)."""
        return self.pipe(format="svg", encoding="utf-8")


def diagram(name: str, title: str, *, rankdir: str = "BT", **graph_attr: str) -> Diagram:
    """A new diagram in the house style: its question as the title, read the way the thing is built."""
    g = Diagram(name)
    g.rankdir = rankdir
    g.attr("graph", **{"rankdir": rankdir, "fontname": FONT, "fontsize": "11", "label": title, "labelloc": "t",
                       "bgcolor": "white", "nodesep": "0.35", "ranksep": "0.35", **graph_attr})
    g.attr("node", fontname=FONT, fontsize="10", penwidth="1.2")
    g.attr("edge", fontname=FONT, fontsize="9", color=EDGE, arrowsize="0.6")
    return g


def node_id(*parts: str) -> str:
    """A stable DOT id from an object's own ids: ``node_id("layer", chain_id)`` -> ``layer_3f4a9c2b1d07``.

    A digest is cut to 12 hex digits (as the tools print ids); anything that is not
    a letter, digit or ``_`` becomes ``_``.
    """
    out = []
    for part in parts:
        part = part.removeprefix("sha256:")
        if re.fullmatch(r"[0-9a-f]{64}", part):
            part = part[:12]
        out.append(re.sub(r"\W", "_", part))
    return "_".join(out)


def style(kind: str, *, shared: bool = False, changed: bool = False, **extra: str) -> dict[str, str]:
    """Node attributes for ``kind`` (a key of :data:`KINDS`), thick if shared, double-bordered if just changed."""
    attrs = dict(KINDS[kind])
    if shared:
        attrs.update(SHARED)
    if changed:
        attrs.update(CHANGED)
    attrs.update(extra)
    return attrs


def label(*lines: str) -> str:
    """A node label of at most three lines: what it is, its key figures, its state."""
    shown = [line for line in lines if line]
    if len(shown) > 3:
        raise ValueError(f"a node label has at most three lines, not {len(shown)}: {shown}")
    return "\n".join(shown)


def edge_style(kind: str, **extra: str) -> dict[str, str]:
    """Edge attributes for ``kind`` (a key of :data:`EDGES`)."""
    return {**EDGES[kind], **extra}


def legend(g: graphviz.Digraph, entries: list[tuple[str, dict[str, str]]]) -> None:
    """A small framed legend of ``(text, node attributes)`` entries, stacked in a column whichever way the
    diagram reads."""
    with g.subgraph(name="cluster_legend") as lg:
        lg.attr(label="legend", fontsize="9", color=FRAME, style="rounded", fontname=FONT)
        across = getattr(g, "rankdir", "BT") in ("LR", "RL")
        with lg.subgraph(name="legend_entries") as column:
            if across:
                column.attr(rank="same")
            previous = None
            for i, (text, attrs) in enumerate(entries):
                name = f"legend_{i}"
                column.node(name, text, **{**attrs, "fontsize": "9"})
                if previous is not None and not across:  # one rank keeps its nodes in the order given
                    column.edge(previous, name, style="invis")
                previous = name
