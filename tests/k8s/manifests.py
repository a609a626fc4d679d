"""The Kubernetes objects the tests apply, written in one place: volumes, claims, Pods, classes and workloads.

Each function returns YAML text ending in a document separator, so manifests
add up (``pvc("data", "1Gi") + pod("app", "data")``); :func:`apply` writes one
to the cluster's working directory and applies it as a learner would.
"""

from __future__ import annotations

import storagekit as sk

NO_CLASS = '  storageClassName: ""\n'
"""A claim's or volume's ``spec`` line that opts out of every StorageClass (static binding only)."""


def apply(cluster: sk.Cluster, manifest: str, name: str = "m.yaml") -> sk.Cluster:
    cluster.write(name, manifest)
    result = cluster.sh(f"kubectl apply -f {name}")
    assert result.code == 0, result.err
    return cluster


def run(cluster: sk.Cluster, line: str) -> sk.Cluster:
    result = cluster.sh(line)
    assert result.code == 0, result.err
    return cluster


def pv(name: str, size: str, modes: str = "ReadWriteOnce", extra: str = "", path: str = "", source: str = "") -> str:
    """A PersistentVolume: a ``hostPath`` under /mnt (or at ``path``) unless ``source`` names another volume source;
    ``extra`` adds ``spec`` lines."""
    return f"""apiVersion: v1
kind: PersistentVolume
metadata: {{name: {name}}}
spec:
  capacity: {{storage: {size}}}
  accessModes: [{modes}]
  {source or f"hostPath: {{path: {path or '/mnt/' + name}}}"}
{extra}---
"""


def local_pv(name: str, size: str, node: str, storage_class: str = "local") -> str:
    """A ``local`` volume on one node's disk: its node affinity pins every Pod that uses it to that node."""
    return pv(name, size, source="local: {path: /mnt/disks/ssd1}", extra=f"""  storageClassName: {storage_class}
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - {{key: kubernetes.io/hostname, operator: In, values: [{node}]}}
""")


def pvc(name: str, size: str = "1Gi", modes: str = "ReadWriteOnce", extra: str = "") -> str:
    """A PersistentVolumeClaim; ``extra`` adds ``spec`` lines (a class, a selector, a volume name)."""
    return f"""apiVersion: v1
kind: PersistentVolumeClaim
metadata: {{name: {name}}}
spec:
  accessModes: [{modes}]
  resources: {{requests: {{storage: {size}}}}}
{extra}---
"""


def pod(name: str, claim: str, mount: str = "/data", extra: str = "", *, image: str = "busybox",
        command: str | None = '[sleep, "3600"]', container: str = "app", volume: str = "data") -> str:
    """A Pod with one container that mounts the claim; ``extra`` adds ``spec`` lines before the container."""
    command_line = f"    command: {command}\n" if command else ""
    return f"""apiVersion: v1
kind: Pod
metadata: {{name: {name}}}
spec:
{extra}  containers:
  - name: {container}
    image: {image}
{command_line}    volumeMounts: [{{name: {volume}, mountPath: {mount}}}]
  volumes:
  - name: {volume}
    persistentVolumeClaim: {{claimName: {claim}}}
---
"""


def storage_class(name: str, provisioner: str, extra: str = "", default: bool = False) -> str:
    """A StorageClass, the cluster's default one if ``default``; ``extra`` adds top-level lines
    (``volumeBindingMode``, ``reclaimPolicy``...)."""
    annotations = ', annotations: {storageclass.kubernetes.io/is-default-class: "true"}' if default else ""
    return f"""apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {{name: {name}{annotations}}}
provisioner: {provisioner}
{extra}---
"""


LOCAL_CLASS = storage_class("local", "kubernetes.io/no-provisioner", "volumeBindingMode: WaitForFirstConsumer\n")
"""The class of ``local`` volumes: nothing provisions them, and a claim waits for its Pod's node."""


def deployment(name: str, claim: str, mount: str = "/data", replicas: int = 2) -> str:
    """A Deployment of ``nginx`` replicas that all mount the same claim."""
    return f"""apiVersion: apps/v1
kind: Deployment
metadata: {{name: {name}}}
spec:
  replicas: {replicas}
  selector: {{matchLabels: {{app: {name}}}}}
  template:
    metadata: {{labels: {{app: {name}}}}}
    spec:
      containers:
      - name: nginx
        image: nginx
        volumeMounts: [{{name: data, mountPath: {mount}}}]
      volumes:
      - name: data
        persistentVolumeClaim: {{claimName: {claim}}}
---
"""


def statefulset(replicas: int = 2, *, app: str = "web", image: str = "nginx", service: str = "",
                claim_labels: str = "") -> str:
    """StatefulSet ``web``: ``nginx`` serving /usr/share/nginx/html from claim template ``www`` (1Gi,
    ReadWriteOnce), one claim per replica. With ``service``, the headless Service of that name comes first, the
    set names it and its container opens port ``web``, as in the Kubernetes docs' example (:data:`DOCS_WEB`)."""
    head, service_name, ports = "", "", ""
    if service:
        head = f"""apiVersion: v1
kind: Service
metadata: {{name: {service}, labels: {{app: {app}}}}}
spec:
  ports: [{{port: 80, name: web}}]
  clusterIP: None
  selector: {{app: {app}}}
---
"""
        service_name, ports = f"  serviceName: {service}\n", "        ports: [{containerPort: 80, name: web}]\n"
    template_meta = f"{{name: www, labels: {{{claim_labels}}}}}" if claim_labels else "{name: www}"
    return head + f"""apiVersion: apps/v1
kind: StatefulSet
metadata: {{name: web}}
spec:
{service_name}  replicas: {replicas}
  selector: {{matchLabels: {{app: {app}}}}}
  template:
    metadata: {{labels: {{app: {app}}}}}
    spec:
      containers:
      - name: nginx
        image: {image}
{ports}        volumeMounts: [{{name: www, mountPath: /usr/share/nginx/html}}]
  volumeClaimTemplates:
  - metadata: {template_meta}
    spec: {{accessModes: [ReadWriteOnce], resources: {{requests: {{storage: 1Gi}}}}}}
---
"""


DOCS_WEB = statefulset(app="nginx", image="registry.k8s.io/nginx-slim:0.24", service="nginx")
"""The StatefulSet example of the Kubernetes docs (``web``, two replicas, headless Service ``nginx``)."""
