"""Images and their layers, in the manner of dockviz and dive: what each image is built from, and what images share.

Read from the bottom up, as ``docker history`` is read: each layer is the
history row that made it, with its size as ``docker history`` prints it and its
diffID; a run of config-only rows (ENV, CMD, ENTRYPOINT...: ``0B``) sits between
the layers it came between, dashed. A layer that several images use is one node
with a thick border and an edge up to each image's next layer. Tags sit on top,
dangling images (``<none>:<none>``) in outline, and each container's thin
writable layer above its image.
"""

from __future__ import annotations

from collections.abc import Iterable

from storagekit.docker import sizes
from storagekit.docker.images import Image
from storagekit.docker.reference import parse
from storagekit.viz.docker.common import digest_id, fit, instruction, plural, running_engine, short, size
from storagekit.viz.style import Diagram, diagram, edge_style, label, legend, node_id, style

TITLE = "Which layers each image is built from (read from the bottom); a layer images share is drawn once"


def image_layers(host, images: str | Iterable[str] | None = None, *, containers: bool = True) -> Diagram:
    """Draw the images (all, or those ``images`` names by reference or id), their layers and their containers."""
    engine = running_engine(host)
    chosen = _choose(engine, images)
    g = diagram("image_layers", TITLE, rankdir="BT")
    if not chosen:
        g.node("empty", label("No images yet", "docker pull or docker build adds some"), **style("note"))
        return g
    users: dict[str, int] = {}
    for image in engine.images.images.values():
        for layer in image.layers:
            users[layer.chain_id] = users.get(layer.chain_id, 0) + 1
    drawn: set[str] = set()
    edges: set[tuple[str, str]] = set()
    used: dict[str, dict] = {}

    def node(name: str, text: str, kind: str, attrs: dict) -> None:
        if name not in drawn:
            drawn.add(name)
            g.node(name, text, **attrs)
            used.setdefault(kind, attrs)

    def edge(tail: str, head: str, **attrs: str) -> None:
        if tail and (tail, head) not in edges:
            edges.add((tail, head))
            g.edge(tail, head, **attrs)

    for image in chosen:
        below, below_layer, pending = "", "", []
        for row, layer in image.history() + [({}, None)]:
            if layer is None and row:
                pending.append(instruction(row.get("created_by", "")))
                continue
            if pending:  # the config-only rows since the layer below, as one dashed node
                name = node_id("config", below_layer or "base", digest_id(*pending))
                node(name, _config_label(pending), "empty_layer", style("empty_layer"))
                edge(below, name)
                below, pending = name, []
            if layer is None:
                break
            name = node_id("layer", layer.chain_id)
            shared = users.get(layer.chain_id, 0) > 1
            node(name, label(fit(instruction(row.get("created_by", ""))),
                             f"{size(sizes.layer_size(engine, layer))} · {short(layer.diff_id)}",
                             f"shared by {users[layer.chain_id]} images" if shared else ""),
                 "shared" if shared else "layer", style("layer", shared=shared))
            edge(below, name)
            below = below_layer = name
        name = node_id("image", image.id)
        tags = engine.images.tags_of(image.id)
        kind = "image" if tags else "dangling"
        node(name, _image_label(engine, image, tags), kind, style(kind))
        edge(below, name)
        if containers:
            for c in sorted(engine.containers.using_image(image), key=lambda c: (c.name, c.id)):
                cname = node_id("container", c.id)
                rw = sizes.container_sizes(engine, c)[0]
                node(cname, label(f"container {c.name}", f"writable layer {size(rw)}", _state(c)), "container",
                     style("container"))
                edge(name, cname, label=" run", **edge_style("run"))
    legend(g, _legend(used))
    return g


def _choose(engine, images) -> list[Image]:
    if images is None:
        found = list(engine.images.images.values())
    else:
        names = [images] if isinstance(images, str) else list(images)
        found = []
        for text in names:
            image = engine.images.resolve(text)
            if image not in found:
                found.append(image)
    return sorted(found, key=lambda i: (not engine.images.tags_of(i.id), engine.images.tags_of(i.id), i.id))


def _config_label(rows: list[str]) -> str:
    """The last config-only row (the one that decides, for CMD and ENTRYPOINT), and what came before it."""
    if len(rows) == 1:
        return label(fit(rows[0]), "0B · config only")
    kinds: list[str] = []
    for row in rows[:-1]:
        word = row.split(" ", 1)[0]
        if word not in kinds:
            kinds.append(word)
    return label(fit(rows[-1]), f"+ {plural(len(rows) - 1, 'row')} before it ({', '.join(kinds)})",
                 "0B · config only")


def _image_label(engine, image: Image, tags: list[str]) -> str:
    figures = f"{short(image.id)} · {size(sizes.image_size(engine, image))}"
    if not tags:
        return label("<none>:<none>", figures, "dangling (no tag)")
    names = [str(parse(t)) for t in tags]
    extra = f"+ {plural(len(names) - 1, 'more tag')}" if len(names) > 1 else ""
    return label(fit(names[0]), extra, figures)


def _state(c) -> str:
    if c.running:
        return "Up"
    return "Created" if c.state == "created" else f"Exited ({c.exit_code})"


def _legend(used: dict[str, dict]) -> list[tuple[str, dict]]:
    texts = [("layer", "image layer: instruction\nsize (docker history) · diffID"),
             ("shared", "layer shared by images"), ("empty_layer", "0B history row: config only"),
             ("image", "image: tag\nIMAGE ID · SIZE"), ("dangling", "dangling image (<none>)"),
             ("container", "container: its writable layer")]
    return [(text, used[kind]) for kind, text in texts if kind in used]
