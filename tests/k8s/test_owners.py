"""Owner references as the controllers write and read them."""

from __future__ import annotations

import storagekit as sk
from storagekit.k8s.owners import controller_ref, owned_by

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx}]
"""


def test_each_level_of_a_deployment_points_at_the_one_above():
    cluster = sk.Cluster(nodes=["node1"])
    assert cluster.sh("kubectl apply -f -", stdin=DEPLOYMENT).code == 0
    store = cluster.state.store
    (dep,), (rs,), (pod,) = store.list("Deployment"), store.list("ReplicaSet"), store.list("Pod")
    assert rs["metadata"]["ownerReferences"] == [controller_ref(dep)] == [{
        "apiVersion": "apps/v1", "kind": "Deployment", "name": "web", "uid": dep["metadata"]["uid"],
        "controller": True, "blockOwnerDeletion": True}]
    assert pod["metadata"]["ownerReferences"] == [controller_ref(rs)]
    assert owned_by(rs, dep) and owned_by(pod, rs)
    assert not owned_by(pod, dep) and not owned_by(dep, rs)
