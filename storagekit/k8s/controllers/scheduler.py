"""The scheduler's storage side (VolumeBinding, VolumeRestrictions) and the kubelet's: where a Pod runs, and when.

A Pod waits unscheduled while a claim it uses is missing, or is an unbound
Immediate claim; a ReadWriteOncePod claim another Pod uses keeps it off every
node; a bound volume's node affinity, or a WaitForFirstConsumer claim no volume
on the node fits and no provisioner can serve, rules a node out. On the chosen
node the scheduler binds the volumes it found and writes
``volume.kubernetes.io/selected-node`` on claims to provision. The kubelet then
runs the Pod once all its claims are bound (until then: ContainerCreating).
"""

from __future__ import annotations

from storagekit.k8s import claims as c
from storagekit.k8s.apiserver import APIServer
from storagekit.k8s.controllers.index import VolumeIndex

SOURCE = "default-scheduler"
PREEMPTION = " preemption: 0/{n} nodes are available: {n} Preemption is not helpful for scheduling."


def _claims(pod: dict) -> list[str]:
    return [v["persistentVolumeClaim"]["claimName"] for v in (pod.get("spec") or {}).get("volumes") or []
            if v.get("persistentVolumeClaim")]


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
        claims = {name: store.get("PersistentVolumeClaim", name, ns) for name in _claims(pod)}
        missing = next((n for n, obj in claims.items() if obj is None), None)
        if missing:
            _fail(store, pod, f'0/{len(everyone)} nodes are available: persistentvolumeclaim "{missing}" not found.'
                  + PREEMPTION.format(n=len(everyone)))
            continue
        immediate = [p for p in claims.values() if not p["spec"].get("volumeName") and not _delayed(store, p)]
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
                pv["spec"]["claimRef"] = {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                                          "name": pvc["metadata"]["name"], "namespace": ns, "uid": pvc["metadata"]["uid"]}
                c.annotations(pv)[c.ANN_BOUND_BY_CONTROLLER] = "yes"
                store.update(pv)
            else:
                c.annotations(pvc)[c.ANN_SELECTED_NODE] = node["metadata"]["name"]
                store.update(pvc)
        pod["spec"]["nodeName"] = node["metadata"]["name"]
        pod.setdefault("status", {})["conditions"] = [{"type": "PodScheduled", "status": "True"}]
        store.update(pod)
        store.record(pod, "Normal", "Scheduled", f"Successfully assigned {ns}/{pod['metadata']['name']} to "
                     f"{node['metadata']['name']}", SOURCE)


def _delayed(store, pvc: dict) -> bool:
    sc = store.get("StorageClass", c.claim_class(pvc)) if c.claim_class(pvc) else None
    return sc is not None and sc.get("volumeBindingMode") == "WaitForFirstConsumer"


def _used_elsewhere(store, pod: dict, pvc: dict) -> bool:
    for other in store.list("Pod", pod["metadata"]["namespace"]):
        if other is not pod and other["spec"].get("nodeName") and pvc["metadata"]["name"] in _claims(other):
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


ATTACHABLE = ("csi", "awsElasticBlockStore", "gcePersistentDisk", "azureDisk", "cinder", "rbd", "iscsi", "fc")
"""Volume types the attach/detach controller attaches to a node (hostPath, local and nfs need no attach)."""


def _attach_conflict(store, pod: dict) -> tuple[str, list[str]] | None:
    """``(volume, pods)`` when a ReadWriteOnce volume this Pod needs is attached to another node for other Pods."""
    ns = pod["metadata"]["namespace"]
    for claim in _claims(pod):
        pvc = store.get("PersistentVolumeClaim", claim, ns)
        pv = store.get("PersistentVolume", (pvc or {}).get("spec", {}).get("volumeName", "")) if pvc else None
        if pv is None or not any(k in pv["spec"] for k in ATTACHABLE):
            continue
        if {"ReadWriteMany", "ReadOnlyMany"} & set(pv["spec"].get("accessModes") or []):
            continue
        users = [o["metadata"]["name"] for o in store.list("Pod") if o is not pod
                 and (o.get("status") or {}).get("phase") == "Running"
                 and o["spec"].get("nodeName") not in (None, pod["spec"]["nodeName"])
                 and claim in _claims(o) and o["metadata"]["namespace"] == ns]
        if users:
            return pv["metadata"]["name"], sorted(users)
    return None


def run_kubelets(store) -> None:
    """A scheduled Pod runs once every claim it uses is bound and attached; until then its containers are being
    created."""
    for pod in store.list("Pod"):
        if not pod["spec"].get("nodeName") or pod["metadata"].get("deletionTimestamp"):
            continue
        ns = pod["metadata"]["namespace"]
        ready = all((store.get("PersistentVolumeClaim", n, ns) or {}).get("status", {}).get("phase") == "Bound"
                    for n in _claims(pod))
        if ready and (pod.get("status") or {}).get("phase") != "Running":
            conflict = _attach_conflict(store, pod)
            if conflict is not None:
                volume, users = conflict
                store.record(pod, "Warning", "FailedAttachVolume", f'Multi-Attach error for volume "{volume}" Volume is '
                             f"already used by pod(s) {', '.join(users)}", "attachdetach-controller")
                ready = False
        containers = pod["spec"].get("containers") or []
        state = {"running": {"startedAt": store.clock.isoformat()}} if ready else \
            {"waiting": {"reason": "ContainerCreating"}}
        statuses = [{"name": ct["name"], "image": ct.get("image", ""), "ready": ready, "restartCount": 0,
                     "started": ready, "state": state} for ct in containers]
        phase = "Running" if ready else "Pending"
        status = pod.setdefault("status", {})
        if status.get("phase") == phase and [s["ready"] for s in status.get("containerStatuses", [])] == \
                [s["ready"] for s in statuses]:
            continue
        names = [n["metadata"]["name"] for n in store.list("Node")]
        host_ip = f"172.18.0.{2 + names.index(pod['spec']['nodeName'])}" if pod["spec"]["nodeName"] in names else ""
        status.update({"phase": phase, "containerStatuses": statuses, "hostIP": host_ip})
        if ready:  # the sandbox has its address once the containers run
            status["podIP"] = f"10.244.0.{int(pod['metadata']['uid'][:2], 16) % 250 + 2}"
            status["startTime"] = store.clock.isoformat()
        store.update(pod)
