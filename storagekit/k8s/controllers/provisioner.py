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
        if c.binding_delayed(pvc, store) and not node:
            continue
        source = f"{provisioner}_{provisioner.split('/')[-1]}-provisioner"
        key = f"{pvc['metadata']['namespace']}/{pvc['metadata']['name']}"
        store.record(pvc, "Normal", "Provisioning", f'External provisioner is provisioning volume for claim "{key}"', source)
        spec = {"accessModes": list(pvc["spec"].get("accessModes") or []),
                "capacity": {"storage": str(c.requested(pvc))},
                "claimRef": c.claim_ref(pvc),
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


MIGRATED = {"kubernetes.io/aws-ebs": "ebs.csi.aws.com", "kubernetes.io/gce-pd": "pd.csi.storage.gke.io",
            "kubernetes.io/azure-disk": "disk.csi.azure.com", "kubernetes.io/azure-file": "file.csi.azure.com",
            "kubernetes.io/cinder": "cinder.csi.openstack.org", "kubernetes.io/vsphere-volume": "csi.vsphere.vmware.com",
            "kubernetes.io/portworx-volume": "pxd.portworx.com"}
"""In-tree provisioner names whose CSI migration is on: the claim is handed to the CSI driver instead."""
HOST_PATH = "kubernetes.io/host-path"


def plugin_for(provisioner: str) -> tuple[str | None, str]:
    """``findProvisionablePlugin`` as kube-controller-manager runs it (plugins host-path, nfs, portworx; host-path
    provisioning off): ``(name to annotate the claim with, or None; the ProvisioningFailed message, or "")``.
    Names outside ``kubernetes.io/`` belong to external provisioners and are never an error."""
    if provisioner in MIGRATED:
        return MIGRATED[provisioner], ""
    if provisioner == HOST_PATH:
        return provisioner, f'Failed to create provisioner: provisioning in volume plugin "{provisioner}" is disabled'
    if provisioner == "kubernetes.io/nfs":
        return None, "no provisionable volume plugin matched"
    if provisioner.startswith("kubernetes.io/"):
        return None, f"no volume plugin matched name: {provisioner}"
    return provisioner, ""


def provisioned_externally(pv: dict) -> bool:
    """Whether the in-tree controller leaves deleting this volume to an external provisioner."""
    provisioner = (pv["metadata"].get("annotations") or {}).get(c.ANN_PROVISIONED_BY, "")
    return bool(provisioner) and not provisioner.startswith("kubernetes.io/")
