"""pod_attachments: volumes inside the node they are attached to, and the two conflicts that keep a Pod waiting,
each with the message the cluster gave; then the DOT text against golden files (re-record as test_storage says)."""

from __future__ import annotations

import pytest

from storagekit import viz
from tests.viz.k8s import scenarios as s
from tests.viz.dot import edge_map, golden, nodes


def box(source: str, node: str) -> str:
    return source.split(f"subgraph cluster_node_{node} {{")[1].split("}")[0]


def test_a_read_write_once_volume_wanted_on_a_second_node_is_a_multi_attach_error():
    cluster = s.multi_attach()
    source = viz.pod_attachments(cluster).source
    store = cluster.state.store
    running = next(p for p in store.list("Pod") if p["spec"]["nodeName"] == "node1")["metadata"]["name"]
    waiting = next(p for p in store.list("Pod") if p["spec"]["nodeName"] == "node2")["metadata"]["name"]
    volume = store.list("PersistentVolume")[0]["metadata"]["name"]
    pv = "pv_" + volume.replace("-", "_")
    assert f"{pv} " in box(source, "node1")  # attached to node1, drawn inside it
    assert nodes(source)[pv]["label"].endswith("attached to node1")
    conflict = edge_map(source)[("pod_default_" + waiting.replace("-", "_"), pv)]
    event = [e.message for e in store.events if e.reason == "FailedAttachVolume"][-1]
    assert conflict["label"].replace("\n", " ") == event == \
        f'Multi-Attach error for volume "{volume}" Volume is already used by pod(s) {running}'
    assert conflict["penwidth"] == "2" and conflict["color"] == "#D55E00"
    assert edge_map(source)[("pod_default_" + running.replace("-", "_"), pv)]["label"] == "claim shared"


def test_a_read_write_once_pod_claim_keeps_the_second_pod_off_every_node():
    cluster = s.read_write_once_pod()
    source = viz.pod_attachments(cluster).source
    volume = "pv_" + cluster.state.store.list("PersistentVolume")[0]["metadata"]["name"].replace("-", "_")
    unscheduled = source.split("subgraph cluster_unscheduled {")[1].split("}")[0]
    assert "pod_default_second " in unscheduled
    conflict = edge_map(source)[("pod_default_second", volume)]
    assert conflict["label"].replace("\n", " ") == "0/2 nodes are available: 2 node has pod using " \
        "PersistentVolumeClaim with the same name and ReadWriteOncePod access mode."
    assert edge_map(source)[("pod_default_writer", volume)]["label"] == "claim single"


def test_volumes_pinned_to_a_node_are_on_its_disk():
    source = viz.pod_attachments(s.statefulset()).source
    inside = box(source, "node2")
    assert "pod_default_web_1 " in inside and inside.count("pv_pvc_") == 1
    assert "on node2's disk, no attach" in inside


def test_a_pod_waiting_for_the_scheduler_for_another_reason_has_its_message():
    drawn = nodes(viz.pod_attachments(s.local_volume()).source)
    assert drawn["pod_default_web_note"]["label"].replace("\n", " ") == \
        "0/2 nodes are available: 2 node(s) didn't find available persistent volumes to bind."
    assert drawn["pvc_default_cache"]["label"].endswith("Pending")


def test_a_namespace_keeps_its_own_pods():
    source = viz.pod_attachments(s.read_write_once_pod(), namespace="other").source
    assert "pod_default" not in source and "in namespace other" in source


@pytest.mark.parametrize("name", sorted(s.SCENARIOS))
def test_golden(name):
    source = viz.pod_attachments(s.SCENARIOS[name]()).source
    golden("k8s", f"{name}-pod_attachments", source)


@pytest.mark.exe
def test_every_scenario_renders():
    for build in s.SCENARIOS.values():
        assert "<svg" in viz.pod_attachments(build()).svg()
