"""Draining a node moves Pods, unless their storage pins them; cordon, uncordon and rollout."""

from __future__ import annotations

import storagekit as sk
from tests.k8s.controllers.test_statefulset import STS

CLASS = """apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: local-path}
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer
reclaimPolicy: Delete
"""


def two_node_set():
    cluster = sk.Cluster(nodes=["node1", "node2"], provisioners=["rancher.io/local-path"])
    cluster.write("c.yaml", CLASS)
    cluster.write("sts.yaml", STS.format(replicas=2, policy="").replace(
        '      accessModes: ["ReadWriteOnce"]', '      storageClassName: local-path\n'
                                                '      accessModes: ["ReadWriteOnce"]'))
    cluster.sh("kubectl apply -f c.yaml -f sts.yaml")
    return cluster


def where(cluster) -> dict[str, tuple[str, str]]:
    rows = [r.split() for r in cluster.sh("kubectl get pods -o wide").out.splitlines()[1:]]
    return {r[0]: (r[2], r[6]) for r in rows}


def test_a_drained_pod_waits_for_the_node_its_local_volume_lives_on():
    cluster = two_node_set()
    assert where(cluster) == {"web-0": ("Running", "node1"), "web-1": ("Running", "node2")}
    r = cluster.sh("kubectl drain node2 --ignore-daemonsets")
    assert r.out == "node/node2 cordoned\nevicting pod default/web-1\npod/web-1 evicted\nnode/node2 drained\n"
    assert where(cluster)["web-1"] == ("Pending", "<none>")
    text = cluster.sh("kubectl describe pod web-1").out
    assert "0/2 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unschedulable: }, " \
           "1 node(s) had volume node affinity conflict." in text
    assert "Normal   Scheduled" not in text  # the evicted Pod's events are not the new one's
    assert cluster.sh("kubectl uncordon node2").out == "node/node2 uncordoned\n"
    assert where(cluster)["web-1"] == ("Running", "node2")


def test_drain_refuses_a_pod_without_a_controller_unless_forced():
    cluster = sk.Cluster(nodes=["node1"])
    cluster.write("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: lone}\nspec:\n"
                            "  containers: [{name: c, image: busybox}]\n")
    cluster.sh("kubectl apply -f p.yaml")
    r = cluster.sh("kubectl drain node1")
    assert r.code == 1
    assert "cannot delete Pods that declare no controller (use --force to override): default/lone" in r.err
    assert cluster.sh("kubectl get nodes").out.splitlines()[1].split()[1] == "Ready,SchedulingDisabled"
    r = cluster.sh("kubectl drain node1 --force")
    assert r.code == 0 and r.out.endswith("pod/lone evicted\nnode/node1 drained\n")


def test_rollout_restart_and_status():
    cluster = two_node_set()
    assert cluster.sh("kubectl rollout restart sts web").out == "statefulset.apps/web restarted\n"
    assert cluster.sh("kubectl rollout status sts web").code == 0
    assert cluster.sh("kubectl rollout status deployment/nope").err == \
        'Error from server (NotFound): deployments.apps "nope" not found\n'


def test_labels_and_applied_nodes():
    cluster = sk.Cluster(nodes=["node1"])
    assert cluster.sh("kubectl label node node1 topology.kubernetes.io/zone=a").out == "node/node1 labeled\n"
    r = cluster.sh("kubectl label node node1 topology.kubernetes.io/zone=b")
    assert (r.code, r.err) == (1, "error: 'topology.kubernetes.io/zone' already has a value (a), and --overwrite is "
                                  "false\n")
    assert cluster.sh("kubectl label node node1 topology.kubernetes.io/zone=b --overwrite").code == 0
    assert cluster.sh("kubectl get nodes -l topology.kubernetes.io/zone=b -o name").out == "node/node1\n"
    cluster.write("n.yaml", "apiVersion: v1\nkind: Node\nmetadata:\n  name: extra\n  labels: {disk: ssd}\n")
    assert cluster.sh("kubectl apply -f n.yaml").out == "node/extra created\n"
    row = cluster.sh("kubectl get node extra").out.splitlines()[1].split()
    assert row[:2] == ["extra", "Unknown"]  # no kubelet reports for it


def test_rollout_history_and_undo_follow_the_replicasets_revisions():
    cluster = sk.Cluster.kind()
    manifest = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  replicas: 2\n"
                "  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n"
                "    spec:\n      containers: [{name: nginx, image: 'IMAGE'}]\n")
    cluster.write("d.yaml", manifest.replace("IMAGE", "nginx:1.29.0"))
    cluster.sh("kubectl apply -f d.yaml")
    r = cluster.sh("kubectl rollout undo deployment/web")
    assert (r.code, r.err) == (1, 'error: no rollout history found for deployment "web"\n')
    cluster.write("d.yaml", manifest.replace("IMAGE", "nginx"))
    cluster.sh("kubectl apply -f d.yaml")
    assert cluster.sh("kubectl rollout history deployment/web").out == (
        "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n")
    assert cluster.sh("kubectl rollout undo deployment/web").out == "deployment.apps/web rolled back\n"
    image = cluster.sh("kubectl get deploy web -o jsonpath={.spec.template.spec.containers[0].image}").out
    assert image == "nginx:1.29.0"
    history = cluster.sh("kubectl rollout history deploy/web").out.splitlines()
    assert history[2:4] == ["2         <none>", "3         <none>"]
    dep = cluster.state.store.get("Deployment", "web")
    assert dep["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "3"
    assert [(c["type"], c["status"], c["reason"]) for c in dep["status"]["conditions"]] == [
        ("Available", "True", "MinimumReplicasAvailable"), ("Progressing", "True", "NewReplicaSetAvailable")]


NODE = """apiVersion: v1
kind: Node
metadata: {{name: worker2, labels: {{disk: ssd}}}}
{status}"""
READY = """status:
  conditions: [{type: Ready, status: 'True', reason: KubeletReady, message: kubelet is posting ready status}]
"""
PINNED = """apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  nodeSelector: {disk: ssd}
  containers: [{name: c, image: busybox, command: [sleep, '3600']}]
"""


def test_a_node_applied_by_hand_has_no_kubelet_and_stays_off_limits():
    cluster = sk.Cluster(nodes=["node1"])
    cluster.write("n.yaml", NODE.format(status=""))
    cluster.write("p.yaml", PINNED)
    assert cluster.sh("kubectl apply -f n.yaml -f p.yaml").out == "node/worker2 created\npod/web created\n"
    rows = [r.split() for r in cluster.sh("kubectl get nodes -o wide").out.splitlines()]
    assert rows[2] == ["worker2", "Unknown", "<none>", "1s", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"]
    assert rows[1][5] == "172.18.0.2"
    text = cluster.sh("kubectl describe node worker2").out
    assert "Taints:             node.kubernetes.io/not-ready:NoSchedule\n" in text
    assert 'Lease:              Failed to get lease: leases.coordination.k8s.io "worker2" not found\n' in text
    assert "Conditions:" not in text and "Addresses:\nSystem Info:\n" in text
    assert "0/2 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, 1 node(s) had " \
           "untolerated taint {node.kubernetes.io/not-ready: }." in cluster.sh("kubectl describe pod web").out


def test_a_pod_bound_to_a_ready_node_without_a_kubelet_waits():
    cluster = sk.Cluster(nodes=["node1"])
    cluster.write("n.yaml", NODE.format(status=READY))
    cluster.write("p.yaml", PINNED)
    assert cluster.sh("kubectl apply -f n.yaml -f p.yaml").code == 0
    assert where(cluster) == {"web": ("Pending", "worker2")}
    assert cluster.sh("kubectl get events --field-selector involvedObject.name=web -o name").out.count("\n") == 1


def test_a_cluster_with_no_nodes():
    cluster = sk.Cluster(nodes=[])
    r = cluster.sh("kubectl get nodes")
    assert (r.code, r.out, r.err) == (0, "", "No resources found\n")
    cluster.write("p.yaml", PINNED)
    cluster.sh("kubectl apply -f p.yaml")
    assert where(cluster) == {"web": ("Pending", "<none>")}
    assert "Warning  FailedScheduling  2s    default-scheduler  no nodes available to schedule pods\n" in \
        cluster.sh("kubectl describe pod web").out
