"""Storage Object in Use Protection: a claim a Pod uses, or a volume still bound, is not deleted yet.

The API server only marks such objects (``deletionTimestamp``; kubectl shows
``Terminating``); these controllers remove the protection finalizer once the
claim is no longer used by any Pod that is not finished, or once the volume is
no longer Bound, and the object goes (``pvc-protection-controller``,
``pv-protection-controller``).
"""

from __future__ import annotations

from storagekit.k8s.apiserver import PV_PROTECTION, PVC_PROTECTION, APIServer
from storagekit.k8s.claims import pod_claims


def pods_using(store, pvc: dict) -> list[dict]:
    """Pods in the claim's namespace that use it (as a ``persistentVolumeClaim`` or generic ephemeral volume) and
    are not finished."""
    ns, name = pvc["metadata"].get("namespace"), pvc["metadata"]["name"]
    users = []
    for pod in store.list("Pod", ns):
        if (pod.get("status") or {}).get("phase") in ("Succeeded", "Failed"):
            continue
        if name in pod_claims(pod):
            users.append(pod)
    return users


def _claim_held(pvc: dict) -> bool:
    meta = pvc["metadata"]
    return bool(meta.get("deletionTimestamp")) and PVC_PROTECTION in (meta.get("finalizers") or [])


def _volume_held(pv: dict) -> bool:
    meta = pv["metadata"]
    return bool(meta.get("deletionTimestamp")) and PV_PROTECTION in (meta.get("finalizers") or [])


def sync_protection(api: APIServer) -> None:
    store = api.store
    for pvc in store.select("PersistentVolumeClaim", _claim_held):
        if not pods_using(store, pvc):
            api.remove_finalizer(pvc, PVC_PROTECTION)
    for pv in store.select("PersistentVolume", _volume_held):
        if (pv.get("status") or {}).get("phase") != "Bound":
            api.remove_finalizer(pv, PV_PROTECTION)
