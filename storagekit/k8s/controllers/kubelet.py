"""The kubelet and the attach/detach controller: when a scheduled Pod's containers start, and how they end.

A Pod's containers start once every claim it uses is bound, its attachable
ReadWriteOnce volumes are not attached to another node for other Pods
(``Multi-Attach error``), its hostPaths pass their ``type`` checks on the
node, and the API objects its configMap, secret and projected volumes show
exist (``MountVolume.SetUp failed``). Until then they wait in
ContainerCreating, and the kubelet tries again on its next pass.

A container whose securityContext says ``runAsNonRoot`` but that would run as
root is not created: it waits in CreateContainerConfigError, and the kubelet
tries again on each later sync of the Pod.

A container whose process ends is restarted as the Pod's ``restartPolicy``
says: Always, or OnFailure after a non-zero exit. The first restart is at once;
after that the kubelet backs off (10 s, doubling, at most 5 min) and the
container waits in CrashLoopBackOff. With nothing left to restart, the Pod has
Succeeded (every container exited 0) or Failed.
"""

from __future__ import annotations

import hashlib

from storagekit.k8s import claims as c
from storagekit.k8s.controllers.pulls import image_id, pull
from storagekit.k8s.events import container_field
from storagekit.k8s.projection import MountError, payload, source_kind
from storagekit.k8s.securitycontext import verify_run_as_non_root
from storagekit.runc.process import StartError, signal_from_inside

BACKOFF_START, BACKOFF_MAX = 10, 300
SYNC_RETRY = 10
"""``backOffPeriod``: how long the kubelet waits before it syncs a Pod again after an error."""
CONFIG_ERROR = "CreateContainerConfigError"


def _mount_volumes(store, runtime, pod: dict) -> bool:
    """Whether every hostPath passes its type check and every configMap, secret and projected volume can be set
    up; a FailedMount event for the first that cannot."""
    problem = runtime.hostpath_problem(store, pod)
    if problem is not None:
        store.record(pod, "Warning", "FailedMount",
                     f'MountVolume.SetUp failed for volume "{problem[0]}" : {problem[1]}',
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


def attachable(pv: dict) -> bool:
    return any(k in pv["spec"] for k in ATTACHABLE)


def _claimed_volume(store, pod: dict, claim: str) -> dict | None:
    pvc = store.get("PersistentVolumeClaim", claim, pod["metadata"]["namespace"])
    return store.get("PersistentVolume", (pvc or {}).get("spec", {}).get("volumeName", "")) if pvc else None


def _attached_for(store) -> dict[str, list[tuple[str, dict]]]:
    """Each attachable volume's ``(node, Pod)`` pairs: the Running Pods that use it, on the node it is attached to
    for them (the attach/detach controller's actual state of the world)."""
    users: dict[str, list[tuple[str, dict]]] = {}
    for pod in store.list("Pod"):
        if (pod.get("status") or {}).get("phase") != "Running" or not pod["spec"].get("nodeName"):
            continue
        for claim in c.pod_claims(pod):
            pv = _claimed_volume(store, pod, claim)
            if pv is not None and attachable(pv):
                users.setdefault(pv["metadata"]["name"], []).append((pod["spec"]["nodeName"], pod))
    return users


def attachments(store) -> dict[str, list[str]]:
    """Each node's attached volumes, by node, then volume name."""
    attached: dict[str, set[str]] = {}
    for volume, users in _attached_for(store).items():
        for node, _ in users:
            attached.setdefault(node, set()).add(volume)
    return {node: sorted(names) for node, names in sorted(attached.items())}


def multi_attach_error(store, pod: dict) -> str:
    """The ``FailedAttachVolume`` message when a volume this Pod needs may be attached to one node only and is
    attached to another for other Pods ("" when none is): ``IsMultiAttachAllowed`` reads the volume's own modes,
    and only a volume with RWX or ROX may be attached twice."""
    attached = _attached_for(store)
    for claim in c.pod_claims(pod):
        pv = _claimed_volume(store, pod, claim)
        if pv is None or not attachable(pv) or {"ReadWriteMany",
                                                "ReadOnlyMany"} & set(pv["spec"].get("accessModes") or []):
            continue
        users = sorted(other["metadata"]["name"] for node, other in attached.get(pv["metadata"]["name"], [])
                       if node != pod["spec"]["nodeName"] and other is not pod)
        if users:
            return (f'Multi-Attach error for volume "{pv["metadata"]["name"]}" Volume is already used by pod(s) '
                    f"{', '.join(users)}")
    return ""


def _volumes_ready(store, runtime, pod: dict) -> bool:
    ns = pod["metadata"]["namespace"]
    if not all((store.get("PersistentVolumeClaim", n, ns) or {}).get("status", {}).get("phase") == "Bound"
               for n in c.pod_claims(pod)):
        return False
    if not _mount_volumes(store, runtime, pod):
        return False
    error = multi_attach_error(store, pod)
    if error:
        store.record(pod, "Warning", "FailedAttachVolume", error, "attachdetach-controller")
        return False
    return True


def run_kubelets(store, runtime) -> None:
    for pod in store.list("Pod"):
        status = pod.setdefault("status", {})
        if not pod["spec"].get("nodeName") or pod["metadata"].get("deletionTimestamp") \
                or status.get("phase") in ("Succeeded", "Failed"):
            continue
        if pod["spec"]["nodeName"] not in runtime.nodes:  # a Node object no kubelet runs on: the Pod waits
            continue
        containers = pod["spec"].get("containers") or []
        status["hostIP"] = node_address(store.get("Node", pod["spec"]["nodeName"]), "InternalIP")
        sandbox = bool(status.get("startTime"))  # the sandbox is made once the volumes are ready, and stays
        if sandbox or _volumes_ready(store, runtime, pod):
            if not sandbox:
                status["podIP"] = f"10.244.0.{int(pod['metadata']['uid'][:2], 16) % 250 + 2}"
                status["startTime"] = store.clock.isoformat()
            previous = {cs["name"]: cs for cs in status.get("containerStatuses") or []}
            statuses = [_sync_container(store, runtime, pod, ct, previous[ct["name"]])
                        if runtime.started(pod, ct) and ct["name"] in previous
                        else _create(store, runtime, pod, ct, previous.get(ct["name"])) for ct in containers]
        else:
            statuses = [_waiting(ct, {"reason": "ContainerCreating"}) for ct in containers]
        phase = _phase(pod, statuses)
        if status.get("phase") == phase and status.get("containerStatuses") == statuses:
            continue
        running = phase == "Running" and all("running" in cs["state"] for cs in statuses)
        status.update({"phase": phase, "containerStatuses": statuses,
                       "conditions": _conditions(phase, running, "startTime" in status, store.clock.isoformat())})
        store.update(pod)


def _terminated(code: int, started: str, finished: str, message: str = "") -> dict:
    reason = "StartError" if message else ("Completed" if code == 0 else "Error")
    ended = {"exitCode": code, "reason": reason, "startedAt": started, "finishedAt": finished}
    if message:
        ended["message"] = message
    return ended


def _waiting(ct: dict, waiting: dict, restarts: int = 0) -> dict:
    """The status of a container that has no process yet."""
    return {"name": ct["name"], "image": ct.get("image", ""), "ready": False, "restartCount": restarts,
            "started": False, "state": {"waiting": waiting}}


def _create(store, runtime, pod: dict, ct: dict, cs: dict | None) -> dict:
    """A container of a Pod whose sandbox is up, not created yet: created now, or, after its configuration was
    refused, again on the kubelet's next sync of the Pod (``backOffPeriod`` later)."""
    waiting = ((cs or {}).get("state") or {}).get("waiting") or {}
    if cs is not None and waiting.get("reason") == CONFIG_ERROR \
            and store.clock.now < runtime.backoff.get((pod["metadata"]["uid"], ct["name"]), 0):
        return cs
    return _start(store, runtime, pod, ct, 0)


def _start(store, runtime, pod: dict, ct: dict, restarts: int, due: int | None = None) -> dict:
    """Pull, create and start one container; its status once the process runs, ends, or cannot start, or while
    its configuration is refused (CreateContainerConfigError: ``runAsNonRoot`` and a root user). ``due`` is when
    this restart was due: the next back-off counts from then, so a late look sees every restart since."""
    now = store.clock.isoformat()
    pull(store, pod, ct)
    image = runtime.image(ct.get("image", ""))
    refused = verify_run_as_non_root(pod, ct, image[1] if image else None)
    if refused:
        store.record(pod, "Warning", "Failed", f"Error: {refused}", "kubelet", container_field(pod, ct))
        runtime.backoff[(pod["metadata"]["uid"], ct["name"])] = store.clock.now + SYNC_RETRY
        return _waiting(ct, {"reason": CONFIG_ERROR, "message": refused}, restarts)
    store.record(pod, "Normal", "Created", f"Created container: {ct['name']}", "kubelet", container_field(pod, ct))
    message = ""
    try:
        code = runtime.start(store, pod, ct, restart=restarts > 0)
    except StartError as exc:
        code, message = 128, str(exc)
        store.record(pod, "Warning", "Failed", f"Error: {message}", "kubelet", container_field(pod, ct))
    else:
        store.record(pod, "Normal", "Started", f"Started container {ct['name']}", "kubelet", container_field(pod, ct))
    container_id = hashlib.sha256(f"{pod['metadata']['uid']}/{ct['name']}/{restarts}".encode()).hexdigest()
    base = {"name": ct["name"], "image": ct.get("image", ""), "restartCount": restarts,
            "containerID": "containerd://" + container_id, "imageID": image_id(ct.get("image", ""))}
    cred = runtime.users.get((pod["metadata"]["uid"], ct["name"]))
    if cred is not None and message == "":  # containerd reports whom the process runs as
        base["user"] = {"linux": {"gid": cred.gid, "supplementalGroups": list(cred.groups), "uid": cred.uid}}
    runtime.backoff.pop((pod["metadata"]["uid"], ct["name"]), None)
    if code is None:
        return dict(base, ready=True, started=True, state={"running": {"startedAt": now}})
    return _ended(store, runtime, pod, ct, base, _terminated(code, now, now, message), due)


def _ended(store, runtime, pod: dict, ct: dict, base: dict, ended: dict, due: int | None = None) -> dict:
    """A container whose process has ended: it stays terminated, restarts at once (the first time), or waits out
    its back-off, as the Pod's restartPolicy says."""
    restarts, code = base["restartCount"], ended["exitCode"]
    policy = pod["spec"].get("restartPolicy", "Always")
    if policy == "Never" or (policy == "OnFailure" and code == 0):
        return dict(base, ready=False, started=False, state={"terminated": ended})
    if restarts == 0:  # the first restart does not wait
        again = _start(store, runtime, pod, ct, 1)
        if "waiting" not in again["state"]:
            return dict(again, lastState={"terminated": ended})
        return again
    backoff = min(BACKOFF_START * 2 ** (restarts - 1), BACKOFF_MAX)
    runtime.backoff[(pod["metadata"]["uid"], ct["name"])] = (due or store.clock.now) + backoff
    pod_ref = f"{pod['metadata']['name']}_{pod['metadata']['namespace']}({pod['metadata']['uid']})"
    store.record(pod, "Warning", "BackOff", f"Back-off restarting failed container {ct['name']} in pod {pod_ref}",
                 "kubelet", container_field(pod, ct))
    waiting = {"reason": "CrashLoopBackOff",
               "message": f"back-off {_backoff_text(backoff)} restarting failed container={ct['name']} pod={pod_ref}"}
    return dict(base, ready=False, started=False, state={"waiting": waiting}, lastState={"terminated": ended})


def _backoff_text(seconds: int) -> str:
    return f"{seconds // 60}m{seconds % 60}s" if seconds >= 60 else f"{seconds}s"


def _sync_container(store, runtime, pod: dict, ct: dict, cs: dict) -> dict:
    """A started container: ended by a signal to its main process, or restarted when its back-off is over."""
    key = (pod["metadata"]["uid"], ct["name"])
    signal = runtime.signals.pop(key, None)
    running = (cs.get("state") or {}).get("running")
    if running:  # a signal to its main process, else a sleeping loop's next passes, as time has gone by
        code = signal_from_inside(runtime.handles.get(key, ()), signal) if signal else runtime.advance(pod, ct)
        if code is not None:
            runtime.stop(key)
            base = {k: cs[k] for k in ("name", "image", "restartCount", "containerID", "imageID", "user") if k in cs}
            return _ended(store, runtime, pod, ct, base,
                          _terminated(code, running["startedAt"], store.clock.isoformat()))
    waiting = (cs.get("state") or {}).get("waiting")
    if not waiting or waiting.get("reason") != "CrashLoopBackOff":
        return cs
    due = runtime.backoff.get((pod["metadata"]["uid"], ct["name"]), 0)
    if store.clock.now < due:
        return cs
    return _start(store, runtime, pod, ct, cs.get("restartCount", 0) + 1, due)


def _phase(pod: dict, statuses: list[dict]) -> str:
    """Pending while a container has not started yet (it waits, and has never ended); Running while any runs or
    will be restarted; then Succeeded or Failed."""
    states = [cs["state"] for cs in statuses]
    if any("waiting" in cs["state"] and not cs.get("lastState") for cs in statuses) or not states:
        return "Pending"
    if all("terminated" in s for s in states):
        return "Succeeded" if all(s["terminated"]["exitCode"] == 0 for s in states) else "Failed"
    return "Running"


def _conditions(phase: str, running: bool, made: bool, now: str) -> list[dict]:
    """A scheduled Pod's conditions in the kubelet's order; the sandbox waits for the volumes (so
    PodReadyToStartContainers is False until they are mounted, ``made``) and is gone once the Pod has finished."""
    sandbox = made and phase not in ("Succeeded", "Failed")
    values = {"PodReadyToStartContainers": sandbox, "Initialized": True, "Ready": running, "ContainersReady": running,
              "PodScheduled": True}
    out = []
    for kind, ok in values.items():
        cond = {"type": kind, "status": "True" if ok else "False", "lastProbeTime": None, "lastTransitionTime": now}
        if kind in ("Ready", "ContainersReady") and not ok and phase in ("Succeeded", "Failed"):
            cond["reason"] = "PodCompleted"
        out.append(cond)
    return out


def node_address(node: dict | None, kind: str) -> str:
    """The node's address of this type (``InternalIP``, ``ExternalIP``) as its kubelet reports it, or ``""``."""
    addresses = ((node or {}).get("status") or {}).get("addresses") or []
    return next((a.get("address", "") for a in addresses if a.get("type") == kind), "")
