"""``kubectl describe`` for StatefulSets, Deployments, ReplicaSets, Nodes and Namespaces, as kubectl v1.33 lays
them out (``describeStatefulSet``, ``DescribePodTemplate``, ``describeNode`` ... in ``pkg/describe``).

A workload's Pod template is printed as its Pods will be made from it; a StatefulSet adds its
``Volume Claims:``, the templates of the claims (``<template>-<set>-<ordinal>``) each replica mounts, which is
where a learner sees what storage scaling up will ask for. Each describer writes its fields through one
tabwriter (columns run across every adjacent line that has a tab), and the events table comes after a flush.
"""

from __future__ import annotations

import hashlib
import json
import math
from fractions import Fraction

from storagekit.commands.kubectl.describe import _align, _events, _go_time, _map_lines, _volumes
from storagekit.commands.kubectl.describe_containers import qty as _qty
from storagekit.commands.kubectl.describe_containers import template_container
from storagekit.commands.kubectl.printers import _seconds, age
from storagekit.k8s import claims as c
from storagekit.k8s import quantity as q

# ------------------------------------------------------------------ shared pieces


def _selector(selector: dict | None) -> str:
    """``LabelSelectorAsSelector(...).String()``: requirements sorted by key, ``""`` for an empty selector
    (``FormatLabelSelector`` makes that ``<none>``)."""
    reqs = [(k, f"{k}={v}") for k, v in ((selector or {}).get("matchLabels") or {}).items()]
    for e in (selector or {}).get("matchExpressions") or []:
        key, values = e.get("key", ""), ",".join(sorted(e.get("values") or []))
        reqs.append((key, {"In": f"{key} in ({values})", "NotIn": f"{key} notin ({values})", "Exists": key,
                           "DoesNotExist": f"!{key}"}.get(e.get("operator"), key)))
    return ",".join(text for _, text in sorted(reqs, key=lambda r: r[0]))


def _controller(obj: dict) -> dict | None:
    return next((r for r in obj["metadata"].get("ownerReferences") or [] if r.get("controller")), None)


def _pods_status(store, obj: dict) -> str:
    """``getPodStatusForController``: the Pods the selector picks that this object controls, by phase."""
    counts = {"Running": 0, "Pending": 0, "Succeeded": 0, "Failed": 0}
    for pod in store.list("Pod", obj["metadata"].get("namespace")):
        ref = _controller(pod)
        if ref is None or ref.get("uid") != obj["metadata"].get("uid") or not c.selector_matches(
                obj["spec"].get("selector"), pod["metadata"].get("labels")):
            continue
        phase = (pod.get("status") or {}).get("phase", "")
        if phase in counts:
            counts[phase] += 1
    return (f"Pods Status:\t{counts['Running']} Running / {counts['Pending']} Waiting / {counts['Succeeded']} "
            f"Succeeded / {counts['Failed']} Failed\n")


def _conditions(obj: dict) -> str:
    """The ``Type Status Reason`` table of Deployments and ReplicaSets, when the object has conditions."""
    conditions = (obj.get("status") or {}).get("conditions") or []
    return ("Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n" if conditions else "") + "".join(
        f"  {x.get('type', '')} \t{x.get('status', '')}\t{x.get('reason', '')}\n" for x in conditions)


def _indented_map(title: str, mapping: dict | None) -> str:
    """``printLabelsMultilineWithIndent(w, "  ", ...)``: a claim template's labels and annotations, as ``k=v``."""
    items = [f"{k}={v}" for k, v in sorted((mapping or {}).items())] or ["<none>"]
    return "".join((f"  {title}:\t" if i == 0 else "  \t") + f"{item}\n" for i, item in enumerate(items))


# ------------------------------------------------------------------ the Pod template


def _tolerations(title: str, tolerations: list | None) -> str:
    """``printPodTolerationsMultiline``: ``key[=value][:effect][ op=Exists][ for Ns]``, by key."""
    lines = [] if tolerations else ["<none>"]
    for t in sorted(tolerations or [], key=lambda t: t.get("key", "")):
        line = t.get("key", "") + (f"={t['value']}" if t.get("value") else "") + (
            f":{t['effect']}" if t.get("effect") else "")
        if t.get("operator") == "Exists" and not t.get("value"):
            line += " op=Exists" if t.get("key") or t.get("effect") else "op=Exists"
        if t.get("tolerationSeconds") is not None:
            line += f" for {t['tolerationSeconds']}s"
        lines.append(line)
    return f"{title}:\t{lines[0]}\n" + "".join(f"\t{line}\n" for line in lines[1:])


def _spread(constraints: list | None) -> str:
    """``describeTopologySpreadConstraints`` with the template's indent."""
    text = ""
    for i, tsc in enumerate(sorted(constraints or [], key=lambda t: t.get("topologyKey", ""))):
        text += "  Topology Spread Constraints:\t" if i == 0 else "  \t"
        text += (f"{tsc.get('topologyKey', '')}:{tsc.get('whenUnsatisfiable', '')} when max skew "
                 f"{tsc.get('maxSkew', 0)} is exceeded")
        if tsc.get("labelSelector") is not None:
            text += f" for selector {_selector(tsc['labelSelector']) or '<none>'}"
        text += "\n"
    return text


def pod_template(template: dict | None) -> str:
    """``DescribePodTemplate``: the template's labels, containers and volumes, two spaces in."""
    if template is None:
        return "Pod Template:\n  <unset>\n"
    meta, spec = template.get("metadata") or {}, template.get("spec") or {}
    text = "Pod Template:\n" + _map_lines("  Labels", meta.get("labels"), "=")
    if meta.get("annotations"):
        text += _map_lines("  Annotations", meta["annotations"], ": ")
    if spec.get("serviceAccountName"):
        text += f"  Service Account:\t{spec['serviceAccountName']}\n"
    for field, label in (("initContainers", "Init Containers"), ("containers", "Containers")):
        containers = spec.get(field) or []
        if containers or field == "containers":
            text += f"  {label}:" + ("" if containers else " <none>") + "\n"
            text += "".join(template_container(ct) for ct in containers)
    text += _volumes(spec.get("volumes") or [], "  ") + _spread(spec.get("topologySpreadConstraints"))
    if spec.get("priorityClassName"):
        text += f"  Priority Class Name:\t{spec['priorityClassName']}\n"
    return text + _map_lines("  Node-Selectors", spec.get("nodeSelector"), "=") + _tolerations(
        "  Tolerations", spec.get("tolerations"))


# ------------------------------------------------------------------ workloads


def _head(obj: dict, *, created: bool) -> str:
    meta = obj["metadata"]
    text = f"Name:\t{meta['name']}\nNamespace:\t{meta.get('namespace', '')}\n"
    return text + (f"CreationTimestamp:\t{_go_time(meta['creationTimestamp'])}\n" if created else "")


def _labels(obj: dict) -> str:
    meta = obj["metadata"]
    return _map_lines("Labels", meta.get("labels"), "=") + _map_lines("Annotations", meta.get("annotations"), ": ")


def _claim_templates(templates: list | None) -> str:
    """``describeVolumeClaimTemplates``: what each replica's claim will ask for (``<default>`` without a size)."""
    if not templates:
        return "Volume Claims:\t<none>\n"
    text = "Volume Claims:\n"
    for tpl in templates:
        meta, spec = tpl.get("metadata") or {}, tpl.get("spec") or {}
        storage = ((spec.get("resources") or {}).get("requests") or {}).get("storage")
        text += (f"  Name:\t{meta.get('name', '')}\n"
                 f"  StorageClass:\t{c.claim_class({'metadata': meta, 'spec': spec})}\n"
                 + _indented_map("Labels", meta.get("labels")) + _indented_map("Annotations", meta.get("annotations"))
                 + f"  Capacity:\t{_qty(storage) if storage is not None else '<default>'}\n"
                 + f"  Access Modes:\t[{' '.join(spec.get('accessModes') or [])}]\n")
    return text


def describe_statefulset(store, sts: dict, now: int) -> str:
    spec, status = sts["spec"], sts.get("status") or {}
    text = (_head(sts, created=True) + f"Selector:\t{_selector(spec.get('selector'))}\n" + _labels(sts)
            + f"Replicas:\t{spec.get('replicas', 1)} desired | {status.get('replicas', 0)} total\n")
    strategy = spec.get("updateStrategy") or {}
    text += f"Update Strategy:\t{strategy.get('type', '')}\n"
    rolling = strategy.get("rollingUpdate")
    if rolling and rolling.get("partition") is not None:
        text += f"  Partition:\t{rolling['partition']}\n"
        if rolling.get("maxUnavailable") is not None:
            text += f"  MaxUnavailable:\t{rolling['maxUnavailable']}\n"
    text += _pods_status(store, sts) + pod_template(spec.get("template")) + _claim_templates(
        spec.get("volumeClaimTemplates"))
    empty, table = _events(store, sts, now)
    return _align(text + empty) + table


def _replica_sets(store, dep: dict) -> tuple[list[dict], dict | None]:
    """``GetAllReplicaSets``: the Deployment's ReplicaSets, and among them the new one, the oldest whose template
    is the Deployment's once ``pod-template-hash`` is set aside."""
    owned = sorted((rs for rs in store.list("ReplicaSet", dep["metadata"].get("namespace"))
                    if (_controller(rs) or {}).get("uid") == dep["metadata"].get("uid")
                    and c.selector_matches(dep["spec"].get("selector"), rs["metadata"].get("labels"))),
                   key=lambda rs: rs["metadata"]["name"])

    def unhashed(template: dict | None) -> dict:
        template = json.loads(json.dumps(template or {}))
        labels = (template.get("metadata") or {}).get("labels")
        if labels is not None:
            labels.pop("pod-template-hash", None)
        return template

    wanted = unhashed(dep["spec"].get("template"))
    new = next((rs for rs in sorted(owned, key=lambda rs: (rs["metadata"].get("creationTimestamp", ""),
                                                           rs["metadata"]["name"]))
                if unhashed(rs["spec"].get("template")) == wanted), None)
    return [rs for rs in owned if rs is not new], new


def _rs_list(sets: list[dict]) -> str:
    return ", ".join(f"{rs['metadata']['name']} ({(rs.get('status') or {}).get('replicas', 0)}/"
                     f"{rs['spec'].get('replicas', 1)} replicas created)" for rs in sets) or "<none>"


def describe_deployment(store, dep: dict, now: int) -> str:
    """``describeDeployment``. Where the status lacks ``unavailableReplicas`` it is worked out as the deployment
    controller does: its ReplicaSets' desired replicas less the available ones, never below zero."""
    spec, status = dep["spec"], dep.get("status") or {}
    old, new = _replica_sets(store, dep)
    available = status.get("availableReplicas", 0)
    unavailable = status.get("unavailableReplicas", max(
        sum(rs["spec"].get("replicas", 1) for rs in old + ([new] if new else [])) - available, 0))
    strategy = spec.get("strategy") or {}
    text = (_head(dep, created=True) + _labels(dep) + f"Selector:\t{_selector(spec.get('selector'))}\n"
            + f"Replicas:\t{spec.get('replicas', 1)} desired | {status.get('updatedReplicas', 0)} updated | "
            f"{status.get('replicas', 0)} total | {available} available | {unavailable} unavailable\n"
            + f"StrategyType:\t{strategy.get('type', '')}\nMinReadySeconds:\t{spec.get('minReadySeconds', 0)}\n")
    if strategy.get("rollingUpdate") is not None:
        rolling = strategy["rollingUpdate"]
        text += (f"RollingUpdateStrategy:\t{rolling.get('maxUnavailable', '25%')} max unavailable, "
                 f"{rolling.get('maxSurge', '25%')} max surge\n")
    text += pod_template(spec.get("template")) + _conditions(dep)
    if old or new:
        text += f"OldReplicaSets:\t{_rs_list(old)}\nNewReplicaSet:\t{_rs_list([new] if new else [])}\n"
    empty, table = _events(store, dep, now)
    return _align(text + empty) + table


def describe_replicaset(store, rs: dict, now: int) -> str:
    spec, status = rs["spec"], rs.get("status") or {}
    text = _head(rs, created=False) + f"Selector:\t{_selector(spec.get('selector')) or '<none>'}\n" + _labels(rs)
    ref = _controller(rs)
    if ref:
        text += f"Controlled By:\t{ref.get('kind', '')}/{ref.get('name', '')}\n"
    text += (f"Replicas:\t{status.get('replicas', 0)} current / {spec.get('replicas', 1)} desired\n"
             + _pods_status(store, rs) + pod_template(spec.get("template")) + _conditions(rs))
    empty, table = _events(store, rs, now)
    return _align(text + empty) + table


ZERO_TIME = "Mon, 01 Jan 0001 00:00:00 +0000"
"""How describe prints a time that was never set."""


def describe_namespace(store, ns: dict, now: int) -> str:
    """``describeNamespace``: no events; the simulator has no ResourceQuotas or LimitRanges, so both lists are
    empty, as in a fresh cluster."""
    text = (f"Name:\t{ns['metadata']['name']}\n" + _labels(ns)
            + f"Status:\t{(ns.get('status') or {}).get('phase', '')}\n")
    conditions = (ns.get("status") or {}).get("conditions") or []
    if conditions:
        text += "" if not conditions else ("Conditions:\n  Type\tStatus\tLastTransitionTime\tReason\tMessage\n"
                 "  ----\t------\t------------------\t------\t-------\n")
        text += "".join(f"  {x.get('type', '')}\t{x.get('status', '')}\t"
                        f"{_go_time(x['lastTransitionTime']) if x.get('lastTransitionTime') else ZERO_TIME}\t"
                        f"{x.get('reason', '')}\t{x.get('message', '')}\n" for x in conditions)
    return _align(text + "\nNo resource quota.\n\nNo LimitRange resource.\n")


# ------------------------------------------------------------------ nodes

NODE_RESOURCES = {"cpu": "8", "ephemeral-storage": "102626232Ki", "hugepages-1Gi": "0", "hugepages-2Mi": "0",
                  "memory": "16365488Ki", "pods": "110"}
"""Capacity of a node whose status gives none (the simulator's never do): a kind node on an 8-core, 16 GiB machine
with a 100 GB disk. kind reserves nothing, so it is the Allocatable too."""
KUBELET_CONDITIONS = (("MemoryPressure", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
                      ("DiskPressure", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
                      ("PIDPressure", "KubeletHasSufficientPID", "kubelet has sufficient PID available"))
"""The conditions every kubelet posts before Ready (False on a healthy node), which the simulated nodes leave out."""
REPORT_EVERY = 300
"""The kubelet's ``nodeStatusReportFrequency``: how often an unchanged condition gets a new heartbeat."""


def _taints(node: dict) -> list[str]:
    """``Taint.ToString`` of each taint, by effect then key, with those the node lifecycle controller adds to a
    cordoned or not-Ready node (the simulator's scheduler reads them from ``spec.unschedulable`` and Ready)."""
    spec = node.get("spec") or {}
    taints = [(t.get("key", ""), t.get("value", ""), t.get("effect", "")) for t in spec.get("taints") or []]
    ready = next((x.get("status") for x in (node.get("status") or {}).get("conditions") or []
                  if x.get("type") == "Ready"), "True")
    key = {"False": "node.kubernetes.io/not-ready", "Unknown": "node.kubernetes.io/unreachable"}.get(ready)
    implied = ([("node.kubernetes.io/unschedulable", "", "NoSchedule")] if spec.get("unschedulable") else []) + (
        [(key, "", "NoSchedule"), (key, "", "NoExecute")] if key else [])
    taints += [t for t in implied if not any((k, e) == (t[0], t[2]) for k, _, e in taints)]
    return [k + (f"={v}" if v else "") + (f":{e}" if e else (":" if v else ""))
            for k, v, e in sorted(taints, key=lambda t: f"{t[2]},{t[0]}")]


def _add(total: dict, name: str, amount: q.Quantity, keep_max: bool = False) -> None:
    """``Quantity.Add`` (the sum keeps the first non-zero quantity's format), or the larger of the two."""
    have = total.get(name)
    if have is None or (keep_max and amount.value > have.value):
        total[name] = amount
    elif not keep_max:
        total[name] = q.Quantity(have.value + amount.value, amount.format if have.value == 0 else have.format)


def _pod_resources(pod: dict) -> tuple[dict, dict]:
    """``PodRequestsAndLimits``: the containers' (and sidecars') sum, at least any one init container's figure;
    a limit with no request is the request too, as the API server fills it in."""
    reqs: dict = {}
    limits: dict = {}
    inits = pod["spec"].get("initContainers") or []
    regular = [(ct, False) for ct in (pod["spec"].get("containers") or [])]
    for ct, keep_max in regular + [(i, i.get("restartPolicy") != "Always") for i in inits]:
        res = ct.get("resources") or {}
        for target, values in ((reqs, {**(res.get("limits") or {}), **(res.get("requests") or {})}),
                               (limits, res.get("limits") or {})):
            for name, value in values.items():
                _add(target, name, q.parse(str(value)), keep_max)
    return reqs, limits


def _share(amount: q.Quantity | None, total, name: str) -> str:
    """``0 (0%)``: a quantity and its share of the allocatable figure, truncated as Go's ``int64(float)``."""
    amount = amount or q.Quantity(Fraction(0), "DecimalSI")
    scale = 1000 if name == "cpu" else 1  # MilliValue for CPU, Value for the rest
    whole = math.ceil(q.parse(str(total)).value * scale) if total is not None else 0
    share = int(float(math.ceil(amount.value * scale)) / float(whole) * 100) if whole else 0
    return f"{q.canonical(amount)} ({share}%)"


def _node_pods(store, name: str, allocatable: dict, now: int) -> str:
    """``describeNodeResource``: the node's Pods that have not finished, with their requests and limits, and the
    totals against what the node can allocate."""
    pods = sorted((p for p in store.list("Pod") if p["spec"].get("nodeName") == name
                   and (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")),
                  key=lambda p: (p["metadata"].get("namespace", ""), p["metadata"]["name"]))
    text = (f"Non-terminated Pods:\t({len(pods)} in total)\n"
            "  Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n"
            "  ---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    reqs: dict = {}
    limits: dict = {}
    for pod in pods:
        mine = _pod_resources(pod)
        for total, values in zip((reqs, limits), mine, strict=True):
            for k, v in values.items():
                _add(total, k, v)
        shares = [_share(values.get(k), allocatable.get(k), k) for k in ("cpu", "memory") for values in mine]
        text += f"  {pod['metadata'].get('namespace', '')}\t{pod['metadata']['name']}\t\t" + "\t".join(shares) + \
            f"\t{age(pod, now)}\n"
    text += ("Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n"
             "  Resource\tRequests\tLimits\n  --------\t--------\t------\n")
    shown = ["cpu", "memory", "ephemeral-storage"] + sorted(k for k in allocatable if k.startswith("hugepages-"))
    text += "".join(f"  {k}\t{_share(reqs.get(k), allocatable.get(k), k)}\t"
                    f"{_share(limits.get(k), allocatable.get(k), k)}\n" for k in shown)
    zero = q.Quantity(Fraction(0), "DecimalSI")
    return text + "".join(f"  {k}\t{q.canonical(reqs.get(k, zero))}\t{q.canonical(limits.get(k, zero))}\n"
                          for k in sorted(allocatable) if k not in shown and k != "pods")


def _node_id(node: dict, what: str) -> str:
    """A machine, system or boot id the simulated node does not have, fixed by the node's uid."""
    h = hashlib.sha256(f"{what}:{node['metadata'].get('uid', '')}".encode()).hexdigest()
    return h[:32] if what == "machine" else f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


def describe_node(store, node: dict, now: int) -> str:
    """``describeNode``. Beside what the Node object holds it shows what a kind node would and the simulator does
    not keep: the kubelet's Lease (renewed just now), its pressure conditions, the :data:`NODE_RESOURCES` and
    machine ids fixed by the node's uid. A Node no kubelet has posted the status of (one applied by hand: its
    ``nodeInfo`` names no kubelet) shows only what its object holds, and no Lease."""
    from storagekit.sim.clock import rfc3339

    meta, spec, status = node["metadata"], node.get("spec") or {}, node.get("status") or {}
    name, labels, info = meta["name"], meta.get("labels") or {}, status.get("nodeInfo") or {}
    roles = {k.removeprefix("node-role.kubernetes.io/") for k in labels if k.startswith("node-role.kubernetes.io/")}
    roles = (roles | ({labels["kubernetes.io/role"]} if labels.get("kubernetes.io/role") else set())) - {""}
    taints = _taints(node) or ["<none>"]
    kubelet = bool(info.get("kubeletVersion"))
    lease = f"  HolderIdentity:\t{name}\n  AcquireTime:\t<unset>\n  RenewTime:\t{_go_time(rfc3339(now))}\n" if kubelet \
        else f'\tFailed to get lease: leases.coordination.k8s.io "{name}" not found\n'

    text = (f"Name:\t{name}\nRoles:\t{','.join(sorted(roles)) or '<none>'}\n" + _labels(node)
            + f"CreationTimestamp:\t{_go_time(meta['creationTimestamp'])}\n"
            + f"Taints:\t{taints[0]}\n" + "".join(f"\t{t}\n" for t in taints[1:])
            + f"Unschedulable:\t{'true' if spec.get('unschedulable') else 'false'}\n"
            + "Lease:" + ("\n" if kubelet else "") + lease)
    held = status.get("conditions") or []
    conditions = [{"type": t, "status": "False", "reason": r, "message": m} for t, r, m in KUBELET_CONDITIONS
                  if kubelet and not any(x.get("type") == t for x in held)] + held
    created = _seconds(meta["creationTimestamp"])
    beat = rfc3339(created + max(now - created, 0) // REPORT_EVERY * REPORT_EVERY)
    text += "" if not conditions else ("Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\t"
                                       "Message\n  ----\t------\t-----------------\t------------------\t------\t"
                                       "-------\n")
    text += "".join(f"  {x.get('type', '')} \t{x.get('status', '')} \t{_go_time(x.get('lastHeartbeatTime') or beat)} \t"
                    f"{_go_time(x.get('lastTransitionTime') or meta['creationTimestamp'])} \t{x.get('reason', '')} \t"
                    f"{x.get('message', '')}\n" for x in conditions)
    text += "Addresses:\n" + "".join(f"  {a.get('type', '')}:\t{a.get('address', '')}\n"
                                      for a in status.get("addresses") or [])
    capacity = status.get("capacity") or (NODE_RESOURCES if kubelet else {})
    allocatable = status.get("allocatable") or (NODE_RESOURCES if kubelet and not status.get("capacity") else {})
    for title, values in (("Capacity", capacity), ("Allocatable", allocatable)):
        if values:
            text += f"{title}:\n" + "".join(f"  {k}:\t{_qty(v)}\n" for k, v in sorted(values.items()))
    platform = ("linux", "amd64") if kubelet else ("", "")
    system = (("Machine ID", info.get("machineID") or (_node_id(node, "machine") if kubelet else "")),
              ("System UUID", info.get("systemUUID") or (_node_id(node, "system") if kubelet else "")),
              ("Boot ID", info.get("bootID") or (_node_id(node, "boot") if kubelet else "")),
              ("Kernel Version", info.get("kernelVersion", "")), ("OS Image", info.get("osImage", "")),
              ("Operating System", info.get("operatingSystem") or labels.get("kubernetes.io/os", platform[0])),
              ("Architecture", info.get("architecture") or labels.get("kubernetes.io/arch", platform[1])),
              ("Container Runtime Version", info.get("containerRuntimeVersion", "")),
              ("Kubelet Version", info.get("kubeletVersion", "")),
              ("Kube-Proxy Version", info.get("kubeProxyVersion", "")))  # kubelets stopped reporting it in v1.31
    text += "System Info:\n" + "".join(f"  {k}:\t{v}\n" for k, v in system)
    for field, title in (("podCIDR", "PodCIDR"), ("podCIDRs", "PodCIDRs"), ("providerID", "ProviderID")):
        if spec.get(field):
            text += f"{title}:\t{','.join(spec[field]) if field == 'podCIDRs' else spec[field]}\n"
    text += _node_pods(store, name, allocatable or capacity, now)
    empty, table = _events(store, node, now)
    return _align(text + empty) + table


DESCRIBERS = {"StatefulSet": describe_statefulset, "Deployment": describe_deployment,
              "ReplicaSet": describe_replicaset, "Namespace": describe_namespace, "Node": describe_node}
