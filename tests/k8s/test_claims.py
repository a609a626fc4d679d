"""What binders and provisioners write into a volume for a claim."""

from __future__ import annotations

import pytest

from storagekit.k8s import claims as c


def claim(uid: str = "u-1", rv: str = "7", cls: str | None = None) -> dict:
    spec = {} if cls is None else {"storageClassName": cls}
    return {"metadata": {"name": "data", "namespace": "default", "uid": uid, "resourceVersion": rv}, "spec": spec}


def volume(ref: dict | None = None, **annotations: str) -> dict:
    return {"metadata": {"name": "pv1", "annotations": dict(annotations)}, "spec": {"claimRef": ref} if ref else {}}


def test_claim_ref_is_an_object_reference():
    assert c.claim_ref(claim()) == {"kind": "PersistentVolumeClaim", "namespace": "default", "name": "data",
                                    "uid": "u-1", "apiVersion": "v1", "resourceVersion": "7"}


BOUND_BY = c.ANN_BOUND_BY_CONTROLLER
# GetBindVolumeToClaim's table (pv_controller's binder tests): (claimRef before, annotations before,
# changed, annotated by the controller after)
BIND_CASES = {
    "a free volume": (None, {}, True, True),
    "reserved by the user for the claim's name": ({"name": "data", "namespace": "default"}, {}, True, False),
    "reserved for this very claim": ({"name": "data", "namespace": "default", "uid": "u-1"}, {}, False, False),
    "bound already by the controller": ({"name": "data", "namespace": "default", "uid": "u-1"}, {BOUND_BY: "yes"},
                                        False, True),
    "reserved for an older claim of that name": ({"name": "data", "namespace": "default", "uid": "u-0"}, {},
                                                 True, True),
    "reserved in another namespace": ({"name": "data", "namespace": "other"}, {}, True, True),
}


@pytest.mark.parametrize("ref,before,changed,annotated", list(BIND_CASES.values()), ids=list(BIND_CASES))
def test_bind_volume_to_claim(ref, before, changed, annotated):
    pv = volume(ref, **before)
    assert c.bind_volume_to_claim(pv, claim()) is changed
    assert c.claim_ref_matches(pv, claim()) and pv["spec"]["claimRef"]["uid"] == "u-1"
    assert (BOUND_BY in pv["metadata"]["annotations"]) is annotated
