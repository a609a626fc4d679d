"""One layer's files as dive shows them: the image's tree at that layer, coloured Added, Modified or Removed.

The comparison and the wasted-space count are dive's and live in the engine
(:mod:`storagekit.docker.filetree`); this view only decides what fits on a
screen: the subtree at ``path``, changed entries first, unchanged directories
collapsed (with their size and entry count), at most :data:`CHILDREN` entries
per directory and :data:`BUDGET` nodes in all, the rest summed up as
"… N more". A path dive counts as wasted gets a thick vermillion border.
"""

from __future__ import annotations

from storagekit.docker import filetree
from storagekit.docker.filetree import ADDED, MODIFIED, REMOVED, UNMODIFIED, FileNode
from storagekit.viz.docker.common import collector_paused, fit, instruction, plural, running_engine, size
from storagekit.viz.style import VERMILLION, Diagram, diagram, edge_style, label, legend, style

CHILDREN = (6, 4, 3)
"""Entries shown per directory before "… N more": at the first level below ``path``, the second, and deeper."""
BUDGET = 30
"""Nodes in the whole tree: what stays readable on one screen."""
SCOPES = ("layer", "all")
CAVEAT = ("(dive counts every version of a path that two or more layers hold, the one still in the image included;\n"
          "a file removed by a later layer counts its size, a directory removed whole counts 0 B)")


@collector_paused()
def layer_files(host, image: str, layer: int = -1, *, scope: str = "layer", path: str = "/",
                depth: int | None = None) -> Diagram:
    """Draw layer ``layer`` (an index into the image's layers, ``-1`` the top) of ``image`` as dive does.

    ``scope="layer"`` shows what this layer changed; ``scope="all"`` what layers
    1..``layer`` changed against the base layer. ``path`` picks the subtree and
    ``depth`` limits how many directory levels below it are opened.
    """
    if scope not in SCOPES:
        raise ValueError(f"scope must be 'layer' or 'all', not {scope!r}")
    engine = running_engine(host)
    img = engine.images.resolve(image)
    layers = img.layers
    if not layers:
        raise ValueError(f"{image} has no layers")
    if not -len(layers) <= layer < len(layers):
        raise IndexError(f"{image} has {plural(len(layers), 'layer')} (0 to {len(layers) - 1}); there is no layer {layer}")
    index = layer % len(layers)
    trees = [filetree.layer_tree(lay.root) for lay in layers]
    shown = filetree.compare(trees, index, aggregated=scope == "all")
    waste = filetree.efficiency(trees, [lay.size for lay in layers])
    root = shown.find(path)
    if root is None:
        raise ValueError(f"{path}: no such file or directory in {image} at layer {index}")
    made_by = dict((id(lay), row) for row, lay in img.history() if lay is not None)[id(layers[index])]
    g = diagram("layer_files", _title(image, index, len(layers), made_by, scope, waste), rankdir="LR",
                nodesep="0.08", ranksep="0.4")
    counts: dict[int, tuple] = {}
    _count(root, counts)
    wasted = {i.path: i for i in waste.inefficiencies}
    used: set[str] = set()
    _draw(g, root, "/" + "/".join(p for p in path.split("/") if p), counts, wasted, depth, used)
    _note(g, waste)
    legend(g, [(text, style(kind)) for kind, text in LEGEND if kind in used] +
           ([("path counted as wasted", style("file", color=VERMILLION, penwidth="3"))] if "wasted" in used else []))
    return g


LEGEND = [("added", "Added"), ("modified", "Modified"), ("removed", "Removed"), ("file", "unchanged"),
          ("collapsed", "directory, closed"), ("summary", "… entries not shown")]


def _title(image: str, index: int, total: int, row: dict, scope: str, waste) -> str:
    what = "what this layer changed" if scope == "layer" or index == 0 else f"what layers 2 to {index + 1} changed"
    line1 = f"{image}, layer {index + 1} of {total} ({fit(instruction(row.get('created_by', '')), 40)}): {what}"
    if index == 0:
        line1 += " (the base: nothing below to compare with)"
    line2 = (f"Wasted space as dive counts it: {size(waste.wasted_bytes)} in "
             f"{plural(len(waste.inefficiencies), 'path')} (dive's user wasted percent: {waste.wasted_user_percent:.1%})")
    return f"{line1}\n{line2}\n{CAVEAT}"


def _count(root: FileNode, out: dict[int, tuple]) -> None:
    """Per node, bottom-up: ``(entries, added, modified, removed, bytes seen, bytes not removed)`` below it."""
    order, stack = [], [root]
    while stack:  # parents before children; read backwards, children before parents
        node = stack.pop()
        order.append(node)
        stack.extend(node.children.values())
    for node in reversed(order):
        entries = added = modified = removed = 0
        every = live = node.own_size
        if node.diff == REMOVED:
            live = 0
        for child in node.children.values():
            e, a, m, r, s, lv = out[id(child)]
            entries += e + 1
            added += a + (child.diff == ADDED)
            modified += m + (child.diff == MODIFIED)
            removed += r + (child.diff == REMOVED)
            every += s
            live += lv
        out[id(node)] = (entries, added, modified, removed, every, live)


def _size(node: FileNode, counts: dict[int, tuple]) -> int:
    """dive's size column, from the counts: a removed directory shows what it held."""
    _, _, _, _, every, live = counts[id(node)]
    return every if node.diff == REMOVED else live


def _draw(g, root: FileNode, path: str, counts, wasted, depth: int | None, used: set[str]) -> None:
    """Breadth first from ``root``, so the top levels always show; every node costs one of :data:`BUDGET`.

    Where a directory holds changes, only its changed entries are listed (the
    unchanged ones are summed up in one node); where it holds none, its first
    entries are listed, so an unchanged tree still shows its shape.
    """
    budget = BUDGET - 1
    _entry(g, root, path, counts, wasted, True, used)
    queue = [(root, path, 0)]
    while queue:
        node, here, level = queue.pop(0)
        names = sorted(node.children)
        changed = [n for n in names if node.children[n].diff != UNMODIFIED]
        spare = budget - 1 - 2 * len(queue)  # keep a "… more" node here, and two nodes for each directory queued
        room = max(1, min(CHILDREN[min(level, len(CHILDREN) - 1)], spare))
        if changed:  # the largest changes, in name order
            biggest = sorted(changed, key=lambda n: -_size(node.children[n], counts))[:room]
            listed = [n for n in changed if n in biggest]
        else:
            listed = names[:room]
        rest = [n for n in names if n not in listed]
        if len(rest) == 1 and (not changed or rest[0] in changed) and spare > len(listed):
            listed, rest = listed + rest, []
        budget -= len(listed) + bool(rest)
        for name in listed:
            child = node.children[name]
            child_path = f"{here.rstrip('/')}/{name}"
            open_it = (bool(child.children) and child.diff not in (UNMODIFIED, REMOVED)
                       and (depth is None or level + 1 < depth) and budget - 2 * len(queue) > 2 + CHILDREN[-1])
            _entry(g, child, child_path, counts, wasted, open_it, used)
            g.edge(_id(here), _id(child_path), **edge_style("tree"))
            if open_it:
                queue.append((child, child_path, level + 1))
        if rest:
            hidden_changes = sum(1 for n in rest if node.children[n].diff != UNMODIFIED)
            more = f"more {here}"
            used.add("summary")
            g.node(more, label(f"… {plural(len(rest), 'more entry', 'more entries')}",
                               f"{hidden_changes} changed" if hidden_changes else "unchanged"), **style("summary"))
            g.edge(_id(here), more, **edge_style("tree"))


def _entry(g, node: FileNode, path: str, counts, wasted, opened: bool, used: set[str]) -> None:
    is_dir = node.is_dir or bool(node.children)
    name = (path.rsplit("/", 1)[-1] or "/") + ("/" if is_dir and path != "/" else "")
    entries, added, modified, removed, _, _ = counts[id(node)]
    state = node.diff if node.diff != UNMODIFIED else ""
    closed = bool(node.children) and not opened
    if closed:
        below = ", ".join(f"{n} {w}" for n, w in ((added, "added"), (modified, "modified"), (removed, "removed")) if n)
        if node.diff == MODIFIED and below:
            state = f"modified: {below} below"
        else:
            state = " · ".join(x for x in (state, plural(entries, "entry", "entries")) if x)
    kind = {ADDED: "added", MODIFIED: "modified", REMOVED: "removed"}.get(node.diff, "")
    if not kind:
        kind = "collapsed" if closed else "dir" if is_dir else "file"
    attrs = style(kind)
    used.add(kind if kind != "dir" else "file")
    figures = " · ".join(x for x in (size(_size(node, counts)), state) if x)
    waste = wasted.get(path)
    lines = [fit(name, 36), figures]
    if waste is not None:
        attrs.update(color=VERMILLION, penwidth="3")
        used.add("wasted")
        lines.append(f"wasted: in layers {', '.join(str(i + 1) for i in waste.layers)}")
    g.node(_id(path), label(*lines), **attrs)


def _note(g, waste) -> None:
    if not waste.inefficiencies:
        return
    top = waste.inefficiencies[:2]
    lines = [f"wasted: {fit(i.path, 34)} {size(i.cumulative_size)}" for i in top]
    if len(waste.inefficiencies) > 2:
        lines.append(f"+ {plural(len(waste.inefficiencies) - 2, 'more path')}")
    g.node("wasted", label(*lines), **style("note", color=VERMILLION, fontcolor=VERMILLION))


def _id(path: str) -> str:
    return f"file {path}"
