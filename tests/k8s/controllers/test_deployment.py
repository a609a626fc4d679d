"""Deployments sharing one claim: ReadWriteOnce is not a one-Pod rule, but an attachable volume stays on one node."""

from __future__ import annotations

import pytest

import storagekit as sk
from tests.k8s.manifests import NO_CLASS, deployment, pv, pvc

SOURCES = {
    "csi": "csi: {driver: pd.csi.storage.gke.io, volumeHandle: projects/p/disks/d}",
    "hostPath": "hostPath: {path: /mnt/shared}",
}


def manifest(source: str, mode: str) -> str:
    return (pv("disk", "5Gi", mode, source=SOURCES[source]) + pvc("data", "5Gi", mode, extra=NO_CLASS) +
            deployment("web", "data"))


def run(source: str, mode: str = "ReadWriteOnce", nodes=("node1", "node2")):
    cluster = sk.Cluster(nodes=list(nodes))
    cluster.write("d.yaml", manifest(source, mode))
    assert cluster.sh("kubectl apply -f d.yaml").code == 0
    rows = [line.split() for line in cluster.sh("kubectl get pods -o wide").out.splitlines()[1:]]
    return cluster, {r[6]: r[2] for r in rows}


def test_an_attachable_read_write_once_volume_makes_the_second_node_wait():
    cluster, status = run("csi")
    assert status == {"node1": "Running", "node2": "ContainerCreating"}
    waiting = [e for e in cluster.state.store.events if e.reason == "FailedAttachVolume"]
    assert waiting[0].message.startswith('Multi-Attach error for volume "disk" Volume is already used by pod(s) web-')
    assert cluster.sh("kubectl get deploy web").out.splitlines()[1].split()[1] == "1/2"


@pytest.mark.parametrize("source, mode, nodes", [
    ("hostPath", "ReadWriteOnce", ("node1", "node2")),  # not attached: nothing checks it
    ("csi", "ReadWriteMany", ("node1", "node2")),
    ("csi", "ReadWriteOnce", ("node1",)),  # same node: RWO allows it
])
def test_cases_where_both_replicas_run(source, mode, nodes):
    _, status = run(source, mode, nodes)
    assert set(status.values()) == {"Running"}


def test_replica_sets_and_names():
    cluster, _ = run("hostPath")
    rs = cluster.sh("kubectl get rs -o name").out.strip()
    assert rs.startswith("replicaset.apps/web-") and len(rs.split("-")[-1]) == 10
    pods = cluster.sh("kubectl get pods -o name").out.split()
    assert all(p.startswith("pod/" + rs.split("/")[1] + "-") and len(p.split("-")[-1]) == 5 for p in pods)
    assert cluster.sh("kubectl scale deploy web --replicas=1").out == "deployment.apps/web scaled\n"
    assert len(cluster.sh("kubectl get pods -o name").out.split()) == 1
    cluster.sh("kubectl delete deploy web")
    assert cluster.sh("kubectl get rs,pods").err.startswith("No resources found")


def test_describe_pod_shows_why_it_waits():
    cluster, _ = run("csi")
    waiting = next(line.split()[0] for line in cluster.sh("kubectl get pods").out.splitlines()[1:]
                   if "ContainerCreating" in line)
    text = cluster.sh(f"kubectl describe pod {waiting}").out
    assert "Node:             node2/172.18.0.3\n" in text
    assert "    State:          Waiting\n      Reason:       ContainerCreating\n" in text
    assert "    ClaimName:  data\n" in text  # each volume is its own tabwriter block, as in kubectl
    assert "Warning  FailedAttachVolume  " in text and 'Multi-Attach error for volume "disk"' in text
