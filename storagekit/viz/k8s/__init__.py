"""Kubernetes' storage drawn: classes, volumes, claims, Pods and nodes, and why a claim is bound or not."""

from storagekit.viz.k8s.attachments import pod_attachments
from storagekit.viz.k8s.podvolumes import pod_volumes
from storagekit.viz.k8s.rounds import controller_round
from storagekit.viz.k8s.storage import cluster_storage

__all__: list[str] = ["cluster_storage", "controller_round", "pod_attachments", "pod_volumes"]
