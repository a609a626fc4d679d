"""Pods and storage: WaitForFirstConsumer, dynamic provisioning, unbound claims and ReadWriteOncePod, as a cluster
runs them."""

from __future__ import annotations

import storagekit as sk
from storagekit.k8s import claims as c
from tests.k8s import manifests as m
from tests.k8s.manifests import apply


def nginx(name: str = "web") -> str:
    """A Pod that mounts claim ``data``."""
    return m.pod(name, "data", image="nginx", command=None)


def row(cluster, what: str) -> list[str]:
    return cluster.sh(f"kubectl get {what}").out.splitlines()[1].split()


def test_kind_provisions_a_local_path_volume_when_a_pod_arrives():
    kind = sk.Cluster.kind()
    apply(kind, m.pvc("data"))
    assert row(kind, "pvc data")[1] == "Pending" and kind.sh("kubectl get pv").err == "No resources found\n"
    apply(kind, nginx(), "pod.yaml")
    pvc = kind.state.store.get("PersistentVolumeClaim", "data", "default")
    volume = f"pvc-{pvc['metadata']['uid']}"
    assert row(kind, "pvc data")[:4] == ["data", "Bound", volume, "1Gi"]
    pv = kind.state.store.get("PersistentVolume", volume)
    assert pv["spec"]["hostPath"]["path"] == f"/var/local-path-provisioner/{volume}_default_data"
    assert pv["spec"]["persistentVolumeReclaimPolicy"] == "Delete"
    assert pvc["metadata"]["annotations"]["volume.kubernetes.io/selected-node"] == "kind-control-plane"
    assert row(kind, "pod web")[:3] == ["web", "1/1", "Running"]
    reasons = [e.reason for e in kind.state.store.events]
    assert reasons[:1] == ["WaitForFirstConsumer"] and "ProvisioningSucceeded" in reasons and "Scheduled" in reasons
    kind.sh("kubectl delete pod web")
    kind.sh("kubectl delete pvc data")
    assert kind.sh("kubectl get pv").err == "No resources found\n"  # Delete: the provisioner removed it


def test_an_unbound_immediate_claim_keeps_the_pod_pending():
    cluster = sk.Cluster(nodes=["node1"])
    apply(cluster, m.pvc("data", extra=m.NO_CLASS))
    apply(cluster, nginx(), "pod.yaml")
    assert row(cluster, "pod web")[:3] == ["web", "0/1", "Pending"]
    events = [(e.reason, e.message) for e in cluster.state.store.events if e.kind == "Pod"]
    assert events == [("FailedScheduling", "0/1 nodes are available: pod has unbound immediate "
                       "PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful "
                       "for scheduling.")]


def test_a_missing_claim_is_named():
    cluster = sk.Cluster(nodes=["node1"])
    apply(cluster, nginx(), "pod.yaml")
    message = cluster.state.store.events[-1].message
    assert message.startswith('0/1 nodes are available: persistentvolumeclaim "data" not found.')


def test_read_write_once_pod_admits_one_pod_in_the_cluster():
    cluster = sk.Cluster(nodes=["node1", "node2"])
    disk = m.pv("disk", "1Gi", "ReadWriteOncePod", source="csi: {driver: pd.csi.storage.gke.io, volumeHandle: disk-1}")
    apply(cluster, disk, "pv.yaml")
    apply(cluster, m.pvc("data", modes="ReadWriteOncePod", extra=m.NO_CLASS))
    apply(cluster, nginx("first"), "p1.yaml")
    apply(cluster, nginx("second"), "p2.yaml")
    assert row(cluster, "pod first")[2] == "Running" and row(cluster, "pod second")[2] == "Pending"
    message = [e for e in cluster.state.store.events if e.name == "second"][-1].message
    assert message.startswith("0/2 nodes are available: 2 node has pod using PersistentVolumeClaim with the same name "
                              "and ReadWriteOncePod access mode.")


def test_a_local_volume_pins_its_pod_to_its_node():
    cluster = sk.Cluster(nodes=["node1", "node2"])
    apply(cluster, m.LOCAL_CLASS + m.local_pv("disk2", "5Gi", "node2"), "local.yaml")
    apply(cluster, m.pvc("data", extra="  storageClassName: local\n"))
    apply(cluster, nginx(), "pod.yaml")
    assert cluster.state.store.get("Pod", "web", "default")["spec"]["nodeName"] == "node2"
    assert row(cluster, "pvc data")[1:3] == ["Bound", "disk2"]
    assert row(cluster, "pod web -o wide")[6] == "node2"


def reserved(name: str, claim_ref: str = "") -> str:
    """A local-class volume, reserved for a claim when ``claim_ref`` names one."""
    return m.LOCAL_CLASS + m.pv(name, "1Gi", extra="  storageClassName: local\n" + claim_ref, path=f"/srv/{name}")


def test_the_scheduler_binds_as_the_pv_controller_does():
    """Both use GetBindVolumeToClaim: the claimRef is a full object reference (resourceVersion too), and the
    volume is marked bound by the controller."""
    kind = sk.Cluster.kind()
    apply(kind, reserved("spare"))
    apply(kind, m.pvc("data", extra="  storageClassName: local\n"))
    assert row(kind, "pvc data")[1] == "Pending"  # WaitForFirstConsumer: the scheduler binds it
    apply(kind, nginx(), "pod.yaml")
    pv = kind.state.store.get("PersistentVolume", "spare")
    pvc = kind.state.store.get("PersistentVolumeClaim", "data", "default")
    assert row(kind, "pvc data")[:3] == ["data", "Bound", "spare"]
    assert pv["spec"]["claimRef"] == c.claim_ref(pvc) | {"resourceVersion": pv["spec"]["claimRef"]["resourceVersion"]}
    assert pv["spec"]["claimRef"]["resourceVersion"]
    assert pv["metadata"]["annotations"]["pv.kubernetes.io/bound-by-controller"] == "yes"


def test_a_volume_reserved_for_the_claim_binds_before_any_pod():
    """findMatchingVolume returns a volume pre-bound to the claim even when binding is delayed; the user's
    reservation is no controller's binding."""
    kind = sk.Cluster.kind()
    apply(kind, reserved("reserved", "  claimRef: {name: data, namespace: default}\n"))
    apply(kind, m.pvc("data", extra="  storageClassName: local\n"))
    pv = kind.state.store.get("PersistentVolume", "reserved")
    assert row(kind, "pvc data")[:3] == ["data", "Bound", "reserved"]
    assert "pv.kubernetes.io/bound-by-controller" not in (pv["metadata"].get("annotations") or {})
def two_volumes(binding: str) -> str:
    """A class of pre-made volumes and two of them: the bigger one with fewer access modes."""
    manual = "  storageClassName: manual\n"
    return (m.storage_class("manual", "kubernetes.io/no-provisioner", f"volumeBindingMode: {binding}\n")
            + m.pv("big-two-modes", "5Gi", "ReadWriteOnce, ReadOnlyMany", manual, path="/mnt/a")
            + m.pv("small-three-modes", "1Gi", "ReadWriteOnce, ReadOnlyMany, ReadWriteMany", manual, path="/mnt/b"))


def test_the_scheduler_takes_the_smallest_volume_where_the_pv_controller_prefers_fewer_modes():
    """findByClaim searches access-mode groups, fewest modes first; the scheduler's FindMatchingVolume looks at
    every volume of the class at once, so a WaitForFirstConsumer claim gets the smaller volume."""
    chosen = {}
    for mode in ("Immediate", "WaitForFirstConsumer"):
        cluster = sk.Cluster(nodes=["node1"])
        apply(cluster, two_volumes(mode), "pvs.yaml")
        apply(cluster, m.pvc("data", modes="ReadWriteOnce, ReadOnlyMany", extra="  storageClassName: manual\n"))
        apply(cluster, nginx(), "pod.yaml")
        chosen[mode] = row(cluster, "pvc data")[2]
    assert chosen == {"Immediate": "big-two-modes", "WaitForFirstConsumer": "small-three-modes"}


def test_a_claim_named_to_its_volume_but_not_yet_bound_counts_as_unbound_immediate():
    """``isPVCFullyBound`` needs both volumeName and bind-completed: a claim that names a volume it cannot have
    keeps its Pod out of scheduling."""
    cluster = sk.Cluster(nodes=["node1"])
    apply(cluster, m.pv("small", "100Mi"), "pv.yaml")
    apply(cluster, m.pvc("data", extra=m.NO_CLASS + "  volumeName: small\n"))
    apply(cluster, nginx(), "pod.yaml")
    assert row(cluster, "pvc data")[1:3] == ["Pending", "small"]
    message = [e for e in cluster.state.store.events if e.name == "web"][-1].message
    assert message.startswith("0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims.")


def test_allowed_topologies_keep_provisioning_to_the_nodes_they_name():
    cluster = sk.Cluster(nodes=["node1", "node2"], provisioners=["ebs.csi.aws.com"])
    apply(cluster, m.storage_class("zonal", "ebs.csi.aws.com", "volumeBindingMode: WaitForFirstConsumer\n"
                                 "allowedTopologies:\n- matchLabelExpressions:\n"
                                 "  - {key: kubernetes.io/hostname, values: [node2]}\n"), "sc.yaml")
    apply(cluster, m.pvc("data", extra="  storageClassName: zonal\n"))
    apply(cluster, nginx(), "pod.yaml")
    assert row(cluster, "pod web -o wide")[6] == "node2"
    assert row(cluster, "pvc data")[1] == "Bound"


PINNED = """apiVersion: v1
kind: Pod
metadata:
  name: {name}
spec:
  nodeSelector:
    kubernetes.io/hostname: {node}
  containers:
  - name: app
    image: nginx
"""


def test_a_node_selector_keeps_a_pod_to_the_nodes_it_matches():
    cluster = sk.Cluster(nodes=["node1", "node2"])
    apply(cluster, PINNED.format(name="web", node="node2"))
    assert cluster.state.store.get("Pod", "web", "default")["spec"]["nodeName"] == "node2"
    apply(cluster, PINNED.format(name="lost", node="node3"))
    (event,) = [e for e in cluster.state.store.events if e.name == "lost"]
    assert (event.reason, event.message) == (
        "FailedScheduling", "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. "
        "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.")
