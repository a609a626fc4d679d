"""cluster_storage: what its DOT text means (bindings, half bindings, every reason a claim did not bind, why
nothing was provisioned, reclaiming); test_pictures compares the whole text with the golden files.
"""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit import viz
from tests.k8s import manifests as m
from tests.viz.dot import edge_map, nodes
from tests.viz.k8s import scenarios as s


def tiny(*steps: str) -> sk.Cluster:
    """A one-node cluster after these steps: manifests to apply, or kubectl command lines."""
    cluster = sk.Cluster(nodes=["node1"])
    for i, step in enumerate(steps):
        m.run(cluster, step) if step.startswith("kubectl ") else m.apply(cluster, step, f"m{i}.yaml")
    return cluster


def edge(source: str, tail: str, head: str) -> dict[str, str]:
    found = edge_map(source)
    assert (tail, head) in found, f"no edge {tail} -> {head} in:\n{source}"
    return found[(tail, head)]


REASONS = [
    ("capacity", [m.pv("v", "10Gi", extra=m.NO_CLASS) + m.pvc("c", "50Gi", extra=m.NO_CLASS)],
     "capacity: 10Gi < 50Gi"),
    ("access modes", [m.pv("v", "100Gi", extra=m.NO_CLASS) + m.pvc("c", "50Gi", "ReadWriteMany", extra=m.NO_CLASS)],
     "access modes: needs RWX (has RWO)"),
    ("class", [m.pv("v", "1Gi", extra="  storageClassName: gold\n") + m.pvc("c", "1Gi", extra=m.NO_CLASS)],
     'class: gold, needs ""'),
    ("selector", [m.pv("v", "1Gi", extra=m.NO_CLASS).replace("{name: v}", "{name: v, labels: {tier: slow}}")
                  + m.pvc("c", "1Gi", extra=m.NO_CLASS + "  selector: {matchLabels: {tier: fast}}\n")],
     "selector: needs tier=fast"),
    ("volumeMode", [m.pv("v", "1Gi", extra=m.NO_CLASS + "  volumeMode: Block\n") + m.pvc("c", "1Gi", extra=m.NO_CLASS)],
     "volumeMode: Block, needs Filesystem"),
    ("claimRef to another claim", [m.pv("v", "1Gi",
                                        extra=m.NO_CLASS + "  claimRef: {namespace: default, name: other}\n")
                                   + m.pvc("c", "1Gi", extra=m.NO_CLASS)], "claimRef: reserved for default/other"),
    ("Released volumes are never reused", [m.pv("v", "1Gi", extra=m.NO_CLASS) + m.pvc("old", "1Gi", extra=m.NO_CLASS),
                                           "kubectl delete pvc old", m.pvc("c", "1Gi", extra=m.NO_CLASS)],
     "Released: never reused (claimRef default/old)"),
    ("being deleted", [m.pv("v", "1Gi", extra=m.NO_CLASS).replace("{name: v}",
                                                                  "{name: v, finalizers: [example.com/x]}"),
                       "kubectl delete pv v --wait=false", m.pvc("c", "1Gi", extra=m.NO_CLASS)],
     "being deleted (Terminating)"),
    ("WaitForFirstConsumer", ["""apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: local}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
---
""" + m.pv("v", "1Gi", extra="  storageClassName: local\n") + m.pvc("c", "1Gi", extra="  storageClassName: local\n")],
     "WaitForFirstConsumer: binds once a Pod using the claim is scheduled"),
]


@pytest.mark.parametrize("name, steps, expected", REASONS, ids=[r[0] for r in REASONS])
def test_a_pending_claim_says_why_each_close_volume_did_not_bind(name, steps, expected):
    source = viz.cluster_storage(tiny(*steps)).source
    line = edge(source, "pvc_default_c", "pv_v")
    assert expected in line["label"].replace("\n", " ")
    assert line["style"] == "dotted" and line["color"] == "#D55E00"


def test_node_affinity_is_the_schedulers_reason():
    source = viz.cluster_storage(s.local_volume()).source
    label = edge(source, "pvc_default_cache", "pv_disk_node3")["label"].replace("\n", " ")
    assert label == "node affinity: kubernetes.io/hostname in (node3) (no schedulable node)"


def test_a_binding_is_both_pointers_and_one_pointer_alone_is_dashed():
    source = viz.cluster_storage(s.static()).source
    bound = edge(source, "pvc_default_data", "pv_pv_a")
    assert bound["dir"] == "both" and bound["penwidth"] == "2" and bound["label"] == "volumeName ⇄ claimRef"
    named = edge(source, "pvc_default_named", "pv_pv_rwx")  # the claim names the volume, which does not name it back
    assert named["style"] == "dashed" and named["label"] == "volumeName only\ncapacity: 10Gi < 20Gi"


def test_a_volume_reserved_for_a_claim_that_cannot_have_it_points_alone():
    cluster = tiny(m.pv("v", "1Gi", extra=m.NO_CLASS + "  claimRef: {namespace: default, name: c}\n")
                   + m.pvc("c", "5Gi", extra=m.NO_CLASS))
    line = edge(viz.cluster_storage(cluster).source, "pv_v", "pvc_default_c")
    assert line["style"] == "dashed" and line["label"] == "claimRef only\ncapacity: 1Gi < 5Gi"


def test_a_claim_named_to_a_volume_another_claim_holds():
    cluster = tiny(m.pv("v", "1Gi", extra=m.NO_CLASS) + m.pvc("a", "1Gi", extra=m.NO_CLASS),
                   m.pvc("c", "1Gi", extra=m.NO_CLASS + "  volumeName: v\n"))
    line = edge(viz.cluster_storage(cluster).source, "pvc_default_c", "pv_v")
    assert line["label"] == "volumeName only\nalready bound to default/a"


def test_the_closest_volumes_are_drawn_and_the_others_counted_by_their_first_reason():
    source = viz.cluster_storage(s.static()).source
    drawn = [head for (tail, head), a in edge_map(source).items()
             if tail == "pvc_default_logs" and a.get("style") == "dotted" and head.startswith("pv_")]
    assert len(drawn) == 3
    assert nodes(source)["pvc_default_logs_others"]["label"].replace("\n", " ") == \
        "6 more ruled out: 2 access modes, 1 bound or claimed, 1 being deleted, 1 other class, 1 volumeMode"


@pytest.mark.parametrize("claim, target, reason", [
    ("files", "sc_shared", "ExternalProvisioning: no example.com/nfs running in the cluster"),
    ("typo", "missing_sc_fsat", 'storageclass.storage.k8s.io "fsat" not found'),
    ("nothing", "no_class", "no class set and no default class: never provisioned"),
    ("picky", "sc_fast", "ebs.csi.aws.com: claim Selector is not supported"),
])
def test_why_no_volume_was_provisioned(claim, target, reason):
    source = viz.cluster_storage(s.provisioning()).source
    line = edge(source, f"pvc_default_{claim}", target)
    assert line["label"].replace("\n", " ") == reason and line["arrowhead"] == "tee"


def test_a_provisioned_volume_and_its_class():
    source = viz.cluster_storage(s.wait_for_first_consumer()).source
    provisioned = [a for (tail, head), a in edge_map(source).items()
                   if head == "sc_standard" and tail.startswith("pv_pvc_")]
    assert [a["label"] for a in provisioned] == ["provisioned\nfor node kind-control-plane"]
    assert provisioned[0]["dir"] == "back" and provisioned[0]["style"] == "dashed"
    waiting = edge(source, "pvc_default_later", "sc_standard")
    assert waiting["label"].replace("\n", " ") == "WaitForFirstConsumer: no Pod uses the claim yet"


def test_reclaim_outcomes_are_on_the_volumes():
    source = viz.cluster_storage(s.reclaim()).source
    drawn = nodes(source)
    assert drawn["pv_keep"]["label"].endswith("Released: deleted claim a") and "dashed" in drawn["pv_keep"]["style"]
    assert drawn["pv_data_disk"]["label"].endswith("Failed") and drawn["pv_data_disk"]["color"] == "#D55E00"
    assert drawn["pv_data_disk_note"]["label"].replace("\n", " ") == \
        "host_path deleter only supports /tmp/.+ but received provided /srv/data"
    assert drawn["pv_reuse"]["label"].endswith("Available (recycled: scrubbed)")
    assert drawn["deleted_pv_scratch"]["label"].endswith("deleted: reclaim policy Delete")


def test_a_volume_deleted_by_hand_is_no_reclaim_outcome():
    cluster = tiny(m.pv("v", "1Gi", extra=m.NO_CLASS), "kubectl delete pv v")
    assert "deleted_pv" not in viz.cluster_storage(cluster).source


def test_what_the_last_command_changed_has_a_double_border():
    cluster = s.wait_for_first_consumer(with_pod=False)
    m.apply(cluster, m.pod("app", "data"), "pod.yaml")
    drawn = nodes(viz.cluster_storage(cluster).source)
    assert drawn["pod_default_app"].get("peripheries") == "2" and drawn["pvc_default_data"].get("peripheries") == "2"
    assert "peripheries" not in drawn["pvc_default_later"] and "peripheries" not in drawn["sc_standard"]
    cluster.sh("kubectl get pvc")  # a read changes nothing
    assert nodes(viz.cluster_storage(cluster).source)["pod_default_app"].get("peripheries") == "2"


def test_pods_are_inside_their_nodes_and_claims_inside_their_namespace():
    source = viz.cluster_storage(s.statefulset()).source
    node1 = source.split("subgraph cluster_node_node1 {")[1].split("}")[0]
    assert "pod_default_web_0 " in node1 and "pod_default_web_2 " in node1 and "web_1" not in node1
    assert "pvc_default_www_web_1 " in source.split("subgraph cluster_ns_default {")[1].split("}")[0]


def test_a_namespace_keeps_its_own_claims_and_pods():
    cluster = s.wait_for_first_consumer()
    m.run(cluster, "kubectl create namespace team")
    m.apply(cluster, m.pvc("mine", "1Gi").replace("metadata: {name: mine}", "metadata: {name: mine, namespace: team}"))
    source = viz.cluster_storage(cluster, namespace="team").source
    assert "pvc_team_mine" in source and "pvc_default_data" not in source and "pod_default_app" not in source
    assert "in namespace team" in source


@pytest.fixture(scope="module")
def large() -> sk.Cluster:
    return s.large(1000)


def test_focus_walks_out_from_one_object_and_says_what_it_left_out(large):
    cluster = large
    g = viz.cluster_storage(cluster, focus="pvc/claim-0010")
    drawn = nodes(g.source)
    assert len([n for n in drawn if n.startswith(("pv_", "pvc_", "pod_"))]) < 20
    assert "around pvc/claim-0010, 2 steps" in g.source and "not walked through missing class gold" in g.source
    assert drawn["pvc_default_claim_0010_others"]["label"].replace("\n", " ") == \
        "997 more ruled out: 810 bound or claimed, 187 too small"
    node = viz.cluster_storage(cluster, focus="node/node1").source
    assert "15 more beside node/node1" in node and len(nodes(node)) < 25


def test_a_cluster_too_big_to_draw_whole_shows_what_is_wrong(large):
    source = viz.cluster_storage(large).source.replace("\n", " ")
    assert "810 Bound claims with their volumes and Pods (draw one with focus=)" in source
    assert "84 more Pending claims" in source


@pytest.mark.parametrize("focus, message", [
    ("claim/data", 'focus must be TYPE/NAME with TYPE one of pvc, pv, pod, sc, node (got "claim/data")'),
    ("pvc", 'focus must be TYPE/NAME with TYPE one of pvc, pv, pod, sc, node (got "pvc")'),
    ("pvc/nope", 'persistentvolumeclaims "nope" not found'),
    ("sc/nope", 'storageclasses.storage.k8s.io "nope" not found'),
])
def test_a_focus_it_cannot_find_is_named(focus, message):
    with pytest.raises(ValueError) as raised:
        viz.cluster_storage(s.static(), focus=focus)
    assert str(raised.value) == message


RESERVED = """
apiVersion: v1
kind: PersistentVolume
metadata: {name: disk}
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  claimRef: {namespace: default, name: db}
  hostPath: {path: /mnt/disk}
"""
CLAIM_DB = """
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: db}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: manual
  resources: {requests: {storage: 1Gi}}
"""


@pytest.mark.parametrize("steps, reserved", [
    ((RESERVED,), True),                                  # reserved for a claim not made yet: a dashed pointer
    ((RESERVED, CLAIM_DB), False),                        # the claim came and bound: a binding, no ghost
    ((RESERVED, CLAIM_DB, "kubectl delete pvc db"), False),  # Released: the old claimRef is no reservation
])
def test_a_volume_reserved_for_a_claim_that_is_not_there_points_at_it(steps, reserved):
    source = viz.cluster_storage(tiny(*steps)).source
    assert ("missing_pvc_default_db" in nodes(source)) is reserved
    if reserved:
        assert edge(source, "pv_disk", "missing_pvc_default_db")["label"] == "claimRef only:\nreserved"
    assert ("missing_pvc_default_db" in viz.cluster_storage(tiny(*steps), focus="pv/disk").source) is reserved
