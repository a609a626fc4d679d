"""BindingLab: cards that are manifests, the binder's choice, stepping one round at a time, undo."""

from __future__ import annotations

import pytest
import yaml

from storagekit.widgets import BindingLab


@pytest.fixture
def lab():
    return BindingLab()


def phase(lab, kind, name, namespace=""):
    obj = lab.target.state.store.get(kind, name, namespace)
    return None if obj is None else obj["status"].get("phase")


def applied_manifest(lab) -> dict:
    line = lab._entries[0][1]
    assert line.startswith("kubectl apply -f - <<'EOF'\n")
    return yaml.safe_load(line.split("\n", 1)[1].rsplit("\nEOF", 1)[0])


def test_the_claim_binds_the_smallest_volume_that_fits(lab):
    pvc = lab.target.state.store.get("PersistentVolumeClaim", "data", "default")
    assert pvc["spec"]["volumeName"] == "pv-large"
    assert [c.status.value.split(">")[1].split("<")[0] for c in lab.volume_cards] == ["Bound", "Available"]
    assert [c.name.value for c in lab.volume_cards] == ["pv-large", "pv-small"]
    assert "pv-small" in lab.dot and "data" in lab.dot


def test_a_card_applies_its_manifest(lab):
    lab.add_volume_button.click()
    card = lab.volume_cards[-1]
    card.name.value, card.size.value, card.labels.value = "pv-3g", "3Gi", "tier=gold, zone=a"
    card.modes.toggles["ReadWriteMany"].value = True
    card.apply_button.click()
    assert applied_manifest(lab) == {
        "apiVersion": "v1", "kind": "PersistentVolume",
        "metadata": {"name": "pv-3g", "labels": {"tier": "gold", "zone": "a"}},
        "spec": {"capacity": {"storage": "3Gi"}, "accessModes": ["ReadWriteOnce", "ReadWriteMany"],
                 "persistentVolumeReclaimPolicy": "Retain", "storageClassName": "manual",
                 "hostPath": {"path": "/mnt/data/pv-3g"}}}
    assert phase(lab, "PersistentVolume", "pv-3g") == "Available"
    assert lab._entries[1][1] == "kubectl get pv,pvc"


def test_a_claim_with_a_selector_binds_only_labelled_volumes(lab):
    lab.add_claim_button.click()
    card = lab.claim_cards[-1]
    card.name.value, card.size.value, card.selector.value = "gold", "1Gi", "tier=gold"
    card.apply_button.click()
    assert applied_manifest(lab)["spec"]["selector"] == {"matchLabels": {"tier": "gold"}}
    assert phase(lab, "PersistentVolumeClaim", "gold", "default") == "Pending"  # pv-large is taken
    assert "Pending" in card.status.value


def test_the_api_servers_refusal_is_shown(lab):
    card = lab.claim_cards[0]
    card.size.value = "512Mi"
    card.apply_button.click()
    assert "field can not be less than previous value" in lab.transcript.value
    assert '<span class="sk-err">' in lab.transcript.value


def test_stepping_shows_the_controllers_one_round_at_a_time(lab, sent):
    lab.stepping.value = True
    assert lab.target.stepping and not lab.step_button.disabled
    lab.add_claim_button.click()
    card = lab.claim_cards[-1]
    card.name.value = "later"
    card.apply_button.click()
    assert phase(lab, "PersistentVolumeClaim", "later", "default") == "Pending"
    count = sent(lab.diagram)
    lab.step_button.click()
    assert count.updates("value") == 1
    assert "persistentvolume-controller updated PersistentVolume pv-small" in lab.round.value
    assert phase(lab, "PersistentVolumeClaim", "later", "default") == "Bound"
    lab.step_button.click()
    assert "nothing to do: the cluster has settled" in lab.round.value
    lab.stepping.value = False
    assert not lab.target.stepping and lab.step_button.disabled


def test_undo_brings_back_a_deleted_volume_and_its_card(lab):
    lab.volume_cards[1].delete_button.click()
    assert phase(lab, "PersistentVolume", "pv-small") is None
    assert "not in the cluster" in lab.volume_cards[1].status.value
    lab.undo_button.click()
    assert phase(lab, "PersistentVolume", "pv-small") == "Available"
    assert [c.name.value for c in lab.volume_cards] == ["pv-large", "pv-small"]


def test_a_bound_volume_deleted_waits_as_terminating(lab):
    lab.volume_cards[0].delete_button.click()
    assert "Terminating" in lab.volume_cards[0].status.value
    assert "kubernetes.io/pv-protection" in lab.target.state.store.get("PersistentVolume", "pv-large", "")[
        "metadata"]["finalizers"]


def test_enter_in_a_field_applies_its_card(lab):
    from tests.widgets.conftest import press_enter

    card = lab.volume_cards[1]
    card.size.value = "3Gi"
    press_enter(card.size)
    assert lab.target.state.store.get("PersistentVolume", "pv-small", "")["spec"]["capacity"]["storage"] == "3Gi"


def test_the_last_round_and_a_focus_are_pictures_of_their_own(lab, sent):
    assert lab.picture.disabled  # no round yet
    lab.stepping.value = True
    lab.add_claim_button.click()
    lab.claim_cards[-1].name.value = "later"
    lab.claim_cards[-1].apply_button.click()
    lab.step_button.click()
    count = sent(lab.diagram)
    lab.picture.value = "round"
    assert count.updates("value") == 1
    assert "What each controller wrote in this round" in lab.dot and "persistentvolume-controller" in lab.dot
    lab.picture.value = "storage"
    assert [v for _label, v in lab.focus.options] == ["", "pvc/data", "pvc/later", "pv/pv-large", "pv/pv-small"]
    lab.focus.value = "pvc/data"
    assert "around pvc/data" in lab.dot and "pv-large" in lab.dot
    lab.undo_button.click()
    assert lab._round is None and lab.round.value == ""
