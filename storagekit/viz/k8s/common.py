"""What every Kubernetes picture draws the same way: node ids, the three lines of each object, wrapped messages.

The figures are ``kubectl get``'s: sizes as the API server stores them, access
modes abbreviated, a Pod's STATUS as ``printPod`` decides it. Generated names
(``pvc-<uid>``) are cut to 12 characters.
"""

from __future__ import annotations

import textwrap

from storagekit.commands.kubectl.printers import pod_status
from storagekit.k8s import claims as c
from storagekit.viz import style

WIDTH = 34
"""Characters per line of a message on a projector-sized node or edge."""
PREEMPTION = " preemption:"
"""Where the scheduler's message turns to preemption, which says nothing about storage."""


MISSING_CLAIM, MISSING_VOLUME, MISSING_CLASS, NO_CLASS, DELETED_VOLUME = (
    "missing claim", "missing volume", "missing class", "no class", "deleted volume")
"""Kinds of things a picture shows that are not there (see :mod:`storagekit.viz.k8s.graph`)."""
SHORT = {"PersistentVolume": "pv", "PersistentVolumeClaim": "pvc", "Pod": "pod", "StorageClass": "sc", "Node": "node",
         MISSING_CLAIM: "missing_pvc", MISSING_VOLUME: "missing_pv", MISSING_CLASS: "missing_sc", NO_CLASS: "no_class",
         DELETED_VOLUME: "deleted_pv"}


def key(obj: dict) -> tuple[str, str, str]:
    meta = obj["metadata"]
    return obj["kind"], meta.get("namespace", ""), meta["name"]


def nid(kind: str, namespace: str, name: str) -> str:
    """A node id that stays the same from one drawing to the next: ``pvc_default_data``, ``pv_pv_a``."""
    return style.node_id(SHORT.get(kind, kind.lower()), *(part for part in (namespace, name) if part))


def obj_id(obj: dict) -> str:
    return nid(*key(obj))


def short_name(name: str) -> str:
    """A provisioned volume's ``pvc-<uid>`` cut to 12 characters, as the tools cut long ids; other names as typed."""
    return name[:12] + "…" if name.startswith("pvc-") and len(name) > 16 else name


def wrap(text: str, width: int = WIDTH, lines: int = 4) -> str:
    """A long message in lines of ``width``, at most ``lines`` of them (then an ellipsis)."""
    out = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: width - 1] + "…"
    return "\n".join(out)


def scheduler_message(text: str) -> str:
    """The scheduler's message without its preemption postscript."""
    return text.split(PREEMPTION, 1)[0]


def class_text(pvc: dict) -> str:
    name = c.claim_class(pvc)
    if name:
        return name
    return "no class" if c.class_is_unset(pvc) else 'class ""'


def pv_lines(pv: dict) -> tuple[str, str]:
    """``PV name`` and ``size modes policy · class``."""
    spec = pv["spec"]
    figures = f"{c.capacity(pv)} {c.access_modes_string(spec.get('accessModes'))} " \
              f"{spec.get('persistentVolumeReclaimPolicy', 'Retain')}"
    cls = c.volume_class(pv)
    return f"PV {short_name(pv['metadata']['name'])}", figures + (f" · {cls}" if cls else "")


def pvc_lines(pvc: dict) -> tuple[str, str]:
    """``PVC name`` and ``request modes · class``."""
    return (f"PVC {pvc['metadata']['name']}",
            f"{c.requested(pvc)} {c.access_modes_string(pvc['spec'].get('accessModes'))} · {class_text(pvc)}")


def phase(obj: dict) -> str:
    """STATUS as ``kubectl get`` shows it: Terminating while a finalizer holds a deleted object."""
    if obj["metadata"].get("deletionTimestamp"):
        return "Terminating"
    return (obj.get("status") or {}).get("phase", "") or "Pending"


def look(obj: dict) -> str:
    """The kind of node (a key of :data:`storagekit.viz.style.KINDS`) an object is drawn as, by its state."""
    kind, state = obj["kind"], phase(obj)
    if kind == "PersistentVolume":
        return {"Bound": "volume", "Released": "kept_volume", "Failed": "failed_volume"}.get(state, "free_volume")
    if kind == "PersistentVolumeClaim":
        return "claim" if state in ("Bound", "Terminating") and obj["spec"].get("volumeName") else "pending_claim"
    if kind == "Pod":
        return "pod" if pod_status(obj) in ("Running", "Completed") else "waiting_pod"
    return {"StorageClass": "class"}.get(kind, "idle")


def sc_lines(sc: dict) -> tuple[str, str, str]:
    default = " (default)" if c.is_default_class(sc) else ""
    return (f"StorageClass {sc['metadata']['name']}{default}", sc.get("provisioner", ""),
            f"{sc.get('volumeBindingMode') or 'Immediate'} · {sc.get('reclaimPolicy') or 'Delete'}")


def pod_lines(pod: dict) -> tuple[str, str]:
    return f"Pod {pod['metadata']['name']}", pod_status(pod)


def scheduling_problem(pod: dict) -> str:
    """The scheduler's message on a Pod it could not place ("" if none)."""
    for cond in (pod.get("status") or {}).get("conditions") or []:
        if cond.get("type") == "PodScheduled" and cond.get("status") == "False":
            return scheduler_message(cond.get("message", ""))
    return ""


def mounts(pod: dict, volume_name: str) -> str:
    """Where the Pod's containers mount one of its volumes: ``/data``, ``/a (ro), /b``."""
    seen = []
    read_only = any((v.get("persistentVolumeClaim") or {}).get("readOnly") for v in pod["spec"].get("volumes") or []
                    if v.get("name") == volume_name)
    for ct in pod["spec"].get("containers") or []:
        for m in ct.get("volumeMounts") or []:
            if m.get("name") == volume_name:
                text = m.get("mountPath", "") + (" (ro)" if read_only or m.get("readOnly") else "")
                if text not in seen:
                    seen.append(text)
    return ", ".join(seen)


def claim_mounts(pod: dict) -> dict[str, str]:
    """Each claim the Pod uses, and where it is mounted."""
    out = {}
    for volume in pod["spec"].get("volumes") or []:
        claim = c.volume_claim(pod, volume)
        if claim is not None:
            out[claim] = mounts(pod, volume.get("name", ""))
    return out


def top_down(items: list) -> list:
    """Boxes in the order to declare them so that they come out top to bottom in a picture read left to right:
    there (with ``newrank``) dot fills a rank from the bottom up, in the order it meets its nodes."""
    return list(reversed(items))


def changed_keys(state) -> tuple[set[tuple[str, str, str]], dict[tuple[str, str, str], str]]:
    """What the last command changed (created or updated), and what it deleted with who deleted it, by key."""
    changed, deleted = set(), {}
    for change in state.recent:
        k = (change.kind, change.namespace, change.name)
        if change.action == "deleted":
            changed.discard(k)
            deleted[k] = change.controller
        else:
            changed.add(k)
            deleted.pop(k, None)
    return changed, deleted
