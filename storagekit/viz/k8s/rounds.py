"""One round of the controllers, in stepping mode: which controller wrote which object, and what it said.

``cluster.step()`` runs every controller once and returns a Round of Changes;
this draws it, controllers on the left numbered in the order they ran, the objects they
created, updated or deleted on the right (as they are now), and under each
object the reasons of the events the round recorded for it.
"""

from __future__ import annotations

from storagekit.viz import style
from storagekit.viz.k8s import common as k

TITLE = "What each controller wrote in this round"


def controller_round(cluster, round) -> style.Diagram:
    """The writes of ``round`` (what :meth:`storagekit.Cluster.step` returned), by controller, and the events it
    recorded on each object."""
    store = cluster.state.store
    if not round.changes:
        g = style.diagram("controller_round", "Nothing to do: the cluster has settled", rankdir="LR")
        g.node("settled", "every controller ran and wrote nothing", **style.style("summary"))
        return g
    g = style.diagram("controller_round", TITLE, rankdir="LR", ranksep="1.2", newrank="true")
    edges: dict[tuple[str, str], list[str]] = {}
    objects: dict[tuple[str, str, str], None] = {}
    for change in round.changes:
        key = (change.kind, change.namespace, change.name)
        objects[key] = None
        actions = edges.setdefault((change.controller, k.nid(*key)), [])
        actions.append(change.action)
    controllers = list(dict.fromkeys(c.controller for c in round.changes))
    with g.subgraph() as column:
        column.attr(rank="same")
        for i, name in k.top_down(list(enumerate(controllers, 1))):
            column.node(style.node_id("controller", name), f"{i}. {name}", **style.style("idle", shape="box"))
    said: dict[tuple[str, str, str], list[str]] = {}
    for event in round.events:
        said.setdefault((event.kind, event.namespace, event.name), []).append(event.reason)
    for key in objects:
        obj = store.get(key[0], key[2], key[1])
        reasons = list(dict.fromkeys(said.get(key, [])))
        what = f"{key[0]} {k.short_name(key[2])}"
        if obj is None:
            g.node(k.nid(*key), style.label(what, "deleted"), **{**style.style("volume", shape="box"), **style.GONE})
            continue
        state = k.pod_lines(obj)[1] if key[0] == "Pod" else \
            k.phase(obj) if key[0] in ("PersistentVolume", "PersistentVolumeClaim") else ""
        text = style.label(what, state, k.wrap("events: " + ", ".join(reasons), 30, 3) if reasons else "")
        g.node(k.nid(*key), text, **style.style(k.look(obj)))
    for (controller, target), actions in edges.items():
        counted = [f"{a} ×{actions.count(a)}" if actions.count(a) > 1 else a for a in dict.fromkeys(actions)]
        g.edge(style.node_id("controller", controller), target, label=", ".join(counted),
               **style.EDGES["deletes" if "deleted" in actions else "writes"])
    return g
