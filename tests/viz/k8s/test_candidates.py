"""Which volumes a Pending claim's picture shows, and how the others are counted."""

from __future__ import annotations

from collections import Counter

import pytest

from storagekit.viz.k8s.candidates import Candidates, candidates
from tests.viz.k8s import scenarios as s

PV = {"metadata": {"name": "v"}}


@pytest.mark.parametrize("shown, others, summary", [
    ([], Counter(), ""),
    ([(PV, [])], Counter({"capacity": 2, "storageClassName": 5}), "7 more ruled out: 5 other class, 2 too small"),
    ([], Counter({"capacity": 1, "claimRef": 3}), "4 ruled out: 3 bound or claimed, 1 too small"),
    ([], Counter({"claimRef": 3}), ""),  # only other claims' volumes, and nothing drawn: nothing to say
])
def test_summary(shown, others, summary):
    assert Candidates(shown, others).summary() == summary


def test_the_nearest_misses_first_and_never_another_claims_volume():
    cluster = s.static()
    store = cluster.state.store
    logs = store.get("PersistentVolumeClaim", "logs", "default")
    found = candidates(store, logs, store.list("PersistentVolume"))
    # fewest reasons first, then the nearest miss: 40Gi < 50Gi before 10Gi < 50Gi, then another check than size
    assert [pv["metadata"]["name"] for pv, _ in found.shown] == ["pv-slow", "pv-rwx", "pv-rwo"]
    assert [str(r) for r in found.shown[0][1]] == ["capacity: 40Gi < 50Gi"]
    assert found.others["claimRef"] == 1  # pv-a, bound to data: counted, not drawn


def test_a_claim_that_names_its_volume_considers_that_one_only():
    store = s.static().state.store
    named = store.get("PersistentVolumeClaim", "named", "default")
    found = candidates(store, named, store.list("PersistentVolume"))
    assert [pv["metadata"]["name"] for pv, _ in found.shown] == ["pv-rwx"] and not found.others
