"""``/var/lib/docker`` as a tree, each directory that stores something wired to the layer, image, container or
volume it stores.

A layer is stored twice over, under two different names: its files in the
driver's directory (``overlay2/<cache-id>``, a random name picked when the
layer was stored) and its metadata in ``image/overlay2/layerdb/sha256/<chainID>``
(a name computed from content: the layer with every layer below it). The
engine says which path stores what (``DataRoot.layer_paths`` and its
siblings); with the containerd image store the layers are numbered snapshots
and content blobs under ``/var/lib/containerd``, drawn as a second tree.

The directories on the way to a stored object are opened; of the directories
that store one kind of object side by side (layers, containers) one is opened
as a sample when it lies less than ``depth`` levels below the root; the others
show their entry count. Each directory lists at most :data:`CHILDREN` entries
besides the ones that lead to stored objects, the rest summed up as "… N more".
"""

from __future__ import annotations

import posixpath
import re

from storagekit.docker import sizes
from storagekit.docker.storage.snapshotter import CONTAINERD_ROOT
from storagekit.fs.nodes import Dir, Symlink
from storagekit.fs.usage import disk_usage
from storagekit.viz.docker.common import fit, instruction, plural, running_engine, short, size
from storagekit.viz.style import Diagram, diagram, edge_style, label, legend, node_id, style

CHILDREN = 6
WHY = ("Two names for one layer:\n"
       "layerdb/sha256/<chainID>: computed from content, the layer and all below it\n"
       "(chainID = sha256(parent's chainID + \" \" + diffID); the first layer's is its diffID)\n"
       "overlay2/<cache-id>: a random name picked when the layer was stored")


def data_root(host, *, depth: int = 3) -> Diagram:
    """Draw the data root (and containerd's root, with that image store) and what each directory stores."""
    engine = running_engine(host)
    roots = [engine.data_root.root] + ([CONTAINERD_ROOT] if engine.uses_containerd else [])
    store = "containerd image store" if engine.uses_containerd else f"{engine.graph.name} driver"
    g = diagram("data_root", f"What {' and '.join(roots)} hold{'' if len(roots) > 1 else 's'} with the {store}, "
                             "and which directory stores which layer, image, container or volume", rankdir="LR",
                nodesep="0.1", ranksep="0.5")
    links, objects = _stored(engine)
    used: dict[str, dict] = {}
    drawn: set[str] = set()
    for root in roots:
        _tree(g, host.fs, root, depth, links, used, drawn)
    shown = {name for path, targets in links.items() if path in drawn for name in targets}
    for name, (text, kind, attrs) in objects.items():
        if name in shown:
            g.node(name, text, **attrs)
            used.setdefault(kind, attrs)
    for path, targets in sorted(links.items()):
        if path in drawn:
            for target in targets:
                g.edge(f"dir {path}", target, **edge_style("stored"))
    if "layer" in used:
        g.node("why two names", WHY.replace("overlay2", engine.graph.name) if not engine.uses_containerd else
               "A layer is stored twice with the containerd store:\n"
               "snapshots/<n>: its unpacked files, numbered in order\n"
               "blobs/sha256/<digest>: its compressed tar, as pulled or pushed", **style("note"))
    legend(g, [(text, used[kind]) for kind, text in LEGEND if kind in used])
    return g


LEGEND = [("dir", "directory"), ("collapsed", "directory not opened"), ("summary", "… entries not listed"),
          ("layer", "layer: instruction / diffID · chainID / cache-id · size"), ("image", "image"),
          ("dangling", "dangling image"),
          ("container", "container"), ("volume", "volume")]


def _stored(engine) -> tuple[dict[str, list[str]], dict[str, tuple[str, str, dict]]]:
    """``(path -> object node ids, object node id -> (label, kind, attributes))``, from the engine's layout."""
    links: dict[str, list[str]] = {}
    objects: dict[str, tuple[str, str, dict]] = {}
    made_by: dict[str, str] = {}
    for image in sorted(engine.images.images.values(), key=lambda i: i.id):
        for row, layer in image.history():
            if layer is not None:
                made_by.setdefault(layer.chain_id, row.get("created_by", ""))
    for layer in sorted(engine.layers.layers.values(), key=lambda lay: (len(lay.chain), lay.chain_id)):
        name = node_id("layer", layer.chain_id)
        objects[name] = (label(fit(instruction(made_by.get(layer.chain_id, "(build cache only)")), 40),
                               f"diffID {short(layer.diff_id)} · chainID {short(layer.chain_id)}",
                               f"{_stored_as(engine, layer)} · {size(sizes.layer_size(engine, layer))}"),
                         "layer", style("layer"))
        for path in engine.data_root.layer_paths(layer):
            links.setdefault(path, []).append(name)
    for image in sorted(engine.images.images.values(), key=lambda i: i.id):
        name = node_id("image", image.id)
        tags = engine.images.tags_of(image.id)
        objects[name] = (label(fit(tags[0] if tags else "<none>:<none>", 36), short(image.id)),
                         "image" if tags else "dangling", style("image" if tags else "dangling"))
        for path in engine.data_root.image_paths(image):
            links.setdefault(path, []).append(name)
    for c in engine.containers:
        name = node_id("container", c.id)
        objects[name] = (label(f"container {c.name}", short(c.id)), "container", style("container"))
        for path in engine.data_root.container_paths(c):
            links.setdefault(path, []).append(name)
    for volume in engine.volumes:
        name = node_id("volume", volume.name)
        shown = f"anonymous volume {short(volume.name)}" if volume.anonymous else f"volume {volume.name}"
        objects[name] = (label(fit(shown, 36), size(engine.volumes.size(volume))), "volume", style("volume"))
        links.setdefault(f"{engine.data_root.root}/volumes/{volume.name}", []).append(name)
    return links, objects


def _stored_as(engine, layer) -> str:
    """The name of the layer's directory: its cache-id, or with containerd its snapshot's number."""
    if engine.uses_containerd:
        return f"snapshot {posixpath.basename(engine.graph.layer_dir(layer.cache_id))}"
    return f"cache-id {short(layer.cache_id)}"


def _tree(g, fs, root: str, depth: int, links: dict[str, list[str]], used: dict, drawn: set[str]) -> None:
    """The tree under ``root``. A directory on the way to a stored object is opened and lists those entries first;
    one directory that stores an object (a layer's, a container's) in each parent is opened as a sample of what
    all of them hold, if it lies less than ``depth`` levels down; other directories show their entry count."""
    try:
        top = fs.lstat(root)
    except OSError:
        return
    needed: set[str] = set()
    for path in links:
        if path.startswith(root + "/"):
            parts = path[len(root) + 1:].split("/")
            needed.update(root + "/" + "/".join(parts[:i]) for i in range(1, len(parts)))
    _dir_node(g, root, root, top, True, used, 0)
    drawn.add(root)
    queue = [(root, top, 0)]
    while queue:
        path, node, level = queue.pop(0)
        names = sorted(node.children)
        stores = [n for n in names if f"{path}/{n}" in needed or f"{path}/{n}" in links]
        others = [n for n in names if n not in stores]
        listed = sorted(stores[:CHILDREN] + others[: max(0, CHILDREN - len(stores))]) if level else names[:2 * CHILDREN]
        sampled = False
        for name in listed:
            child, child_path = node.children[name], f"{path}/{name}"
            if child_path in links:
                opened = isinstance(child, Dir) and not sampled and level + 1 < depth
                sampled = sampled or opened
            else:
                opened = isinstance(child, Dir) and child_path in needed
            _dir_node(g, name, child_path, child, opened, used, level + 1)
            drawn.add(child_path)
            g.edge(f"dir {path}", f"dir {child_path}", **edge_style("tree"))
            if opened:
                queue.append((child_path, child, level + 1))
        rest = len(names) - len(listed)
        if rest:
            used.setdefault("summary", style("summary"))
            g.node(f"more {path}", f"… {plural(rest, 'more entry', 'more entries')}", **style("summary"))
            g.edge(f"dir {path}", f"more {path}", **edge_style("tree"))


def _dir_node(g, name: str, path: str, node, opened: bool, used: dict, level: int) -> None:
    shown = re.sub(r"[0-9a-f]{64}", lambda m: m[0][:12] + "…", name)
    if isinstance(node, Dir):
        kind = "dir" if opened or not node.children else "collapsed"
        extra = size(disk_usage(node)) if level == 1 else ""
        closed = f"{plural(len(node.children), 'entry', 'entries')}" if kind == "collapsed" else ""
        g.node(f"dir {path}", label(shown + "/", " · ".join(x for x in (extra, closed) if x)), **style(kind))
    else:
        kind = "file"
        what = f"→ {fit(node.target, 30)}" if isinstance(node, Symlink) else size(node.size)
        g.node(f"dir {path}", label(shown, what), **style(kind))
    used.setdefault(kind, style(kind))

