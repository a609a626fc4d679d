"""The PV controller, table-driven like Kubernetes' binder tests: objects before, converged objects and events after."""

from __future__ import annotations

import pytest

from storagekit.k8s.controllers.persistentvolume import PVController
from storagekit.k8s.store import ObjectStore
from storagekit.sim.clock import Clock
from storagekit.sim.ids import IdFactory

MODES = {"RWO": "ReadWriteOnce", "ROX": "ReadOnlyMany", "RWX": "ReadWriteMany", "RWOP": "ReadWriteOncePod"}
BY_CTRL = "pv.kubernetes.io/bound-by-controller"
DONE = "pv.kubernetes.io/bind-completed"


def pv(name, size, modes="RWO", cls="", *, claim=None, uid=True, policy="Retain", labels=None, mode=None,
       path="/tmp/data", ann=None, phase="Available", source=None, deleting=False):
    spec = {"capacity": {"storage": size}, "accessModes": [MODES[m] for m in modes.split(",")],
            "persistentVolumeReclaimPolicy": policy, "storageClassName": cls}
    spec.update(source or {"hostPath": {"path": path}})
    if mode:
        spec["volumeMode"] = mode
    if claim:
        spec["claimRef"] = {"kind": "PersistentVolumeClaim", "namespace": "default", "name": claim,
                            "uid": uid if isinstance(uid, str) else "UID" if uid else ""}
    meta = {"name": name, "labels": labels or {}, "annotations": dict(ann or {})}
    if deleting:
        meta.update(deletionTimestamp="2024-01-01T00:00:00Z", finalizers=["kubernetes.io/pv-protection"])
    return {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": meta, "spec": spec, "status": {"phase": phase}}


def pvc(name, size, modes="RWO", cls=None, *, volume=None, selector=None, mode=None, ann=None, phase="Pending",
        expressions=None, extra=None):
    spec = {"accessModes": [MODES[m] for m in modes.split(",")], "resources": {"requests": {"storage": size}}}
    if cls is not None:
        spec["storageClassName"] = cls
    if volume:
        spec["volumeName"] = volume
    if selector or expressions:
        spec["selector"] = {"matchLabels": selector or {}, "matchExpressions": expressions or []}
    if mode:
        spec["volumeMode"] = mode
    spec.update(extra or {})
    status = {"phase": phase}
    if phase == "Bound":
        status.update(capacity={"storage": size}, accessModes=spec["accessModes"])
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": name, "namespace": "default", "annotations": dict(ann or {})},
            "spec": spec, "status": status}


def sc(name, provisioner="rancher.io/local-path", binding="Immediate", default=False, **fields):
    ann = {"storageclass.kubernetes.io/is-default-class": "true"} if default else {}
    if default == "beta":
        ann = {"storageclass.beta.kubernetes.io/is-default-class": "true"}
    return {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": name, "annotations": ann},
            "provisioner": provisioner, "volumeBindingMode": binding, "reclaimPolicy": "Delete", **fields}


def pod(name, *claims, node=None, phase="Pending"):
    spec = {"containers": [{"name": "c", "image": "busybox"}],
            "volumes": [{"name": f"v{i}", "persistentVolumeClaim": {"claimName": c}} for i, c in enumerate(claims)]}
    if node:
        spec["nodeName"] = node
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"}, "spec": spec,
            "status": {"phase": phase}}


def converge(objects: list[dict]) -> ObjectStore:
    store = ObjectStore(Clock(), IdFactory("test"))
    claims = {}
    for obj in sorted(objects, key=lambda o: o["kind"] != "PersistentVolumeClaim"):
        ref = obj.get("spec", {}).get("claimRef")
        if ref and ref.get("uid") == "UID":  # the claim's uid, or a stale one for a claim that is gone
            ref["uid"] = claims.get(ref["name"], "00000000-dead-beef-0000-000000000000")
        made = store.create(obj)
        if obj["kind"] == "PersistentVolumeClaim":
            claims[obj["metadata"]["name"]] = made["metadata"]["uid"]
    PVController(store).sync()
    return store


def state(store: ObjectStore):
    """``{pv: (phase, claim name)}``, ``{claim: (phase, volume, capacity)}`` and the events as "Type Reason: msg"."""
    pvs = {o["metadata"]["name"]: (o["status"]["phase"], (o["spec"].get("claimRef") or {}).get("name"))
           for o in store.list("PersistentVolume")}
    claims = {o["metadata"]["name"]: (o["status"]["phase"], o["spec"].get("volumeName"),
                                      (o["status"].get("capacity") or {}).get("storage"))
              for o in store.list("PersistentVolumeClaim")}
    events = [f"{e.type} {e.reason}: {e.message}" for e in store.events]
    return pvs, claims, events


NOPV = "Normal FailedBinding: no persistent volumes available for this claim and no storage class is set"

CASES = [
    ("1-1 a free volume binds", [pv("v1", "1Gi"), pvc("c1", "1Gi")],
     {"v1": ("Bound", "c1")}, {"c1": ("Bound", "v1", "1Gi")}, []),
    ("1-2 nothing fits: no class, no volume",
     [pv("v1", "1Gi"), pvc("c1", "2Gi")], {"v1": ("Available", None)}, {"c1": ("Pending", None, None)},
     ["Normal FailedBinding: no persistent volumes available for this claim and no storage class is set"]),
    ("1-5 the claim shows the volume's size, not its request",
     [pv("big", "10Gi"), pvc("c1", "1Gi")], {"big": ("Bound", "c1")}, {"c1": ("Bound", "big", "10Gi")}, []),
    ("smallest fit wins", [pv("v10", "10Gi"), pv("v2", "2Gi"), pv("v1", "1Gi"), pvc("c1", "1500Mi")],
     {"v10": ("Available", None), "v2": ("Bound", "c1"), "v1": ("Available", None)},
     {"c1": ("Bound", "v2", "2Gi")}, []),
    ("fewest access modes first, even when bigger",
     [pv("rwo-rox-5g", "5G", "RWO,ROX"), pv("all-1g", "1G", "RWO,ROX,RWX"), pvc("c1", "1G", "RWO,ROX")],
     {"rwo-rox-5g": ("Bound", "c1"), "all-1g": ("Available", None)}, {"c1": ("Bound", "rwo-rox-5g", "5G")}, []),
    ("decimal and binary sizes compare by value", [pv("g", "1G"), pvc("c1", "1Gi")],
     {"g": ("Available", None)}, {"c1": ("Pending", None, None)},
     ["Normal FailedBinding: no persistent volumes available for this claim and no storage class is set"]),
    ("13-x classes must be equal, no class object needed",
     [pv("gold", "1Gi", cls="gold"), pv("plain", "1Gi"), pvc("c1", "1Gi", cls="gold")],
     {"gold": ("Bound", "c1"), "plain": ("Available", None)}, {"c1": ("Bound", "gold", "1Gi")}, []),
    ("1-11 the selector must match the labels",
     [pv("a", "1Gi", labels={"tier": "fast"}), pv("b", "1Gi", labels={"tier": "slow"}),
      pvc("c1", "1Gi", selector={"tier": "slow"})],
     {"a": ("Available", None), "b": ("Bound", "c1")}, {"c1": ("Bound", "b", "1Gi")}, []),
    ("14-x volumeMode must match (nil is Filesystem)",
     [pv("blk", "1Gi", mode="Block"), pv("fs", "1Gi"), pvc("c1", "1Gi", mode="Filesystem")],
     {"blk": ("Available", None), "fs": ("Bound", "c1")}, {"c1": ("Bound", "fs", "1Gi")}, []),
    ("2-3 claim pre-bound by volumeName, volume free",
     [pv("v1", "1Gi"), pv("v2", "1Gi"), pvc("c1", "1Gi", volume="v2")],
     {"v1": ("Available", None), "v2": ("Bound", "c1")}, {"c1": ("Bound", "v2", "1Gi")}, []),
    ("2-9 claim pre-bound to a volume too small",
     [pv("v1", "1Gi"), pvc("c1", "5Gi", volume="v1")], {"v1": ("Available", None)}, {"c1": ("Pending", "v1", None)},
     ['Warning VolumeMismatch: Cannot bind to requested volume "v1": requested PV is too small']),
    ("2-8 volumeName ignores the selector",
     [pv("v1", "1Gi", labels={"a": "b"}), pvc("c1", "1Gi", volume="v1", selector={"a": "zzz"})],
     {"v1": ("Bound", "c1")}, {"c1": ("Bound", "v1", "1Gi")}, []),
    ("2-6 the requested volume belongs to another claim",
     [pv("v1", "1Gi", claim="other", uid=False), pvc("c1", "1Gi", volume="v1")],
     {"v1": ("Available", "other")}, {"c1": ("Pending", "v1", None)},
     ['Warning FailedBinding: volume "v1" already bound to a different claim.']),
    ("volume pre-bound by claimRef ignores class",
     [pv("v1", "1Gi", cls="gold", claim="c1", uid=False), pvc("c1", "1Gi", cls="")],
     {"v1": ("Bound", "c1")}, {"c1": ("Bound", "v1", "1Gi")}, []),
    ("a reservation keeps the volume from other claims",
     [pv("v1", "1Gi", claim="someone", uid=False), pvc("c1", "1Gi")],
     {"v1": ("Available", "someone")}, {"c1": ("Pending", None, None)},
     ["Normal FailedBinding: no persistent volumes available for this claim and no storage class is set"]),
    ("3-2 a bound claim whose volume vanished is Lost",
     [pvc("c1", "1Gi", volume="gone", ann={DONE: "yes"}, phase="Bound")], {}, {"c1": ("Lost", "gone", None)},
     ["Warning ClaimLost: Bound claim has lost its PersistentVolume. Data on the volume is lost!"]),
    ("3-1 a bound claim without volumeName is Lost",
     [pvc("c1", "1Gi", ann={DONE: "yes"}, phase="Bound")], {}, {"c1": ("Lost", None, None)},
     ["Warning ClaimLost: Bound claim has lost reference to PersistentVolume. Data on the volume is lost!"]),
    ("4-3 Retain: a volume whose claim is gone is Released and kept",
     [pv("v1", "1Gi", claim="deleted", phase="Bound")], {"v1": ("Released", "deleted")}, {}, []),
    ("Delete removes a hostPath volume under /tmp",
     [pv("v1", "1Gi", claim="deleted", policy="Delete", path="/tmp/v1", phase="Bound")], {}, {}, []),
    ("Delete cannot remove a hostPath volume outside /tmp",
     [pv("v1", "1Gi", claim="deleted", policy="Delete", path="/data/v1", phase="Bound")],
     {"v1": ("Failed", "deleted")}, {},
     ["Warning VolumeFailedDelete: host_path deleter only supports /tmp/.+ but received provided /data/v1"]),
    ("6-1 Recycle frees a volume the controller bound",
     [pv("v1", "1Gi", claim="deleted", policy="Recycle", ann={BY_CTRL: "yes"}, phase="Bound")],
     {"v1": ("Available", None)}, {}, ["Normal VolumeRecycled: Volume recycled"]),
    ("6-2 Recycle keeps a user's reservation",
     [pv("v1", "1Gi", claim="deleted", policy="Recycle", phase="Bound")],
     {"v1": ("Available", "deleted")}, {}, ["Normal VolumeRecycled: Volume recycled"]),
    ("a released volume is never reused by a new claim",
     [pv("v1", "1Gi", claim="old", phase="Bound"), pvc("new", "1Gi")], {"v1": ("Released", "old")},
     {"new": ("Pending", None, None)},
     ["Normal FailedBinding: no persistent volumes available for this claim and no storage class is set"]),
    ("WaitForFirstConsumer leaves the claim for the scheduler",
     [sc("local", binding="WaitForFirstConsumer"), pv("v1", "1Gi", cls="local"), pvc("c1", "1Gi", cls="local")],
     {"v1": ("Available", None)}, {"c1": ("Pending", None, None)},
     ["Normal WaitForFirstConsumer: waiting for first consumer to be created before binding"]),
    ("1-14 ...but not a volume pre-bound to the claim",
     [sc("local", binding="WaitForFirstConsumer"), pv("v1", "1Gi", cls="local", claim="c1", uid=False),
      pvc("c1", "1Gi", cls="local")], {"v1": ("Bound", "c1")}, {"c1": ("Bound", "v1", "1Gi")}, []),
    ("a class with an external provisioner waits for it",
     [sc("standard"), pvc("c1", "1Gi", cls="standard")], {}, {"c1": ("Pending", None, None)},
     ["Normal ExternalProvisioning: Waiting for a volume to be created either by the external provisioner "
      "'rancher.io/local-path' or manually by the system administrator. If volume creation is delayed, please "
      "verify that the provisioner is running and correctly registered."]),
    ("11-14 a missing class cannot provision", [pvc("c1", "1Gi", cls="nope")], {},
     {"c1": ("Pending", None, None)}, ['Warning ProvisioningFailed: storageclass.storage.k8s.io "nope" not found']),
    ("retroactive default class, then a volume of that class binds",
     [sc("std", default=True), pv("v1", "1Gi", cls="std"), pvc("c1", "1Gi")],
     {"v1": ("Bound", "c1")}, {"c1": ("Bound", "v1", "1Gi")}, []),
    ('11-15 an explicit "" claim never gets the default class',
     [sc("std", default=True), pv("v1", "1Gi", cls="std"), pvc("c1", "1Gi", cls="")],
     {"v1": ("Available", None)}, {"c1": ("Pending", None, None)},
     ["Normal FailedBinding: no persistent volumes available for this claim and no storage class is set"]),
    # 4.2 the matcher
    ("superset rule: a RWO claim takes a RWO+RWX volume",
     [pv("v1", "1Gi", "RWO,RWX"), pvc("c1", "1Gi", "RWO")], {"v1": ("Bound", "c1")}, {"c1": ("Bound", "v1", "1Gi")},
     []),
    ("superset rule: a RWX claim never takes a RWO volume",
     [pv("v1", "1Gi", "RWO"), pvc("c1", "1Gi", "RWX")], {"v1": ("Available", None)}, {"c1": ("Pending", None, None)},
     [NOPV]),
    ("1-7 a volume reserved for an earlier claim of the same name (stale uid) is not taken, and is Released (4-4)",
     [pv("v1", "1Gi", claim="c1", uid="11111111-old0-0000-0000-000000000000", phase="Bound"), pvc("c1", "1Gi")],
     {"v1": ("Released", "c1")}, {"c1": ("Pending", None, None)}, [NOPV]),
    ("TestFindingPreboundVolumes: a volume reserved for the claim but too small is ignored",
     [pv("v1", "1Gi", claim="c1", uid=False), pvc("c1", "5Gi")],
     {"v1": ("Available", "c1")}, {"c1": ("Pending", None, None)}, [NOPV]),
    ("1-5 a volume reserved for the claim beats a smaller free one, and ignores the selector",
     [pv("big", "10Gi", claim="c1", uid=False), pv("small", "1Gi", labels={"a": "b"}),
      pvc("c1", "1Gi", selector={"a": "b"})],
     {"big": ("Bound", "c1"), "small": ("Available", None)}, {"c1": ("Bound", "big", "10Gi")}, []),
    ("TestStorageObjectInUseProtectionFiltering: a volume being deleted is never chosen",
     [pv("v1", "1Gi", deleting=True), pv("v2", "2Gi"), pvc("c1", "1Gi")],
     {"v1": ("Available", None), "v2": ("Bound", "c1")}, {"c1": ("Bound", "v2", "2Gi")}, []),
    ("1-12 matchExpressions are ANDed with matchLabels",
     [pv("a", "1Gi", labels={"tier": "fast", "zone": "x"}), pv("b", "1Gi", labels={"tier": "fast"}),
      pvc("c1", "1Gi", selector={"tier": "fast"}, expressions=[{"key": "zone", "operator": "DoesNotExist"}])],
     {"a": ("Available", None), "b": ("Bound", "c1")}, {"c1": ("Bound", "b", "1Gi")}, []),
    ("1-3 an unbound claim with no match is reset to Pending, its status cleared",
     [pvc("c1", "1Gi", phase="Bound")], {}, {"c1": ("Pending", None, None)}, [NOPV]),
    ("WaitForPodScheduled names the Pods not yet scheduled",
     [sc("local", binding="WaitForFirstConsumer"), pvc("c1", "1Gi", cls="local"), pod("p2", "c1"), pod("p1", "c1"),
      pod("placed", "c1", node="n1"), pod("done", "c1", phase="Succeeded")], {}, {"c1": ("Pending", None, None)},
     ["Normal WaitForPodScheduled: waiting for pods p1,p2 to be scheduled"]),
    ("WaitForPodScheduled with one Pod",
     [sc("local", binding="WaitForFirstConsumer"), pvc("c1", "1Gi", cls="local"), pod("p1", "c1")], {},
     {"c1": ("Pending", None, None)}, ["Normal WaitForPodScheduled: waiting for pod p1 to be scheduled"]),
    ("4.7 the legacy class annotation wins over storageClassName",
     [pv("v1", "1Gi", cls="gold"), pv("v2", "1Gi", cls="silver"),
      pvc("c1", "1Gi", cls="silver", ann={"volume.beta.kubernetes.io/storage-class": "gold"})],
     {"v1": ("Bound", "c1"), "v2": ("Available", None)}, {"c1": ("Bound", "v1", "1Gi")}, []),
    ("11-1 the beta default-class annotation counts too",
     [sc("std", default="beta"), pv("v1", "1Gi", cls="std"), pvc("c1", "1Gi")],
     {"v1": ("Bound", "c1")}, {"c1": ("Bound", "v1", "1Gi")}, []),
    # 4.3 claim pre-bound by volumeName
    ("2-2 a claim pre-bound to a missing volume waits, with no event",
     [pvc("c1", "1Gi", volume="v9", phase="Bound")], {}, {"c1": ("Pending", "v9", None)}, []),
    ("2-10 volumeName: the class must match",
     [pv("v1", "1Gi", cls="gold"), pvc("c1", "1Gi", cls="", volume="v1")], {"v1": ("Available", None)},
     {"c1": ("Pending", "v1", None)},
     ['Warning VolumeMismatch: Cannot bind to requested volume "v1": storageClassName does not match']),
    ("14-8 volumeName: the volume mode must match",
     [pv("v1", "1Gi", mode="Block"), pvc("c1", "1Gi", volume="v1")], {"v1": ("Available", None)},
     {"c1": ("Pending", "v1", None)},
     ['Warning VolumeMismatch: Cannot bind to requested volume "v1": incompatible volumeMode']),
    ("1-16 volumeName: the access modes must be held",
     [pv("v1", "1Gi", "RWO"), pvc("c1", "1Gi", "RWX", volume="v1")], {"v1": ("Available", None)},
     {"c1": ("Pending", "v1", None)},
     ['Warning VolumeMismatch: Cannot bind to requested volume "v1": incompatible accessMode']),
    ("volumeName: a volume being deleted is refused first",
     [pv("v1", "1Gi", deleting=True), pvc("c1", "5Gi", volume="v1")], {"v1": ("Available", None)},
     {"c1": ("Pending", "v1", None)},
     ['Warning VolumeMismatch: Cannot bind to requested volume "v1": the volume is marked for deletion "v1"']),
    ("2-4 a mutual pre-binding binds without any check",
     [pv("v1", "1Gi", cls="gold", claim="c1", uid=False), pvc("c1", "5Gi", volume="v1")],
     {"v1": ("Bound", "c1")}, {"c1": ("Bound", "v1", "1Gi")}, []),
    ("volumeName ignores WaitForFirstConsumer",
     [sc("local", binding="WaitForFirstConsumer"), pv("v1", "1Gi", cls="local"),
      pvc("c1", "1Gi", cls="local", volume="v1")],
     {"v1": ("Bound", "c1")}, {"c1": ("Bound", "v1", "1Gi")}, []),
    ("a Released volume named by volumeName belongs to another claim",
     [pv("v1", "1Gi", claim="old", phase="Bound"), pvc("c1", "1Gi", volume="v1")],
     {"v1": ("Released", "old")}, {"c1": ("Pending", "v1", None)},
     ['Warning FailedBinding: volume "v1" already bound to a different claim.']),
    # 4.4 bound claims
    ("3-3 a bound claim whose volume came unbound is bound again (Lost -> Bound)",
     [pv("v1", "1Gi"), pvc("c1", "1Gi", volume="v1", ann={DONE: "yes", BY_CTRL: "yes"}, phase="Lost")],
     {"v1": ("Bound", "c1")}, {"c1": ("Bound", "v1", "1Gi")}, []),
    ("3-4 a bound claim whose volume names another claim is Lost (misbound)",
     [pv("v1", "1Gi", claim="c2", phase="Bound"), pvc("c2", "1Gi", volume="v1", ann={DONE: "yes"}, phase="Bound"),
      pvc("c1", "1Gi", volume="v1", ann={DONE: "yes"}, phase="Bound")],
     {"v1": ("Bound", "c2")}, {"c1": ("Lost", "v1", None), "c2": ("Bound", "v1", "1Gi")},
     ["Warning ClaimMisbound: Two claims are bound to the same volume, this one is bound incorrectly"]),
    # 4.5 volume sync
    ("4-1 a volume without claimRef becomes Available", [pv("v1", "1Gi", phase="Pending")],
     {"v1": ("Available", None)}, {}, []),
    ("4-2 a claimRef without uid is a reservation: Available",
     [pv("v1", "1Gi", claim="later", uid=False, phase="Pending")], {"v1": ("Available", "later")}, {}, []),
    ("4.5 a volume reserved for a claim of another volumeMode warns on both",
     [pv("v1", "1Gi", mode="Block", claim="c1", phase="Bound"), pvc("c1", "1Gi")],
     {"v1": ("Bound", "c1")}, {"c1": ("Pending", None, None)},
     [NOPV, 'Warning VolumeMismatch: Cannot bind PersistentVolume to requested PersistentVolumeClaim "c1" due to '
            "incompatible volumeMode.",
      'Warning VolumeMismatch: Cannot bind PersistentVolume "v1" to requested PersistentVolumeClaim due to '
      "incompatible volumeMode."]),
    ("4-7 the controller rolls back its own binding when the claim is bound elsewhere",
     [pv("v1", "1Gi", claim="c1", ann={BY_CTRL: "yes"}, phase="Bound"), pv("v2", "1Gi", claim="c1", phase="Bound"),
      pvc("c1", "1Gi", volume="v2", ann={DONE: "yes"}, phase="Bound")],
     {"v1": ("Available", None), "v2": ("Bound", "c1")}, {"c1": ("Bound", "v2", "1Gi")}, []),
    ("4-8 a user's pre-binding keeps its reservation when the claim is bound elsewhere",
     [pv("v1", "1Gi", claim="c1", phase="Bound"), pv("v2", "1Gi", claim="c1", phase="Bound"),
      pvc("c1", "1Gi", volume="v2", ann={DONE: "yes"}, phase="Bound")],
     {"v1": ("Available", "c1"), "v2": ("Bound", "c1")}, {"c1": ("Bound", "v2", "1Gi")}, []),
    ("10-2 a provisioned Delete volume whose claim got another volume is Released for its deleter",
     [pv("pvc-x", "1Gi", claim="c1", policy="Delete", ann={BY_CTRL: "yes", "pv.kubernetes.io/provisioned-by": "x.io/p"},
         phase="Bound"), pv("v2", "1Gi", claim="c1", phase="Bound"),
      pvc("c1", "1Gi", volume="v2", ann={DONE: "yes"}, phase="Bound")],
     {"pvc-x": ("Released", "c1"), "v2": ("Bound", "c1")}, {"c1": ("Bound", "v2", "1Gi")}, []),
    ("1-8 binding interrupted after the volume's claimRef is finished",
     [pv("v1", "1Gi", claim="c1", ann={BY_CTRL: "yes"}, phase="Pending"), pvc("c1", "1Gi")],
     {"v1": ("Bound", "c1")}, {"c1": ("Bound", "v1", "1Gi")}, []),
    ("1-10 binding interrupted after the claim's volumeName is finished",
     [pv("v1", "1Gi", claim="c1", ann={BY_CTRL: "yes"}, phase="Bound"),
      pvc("c1", "1Gi", volume="v1", ann={BY_CTRL: "yes", DONE: "yes"})],
     {"v1": ("Bound", "c1")}, {"c1": ("Bound", "v1", "1Gi")}, []),
    # 5.1 provisioning
    ("11-6 a matching volume wins over provisioning",
     [sc("standard"), pv("v1", "1Gi", cls="standard"), pvc("c1", "1Gi", cls="standard")],
     {"v1": ("Bound", "c1")}, {"c1": ("Bound", "v1", "1Gi")}, []),
    ("11-18 an unknown kubernetes.io/ provisioner fails",
     [sc("x", provisioner="kubernetes.io/unknown"), pvc("c1", "1Gi", cls="x")], {}, {"c1": ("Pending", None, None)},
     ["Warning ProvisioningFailed: no volume plugin matched name: kubernetes.io/unknown"]),
    ("kubernetes.io/no-provisioner in Immediate mode is no plugin either",
     [sc("x", provisioner="kubernetes.io/no-provisioner"), pvc("c1", "1Gi", cls="x")], {},
     {"c1": ("Pending", None, None)},
     ["Warning ProvisioningFailed: no volume plugin matched name: kubernetes.io/no-provisioner"]),
    ("kubernetes.io/host-path provisioning is off in kube-controller-manager",
     [sc("x", provisioner="kubernetes.io/host-path"), pvc("c1", "1Gi", cls="x")], {}, {"c1": ("Pending", None, None)},
     ['Warning ProvisioningFailed: Failed to create provisioner: provisioning in volume plugin '
      '"kubernetes.io/host-path" is disabled']),
    ("11-20 mount options the in-tree plugin cannot take",
     [sc("x", provisioner="kubernetes.io/host-path", mountOptions=["ro", "noatime"]), pvc("c1", "1Gi", cls="x")], {},
     {"c1": ("Pending", None, None)},
     ['Warning ProvisioningFailed: Mount options are not supported by the provisioner but StorageClass "x" has mount '
      "options [ro noatime]"]),
    ("11-25 only CSI provisions from a dataSource",
     [sc("x", provisioner="kubernetes.io/host-path"),
      pvc("c1", "1Gi", cls="x", extra={"dataSource": {"kind": "PersistentVolumeClaim", "name": "src"}})], {},
     {"c1": ("Pending", None, None)},
     ['Warning ProvisioningFailed: plugin "kubernetes.io/host-path" is not a CSI plugin. Only CSI plugin can '
      "provision a claim with a datasource"]),
    ("12-x a migrated in-tree provisioner hands the claim to its CSI driver",
     [sc("x", provisioner="kubernetes.io/gce-pd"), pvc("c1", "1Gi", cls="x")], {}, {"c1": ("Pending", None, None)},
     ["Normal ExternalProvisioning: Waiting for a volume to be created either by the external provisioner "
      "'pd.csi.storage.gke.io' or manually by the system administrator. If volume creation is delayed, please "
      "verify that the provisioner is running and correctly registered."]),
    # 7 reclaim
    ("8-x Delete: nfs has no deleter",
     [pv("v1", "1Gi", claim="gone", policy="Delete", source={"nfs": {"server": "s", "path": "/x"}}, phase="Bound")],
     {"v1": ("Failed", "gone")}, {},
     ['Warning VolumeFailedDelete: error getting deleter volume plugin for volume "v1": no deletable volume plugin '
      "matched"]),
    ("8-x Delete: a static CSI volume has no in-tree deleter and no provisioner of its own",
     [pv("v1", "1Gi", claim="gone", policy="Delete", source={"csi": {"driver": "d.io", "volumeHandle": "h"}},
         phase="Bound")],
     {"v1": ("Failed", "gone")}, {},
     ['Warning VolumeFailedDelete: error getting deleter volume plugin for volume "v1": no volume plugin matched']),
    ("Delete is retried on a Failed volume (here after an admin changed the policy)",
     [pv("v1", "1Gi", claim="gone", policy="Delete", path="/tmp/v1", phase="Failed")], {}, {}, []),
    ("Delete waits while the volume is being deleted already",
     [pv("v1", "1Gi", claim="gone", policy="Delete", path="/data/v1", phase="Bound", deleting=True)],
     {"v1": ("Released", "gone")}, {}, []),
    ("6-3 Recycle without a recycler plugin fails",
     [pv("v1", "1Gi", claim="gone", policy="Recycle", source={"csi": {"driver": "d.io", "volumeHandle": "h"}},
         phase="Bound")],
     {"v1": ("Failed", "gone")}, {}, ["Warning VolumeFailedRecycle: No recycler plugin found for the volume!"]),
    ("6-x Recycle waits while Pods still name the claim",
     [pv("v1", "1Gi", claim="gone", policy="Recycle", phase="Bound"), pod("p1", "gone")],
     {"v1": ("Released", "gone")}, {}, ["Normal VolumeFailedRecycle: Volume is used by pods: default/p1"]),
    ("6-10 an unknown reclaim policy fails",
     [pv("v1", "1Gi", claim="gone", policy="Keep", phase="Bound")], {"v1": ("Failed", "gone")}, {},
     ["Warning VolumeUnknownReclaimPolicy: Volume has unrecognized PersistentVolumeReclaimPolicy"]),
]


@pytest.mark.parametrize("objects, pvs, claims, events", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_binder(objects, pvs, claims, events):
    assert state(converge(objects)) == (pvs, claims, events)


def test_bind_writes_the_controllers_annotations_and_a_full_claim_ref():
    store = converge([pv("v1", "1Gi"), pvc("c1", "1Gi", "RWO")])
    volume, claim = store.get("PersistentVolume", "v1"), store.get("PersistentVolumeClaim", "c1")
    assert volume["metadata"]["annotations"] == {BY_CTRL: "yes"}
    assert volume["spec"]["claimRef"]["uid"] == claim["metadata"]["uid"]
    assert claim["metadata"]["annotations"] == {BY_CTRL: "yes", DONE: "yes"}
    assert claim["status"]["accessModes"] == ["ReadWriteOnce"]


def test_mutual_pre_binding_leaves_no_controller_annotation():
    store = converge([pv("v1", "1Gi", claim="c1"), pvc("c1", "1Gi", volume="v1")])
    assert store.get("PersistentVolume", "v1")["metadata"]["annotations"] == {}
    assert store.get("PersistentVolumeClaim", "c1")["metadata"]["annotations"] == {DONE: "yes"}


def test_deleting_a_claim_releases_its_volume_and_repeats_no_event():
    store = converge([pv("v1", "1Gi"), pvc("c1", "1Gi")])
    store.delete(store.get("PersistentVolumeClaim", "c1"))
    PVController(store).sync()
    PVController(store).sync()
    assert store.get("PersistentVolume", "v1")["status"]["phase"] == "Released"
    assert store.events == []


def test_a_resync_repeats_an_event_as_a_count():
    store = converge([pvc("c1", "1Gi")])
    PVController(store).sync()
    assert [(e.reason, e.count) for e in store.events] == [("FailedBinding", 1)]  # same pass period
    store.clock.advance(15)
    PVController(store).sync()
    assert [(e.reason, e.count) for e in store.events] == [("FailedBinding", 2)]


def test_a_lost_claim_is_reported_once_not_on_every_resync():
    store = converge([pvc("c1", "1Gi", volume="gone", ann={DONE: "yes"}, phase="Bound")])
    store.clock.advance(15)
    PVController(store).sync()
    assert [(e.reason, e.count) for e in store.events] == [("ClaimLost", 1)]


def test_a_failed_volume_keeps_its_first_message():
    store = converge([pv("v1", "1Gi", claim="gone", policy="Recycle", phase="Bound",
                         source={"csi": {"driver": "d.io", "volumeHandle": "h"}})])
    volume = store.get("PersistentVolume", "v1")
    volume["spec"]["persistentVolumeReclaimPolicy"] = "Delete"  # an admin switches the policy: retried, still Failed
    store.clock.advance(15)
    PVController(store).sync()
    assert volume["status"] == {"phase": "Failed", "message": "No recycler plugin found for the volume!"}
    assert [e.reason for e in store.events] == ["VolumeFailedRecycle"]
