"""External provisioners running in the cluster: they create a volume for a claim that names them, and delete it.

A provisioner acts on a claim annotated ``volume.kubernetes.io/storage-provisioner``
with its name, once it may: at once for an Immediate class, after the scheduler
wrote ``volume.kubernetes.io/selected-node`` for WaitForFirstConsumer. The new
volume is named ``pvc-<claim uid>``, pre-bound to the claim, takes the class's
reclaim policy and mount options, and the PV controller then binds the pair.
``rancher.io/local-path`` (kind's) makes a hostPath directory on the chosen
node, pinned there by node affinity; any other provisioner makes a CSI volume.
A released volume with the Delete policy is deleted by its provisioner.
"""

from __future__ import annotations

from storagekit.k8s import claims as c
from storagekit.k8s.apiserver import APIServer

LOCAL_PATH = "rancher.io/local-path"
LOCAL_PATH_ROOT = "/var/local-path-provisioner"


def _source(provisioner: str, pvc: dict, node: str, uid: str) -> dict:
    meta = pvc["metadata"]
    if provisioner == LOCAL_PATH:
        return {"hostPath": {"path": f"{LOCAL_PATH_ROOT}/pvc-{meta['uid']}_{meta['namespace']}_{meta['name']}",
                             "type": "DirectoryOrCreate"}}
    return {"csi": {"driver": provisioner, "volumeHandle": uid, "fsType": "ext4"}}


def sync_provisioners(api: APIServer, running: list[str]) -> None:
    store = api.store
    for pvc in store.list("PersistentVolumeClaim"):
        provisioner = (pvc["metadata"].get("annotations") or {}).get(c.ANN_STORAGE_PROVISIONER)
        if provisioner not in running or pvc["spec"].get("volumeName") or pvc["metadata"].get("deletionTimestamp"):
            continue
        name = f"pvc-{pvc['metadata']['uid']}"
        if store.get("PersistentVolume", name) is not None:
            continue
        sc = store.get("StorageClass", c.claim_class(pvc))
        if sc is None:
            continue
        node = (pvc["metadata"].get("annotations") or {}).get(c.ANN_SELECTED_NODE, "")
        if sc.get("volumeBindingMode") == "WaitForFirstConsumer" and not node:
            continue
        source = f"{provisioner}_{provisioner.split('/')[-1]}-provisioner"
        key = f"{pvc['metadata']['namespace']}/{pvc['metadata']['name']}"
        store.record(pvc, "Normal", "Provisioning", f'External provisioner is provisioning volume for claim "{key}"', source)
        spec = {"accessModes": list(pvc["spec"].get("accessModes") or []),
                "capacity": {"storage": str(c.requested(pvc))},
                "claimRef": {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "name": pvc["metadata"]["name"],
                             "namespace": pvc["metadata"]["namespace"], "uid": pvc["metadata"]["uid"],
                             "resourceVersion": pvc["metadata"].get("resourceVersion", "")},
                "persistentVolumeReclaimPolicy": sc.get("reclaimPolicy", "Delete"),
                "storageClassName": c.claim_class(pvc), "volumeMode": c.volume_mode(pvc),
                **_source(provisioner, pvc, node, store.uid())}
        annotations = {c.ANN_PROVISIONED_BY: provisioner}
        if provisioner == LOCAL_PATH:
            annotations["local.path.provisioner/selected-node"] = node
            spec["nodeAffinity"] = {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                {"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}]}]}}
        if sc.get("mountOptions"):
            spec["mountOptions"] = list(sc["mountOptions"])
        api.create({"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": name, "annotations": annotations},
                    "spec": spec})
        store.record(pvc, "Normal", "ProvisioningSucceeded", f"Successfully provisioned volume {name}", source)
    for pv in store.list("PersistentVolume"):
        provisioner = (pv["metadata"].get("annotations") or {}).get(c.ANN_PROVISIONED_BY)
        if provisioner in running and (pv.get("status") or {}).get("phase") == "Released" \
                and pv["spec"].get("persistentVolumeReclaimPolicy") == "Delete":
            api.delete("PersistentVolume", pv["metadata"]["name"])  # gone once pv-protection lets go


def provisioned_externally(pv: dict) -> bool:
    """Whether the in-tree controller leaves deleting this volume to an external provisioner."""
    provisioner = (pv["metadata"].get("annotations") or {}).get(c.ANN_PROVISIONED_BY, "")
    return bool(provisioner) and not provisioner.startswith("kubernetes.io/")
