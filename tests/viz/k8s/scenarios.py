"""The course's Kubernetes storage situations, each built with kubectl on a fresh cluster, for the diagrams' tests.

Every function returns a :class:`storagekit.Cluster` after real manifests were
applied; the diagrams' tests and ``benchmarks/k8s_diagrams.py`` draw them.
"""

from __future__ import annotations

import storagekit as sk
from tests.k8s.manifests import LOCAL_CLASS, NO_CLASS, apply, deployment, local_pv, pod, pv, pvc, run, storage_class
from tests.k8s.manifests import statefulset as web_statefulset


def static() -> sk.Cluster:
    """Static volumes and claims of class "": one binding, and every reason the binder can give for the others."""
    cluster = sk.Cluster(nodes=["node1"])
    apply(cluster, pv("pv-small", "1Gi", extra=NO_CLASS) + pvc("old", "1Gi", extra=NO_CLASS), "old.yaml")
    run(cluster, "kubectl delete pvc old")  # pv-small is Released now, kept by Retain
    apply(cluster, pv("pv-going", "70Gi", "ReadWriteMany", extra=NO_CLASS).replace(
        "metadata: {name: pv-going}", "metadata: {name: pv-going, finalizers: [example.com/hold]}"), "going.yaml")
    run(cluster, "kubectl delete pv pv-going --wait=false")  # held by its finalizer: Terminating
    return apply(cluster, "".join([
        pv("pv-a", "2Gi", extra=NO_CLASS),
        pv("pv-rwo", "100Gi", extra=NO_CLASS),
        pv("pv-rwx", "10Gi", "ReadWriteMany", extra=NO_CLASS),
        pv("pv-gold", "60Gi", "ReadWriteMany", extra="  storageClassName: gold\n"),
        pv("pv-block", "60Gi", "ReadWriteMany", extra=NO_CLASS + "  volumeMode: Block\n"),
        pv("pv-slow", "40Gi", "ReadWriteMany", extra=NO_CLASS).replace("metadata: {name: pv-slow}",
                                                                        "metadata: {name: pv-slow, labels: {tier: "
                                                                        "slow}}"),
        pv("pv-kept", "80Gi", "ReadWriteMany", extra=NO_CLASS + "  claimRef: {namespace: default, name: reports}\n"),
        pvc("data", "1Gi", extra=NO_CLASS),
        pvc("logs", "50Gi", "ReadWriteMany", extra=NO_CLASS),
        pvc("fast", "30Gi", "ReadWriteMany", extra=NO_CLASS + "  selector: {matchLabels: {tier: fast}}\n"),
        pvc("named", "20Gi", "ReadWriteMany", extra=NO_CLASS + "  volumeName: pv-rwx\n"),
        pod("db", "data", "/var/lib/mysql"),
    ]))


def local_volume() -> sk.Cluster:
    """A local volume pinned to a node that is not there: the scheduler finds no node for the Pod."""
    cluster = sk.Cluster(nodes=["node1", "node2"])
    return apply(cluster, LOCAL_CLASS + local_pv("disk-node3", "10Gi", "node3") +
                 pvc("cache", "5Gi", extra="  storageClassName: local\n") + pod("web", "cache"))


def provisioning() -> sk.Cluster:
    """Immediate dynamic provisioning, and four claims no provisioner serves, each for its own reason."""
    cluster = sk.Cluster(nodes=["node1"], provisioners=["ebs.csi.aws.com"])
    return apply(cluster, "".join([
        storage_class("fast", "ebs.csi.aws.com", "volumeBindingMode: Immediate\nreclaimPolicy: Delete\n"),
        storage_class("shared", "example.com/nfs"),
        pvc("data", "10Gi", extra="  storageClassName: fast\n"),
        pvc("files", "5Gi", "ReadWriteMany", extra="  storageClassName: shared\n"),
        pvc("typo", "1Gi", extra="  storageClassName: fsat\n"),
        pvc("nothing", "1Gi"),
        pvc("picky", "1Gi", extra="  storageClassName: fast\n  selector: {matchLabels: {tier: gold}}\n")]))


def wait_for_first_consumer(with_pod: bool = True) -> sk.Cluster:
    """kind's default class: nothing happens until a Pod uses the claim; then a volume on the Pod's node."""
    cluster = sk.Cluster.kind()
    apply(cluster, pvc("data", "1Gi") + pvc("later", "2Gi"))
    if with_pod:
        apply(cluster, pod("app", "data"), "pod.yaml")
    return cluster


def statefulset(replicas: int = 3) -> sk.Cluster:
    """A StatefulSet's claim templates on two nodes with local-path: one claim and one volume per replica."""
    cluster = sk.Cluster(nodes=["node1", "node2"], provisioners=["rancher.io/local-path"])
    standard = storage_class("standard", "rancher.io/local-path",
                             "reclaimPolicy: Delete\nvolumeBindingMode: WaitForFirstConsumer\n", default=True)
    return apply(cluster, standard + web_statefulset(replicas))


def multi_attach() -> sk.Cluster:
    """A Deployment of two replicas sharing one ReadWriteOnce CSI claim: the replica on the second node waits."""
    cluster = sk.Cluster(nodes=["node1", "node2"], provisioners=["ebs.csi.aws.com"])
    return apply(cluster, storage_class("ebs", "ebs.csi.aws.com", "volumeBindingMode: Immediate\n") +
                 pvc("shared", "4Gi", extra="  storageClassName: ebs\n") +
                 deployment("web", "shared", "/usr/share/nginx/html"))


def read_write_once_pod() -> sk.Cluster:
    """A ReadWriteOncePod claim and two Pods: the scheduler keeps the second off every node."""
    cluster = sk.Cluster(nodes=["node1", "node2"], provisioners=["ebs.csi.aws.com"])
    apply(cluster, storage_class("ebs", "ebs.csi.aws.com", "volumeBindingMode: WaitForFirstConsumer\n") +
          pvc("single", "1Gi", "ReadWriteOncePod", extra="  storageClassName: ebs\n") + pod("writer", "single"))
    return apply(cluster, pod("second", "single"), "second.yaml")


def reclaim() -> sk.Cluster:
    """Four volumes, four reclaim outcomes once their claims are deleted: Retain keeps, Delete deletes (or fails
    outside /tmp for hostPath), Recycle scrubs and frees."""
    cluster = sk.Cluster(nodes=["node1"])
    apply(cluster, "".join([
        pv("keep", "1Gi", extra=NO_CLASS + "  persistentVolumeReclaimPolicy: Retain\n"),
        pv("scratch", "2Gi", extra=NO_CLASS + "  persistentVolumeReclaimPolicy: Delete\n", path="/tmp/scratch"),
        pv("data-disk", "3Gi", extra=NO_CLASS + "  persistentVolumeReclaimPolicy: Delete\n", path="/srv/data"),
        pv("reuse", "4Gi", extra=NO_CLASS + "  persistentVolumeReclaimPolicy: Recycle\n", path="/srv/reuse"),
        pvc("a", "1Gi", extra=NO_CLASS), pvc("b", "2Gi", extra=NO_CLASS), pvc("c", "3Gi", extra=NO_CLASS),
        pvc("d", "4Gi", extra=NO_CLASS)]))
    return run(cluster, "kubectl delete pvc a b c d")


SCENARIOS = {"static": static, "local_volume": local_volume, "provisioning": provisioning,
             "wait_for_first_consumer": wait_for_first_consumer, "statefulset": statefulset,
             "multi_attach": multi_attach, "read_write_once_pod": read_write_once_pod, "reclaim": reclaim}


def large(volumes: int = 1000) -> sk.Cluster:
    """A cluster far beyond a course's: ``volumes`` static volumes of three classes, nine claims in ten bound,
    the rest Pending, a Pod for every fifth claim; written through the API server and settled once."""
    cluster = sk.Cluster(nodes=[f"node{i}" for i in range(1, 5)], provisioners=["ebs.csi.aws.com"])
    api = cluster.state.api
    api.create({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": {"name": "fast"},
                "provisioner": "ebs.csi.aws.com", "volumeBindingMode": "WaitForFirstConsumer"})
    classes = ("", "gold", "silver")
    for i in range(volumes):
        api.create({"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": f"pv-{i:04d}"},
                    "spec": {"capacity": {"storage": f"{1 + (i * 37) % 100}Gi"}, "accessModes": ["ReadWriteOnce"],
                             "storageClassName": classes[i % 3], "hostPath": {"path": f"/mnt/pv-{i:04d}"}}})
    for i in range(volumes * 9 // 10):
        size = f"{1 + (i * 53) % 100}Gi" if i % 10 else "500Gi"  # every tenth asks for more than any volume has
        api.create({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": f"claim-{i:04d}"},
                    "spec": {"accessModes": ["ReadWriteOnce"], "storageClassName": classes[i % 3],
                             "resources": {"requests": {"storage": size}}}})
        if i % 5 == 0:
            api.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": f"app-{i:04d}"},
                        "spec": {"containers": [{"name": "app", "image": "busybox", "command": ["sleep", "3600"],
                                                 "volumeMounts": [{"name": "d", "mountPath": "/data"}]}],
                                 "volumes": [{"name": "d", "persistentVolumeClaim": {"claimName": f"claim-{i:04d}"}}]}})
    cluster.settle()
    return cluster
