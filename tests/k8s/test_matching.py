"""Why a volume does or does not satisfy a claim: the binder's checks, table-driven like binder_test.go.

Each case is a volume and a claim before the binder looks, and the reasons it gives, in its order; an empty
list is a pair the binder may bind. The property tests then show that the PV controller's index, the
scheduler's matcher and these reasons never disagree, on random states.
"""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storagekit.k8s import claims as c
from storagekit.k8s import matching as m
from storagekit.k8s.controllers.index import VolumeIndex
from storagekit.k8s.controllers.persistentvolume import PVController
from tests.k8s.controllers.test_persistentvolume import converge, pv, pvc

NODE1 = {"metadata": {"name": "node1", "labels": {"kubernetes.io/hostname": "node1", "zone": "a"}}}
PINNED = {"nodeAffinity": {"required": {"nodeSelectorTerms": [{"matchExpressions": [
    {"key": "kubernetes.io/hostname", "operator": "In", "values": ["node2"]}]}]}}}


def with_uid(claim: dict, uid: str = "UID") -> dict:
    claim["metadata"]["uid"] = uid
    return claim


def bound_to(volume: dict, claim: str, uid: str | None = "UID", phase: str = "Bound") -> dict:
    volume["spec"]["claimRef"] = {"namespace": "default", "name": claim, **({"uid": uid} if uid else {})}
    volume["status"]["phase"] = phase
    return volume


def pinned(volume: dict) -> dict:
    volume["spec"].update(PINNED)
    return volume


CASES = [
    # findByClaim / FindMatchingVolume, the PV controller's path
    ("a fitting free volume", pv("v", "1Gi"), pvc("c", "1Gi"), {}, []),
    ("capacity, as kubectl prints sizes", pv("v", "10Gi"), pvc("c", "50Gi"), {}, ["capacity: 10Gi < 50Gi"]),
    ("capacity compares by value: 1G < 1Gi", pv("v", "1G"), pvc("c", "1Gi"), {}, ["capacity: 1G < 1Gi"]),
    ("access modes: every requested mode must be held", pv("v", "100Gi", "RWO"), pvc("c", "50Gi", "RWX"), {},
     ["access modes: needs RWX (has RWO)"]),
    ("access modes: a superset is fine", pv("v", "1Gi", "RWO,RWX"), pvc("c", "1Gi", "RWO"), {}, []),
    ("class: \"\" is a class of its own", pv("v", "1Gi", cls="standard"), pvc("c", "1Gi", cls=""), {},
     ['class: standard, needs ""']),
    ("class: no class object is needed to match", pv("v", "1Gi", cls="gold"), pvc("c", "1Gi", cls="gold"), {}, []),
    ("selector: the first label it misses", pv("v", "1Gi", labels={"tier": "fast"}),
     pvc("c", "1Gi", selector={"tier": "slow"}), {}, ["selector: needs tier=slow"]),
    ("selector: expressions print as kubectl prints them", pv("v", "1Gi", labels={"zone": "x"}),
     pvc("c", "1Gi", expressions=[{"key": "zone", "operator": "In", "values": ["b", "a"]}]), {},
     ["selector: needs zone in (a,b)"]),
    ("volumeMode: nil counts as Filesystem", pv("v", "1Gi", mode="Block"), pvc("c", "1Gi"), {},
     ["volumeMode: Block, needs Filesystem"]),
    ("a volume being deleted", pv("v", "1Gi", deleting=True), pvc("c", "1Gi"), {}, ["being deleted (Terminating)"]),
    ("phase: only Available volumes bind", pv("v", "1Gi", phase="Pending"), pvc("c", "1Gi"), {},
     ["phase Pending: only Available volumes bind"]),
    ("claimRef: bound to another claim", bound_to(pv("v", "1Gi"), "other"), pvc("c", "1Gi"), {},
     ["already bound to default/other"]),
    ("claimRef: reserved by a user for another claim", bound_to(pv("v", "1Gi"), "other", uid=None, phase="Available"),
     pvc("c", "1Gi"), {}, ["claimRef: reserved for default/other"]),
    ("Released volumes are never reused", bound_to(pv("v", "1Gi"), "old", phase="Released"), pvc("c", "1Gi"), {},
     ["Released: never reused (claimRef default/old)"]),
    ("...not even by a new claim of the same name", bound_to(pv("v", "1Gi"), "c", uid="old-uid", phase="Released"),
     with_uid(pvc("c", "1Gi")), {}, ["Released: never reused, not even by a new claim of that name (claimRef default/c)"]),
    ("access modes come first, then every other check in order",
     pv("v", "1Gi", "RWO", cls="gold", mode="Block"), pvc("c", "5Gi", "RWX", cls=""), {},
     ["access modes: needs RWX (has RWO)", "capacity: 1Gi < 5Gi", "volumeMode: Block, needs Filesystem",
      'class: gold, needs ""']),
    ("a volume bound elsewhere says only that (and its modes)", bound_to(pv("v", "1Gi", "RWO", cls="x"), "other"),
     pvc("c", "5Gi", "RWX"), {}, ["access modes: needs RWX (has RWO)", "already bound to default/other"]),
    ("reserved for this claim: class, selector and phase are not looked at",
     bound_to(pv("v", "1Gi", cls="gold", labels={"a": "b"}), "c", uid=None, phase="Available"),
     pvc("c", "1Gi", cls="", selector={"a": "z"}), {}, []),
    ("reserved for this claim: but it must be big enough", bound_to(pv("v", "1Gi"), "c", uid=None, phase="Available"),
     pvc("c", "5Gi"), {}, ["capacity: 1Gi < 5Gi"]),
    ("WaitForFirstConsumer leaves a free volume to the scheduler", pv("v", "1Gi", cls="local"),
     pvc("c", "1Gi", cls="local"), {"delay_binding": True},
     ["WaitForFirstConsumer: binds once a Pod using the claim is scheduled"]),
    ("WaitForFirstConsumer is listed last, after what would fail anyway", pv("v", "1Gi", cls="other"),
     pvc("c", "1Gi", cls="local"), {"delay_binding": True},
     ['class: other, needs local', "WaitForFirstConsumer: binds once a Pod using the claim is scheduled"]),
    ("...but does not hold back a volume reserved for the claim",
     bound_to(pv("v", "1Gi", cls="local"), "c", uid=None, phase="Available"), pvc("c", "1Gi", cls="local"),
     {"delay_binding": True}, []),
    # checkVolumeSatisfyClaim, for a claim that names its volume
    ("volumeName: only the named volume", pv("v", "1Gi"), pvc("c", "1Gi", volume="w"), {},
     ["volumeName: the claim asks for w"]),
    ("volumeName: deletion, size, class, volumeMode, access modes, in that order",
     pv("v", "1Gi", "RWO", cls="gold", mode="Block", deleting=True), pvc("c", "5Gi", "RWX", cls="", volume="v"), {},
     ["being deleted (Terminating)", "capacity: 1Gi < 5Gi", 'class: gold, needs ""',
      "volumeMode: Block, needs Filesystem", "access modes: needs RWX (has RWO)"]),
    ("volumeName: selector and phase are not checked", pv("v", "1Gi", labels={"a": "b"}, phase="Pending"),
     pvc("c", "1Gi", volume="v", selector={"a": "z"}), {}, []),
    ("volumeName: WaitForFirstConsumer does not delay it", pv("v", "1Gi", cls="local"),
     pvc("c", "1Gi", cls="local", volume="v"), {"delay_binding": True}, []),
    ("volumeName: a volume another claim holds", bound_to(pv("v", "1Gi"), "other"), pvc("c", "1Gi", volume="v"), {},
     ["already bound to default/other"]),
    ("volumeName: a volume reserved for this claim is taken as it is",
     bound_to(pv("v", "1Gi", cls="gold"), "c", uid=None, phase="Available"), pvc("c", "5Gi", volume="v"), {}, []),
    # FindMatchingVolume with a node: the scheduler's path
    ("node: the volume's node affinity", pinned(pv("v", "1Gi")), pvc("c", "1Gi"), {"node": NODE1},
     ["node affinity: kubernetes.io/hostname in (node2) (not node1)"]),
    ("node: access modes are checked last", pinned(pv("v", "1Gi", "RWO", cls="x")), pvc("c", "1Gi", "RWX"),
     {"node": NODE1}, ["node affinity: kubernetes.io/hostname in (node2) (not node1)", 'class: x, needs ""',
                       "access modes: needs RWX (has RWO)"]),
    ("node: WaitForFirstConsumer no longer holds anything back", pv("v", "1Gi", cls="local"),
     pvc("c", "1Gi", cls="local"), {"node": NODE1, "delay_binding": True}, []),
]


@pytest.mark.parametrize("name, volume, claim, options, expected", CASES, ids=[case[0] for case in CASES])
def test_reasons(name, volume, claim, options, expected):
    reasons = m.mismatch(volume, claim, **options)
    assert [str(r) for r in reasons] == expected


def test_reasons_name_the_check():
    reasons = m.mismatch(pv("v", "1Gi", "RWO", cls="gold"), pvc("c", "5Gi", "RWX", cls=""))
    assert [r.field for r in reasons] == ["accessModes", "capacity", "storageClassName"]


@pytest.mark.parametrize("terms, fits", [
    ([{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]}], True),
    ([{"matchExpressions": [{"key": "zone", "operator": "NotIn", "values": ["a"]}]}], False),
    ([{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["b"]}]},
      {"matchExpressions": [{"key": "kubernetes.io/hostname", "operator": "Exists"}]}], True),  # terms are ORed
    ([{"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]},
                            {"key": "disk", "operator": "Exists"}]}], False),  # expressions are ANDed
    ([{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["node1"]}]}], True),
    ([{"matchExpressions": [{"key": "gen", "operator": "Gt", "values": ["3"]}]}], False),
    ([{}], False),  # an empty term matches no node
])
def test_node_affinity(terms, fits):
    volume = pv("v", "1Gi")
    volume["spec"]["nodeAffinity"] = {"required": {"nodeSelectorTerms": terms}}
    assert m.node_affinity_fits(volume, NODE1["metadata"]["labels"], "node1") is fits


# ---------------------------------------------------------------------- the binder and the reasons agree

MODES = ["RWO", "ROX", "RWX"]
volumes = st.lists(st.fixed_dictionaries({
    "size": st.sampled_from(["1Gi", "2Gi", "5Gi", "1G"]), "modes": st.sets(st.sampled_from(MODES), min_size=1),
    "cls": st.sampled_from(["", "gold"]), "phase": st.sampled_from(["Available", "Available", "Released", "Pending"]),
    "ref": st.sampled_from([None, None, None, "me", "other", "stale"]), "mode": st.sampled_from([None, None, "Block"]),
    "labels": st.sampled_from([{}, {"tier": "fast"}]), "deleting": st.sampled_from([False, False, False, True]),
    "pinned": st.booleans()}), max_size=10)
claims = st.fixed_dictionaries({
    "size": st.sampled_from(["1Gi", "2Gi", "3Gi"]), "modes": st.sets(st.sampled_from(MODES), min_size=1),
    "cls": st.sampled_from(["", "gold"]), "selector": st.sampled_from([None, {"tier": "fast"}]),
    "mode": st.sampled_from([None, "Block"])})


def make_volumes(specs: list[dict]) -> list[dict]:
    made = []
    for i, v in enumerate(specs):
        volume = pv(f"pv{i}", v["size"], ",".join(sorted(v["modes"])), cls=v["cls"], labels=v["labels"],
                    mode=v["mode"], deleting=v["deleting"], phase=v["phase"])
        if v["ref"]:
            uid = {"me": "me-uid", "other": "other-uid", "stale": "old-uid"}[v["ref"]]
            bound_to(volume, "other" if v["ref"] == "other" else "me", uid=uid, phase=v["phase"])
        if v["pinned"]:
            pinned(volume)
        made.append(volume)
    return made


def make_claim(spec: dict) -> dict:
    return with_uid(pvc("me", spec["size"], ",".join(sorted(spec["modes"])), cls=spec["cls"],
                        selector=spec["selector"], mode=spec["mode"]), "me-uid")


@settings(max_examples=120, deadline=None)
@given(specs=volumes, spec=claims, delay=st.booleans())
def test_the_index_binds_exactly_what_has_no_reason(specs, spec, delay):
    """What the PV controller's index picks has no reason; what has a reason is never picked; and when it picks
    nothing, every volume has a reason (so a Pending claim never shows a volume it could have had)."""
    pvs, claim = make_volumes(specs), make_claim(spec)
    chosen = VolumeIndex(pvs).find(claim, delay)
    reasons = {v["metadata"]["name"]: m.mismatch(v, claim, delay_binding=delay) for v in pvs}
    if chosen is None:
        assert all(reasons.values())
    else:
        assert reasons[chosen["metadata"]["name"]] == []
        free = [v for v in pvs if not reasons[v["metadata"]["name"]]]
        if not c.claim_ref_matches(chosen, claim):  # the fewest modes first, then the smallest
            best = min(free, key=lambda v: (len(c.modes(v)), c.capacity(v).value))
            assert (len(c.modes(chosen)), c.capacity(chosen)) == (len(c.modes(best)), c.capacity(best))


@settings(max_examples=150, deadline=None)
@given(specs=volumes, spec=claims)
def test_the_scheduler_binds_exactly_what_has_no_reason(specs, spec):
    """The scheduler's FindMatchingVolume on a node: the smallest volume without a reason, or, if a volume
    reserved for the claim cannot be used on the node, none at all."""
    pvs, claim = make_volumes(specs), make_claim(spec)
    chosen = m.find_matching_volume(claim, pvs, node=NODE1)
    reasons = {v["metadata"]["name"]: m.mismatch(v, claim, node=NODE1) for v in pvs}
    if chosen is not None:
        assert reasons[chosen["metadata"]["name"]] == []
        assert all(c.capacity(chosen) <= c.capacity(v) for v in pvs if not reasons[v["metadata"]["name"]]) \
            or c.claim_ref_matches(chosen, claim)
    else:
        stuck = any(c.claim_ref_matches(v, claim) and [r.field for r in reasons[v["metadata"]["name"]]] == ["nodeAffinity"]
                    for v in pvs)
        assert stuck or all(reasons.values())


@settings(max_examples=80, deadline=None)
@given(specs=volumes, spec=st.lists(claims, min_size=1, max_size=3))
def test_after_the_controller_settles_a_pending_claim_has_a_reason_for_every_volume(specs, spec):
    """Run the whole PV controller on settled volumes and new claims: what it bound had no reason before, and
    what it left Pending has a reason against every volume (so the picture of a Pending claim never shows a
    volume it could have had)."""
    store = converge(make_volumes(specs))
    before = {v["metadata"]["name"]: copy.deepcopy(v) for v in store.list("PersistentVolume")}
    asked = {}
    for i, s in enumerate(spec):
        claim = make_claim(s)
        claim["metadata"]["name"] = "me" if i == 0 else f"me{i}"
        asked[claim["metadata"]["name"]] = store.create(claim, uid="me-uid" if i == 0 else f"uid-{i}")
        asked[claim["metadata"]["name"]] = copy.deepcopy(asked[claim["metadata"]["name"]])
    PVController(store).sync()
    for claim in store.list("PersistentVolumeClaim"):
        if claim["status"]["phase"] == "Pending":
            assert all(m.mismatch(v, claim) for v in store.list("PersistentVolume")), claim["metadata"]["name"]
        else:
            assert m.mismatch(before[claim["spec"]["volumeName"]], asked[claim["metadata"]["name"]]) == []
