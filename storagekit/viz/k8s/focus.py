"""A picture of the few objects near one: a walk of so many steps that does not go on through hubs.

``focus="pvc/data"`` starts at that claim and takes its neighbours, then theirs,
``depth`` times. A StorageClass or a node is reached but not walked through, or a
class with hundreds of volumes would bring them all; an object with more than
:data:`FAN` new neighbours shows the most telling few and counts the rest. A
Pending claim always brings its explanation: the closest volumes it did not get,
and where provisioning stopped.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storagekit.viz.k8s.common import SHORT
from storagekit.viz.k8s.graph import HUBS, Key, StorageGraph

FAN = 8
"""New neighbours drawn per object on a walk; the others are counted."""
KINDS = {"pvc": "PersistentVolumeClaim", "persistentvolumeclaim": "PersistentVolumeClaim",
         "persistentvolumeclaims": "PersistentVolumeClaim", "pv": "PersistentVolume",
         "persistentvolume": "PersistentVolume", "persistentvolumes": "PersistentVolume", "pod": "Pod", "po": "Pod",
         "pods": "Pod", "sc": "StorageClass", "storageclass": "StorageClass", "storageclasses": "StorageClass",
         "node": "Node", "no": "Node", "nodes": "Node"}
"""The TYPE of ``TYPE/NAME`` as kubectl accepts it, for the kinds a storage picture holds."""
RESOURCES = {"PersistentVolumeClaim": "persistentvolumeclaims", "PersistentVolume": "persistentvolumes",
             "Pod": "pods", "StorageClass": "storageclasses.storage.k8s.io", "Node": "nodes"}
NAMESPACED = ("PersistentVolumeClaim", "Pod")


def name_of(key: Key) -> str:
    """``pvc/data``, ``sc/standard``; for what is not there, what it is: ``missing class fsat``."""
    kind, _, name = key
    return f"{SHORT[kind]}/{name}" if kind in RESOURCES else f"{kind} {name}".strip()


@dataclass
class Selection:
    keys: list[Key]
    left_out: list[str] = field(default_factory=list)
    """What was not drawn, said for the title: ``15 more beside node/node1``."""


def parse(focus: str, namespace: str | None) -> Key:
    """``TYPE/NAME`` as kubectl reads it; a ValueError in kubectl's words for a type it would not know here."""
    kind, sep, name = focus.partition("/")
    if not sep or not name or kind.lower() not in KINDS:
        raise ValueError(f'focus must be TYPE/NAME with TYPE one of pvc, pv, pod, sc, node (got "{focus}")')
    kind = KINDS[kind.lower()]
    return kind, (namespace or "default") if kind in NAMESPACED else "", name


def _telling(graph: StorageGraph, k: Key) -> tuple:
    """Problems first: a Pending claim, a Released or Failed volume, a Pod that is not Running."""
    obj = graph.get(k) or {}
    phase = (obj.get("status") or {}).get("phase", "")
    quiet = {"PersistentVolumeClaim": "Bound", "PersistentVolume": "Bound", "Pod": "Running"}.get(k[0])
    return (0 if quiet and phase != quiet else 1), k


def walk(graph: StorageGraph, start: Key, depth: int) -> Selection:
    if graph.get(start) is None:
        raise ValueError(f'{RESOURCES[start[0]]} "{start[2]}" not found')
    chosen = {start: None}
    out = Selection([])
    hubs: list[Key] = []
    frontier = [start]
    for _ in range(max(depth, 0)):
        reached = []
        for key in frontier:
            if key != start and key[0] in HUBS:
                hubs.append(key)
                continue
            new = sorted((n for n in graph.neighbours(key) if n not in chosen), key=lambda n: _telling(graph, n))
            if len(new) > FAN:
                out.left_out.append(f"{len(new) - FAN} more beside {name_of(key)}")
                new = new[:FAN]
            for n in new:
                chosen[n] = None
            reached += new
        frontier = reached
    for key in list(chosen):  # a Pending claim brings its explanation, even at the edge of the walk
        pvc = graph.claims.get(key[1:]) if key[0] == "PersistentVolumeClaim" else None
        if pvc is not None and graph.pending(pvc):
            for n in graph.neighbours(key):
                if n[0] != "Pod":
                    chosen.setdefault(n, None)
    out.keys = list(chosen)
    passed = [h for h in dict.fromkeys(hubs) if any(n not in chosen for n in graph.neighbours(h))]
    if passed:
        out.left_out.append("not walked through " + ", ".join(name_of(h) for h in passed))
    return out
