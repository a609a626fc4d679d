"""``kubectl describe`` for storage objects, laid out as kubectl's describers do (tabwriter, padding 2)."""

from __future__ import annotations

import base64

from storagekit.commands.formats.tabwriter import TabWriter
from storagekit.commands.kubectl import describe_containers as containers
from storagekit.commands.kubectl.printers import human_duration
from storagekit.k8s import claims as c
from storagekit.k8s.controllers.protection import pods_using

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"


def _align(text: str) -> str:
    writer = TabWriter(0, 8, 2, " ", 0)
    writer.write(text)
    return writer.flush()


def _map_lines(title: str, mapping: dict | None, sep: str) -> str:
    items = sorted((k, v) for k, v in (mapping or {}).items() if k != LAST_APPLIED)
    if not items:
        return f"{title}:\t<none>\n"
    lines = [f"{title}:\t{items[0][0]}{sep}{items[0][1]}\n"]
    lines += [f"\t{k}{sep}{v}\n" for k, v in items[1:]]
    return "".join(lines)


def _finalizers(obj: dict) -> str:
    return "[" + " ".join(obj["metadata"].get("finalizers") or []) + "]"


def _events(store, obj: dict, now: int) -> tuple[str, str]:
    """``("Events:\\t<none>\\n", "")`` or ``("", table)``: an empty section shares the fields' alignment."""
    events = store.events_for(obj)
    if not events:
        return "Events:\t<none>\n", ""
    rows = "  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n"
    for e in sorted(events, key=lambda e: e.first):
        interval = human_duration(now - e.last)
        if e.count > 1:
            interval = f"{interval} (x{e.count} over {human_duration(now - e.first)})"
        rows += f"  {e.type}\t{e.reason}\t{interval}\t{e.source}\t{e.message.strip()}\n"
    return "", "Events:\n" + _align(rows)


def _status(obj: dict) -> str:
    return "Terminating" if obj["metadata"].get("deletionTimestamp") else (obj.get("status") or {}).get("phase", "")


def describe_pv(store, pv: dict, now: int) -> str:
    spec, ref = pv["spec"], pv["spec"].get("claimRef") or {}
    claim = f"{ref.get('namespace', '')}/{ref.get('name', '')}" if ref else ""
    text = (f"Name:\t{pv['metadata']['name']}\n" + _map_lines("Labels", pv["metadata"].get("labels"), "=")
            + _map_lines("Annotations", pv["metadata"].get("annotations"), ": ")
            + f"Finalizers:\t{_finalizers(pv)}\nStorageClass:\t{c.volume_class(pv)}\nStatus:\t{_status(pv)}\n"
            + f"Claim:\t{claim}\n")
    text += f"Reclaim Policy:\t{spec.get('persistentVolumeReclaimPolicy', '')}\n"
    text += f"Access Modes:\t{c.access_modes_string(spec.get('accessModes'))}\n"
    if spec.get("volumeMode"):
        text += f"VolumeMode:\t{spec['volumeMode']}\n"
    text += f"Capacity:\t{(spec.get('capacity') or {}).get('storage', '')}\n"
    text += _node_affinity(spec.get("nodeAffinity"))
    text += f"Message:\t{(pv.get('status') or {}).get('message', '')}\nSource:\n"
    source = _source(spec)
    empty, table = _events(store, pv, now)
    return _align(text) + _align(source + empty) + table


def _node_affinity(affinity: dict | None) -> str:
    """``printVolumeNodeAffinity``: each required term's expressions as ``key op [values]``."""
    required = (affinity or {}).get("required")
    if required is None:
        return "Node Affinity:\t<none>\n"
    terms = required.get("nodeSelectorTerms") or []
    text = "Node Affinity:\t\n  Required Terms:\t" + ("<none>\n" if not terms else "\n")
    for i, term in enumerate(terms):
        exprs = [f"{e.get('key', '')} {str(e.get('operator', '')).lower()}" + (f" [{', '.join(e['values'])}]"
                 if e.get("values") else "") for e in term.get("matchExpressions") or []]
        text += f"    Term {i}:\t" + ("<none>\n" if not exprs else "".join(
            (f"{x}\n" if j == 0 else f"    \t{x}\n") for j, x in enumerate(exprs)))
    return text


def _source(spec: dict) -> str:
    if "hostPath" in spec:
        hp = spec["hostPath"]
        return ("    Type:\tHostPath (bare host directory volume)\n"
                f"    Path:\t{hp.get('path', '')}\n    HostPathType:\t{hp.get('type', '')}\n")
    if "local" in spec:
        return f"    Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t{spec['local'].get('path', '')}\n"
    if "nfs" in spec:
        nfs = spec["nfs"]
        return ("    Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n"
                f"    Server:\t{nfs.get('server', '')}\n    Path:\t{nfs.get('path', '')}\n"
                f"    ReadOnly:\t{'true' if nfs.get('readOnly') else 'false'}\n")
    if "csi" in spec:
        csi = spec["csi"]
        return (f"    Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{csi.get('driver', '')}\n"
                f"    FSType:\t{csi.get('fsType', '')}\n    VolumeHandle:\t{csi.get('volumeHandle', '')}\n"
                f"    ReadOnly:\t{'true' if csi.get('readOnly') else 'false'}\n")
    return "  <unknown>\n"


def describe_pvc(store, pvc: dict, now: int) -> str:
    spec, status = pvc["spec"], pvc.get("status") or {}
    bound = bool(spec.get("volumeName"))
    text = (f"Name:\t{pvc['metadata']['name']}\nNamespace:\t{pvc['metadata'].get('namespace', '')}\n"
            f"StorageClass:\t{c.claim_class(pvc)}\nStatus:\t{_status(pvc)}\nVolume:\t{spec.get('volumeName', '')}\n"
            + _map_lines("Labels", pvc["metadata"].get("labels"), "=")
            + _map_lines("Annotations", pvc["metadata"].get("annotations"), ": ")
            + f"Finalizers:\t{_finalizers(pvc)}\n"
            + f"Capacity:\t{(status.get('capacity') or {}).get('storage', '') if bound else ''}\n"
            + f"Access Modes:\t{c.access_modes_string(status.get('accessModes')) if bound else ''}\n")
    if spec.get("volumeMode"):
        text += f"VolumeMode:\t{spec['volumeMode']}\n"
    users = sorted(p["metadata"]["name"] for p in pods_using(store, pvc))
    text += f"Used By:\t{users[0] if users else '<none>'}\n" + "".join(f"\t{u}\n" for u in users[1:])
    empty, table = _events(store, pvc, now)
    return _align(text + empty) + table


def describe_sc(store, sc: dict, now: int) -> str:
    ann = sc["metadata"].get("annotations") or {}
    default = "Yes" if c.is_default_class(sc) else "No"
    params = ",".join(f"{k}={v}" for k, v in sorted((sc.get("parameters") or {}).items())) or "<none>"
    text = (f"Name:\t{sc['metadata']['name']}\nIsDefaultClass:\t{default}\n"
            + _map_lines("Annotations", ann, "=")
            + f"Provisioner:\t{sc.get('provisioner', '')}\nParameters:\t{params}\n"
            + f"AllowVolumeExpansion:\t{'True' if sc.get('allowVolumeExpansion') else '<unset>'}\n"
            + f"MountOptions:\t{'<none>' if not sc.get('mountOptions') else ''}\n"
            + f"ReclaimPolicy:\t{sc.get('reclaimPolicy', 'Delete')}\n"
            + f"VolumeBindingMode:\t{sc.get('volumeBindingMode', 'Immediate')}\n")
    empty, table = _events(store, sc, now)
    return _align(text + empty) + table


def _endpoints(store, svc: dict, port: dict) -> str:
    """Ready endpoints as ``describe service`` lists them: the Pods the selector picks, at the target port
    (three shown, then ``+ N more...``)."""
    if svc["metadata"]["name"] == "kubernetes" and svc["metadata"].get("namespace") == "default":
        return "172.18.0.2:6443"  # the API server on the first control-plane node
    selector = (svc.get("spec") or {}).get("selector")
    if not selector:
        return "<none>"
    found = []
    for pod in store.list("Pod", svc["metadata"].get("namespace")):
        status = pod.get("status") or {}
        if status.get("phase") != "Running" or not c.selector_matches({"matchLabels": selector},
                                                                      pod["metadata"].get("labels")):
            continue
        target = port.get("targetPort", port.get("port"))
        if isinstance(target, str):  # a named port of the Pod's containers
            target = next((p.get("containerPort") for ct in pod["spec"].get("containers") or []
                           for p in ct.get("ports") or [] if p.get("name") == target), target)
        found.append(f"{status.get('podIP', '')}:{target}")
    if not found:
        return ""
    return ",".join(found[:3]) + (f" + {len(found) - 3} more..." if len(found) > 3 else "")


def describe_service(store, svc: dict, now: int) -> str:
    meta, spec = svc["metadata"], svc.get("spec") or {}
    selector = ",".join(f"{k}={v}" for k, v in sorted((spec.get("selector") or {}).items()))
    text = (f"Name:\t{meta['name']}\nNamespace:\t{meta.get('namespace', '')}\n"
            + _map_lines("Labels", meta.get("labels"), "=") + _map_lines("Annotations", meta.get("annotations"), ": ")
            + f"Selector:\t{selector or '<none>'}\nType:\t{spec.get('type', 'ClusterIP')}\n"
            + f"IP Family Policy:\t{spec.get('ipFamilyPolicy', 'SingleStack')}\n"
            + f"IP Families:\t{','.join(spec.get('ipFamilies') or []) or '<none>'}\n"
            + f"IP:\t{spec.get('clusterIP', '')}\nIPs:\t{','.join(spec.get('clusterIPs') or []) or '<none>'}\n")
    if spec.get("externalName"):
        text += f"External Name:\t{spec['externalName']}\n"
    for port in spec.get("ports") or []:
        name, proto = port.get("name") or "<unset>", port.get("protocol", "TCP")
        text += f"Port:\t{name}\t{port.get('port')}/{proto}\nTargetPort:\t{port.get('targetPort')}/{proto}\n"
        if port.get("nodePort"):
            text += f"NodePort:\t{name}\t{port['nodePort']}/{proto}\n"
        text += f"Endpoints:\t{_endpoints(store, svc, port)}\n"
    text += f"Session Affinity:\t{spec.get('sessionAffinity', 'None')}\n"
    if spec.get("externalTrafficPolicy"):
        text += f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n"
    if spec.get("internalTrafficPolicy"):
        text += f"Internal Traffic Policy:\t{spec['internalTrafficPolicy']}\n"
    empty, table = _events(store, svc, now)
    return _align(text + empty) + table


def describe_configmap(store, cm: dict, now: int) -> str:
    head = (f"Name:\t{cm['metadata']['name']}\nNamespace:\t{cm['metadata'].get('namespace', '')}\n"
            + _map_lines("Labels", cm["metadata"].get("labels"), "=")
            + _map_lines("Annotations", cm["metadata"].get("annotations"), ": "))
    data = "".join(f"{k}:\n----\n{v}\n" for k, v in sorted((cm.get("data") or {}).items()))
    binary = "".join(f"{k}: {len(base64.b64decode(v))} bytes\n" for k, v in sorted((cm.get("binaryData") or {}).items()))
    empty, table = _events(store, cm, now)
    return _align(head) + "\nData\n====\n" + data + "\nBinaryData\n====\n" + binary + "\n" + _align(empty) + table


def describe_secret(store, secret: dict, now: int) -> str:
    head = (f"Name:\t{secret['metadata']['name']}\nNamespace:\t{secret['metadata'].get('namespace', '')}\n"
            + _map_lines("Labels", secret["metadata"].get("labels"), "=")
            + _map_lines("Annotations", secret["metadata"].get("annotations"), ": "))
    data = "".join(f"{k}:\t{len(base64.b64decode(v))} bytes\n" for k, v in sorted((secret.get("data") or {}).items()))
    return _align(head) + "\n" + _align(f"Type:\t{secret.get('type', 'Opaque')}\n") + "\nData\n====\n" + _align(data)


DESCRIBERS = {"PersistentVolume": describe_pv, "PersistentVolumeClaim": describe_pvc, "StorageClass": describe_sc,
              "ConfigMap": describe_configmap, "Secret": describe_secret, "Service": describe_service}


def _go_time(stamp: str) -> str:
    """RFC 1123 with a numeric zone, as describe prints times (``Mon, 05 Jan 2026 09:00:03 +0000``)."""
    import datetime as dt

    when = dt.datetime.strptime(stamp[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=dt.timezone.utc)
    return when.strftime("%a, %d %b %Y %H:%M:%S +0000")


def _volume_lines(volume: dict) -> str:
    if volume.get("persistentVolumeClaim") is not None:
        ref = volume["persistentVolumeClaim"]
        return ("    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
                f"    ClaimName:\t{ref.get('claimName', '')}\n    ReadOnly:\t{'true' if ref.get('readOnly') else 'false'}\n")
    if volume.get("emptyDir") is not None:
        medium = (volume["emptyDir"] or {}).get("medium", "")
        limit = (volume["emptyDir"] or {}).get("sizeLimit", "<unset>")
        return ("    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
                f"    Medium:\t{medium}\n    SizeLimit:\t{limit}\n")
    if volume.get("hostPath") is not None:
        hp = volume["hostPath"]
        return ("    Type:\tHostPath (bare host directory volume)\n"
                f"    Path:\t{hp.get('path', '')}\n    HostPathType:\t{hp.get('type', '')}\n")
    if volume.get("configMap") is not None:
        return ("    Type:\tConfigMap (a volume populated by a ConfigMap)\n"
                f"    Name:\t{volume['configMap'].get('name', '')}\n"
                f"    Optional:\t{_go_bool(volume['configMap'].get('optional'), False)}\n")
    if volume.get("secret") is not None:
        return ("    Type:\tSecret (a volume populated by a Secret)\n"
                f"    SecretName:\t{volume['secret'].get('secretName', '')}\n"
                f"    Optional:\t{_go_bool(volume['secret'].get('optional'), False)}\n")
    if volume.get("downwardAPI") is not None:
        return ("    Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n"
                + "".join(f"      {(i.get('fieldRef') or {}).get('fieldPath', '')} -> {i.get('path', '')}\n"
                          for i in volume["downwardAPI"].get("items") or []))
    if volume.get("projected") is not None:
        return "    Type:\tProjected (a volume that contains injected data from multiple sources)\n" + "".join(
            _projected_source(s) for s in volume["projected"].get("sources") or [])
    if volume.get("ephemeral") is not None:
        template = volume["ephemeral"].get("volumeClaimTemplate") or {}
        meta, spec = template.get("metadata") or {}, template.get("spec") or {}
        labels = _map_lines("Labels", meta.get("labels"), "=") + _map_lines("Annotations", meta.get("annotations"), ": ")
        return ("    Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with "
                f"the pod)\n    StorageClass:\t{spec.get('storageClassName', '')}\n    Volume:\t\n"
                + "".join("    " + line + "\n" for line in labels.splitlines())
                + "    Capacity:\t\n    Access Modes:\t\n"
                + (f"    VolumeMode:\t{spec['volumeMode']}\n" if spec.get("volumeMode") else ""))
    return "    <unknown>\n"


def _volumes(volumes: list, space: str = "") -> str:
    """``describeVolumes``: a Pod's volumes, or (``space="  "``) a Pod template's, whose names sit a column deeper."""
    if not volumes:
        return f"{space}Volumes:\t<none>\n"
    indent = " " if space else ""
    return f"{space}Volumes:\n" + "".join(f"  {indent}{v.get('name')}:\n" + _volume_lines(v) for v in volumes)


def _go_bool(value, absent) -> str:
    """A ``*bool`` as Go's ``%v`` prints it: ``<nil>`` when unset, unless the describer fills in a default."""
    if value is None:
        return "<nil>" if absent is None else str(absent).lower()
    return "true" if value else "false"


def _projected_source(source: dict) -> str:
    if source.get("secret") is not None:
        return (f"    SecretName:\t{source['secret'].get('name', '')}\n"
                f"    SecretOptionalName:\t{_go_bool(source['secret'].get('optional'), None)}\n")
    if source.get("downwardAPI") is not None:
        return "    DownwardAPI:\ttrue\n"
    if source.get("configMap") is not None:
        return (f"    ConfigMapName:\t{source['configMap'].get('name', '')}\n"
                f"    ConfigMapOptional:\t{_go_bool(source['configMap'].get('optional'), None)}\n")
    if source.get("serviceAccountToken") is not None:
        return f"    TokenExpirationSeconds:\t{source['serviceAccountToken'].get('expirationSeconds', 3600)}\n"
    return ""


def _state_lines(title: str, state: dict) -> str:
    """A container state as ``describe pod`` prints it (``describeContainerState``)."""
    if "running" in state:
        return f"    {title}:\tRunning\n      Started:\t{_go_time(state['running']['startedAt'])}\n"
    if "terminated" in state:
        ended = state["terminated"]
        text = f"    {title}:\tTerminated\n      Reason:\t{ended.get('reason', '')}\n"
        if ended.get("message"):
            text += f"      Message:\t{ended['message']}\n"
        return text + (f"      Exit Code:\t{ended.get('exitCode', 0)}\n      Started:\t{_go_time(ended['startedAt'])}\n"
                       f"      Finished:\t{_go_time(ended['finishedAt'])}\n")
    reason = (state.get("waiting") or {}).get("reason", "")
    return f"    {title}:\tWaiting\n" + (f"      Reason:\t{reason}\n" if reason else "")


def describe_pod(store, pod: dict, now: int) -> str:
    meta, spec, status = pod["metadata"], pod["spec"], pod.get("status") or {}
    node = spec.get("nodeName")
    text = (f"Name:\t{meta['name']}\nNamespace:\t{meta.get('namespace', '')}\nPriority:\t0\n"
            f"Service Account:\t{spec.get('serviceAccountName', 'default')}\n"
            f"Node:\t{node + '/' + status.get('hostIP', '') if node else '<none>'}\n")
    if status.get("startTime"):
        text += f"Start Time:\t{_go_time(status['startTime'])}\n"
    text += (_map_lines("Labels", meta.get("labels"), "=") + _map_lines("Annotations", meta.get("annotations"), ": ")
             + f"Status:\t{_status(pod)}\nIP:\t{status.get('podIP', '')}\n")
    text += f"IPs:\n  IP:\t{status['podIP']}\n" if status.get("podIP") else "IPs:\t<none>\n"
    statuses = {cs["name"]: cs for cs in status.get("containerStatuses") or []}
    text += "Containers:\n"
    for ct in spec.get("containers") or []:
        cs = statuses.get(ct["name"], {})
        text += (f"  {ct['name']}:\n    Container ID:\t{cs.get('containerID', '')}\n    Image:\t{ct.get('image', '')}\n"
                 f"    Image ID:\t{cs.get('imageID', '')}\n" + containers.ports(ct) + containers.command(ct))
        text += _state_lines("State", cs.get("state") or {})
        if (cs.get("lastState") or {}).get("terminated"):
            text += _state_lines("Last State", cs["lastState"])
        text += (f"    Ready:\t{'True' if cs.get('ready') else 'False'}\n    Restart Count:\t{cs.get('restartCount', 0)}\n"
                 + containers.details(ct))
    conditions = status.get("conditions") or []
    if conditions:
        text += "Conditions:\n  Type\tStatus\n" + "".join(f"  {cond['type']} \t{cond['status']} \n" for cond in conditions)
    text += _volumes(spec.get("volumes") or [])
    text += (f"QoS Class:\t{status.get('qosClass', 'BestEffort')}\nNode-Selectors:\t<none>\n"
             "Tolerations:\tnode.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n"
             "\tnode.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n")
    empty, table = _events(store, pod, now)
    return _align(text + empty) + table


DESCRIBERS["Pod"] = describe_pod
