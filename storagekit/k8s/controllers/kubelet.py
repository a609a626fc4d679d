"""The kubelet and the attach/detach controller: when a scheduled Pod's containers can start.

A Pod runs once every claim it uses is bound, its attachable ReadWriteOnce
volumes are not attached to another node for other Pods (``Multi-Attach
error``), its hostPaths pass their ``type`` checks on the node, and the API
objects its configMap, secret and projected volumes show exist
(``MountVolume.SetUp failed``). Until then its containers wait in
ContainerCreating, and the kubelet tries again on its next pass.
"""

from __future__ import annotations

from storagekit.k8s import claims as c
from storagekit.k8s.apiserver import pull_policy
from storagekit.k8s.projection import MountError, payload, source_kind


def _mount_volumes(store, runtime, pod: dict) -> bool:
    """Whether every hostPath passes its type check and every configMap, secret and projected volume can be set
    up; a FailedMount event for the first that cannot."""
    problem = runtime.hostpath_problem(store, pod)
    if problem is not None:
        store.record(pod, "Warning", "FailedMount", f'MountVolume.SetUp failed for volume "{problem[0]}" : {problem[1]}',
                     "kubelet")
        return False
    for volume in pod["spec"].get("volumes") or []:
        if source_kind(volume) is None:
            continue
        try:
            payload(store, pod, volume)
        except MountError as exc:
            store.record(pod, "Warning", "FailedMount", f'MountVolume.SetUp failed for volume "{volume.get("name")}" '
                         f": {exc}", "kubelet")
            return False
    return True


ATTACHABLE = ("csi", "awsElasticBlockStore", "gcePersistentDisk", "azureDisk", "cinder", "rbd", "iscsi", "fc")
"""Volume types the attach/detach controller attaches to a node (hostPath, local and nfs need no attach)."""


def _attach_conflict(store, pod: dict) -> tuple[str, list[str]] | None:
    """``(volume, pods)`` when a ReadWriteOnce volume this Pod needs is attached to another node for other Pods."""
    ns = pod["metadata"]["namespace"]
    for claim in c.pod_claims(pod):
        pvc = store.get("PersistentVolumeClaim", claim, ns)
        pv = store.get("PersistentVolume", (pvc or {}).get("spec", {}).get("volumeName", "")) if pvc else None
        if pv is None or not any(k in pv["spec"] for k in ATTACHABLE):
            continue
        if {"ReadWriteMany", "ReadOnlyMany"} & set(pv["spec"].get("accessModes") or []):
            continue
        users = [o["metadata"]["name"] for o in store.list("Pod") if o is not pod
                 and (o.get("status") or {}).get("phase") == "Running"
                 and o["spec"].get("nodeName") not in (None, pod["spec"]["nodeName"])
                 and claim in c.pod_claims(o) and o["metadata"]["namespace"] == ns]
        if users:
            return pv["metadata"]["name"], sorted(users)
    return None


def run_kubelets(store, runtime) -> None:
    """A scheduled Pod runs once every claim it uses is bound and attached; until then its containers are being
    created."""
    for pod in store.list("Pod"):
        if not pod["spec"].get("nodeName") or pod["metadata"].get("deletionTimestamp"):
            continue
        ns = pod["metadata"]["namespace"]
        ready = all((store.get("PersistentVolumeClaim", n, ns) or {}).get("status", {}).get("phase") == "Bound"
                    for n in c.pod_claims(pod))
        if ready and (pod.get("status") or {}).get("phase") != "Running":
            ready = _mount_volumes(store, runtime, pod)
        if ready and (pod.get("status") or {}).get("phase") != "Running":
            conflict = _attach_conflict(store, pod)
            if conflict is not None:
                volume, users = conflict
                store.record(pod, "Warning", "FailedAttachVolume", f'Multi-Attach error for volume "{volume}" Volume is '
                             f"already used by pod(s) {', '.join(users)}", "attachdetach-controller")
                ready = False
        containers = pod["spec"].get("containers") or []
        state = {"running": {"startedAt": store.clock.isoformat()}} if ready else \
            {"waiting": {"reason": "ContainerCreating"}}
        statuses = [{"name": ct["name"], "image": ct.get("image", ""), "ready": ready, "restartCount": 0,
                     "started": ready, "state": state} for ct in containers]
        phase = "Running" if ready else "Pending"
        status = pod.setdefault("status", {})
        if status.get("phase") == phase and [s["ready"] for s in status.get("containerStatuses", [])] == \
                [s["ready"] for s in statuses]:
            continue
        names = [n["metadata"]["name"] for n in store.list("Node")]
        host_ip = f"172.18.0.{2 + names.index(pod['spec']['nodeName'])}" if pod["spec"]["nodeName"] in names else ""
        status.update({"phase": phase, "containerStatuses": statuses, "hostIP": host_ip,
                       "conditions": _conditions(ready, store.clock.isoformat())})
        if ready:  # the sandbox has its address once the containers run
            status["podIP"] = f"10.244.0.{int(pod['metadata']['uid'][:2], 16) % 250 + 2}"
            status["startTime"] = store.clock.isoformat()
            _start_containers(store, pod)
        store.update(pod)


def _conditions(ready: bool, now: str) -> list[dict]:
    """A scheduled Pod's conditions in the kubelet's order; the sandbox waits for the volumes, so
    PodReadyToStartContainers is False while they are not mounted."""
    state = "True" if ready else "False"
    return [{"type": kind, "status": "True" if kind in ("Initialized", "PodScheduled") else state,
             "lastProbeTime": None, "lastTransitionTime": now}
            for kind in ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")]


def _go_duration(ms: int) -> str:
    return f"{ms}ms" if ms < 1000 else f"{ms / 1000:.3f}".rstrip("0").rstrip(".") + "s"


def _start_containers(store, pod: dict) -> None:
    """The kubelet's events as each container starts: the image pulled (or already there), created, started. The
    node remembers the images it has pulled in ``status.images``."""
    node = store.get("Node", pod["spec"]["nodeName"])
    images = node.setdefault("status", {}).setdefault("images", []) if node else []
    for ct in pod["spec"].get("containers") or []:
        image = ct.get("image", "")
        present = any(_canonical(image) in entry.get("names", []) for entry in images)
        policy = ct.get("imagePullPolicy") or pull_policy(image)
        if present and policy == "IfNotPresent":
            store.record(pod, "Normal", "Pulled", f'Container image "{image}" already present on machine', "kubelet")
        else:
            size = _image_size(image)
            ms = 400 + (size // 40_000 if not present else 0)  # a modelled 40 MB/s registry
            store.record(pod, "Normal", "Pulling", f'Pulling image "{image}"', "kubelet")
            store.record(pod, "Normal", "Pulled", f'Successfully pulled image "{image}" in {_go_duration(ms)} '
                         f"({_go_duration(ms)} including waiting). Image size: {size} bytes.", "kubelet")
            if not present and node is not None:
                images.append({"names": [_canonical(image)], "sizeBytes": size})
                store.update(node)
        store.record(pod, "Normal", "Created", f"Created container: {ct['name']}", "kubelet")
        store.record(pod, "Normal", "Started", f"Started container {ct['name']}", "kubelet")


def _canonical(image: str) -> str:
    """``nginx`` and ``docker.io/library/nginx:latest`` are one image on the node."""
    from storagekit.docker import reference as refs

    try:
        return refs.parse(image).with_default_tag().canonical
    except Exception:  # noqa: BLE001 - an unparsable name stays as written
        return image


def _image_size(image: str) -> int:
    """What containerd reports for a pulled image: its compressed layers (modelled from the catalogue's sizes)."""
    from storagekit.docker import reference as refs
    from storagekit.docker.catalogue import images as catalogue
    from storagekit.docker.content import GZIP_RATIO

    try:
        spec = catalogue.find_image(refs.parse(image).with_default_tag().canonical)
    except Exception:  # noqa: BLE001 - an image the catalogue does not hold: a small one
        spec = None
    return int(spec.size * GZIP_RATIO) if spec is not None else 2_000_000
