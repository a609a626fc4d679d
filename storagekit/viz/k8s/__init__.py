"""Kubernetes' storage drawn: classes, volumes, claims, Pods and nodes, and why a claim is bound or not."""

__all__: list[str] = []
