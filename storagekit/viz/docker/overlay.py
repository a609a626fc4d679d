"""A container's root filesystem as overlayfs builds it: lowerdirs, upperdir, and the merged view on top.

One row per layer, read from the bottom (the image's layers, then Docker's init
layer, then the container's upperdir), one column per path, and the merged
view the container sees on top. What the upperdir holds at a path says what
happened there: a copy-up (a lower file copied whole before its first change),
a new entry, a whiteout (``c 0 0``: a deleted lower entry), an opaque
directory (its lower contents hidden). The merged view takes each path from
the highest layer that has it, which overlayfs decides (``FileSystem.layer_of``).

``paths`` limits the columns to what changed under those paths (a path where
nothing changed is shown for what shows through there). ``since`` (a mark of
``host.events``) makes the last operation's effect stand
out with a double border. Node ids are the row's id and the path, so two
drawings of one container, before and after a command, line up.

With vfs, btrfs and zfs there are no layers to stack: each row is a whole copy
of the tree, and the container's copy is written in place.
"""

from __future__ import annotations

from collections.abc import Iterable

from storagekit.docker import sizes
from storagekit.fs import FileSystem, union
from storagekit.fs.nodes import Dir, Node, Symlink, descend
from storagekit.viz.docker.common import fit, instruction, plural, running_engine, short, size
from storagekit.viz.style import BLUE, CHANGED, Diagram, diagram, edge_style, label, legend, style

COLUMNS = 7
"""Paths drawn side by side; more are summed up in one node."""
EFFECTS = ("CopiedUp", "WhiteoutCreated", "OpaqueDirCreated", "Created")


def container_overlay(host, container: str, *, since: int | None = None,
                      paths: Iterable[str] | None = None) -> Diagram:
    """Draw ``container``'s layers at the paths its writable layer changed (or at ``paths``)."""
    engine = running_engine(host)
    c = engine.containers.resolve(container)
    touched = _effects(host, c, since)
    wanted = [_norm(p) for p in ([paths] if isinstance(paths, str) else paths or [])]
    if c.lowers:
        rows, merged_row = _overlay_rows(engine, c)
    else:
        rows, merged_row = _whole_tree_rows(engine, c)
    changed = [p for p in _changed_paths(c) if not wanted or any(_under(p, w) for w in wanted)]
    quiet = [w for w in wanted if not any(_under(p, w) for p in changed)]  # shown for what shows through there
    columns = list(dict.fromkeys([p for p in touched if not wanted or any(_under(p, w) for w in wanted)]
                                 + quiet + changed))
    shown, rest = columns[:COLUMNS], columns[COLUMNS:]
    title = f"What container {c.name} sees, and which layer each path comes from (read from the bottom)"
    if not c.lowers:
        title = (f"What container {c.name} sees: {engine.graph.name} keeps a whole copy of the tree per layer and "
                 "per container\n(read from the bottom; writes change the container's copy in place: no copy-up, "
                 "no whiteout)")
    elif since is not None:
        title += "\n" + (f"The last command: {_summary(touched)}" if touched else "The last command changed no layer")
    g = diagram("container_overlay", title, rankdir="BT", nodesep="0.25", ranksep="0.45", newrank="true")
    used: set[str] = set()
    if not shown:
        g.node("nothing", label("The writable layer is empty", "docker diff prints nothing"), **style("note"))
    below = _lower_view(c)
    previous_row = ""
    for key, text, attrs, tree in rows:
        cells = [(p, _lookup(tree, p)) for p in shown]
        if tree is not None and not any(node is not None for _, node in cells) and key.startswith("layer "):
            continue  # an image layer with nothing at these paths adds a row of nothing
        with g.subgraph(name=f"row {key}") as row:
            row.attr(rank="same")
            row.node(f"row {key}", text, **attrs)
            for p, node in cells:
                kind, lines = _cell(key, p, node, c, below)
                cell = f"{key} {p}"
                if kind is None:
                    row.node(cell, "", style="invis", shape="box", width="0.3", height="0.3")
                    continue
                extra = CHANGED if key in ("upper", "container") and p in touched else {}
                if kind == "file" and c.lowers and _provider(c, p) != key:
                    kind, lines, extra = "hidden", lines + ["hidden by a layer above"], {"style": "filled,dashed"}
                used.add(kind)
                row.node(cell, label(*lines), **{**style("file" if kind == "hidden" else kind), **extra})
        if previous_row:
            g.edge(f"row {previous_row}", f"row {key}", style="invis", weight="10")
            for p in shown:
                g.edge(f"{previous_row} {p}", f"{key} {p}", style="invis", weight="10")
        previous_row = key
    _merged(g, c, merged_row, shown, touched, previous_row, used)
    if rest:
        g.node("more columns", label(f"… {plural(len(rest), 'more path')}", fit(", ".join(rest), 40)),
               **style("summary"))
        g.edge(f"row {previous_row}", "more columns", style="invis")
    _links(g, rows, shown, below)
    texts = LEGEND if c.lowers else WHOLE_TREE_LEGEND
    looks = {"merged": {**style("note"), **MERGED}, "hidden": style("file", style="filled,dashed")}
    legend(g, [(text, looks.get(kind) or style(kind)) for kind, text in texts if kind in used]
           + ([("changed by the last command", {**style("file"), **CHANGED})] if touched else []))
    return g


LEGEND = [("file", "entry in a lower layer (read-only)"), ("hidden", "lower entry hidden by a layer above"),
          ("modified", "copied up: a lower file, copied whole"),
          ("added", "new in the writable layer"), ("removed", "whiteout (c 0 0) or deleted"),
          ("opaque", "opaque directory: hides what is below"), ("merged", "what the container sees")]
WHOLE_TREE_LEGEND = [("file", "entry of the image's copy or the init copy"),
                     ("modified", "changed in place in the container's copy"),
                     ("added", "new in the container's copy"), ("removed", "deleted: gone from the container's copy")]
MERGED = {"color": BLUE, "penwidth": "2"}
"""The merged view's nodes: a plain frame in the image's blue, as the root filesystem the container gets."""


def _norm(path: str) -> str:
    return "/" + "/".join(p for p in path.split("/") if p)


def _under(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip("/") + "/")


def _effects(host, c, since: int | None) -> dict[str, str]:
    """Path -> what the overlay did there since the mark, for this container's overlay only."""
    if since is None:
        return {}
    out: dict[str, str] = {}
    for event in host.events.since(since):
        if event.kind in EFFECTS and event.detail.get("source") == c.id:
            if event.kind == "CopiedUp" and event.detail.get("type") == "dir":
                continue  # a directory copied up only to hold a changed child
            out.setdefault(event.subject, event.kind)
    return out


def _summary(touched: dict[str, str]) -> str:
    words = {"CopiedUp": "copied up", "WhiteoutCreated": "whiteout for", "OpaqueDirCreated": "opaque",
             "Created": "created"}
    parts = [f"{words[kind]} {path}" for path, kind in touched.items()]
    return fit("; ".join(parts), 100)


def _overlay_rows(engine, c):
    """Bottom-up rows: the image's layers, the init layer, the upperdir; and the merged view's host path."""
    rows = []
    made_by = {id(layer): row for row, layer in c.image.history() if layer is not None}
    for n, layer in enumerate(c.image.layers, 1):
        text = label(f"lowerdir: image layer {n}",
                     fit(instruction(made_by.get(id(layer), {}).get("created_by", "")), 40),
                     _host_path(engine, layer.cache_id))
        rows.append((f"layer {short(layer.chain_id)}", text, style("layer"), layer.root))
    rows.append(("init", label("lowerdir: init layer", "Docker's placeholders (/etc/hosts...)",
                               _host_path(engine, f"{c.mount_id}-init")), style("layer", style="rounded,filled,dashed"),
                 c.init))
    rw = sizes.container_sizes(engine, c)[0]
    rows.append(("upper", label(f"upperdir: {c.name}'s writable layer", size(rw), _host_path(engine, c.mount_id)),
                 style("container"), c.upper))
    merged = engine.graph.container_data(c) or {}
    return rows, merged.get("MergedDir", "")


def _whole_tree_rows(engine, c):
    """vfs, btrfs, zfs: the image's top layer as a whole tree, its copy for the init layer, the container's copy."""
    top = c.image.top_layer
    trees = getattr(engine.graph, "trees", {})
    rows = []
    if top is not None:
        rows.append((f"layer {short(top.chain_id)}",
                     label("the image's whole tree", f"{engine.graph.name}: a full copy",
                                                         _host_path(engine, top.cache_id)),
                     style("layer"), trees.get(top.cache_id)))
    rows.append(("init", label("init layer: a copy of it", "+ Docker's placeholders",
                               _host_path(engine, f"{c.mount_id}-init")), style("layer", style="rounded,filled,dashed"),
                 c.parent_tree))
    rw = sizes.container_sizes(engine, c)[0]
    rows.append(("container", label(f"{c.name}'s copy, written in place", f"{size(rw)} changed (docker diff)",
                                    _host_path(engine, c.mount_id)), style("container"), c.upper))
    return rows, None


def _host_path(engine, name: str) -> str:
    path = engine.graph.tree_path(name) or ""
    for part in path.split("/"):
        if len(part) >= 64:
            path = path.replace(part, part[:12] + "…" + part[64:])
    return fit(path, 52)


def _changed_paths(c) -> list[str]:
    """What the writable layer holds that matters: files, links, whiteouts, opaque and new empty directories;
    with a whole-tree driver, ``docker diff``'s entries other than changed directories."""
    if not c.lowers:
        tree = c.upper
        return [p for kind, p in c.changes() if not (kind == "C" and isinstance(_lookup(tree, p), Dir))]
    below = union.flatten(c.lowers)
    out = []

    def walk(d: Dir, prefix: str) -> None:
        for name in sorted(d.children):
            node, path = d.children[name], f"{prefix}/{name}"
            if isinstance(node, Dir):
                if node.opaque or (not node.children and _lookup(below, path) is None):
                    out.append(path)
                walk(node, path)
            else:
                out.append(path)

    walk(c.upper, "")
    return out


def _lookup(tree: Dir | None, path: str) -> Node | None:
    return descend(tree, path) if tree is not None else None


def _describe(node: Node) -> str:
    if isinstance(node, Dir):
        return "directory"
    if isinstance(node, Symlink):
        return f"→ {fit(node.target, 20)}"
    return size(node.size)


def _lower_view(c):
    """What the lower layers show at a path, unless the upperdir hides it (an opaque directory above it)."""
    if not c.lowers:
        return lambda path: None
    lowers = FileSystem(None, c.lowers)

    def below(path: str) -> Node | None:
        node: Node | None = c.upper
        for part in [p for p in path.split("/") if p][:-1]:
            node = node.children.get(part) if isinstance(node, Dir) else None
            if isinstance(node, Dir) and node.opaque:
                return None
        try:
            return lowers.lstat(path)
        except OSError:
            return None

    return below


def _cell(key: str, path: str, node: Node | None, c, below) -> tuple[str | None, list[str]]:
    name = path.rsplit("/", 1)[-1] + ("/" if isinstance(node, Dir) else "")
    if key == "container":  # a whole-tree copy, the top row: a deleted path is simply missing from it
        if node is None:
            return "removed", [fit(path, 30), "deleted: absent from the copy"]
        below = _lookup(c.parent_tree, path)
        kind = "added" if below is None else "modified"
        shown = fit(path, 30) + ("/" if isinstance(node, Dir) else "")
        return kind, [shown, f"{_describe(node)} · {'new' if below is None else 'changed in place'}"]
    if node is None:
        return None, []
    if node.is_whiteout():
        return "removed", [path.rsplit("/", 1)[-1], "whiteout c 0 0"]
    if key != "upper":
        opaque = isinstance(node, Dir) and node.opaque
        return ("opaque" if opaque else "file"), [name, "opaque directory" if opaque else _describe(node)]
    if isinstance(node, Dir) and node.opaque:
        return "opaque", [name, "opaque: hides the lower one"]
    if below(path) is None:
        return "added", [name, f"{_describe(node)} · new"]
    return "modified", [name, f"{_describe(node)} · copied up"]


def _merged(g, c, merged_dir: str | None, shown: list[str], touched, below_row: str, used: set[str]) -> None:
    """The top row: what the container sees at each path, with an edge from the layer that provides it."""
    if merged_dir is None:  # whole-tree drivers: the container's copy is what it sees
        return
    fs = c.rootfs()
    with g.subgraph(name="row merged") as row:
        row.attr(rank="same")
        row.node("row merged", label("merged: what the container sees", _tidy(merged_dir) or "the overlay mount"),
                 **{**style("note"), **MERGED})
        for p in shown:
            at = fs.layer_of(p)
            cell = f"merged {p}"
            if at is None:
                row.node(cell, label(fit(p, 30), "not visible"), **style("removed", style="dashed"))
                used.add("removed")
                continue
            node = fs.lstat(p)
            extra = CHANGED if p in touched else {}
            row.node(cell, label(fit(p, 30) + ("/" if isinstance(node, Dir) else ""), _describe(node),
                                 "from the upperdir" if at == 0 else "from a lower layer"),
                     **{**style("note"), **MERGED, **extra})
            used.add("merged")
            g.edge(f"{_provider(c, p)} {p}", cell, color=BLUE, penwidth="1.5")
    g.edge(f"row {below_row}", "row merged", style="invis", weight="10")
    for p in shown:
        g.edge(f"{below_row} {p}", f"merged {p}", style="invis", weight="10")


def _links(g, rows, shown: list[str], below) -> None:
    """What the upperdir's entry did to the lower one: copied it up, or hides it (a whiteout, an opaque dir)."""
    keys = {key for key, _, _, _ in rows}
    if "upper" not in keys:
        return
    lowers = [(key, tree) for key, _, _, tree in rows if key != "upper"]
    upper = next(tree for key, _, _, tree in rows if key == "upper")
    for p in shown:
        node, visible = _lookup(upper, p), below(p)
        source = next((key for key, tree in reversed(lowers) if _lookup(tree, p) is visible), None)
        if node is None or visible is None or source is None:
            continue
        if node.is_whiteout() or (isinstance(node, Dir) and node.opaque):
            g.edge(f"upper {p}", f"{source} {p}", label=" hides ", constraint="false", **edge_style("hides"))
        elif not isinstance(node, Dir):
            g.edge(f"{source} {p}", f"upper {p}", label=" copy-up ", **edge_style("copyup"))


def _provider(c, path: str) -> str | None:
    """The row whose entry the container sees at ``path`` (overlayfs decides: ``FileSystem.layer_of``)."""
    at = c.rootfs().layer_of(path)
    keys = ["upper", "init"] + [f"layer {short(layer.chain_id)}" for layer in reversed(c.image.layers)]
    return None if at is None else keys[at]


def _tidy(path: str) -> str:
    for part in path.split("/"):
        if len(part) >= 64:
            path = path.replace(part, part[:12] + "…")
    return path

