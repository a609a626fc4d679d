"""Why each claim is bound, or not: classes, volumes, claims, the Pods that use them and the nodes they run on.

Read left to right, from a Pod to the claim it mounts, to the volume that
satisfies the claim, to the class that provisioned it. A binding is two
pointers, the claim's ``spec.volumeName`` and the volume's ``spec.claimRef``:
both make a bold double-headed line, one alone a dashed line. A claim that is
Pending says why, in the binder's words: for the closest volumes, every check
each one fails (the others are counted), and where provisioning stopped. What
reclaiming did is on the volumes: Released, Failed with its message, recycled,
or deleted by the last command. Objects the last command changed have a
double border.
"""

from __future__ import annotations

from storagekit.k8s import claims as c
from storagekit.k8s.controllers.kubelet import multi_attach_error
from storagekit.k8s.matching import Reason
from storagekit.viz import style
from storagekit.viz.k8s import common as k
from storagekit.viz.k8s.common import DELETED_VOLUME, MISSING_CLAIM, MISSING_CLASS, MISSING_VOLUME, NO_CLASS
from storagekit.viz.k8s.focus import Selection, parse, walk
from storagekit.viz.k8s.graph import Key, StorageGraph

TITLE = "Why each claim is bound, or not"
FREE_SHOWN = 12
"""In a whole-cluster picture, Available volumes no claim considered are drawn up to this many; then counted."""
WHOLE = 150
"""Claims, volumes and Pods beyond which a whole-cluster picture shows only what is wrong."""
TROUBLES = 6
"""Pending claims (and Released or Failed volumes) such a picture draws; the others are counted."""
REASONS_SHOWN = 3
COLUMNS = (("Pod",), ("PersistentVolumeClaim", MISSING_CLAIM), ("PersistentVolume", MISSING_VOLUME, DELETED_VOLUME),
           ("StorageClass", MISSING_CLASS, NO_CLASS))
NODE_TEXT = {"free_volume": "volume Available", "volume": "volume Bound", "kept_volume": "volume Released (kept)",
             "failed_volume": "volume Failed", "claim": "claim Bound", "pending_claim": "claim Pending or Lost",
             "class": "StorageClass", "pod": "Pod", "waiting_pod": "Pod that waits", "gone": "deleted, or missing"}
EDGE_TEXT = {"uses": "mounts the claim", "bound": "bound: volumeName ⇄ claimRef", "half": "one pointer only",
             "provisioned": "provisioned by the class", "missed": "did not bind: why",
             "refused": "not provisioned: why"}


def cluster_storage(cluster, *, focus: str | None = None, depth: int = 2,
                    namespace: str | None = None) -> style.Diagram:
    """StorageClasses, PVs, PVCs and the Pods that use them, inside their nodes; why each claim is bound or not.

    ``focus="pvc/data"`` (or ``pv/NAME``, ``pod/NAME``, ``sc/NAME``, ``node/NAME``; claims and Pods in
    ``namespace``, else ``default``) draws only what lies within ``depth`` steps of that object; ``namespace``
    alone keeps the claims and Pods of one namespace.
    """
    graph = StorageGraph(cluster.state, namespace)
    if focus is not None:
        start = parse(focus, namespace)
        chosen = walk(graph, start, depth)
        title = f"{TITLE}: around {focus}, {depth} step{'s' if depth != 1 else ''}"
    else:
        chosen, title = _whole(graph), TITLE + (f" in namespace {namespace}" if namespace else "")
    return Picture(graph, chosen, title).draw()


def _whole(graph: StorageGraph) -> Selection:
    """Every object; Available volumes that no claim considered, beyond a few, are counted. A cluster too big
    to draw whole shows what is wrong (claims not Bound, volumes Released or Failed), and counts the rest."""
    if len(graph.claims) + len(graph.volumes) + len(graph.pods) > WHOLE:
        return _troubles(graph)
    keys = graph.everything()
    considered = {n for key in keys if key[0] == "PersistentVolumeClaim" for n in graph.neighbours(key)}
    idle = [key for key in keys if key[0] == "PersistentVolume" and key not in considered
            and not graph.volumes[key[2]]["spec"].get("claimRef") and k.phase(graph.volumes[key[2]]) == "Available"]
    out = Selection(keys)
    if len(idle) > FREE_SHOWN:
        dropped = set(idle[FREE_SHOWN:])
        out.keys = [key for key in keys if key not in dropped]
        out.left_out.append(f"{len(dropped)} more Available volumes no claim considered")
    return out


def _troubles(graph: StorageGraph) -> Selection:
    pending = [("PersistentVolumeClaim", ns, n) for (ns, n), pvc in graph.claims.items() if graph.pending(pvc)]
    kept = [("PersistentVolume", "", n) for n, pv in graph.volumes.items() if k.phase(pv) in ("Released", "Failed")]
    chosen = dict.fromkeys(pending[:TROUBLES] + kept[:TROUBLES] + [(DELETED_VOLUME, "", n) for n in graph.deleted])
    for key in pending[:TROUBLES]:
        chosen.update(dict.fromkeys(graph.neighbours(key)))
    bound = len(graph.claims) - len(pending)
    out = Selection(list(chosen), [f"{bound} Bound claims with their volumes and Pods (draw one with focus=)"])
    if len(pending) > TROUBLES:
        out.left_out.append(f"{len(pending) - TROUBLES} more Pending claims")
    if len(kept) > TROUBLES:
        out.left_out.append(f"{len(kept) - TROUBLES} more Released or Failed volumes")
    return out


class Picture:
    def __init__(self, graph: StorageGraph, chosen: Selection, title: str) -> None:
        self.graph, self.chosen = graph, chosen
        self.keys = set(chosen.keys)
        left_out = "; ".join(chosen.left_out)
        title += f"\nleft out: {k.wrap(left_out, 90, 3)}" if left_out else ""
        self.g = style.diagram("cluster_storage", title, rankdir="LR", nodesep="0.3", ranksep="0.8", newrank="true")
        self.kinds: list[str] = []
        self.edges: list[str] = []
        drawn = {key for key in chosen.keys if graph.get(key) is not None}
        self.changed = graph.changed & drawn if not drawn <= graph.changed else set()
        """What the last command changed, marked only if it did not make everything drawn (then it says nothing)."""

    # ------------------------------------------------------------------ nodes

    def _mark(self, kind: str) -> None:
        if kind not in self.kinds:
            self.kinds.append(kind)

    def _attrs(self, key: Key, kind: str, **extra: str) -> dict[str, str]:
        self._mark(kind)
        attrs = style.GONE if kind == "gone" else {}
        return {**style.style("volume" if kind == "gone" else kind, changed=key in self.changed), **attrs, **extra}

    def _node(self, where, key: Key) -> None:
        graph, (kind, ns, name) = self.graph, key
        if kind == "StorageClass":
            where.node(k.nid(*key), "\n".join(k.sc_lines(graph.classes[name])), **self._attrs(key, "class"))
        elif kind == "PersistentVolume":
            pv = graph.volumes[name]
            look, state = self._volume_state(pv)
            where.node(k.nid(*key), style.label(*k.pv_lines(pv), state), **self._attrs(key, look))
            message = (pv.get("status") or {}).get("message")
            if (pv.get("status") or {}).get("phase") == "Failed" and message:
                self._note(where, k.nid(*key), message)
        elif kind == "PersistentVolumeClaim":
            pvc = graph.claims[(ns, name)]
            where.node(k.nid(*key), style.label(*k.pvc_lines(pvc), k.phase(pvc)), **self._attrs(key, k.look(pvc)))
        elif kind == "Pod":
            pod = graph.pods[(ns, name)]
            status = k.pod_lines(pod)[1]
            where.node(k.nid(*key), style.label(*k.pod_lines(pod)), **self._attrs(key, k.look(pod)))
            problem = k.scheduling_problem(pod) or (multi_attach_error(graph.store, pod)
                                                    if pod["spec"].get("nodeName") and status != "Running" else "")
            if problem:
                self._note(where, k.nid(*key), problem)
        elif kind == MISSING_CLAIM:
            where.node(k.nid(*key), f"PVC {name}\nnot found", **self._attrs(key, "gone", shape="note"))
        elif kind == MISSING_VOLUME:
            where.node(k.nid(*key), f"PV {name}\nnot found", **self._attrs(key, "gone"))
        elif kind == MISSING_CLASS:
            where.node(k.nid(*key), f"StorageClass {name}\nnot found", **self._attrs(key, "gone", shape="hexagon"))
        elif kind == NO_CLASS:
            self._mark("class")
            where.node(k.nid(*key), 'no StorageClass\n(class "" or none)',
                       **style.style("summary", shape="hexagon", fontsize="10"))
        elif kind == DELETED_VOLUME:
            where.node(k.nid(*key), style.label(*k.pv_lines(graph.deleted[name]), "deleted: reclaim policy Delete"),
                       **self._attrs(key, "gone"))

    def _volume_state(self, pv: dict) -> tuple[str, str]:
        """How a volume looks, and its third line: its phase, and what reclaiming did to it."""
        phase = k.phase(pv)
        if phase == "Released":
            ref = pv["spec"].get("claimRef") or {}
            again = (ref.get("namespace", ""), ref.get("name", "")) in self.graph.claims
            phase = f"Released: {'an earlier' if again else 'deleted'} claim {ref.get('name', '')}"
        events = self.graph.store.events_for(pv)
        if phase == "Available" and events and events[-1].reason == "VolumeRecycled":
            phase = "Available (recycled: scrubbed)"
        return k.look(pv), phase

    def _note(self, where, owner: str, text: str) -> None:
        self._mark("message")
        where.node(owner + "_note", k.wrap(text), **style.style("message"))
        self.g.edge(owner, owner + "_note", **style.EDGES["message"])

    # ------------------------------------------------------------------ edges

    def _edge(self, tail: str, head: str, meaning: str, label: str = "", **extra: str) -> None:
        if meaning not in self.edges:
            self.edges.append(meaning)
        self.g.edge(tail, head, label=label, **{**style.EDGES[meaning], **extra})

    @staticmethod
    def _reasons(reasons: list[Reason]) -> str:
        lines = [k.wrap(str(r), 32, 3) for r in reasons[:REASONS_SHOWN]]
        if len(reasons) > REASONS_SHOWN:
            lines.append(f"+{len(reasons) - REASONS_SHOWN} more")
        return "\n".join(lines) or "fits: the next pass binds it"

    def _claim_edges(self, key: Key, pvc: dict) -> None:
        graph, me = self.graph, k.nid(*key)
        pending = graph.pending(pvc)
        linked = set()
        volume = pvc["spec"].get("volumeName")
        if volume:
            target = ("PersistentVolume" if volume in graph.volumes else MISSING_VOLUME, "", volume)
            pv = graph.volumes.get(volume)
            linked.add(target)
            if target in self.keys and pv is not None and c.claim_ref_matches(pv, pvc):
                self._edge(me, k.nid(*target), "bound", "volumeName ⇄ claimRef")
            elif target in self.keys:
                why = self._reasons(graph.reasons(pvc, pv)) if pending and pv is not None else ""
                self._edge(me, k.nid(*target), "half", "volumeName only" + (f"\n{why}" if why else ""))
        for pv in graph.by_ref.get(key[1:], []):
            target = ("PersistentVolume", "", pv["metadata"]["name"])
            if c.claim_ref_matches(pv, pvc) and pv["metadata"]["name"] != volume and target in self.keys:
                linked.add(target)
                why = f"\n{self._reasons(graph.reasons(pvc, pv))}" if pending else ""
                self._edge(k.nid(*target), me, "half", "claimRef only" + why)
        if not pending:
            return
        found = graph.candidates(pvc)
        for pv, reasons in found.shown:
            target = ("PersistentVolume", "", pv["metadata"]["name"])
            if target not in linked and target in self.keys:
                self._edge(me, k.nid(*target), "missed", self._reasons(reasons))
        if found.summary():
            self.g.node(me + "_others", k.wrap(found.summary(), 30, 4), **style.style("summary"))
            self._edge(me, me + "_others", "aside")
        refusal = graph.refusal(pvc)
        target = graph.refusal_target(pvc)
        if refusal is not None and not volume and target in self.keys:
            self._edge(me, k.nid(*target), "refused", k.wrap(str(refusal), 32, 4))

    def _edges(self) -> None:
        graph = self.graph
        for key in self.chosen.keys:
            kind, ns, name = key
            if kind == "Pod":
                pod = graph.pods[(ns, name)]
                for claim, where in k.claim_mounts(pod).items():
                    target = ("PersistentVolumeClaim" if (ns, claim) in graph.claims else MISSING_CLAIM, ns, claim)
                    if target in self.keys:
                        self._edge(k.nid(*key), k.nid(*target), "uses", where)
            elif kind == "PersistentVolumeClaim":
                self._claim_edges(key, graph.claims[(ns, name)])
            elif kind in ("PersistentVolume", DELETED_VOLUME):
                pv = graph.volumes[name] if kind == "PersistentVolume" else graph.deleted[name]
                reserved = graph.reserved_for(pv) if kind == "PersistentVolume" else None
                if reserved is not None and reserved in self.keys:
                    self._edge(k.nid(*key), k.nid(*reserved), "half", "claimRef only:\nreserved")
                sc = ("StorageClass", "", c.volume_class(pv))
                if sc in self.keys and (kind == DELETED_VOLUME or pv in graph.provisioned.get(sc[2], [])):
                    node = (graph.by_name.get(name) or [{}])[0].get("metadata", {}).get("annotations", {}) \
                        .get(c.ANN_SELECTED_NODE)
                    label = "provisioned" + (f"\nfor node {node}" if node else "")
                    self._edge(k.nid(*key), k.nid(*sc), "provisioned", label, dir="back")

    # ------------------------------------------------------------------ the whole

    def draw(self) -> style.Diagram:
        graph, g = self.graph, self.g
        by_node: dict[str, list[Key]] = {}
        by_ns: dict[str, list[Key]] = {}
        loose: list[Key] = []
        for key in self.chosen.keys:
            kind, ns, name = key
            if kind == "Pod":
                node = graph.pods[(ns, name)]["spec"].get("nodeName")
                by_node.setdefault(node if node in graph.nodes else "", []).append(key)
            elif kind == "Node":
                by_node.setdefault(name, [])
            elif kind in ("PersistentVolumeClaim", MISSING_CLAIM):
                by_ns.setdefault(ns, []).append(key)
            else:
                loose.append(key)
        for node, keys in k.top_down(sorted(by_node.items(), key=lambda kv: (kv[0] == "", kv[0]))):
            name = f"cluster_{k.nid('Node', '', node)}" if node else "cluster_unscheduled"
            with g.subgraph(name=name) as box:
                if node:
                    box.attr(label=f"node {node}", color=style.FRAME, style="solid", fontsize="10")
                else:
                    box.attr(label="not scheduled", color=style.VERMILLION, style="dashed", fontsize="10",
                             fontcolor=style.VERMILLION)
                if not keys:
                    box.node(k.nid("Node", "", node) + "_empty", "no Pods", shape="plaintext", fontsize="9")
                for key in keys:
                    self._node(box, key)
        for ns, keys in k.top_down(sorted(by_ns.items())):
            with g.subgraph(name=f"cluster_ns_{style.node_id(ns)}") as box:
                box.attr(label=f"namespace {ns}", color=style.FRAME, style="rounded", fontsize="10")
                for key in keys:
                    self._node(box, key)
        for key in loose:
            self._node(g, key)
        for column in COLUMNS:  # Pods, then claims, then volumes, then classes, whatever the edges say
            ids = [k.nid(*key) for key in self.chosen.keys if key[0] in column]
            if ids:
                with g.subgraph() as same:
                    same.attr(rank="same")
                    for nid in ids:
                        same.node(nid)
        self._edges()
        self._legend()
        return g

    def _legend(self) -> None:
        entries = [(NODE_TEXT[kind], {**style.style("volume"), **style.GONE} if kind == "gone" else style.style(kind))
                   for kind in NODE_TEXT if kind in self.kinds]
        entries += [style.edge_key(EDGE_TEXT[e], e) for e in EDGE_TEXT if e in self.edges]
        if self.changed:
            entries.append(("changed by the last command", style.style("idle", changed=True)))
        last = [key for column in COLUMNS for key in self.chosen.keys if key[0] in column][-1:]
        if entries:
            style.legend(self.g, entries, after=k.nid(*last[0]) if last else "")

