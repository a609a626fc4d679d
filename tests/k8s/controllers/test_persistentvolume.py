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
       path="/tmp/data", ann=None, phase="Available", source=None):
    spec = {"capacity": {"storage": size}, "accessModes": [MODES[m] for m in modes.split(",")],
            "persistentVolumeReclaimPolicy": policy, "storageClassName": cls}
    spec.update(source or {"hostPath": {"path": path}})
    if mode:
        spec["volumeMode"] = mode
    if claim:
        spec["claimRef"] = {"kind": "PersistentVolumeClaim", "namespace": "default", "name": claim,
                            "uid": "UID" if uid else ""}
    return {"apiVersion": "v1", "kind": "PersistentVolume",
            "metadata": {"name": name, "labels": labels or {}, "annotations": dict(ann or {})},
            "spec": spec, "status": {"phase": phase}}


def pvc(name, size, modes="RWO", cls=None, *, volume=None, selector=None, mode=None, ann=None, phase="Pending"):
    spec = {"accessModes": [MODES[m] for m in modes.split(",")], "resources": {"requests": {"storage": size}}}
    if cls is not None:
        spec["storageClassName"] = cls
    if volume:
        spec["volumeName"] = volume
    if selector:
        spec["selector"] = {"matchLabels": selector}
    if mode:
        spec["volumeMode"] = mode
    return {"apiVersion": "v1", "kind": "PersistentVolumeClaim",
            "metadata": {"name": name, "namespace": "default", "annotations": dict(ann or {})},
            "spec": spec, "status": {"phase": phase}}


def sc(name, provisioner="rancher.io/local-path", binding="Immediate", default=False):
    ann = {"storageclass.kubernetes.io/is-default-class": "true"} if default else {}
    return {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": name, "annotations": ann},
            "provisioner": provisioner, "volumeBindingMode": binding, "reclaimPolicy": "Delete"}


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
