"""controller_round: in stepping mode, which controller wrote which object in one round, and what it said."""

from __future__ import annotations

import storagekit as sk
from storagekit import viz
from tests.viz.k8s import scenarios as s
from tests.viz.dot import edge_map, nodes


def stepping() -> sk.Cluster:
    cluster = sk.Cluster.kind()
    cluster.stepping = True
    return s.apply(cluster, s.pvc("data", "1Gi") + s.pod("app", "data"))


def test_each_controller_and_what_it_wrote():
    cluster = stepping()
    first = cluster.step()
    source = viz.controller_round(cluster, first).source
    drawn = nodes(source)
    assert drawn["controller_default_scheduler"]["label"] == "1. default-scheduler"
    assert drawn["controller_external_provisioner"]["label"] == "3. external-provisioner"
    volume = next(c.name for c in first.changes if c.kind == "PersistentVolume")
    pv = "pv_" + volume.replace("-", "_")
    assert edge_map(source)[("controller_external_provisioner", pv)]["label"] == "created"
    assert edge_map(source)[("controller_default_scheduler", "pod_default_app")]["label"] == "updated"
    assert drawn["pod_default_app"]["label"] == "Pod app\nContainerCreating\nevents: Scheduled"
    second = viz.controller_round(cluster, cluster.step()).source
    assert nodes(second)["pvc_default_data"]["label"] == "PersistentVolumeClaim data\nBound"


def test_a_deletion_is_drawn_in_vermillion():
    cluster = sk.Cluster(nodes=["node1"])
    s.apply(cluster, s.pv("v", "1Gi", extra=s.NO_CLASS + "  persistentVolumeReclaimPolicy: Delete\n", path="/tmp/v")
            + s.pvc("c", "1Gi", extra=s.NO_CLASS))
    cluster.stepping = True
    s.run(cluster, "kubectl delete pvc c")
    rounds = [cluster.step() for _ in range(3)]
    deleting = next(r for r in rounds if any(c.kind == "PersistentVolume" and c.action == "deleted" for c in r.changes))
    source = viz.controller_round(cluster, deleting).source
    line = edge_map(source)[("controller_persistentvolume_controller", "pv_v")]
    assert line["label"] == "updated, deleted" and line["color"] == "#D55E00"
    assert nodes(source)["pv_v"]["label"] == "PersistentVolume v\ndeleted"


def test_a_settled_cluster_says_so():
    cluster = stepping()
    while cluster.step():
        pass
    source = viz.controller_round(cluster, cluster.step()).source
    assert "Nothing to do: the cluster has settled" in source
