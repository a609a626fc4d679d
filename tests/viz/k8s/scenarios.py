"""The course's Kubernetes storage situations, each built with kubectl on a fresh cluster, for the diagrams' tests.

Every function returns a :class:`storagekit.Cluster` after real manifests were
applied; the diagrams' tests and ``benchmarks/k8s_diagrams.py`` draw them.
"""

from __future__ import annotations

import storagekit as sk


def apply(cluster: sk.Cluster, manifest: str, name: str = "m.yaml") -> sk.Cluster:
    cluster.write(name, manifest)
    result = cluster.sh(f"kubectl apply -f {name}")
    assert result.code == 0, result.err
    return cluster


def run(cluster: sk.Cluster, line: str) -> sk.Cluster:
    result = cluster.sh(line)
    assert result.code == 0, result.err
    return cluster


def pv(name: str, size: str, modes: str = "ReadWriteOnce", extra: str = "", path: str = "") -> str:
    return f"""apiVersion: v1
kind: PersistentVolume
metadata: {{name: {name}}}
spec:
  capacity: {{storage: {size}}}
  accessModes: [{modes}]
  hostPath: {{path: {path or '/mnt/' + name}}}
{extra}---
"""


def pvc(name: str, size: str, modes: str = "ReadWriteOnce", extra: str = "") -> str:
    return f"""apiVersion: v1
kind: PersistentVolumeClaim
metadata: {{name: {name}}}
spec:
  accessModes: [{modes}]
  resources: {{requests: {{storage: {size}}}}}
{extra}---
"""


def pod(name: str, claim: str, mount: str = "/data", extra: str = "") -> str:
    return f"""apiVersion: v1
kind: Pod
metadata: {{name: {name}}}
spec:
{extra}  containers:
  - name: app
    image: busybox
    command: [sleep, "3600"]
    volumeMounts: [{{name: data, mountPath: {mount}}}]
  volumes:
  - name: data
    persistentVolumeClaim: {{claimName: {claim}}}
---
"""


NO_CLASS = '  storageClassName: ""\n'


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
                                                                        "metadata: {name: pv-slow, labels: {tier: slow}}"),
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
    return apply(cluster, """apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: local}
provisioner: kubernetes.io/no-provisioner
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: v1
kind: PersistentVolume
metadata: {name: disk-node3}
spec:
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: local
  local: {path: /mnt/disks/ssd1}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - {key: kubernetes.io/hostname, operator: In, values: [node3]}
---
""" + pvc("cache", "5Gi", extra="  storageClassName: local\n") + pod("web", "cache"))


def provisioning() -> sk.Cluster:
    """Immediate dynamic provisioning, and four claims no provisioner serves, each for its own reason."""
    cluster = sk.Cluster(nodes=["node1"], provisioners=["ebs.csi.aws.com"])
    return apply(cluster, """apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: ebs.csi.aws.com
volumeBindingMode: Immediate
reclaimPolicy: Delete
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: shared}
provisioner: example.com/nfs
---
""" + "".join([pvc("data", "10Gi", extra="  storageClassName: fast\n"),
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
    return apply(cluster, f"""apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations: {{storageclass.kubernetes.io/is-default-class: "true"}}
provisioner: rancher.io/local-path
reclaimPolicy: Delete
volumeBindingMode: WaitForFirstConsumer
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: web}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: web}}}}
  template:
    metadata: {{labels: {{app: web}}}}
    spec:
      containers:
      - name: nginx
        image: nginx
        volumeMounts: [{{name: www, mountPath: /usr/share/nginx/html}}]
  volumeClaimTemplates:
  - metadata: {{name: www}}
    spec: {{accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 1Gi}}}}}}
""")


def multi_attach() -> sk.Cluster:
    """A Deployment of two replicas sharing one ReadWriteOnce CSI claim: the replica on the second node waits."""
    cluster = sk.Cluster(nodes=["node1", "node2"], provisioners=["ebs.csi.aws.com"])
    return apply(cluster, """apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: ebs}
provisioner: ebs.csi.aws.com
volumeBindingMode: Immediate
---
""" + pvc("shared", "4Gi", extra="  storageClassName: ebs\n") + """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx
        volumeMounts: [{name: data, mountPath: /usr/share/nginx/html}]
      volumes:
      - name: data
        persistentVolumeClaim: {claimName: shared}
""")


def read_write_once_pod() -> sk.Cluster:
    """A ReadWriteOncePod claim and two Pods: the scheduler keeps the second off every node."""
    cluster = sk.Cluster(nodes=["node1", "node2"], provisioners=["ebs.csi.aws.com"])
    apply(cluster, """apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: ebs}
provisioner: ebs.csi.aws.com
volumeBindingMode: WaitForFirstConsumer
---
""" + pvc("single", "1Gi", "ReadWriteOncePod", extra="  storageClassName: ebs\n") + pod("writer", "single"))
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
