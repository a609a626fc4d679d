"""Cards: a PersistentVolume or a claim as a form whose fields are its manifest's."""

from __future__ import annotations

import pytest

from storagekit.widgets.cards import EMPTY, OMIT, ClaimCard, VolumeCard, format_labels, parse_labels


def test_class_choices_omit_or_empty():
    card = ClaimCard(None, name="c")
    card.storage_class.value = OMIT
    assert "storageClassName" not in card.to_object()["spec"]
    card.storage_class.value = EMPTY
    assert card.to_object()["spec"]["storageClassName"] == ""
    card.fill(card.to_object())
    assert card.storage_class.value == EMPTY


@pytest.mark.parametrize("text, labels", [("", {}), ("a=b", {"a": "b"}), (" a=b , c=d ", {"a": "b", "c": "d"}),
                                          ("a=", {"a": ""})])
def test_labels_as_typed(text, labels):
    assert parse_labels(text) == labels


def test_a_volume_card_round_trips_its_object():
    card = VolumeCard(None, name="x", size="2Gi", modes=("ReadOnlyMany",), storage_class="", labels="k=v")
    obj = card.to_object()
    other = VolumeCard(None)
    other.fill(obj)
    assert other.to_object() == obj


def test_a_claim_card_round_trips_a_prebound_claim_with_a_selector():
    card = ClaimCard(None, name="c", size="5Gi", modes=("ReadWriteMany",), storage_class="fast", selector="tier=gold",
                     volume_name="pv-1")
    card.volume_mode.value = "Block"
    obj = card.to_object()
    assert obj["spec"] == {"accessModes": ["ReadWriteMany"], "resources": {"requests": {"storage": "5Gi"}},
                           "volumeMode": "Block", "storageClassName": "fast",
                           "selector": {"matchLabels": {"tier": "gold"}}, "volumeName": "pv-1"}
    other = ClaimCard(None)
    other.fill(obj)
    assert other.to_object() == obj


def test_labels_are_written_sorted():
    assert format_labels({"zone": "a", "tier": "gold"}) == "tier=gold,zone=a"

