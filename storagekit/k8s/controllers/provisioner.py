"""External provisioners running in the cluster: they create a volume for a claim that names them, and delete it.

A provisioner acts on a claim annotated ``volume.kubernetes.io/storage-provisioner``
with its name, once it may: at once for an Immediate class, after the scheduler
wrote ``volume.kubernetes.io/selected-node`` for WaitForFirstConsumer. The new
volume is named ``pvc-<claim uid>``, pre-bound to the claim, takes the class's
reclaim policy and mount options, and the PV controller then binds the pair.
``rancher.io/local-path`` (kind's) makes a hostPath directory on the chosen
node, pinned there by node affinity, and open to everyone (its helper Pod runs
``mkdir -m 0777 -p``), for a hostPath takes no fsGroup; any other provisioner
makes a CSI volume.
A released volume with the Delete policy is deleted by its provisioner.
A provisioner may refuse a claim (:func:`refusal`): local-path makes node
directories, which neither a label selector nor a shared access mode can
describe. :func:`why_not_provisioned` says why a claim still has no volume.
"""

from __future__ import annotations

from collections.abc import Callable

from storagekit.k8s import claims as c
from storagekit.k8s import matching as m
from storagekit.k8s.apiserver import APIServer
from storagekit.k8s.controllers.protection import pods_using

LOCAL_PATH = "rancher.io/local-path"
NOT_SUPPORTED = "kubernetes.io/no-provisioner"
"""``NotSupportedProvisioner``: a class for static volumes only."""
LOCAL_PATH_ROOT = "/var/local-path-provisioner"


def _source(provisioner: str, pvc: dict, node: str, uid: str) -> dict:
    meta = pvc["metadata"]
    if provisioner == LOCAL_PATH:
        return {"hostPath": {"path": f"{LOCAL_PATH_ROOT}/pvc-{meta['uid']}_{meta['namespace']}_{meta['name']}",
                             "type": "DirectoryOrCreate"}}
    return {"csi": {"driver": provisioner, "volumeHandle": uid, "fsType": "ext4"}}


def _awaits_provisioning(pvc: dict) -> bool:
    """A claim some provisioner is asked for that has no volume yet and is not going away."""
    return bool((pvc["metadata"].get("annotations") or {}).get(c.ANN_STORAGE_PROVISIONER)) \
        and not pvc["spec"].get("volumeName") and not pvc["metadata"].get("deletionTimestamp")


def _released_to_delete(pv: dict) -> bool:
    return bool((pv["metadata"].get("annotations") or {}).get(c.ANN_PROVISIONED_BY)) \
        and (pv.get("status") or {}).get("phase") == "Released" \
        and pv["spec"].get("persistentVolumeReclaimPolicy") == "Delete"


def sync_provisioners(api: APIServer, running: list[str], node_setup: Callable[[str, str], None]) -> None:
    """Provision and delete volumes for the provisioners ``running``; ``node_setup(node, path)`` is what
    local-path's helper Pod does on the node before it creates the volume."""
    store = api.store
    for pvc in store.select("PersistentVolumeClaim", _awaits_provisioning):
        provisioner = pvc["metadata"]["annotations"][c.ANN_STORAGE_PROVISIONER]
        if provisioner not in running:
            continue
        name = f"pvc-{pvc['metadata']['uid']}"
        if store.get("PersistentVolume", name) is not None:
            continue
        sc = store.get("StorageClass", c.claim_class(pvc))
        if sc is None:
            continue
        node = (pvc["metadata"].get("annotations") or {}).get(c.ANN_SELECTED_NODE, "")
        if m.delay_binding(store, pvc) and not node:
            continue
        source = f"{provisioner}_{provisioner.split('/')[-1]}-provisioner"
        key = f"{pvc['metadata']['namespace']}/{pvc['metadata']['name']}"
        store.record(pvc, "Normal", "Provisioning", f'External provisioner is provisioning volume for claim "{key}"',
                     source)
        refused = refusal(provisioner, pvc)
        if refused:
            store.record(pvc, "Warning", "ProvisioningFailed",
                         f'failed to provision volume with StorageClass "{sc["metadata"]["name"]}": {refused}', source)
            continue
        spec = {"accessModes": list(pvc["spec"].get("accessModes") or []),
                "capacity": {"storage": str(c.requested(pvc))},
                "claimRef": c.claim_ref(pvc),
                "persistentVolumeReclaimPolicy": sc.get("reclaimPolicy", "Delete"),
                "storageClassName": c.claim_class(pvc), "volumeMode": c.volume_mode(pvc),
                **_source(provisioner, pvc, node, store.uid())}
        annotations = {c.ANN_PROVISIONED_BY: provisioner}
        if provisioner == LOCAL_PATH:
            node_setup(node, spec["hostPath"]["path"])
            annotations["local.path.provisioner/selected-node"] = node
            spec["nodeAffinity"] = {"required": {"nodeSelectorTerms": [{"matchExpressions": [
                {"key": "kubernetes.io/hostname", "operator": "In", "values": [node]}]}]}}
        if sc.get("mountOptions"):
            spec["mountOptions"] = list(sc["mountOptions"])
        api.create({"apiVersion": "v1", "kind": "PersistentVolume",
                    "metadata": {"name": name, "annotations": annotations},
                    "spec": spec})
        store.record(pvc, "Normal", "ProvisioningSucceeded", f"Successfully provisioned volume {name}", source)
    for pv in store.select("PersistentVolume", _released_to_delete):
        if pv["metadata"]["annotations"][c.ANN_PROVISIONED_BY] in running:
            api.delete("PersistentVolume", pv["metadata"]["name"])  # gone once pv-protection lets go


def refusal(provisioner: str, pvc: dict) -> str:
    """Why a running provisioner will not make a volume for this claim ("" if it will): local-path's node
    directories take no label selector and no shared modes; the CSI external-provisioner takes no selector."""
    if provisioner == LOCAL_PATH:
        if pvc["spec"].get("selector") is not None:
            return "claim.Spec.Selector is not supported"
        if any(mode not in ("ReadWriteOnce", "ReadWriteOncePod") for mode in pvc["spec"].get("accessModes") or []):
            return "NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes"
        return ""
    return "claim Selector is not supported" if pvc["spec"].get("selector") is not None else ""


def why_not_provisioned(store, pvc: dict, running: list[str]) -> m.Reason | None:
    """Why no provisioner has made a volume for this unbound claim yet, in the controllers' terms (None when one
    is being made, or the claim is bound or names its volume): the class, WaitForFirstConsumer, the provisioner."""
    if pvc["spec"].get("volumeName") or (pvc.get("status") or {}).get("phase") == "Bound":
        return None
    name = c.claim_class(pvc)
    if not name:
        if c.class_is_unset(pvc):
            return m.Reason("storageClassName", "no class set and no default class: never provisioned")
        return m.Reason("storageClassName", 'class "": never provisioned')
    ann = pvc["metadata"].get("annotations") or {}
    sc = store.get("StorageClass", name)
    if m.delay_binding(store, pvc) and sc.get("provisioner", "") in ("", NOT_SUPPORTED):
        return m.Reason("provisioner", f"{sc.get('provisioner') or 'no provisioner'}: this class never provisions "
                                       "(only existing volumes bind)")
    if m.delay_binding(store, pvc) and c.ANN_SELECTED_NODE not in ann:
        users = pods_using(store, pvc)
        waiting = [p["metadata"]["name"] for p in users if not p["spec"].get("nodeName")]
        if waiting:
            return m.Reason("volumeBindingMode", f"{m.WFFC}: waiting for pod{'s' if len(waiting) > 1 else ''} "
                                                 f"{','.join(waiting)} to be scheduled")
        if users:
            return m.Reason("volumeBindingMode", f"{m.WFFC}: pod {users[0]['metadata']['name']} set nodeName and "
                                                 "skipped the scheduler, which alone starts provisioning")
        return m.Reason("volumeBindingMode", f"{m.WFFC}: no Pod uses the claim yet")
    if sc is None:
        return m.Reason("StorageClass", f'storageclass.storage.k8s.io "{name}" not found')
    provisioner, error = plugin_for(sc.get("provisioner", ""))
    if error:
        return m.Reason("provisioner", error)
    if provisioner not in running:
        return m.Reason("provisioner", f"ExternalProvisioning: no {provisioner} running in the cluster")
    refused = refusal(provisioner, pvc)
    return m.Reason("provisioner", f"{provisioner}: {refused}") if refused else None


MIGRATED = {"kubernetes.io/aws-ebs": "ebs.csi.aws.com", "kubernetes.io/gce-pd": "pd.csi.storage.gke.io",
            "kubernetes.io/azure-disk": "disk.csi.azure.com", "kubernetes.io/azure-file": "file.csi.azure.com",
            "kubernetes.io/cinder": "cinder.csi.openstack.org",
            "kubernetes.io/vsphere-volume": "csi.vsphere.vmware.com",
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
