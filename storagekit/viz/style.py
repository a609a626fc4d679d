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

import html
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
    "free_volume": {"shape": "cylinder", "style": "filled", "color": GREY, "fillcolor": LIGHT[GREY]},
    "kept_volume": {"shape": "cylinder", "style": "filled,dashed", "color": GREEN, "fillcolor": "white"},
    "failed_volume": {"shape": "cylinder", "style": "filled", "color": VERMILLION, "fillcolor": LIGHT[VERMILLION]},
    "pending_claim": {"shape": "note", "style": "filled", "color": VERMILLION, "fillcolor": LIGHT[VERMILLION]},
    "waiting_pod": {"shape": "box3d", "style": "filled", "color": VERMILLION, "fillcolor": LIGHT[ORANGE]},
    "message": {"shape": "box", "style": "filled", "color": VERMILLION, "fillcolor": "white", "fontcolor": VERMILLION,
                "fontsize": "9"},
    "note": {"shape": "box", "style": "rounded", "color": FRAME, "fontcolor": "#333333"},
    "summary": {"shape": "box", "style": "rounded,dashed", "color": GREY, "fillcolor": "white", "fontcolor": "#444444",
                "fontsize": "9"},
    "collapsed": {"shape": "folder", "style": "filled,dashed", "color": GREY, "fillcolor": "white",
                  "fontcolor": "#444444"},
    "added": {"shape": "box", "style": "filled", "color": GREEN, "fillcolor": LIGHT[GREEN]},
    "modified": {"shape": "box", "style": "filled", "color": "#B8A800", "fillcolor": LIGHT[YELLOW]},
    "removed": {"shape": "box", "style": "filled", "color": VERMILLION, "fillcolor": LIGHT[VERMILLION]},
    "opaque": {"shape": "folder", "style": "filled,bold", "color": VERMILLION, "fillcolor": LIGHT[VERMILLION]},
    "ran": {"shape": "box", "style": "rounded,filled", "color": ORANGE, "fillcolor": LIGHT[ORANGE]},
}
"""Node attributes by kind. Shapes: a layer is a rounded box, an image tag a tab, a Pod a 3-D box, a volume
or PV a cylinder, a claim a note, a StorageClass a hexagon, a host path a folder. A problem's own words are a
vermillion ``message``, an explanation a grey ``note``, and what was left out of the drawing ("… 12 more",
"6 more ruled out") a dashed ``summary``. A file tree's entries are coloured as dive colours them: added
green, modified yellow, removed vermillion; a collapsed directory is a dashed folder. A build step that ran
(did not come from the cache) is orange.
"""

SHARED = {"penwidth": "3"}
"""A thing more than one other thing uses (a layer two images share): a thick border."""
CHANGED = {"peripheries": "2", "penwidth": "2"}
"""What the last command changed: a double border that the next drawing drops."""
MISSED = {"style": "dotted", "color": VERMILLION, "fontcolor": VERMILLION}
"""An edge that did not happen (a claim that did not bind), labelled with the reason."""
GONE = {"style": "filled,dashed", "color": VERMILLION, "fillcolor": "white", "fontcolor": VERMILLION}
"""A thing that is not there: deleted by the last command, or named by something but missing."""

EDGES: dict[str, dict[str, str]] = {
    "uses": {"color": ORANGE},
    "bound": {"color": GREEN, "penwidth": "2", "dir": "both"},
    "half": {"color": GREEN, "penwidth": "1.5", "style": "dashed"},
    "provisioned": {"color": PURPLE, "fontcolor": PURPLE, "style": "dashed"},
    "missed": {**MISSED, "penwidth": "1.3"},
    "refused": {**MISSED, "penwidth": "1.3", "arrowhead": "tee"},
    "conflict": {"color": VERMILLION, "fontcolor": VERMILLION, "penwidth": "2", "style": "bold"},
    "message": {"color": VERMILLION, "style": "dotted", "arrowhead": "none"},
    "aside": {"color": GREY, "style": "dotted", "arrowhead": "none"},
    "writes": {"color": EDGE},
    "deletes": {"color": VERMILLION, "fontcolor": VERMILLION},
    "run": {"style": "dashed", "color": ORANGE, "fontcolor": "#8A5F00"},
    "volume": {"color": GREEN, "fontcolor": "#006B4F", "penwidth": "1.5"},
    "bind": {"color": PURPLE, "fontcolor": "#8E4A72", "penwidth": "1.5"},
    "tmpfs": {"color": "#B8A800", "fontcolor": "#6E6500", "penwidth": "1.5", "style": "dashed"},
    "stored": {"style": "dotted", "color": GREY, "arrowhead": "none"},
    "tree": {"color": "#999999", "arrowhead": "none"},
    "hides": {"style": "dotted", "color": VERMILLION, "fontcolor": VERMILLION},
    "copyup": {"style": "dashed", "color": "#B8A800", "fontcolor": "#6E6500"},
}
"""Edge attributes by meaning. Kubernetes: a Pod uses a claim or volume; a binding (both pointers); one
pointer only; a class provisioned a volume; a match that did not happen, with its reason; provisioning that
did not happen; a conflict that keeps a Pod waiting; a problem's message; a summary of what was left out; a
controller's write, and its deletion of an object. Docker: a container run from an image; a mount wired to a
volume, a host path or memory; a directory that stores an object; a parent-child line in a file tree; what
hides what; a file copied up from a lower layer."""

NO_DOT = ("The Graphviz `dot` program is not installed here, so this diagram cannot be drawn. "
          "Install it (`make setup`, `apt-get install graphviz`, or conda's `graphviz`); meanwhile, "
          "here is its DOT source:\n\n")


class Diagram(graphviz.Digraph):
    """A ``graphviz.Digraph`` that displays itself as SVG, or, without ``dot``, as a note and its DOT source."""

    rankdir = "TB"
    """The direction it reads in (:func:`diagram` sets it), so that a legend can stack itself across it."""

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
    g.attr("graph", rankdir=rankdir, fontname=FONT, fontsize="11", label=title, labelloc="t", bgcolor="white",
           **{"nodesep": "0.35", "ranksep": "0.35", **graph_attr})
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


def edge_key(text: str, edge: str) -> tuple[str, dict[str, str]]:
    """A legend entry for an edge meaning (a key of :data:`EDGES`): the line drawn in text, in its colour."""
    attrs = EDGES[edge]
    line = {"dashed": "╍╍", "dotted": "┈┈"}.get(attrs.get("style", ""), "━━")
    head = "┤" if attrs.get("arrowhead") == "tee" else "" if attrs.get("arrowhead") == "none" else "▶"
    tail = "◀" if attrs.get("dir") == "both" else ""
    return f"{tail}{line}{head} {text}", {"shape": "plaintext", "fontcolor": attrs.get("color", EDGE)}


def _legend_row(text: str, attrs: dict[str, str]) -> str:
    """One legend entry as an HTML table row: an edge as its coloured line, a node as a cell in its colours."""
    words = html.escape(text)
    if attrs.get("shape") == "plaintext":
        return f'<TR><TD ALIGN="LEFT"><FONT COLOR="{attrs.get("fontcolor", EDGE)}">{words}</FONT></TD></TR>'
    looks = attrs.get("style", "")
    line = "dashed" if "dashed" in looks else "dotted" if "dotted" in looks else "rounded" if "rounded" in looks else ""
    cell = (f'BGCOLOR="{attrs.get("fillcolor", "white")}" COLOR="{attrs.get("color", EDGE)}" '
            f'BORDER="{2 if float(attrs.get("penwidth", "1")) >= 2.5 else 1}"' + (f' STYLE="{line}"' if line else ""))
    font = f'<FONT COLOR="{attrs.get("fontcolor", "black")}">{words}</FONT>'
    if attrs.get("peripheries") == "2":
        font = (f'<TABLE BORDER="0" CELLBORDER="1" CELLPADDING="2" COLOR="{attrs.get("color", EDGE)}">'
                f"<TR><TD>{font}</TD></TR></TABLE>")
    return f'<TR><TD ALIGN="LEFT" {cell}>{font}</TD></TR>'


def legend(g: graphviz.Digraph, entries: list[tuple[str, dict[str, str]]], after: str = "") -> None:
    """A small framed legend of ``(text, node attributes)`` entries in one column: stacked along the reading
    direction of a graph that reads up or down; one table in one that reads across, placed after node ``after``
    (one of the last column) if given."""
    if getattr(g, "rankdir", "TB") in ("LR", "RL"):
        rows = "".join(_legend_row(text, attrs) for text, attrs in entries)
        table = (f'<<TABLE BORDER="1" COLOR="{FRAME}" STYLE="rounded" CELLBORDER="0" CELLSPACING="3" '
                 f'CELLPADDING="3"><TR><TD>legend</TD></TR>{rows}</TABLE>>')
        g.node("legend", table, shape="plaintext", fontsize="9")
        if after:
            g.edge(after, "legend", style="invis")
        return
    with g.subgraph(name="cluster_legend") as lg:
        lg.attr(label="legend", fontsize="9", color=FRAME, style="rounded", fontname=FONT)
        previous = None
        for i, (text, attrs) in enumerate(entries):
            name = f"legend_{i}"
            lg.node(name, text, **{**attrs, "fontsize": "9"})
            if previous is not None:
                lg.edge(previous, name, style="invis")
            previous = name
