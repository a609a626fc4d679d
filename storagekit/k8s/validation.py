"""The API server's checks on storage objects (``pkg/apis/core/validation``, ``pkg/apis/storage/validation``).

Each rule gives a :class:`FieldError` with the real field path and wording, so
``kubectl apply`` can answer ``The PersistentVolumeClaim "x" is invalid:
spec.accessModes: Required value: at least 1 access mode is required``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from storagekit.k8s.quantity import QuantityError, parse

ACCESS_MODES = ("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod")
RECLAIM_POLICIES = ("Delete", "Recycle", "Retain")
VOLUME_MODES = ("Block", "Filesystem")
BINDING_MODES = ("Immediate", "WaitForFirstConsumer")
VOLUME_SOURCES = ("awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "csi", "fc", "flexVolume",
                  "flocker", "gcePersistentDisk", "glusterfs", "hostPath", "iscsi", "local", "nfs",
                  "photonPersistentDisk", "portworxVolume", "quobyte", "rbd", "scaleIO", "storageos",
                  "vsphereVolume")
DNS1123_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
SUBDOMAIN_MESSAGE = ("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                     "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
                     "validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")


@dataclass(frozen=True)
class FieldError:
    """apimachinery's ``field.Error``: a path, a kind of problem, the bad value and a detail."""

    field: str
    kind: str
    value: object = None
    detail: str = ""
    supported: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.kind == "Required":
            body = "Required value"
        elif self.kind == "Forbidden":
            body = "Forbidden"
        elif self.kind == "NotFound":
            body = f"Not found: {_show(self.value)}"
        elif self.kind == "Duplicate":
            body = f"Duplicate value: {_show(self.value)}"
        elif self.kind == "NotSupported":
            supported = ", ".join(f'"{s}"' for s in self.supported)
            body = f"Unsupported value: {_show(self.value)}: supported values: {supported}"
        else:
            body = f"Invalid value: {_show(self.value)}"
        return f"{self.field}: {body}" + (f": {self.detail}" if self.detail else "")


class GoValue(str):
    """A value the API shows as Go prints it (``map[string]string{...}``), not as a quoted string."""


def _show(value: object) -> str:
    """How the error quotes a value: strings as Go's %q, numbers plain, anything else as JSON."""
    if isinstance(value, GoValue):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, separators=(",", ":"))


def check_name(name: str, path: str = "metadata.name") -> list[FieldError]:
    if not name:
        return [FieldError(path, "Required", detail="name or generateName is required")]
    if len(name) > 253 or not DNS1123_SUBDOMAIN.fullmatch(name):
        return [FieldError(path, "Invalid", name, SUBDOMAIN_MESSAGE)]
    return []


def check_label_name(name: str) -> list[FieldError]:
    """``NameIsDNSLabel``, for the names that become a DNS label or a hostname (a Namespace, a StatefulSet's Pods):
    each rule broken is its own error."""
    if not name:
        return [FieldError("metadata.name", "Required", detail="name or generateName is required")]
    errs = []
    if len(name) > 63:
        errs.append(FieldError("metadata.name", "Invalid", name, "must be no more than 63 characters"))
    if not DNS1123_LABEL.fullmatch(name):
        errs.append(FieldError("metadata.name", "Invalid", name, LABEL_MESSAGE))
    return errs


def _access_modes(modes: list, path: str, required_detail: str) -> list[FieldError]:
    if not modes:
        return [FieldError(path, "Required", detail=required_detail)]
    errs = [FieldError(path, "NotSupported", m, supported=ACCESS_MODES) for m in modes if m not in ACCESS_MODES]
    if "ReadWriteOncePod" in modes and len(modes) > 1:
        errs.append(FieldError(path, "Forbidden", detail="may not use ReadWriteOncePod with other access modes"))
    return errs


def _positive_storage(value, path: str) -> list[FieldError]:
    try:
        q = parse(str(value))
    except QuantityError as exc:
        return [FieldError(path, "Invalid", str(value), str(exc))]
    if q.value <= 0:
        return [FieldError(path, "Invalid", str(value), "must be greater than zero")]
    return []


def _class_name(spec: dict, path: str) -> list[FieldError]:
    name = spec.get("storageClassName")
    if name and not DNS1123_SUBDOMAIN.fullmatch(name):
        return [FieldError(path, "Invalid", name, SUBDOMAIN_MESSAGE)]
    return []


def _volume_mode(spec: dict, path: str) -> list[FieldError]:
    mode = spec.get("volumeMode")
    if mode is not None and mode not in VOLUME_MODES:
        return [FieldError(path, "NotSupported", mode, supported=VOLUME_MODES)]
    return []


def validate_pvc(obj: dict) -> list[FieldError]:
    spec = obj.get("spec") or {}
    errs = check_name(obj["metadata"].get("name", ""))
    errs += _access_modes(spec.get("accessModes") or [], "spec.accessModes", "at least 1 access mode is required")
    requests = (spec.get("resources") or {}).get("requests") or {}
    if "storage" not in requests:
        errs.append(FieldError("spec.resources[storage]", "Required"))
    else:
        errs += _positive_storage(requests["storage"], "spec.resources[storage]")
    errs += _class_name(spec, "spec.storageClassName")
    errs += _volume_mode(spec, "spec.volumeMode")
    return errs


def validate_pv(obj: dict) -> list[FieldError]:
    spec = obj.get("spec") or {}
    errs = check_name(obj["metadata"].get("name", ""))
    errs += _access_modes(spec.get("accessModes") or [], "spec.accessModes", "")
    capacity = spec.get("capacity") or {}
    if not capacity:
        errs.append(FieldError("spec.capacity", "Required"))
    for key in capacity:
        if key != "storage":
            errs.append(FieldError("spec.capacity", "NotSupported", key, supported=("storage",)))
    if "storage" in capacity:
        errs += _positive_storage(capacity["storage"], "spec.capacity[storage]")
    sources = [s for s in VOLUME_SOURCES if s in spec]
    if not sources:
        errs.append(FieldError("spec", "Required", detail="must specify a volume type"))
    for extra in sources[1:]:
        errs.append(FieldError(f"spec.{extra}", "Forbidden", detail="may not specify more than 1 volume type"))
    if "hostPath" in spec:
        errs += _host_path(spec["hostPath"] or {}, "spec.hostPath")
    if "local" in spec and not spec.get("nodeAffinity"):
        errs.append(FieldError("spec.nodeAffinity", "Required", detail="Local volume requires node affinity"))
    policy = spec.get("persistentVolumeReclaimPolicy")
    if policy is not None and policy not in RECLAIM_POLICIES:
        errs.append(FieldError("spec.persistentVolumeReclaimPolicy", "NotSupported", policy,
                               supported=RECLAIM_POLICIES))
    errs += _class_name(spec, "spec.storageClassName")
    errs += _volume_mode(spec, "spec.volumeMode")
    return errs


def validate_storage_class(obj: dict) -> list[FieldError]:
    errs = check_name(obj["metadata"].get("name", ""))
    if not obj.get("provisioner"):
        errs.append(FieldError("provisioner", "Required"))
    policy = obj.get("reclaimPolicy")
    if policy is not None and policy not in ("Delete", "Retain"):
        errs.append(FieldError("reclaimPolicy", "NotSupported", policy, supported=("Delete", "Retain")))
    mode = obj.get("volumeBindingMode")
    if mode is not None and mode not in BINDING_MODES:
        errs.append(FieldError("volumeBindingMode", "NotSupported", mode, supported=BINDING_MODES))
    return errs


def validate_pod(obj: dict) -> list[FieldError]:
    spec = obj.get("spec") or {}
    errs = check_name(obj["metadata"].get("name", ""))
    containers = spec.get("containers") or []
    if not containers:
        errs.append(FieldError("spec.containers", "Required"))
    for i, ct in enumerate(containers):
        if not ct.get("name"):
            errs.append(FieldError(f"spec.containers[{i}].name", "Required"))
        if not ct.get("image"):
            errs.append(FieldError(f"spec.containers[{i}].image", "Required"))
        for j, port in enumerate(ct.get("ports") or []):
            number = port.get("containerPort") if isinstance(port, dict) else None
            where = f"spec.containers[{i}].ports[{j}].containerPort"
            if not number:
                errs.append(FieldError(where, "Required"))
            elif isinstance(number, int) and not 1 <= number <= 65535:
                errs.append(FieldError(where, "Invalid", number, "must be between 1 and 65535, inclusive"))
    errs += _pod_volumes(spec.get("volumes") or [])
    names = {v.get("name") for v in spec.get("volumes") or []}
    for i, ct in enumerate(containers):
        errs += _mount_paths(ct, i, names)
    return errs + security_context(spec, "spec")


ID_RANGE = "must be between 0 and 2147483647, inclusive"
FS_GROUP_CHANGE_POLICIES = ("Always", "OnRootMismatch")
SUPPLEMENTAL_GROUPS_POLICIES = ("Merge", "Strict")


def _out_of_range(value) -> bool:
    """Not what ``IsValidUserID`` / ``IsValidGroupID`` allow: a uid or gid is between 0 and MaxInt32."""
    return isinstance(value, int) and not 0 <= value <= 2**31 - 1


def security_context(spec: dict, path: str) -> list[FieldError]:
    """Each container's ``securityContext`` (``ValidateSecurityContext``), then the Pod's
    (``validatePodSpecSecurityContext``): ids in range, each policy one of its values."""
    errs = []
    for i, ct in enumerate(spec.get("containers") or []):
        own = ct.get("securityContext") or {}
        errs += [FieldError(f"{path}.containers[{i}].securityContext.{f}", "Invalid", own[f], ID_RANGE)
                 for f in ("runAsUser", "runAsGroup") if _out_of_range(own.get(f))]
    context, at = spec.get("securityContext") or {}, f"{path}.securityContext"
    errs += [FieldError(f"{at}.{f}", "Invalid", context[f], ID_RANGE) for f in ("fsGroup", "runAsUser", "runAsGroup")
             if _out_of_range(context.get(f))]
    errs += [FieldError(f"{at}.supplementalGroups[{i}]", "Invalid", gid, ID_RANGE)
             for i, gid in enumerate(context.get("supplementalGroups") or []) if _out_of_range(gid)]
    for field, supported in (("fsGroupChangePolicy", FS_GROUP_CHANGE_POLICIES),
                             ("supplementalGroupsPolicy", SUPPLEMENTAL_GROUPS_POLICIES)):
        if context.get(field) is not None and context[field] not in supported:
            errs.append(FieldError(f"{at}.{field}", "NotSupported", context[field], supported=supported))
    return errs


POD_VOLUME_SOURCES = ("awsElasticBlockStore", "azureDisk", "azureFile", "cephfs", "cinder", "configMap", "csi",
                      "downwardAPI", "emptyDir", "ephemeral", "fc", "flexVolume", "flocker", "gcePersistentDisk",
                      "gitRepo", "glusterfs", "hostPath", "image", "iscsi", "nfs", "persistentVolumeClaim",
                      "photonPersistentDisk", "portworxVolume", "projected", "quobyte", "rbd", "scaleIO", "secret",
                      "storageos", "vsphereVolume")
DNS1123_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
LABEL_MESSAGE = ("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start "
                 "and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
                 "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')")
CONFIG_KEY = re.compile(r"[-._a-zA-Z0-9]+")
CONFIG_KEY_MESSAGE = ("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  "
                      "or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")


def _pod_volumes(volumes: list) -> list[FieldError]:
    """``validateVolumes``: a unique DNS label name and exactly one source, with the source's own required fields."""
    errs, seen = [], set()
    for i, v in enumerate(volumes):
        path, name = f"spec.volumes[{i}]", v.get("name", "")
        if not name:
            errs.append(FieldError(f"{path}.name", "Required"))
        elif len(name) > 63 or not DNS1123_LABEL.fullmatch(name):
            errs.append(FieldError(f"{path}.name", "Invalid", name, LABEL_MESSAGE))
        elif name in seen:
            errs.append(FieldError(f"{path}.name", "Duplicate", name))
        seen.add(name)
        sources = [s for s in POD_VOLUME_SOURCES if v.get(s) is not None]
        if not sources:
            errs.append(FieldError(path, "Required", detail="must specify a volume type"))
        for extra in sources[1:]:
            errs.append(FieldError(f"{path}.{extra}", "Forbidden", detail="may not specify more than 1 volume type"))
        if "configMap" in sources and not (v["configMap"] or {}).get("name"):
            errs.append(FieldError(f"{path}.configMap.name", "Required"))
        if "secret" in sources and not (v["secret"] or {}).get("secretName"):
            errs.append(FieldError(f"{path}.secret.secretName", "Required"))
        if "hostPath" in sources:
            errs += _host_path(v["hostPath"] or {}, f"{path}.hostPath")
        if "persistentVolumeClaim" in sources and not (v["persistentVolumeClaim"] or {}).get("claimName"):
            errs.append(FieldError(f"{path}.persistentVolumeClaim.claimName", "Required"))
        if "ephemeral" in sources:
            template = (v["ephemeral"] or {}).get("volumeClaimTemplate")
            if not template:
                errs.append(FieldError(f"{path}.ephemeral.volumeClaimTemplate", "Required"))
            else:
                body = {"kind": "PersistentVolumeClaim", "metadata": {"name": "x"}, "spec": template.get("spec") or {}}
                errs += [FieldError(f"{path}.ephemeral.volumeClaimTemplate.{e.field}", e.kind, e.value, e.detail,
                                    e.supported) for e in validate_pvc(body)]
    return errs


HOST_PATH_TYPES = ("", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket")


def _host_path(source: dict, path: str) -> list[FieldError]:
    errs = [] if source.get("path") else [FieldError(f"{path}.path", "Required")]
    kind = source.get("type")
    if kind is not None and kind not in HOST_PATH_TYPES:
        errs.append(FieldError(f"{path}.type", "NotSupported", kind, supported=HOST_PATH_TYPES))
    return errs


def _mount_paths(ct: dict, i: int, names: set) -> list[FieldError]:
    errs = []
    for j, m in enumerate(ct.get("volumeMounts") or []):
        path = f"spec.containers[{i}].volumeMounts[{j}]"
        if m.get("name") not in names:
            errs.append(FieldError(f"{path}.name", "NotFound", m.get("name")))
        if not m.get("mountPath"):
            errs.append(FieldError(f"{path}.mountPath", "Required"))
        sub = m.get("subPath") or ""
        if sub.startswith("/"):
            errs.append(FieldError(f"{path}.subPath", "Invalid", sub, "must be a relative path"))
        elif ".." in sub.split("/"):
            errs.append(FieldError(f"{path}.subPath", "Invalid", sub, "must not contain '..'"))
    return errs


def _config_keys(obj: dict) -> list[FieldError]:
    """ConfigMap and Secret keys (``IsConfigMapKey``), under ``data`` and ``binaryData``."""
    errs = []
    for field in ("data", "binaryData"):
        for key in obj.get(field) or {}:
            if len(key) > 253 or not CONFIG_KEY.fullmatch(key):
                errs.append(FieldError(f"{field}[{key}]", "Invalid", key, CONFIG_KEY_MESSAGE))
            elif key in (".", ".."):
                errs.append(FieldError(f"{field}[{key}]", "Invalid", key, f"must not be '{key}'"))
            elif key.startswith(".."):
                errs.append(FieldError(f"{field}[{key}]", "Invalid", key, "must not start with '..'"))
    return errs


def validate_config(obj: dict) -> list[FieldError]:
    return check_name(obj["metadata"].get("name", "")) + _config_keys(obj)


DNS1035_LABEL = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")
SERVICE_TYPES = ("ClusterIP", "ExternalName", "LoadBalancer", "NodePort")


def validate_service(obj: dict) -> list[FieldError]:
    """What a Service needs for the workloads here: a DNS-1035 name, a known type, ports unless headless."""
    spec = obj.get("spec") or {}
    name = obj["metadata"].get("name", "")
    errs = check_name(name)
    if not errs and (len(name) > 63 or not DNS1035_LABEL.fullmatch(name)):
        errs.append(FieldError("metadata.name", "Invalid", name, "a DNS-1035 label must consist of lower case "
                               "alphanumeric characters or '-', start with an alphabetic character, and end with an "
                               "alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is "
                               "'[a-z]([-a-z0-9]*[a-z0-9])?')"))
    kind = spec.get("type", "ClusterIP")
    if kind not in SERVICE_TYPES:
        errs.append(FieldError("spec.type", "NotSupported", kind, supported=SERVICE_TYPES))
    ports = spec.get("ports") or []
    if not ports and spec.get("clusterIP") != "None" and kind != "ExternalName":
        errs.append(FieldError("spec.ports", "Required"))
    for i, port in enumerate(ports):
        number = port.get("port") if isinstance(port, dict) else None
        if not isinstance(number, int) or not 1 <= number <= 65535:
            errs.append(FieldError(f"spec.ports[{i}].port", "Invalid", number,
                                   "must be between 1 and 65535, inclusive"))
    return errs


RETENTION_POLICIES = ("Retain", "Delete")
"""What a StatefulSet's ``persistentVolumeClaimRetentionPolicy`` fields accept, in the order the API lists them."""


def validate_statefulset(obj: dict) -> list[FieldError]:
    spec = obj.get("spec") or {}
    name = obj["metadata"].get("name", "")
    errs = check_label_name(name) if obj.get("kind") == "StatefulSet" else check_name(name)
    policy = spec.get("persistentVolumeClaimRetentionPolicy") or {}
    for when in ("whenDeleted", "whenScaled"):
        if policy.get(when) and policy[when] not in RETENTION_POLICIES:  # unset is defaulted to Retain
            errs.append(FieldError(f"spec.persistentVolumeClaimRetentionPolicy.{when}", "NotSupported",
                                   policy.get(when), supported=RETENTION_POLICIES))
    selector = (spec.get("selector") or {}).get("matchLabels") or {}
    if not spec.get("selector"):
        errs.append(FieldError("spec.selector", "Required"))
    labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels") or {}
    if selector and any(labels.get(k) != v for k, v in selector.items()):
        shown = "map[string]string{" + ", ".join(f'"{k}":"{v}"' for k, v in sorted(labels.items())) + "}"
        errs.append(FieldError("spec.template.metadata.labels", "Invalid", GoValue(shown),
                               "`selector` does not match template `labels`"))
    if (spec.get("replicas") or 0) < 0:
        errs.append(FieldError("spec.replicas", "Invalid", spec["replicas"], "must be greater than or equal to 0"))
    errs += security_context((spec.get("template") or {}).get("spec") or {}, "spec.template.spec")
    for i, tpl in enumerate(spec.get("volumeClaimTemplates") or []):
        body = {"kind": "PersistentVolumeClaim", "metadata": {"name": (tpl.get("metadata") or {}).get("name", "")},
                "spec": tpl.get("spec") or {}}
        errs += [FieldError(f"spec.volumeClaimTemplates[{i}].{e.field}", e.kind, e.value, e.detail, e.supported)
                 for e in validate_pvc(body)]
    return errs


def validate_job(obj: dict) -> list[FieldError]:
    """A Job's Pods must end: their restartPolicy is OnFailure or Never."""
    spec = obj.get("spec") or {}
    errs = check_name(obj["metadata"].get("name", ""))
    template = spec.get("template") or {}
    if not (template.get("spec") or {}).get("containers"):
        errs.append(FieldError("spec.template.spec.containers", "Required"))
    if (template.get("spec") or {}).get("restartPolicy") not in ("OnFailure", "Never"):
        errs.append(FieldError("spec.template.spec.restartPolicy", "Required",
                               detail='valid values: "OnFailure", "Never"'))
    for key in ("completions", "parallelism", "backoffLimit"):
        if isinstance(spec.get(key), int) and spec[key] < 0:
            errs.append(FieldError(f"spec.{key}", "Invalid", spec[key], "must be greater than or equal to 0"))
    return errs + security_context(template.get("spec") or {}, "spec.template.spec")


def validate_deployment(obj: dict) -> list[FieldError]:
    """Deployments and ReplicaSets share the StatefulSet's selector rules, and their template must be a valid Pod
    that restarts Always (``ValidatePodTemplateSpecForReplicaSet``; a StatefulSet's template is not checked so: its
    controller finds out when it creates the Pod)."""
    spec = dict(obj.get("spec") or {}, volumeClaimTemplates=[])
    errs = validate_statefulset(dict(obj, spec=spec))
    template_spec = (spec.get("template") or {}).get("spec") or {}
    pod = {"kind": "Pod", "metadata": {"name": "template"}, "spec": template_spec}
    checked = security_context(template_spec, "spec")  # already said, under spec.template.spec
    errs += [FieldError("spec.template." + e.field, e.kind, e.value, e.detail, e.supported)
             for e in validate_pod(pod) if e not in checked]
    policy = template_spec.get("restartPolicy")
    if policy not in (None, "Always"):
        errs.append(FieldError("spec.template.spec.restartPolicy", "NotSupported", policy, supported=("Always",)))
    return errs


VALIDATORS = {"Deployment": validate_deployment, "ReplicaSet": validate_deployment,
              "StatefulSet": validate_statefulset, "Pod": validate_pod, "PersistentVolumeClaim": validate_pvc,
              "PersistentVolume": validate_pv,
              "StorageClass": validate_storage_class, "ConfigMap": validate_config, "Secret": validate_config,
              "Service": validate_service, "Job": validate_job,
              "Namespace": lambda obj: check_label_name(obj["metadata"].get("name", ""))}


def validate(obj: dict) -> list[FieldError]:
    """The errors that refuse ``obj`` on create (kinds without storage rules only need a valid name)."""
    check = VALIDATORS.get(obj.get("kind", ""))
    return check(obj) if check else check_name((obj.get("metadata") or {}).get("name", ""))


def validate_update(old: dict, new: dict) -> list[FieldError]:
    """What may not change once an object exists."""
    kind = new.get("kind")
    errs = validate(new)
    if kind == "PersistentVolumeClaim":
        errs += _pvc_update(old, new)
    elif kind == "PersistentVolume":
        old_src = {k: v for k, v in old["spec"].items() if k in VOLUME_SOURCES}
        new_src = {k: v for k, v in new["spec"].items() if k in VOLUME_SOURCES}
        if old_src != new_src:
            errs.append(FieldError("spec.persistentvolumesource", "Forbidden",
                                   detail="spec.persistentvolumesource is immutable after creation"))
        if old["spec"].get("volumeMode") != new["spec"].get("volumeMode"):
            errs.append(FieldError("spec.volumeMode", "Invalid", new["spec"].get("volumeMode"), "field is immutable"))
    elif kind == "StatefulSet":
        allowed = ("replicas", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds",
                   "ordinals", "revisionHistoryLimit")
        o = {k: v for k, v in old["spec"].items() if k not in allowed}
        n = {k: v for k, v in new["spec"].items() if k not in allowed}
        if o != n:
            errs.append(FieldError("spec", "Forbidden", detail="updates to statefulset spec for fields other than "
                                   "'replicas', 'ordinals', 'template', 'updateStrategy', "
                                   "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"))
    elif kind in ("ConfigMap", "Secret"):
        if old.get("immutable"):
            for key in ("data", "binaryData", "immutable"):
                if old.get(key) != new.get(key):
                    errs.append(FieldError(key, "Forbidden", detail="field is immutable when `immutable` is set"))
        if kind == "Secret" and old.get("type") != new.get("type"):
            errs.append(FieldError("type", "Invalid", new.get("type"), "field is immutable"))
    elif kind == "StorageClass":
        for key in ("parameters", "provisioner", "reclaimPolicy"):
            if old.get(key) != new.get(key):
                errs.append(FieldError(key, "Forbidden", detail=f"updates to {key} are forbidden."))
        if old.get("volumeBindingMode") != new.get("volumeBindingMode"):
            errs.append(FieldError("volumeBindingMode", "Invalid", new.get("volumeBindingMode"), "field is immutable"))
    return errs


def _pvc_update(old: dict, new: dict) -> list[FieldError]:
    """``spec`` is immutable but for a first volumeName, a first class, and growing a bound claim's request."""
    o, n = dict(old["spec"]), dict(new["spec"])
    errs = []
    if not o.get("volumeName") and "volumeName" in n:
        o["volumeName"] = n["volumeName"]
    if o.get("storageClassName") is None and "storageClassName" in n:
        o["storageClassName"] = n["storageClassName"]
    old_req = ((o.get("resources") or {}).get("requests") or {}).get("storage")
    new_req = ((n.get("resources") or {}).get("requests") or {}).get("storage")
    bound = (old.get("status") or {}).get("phase") == "Bound"
    if bound and old_req != new_req:
        o["resources"] = n.get("resources")
        try:
            if parse(str(new_req)) < parse(str(old_req)):
                errs.append(FieldError("spec.resources.requests.storage", "Forbidden",
                                       detail="field can not be less than previous value"))
        except QuantityError:
            pass
    if o.get("volumeMode") != n.get("volumeMode"):
        errs.append(FieldError("spec.volumeMode", "Invalid", n.get("volumeMode"), "field is immutable"))
        o["volumeMode"] = n.get("volumeMode")
    if o != n:
        errs.append(FieldError("spec", "Forbidden", detail="spec is immutable after creation except "
                               "resources.requests and volumeAttributesClassName for bound claims"))
    return errs
