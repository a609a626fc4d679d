"""Deployments and ReplicaSets, for what storage makes of them: every replica mounts the same claim.

A Deployment owns a ReplicaSet named ``<deployment>-<pod-template-hash>``, which
owns Pods named ``<replicaset>-<5 characters>``. A new template makes a new
ReplicaSet; with RollingUpdate (the default) the new Pods start before the old
ones go, so for a moment old and new Pods share the claim (a ReadWriteOnce
volume attached on another node makes the newcomer wait, see
:mod:`.kubelet`); Recreate removes the old Pods first.
"""

from __future__ import annotations

import copy

from storagekit.k8s.apiserver import APIServer
from storagekit.k8s.pods import is_ready
from storagekit.k8s.names import suffix

def _ref(owner: dict) -> dict:
    return {"apiVersion": "apps/v1", "kind": owner["kind"], "name": owner["metadata"]["name"],
            "uid": owner["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}


def _owned_by(obj: dict, owner: dict) -> bool:
    return any(r.get("uid") == owner["metadata"]["uid"] for r in obj["metadata"].get("ownerReferences") or [])


def sync_deployments(api: APIServer) -> None:
    store = api.store
    for dep in store.list("Deployment"):
        ns, name = dep["metadata"]["namespace"], dep["metadata"]["name"]
        template = dep["spec"].get("template") or {}
        template_hash = suffix(repr(template), 10)
        rs_name = f"{name}-{template_hash}"
        sets = [rs for rs in store.list("ReplicaSet", ns) if _owned_by(rs, dep)]
        current = next((rs for rs in sets if rs["metadata"]["name"] == rs_name), None)
        replicas = dep["spec"].get("replicas", 1)
        old = [rs for rs in sets if rs is not current]
        recreate = (dep["spec"].get("strategy") or {}).get("type") == "Recreate"
        old_pods = [p for rs in old for p in store.list("Pod", ns) if _owned_by(p, rs)]
        if current is None and not (recreate and old_pods):
            tpl = copy.deepcopy(template)
            labels = {**((tpl.get("metadata") or {}).get("labels") or {}), "pod-template-hash": template_hash}
            tpl.setdefault("metadata", {})["labels"] = labels
            selector = copy.deepcopy(dep["spec"].get("selector") or {})
            selector.setdefault("matchLabels", {})["pod-template-hash"] = template_hash
            current = api.create({"apiVersion": "apps/v1", "kind": "ReplicaSet",
                                  "metadata": {"name": rs_name, "namespace": ns, "labels": labels,
                                               "ownerReferences": [_ref(dep)]},
                                  "spec": {"replicas": replicas, "selector": selector, "template": tpl}})
            store.record(dep, "Normal", "ScalingReplicaSet",
                         f"Scaled up replica set {rs_name} from 0 to {replicas}", "deployment-controller")
        if current is not None and current["spec"].get("replicas") != replicas:
            store.record(dep, "Normal", "ScalingReplicaSet", f"Scaled {'up' if replicas > current['spec'].get('replicas', 0) else 'down'} "
                         f"replica set {rs_name} from {current['spec'].get('replicas', 0)} to {replicas}", "deployment-controller")
            current["spec"]["replicas"] = replicas
            store.update(current)
        new_ready = current is not None and sum(is_ready(p) for p in store.list("Pod", ns) if _owned_by(p, current)) >= replicas
        for rs in old:
            if (recreate or new_ready or replicas == 0) and rs["spec"].get("replicas", 0) != 0:
                store.record(dep, "Normal", "ScalingReplicaSet", f"Scaled down replica set {rs['metadata']['name']} "
                             f"from {rs['spec'].get('replicas', 0)} to 0", "deployment-controller")
                rs["spec"]["replicas"] = 0
                store.update(rs)
        pods = [p for rs in sets + ([current] if current is not None and current not in sets else [])
                for p in store.list("Pod", ns) if _owned_by(p, rs)]
        ready = sum(is_ready(p) for p in pods if current is not None and _owned_by(p, current))
        status = {"replicas": len(pods), "readyReplicas": ready, "availableReplicas": ready,
                  "updatedReplicas": len([p for p in pods if current is not None and _owned_by(p, current)]),
                  "observedGeneration": 1}
        if dep.get("status") != status:
            dep["status"] = status
            store.update(dep)
    for rs in store.list("ReplicaSet"):
        _sync_replicaset(api, rs)
    _collect(api)


def _sync_replicaset(api: APIServer, rs: dict) -> None:
    store = api.store
    ns, name = rs["metadata"]["namespace"], rs["metadata"]["name"]
    pods = [p for p in store.list("Pod", ns) if _owned_by(p, rs)]
    want = rs["spec"].get("replicas", 1)
    n = 0
    while len(pods) < want:
        pod_name = f"{name}-{suffix(rs['metadata']['uid'] + str(len(pods) + n), 5)}"
        n += 1
        if store.get("Pod", pod_name, ns) is not None:
            continue
        tpl = copy.deepcopy(rs["spec"].get("template") or {})
        pod = api.create({"apiVersion": "v1", "kind": "Pod",
                          "metadata": {"name": pod_name, "namespace": ns,
                                       "labels": (tpl.get("metadata") or {}).get("labels") or {},
                                       "ownerReferences": [_ref(rs)]},
                          "spec": tpl.get("spec") or {}})
        store.record(rs, "Normal", "SuccessfulCreate", f"Created pod: {pod_name}", "replicaset-controller")
        pods.append(pod)
    for pod in sorted(pods, key=lambda p: (is_ready(p), p["metadata"]["name"]))[:max(0, len(pods) - want)]:
        api.delete("Pod", pod["metadata"]["name"], ns)
        store.record(rs, "Normal", "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}", "replicaset-controller")
    ready = sum(is_ready(p) for p in store.list("Pod", ns) if _owned_by(p, rs))
    status = {"replicas": len([p for p in store.list("Pod", ns) if _owned_by(p, rs)]), "readyReplicas": ready,
              "availableReplicas": ready, "fullyLabeledReplicas": ready, "observedGeneration": 1}
    if rs.get("status") != status:
        rs["status"] = status
        store.update(rs)


def _collect(api: APIServer) -> None:
    """The garbage collector for Deployments' ReplicaSets and their Pods."""
    store = api.store
    for kind, owner_kind in (("ReplicaSet", "Deployment"), ("Pod", "ReplicaSet")):
        live = {o["metadata"]["uid"] for o in store.list(owner_kind)}
        for obj in store.list(kind):
            refs = [r for r in obj["metadata"].get("ownerReferences") or [] if r.get("kind") == owner_kind]
            if refs and all(r.get("uid") not in live for r in refs):
                api.delete(kind, obj["metadata"]["name"], obj["metadata"].get("namespace", ""))
