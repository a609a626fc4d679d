"""The StatefulSet controller's storage behaviour: one claim per template and ordinal, made before its Pod.

Pod ``web-2`` of StatefulSet ``web`` mounts claim ``<template>-web-2``; the claim
is created if missing and reused if it exists, so a Pod that comes back finds
its data. With OrderedReady (the default) Pod *n* is created only when Pods
0..n-1 run; scaling down removes the highest ordinals first and, unless
``persistentVolumeClaimRetentionPolicy.whenScaled`` is Delete, keeps their
claims; deleting the StatefulSet keeps them unless ``whenDeleted`` is Delete.
"""

from __future__ import annotations

import copy
import hashlib

from storagekit.k8s.apiserver import APIServer
from storagekit.k8s.errors import StatusError
from storagekit.k8s.owners import controller_ref, orphaned, owned_by
from storagekit.k8s.pods import is_ready

SOURCE = "statefulset-controller"


def sync_statefulsets(api: APIServer) -> None:
    store = api.store
    for sts in store.list("StatefulSet"):
        ns, name = sts["metadata"]["namespace"], sts["metadata"]["name"]
        spec = sts["spec"]
        replicas = spec.get("replicas", 1)
        policy = spec.get("persistentVolumeClaimRetentionPolicy") or {}
        selector = (spec.get("selector") or {}).get("matchLabels") or {}
        revision = f"{name}-" + hashlib.sha256(repr(spec.get("template")).encode()).hexdigest()[:10]
        for i in range(replicas):
            for tpl in spec.get("volumeClaimTemplates") or []:
                claim = f"{tpl['metadata']['name']}-{name}-{i}"
                if store.get("PersistentVolumeClaim", claim, ns) is None:
                    body = copy.deepcopy(tpl)
                    body.update(apiVersion="v1", kind="PersistentVolumeClaim")
                    meta = body.setdefault("metadata", {})
                    meta.update(name=claim, namespace=ns)
                    meta["labels"] = {**(meta.get("labels") or {}), **selector}
                    if policy.get("whenDeleted") == "Delete":
                        meta["ownerReferences"] = [controller_ref(sts)]
                    body.pop("status", None)
                    try:
                        api.create(body)
                        store.record(sts, "Normal", "SuccessfulCreate",
                                     f"create Claim {claim} Pod {name}-{i} in StatefulSet {name} success", SOURCE)
                    except StatusError as exc:
                        store.record(sts, "Warning", "FailedCreate", f"create Claim {claim} for Pod {name}-{i} in "
                                     f"StatefulSet {name} failed error: {exc.message}", SOURCE)
            pod_name = f"{name}-{i}"
            pod = store.get("Pod", pod_name, ns)
            if pod is None:
                ordered = spec.get("podManagementPolicy", "OrderedReady") == "OrderedReady"
                if ordered and not all(is_ready(store.get("Pod", f"{name}-{j}", ns)) for j in range(i)):
                    break
                try:
                    api.create(_pod(sts, i, revision))
                except StatusError as exc:  # the template is not a valid Pod: said, and tried again next round
                    store.record(sts, "Warning", "FailedCreate",
                                 f"create Pod {pod_name} in StatefulSet {name} failed error: {exc.message}", SOURCE)
                    break
                store.record(sts, "Normal", "SuccessfulCreate",
                             f"create Pod {pod_name} in StatefulSet {name} successful", SOURCE)
                if ordered:
                    break
        for pod in store.list("Pod", ns):
            ordinal = pod["metadata"].get("labels", {}).get("apps.kubernetes.io/pod-index")
            if owned_by(pod, sts) and ordinal is not None and int(ordinal) >= replicas:
                highest = max(int(p["metadata"]["labels"]["apps.kubernetes.io/pod-index"])
                              for p in store.list("Pod", ns) if owned_by(p, sts))
                if int(ordinal) == highest:
                    api.delete("Pod", pod["metadata"]["name"], ns)
                    store.record(sts, "Normal", "SuccessfulDelete",
                                 f"delete Pod {pod['metadata']['name']} in StatefulSet {name} successful", SOURCE)
                    if policy.get("whenScaled") == "Delete":
                        for tpl in spec.get("volumeClaimTemplates") or []:
                            claim = f"{tpl['metadata']['name']}-{name}-{ordinal}"
                            if store.get("PersistentVolumeClaim", claim, ns) is not None:
                                api.delete("PersistentVolumeClaim", claim, ns)
        pods = [p for p in store.list("Pod", ns) if owned_by(p, sts)]
        status = {"availableReplicas": sum(is_ready(p) for p in pods), "collisionCount": 0,
                  "currentReplicas": len(pods), "currentRevision": revision, "observedGeneration": 1,
                  "readyReplicas": sum(is_ready(p) for p in pods), "replicas": len(pods), "updateRevision": revision,
                  "updatedReplicas": len(pods)}
        if sts.get("status") != status:
            sts["status"] = status
            store.update(sts)
    _collect_orphans(api)


def _pod(sts: dict, i: int, revision: str) -> dict:
    name, ns = sts["metadata"]["name"], sts["metadata"]["namespace"]
    template = copy.deepcopy(sts["spec"].get("template") or {})
    meta = template.get("metadata") or {}
    labels = {**(meta.get("labels") or {}), "apps.kubernetes.io/pod-index": str(i),
              "controller-revision-hash": revision,
              "statefulset.kubernetes.io/pod-name": f"{name}-{i}"}
    spec = template.get("spec") or {}
    volumes = [v for v in spec.get("volumes") or []
               if v.get("name") not in {t["metadata"]["name"] for t in sts["spec"].get("volumeClaimTemplates") or []}]
    for tpl in sts["spec"].get("volumeClaimTemplates") or []:
        volumes.append({"name": tpl["metadata"]["name"],
                        "persistentVolumeClaim": {"claimName": f"{tpl['metadata']['name']}-{name}-{i}"}})
    spec["volumes"] = volumes
    spec.setdefault("hostname", f"{name}-{i}")
    if sts["spec"].get("serviceName"):
        spec.setdefault("subdomain", sts["spec"]["serviceName"])
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": f"{name}-{i}", "namespace": ns, "labels": labels,
                         "ownerReferences": [controller_ref(sts)]},
            "spec": spec}


def _owned_by_a_statefulset(obj: dict) -> bool:
    return not obj["metadata"].get("deletionTimestamp") \
        and any(r.get("kind") == "StatefulSet" for r in obj["metadata"].get("ownerReferences") or [])


def _collect_orphans(api: APIServer) -> None:
    """The garbage collector: objects whose controlling StatefulSet is gone go too (a cascading delete)."""
    store = api.store
    for kind in ("Pod", "PersistentVolumeClaim"):
        for obj in store.select(kind, _owned_by_a_statefulset):
            if orphaned(store, obj, "StatefulSet"):
                api.delete(kind, obj["metadata"]["name"], obj["metadata"].get("namespace", ""))
