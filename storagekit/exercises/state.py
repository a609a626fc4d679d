"""What goals read: the structure of a host's or a cluster's state, by names the learner chose, never by ids."""

from __future__ import annotations


def volumes(host) -> set[str]:
    return {v.name for v in host.engine.volumes}


def container(host, name: str):
    return next((c for c in host.engine.containers if c.name == name), None)


def mount_at(host, name: str, destination: str):
    """The mount of container ``name`` at ``destination`` (a volume, bind or tmpfs), or None."""
    c = container(host, name)
    return next((m for m in c.mounts if m.destination == destination), None) if c else None


def image_size(host, ref: str) -> int | None:
    image = host.engine.images.lookup(ref)
    return None if image is None else image.size


def claim(cluster, name: str, namespace: str = "default") -> dict | None:
    return cluster.state.store.get("PersistentVolumeClaim", name, namespace)


def phase(obj: dict | None) -> str:
    return ((obj or {}).get("status") or {}).get("phase", "")


def bound_volume(cluster, name: str, namespace: str = "default") -> str:
    """The volume a claim is bound to ("" while it is not)."""
    pvc = claim(cluster, name, namespace)
    return pvc["spec"].get("volumeName", "") if pvc is not None and phase(pvc) == "Bound" else ""


def pods(cluster, namespace: str = "default") -> list[dict]:
    return cluster.state.store.list("Pod", namespace)
