"""Expanding a claim: only a bound claim of a class that allows it; the filesystem grows when a Pod uses it."""

from __future__ import annotations

import storagekit as sk

OBJECTS = """apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: fast}
provisioner: pd.csi.storage.gke.io
allowVolumeExpansion: true
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  storageClassName: fast
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
"""


def test_growing_a_claim_waits_for_a_pod_to_resize_the_filesystem():
    cluster = sk.Cluster(nodes=["node1"], provisioners=["pd.csi.storage.gke.io"])
    cluster.write("o.yaml", OBJECTS)
    cluster.sh("kubectl apply -f o.yaml")
    assert cluster.sh("kubectl get pvc data -o jsonpath='{.status.phase}'").out == "Bound"
    r = cluster.sh("kubectl patch pvc data -p '{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"2Gi\"}}}}'")
    assert r.out == "persistentvolumeclaim/data patched\n"
    pv = cluster.sh("kubectl get pvc data -o jsonpath='{.spec.volumeName}'").out
    assert cluster.sh(f"kubectl get pv {pv} -o jsonpath='{{.spec.capacity.storage}}'").out == "2Gi"
    assert cluster.sh("kubectl get pvc data -o jsonpath='{.status.capacity.storage}'").out == "1Gi"
    condition = cluster.sh("kubectl get pvc data -o jsonpath='{.status.conditions[0].type}'").out
    assert condition == "FileSystemResizePending"
    cluster.write("p.yaml", """apiVersion: v1
kind: Pod
metadata: {name: user}
spec:
  containers: [{name: c, image: busybox, volumeMounts: [{name: d, mountPath: /d}]}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
""")
    cluster.sh("kubectl apply -f p.yaml")
    assert cluster.sh("kubectl get pvc data -o jsonpath='{.status.capacity.storage}'").out == "2Gi"


def test_a_class_without_expansion_or_an_unbound_claim_cannot_grow():
    kind = sk.Cluster.kind()
    kind.write("c.yaml", OBJECTS.split("---\n")[1].replace("storageClassName: fast", "storageClassName: standard"))
    kind.sh("kubectl apply -f c.yaml")
    r = kind.sh("kubectl patch pvc data -p '{\"spec\":{\"resources\":{\"requests\":{\"storage\":\"2Gi\"}}}}'")
    assert r.code == 1 and "spec is immutable after creation" in r.err  # still Pending: WaitForFirstConsumer
    r = kind.sh("kubectl patch pvc data --type merge -p '{\"metadata\":{\"labels\":{\"tier\":\"x\"}}}'")
    assert r.out == "persistentvolumeclaim/data patched\n"
    r = kind.sh("kubectl patch pvc data -p '{\"metadata\":{\"labels\":{\"tier\":\"x\"}}}'")
    assert r.out == "persistentvolumeclaim/data patched (no change)\n"
