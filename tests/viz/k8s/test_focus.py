"""A picture of the objects near one: TYPE/NAME as kubectl reads it, a walk that does not go through hubs."""

from __future__ import annotations

import pytest

from storagekit.viz.k8s.focus import parse, walk
from storagekit.viz.k8s.graph import StorageGraph
from tests.viz.k8s import scenarios as s


@pytest.mark.parametrize("focus, namespace, key", [
    ("pvc/data", None, ("PersistentVolumeClaim", "default", "data")),
    ("persistentvolumeclaim/data", "team", ("PersistentVolumeClaim", "team", "data")),
    ("PV/pv-a", "team", ("PersistentVolume", "", "pv-a")),
    ("po/web-0", None, ("Pod", "default", "web-0")),
    ("storageclasses/standard", None, ("StorageClass", "", "standard")),
    ("no/node1", None, ("Node", "", "node1")),
])
def test_parse(focus, namespace, key):
    assert parse(focus, namespace) == key


def test_a_class_is_reached_but_not_walked_through():
    graph = StorageGraph(s.statefulset().state)
    start = ("PersistentVolumeClaim", "default", "www-web-0")
    chosen = walk(graph, start, depth=3)
    kinds = sorted(key[0] for key in chosen.keys)
    assert kinds == ["Node", "PersistentVolume", "PersistentVolumeClaim", "Pod", "StorageClass"]
    assert chosen.left_out == ["not walked through sc/standard, node/node1"]


def test_depth_zero_is_the_object_alone():
    graph = StorageGraph(s.statefulset().state)
    assert walk(graph, ("Pod", "default", "web-1"), depth=0).keys == [("Pod", "default", "web-1")]
