"""What ``kubectl get`` and ``kubectl describe`` print for each kind (the API server's table columns, kubectl's
describers), with ages from the simulated clock as apimachinery's ``HumanDuration`` writes them."""

from __future__ import annotations

from storagekit.k8s import claims as c
from storagekit.k8s.controllers.kubelet import node_address
from storagekit.sim.clock import parse_rfc3339 as _seconds


def human_duration(seconds: int) -> str:
    """apimachinery ``duration.HumanDuration``."""
    if seconds < -1:
        return "<invalid>"
    if seconds < 0:
        return "0s"
    if seconds < 120:
        return f"{seconds}s"
    minutes, hours = seconds // 60, seconds // 3600
    if minutes < 10:
        return f"{minutes}m" if seconds % 60 == 0 else f"{minutes}m{seconds % 60}s"
    if minutes < 180:
        return f"{minutes}m"
    if hours < 8:
        return f"{hours}h" if minutes % 60 == 0 else f"{hours}h{minutes % 60}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 192:
        return f"{hours // 24}d" if hours % 24 == 0 else f"{hours // 24}d{hours % 24}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        years, days = hours // (24 * 365), (hours // 24) % 365
        return f"{years}y" if days == 0 else f"{years}y{days}d"
    return f"{hours // (24 * 365)}y"


def age(obj: dict, now: int) -> str:
    stamp = obj["metadata"].get("creationTimestamp")
    return human_duration(now - _seconds(stamp)) if stamp else "<unknown>"


def _phase(obj: dict) -> str:
    return "Terminating" if obj["metadata"].get("deletionTimestamp") else (obj.get("status") or {}).get("phase", "")


def _pv(pv: dict, now: int, wide: bool) -> list[str]:
    ref = pv["spec"].get("claimRef") or {}
    row = [pv["metadata"]["name"], str((pv["spec"].get("capacity") or {}).get("storage", "")),
           c.access_modes_string(pv["spec"].get("accessModes")), pv["spec"].get("persistentVolumeReclaimPolicy", ""),
           _phase(pv), f'{ref.get("namespace", "")}/{ref.get("name", "")}' if ref else "", c.volume_class(pv),
           pv["spec"].get("volumeAttributesClassName") or "<unset>", (pv.get("status") or {}).get("reason", ""),
           age(pv, now)]
    return row + [pv["spec"].get("volumeMode") or "<unset>"] if wide else row


def _pvc(pvc: dict, now: int, wide: bool) -> list[str]:
    status, bound = pvc.get("status") or {}, bool(pvc["spec"].get("volumeName"))
    row = [pvc["metadata"]["name"], _phase(pvc), pvc["spec"].get("volumeName", ""),
           str((status.get("capacity") or {}).get("storage", "")) if bound else "",
           c.access_modes_string(status.get("accessModes")) if bound else "", c.claim_class(pvc),
           pvc["spec"].get("volumeAttributesClassName") or "<unset>", age(pvc, now)]
    return row + [pvc["spec"].get("volumeMode") or "<unset>"] if wide else row


def _sc(sc: dict, now: int, wide: bool) -> list[str]:
    return [sc["metadata"]["name"] + (" (default)" if c.is_default_class(sc) else ""), sc.get("provisioner", ""),
            sc.get("reclaimPolicy") or "Delete", sc.get("volumeBindingMode") or "Immediate",
            "true" if sc.get("allowVolumeExpansion") else "false", age(sc, now)]


def _node(node: dict, now: int, wide: bool) -> list[str]:
    ready = next((cond for cond in (node.get("status") or {}).get("conditions", []) if cond["type"] == "Ready"), None)
    status = "Unknown" if ready is None else ("Ready" if ready["status"] == "True" else "NotReady")
    if (node.get("spec") or {}).get("unschedulable"):
        status += ",SchedulingDisabled"
    labels = node["metadata"].get("labels") or {}
    roles = sorted(k.split("/", 1)[1] for k in labels if k.startswith("node-role.kubernetes.io/"))
    info = (node.get("status") or {}).get("nodeInfo") or {}
    row = [node["metadata"]["name"], status, ",".join(roles) or "<none>", age(node, now),
           info.get("kubeletVersion", "")]
    if wide:
        row += [node_address(node, "InternalIP") or "<none>", node_address(node, "ExternalIP") or "<none>",
                info.get("osImage") or "<unknown>", info.get("kernelVersion") or "<unknown>",
                info.get("containerRuntimeVersion") or "<unknown>"]
    return row


def pod_status(pod: dict) -> str:
    """The STATUS column as ``printPod`` decides it: the phase, unless a container waits or ended with a reason
    (the first container's, read last); a Completed container beside a running one reads Running, or NotReady
    while the Pod is not Ready."""
    status = pod.get("status") or {}
    reason = status.get("reason") or status.get("phase", "")
    running = False
    for cs in reversed(status.get("containerStatuses") or []):
        waiting = (cs.get("state") or {}).get("waiting")
        terminated = (cs.get("state") or {}).get("terminated")
        if waiting and waiting.get("reason"):
            reason = waiting["reason"]
        elif terminated and terminated.get("reason"):
            reason = terminated["reason"]
        elif terminated:
            reason = f"ExitCode:{terminated.get('exitCode', 0)}"
        elif cs.get("ready") and "running" in (cs.get("state") or {}):
            running = True
    if reason == "Completed" and running:
        ready = any(c.get("type") == "Ready" and c.get("status") == "True" for c in status.get("conditions") or [])
        reason = "Running" if ready else "NotReady"
    if pod["metadata"].get("deletionTimestamp") and status.get("phase") not in ("Succeeded", "Failed"):
        return "Terminating"
    return reason


def _pod(pod: dict, now: int, wide: bool) -> list[str]:
    status = pod.get("status") or {}
    statuses = status.get("containerStatuses") or []
    ready = sum(1 for cs in statuses if cs.get("ready") and "running" in (cs.get("state") or {}))
    restarts = str(sum(cs.get("restartCount", 0) for cs in statuses))
    last = max((_seconds(cs["lastState"]["terminated"]["finishedAt"]) for cs in statuses
                if (cs.get("lastState") or {}).get("terminated", {}).get("finishedAt")), default=None)
    if last is not None and restarts != "0":  # when the last restart was, as kubectl shows it
        restarts += f" ({human_duration(now - last)} ago)"
    row = [pod["metadata"]["name"], f"{ready}/{len(pod['spec'].get('containers') or [])}", pod_status(pod),
           restarts, age(pod, now)]
    if wide:
        row += [status.get("podIP") or "<none>", pod["spec"].get("nodeName") or "<none>", "<none>", "<none>"]
    return row


def _statefulset(sts: dict, now: int, wide: bool) -> list[str]:
    status = sts.get("status") or {}
    row = [sts["metadata"]["name"], f"{status.get('readyReplicas', 0)}/{sts['spec'].get('replicas', 1)}", age(sts, now)]
    return row + _containers(sts) if wide else row


def _containers(obj: dict) -> list[str]:
    containers = ((obj["spec"].get("template") or {}).get("spec") or {}).get("containers") or []
    return [",".join(ct.get("name", "") for ct in containers), ",".join(ct.get("image", "") for ct in containers)]


def _selector(obj: dict) -> str:
    labels = (obj["spec"].get("selector") or {}).get("matchLabels") or {}
    return ",".join(f"{k}={v}" for k, v in sorted(labels.items()))


def _deployment(dep: dict, now: int, wide: bool) -> list[str]:
    status = dep.get("status") or {}
    row = [dep["metadata"]["name"], f"{status.get('readyReplicas', 0)}/{dep['spec'].get('replicas', 1)}",
           str(status.get("updatedReplicas", 0)), str(status.get("availableReplicas", 0)), age(dep, now)]
    return row + _containers(dep) + [_selector(dep)] if wide else row


def _replicaset(rs: dict, now: int, wide: bool) -> list[str]:
    status = rs.get("status") or {}
    row = [rs["metadata"]["name"], str(rs["spec"].get("replicas", 1)), str(status.get("replicas", 0)),
           str(status.get("readyReplicas", 0)), age(rs, now)]
    return row + _containers(rs) + [_selector(rs)] if wide else row


def _namespace(ns: dict, now: int, wide: bool) -> list[str]:
    return [ns["metadata"]["name"], (ns.get("status") or {}).get("phase", ""), age(ns, now)]


def _configmap(cm: dict, now: int, wide: bool) -> list[str]:
    return [cm["metadata"]["name"], str(len(cm.get("data") or {}) + len(cm.get("binaryData") or {})), age(cm, now)]


def _secret(secret: dict, now: int, wide: bool) -> list[str]:
    return [secret["metadata"]["name"], secret.get("type", "Opaque"), str(len(secret.get("data") or {})),
            age(secret, now)]


def _service(svc: dict, now: int, wide: bool) -> list[str]:
    spec = svc.get("spec") or {}
    kind = spec.get("type", "ClusterIP")
    ports = ",".join(f"{p.get('port')}" + (f":{p['nodePort']}" if p.get("nodePort") else "")
                     + f"/{p.get('protocol', 'TCP')}" for p in spec.get("ports") or []) or "<none>"
    external = {"ExternalName": spec.get("externalName", ""), "LoadBalancer": "<pending>"}.get(kind, "<none>")
    row = [svc["metadata"]["name"], kind, spec.get("clusterIP") or "<none>", external, ports, age(svc, now)]
    selector = ",".join(f"{k}={v}" for k, v in sorted((spec.get("selector") or {}).items())) or "<none>"
    return row + [selector] if wide else row


def _job(job: dict, now: int, wide: bool) -> list[str]:
    status = job.get("status") or {}
    conditions = {c["type"]: c for c in status.get("conditions") or [] if c.get("status") == "True"}
    state = "Complete" if "Complete" in conditions else "Failed" if "Failed" in conditions else \
        "Suspended" if job["spec"].get("suspend") else "Running"
    start = status.get("startTime")
    end = status.get("completionTime")
    duration = human_duration((_seconds(end) if end else now) - _seconds(start)) if start else ""
    row = [job["metadata"]["name"], state, f"{status.get('succeeded', 0)}/{job['spec'].get('completions', 1)}",
           duration, age(job, now)]
    if wide:
        selector = job["spec"].get("selector", {}).get("matchLabels") or {}
        row += _containers(job) + [",".join(f"{k}={v}" for k, v in sorted(selector.items()))]
    return row


def _event_source(event: dict) -> str:
    """``formatEventSource``: the component and host that reported it, else the reporting controller."""
    source = event.get("source") or {}
    parts = [source.get("component") or event.get("reportingComponent") or "",
             source.get("host") or event.get("reportingInstance") or ""]
    return ", ".join(p for p in parts if p)


def _event(event: dict, now: int, wide: bool) -> list[str]:
    """``printEvent``: when it was last and first seen (the event time where the timestamps are unset), the
    object as ``kind/name``; wide adds the part of the object, who reported it, the count and the name."""
    involved = event.get("involvedObject") or {}
    target = involved.get("kind", "").lower() + (f"/{involved['name']}" if involved.get("name") else "")

    def since(stamp: str | None) -> str:
        stamp = stamp or event.get("eventTime")
        return human_duration(now - _seconds(stamp)) if stamp else "<unknown>"

    last, message = since(event.get("lastTimestamp")), (event.get("message") or "").strip()
    if not wide:
        return [last, event.get("type", ""), event.get("reason", ""), target, message]
    return [last, event.get("type", ""), event.get("reason", ""), target, involved.get("fieldPath", ""),
            _event_source(event), message, since(event.get("firstTimestamp")), str(event.get("count", 0)),
            event["metadata"]["name"]]


TABLES = {
    "PersistentVolume": (["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS",
                          "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"], ["VOLUMEMODE"], _pv),
    "PersistentVolumeClaim": (["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS",
                               "VOLUMEATTRIBUTESCLASS", "AGE"], ["VOLUMEMODE"], _pvc),
    "StorageClass": (["NAME", "PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"], [],
                     _sc),
    "Node": (["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
             ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"], _node),
    "Namespace": (["NAME", "STATUS", "AGE"], [], _namespace),
    "ConfigMap": (["NAME", "DATA", "AGE"], [], _configmap),
    "Service": (["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], ["SELECTOR"], _service),
    "Job": (["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"], _job),
    "Secret": (["NAME", "TYPE", "DATA", "AGE"], [], _secret),
    "StatefulSet": (["NAME", "READY", "AGE"], ["CONTAINERS", "IMAGES"], _statefulset),
    "Deployment": (["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"],
                   _deployment),
    "ReplicaSet": (["NAME", "DESIRED", "CURRENT", "READY", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"], _replicaset),
    "Pod": (["NAME", "READY", "STATUS", "RESTARTS", "AGE"], ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"], _pod),
    "Event": (["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], [], _event),
}
WIDE_HEADERS = {"Event": ["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN",
                          "COUNT", "NAME"]}
"""Wide tables whose extra columns are not all at the end (the server's column order, priority 1 included)."""


def table(kind: str, objects: list[dict], now: int, *, wide: bool = False, namespace_column: bool = False,
          prefix: str = "", show_labels: bool = False, label_columns: list[str] | tuple[str, ...] = (),
          headers: bool = True) -> str:
    """One kind's rows under its header, aligned as kubectl's tabwriter aligns them. ``label_columns`` (``-L``)
    add a column per label key, headed by its last path segment in capitals, before ``--show-labels``' column."""
    header, extra, row = TABLES[kind]
    header = WIDE_HEADERS.get(kind, header + extra) if wide else header
    lines = [(["NAMESPACE"] if namespace_column else []) + header
             + [key.rsplit("/", 1)[-1].upper() for key in label_columns] + (["LABELS"] if show_labels else [])]
    for obj in objects:
        cells = row(obj, now, wide)
        cells[0] = prefix + cells[0]
        labels = obj["metadata"].get("labels") or {}
        cells += [labels.get(key, "") for key in label_columns]
        if show_labels:
            cells.append(",".join(f"{k}={v}" for k, v in sorted(labels.items())) or "<none>")
        lines.append(([obj["metadata"].get("namespace", "")] if namespace_column else []) + cells)
    return align_rows(lines if headers else lines[1:])


def align_rows(rows: list[list[str]]) -> str:
    """kubectl's tabwriter (minwidth 6, padding 3) over rows of equal length: every column as wide as its widest
    cell plus the padding, the last column not padded."""
    if not rows:
        return ""
    widths = [max(6, max(len(r[i]) for r in rows) + 3) for i in range(len(rows[0]) - 1)]
    return "".join("".join(cell.ljust(w) for cell, w in zip(r, widths, strict=False)) + r[-1] + "\n" for r in rows)
