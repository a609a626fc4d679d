"""The event log served as ``v1.Event`` objects: names, references, sources, and what a field selector sees."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.k8s.errors import NotFound

POD = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},
       "spec": {"containers": [{"name": "c", "image": "busybox", "command": ["sleep", "3600"]}]}}


@pytest.fixture
def cluster():
    cluster = sk.Cluster(nodes=["node1"])
    cluster.state.api.create(POD)
    cluster.settle()
    return cluster


def test_each_record_is_an_event_named_after_its_object(cluster):
    events = cluster.state.api.list("Event", "default")
    assert [e["reason"] for e in events] == ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    names = [e["metadata"]["name"] for e in events]
    assert all(n.startswith("web.") for n in names) and names == sorted(names) and len(set(names)) == len(names)
    pod = cluster.state.api.get("Pod", "web", "default")
    started = events[-1]
    assert started["involvedObject"] == {"apiVersion": "v1", "kind": "Pod", "name": "web", "namespace": "default",
                                         "fieldPath": "spec.containers{c}",
                                         "resourceVersion": started["involvedObject"]["resourceVersion"],
                                         "uid": pod["metadata"]["uid"]}
    assert started["source"] == {"component": "kubelet", "host": "node1"}
    assert (started["count"], started["type"], started["message"]) == (1, "Normal", "Started container c")
    assert started["firstTimestamp"] == started["lastTimestamp"] == started["metadata"]["creationTimestamp"]
    assert events[0]["source"] == {"component": "default-scheduler"} and "fieldPath" not in events[0]["involvedObject"]


def test_an_event_is_read_by_name_and_recording_one_changes_no_object(cluster):
    before = {k: o["metadata"]["resourceVersion"] for k, o in cluster.state.store.objects.items()}
    name = cluster.state.api.list("Event", "default")[0]["metadata"]["name"]
    assert cluster.state.api.get("Event", name, "default")["reason"] == "Scheduled"
    with pytest.raises(NotFound):
        cluster.state.api.get("Event", name, "kube-system")
    pod = cluster.state.api.get("Pod", "web", "default")
    cluster.state.store.record(pod, "Normal", "Probe", "again", "kubelet")
    assert before == {k: o["metadata"]["resourceVersion"] for k, o in cluster.state.store.objects.items()}


@pytest.mark.parametrize("selector, reasons", [
    ("involvedObject.name=web,reason=Started", ["Started"]),
    ("involvedObject.kind=Pod,type=Normal,source=default-scheduler", ["Scheduled"]),
    ("involvedObject.fieldPath=spec.containers{c},reason!=Pulling,reason!=Pulled", ["Created", "Started"]),
    ("reportingComponent=kubelet,reason=Created", ["Created"]),
    ("involvedObject.namespace=default,involvedObject.name=other", []),
    ("metadata.namespace=default,type=Warning", []),
])
def test_field_selectors_on_events(cluster, selector, reasons):
    assert [e["reason"] for e in cluster.state.api.list("Event", None, "", selector)] == reasons


def test_events_about_cluster_scoped_objects_are_kept_in_default():
    cluster = sk.Cluster(nodes=["node1"])
    cluster.state.api.create({"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": "pv1"},
                              "spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                                       "hostPath": {"path": "/d"}, "storageClassName": "none"}})
    pv = cluster.state.api.get("PersistentVolume", "pv1")
    cluster.state.store.record(pv, "Warning", "VolumeFailedRecycle", "x", "persistentvolume-controller")
    (event,) = cluster.state.api.list("Event", "default", "", "involvedObject.name=pv1")
    assert event["metadata"]["namespace"] == "default" and "namespace" not in event["involvedObject"]
