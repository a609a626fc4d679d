"""How dockerd chose its storage on this host, step by step, and the layout that choice produced.

Read from the top, in the order the daemon decides (``select_driver``'s trace):
the image store, a configured driver, prior state in the data root, then the
priority list, each check with the reason it passed or failed. At the bottom,
the chosen driver's directory as it is now: what one layer's directory holds,
and how many there are.
"""

from __future__ import annotations

import re

from storagekit.docker.drivers import priority_list
from storagekit.fs.nodes import Dir, Node
from storagekit.viz.docker.common import fit, plural
from storagekit.viz.style import Diagram, diagram, label, legend, style

LOOKS = {
    "selected": ("added", {"penwidth": "2.5"}), "failed": ("problem", {}), "skipped": ("idle", {}),
    "ignored": ("idle", {"style": "rounded,filled,dashed"}), "configured": ("note", {}),
}
"""A step's look by its verdict; the image store's steps are notes."""
OBJECT_NAME = re.compile(r"([0-9a-f]{64}(-init)?|\d+)")
"""Directory names that stand for one layer or container each: cache-ids, mount ids, snapshot numbers."""


def storage_driver(host) -> Diagram:
    """Draw the path ``select_driver`` took on ``host`` (``host.selection``) and the layout it produced."""
    sel = getattr(host, "selection", None)
    spec = host.spec
    outcome = (f"=> {sel.driver} ({sel.reason})" if sel is not None and sel.ok
               else "=> the daemon does not start" if sel is not None else "=> daemon.json could not be read")
    g = diagram("storage_driver", f"How dockerd {host.engine_version} chose its storage on this host (read from "
                                  f"the top)\n{outcome}", rankdir="TB", nodesep="0.3", ranksep="0.3")
    facts = [f"kernel {spec.kernel.release}", f"data root on {spec.backing_fs}"
             + ("" if spec.d_type else " without d_type") + (", rootless" if spec.rootless else "")]
    g.node("start", label(f"dockerd {host.engine_version} starts", *facts), **style("container"))
    used: dict[str, dict] = {}
    previous = "start"
    if sel is None:
        g.node("result", label("the daemon did not start", fit(host.daemon_log, 60)), **style("problem"))
        g.edge(previous, "result")
        return g
    steps = list(sel.trace)
    listed = False
    for i, step in enumerate(steps):
        if not listed and sel.reason in ("priority list", "nothing initialises") and step.driver != "image store" \
                and step.verdict in ("skipped", "selected"):
            listed = True
            order = " > ".join(priority_list(host.engine_version))
            g.node("priority", label(f"priority list of Engine {host.engine_version}", fit(order, 60)),
                   **style("class"))
            used.setdefault("class", style("class"))
            g.edge(previous, "priority")
            previous = "priority"
        kind, extra = LOOKS.get(step.verdict, ("note", {}))
        attrs = {**style(kind), **extra}
        used.setdefault(step.verdict if step.verdict in LOOKS else "decision", attrs)
        name = f"step {i}"
        detail = _wrap(step.detail, 56)
        g.node(name, label(f"{step.driver}: {step.verdict}", *detail[:1], fit(" ".join(detail[1:]), 56)), **attrs)
        g.edge(previous, name)
        previous = name
    if not sel.ok:
        g.node("result", label("the daemon exits", *_wrap(sel.message, 64)[:2]), **style("problem"))
        used.setdefault("failed", style("problem"))
    else:
        store = "containerd image store" if sel.image_store == "containerd" else "graph driver"
        g.node("result", label(f"Storage Driver: {sel.driver}", store, "as docker info prints it"),
               **style("added", penwidth="2.5"))
    g.edge(previous, "result", penwidth="2")
    if sel.ok and host.engine is not None:
        _layout(g, host, "result")
    legend(g, [(text, used[key]) for key, text in LEGEND if key in used])
    return g


LEGEND = [("decision", "image store decision"), ("configured", "configured in daemon.json"),
          ("class", "the engine's order of preference"), ("selected", "check passed: chosen"),
          ("skipped", "check failed: next one"), ("ignored", "prior state not counted"),
          ("failed", "check failed: the daemon stops")]


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines


def _layout(g, host, above: str) -> None:
    """The driver's directory now: its entries, and where they are one per layer or container (``<cache-id>``,
    ``<n>``), one of them opened as a sample of all."""
    home = host.engine.graph.home_path
    try:
        top = host.fs.lstat(home)
    except OSError:
        return
    if not isinstance(top, Dir):  # root replaced it with a file or a link: there is no layout to show
        return
    with g.subgraph(name="cluster_layout") as lay:
        lay.attr(label="the layout it produced", style="rounded", color="#BBBBBB", fontsize="10")
        lay.node("home", label(home + "/", plural(len(top.children), "entry", "entries")), **style("dir"))
        _entries(lay, "home", top)
        for name, node in _split(top)[0][:4]:
            if isinstance(node, Dir) and _split(node)[1]:
                _entries(lay, f"home {name}", node)
    g.edge(above, "home", style="dotted", arrowhead="none")


def _split(top: Dir) -> tuple[list[tuple[str, Node]], list[tuple[str, Dir]]]:
    """A directory's plain entries, and its directories that stand for one layer or container each."""
    plain: list[tuple[str, Node]] = []
    objects: list[tuple[str, Dir]] = []
    for name, node in sorted(top.children.items()):
        if isinstance(node, Dir) and OBJECT_NAME.fullmatch(name):
            objects.append((name, node))
        else:
            plain.append((name, node))
    return plain, objects


def _entries(lay, parent: str, top: Dir) -> None:
    """A directory's plain entries by name, and its one-per-object directories as a single sampled node."""
    plain, objects = _split(top)
    for name, node in plain[:4]:
        inside = plural(len(node.children), "entry", "entries") if isinstance(node, Dir) else ""
        lay.node(f"{parent} {name}", label(name + ("/" if isinstance(node, Dir) else ""), inside),
                 **style("dir" if isinstance(node, Dir) else "file"))
        lay.edge(parent, f"{parent} {name}", arrowhead="none", color="#999999")
    if not objects:
        return
    first_name, sample = objects[0]
    inside = ", ".join(n + ("/" if isinstance(c, Dir) else "") for n, c in sorted(sample.children.items()))
    first = f"{plural(len(objects), 'directory', 'directories')}: one per layer or container"
    lay.node(f"{parent} sample", label(first, f"e.g. {first_name[:12]}{'…' if len(first_name) > 12 else ''}/",
                                       fit(inside or "(empty)", 48)), **style("dir"))
    lay.edge(parent, f"{parent} sample", arrowhead="none", color="#999999")
