"""The scheduler's storage side (VolumeBinding, VolumeRestrictions): where a Pod may run.

A Pod waits unscheduled while a claim it uses is missing, or is an unbound
Immediate claim; a ReadWriteOncePod claim another Pod uses keeps it off every
node; a bound volume's node affinity, or a WaitForFirstConsumer claim no volume
on the node fits and no provisioner can serve, rules a node out. On the chosen
node the scheduler binds the volumes it found and writes
``volume.kubernetes.io/selected-node`` on claims to provision. A claim named
for a generic ephemeral volume that the Pod does not own is never used.
"""

from __future__ import annotations

from storagekit.k8s import claims as c
from storagekit.k8s.apiserver import APIServer
from storagekit.k8s.controllers.index import VolumeIndex

SOURCE = "default-scheduler"
PREEMPTION = " preemption: 0/{n} nodes are available: {n} Preemption is not helpful for scheduling."


def _ready_nodes(store) -> list[dict]:
    nodes = []
    for node in store.list("Node"):
        ready = any(cond["type"] == "Ready" and cond["status"] == "True" for cond in node["status"].get("conditions", []))
        if ready and not (node.get("spec") or {}).get("unschedulable"):
            nodes.append(node)
    return nodes


def _affinity_fits(pv: dict, node: dict) -> bool:
    terms = (((pv["spec"].get("nodeAffinity") or {}).get("required") or {}).get("nodeSelectorTerms")) or []
    if not terms:
        return True
    labels = node["metadata"].get("labels") or {}
    return any(c.selector_matches({"matchExpressions": t.get("matchExpressions") or []}, labels) for t in terms)


def schedule(api: APIServer) -> None:
    store = api.store
    everyone = store.list("Node")
    nodes = _ready_nodes(store)
    tainted = {"node(s) had untolerated taint {node.kubernetes.io/unschedulable: }":
               sum(1 for n in everyone if (n.get("spec") or {}).get("unschedulable")),
               "node(s) had untolerated taint {node.kubernetes.io/not-ready: }":
               sum(1 for n in everyone if n not in nodes and not (n.get("spec") or {}).get("unschedulable"))}
    for pod in store.list("Pod"):
        if pod["spec"].get("nodeName") or pod["metadata"].get("deletionTimestamp"):
            continue
        ns = pod["metadata"]["namespace"]
        claims = {name: store.get("PersistentVolumeClaim", name, ns) for name in c.pod_claims(pod)}
        missing = next((n for n, obj in claims.items() if obj is None), None)
        if missing:
            _fail(store, pod, f'0/{len(everyone)} nodes are available: persistentvolumeclaim "{missing}" not found.'
                  + PREEMPTION.format(n=len(everyone)))
            continue
        stranger = next((p for p in claims.values() if _ephemeral(pod, p) and not c.controlled_by(p, pod)), None)
        if stranger is not None:
            _fail(store, pod, f"0/{len(everyone)} nodes are available: PVC {ns}/{stranger['metadata']['name']} was not "
                  f"created for pod {ns}/{pod['metadata']['name']} (pod is not owner)." + PREEMPTION.format(n=len(everyone)))
            continue
        immediate = [p for p in claims.values() if not p["spec"].get("volumeName") and not c.binding_delayed(p, store)]
        if immediate:
            _fail(store, pod, f"0/{len(everyone)} nodes are available: pod has unbound immediate PersistentVolumeClaims."
                  + PREEMPTION.format(n=len(everyone)))
            continue
        if any("ReadWriteOncePod" in c.modes(p) and _used_elsewhere(store, pod, p) for p in claims.values()):
            _fail(store, pod, f"0/{len(everyone)} nodes are available: {len(nodes)} node has pod using "
                  "PersistentVolumeClaim with the same name and ReadWriteOncePod access mode."
                  + PREEMPTION.format(n=len(everyone)))
            continue
        reasons: dict[str, int] = {r: n for r, n in tainted.items() if n}
        feasible = []
        for node in nodes:
            plan, reason = _plan(store, claims, node)
            if plan is None:
                reasons[reason] = reasons.get(reason, 0) + 1
                continue
            feasible.append((node, plan))
        # scoring spreads Pods: the node running the fewest wins (by name among equals)
        load = {n["metadata"]["name"]: 0 for n in nodes}
        for other in store.list("Pod"):
            if other["spec"].get("nodeName") in load:
                load[other["spec"]["nodeName"]] += 1
        chosen = min(feasible, key=lambda f: (load[f[0]["metadata"]["name"]], f[0]["metadata"]["name"])) \
            if feasible else None
        if chosen is None:
            detail = ", ".join(sorted(f"{n} {r}" for r, n in reasons.items())) if reasons else "no nodes available"
            _fail(store, pod, f"0/{len(everyone)} nodes are available: {detail}." + PREEMPTION.format(n=len(everyone)))
            continue
        node, plan = chosen
        for pvc, pv in plan:
            if pv is not None:
                c.bind_volume_to_claim(pv, pvc)
                store.update(pv)
            else:
                c.annotations(pvc)[c.ANN_SELECTED_NODE] = node["metadata"]["name"]
                store.update(pvc)
        pod["spec"]["nodeName"] = node["metadata"]["name"]
        pod.setdefault("status", {})["conditions"] = [{"type": "PodScheduled", "status": "True"}]
        store.update(pod)
        store.record(pod, "Normal", "Scheduled", f"Successfully assigned {ns}/{pod['metadata']['name']} to "
                     f"{node['metadata']['name']}", SOURCE)


def _ephemeral(pod: dict, pvc: dict) -> bool:
    """The claim stands for one of the Pod's generic ephemeral volumes (and must then be the Pod's own)."""
    return any(v.get("ephemeral") is not None and c.volume_claim(pod, v) == pvc["metadata"]["name"]
               for v in pod["spec"].get("volumes") or [])


def _used_elsewhere(store, pod: dict, pvc: dict) -> bool:
    for other in store.list("Pod", pod["metadata"]["namespace"]):
        if other is not pod and other["spec"].get("nodeName") and pvc["metadata"]["name"] in c.pod_claims(other):
            return True
    return False


def _plan(store, claims: dict, node: dict):
    """``(plan, "")`` or ``(None, reason)``: for each unbound claim, a volume on this node or provisioning."""
    plan = []
    taken: set[str] = set()
    for pvc in sorted(claims.values(), key=lambda p: c.requested(p)):
        name = pvc["spec"].get("volumeName")
        if name:
            pv = store.get("PersistentVolume", name)
            if pv is not None and not _affinity_fits(pv, node):
                return None, "node(s) had volume node affinity conflict"
            continue
        candidates = [pv for pv in store.list("PersistentVolume")
                      if pv["metadata"]["name"] not in taken and _affinity_fits(pv, node)]
        pv = VolumeIndex(candidates).find(pvc, delay=False)
        if pv is not None:
            taken.add(pv["metadata"]["name"])
            plan.append((pvc, pv))
            continue
        sc = store.get("StorageClass", c.claim_class(pvc))
        if sc is None or sc.get("provisioner") in ("", "kubernetes.io/no-provisioner"):
            return None, "node(s) didn't find available persistent volumes to bind"
        plan.append((pvc, None))
    return plan, ""


def _fail(store, pod: dict, message: str) -> None:
    store.record(pod, "Warning", "FailedScheduling", message, SOURCE)
    status = pod.setdefault("status", {})
    wanted = [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": message}]
    if status.get("conditions") != wanted:
        status["conditions"] = wanted
        store.update(pod)
