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
from storagekit.k8s.errors import StatusError
from storagekit.k8s.names import suffix
from storagekit.k8s.owners import controller_ref, owned_by
from storagekit.k8s.pods import is_ready


def sync_deployments(api: APIServer) -> None:
    store = api.store
    for dep in store.list("Deployment"):
        ns, name = dep["metadata"]["namespace"], dep["metadata"]["name"]
        template = dep["spec"].get("template") or {}
        template_hash = suffix(repr(template), 10)
        rs_name = f"{name}-{template_hash}"
        sets = [rs for rs in store.list("ReplicaSet", ns) if owned_by(rs, dep)]
        current = next((rs for rs in sets if rs["metadata"]["name"] == rs_name), None)
        replicas = dep["spec"].get("replicas", 1)
        old = [rs for rs in sets if rs is not current]
        recreate = (dep["spec"].get("strategy") or {}).get("type") == "Recreate"
        old_pods = [p for rs in old for p in store.list("Pod", ns) if owned_by(p, rs)]
        if current is None and not (recreate and old_pods):
            revision = max((_revision(rs) for rs in sets), default=0) + 1
            tpl = copy.deepcopy(template)
            labels = {**((tpl.get("metadata") or {}).get("labels") or {}), "pod-template-hash": template_hash}
            tpl.setdefault("metadata", {})["labels"] = labels
            selector = copy.deepcopy(dep["spec"].get("selector") or {})
            selector.setdefault("matchLabels", {})["pod-template-hash"] = template_hash
            annotations = {DESIRED: str(replicas), MAX: str(replicas + _surge(dep, replicas)), REVISION: str(revision)}
            current = api.create({"apiVersion": "apps/v1", "kind": "ReplicaSet",
                                  "metadata": {"name": rs_name, "namespace": ns, "labels": labels,
                                               "annotations": annotations, "ownerReferences": [controller_ref(dep)]},
                                  "spec": {"replicas": replicas, "selector": selector, "template": tpl}})
            store.record(dep, "Normal", "ScalingReplicaSet",
                         f"Scaled up replica set {rs_name} from 0 to {replicas}", "deployment-controller")
        if current is not None and old and _revision(current) < max(_revision(rs) for rs in old):
            current["metadata"].setdefault("annotations", {})[REVISION] = str(max(_revision(rs) for rs in old) + 1)
            store.update(current)  # an old template comes back (rollout undo): it takes the next revision
        if current is not None and (dep["metadata"].get("annotations") or {}).get(REVISION) != str(_revision(current)):
            dep["metadata"].setdefault("annotations", {})[REVISION] = str(_revision(current))
            store.update(dep)
        if current is not None and current["spec"].get("replicas") != replicas:
            store.record(dep, "Normal", "ScalingReplicaSet",
                         f"Scaled {'up' if replicas > current['spec'].get('replicas', 0) else 'down'} "
                         f"replica set {rs_name} from {current['spec'].get('replicas', 0)} to {replicas}",
                         "deployment-controller")
            current["spec"]["replicas"] = replicas
            store.update(current)
        new_ready = current is not None and \
            sum(is_ready(p) for p in store.list("Pod", ns) if owned_by(p, current)) >= replicas
        for rs in old:
            if (recreate or new_ready or replicas == 0) and rs["spec"].get("replicas", 0) != 0:
                store.record(dep, "Normal", "ScalingReplicaSet", f"Scaled down replica set {rs['metadata']['name']} "
                             f"from {rs['spec'].get('replicas', 0)} to 0", "deployment-controller")
                rs["spec"]["replicas"] = 0
                store.update(rs)
        pods = [p for rs in sets + ([current] if current is not None and current not in sets else [])
                for p in store.list("Pod", ns) if owned_by(p, rs)]
        ready = sum(is_ready(p) for p in pods if current is not None and owned_by(p, current))
        updated = len([p for p in pods if current is not None and owned_by(p, current)])
        status: dict[str, object] = {"replicas": len(pods), "readyReplicas": ready, "availableReplicas": ready,
                                     "updatedReplicas": updated, "observedGeneration": 1}
        if len(pods) - ready > 0:
            status["unavailableReplicas"] = len(pods) - ready
        done = current is not None and ready >= replicas and updated == len(pods)
        status["conditions"] = _conditions(dep, ready >= replicas - _unavailable(dep, replicas), done,
                                           rs_name, store.clock.isoformat())
        if dep.get("status") != status:
            dep["status"] = status
            store.update(dep)
    for rs in store.list("ReplicaSet"):
        _sync_replicaset(api, rs)
    _collect(api)


REVISION = "deployment.kubernetes.io/revision"
DESIRED = "deployment.kubernetes.io/desired-replicas"
MAX = "deployment.kubernetes.io/max-replicas"


def _revision(rs: dict) -> int:
    try:
        return int((rs["metadata"].get("annotations") or {}).get(REVISION, 0))
    except ValueError:
        return 0


def _bound(dep: dict, key: str, replicas: int, round_up: bool) -> int:
    """maxSurge (rounded up) or maxUnavailable (rounded down), absolute or a percentage of the replicas."""
    value = (((dep["spec"].get("strategy") or {}).get("rollingUpdate") or {}).get(key, "25%"))
    if isinstance(value, str) and value.endswith("%"):
        share = replicas * int(value[:-1])
        return -(-share // 100) if round_up else share // 100
    return int(value)


def _surge(dep: dict, replicas: int) -> int:
    if (dep["spec"].get("strategy") or {}).get("type") == "Recreate":
        return 0
    return _bound(dep, "maxSurge", replicas, True)


def _unavailable(dep: dict, replicas: int) -> int:
    if (dep["spec"].get("strategy") or {}).get("type") == "Recreate":
        return 0
    return _bound(dep, "maxUnavailable", replicas, False)


def _conditions(dep: dict, available: bool, done: bool, rs_name: str, now: str) -> list[dict]:
    """Available and Progressing as the deployment controller words them, keeping the times of unchanged ones."""
    wanted = [("Available", "True" if available else "False",
               "MinimumReplicasAvailable" if available else "MinimumReplicasUnavailable",
               "Deployment has minimum availability." if available
               else "Deployment does not have minimum availability."),
              ("Progressing", "True", "NewReplicaSetAvailable" if done else "ReplicaSetUpdated",
               f'ReplicaSet "{rs_name}" has successfully progressed.' if done
               else f'ReplicaSet "{rs_name}" is progressing.')]
    before = {c["type"]: c for c in (dep.get("status") or {}).get("conditions") or []}
    out = []
    for kind, status, reason, message in wanted:
        old = before.get(kind) or {}
        same = (old.get("status"), old.get("reason"), old.get("message")) == (status, reason, message)
        out.append({"type": kind, "status": status, "reason": reason, "message": message,
                    "lastUpdateTime": old["lastUpdateTime"] if same else now,
                    "lastTransitionTime": old["lastTransitionTime"] if old.get("status") == status else now})
    return out


def _sync_replicaset(api: APIServer, rs: dict) -> None:
    store = api.store
    ns, name = rs["metadata"]["namespace"], rs["metadata"]["name"]
    pods = [p for p in store.list("Pod", ns) if owned_by(p, rs)]
    want = rs["spec"].get("replicas", 1)
    n = 0
    while len(pods) < want:
        pod_name = f"{name}-{suffix(rs['metadata']['uid'] + str(len(pods) + n), 5)}"
        n += 1
        if store.get("Pod", pod_name, ns) is not None:
            continue
        tpl = copy.deepcopy(rs["spec"].get("template") or {})
        try:
            pod = api.create({"apiVersion": "v1", "kind": "Pod",
                              "metadata": {"name": pod_name, "namespace": ns,
                                           "labels": (tpl.get("metadata") or {}).get("labels") or {},
                                           "ownerReferences": [controller_ref(rs)]},
                              "spec": tpl.get("spec") or {}})
        except StatusError as exc:  # said on the ReplicaSet, and tried again next round
            store.record(rs, "Warning", "FailedCreate", f"Error creating: {exc.message}", "replicaset-controller")
            break
        store.record(rs, "Normal", "SuccessfulCreate", f"Created pod: {pod_name}", "replicaset-controller")
        pods.append(pod)
    for pod in sorted(pods, key=lambda p: (is_ready(p), p["metadata"]["name"]))[:max(0, len(pods) - want)]:
        api.delete("Pod", pod["metadata"]["name"], ns)
        store.record(rs, "Normal", "SuccessfulDelete", f"Deleted pod: {pod['metadata']['name']}",
                     "replicaset-controller")
    ready = sum(is_ready(p) for p in store.list("Pod", ns) if owned_by(p, rs))
    status = {"replicas": len([p for p in store.list("Pod", ns) if owned_by(p, rs)]), "readyReplicas": ready,
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
