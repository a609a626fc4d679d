"""A container's mounts: which of its paths live in the overlay, and which in a volume, a host path or memory.

The container's root is its overlay (image layers and writable layer); each
mount point is wired to what is mounted there: a named volume or an anonymous
one (``/var/lib/docker/volumes/NAME/_data``), a host path (bind), or tmpfs
(memory, gone when the container stops). The edge says how it was asked for
(``-v``, ``--mount``, ``--tmpfs``, the image's ``VOLUME``) and whether it is
read-only. What the image has under a mount point is hidden while the mount is
there; the view says how many entries.
"""

from __future__ import annotations

from storagekit.docker import sizes
from storagekit.docker.volumes.setup import users_of
from storagekit.fs.nodes import Dir, File, iter_tree
from storagekit.viz.docker.common import fit, plural, running_engine, short, size
from storagekit.viz.style import Diagram, diagram, edge_style, label, legend, node_id, style

DOCKER_FILES = ("/etc/hostname", "/etc/hosts", "/etc/resolv.conf")
"""Files Docker bind-mounts from ``containers/<id>/`` into every container."""


def container_mounts(host, container: str) -> Diagram:
    """Draw ``container``'s file tree with its mount points wired to what is mounted on each."""
    engine = running_engine(host)
    c = engine.containers.resolve(container)
    g = diagram("container_mounts", f"Where each path of container {c.name} lives: in its overlay, "
                                     "or in a volume, a host path or memory mounted over it", rankdir="LR",
                nodesep="0.25", ranksep="0.6")
    used: dict[str, dict] = {}

    def node(name: str, text: str, kind: str, attrs: dict) -> None:
        g.node(name, text, **attrs)
        used.setdefault(kind, attrs)

    me = node_id("container", c.id)
    node(me, label(f"container {c.name}", fit(c.image_ref, 36), "Up" if c.running else c.state), "container",
         style("container"))
    rw = sizes.container_sizes(engine, c)[0]
    locked = bool(c.host_config.get("ReadonlyRootfs"))
    node("mount /", label("/ · read-only (--read-only)" if locked else "/", "overlay: image layers",
                          f"+ writable layer {size(rw)}"),
         "layer", {**style("layer"), **({"penwidth": "2"} if locked else {})})
    g.edge(me, "mount /", label=" root filesystem ")
    rootfs = c.rootfs()
    points = sorted(c.mounts, key=lambda m: m.destination)
    for mp in points:
        parent = max((p.destination for p in points if mp.destination.startswith(p.destination.rstrip("/") + "/")),
                     key=len, default="/")
        here = f"mount {mp.destination}"
        node(here, label(mp.destination, f"{mp.type}{'' if mp.rw else ' · read-only'}", _hides(rootfs, mp.destination)),
             "mountpoint", {**style("dir"), **({"penwidth": "2"} if not mp.rw else {})})
        g.edge(f"mount {parent}", here, **edge_style("tree"))
        source, text, kind = _source(engine, host, c, mp)
        node(source, text, kind, style(kind))
        g.edge(here, source, label=f" {_asked(c, mp)} ",
               **edge_style(kind, **({"style": "dashed"} if not mp.rw else {})))
    own = "mount docker files"
    node(own, label(*[p for p in DOCKER_FILES if p not in {m.destination for m in points}] or ["(replaced)"]),
         "own", style("file", style="filled,dashed"))
    g.edge("mount /", own, **edge_style("tree"))
    base = f"{engine.data_root.root}/containers/{short(c.id)}…/"
    node("docker files", label("Docker's own files", fit(base, 44), "rewritten at each start"), "bind", style("bind"))
    g.edge(own, "docker files", label=" bind (Docker) ", **edge_style("bind"))
    legend(g, [(text, used[kind]) for kind, text in LEGEND if kind in used]
           + [("read-only mount: thick border, dashed wire",
               style("dir", penwidth="2"))] * (locked or any(not m.rw for m in points)))
    return g


LEGEND = [("container", "container"), ("layer", "its root: the overlay"), ("mountpoint", "mount point"),
          ("volume", "volume: /var/lib/docker/volumes/NAME/_data"), ("bind", "host path (bind mount)"),
          ("tmpfs", "tmpfs: memory, gone when it stops")]


def _hides(rootfs, target: str) -> str:
    """How much of the image (and writable layer) lies under a mount point, hidden while it is mounted."""
    try:
        node = rootfs.lstat(target)
    except OSError:
        return ""
    if isinstance(node, Dir):
        entries = sum(1 for path, _ in rootfs.walk(target))
        return f"hides {plural(entries, 'image entry', 'image entries')}" if entries else ""
    return "hides the image's file" if isinstance(node, File) and node.size else ""


def _source(engine, host, c, mp) -> tuple[str, str, str]:
    """The node of what is mounted: ``(id, label, kind)``."""
    if mp.type == "volume":
        volume = engine.volumes.volumes.get(mp.name)
        others = [o.name for o in engine.containers if o.id != c.id and o.id in users_of(engine.containers, volume)] \
            if volume is not None else []
        name = f"anonymous volume {short(mp.name)}" if volume is not None and volume.anonymous else f"volume {mp.name}"
        where = (volume.mountpoint if volume is not None else mp.source).replace(mp.name, short(mp.name) + "…") \
            if len(mp.name) == 64 else (volume.mountpoint if volume is not None else mp.source)
        held = _backing(volume) if volume is not None and volume.needs_mount else _content(host.fs, mp.source)
        state = f"{held} · also {', '.join(others)}" if others else held
        return node_id("volume", mp.name), label(name, fit(where, 48), fit(state, 48)), "volume"
    if mp.type == "bind":
        return node_id("bind", mp.source), label("host path", fit(mp.source, 48), _content(host.fs, mp.source)), "bind"
    held = c.tmpfs.get(mp.destination)
    now = _tree_content(held) if held is not None and c.running else "empty: the container is not running"
    return (node_id("tmpfs", c.id, mp.destination),
            label("tmpfs (memory)", mp.tmpfs_options or "no size limit", now), "tmpfs")


def _backing(volume) -> str:
    """What the local driver mounts over the volume's directory when a container starts (an NFS export, a
    device): the files there are that filesystem's, not the directory's."""
    o = volume.options or {}
    return f"mounts {o.get('type', '')} {o.get('device', '')}".rstrip() + (f" ({o['o']})" if o.get("o") else "")


def _content(fs, path: str) -> str:
    try:
        node = fs.lstat(path)
    except OSError:
        return "missing"
    return _tree_content(node) if isinstance(node, Dir) else size(node.size)


def _tree_content(d: Dir) -> str:
    files = [n for _, n in iter_tree(d) if not isinstance(n, Dir)]
    return f"{plural(len(files), 'file')} · {size(sum(n.size for n in files))}"


def _asked(c, mp) -> str:
    """How the mount was asked for, in the user's words: the ``-v`` string, the ``--mount`` fields, ``--tmpfs``."""
    for raw in c.host_config.get("Binds") or []:
        parts = raw.split(":")
        if (len(parts) == 1 and parts[0] == mp.destination) or (len(parts) > 1 and parts[1] == mp.destination):
            return fit(f"-v {raw}", 36)
    for spec in c.host_config.get("Mounts") or []:
        if spec.get("Target") == mp.destination:
            fields = [f"type={spec.get('Type')}"] + ([f"source={spec['Source']}"] if spec.get("Source") else []) \
                + [f"target={mp.destination}"] + (["readonly"] if spec.get("ReadOnly") else [])
            return fit("--mount " + ",".join(fields), 40)
    if mp.type == "tmpfs":
        options = (c.host_config.get("Tmpfs") or {}).get(mp.destination, "")
        return fit(f"--tmpfs {mp.destination}" + (f":{options}" if options else ""), 36)
    if mp.anonymous:  # -v /path without a source is a Config.Volumes entry, as is the image's VOLUME
        image_volumes = (c.image.config.get("config") or {}).get("Volumes") or {}
        return "VOLUME in the image" if mp.destination in image_volumes else fit(f"-v {mp.destination}", 36)
    return "--volumes-from"
