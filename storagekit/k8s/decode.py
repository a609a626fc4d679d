"""Decoding a request body into an object, as the API server's JSON decoder refuses wrong types.

A field of the wrong JSON type fails the request before defaulting and
validation, in Go's words: ``json: cannot unmarshal string into Go struct
field PersistentVolumeClaimSpec.spec.accessModes of type
[]v1.PersistentVolumeAccessMode``. ``null`` is accepted anywhere (Go leaves
the zero value).
"""

from __future__ import annotations

import json

from storagekit.k8s.validation import VOLUME_SOURCES

OBJECT, ARRAY, STRING, NUMBER = "object", "array", "string", "number"
META = {"metadata": (OBJECT, "v1.ObjectMeta"), "metadata.name": (STRING, "string"),
        "metadata.namespace": (STRING, "string"), "metadata.labels": (OBJECT, "map[string]string"),
        "metadata.annotations": (OBJECT, "map[string]string")}
SCHEMAS = {
    "PersistentVolumeClaim": {
        "spec": (OBJECT, "v1.PersistentVolumeClaimSpec"),
        "spec.accessModes": (ARRAY, "[]v1.PersistentVolumeAccessMode"),
        "spec.resources": (OBJECT, "v1.VolumeResourceRequirements"),
        "spec.resources.requests": (OBJECT, "v1.ResourceList"),
        "spec.storageClassName": (STRING, "string"), "spec.volumeName": (STRING, "string"),
        "spec.volumeMode": (STRING, "v1.PersistentVolumeMode"), "spec.selector": (OBJECT, "v1.LabelSelector"),
    },
    "PersistentVolume": {
        "spec": (OBJECT, "v1.PersistentVolumeSpec"),
        "spec.accessModes": (ARRAY, "[]v1.PersistentVolumeAccessMode"),
        "spec.capacity": (OBJECT, "v1.ResourceList"), "spec.storageClassName": (STRING, "string"),
        "spec.persistentVolumeReclaimPolicy": (STRING, "v1.PersistentVolumeReclaimPolicy"),
        "spec.hostPath": (OBJECT, "v1.HostPathVolumeSource"), "spec.hostPath.path": (STRING, "string"),
        "spec.claimRef": (OBJECT, "v1.ObjectReference"), "spec.volumeMode": (STRING, "v1.PersistentVolumeMode"),
        "spec.nodeAffinity": (OBJECT, "v1.VolumeNodeAffinity"),
    },
    "StorageClass": {"provisioner": (STRING, "string"), "parameters": (OBJECT, "map[string]string"),
                     "reclaimPolicy": (STRING, "v1.PersistentVolumeReclaimPolicy"),
                     "volumeBindingMode": (STRING, "v1.VolumeBindingMode"),
                     "allowVolumeExpansion": ("bool", "bool"), "mountOptions": (ARRAY, "[]string")},
    "ConfigMap": {"data": (OBJECT, "map[string]string"), "binaryData": (OBJECT, "map[string][]uint8"),
                  "immutable": ("bool", "bool")},
    "Secret": {"data": (OBJECT, "map[string][]uint8"), "stringData": (OBJECT, "map[string]string"),
               "type": (STRING, "v1.SecretType"), "immutable": ("bool", "bool")},
    "Pod": {"spec": (OBJECT, "v1.PodSpec"), "spec.containers": (ARRAY, "[]v1.Container"),
            "spec.volumes": (ARRAY, "[]v1.Volume"), "spec.nodeName": (STRING, "string")},
    **{kind: {"spec": (OBJECT, f"v1.{kind}Spec"), "spec.replicas": (NUMBER, "int32"),
              "spec.selector": (OBJECT, "v1.LabelSelector"), "spec.template": (OBJECT, "v1.PodTemplateSpec"),
              **({"spec.volumeClaimTemplates": (ARRAY, "[]v1.PersistentVolumeClaim")} if kind == "StatefulSet" else {})}
       for kind in ("Deployment", "ReplicaSet", "StatefulSet")},
    "Job": {"spec": (OBJECT, "v1.JobSpec"), "spec.template": (OBJECT, "v1.PodTemplateSpec")},
    "Service": {"spec": (OBJECT, "v1.ServiceSpec"), "spec.ports": (ARRAY, "[]v1.ServicePort"),
                "spec.selector": (OBJECT, "map[string]string")},
    "Node": {"spec": (OBJECT, "v1.NodeSpec"), "status": (OBJECT, "v1.NodeStatus"),
             "spec.unschedulable": ("bool", "bool")},
    "Namespace": {"spec": (OBJECT, "v1.NamespaceSpec"), "status": (OBJECT, "v1.NamespaceStatus")},
}
STRUCTS = {"PersistentVolumeClaim": "PersistentVolumeClaimSpec", "PersistentVolume": "PersistentVolumeSpec",
           "Pod": "PodSpec", "StorageClass": "StorageClass", "Deployment": "DeploymentSpec",
           "ReplicaSet": "ReplicaSetSpec", "StatefulSet": "StatefulSetSpec", "Job": "JobSpec", "Service": "ServiceSpec",
           "Node": "NodeSpec", "Namespace": "NamespaceSpec"}


def _json_type(value) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, dict):
        return OBJECT
    if isinstance(value, list):
        return ARRAY
    if isinstance(value, str):
        return STRING
    return NUMBER


CONTAINER_FIELDS = {"name": STRING, "image": STRING, "command": ARRAY, "args": ARRAY, "workingDir": STRING,
                    "volumeMounts": ARRAY, "env": ARRAY}


SECURITY_FIELDS = {"runAsUser": (NUMBER, "int64"), "runAsGroup": (NUMBER, "int64"), "runAsNonRoot": ("bool", "bool"),
                   "fsGroup": (NUMBER, "int64"), "supplementalGroups": (ARRAY, "[]int64"),
                   "fsGroupChangePolicy": (STRING, "v1.PodFSGroupChangePolicy"),
                   "supplementalGroupsPolicy": (STRING, "v1.SupplementalGroupsPolicy")}
"""The securityContext fields the simulator acts on, with their JSON and Go types; a container's own
securityContext has the first three."""


def _security_context_error(context, owner: str, struct: str, path: str, fields: tuple[str, ...]) -> str:
    """Go's complaint about a securityContext, or one of its ``fields``, of the wrong type (an id must be a whole
    number: ``number 1.5``), in the order the decoder meets them; the field is named after its own struct."""
    if not isinstance(context, dict):
        return (f"json: cannot unmarshal {_json_type(context)} into Go struct field {owner}.{path} "
                f"of type v1.{struct}")
    for field in [f for f in context if f in fields and context[f] is not None]:
        expected, go = SECURITY_FIELDS[field]
        value = context[field]
        items = [(v, NUMBER, "int64") for v in value] if expected == ARRAY and isinstance(value, list) else []
        for item, want, go_type in [(value, expected, go), *items]:
            where = f"Go struct field {struct}.{path}.{field} of type {go_type}"
            if _json_type(item) != want:
                return f"json: cannot unmarshal {_json_type(item)} into {where}"
            if want == NUMBER and not float(item).is_integer():
                return f"json: cannot unmarshal number {item} into {where}"
    return ""


def _pod_spec_error(obj: dict) -> str:
    """Go's complaint about the Pod's (or template's) containers or securityContext, whichever the decoder meets
    first."""
    spec, prefix = obj.get("spec"), "spec"
    if obj.get("kind") != "Pod":
        template = spec.get("template") if isinstance(spec, dict) else None
        spec, prefix = template.get("spec") if isinstance(template, dict) else None, "spec.template.spec"
    for key, value in spec.items() if isinstance(spec, dict) else []:
        problem = ""
        if key == "containers":
            problem = _container_error(value, prefix)
        elif key == "securityContext" and value is not None:
            problem = _security_context_error(value, "PodSpec", "PodSecurityContext", f"{prefix}.securityContext",
                                              tuple(SECURITY_FIELDS))
        if problem:
            return problem
    return ""


def _container_error(containers, prefix: str) -> str:
    """Go's complaint about a container field of the wrong type (the path names no index, as Go's does)."""
    for ct in containers if isinstance(containers, list) else []:  # not a list: the field's own check says so
        if not isinstance(ct, dict):
            return (f"json: cannot unmarshal {_json_type(ct)} into Go struct field PodSpec.{prefix}.containers "
                    "of type v1.Container")
        for field, expected in CONTAINER_FIELDS.items():
            value = ct.get(field)
            if value is None:
                continue
            if _json_type(value) != expected:
                go = {"command": "[]string", "args": "[]string", "volumeMounts": "[]v1.VolumeMount",
                      "env": "[]v1.EnvVar"}.get(field, "string")
                return (f"json: cannot unmarshal {_json_type(value)} into Go struct field "
                        f"Container.{prefix}.containers.{field} of type {go}")
            if field in ("command", "args"):
                bad = next((v for v in value if not isinstance(v, str)), None)
                if bad is not None:
                    return (f"json: cannot unmarshal {_json_type(bad)} into Go struct field "
                            f"Container.{prefix}.containers.{field} of type string")
        if ct.get("securityContext") is not None:
            problem = _security_context_error(ct["securityContext"], "Container", "SecurityContext",
                                              f"{prefix}.containers.securityContext", tuple(SECURITY_FIELDS)[:3])
            if problem:
                return problem
    return ""


def client_decode_error(obj: dict) -> str:
    """What kubectl itself cannot decode before it sends anything: no ``kind`` string, or type metadata and
    ObjectMeta fields of the wrong JSON type (read into its ``metadataOnlyObject``)."""
    kind = obj.get("kind")
    if not isinstance(kind, str) or not kind:
        shown = json.dumps(obj, sort_keys=True, separators=(",", ":"), default=str)
        return f"Object 'Kind' is missing in '{shown}'"
    for field, go_type in (("apiVersion", "string"), ("metadata", "v1.ObjectMeta")):
        value = obj.get(field)
        if value is not None and _json_type(value) != (STRING if go_type == "string" else OBJECT):
            return f"json: cannot unmarshal {_json_type(value)} into Go struct field metadataOnlyObject.{field} " \
                   f"of type {go_type}"
    problem = type_error({"metadata": obj.get("metadata")})
    return problem


def type_error(obj: dict) -> str:
    """The decoder's complaint about ``obj``, or "" when every known field has its JSON type."""
    kind = obj.get("kind", "")
    if kind in ("Pod", "Deployment", "ReplicaSet", "StatefulSet", "Job"):
        problem = _pod_spec_error(obj)
        if problem:
            return problem
    schema = {**META, **SCHEMAS.get(kind, {})}
    for path, (expected, go_type) in schema.items():
        value, found = obj, True
        for part in path.split("."):
            if not isinstance(value, dict) or part not in value:
                found = False
                break
            value = value[part]
        if not found or value is None:
            continue
        got = _json_type(value)
        if got != expected:
            owner = "ObjectMeta" if path.startswith("metadata.") else (
                kind if "." not in path else STRUCTS.get(kind, kind))
            return f"json: cannot unmarshal {got} into Go struct field {owner}.{path} of type {go_type}"
        if go_type.startswith("int") and isinstance(value, (int, float)) and not float(value).is_integer():
            owner = kind if "." not in path else STRUCTS.get(kind, kind)
            return f"json: cannot unmarshal number {value} into Go struct field {owner}.{path} of type {go_type}"
        if go_type in ("map[string]string", "map[string][]uint8"):  # a ConfigMap's data: strings, never numbers
            bad = next((v for v in value.values() if v is not None and not isinstance(v, str)), None)
            if bad is not None:
                owner = "ObjectMeta" if path.startswith("metadata.") else STRUCTS.get(kind, kind)
                return (f"json: cannot unmarshal {_json_type(bad)} into Go struct field {owner}.{path} "
                        f"of type {go_type.removeprefix('map[string]')}")
        if path.endswith("accessModes") or path.endswith("mountOptions"):
            bad = next((v for v in value if not isinstance(v, str)), None)
            if bad is not None:
                return (f"json: cannot unmarshal {_json_type(bad)} into Go struct field {STRUCTS.get(kind, kind)}."
                        f"{path} of type {go_type[2:]}")
    return ""


OBJECT_META = {"name", "namespace", "labels", "annotations", "generateName", "uid", "resourceVersion", "generation",
               "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "finalizers", "ownerReferences",
               "managedFields", "selfLink"}
KNOWN = {
    "PersistentVolumeClaim": {
        "": {"apiVersion", "kind", "metadata", "spec", "status"},
        "spec": {"accessModes", "selector", "resources", "volumeName", "storageClassName", "volumeMode",
                 "dataSource", "dataSourceRef", "volumeAttributesClassName"},
        "spec.resources": {"limits", "requests"},
    },
    "PersistentVolume": {
        "": {"apiVersion", "kind", "metadata", "spec", "status"},
        "spec": {"capacity", "accessModes", "claimRef", "persistentVolumeReclaimPolicy", "storageClassName",
                 "mountOptions", "volumeMode", "nodeAffinity", "volumeAttributesClassName", *VOLUME_SOURCES},
        "spec.hostPath": {"path", "type"},
    },
    "StorageClass": {"": {"apiVersion", "kind", "metadata", "provisioner", "parameters", "reclaimPolicy",
                          "mountOptions", "allowVolumeExpansion", "volumeBindingMode", "allowedTopologies"}},
    "Pod": {"": {"apiVersion", "kind", "metadata", "spec", "status"}},
    "ConfigMap": {"": {"apiVersion", "kind", "metadata", "data", "binaryData", "immutable"}},
    "Service": {"": {"apiVersion", "kind", "metadata", "spec", "status"}},
    "Job": {"": {"apiVersion", "kind", "metadata", "spec", "status"},
            "spec": {"parallelism", "completions", "activeDeadlineSeconds", "podFailurePolicy", "successPolicy",
                     "backoffLimit", "backoffLimitPerIndex", "maxFailedIndexes", "selector", "manualSelector",
                     "template", "ttlSecondsAfterFinished", "completionMode", "suspend", "podReplacementPolicy",
                     "managedBy"}},
    "Secret": {"": {"apiVersion", "kind", "metadata", "data", "stringData", "type", "immutable"}},
    "StatefulSet": {"": {"apiVersion", "kind", "metadata", "spec", "status"},
                    "spec": {"replicas", "selector", "template", "volumeClaimTemplates", "serviceName",
                             "podManagementPolicy", "updateStrategy", "revisionHistoryLimit", "minReadySeconds",
                             "persistentVolumeClaimRetentionPolicy", "ordinals"}},
    "Deployment": {"": {"apiVersion", "kind", "metadata", "spec", "status"},
                   "spec": {"replicas", "selector", "template", "strategy", "minReadySeconds", "revisionHistoryLimit",
                            "paused", "progressDeadlineSeconds"}},
}


def unknown_fields(obj: dict) -> list[str]:
    """Fields the API does not know (strict decoding), as dotted paths in document order."""
    known = KNOWN.get(obj.get("kind", ""), {})
    out = []
    for path, names in [("", known.get("")), ("metadata", OBJECT_META), *((p, n) for p, n in known.items() if p)]:
        if names is None:
            continue
        value: object = obj
        for part in [p for p in path.split(".") if p]:
            value = value.get(part) if isinstance(value, dict) else None
        if isinstance(value, dict):
            out += [f"{path}.{k}" if path else k for k in value if k not in names]
    return out
