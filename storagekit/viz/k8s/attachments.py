"""Where each volume is attached, and which Pods wait: nodes, the Pods placed on them, the volumes they use.

A volume that must be attached to a node (a CSI or cloud disk) is drawn inside
the node it is attached to; one attached to several nodes (ReadWriteMany or
ReadOnlyMany), one attached nowhere, and one that needs no attach step (hostPath,
nfs) outside. A volume pinned to one node by its node affinity (local,
local-path) is inside that node: its data is on that node's disk. Two conflicts
keep a Pod waiting, each drawn with the real message: a ReadWriteOnce volume
attached to another node (the attach/detach controller's ``Multi-Attach error``;
the Pod stays in ContainerCreating), and a ReadWriteOncePod claim another Pod
uses (the scheduler's message; the Pod is not scheduled).
"""

from __future__ import annotations

from dataclasses import dataclass

from storagekit.k8s import claims as c
from storagekit.k8s.controllers.kubelet import attachable, attachments, multi_attach_error
from storagekit.k8s.controllers.scheduler import read_write_once_pod_holders
from storagekit.k8s.matching import node_affinity_fits
from storagekit.viz import style
from storagekit.viz.k8s import common as k

TITLE = "Where each volume is attached, and which Pods wait"
LEGEND = (("pod", "Pod running"), ("waiting_pod", "Pod that waits"), ("volume", "volume in use"),
          ("shared", "volume attached to several nodes"), ("free_volume", "volume not attached"),
          ("pending_claim", "claim not bound"), ("message", "why it waits"))


@dataclass
class Volume:
    pv: dict
    node: str
    """The node box it is drawn in ("" for outside every box)."""
    where: list[str]
    """The nodes it is attached to."""

    @property
    def look(self) -> str:
        if len(self.where) > 1:
            return "shared"
        return "volume" if self.where or not attachable(self.pv) else "free_volume"

    def label(self) -> str:
        pv = self.pv
        figures = f"{c.capacity(pv)} {c.access_modes_string(pv['spec'].get('accessModes'))} · {_source(pv)}"
        if attachable(pv):
            state = f"attached to {', '.join(self.where)}" if self.where else "not attached"
        else:
            state = f"on {self.node}'s disk, no attach" if self.node else "no attach step"
        return style.label(f"PV {k.short_name(pv['metadata']['name'])}", figures, state)


def _source(pv: dict) -> str:
    if "csi" in pv["spec"]:
        return f"csi {pv['spec']['csi'].get('driver', '')}"
    return next((name for name in ("hostPath", "local", "nfs") if name in pv["spec"]), "disk")


def _pinned_node(pv: dict, nodes: list[dict]) -> str:
    """The one node a volume's node affinity allows, if it allows exactly one ("" otherwise)."""
    if not (pv["spec"].get("nodeAffinity") or {}).get("required"):
        return ""
    fits = [n["metadata"]["name"] for n in nodes
            if node_affinity_fits(pv, n["metadata"].get("labels") or {}, n["metadata"]["name"])]
    return fits[0] if len(fits) == 1 else ""


def _conflict(store, pod: dict, pvc: dict | None, pv: dict | None) -> str:
    """The message of the conflict that keeps this Pod from this claim's volume ("" if none)."""
    if pvc is not None and not pod["spec"].get("nodeName") and read_write_once_pod_holders(store, pod, pvc):
        return k.scheduling_problem(pod)
    if pv is not None and pod["spec"].get("nodeName") and (pod.get("status") or {}).get("phase") != "Running":
        error = multi_attach_error(store, pod)
        if f'"{pv["metadata"]["name"]}"' in error:
            return error
    return ""


def pod_attachments(cluster, *, namespace: str | None = None) -> style.Diagram:
    """Nodes with the Pods placed on them and the volumes attached to each; Multi-Attach errors and
    ReadWriteOncePod conflicts drawn as conflicts, with the messages the cluster gave."""
    store = cluster.state.store
    nodes = store.list("Node")
    pods = [p for p in store.list("Pod", namespace) if c.pod_claims(p)]
    attached = attachments(store)
    uses: list[tuple[dict, str, dict | None, dict | None]] = []
    volumes: dict[str, Volume] = {}
    for pod in pods:
        for claim in c.pod_claims(pod):
            pvc = store.get("PersistentVolumeClaim", claim, pod["metadata"]["namespace"])
            pv = store.get("PersistentVolume", pvc["spec"].get("volumeName", "")) if pvc else None
            if pv is not None and not c.claim_ref_matches(pv, pvc):
                pv = None
            if pv is not None and pv["metadata"]["name"] not in volumes:
                where = [n for n, names in attached.items() if pv["metadata"]["name"] in names]
                home = (where[0] if len(where) == 1 else "") if attachable(pv) else _pinned_node(pv, nodes)
                volumes[pv["metadata"]["name"]] = Volume(pv, home, where)
            uses.append((pod, claim, pvc, pv))
    g = style.diagram("pod_attachments", TITLE + (f" in namespace {namespace}" if namespace else ""),
                      rankdir="LR", nodesep="0.35", ranksep="1.1", newrank="true")
    looks: list[str] = []

    def node(where, nid: str, text: str, look: str) -> None:
        if look not in looks:
            looks.append(look)
        where.node(nid, text, **style.style("volume" if look == "shared" else look, shared=look == "shared"))

    boxes: dict[str, list[tuple[str, object]]] = {n["metadata"]["name"]: [] for n in nodes if namespace is None}
    for pod in pods:
        boxes.setdefault(pod["spec"].get("nodeName") or "", []).append(("pod", pod))
    for volume in volumes.values():
        if volume.node:
            boxes.setdefault(volume.node, []).append(("pv", volume))
    for box_node, items in k.top_down(sorted(boxes.items(), key=lambda kv: (kv[0] == "", kv[0]))):
        with g.subgraph(name=f"cluster_{k.nid('Node', '', box_node)}" if box_node else "cluster_unscheduled") as box:
            if box_node:
                box.attr(label=f"node {box_node}", color=style.FRAME, style="solid", fontsize="10")
            else:
                box.attr(label="not scheduled", color=style.VERMILLION, fontcolor=style.VERMILLION, style="dashed",
                         fontsize="10")
            if not items:
                box.node(k.nid("Node", "", box_node) + "_empty", "no Pods", shape="plaintext", fontsize="9")
            for kind, item in items:
                if kind == "pod":
                    node(box, k.obj_id(item), style.label(*k.pod_lines(item)), k.look(item))
                else:
                    node(box, k.obj_id(item.pv), item.label(), item.look)
    for volume in volumes.values():
        if not volume.node:
            node(g, k.obj_id(volume.pv), volume.label(), volume.look)
    meanings: list[str] = []
    for pod, claim, pvc, pv in uses:
        if pv is not None:
            target = k.obj_id(pv)
        elif pvc is not None:  # a claim with no volume: the Pod's line ends at the claim
            target = k.obj_id(pvc)
            node(g, target, style.label(*k.pvc_lines(pvc), k.phase(pvc)), "pending_claim")
        else:
            continue
        conflict = _conflict(store, pod, pvc, pv)
        meaning = "conflict" if conflict else "uses"
        if meaning not in meanings:
            meanings.append(meaning)
        g.edge(k.obj_id(pod), target, label=k.wrap(conflict, 38, 5) if conflict else f"claim {claim}",
               **style.EDGES[meaning])
    for pod in pods:  # a Pod the scheduler could not place for another reason: its message, as a note
        problem = k.scheduling_problem(pod)
        if problem and not any(_conflict(store, p, pvc, pv) for p, _, pvc, pv in uses if p is pod):
            node(g, k.obj_id(pod) + "_note", k.wrap(problem), "message")
            g.edge(k.obj_id(pod), k.obj_id(pod) + "_note", **style.EDGES["message"])
    entries = [(text, style.style("volume", shared=True) if look == "shared" else style.style(look))
               for look, text in LEGEND if look in looks]
    entries += [style.edge_key(text, e) for e, text in (("uses", "uses the volume"),
                                                          ("conflict", "cannot use it: the message"))
                if e in meanings]
    if entries:
        last = [k.obj_id(v.pv) for v in volumes.values()] or [k.obj_id(p) for p in pods]
        style.legend(g, entries, after=last[-1] if last else "")
    return g
