"""AccessModeLab: Pods on two nodes sharing RWO, RWX and RWOP claims; what the cluster says about each."""

from __future__ import annotations

import pytest
import yaml

from storagekit.widgets import AccessModeLab
from storagekit.widgets.access import NFS, SCHEDULER, pod_object


@pytest.fixture
def lab():
    return AccessModeLab()


def create(lab, claim, node, how="nodeName"):
    lab.claim.value, lab.node.value, lab.how.value = claim, node, how
    name = lab.pod_name.value
    lab.create_button.click()
    return lab.target.state.store.get("Pod", name, "default")


def events(lab):
    return [(e.reason, e.message) for e in lab.target.state.store.events]


def test_the_three_claims_are_bound(lab):
    assert lab.claim.options == ("rwo", "rwop", "rwx")
    assert lab.node.options == (SCHEDULER, "node1", "node2")
    assert lab.pod_name.value == "app-1"


def test_rwo_on_a_second_node_waits_with_a_multi_attach_error(lab):
    first = create(lab, "rwo", "node1")
    second = create(lab, "rwo", "node2")
    assert first["status"]["phase"] == "Running" and second["status"]["phase"] == "Pending"
    assert ("FailedAttachVolume", 'Multi-Attach error for volume "pv-rwo" Volume is already used by pod(s) app-1') \
        in events(lab)
    assert "app-1" in lab.dot and "app-2" in lab.dot
    lab.pods.value = "app-1"
    lab.delete_button.click()
    assert lab.target.state.store.get("Pod", "app-2", "default")["status"]["phase"] == "Running"


def test_rwo_on_the_same_node_is_shared(lab):
    create(lab, "rwo", "node1")
    second = create(lab, "rwo", "node1", how="nodeSelector")
    assert second["status"]["phase"] == "Running"
    assert second["spec"]["nodeName"] == "node1"


def test_rwx_mounts_on_both_nodes(lab):
    assert create(lab, "rwx", "node1")["status"]["phase"] == "Running"
    assert create(lab, "rwx", "node2")["status"]["phase"] == "Running"


def test_rwop_keeps_a_second_pod_from_being_scheduled(lab):
    create(lab, "rwop", SCHEDULER)
    second = create(lab, "rwop", SCHEDULER)
    assert second["status"]["phase"] == "Pending" and "nodeName" not in second["spec"]
    reasons = [r for r, m in events(lab) if "ReadWriteOncePod" in m]
    assert reasons == ["FailedScheduling"]


def test_a_new_claim_brings_its_own_volume(lab):
    lab.new_claim.value, lab.new_mode.value = "shared", "ReadWriteMany"
    lab.new_backing.value = NFS
    lab.add_claim_button.click()
    assert "shared" in lab.claim.options
    assert lab.target.state.store.get("PersistentVolume", "pv-shared", "")["spec"]["nfs"]["path"] == "/exports/shared"


def test_pod_manifests_pin_as_asked():
    pinned = pod_object("a", "rwo", "node2", "nodeName", True)
    assert pinned["spec"]["nodeName"] == "node2"
    assert pinned["spec"]["containers"][0]["volumeMounts"] == [{"name": "data", "mountPath": "/data", "readOnly": True}]
    chosen = pod_object("b", "rwo", "node1", "nodeSelector", False)
    assert chosen["spec"]["nodeSelector"] == {"kubernetes.io/hostname": "node1"}
    assert "nodeName" not in pod_object("c", "rwo", SCHEDULER, "nodeName", False)["spec"]
    assert yaml.safe_load(yaml.safe_dump(pinned)) == pinned


def test_undo_removes_the_pod_again(lab):
    create(lab, "rwx", "node1")
    lab.undo_button.click()
    assert lab.target.state.store.list("Pod", "default") == []
    assert lab.pods.options == () and lab.pod_name.value == "app-1"


def test_enter_in_the_pod_name_creates_the_pod(lab):
    from tests.widgets.conftest import press_enter

    lab.claim.value, lab.pod_name.value = "rwx", "typed"
    press_enter(lab.pod_name)
    assert lab.target.state.store.get("Pod", "typed", "default") is not None
