"""The scheduler's storage side (VolumeBinding, VolumeRestrictions): where a Pod may run.

A Pod waits unscheduled while a claim it uses is missing, or is not fully
bound and binds at once (Immediate, or named to its volume); a ReadWriteOncePod
claim another Pod uses keeps it off every node; a node whose labels the Pod's
``nodeSelector`` does not match, a bound volume's node affinity, or a
WaitForFirstConsumer claim no volume on the node fits and no provisioner can
serve there, rules a node out. A volume for such a claim is
the smallest of its class that passes every check on that node
(``FindMatchingVolume``): the PV controller's preference for fewer access
modes does not apply here. On the chosen node the scheduler binds the volumes
it found and writes ``volume.kubernetes.io/selected-node`` on claims to
provision. A claim named for a generic ephemeral volume that the Pod does not
own is never used.
"""

from __future__ import annotations

from storagekit.k8s import claims as c
from storagekit.k8s import matching as m
from storagekit.k8s.apiserver import APIServer
from storagekit.k8s.controllers.protection import pods_using
from storagekit.k8s.controllers.provisioner import NOT_SUPPORTED

SOURCE = "default-scheduler"
NO_NODES = "no nodes available to schedule pods"
"""``ErrNoNodesAvailable``: a cluster without nodes fails every Pod with this, before any filter runs."""
BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind"
PREEMPTION = " preemption: 0/{n} nodes are available: {n} Preemption is not helpful for scheduling."


def schedulable_nodes(store) -> list[dict]:
    """Nodes the scheduler may place Pods on: Ready and not cordoned. A Node with no Ready condition yet (one
    no kubelet has posted the status of) keeps its ``not-ready`` taint, so Pods stay off it."""
    nodes = []
    for node in store.list("Node"):
        ready = any(cond.get("type") == "Ready" and cond.get("status") == "True"
                    for cond in (node.get("status") or {}).get("conditions") or [] if isinstance(cond, dict))
        if ready and not (node.get("spec") or {}).get("unschedulable"):
            nodes.append(node)
    return nodes


def schedule(api: APIServer) -> None:
    store = api.store
    everyone = store.list("Node")
    nodes = schedulable_nodes(store)
    tainted = {"node(s) had untolerated taint {node.kubernetes.io/unschedulable: }":
               sum(1 for n in everyone if (n.get("spec") or {}).get("unschedulable")),
               "node(s) had untolerated taint {node.kubernetes.io/not-ready: }":
               sum(1 for n in everyone if n not in nodes and not (n.get("spec") or {}).get("unschedulable"))}
    for pod in store.list("Pod"):
        if pod["spec"].get("nodeName") or pod["metadata"].get("deletionTimestamp"):
            continue
        if not everyone:
            _fail(store, pod, NO_NODES)
            continue
        ns = pod["metadata"]["namespace"]
        found = {name: store.get("PersistentVolumeClaim", name, ns) for name in c.pod_claims(pod)}
        missing = next((n for n, obj in found.items() if obj is None), None)
        if missing:
            _fail(store, pod, f'0/{len(everyone)} nodes are available: persistentvolumeclaim "{missing}" not found.'
                  + PREEMPTION.format(n=len(everyone)))
            continue
        claims = {n: obj for n, obj in found.items() if obj is not None}  # all of them, from here on
        stranger = next((p for p in claims.values() if _ephemeral(pod, p) and not c.controlled_by(p, pod)), None)
        if stranger is not None:
            _fail(store, pod, f"0/{len(everyone)} nodes are available: PVC {ns}/{stranger['metadata']['name']} was not "
                  f"created for pod {ns}/{pod['metadata']['name']} (pod is not owner)."
                  + PREEMPTION.format(n=len(everyone)))
            continue
        immediate = [p for p in claims.values() if not fully_bound(p)
                     and (p["spec"].get("volumeName") or not m.delay_binding(store, p))]
        if immediate:
            _fail(store, pod, f"0/{len(everyone)} nodes are available: pod has unbound immediate "
                              "PersistentVolumeClaims."
                  + PREEMPTION.format(n=len(everyone)))
            continue
        if any(read_write_once_pod_holders(store, pod, p) for p in claims.values()):
            _fail(store, pod, f"0/{len(everyone)} nodes are available: {len(nodes)} node has pod using "
                  "PersistentVolumeClaim with the same name and ReadWriteOncePod access mode."
                  + PREEMPTION.format(n=len(everyone)))
            continue
        reasons: dict[str, int] = {r: n for r, n in tainted.items() if n}
        feasible = []
        selector = {"matchLabels": pod["spec"].get("nodeSelector") or {}}
        for node in nodes:
            if not c.selector_matches(selector, node["metadata"].get("labels")):
                reason = "node(s) didn't match Pod's node affinity/selector"
                reasons[reason] = reasons.get(reason, 0) + 1
                continue
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
                c.annotations_of(pvc)[c.ANN_SELECTED_NODE] = node["metadata"]["name"]
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


def fully_bound(pvc: dict) -> bool:
    """``isPVCFullyBound``: the claim names its volume and the PV controller has finished binding it."""
    return bool(pvc["spec"].get("volumeName")) and c.has_annotation(pvc, c.ANN_BIND_COMPLETED)


def read_write_once_pod_holders(store, pod: dict, pvc: dict) -> list[dict]:
    """VolumeRestrictions: the scheduled Pods that already use this ReadWriteOncePod claim, and keep ``pod`` off
    every node (none for a claim of other modes)."""
    if "ReadWriteOncePod" not in c.modes(pvc):
        return []
    return [other for other in store.list("Pod", pod["metadata"]["namespace"])
            if other is not pod and other["spec"].get("nodeName") and pvc["metadata"]["name"] in c.pod_claims(other)]


def _topology_fits(sc: dict, labels: dict) -> bool:
    """``MatchTopologySelectorTerms``: no allowedTopologies fits every node; else any term, all its expressions."""
    terms = sc.get("allowedTopologies") or []
    return not terms or any(all(labels.get(e.get("key")) in (e.get("values") or [])
                                for e in t.get("matchLabelExpressions") or []) for t in terms)


def _plan(store, claims: dict[str, dict], node: dict) -> tuple[list[tuple[dict, dict | None]] | None, str]:
    """``FindPodVolumes``: ``(plan, "")`` or ``(None, reason)``; for each claim still to bind, a volume on this node
    (the smallest of its class that fits, as ``FindMatchingVolume`` picks it) or provisioning."""
    plan: list[tuple[dict, dict | None]] = []
    taken: set[str] = set()
    labels, name = node["metadata"].get("labels") or {}, node["metadata"]["name"]
    for pvc in sorted(claims.values(), key=lambda p: c.requested(p)):
        if fully_bound(pvc):
            pv = store.get("PersistentVolume", pvc["spec"]["volumeName"])
            if pv is not None and not m.node_affinity_fits(pv, labels, name):
                return None, "node(s) had volume node affinity conflict"
            continue
        selected = (pvc["metadata"].get("annotations") or {}).get(c.ANN_SELECTED_NODE)
        if selected is None:
            same_class = [pv for pv in store.list("PersistentVolume") if c.volume_class(pv) == c.claim_class(pvc)]
            pv = m.find_matching_volume(pvc, same_class, node=node, excluded=taken)
            if pv is not None:
                taken.add(pv["metadata"]["name"])
                plan.append((pvc, pv))
                continue
        elif selected != name:
            return None, BIND_CONFLICT
        sc = store.get("StorageClass", c.claim_class(pvc))
        if sc is None or sc.get("provisioner") in ("", NOT_SUPPORTED) \
                or not _topology_fits(sc, labels):
            return None, BIND_CONFLICT
        plan.append((pvc, None))
    return plan, ""


def _fail(store, pod: dict, message: str) -> None:
    store.record(pod, "Warning", "FailedScheduling", message, SOURCE)
    status = pod.setdefault("status", {})
    wanted = [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable", "message": message}]
    if status.get("conditions") != wanted:
        status["conditions"] = wanted
        store.update(pod)


def volume_reasons(store, pvc: dict, pvs: list[dict]) -> dict[str, list[m.Reason]]:
    """Why each volume is passed over for an unbound claim, by whichever matcher acts on it now: while a Pod
    waits to be placed for a WaitForFirstConsumer claim, the scheduler's, on the node that suits the volume best
    (the one written in ``selected-node``, if any); otherwise the PV controller's."""
    delay = m.delay_binding(store, pvc)
    selected = (pvc["metadata"].get("annotations") or {}).get(c.ANN_SELECTED_NODE)
    nodes: list[dict] = []
    if delay and not pvc["spec"].get("volumeName"):
        if selected:
            nodes = [n for n in store.list("Node") if n["metadata"]["name"] == selected]
        elif any(not p["spec"].get("nodeName") for p in pods_using(store, pvc)):
            nodes = schedulable_nodes(store)
    out = {}
    for pv in pvs:
        if not nodes:
            out[pv["metadata"]["name"]] = m.mismatch(pv, pvc, delay_binding=delay)
            continue
        per_node = [m.mismatch(pv, pvc, node=node) for node in nodes]
        best = min(per_node, key=len)
        if len(nodes) > 1 and all(any(r.field == "nodeAffinity" for r in rs) for rs in per_node):
            best = [m.Reason("nodeAffinity", f"node affinity: {m.affinity_string(pv)} (no schedulable node)")
                    if r.field == "nodeAffinity" else r for r in best]
        out[pv["metadata"]["name"]] = best
    return out

