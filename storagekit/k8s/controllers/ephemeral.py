"""The ephemeral volume controller: a claim for each generic ephemeral volume, owned by its Pod.

For volume ``scratch`` of Pod ``app`` it creates the claim ``app-scratch``
from the volume's ``volumeClaimTemplate``, with the Pod as its controlling
owner; classes, provisioning and binding then treat it as any other claim.
The garbage collector deletes the claim once the Pod is gone, and the
volume's reclaim policy decides what happens to the data.
"""

from __future__ import annotations

import copy

from storagekit.k8s.apiserver import APIServer
from storagekit.k8s.claims import volume_claim
from storagekit.k8s.errors import StatusError
from storagekit.k8s.owners import controller_ref, orphaned


def claim_for(pod: dict, volume: dict) -> dict:
    """The claim the controller creates for one ephemeral volume of the Pod."""
    template = volume["ephemeral"].get("volumeClaimTemplate") or {}
    meta = {"name": volume_claim(pod, volume), "namespace": pod["metadata"]["namespace"],
            "ownerReferences": [controller_ref(pod)]}
    for field in ("labels", "annotations"):
        if (template.get("metadata") or {}).get(field):
            meta[field] = dict(template["metadata"][field])
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": meta,
            "spec": copy.deepcopy(template.get("spec") or {})}


def _has_ephemeral_volumes(pod: dict) -> bool:
    return not pod["metadata"].get("deletionTimestamp") \
        and any(v.get("ephemeral") is not None for v in pod["spec"].get("volumes") or [])


def _owned_by_a_pod(pvc: dict) -> bool:
    return not pvc["metadata"].get("deletionTimestamp") \
        and any(r.get("kind") == "Pod" for r in pvc["metadata"].get("ownerReferences") or [])


def sync_ephemeral(api: APIServer) -> None:
    store = api.store
    for pod in store.select("Pod", _has_ephemeral_volumes):
        for volume in pod["spec"].get("volumes") or []:
            if volume.get("ephemeral") is None:
                continue
            claim = claim_for(pod, volume)
            if store.get("PersistentVolumeClaim", claim["metadata"]["name"], claim["metadata"]["namespace"]) is None:
                try:
                    api.create(claim)
                except StatusError:  # the Pod's validation already checked the template; nothing more to say
                    continue
    for pvc in store.select("PersistentVolumeClaim", _owned_by_a_pod):
        if orphaned(store, pvc, "Pod"):
            api.delete("PersistentVolumeClaim", pvc["metadata"]["name"], pvc["metadata"]["namespace"])
