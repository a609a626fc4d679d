"""The API server's write path for storage objects: decode, default, admit, validate, store.

In the order the real one runs them: quantities are decoded first (a bad one
fails the whole request), then defaults are applied, then the admission plugins
storage depends on (DefaultStorageClass, ServiceAccount's token volume,
StorageObjectInUseProtection, PersistentVolumeClaimResize), then validation; a refused request changes
nothing. Deleting an object that carries finalizers only marks it
(``deletionTimestamp``); it goes when the last finalizer is removed.
"""

from __future__ import annotations

import base64
import builtins
import copy
import json

from storagekit.k8s import claims as c
from storagekit.k8s import serviceaccount
from storagekit.k8s.decode import type_error, unknown_fields
from storagekit.k8s.errors import AlreadyExists, BadRequest, Forbidden, Invalid, NotFound, RequestEntityTooLarge
from storagekit.k8s.events import event_object
from storagekit.k8s.quantity import QuantityError, parse
from storagekit.k8s.selectors import parse_field_selector, selected
from storagekit.k8s.store import CLUSTER_SCOPED, ObjectStore
from storagekit.k8s.validation import FieldError, validate, validate_update
from storagekit.k8s.warnings import warnings_for

MAX_REQUEST_BODY = 3 * 1024 * 1024
"""The API server's limit on a request body (``MaxRequestBodyBytes``); what is longer is not read."""
PVC_PROTECTION = "kubernetes.io/pvc-protection"
PV_PROTECTION = "kubernetes.io/pv-protection"
NOT_READY = "node.kubernetes.io/not-ready"
RESOURCES = {"Deployment": "deployments.apps", "ReplicaSet": "replicasets.apps", "StatefulSet": "statefulsets.apps",
             "PersistentVolume": "persistentvolumes", "PersistentVolumeClaim": "persistentvolumeclaims",
             "StorageClass": "storageclasses.storage.k8s.io", "Pod": "pods", "Node": "nodes",
             "Namespace": "namespaces", "ConfigMap": "configmaps", "Secret": "secrets",
             "Service": "services", "Job": "jobs.batch", "Event": "events"}


def api_version(kind: str) -> str:
    """The group/version a kind is served in (``apps/v1``, or ``v1`` for the core group)."""
    group = resource_of(kind).partition(".")[2]
    return f"{group}/v1" if group else "v1"


def resource_of(kind: str) -> str:
    """The resource a kind is served as, group and all (``statefulsets.apps``): how refusals name it."""
    return RESOURCES.get(kind, kind.lower())


def invalid(obj: dict, errors: list[FieldError]) -> Invalid:
    kind = obj["kind"]
    return Invalid(kind, obj["metadata"].get("name", ""), errors, group=resource_of(kind).partition(".")[2])


def _quantities(obj: dict) -> list[str]:
    spec = obj.get("spec") or {}
    values = list((spec.get("capacity") or {}).values())
    values += list(((spec.get("resources") or {}).get("requests") or {}).values())
    return [str(v) for v in values]


def pull_policy(image: str) -> str:
    """The API's default ``imagePullPolicy``: Always for ``:latest`` or no tag, else IfNotPresent."""
    name = image.rsplit("/", 1)[-1]
    if "@" in name:
        return "IfNotPresent"
    return "Always" if ":" not in name or name.endswith(":latest") else "IfNotPresent"


def qos_class(spec: dict) -> str:
    """``GetPodQOS``: Guaranteed when every container's CPU and memory requests equal their limits, BestEffort when
    none asks for anything, Burstable otherwise. (A limit alone also sets the request to it.)"""
    containers = [ct for ct in spec.get("containers") or [] if isinstance(ct, dict)]
    asked, guaranteed = False, bool(containers)
    for ct in containers:
        resources = ct.get("resources") or {}
        limits, requests = resources.get("limits") or {}, {**(resources.get("limits") or {}),
                                                           **(resources.get("requests") or {})}
        asked = asked or bool(limits or requests)
        for name in ("cpu", "memory"):
            try:
                same = name in limits and parse(str(limits[name])) == parse(str(requests.get(name)))
            except QuantityError:
                same = False
            guaranteed = guaranteed and same
    return "Guaranteed" if guaranteed else "Burstable" if asked else "BestEffort"


def _default_job(job: dict, uid: str) -> None:
    """A Job's defaults, and the selector and labels that tie its Pods to it by uid."""
    spec = job.setdefault("spec", {})
    spec.setdefault("parallelism", 1)
    spec.setdefault("completions", 1)
    spec.setdefault("backoffLimit", 6)
    spec.setdefault("completionMode", "NonIndexed")
    spec.setdefault("suspend", False)
    spec.setdefault("podReplacementPolicy", "TerminatingOrFailed")
    name = job["metadata"].get("name", "")
    labels = {"batch.kubernetes.io/controller-uid": uid, "batch.kubernetes.io/job-name": name,
              "controller-uid": uid, "job-name": name}
    spec.setdefault("selector", {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}})
    template = spec.setdefault("template", {})
    if isinstance(template, dict):
        meta = template.setdefault("metadata", {})
        meta["labels"] = {**(meta.get("labels") or {}), **labels}
        job["metadata"]["labels"] = job["metadata"].get("labels") or dict(meta["labels"])
        if isinstance(template.get("spec"), dict):
            template["spec"].setdefault("restartPolicy", "Always")
    job["status"] = {}


def _default_service(spec: dict, store) -> None:
    """A ClusterIP from 10.96.0.0/12 (the next free one, as the allocator hands them out), TCP ports whose
    targetPort is the port, a nodePort from 30000-32767 for NodePort and LoadBalancer."""
    spec.setdefault("type", "ClusterIP")
    if spec.get("type") != "ExternalName" and not spec.get("clusterIP"):
        taken = {s["spec"].get("clusterIP") for s in store.list("Service")}
        spec["clusterIP"] = next(ip for n in range(2, 4096) if (ip := f"10.96.{n // 256}.{n % 256}") not in taken
                                 and ip != "10.96.0.10")
    if spec.get("clusterIP"):
        spec.setdefault("clusterIPs", [spec["clusterIP"]])
    used = {p.get("nodePort") for s in store.list("Service") for p in s["spec"].get("ports") or []}
    for port in spec.get("ports") or []:
        if isinstance(port, dict):
            port.setdefault("protocol", "TCP")
            port.setdefault("targetPort", port.get("port"))
            if spec["type"] in ("NodePort", "LoadBalancer") and "nodePort" not in port:
                port["nodePort"] = next(n for n in range(30000 + _node_port_start(port), 32768) if n not in used)
                used.add(port["nodePort"])
    spec.setdefault("sessionAffinity", "None")
    if spec["type"] in ("NodePort", "LoadBalancer"):
        spec.setdefault("externalTrafficPolicy", "Cluster")
    spec.setdefault("ipFamilies", ["IPv4"])
    spec.setdefault("ipFamilyPolicy", "SingleStack")
    spec.setdefault("internalTrafficPolicy", "Cluster")


def _node_port_start(port: dict) -> int:
    """Where the node-port allocator starts looking (it picks at random; here, from the port number)."""
    return (int(port.get("port") or 0) * 7919) % 2000


def _default_volumes(volumes: list) -> None:
    """File modes of projected sources (0644, shown as 420) and the volume mode of ephemeral claim templates."""
    for volume in volumes:
        for kind in ("configMap", "secret", "downwardAPI", "projected"):
            if isinstance(volume.get(kind), dict):
                volume[kind].setdefault("defaultMode", 420)
        template = (volume.get("ephemeral") or {}).get("volumeClaimTemplate")
        if isinstance(template, dict):
            template.setdefault("spec", {}).setdefault("volumeMode", "Filesystem")


def _decode_secret(obj: dict) -> None:
    """A Secret's ``data`` is base64 (Go's decoder refuses anything else); ``stringData`` is written over it."""
    for value in (obj.get("data") or {}).values():
        bad = _base64_error(str(value))
        if bad is not None:
            raise BadRequest(f'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input '
                             f"byte {bad}")
    string_data = obj.pop("stringData", None) or {}
    if string_data:
        data = obj.setdefault("data", {}) or {}
        data.update({k: base64.b64encode(str(v).encode()).decode() for k, v in string_data.items()})
        obj["data"] = data


def _base64_error(text: str) -> int | None:
    """Where Go's ``base64.StdEncoding`` gives up on ``text`` (its ``CorruptInputError`` offset), or None."""
    alphabet = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
    chars = [(i, ch) for i, ch in enumerate(text) if ch not in "\r\n"]
    start = 0
    for k, (i, ch) in enumerate(chars):
        if k % 4 == 0:
            start = i
        if ch == "=":
            rest = [c for _, c in chars[k:]]
            wanted = 4 - k % 4
            if k % 4 < 2 or rest[:wanted] != ["="] * wanted:
                return i if k % 4 < 2 or len(rest) >= wanted else len(text)
            return chars[k + wanted][0] if len(rest) > wanted else None
        if ch not in alphabet:
            return i
    return start if len(chars) % 4 else None


def _check_size(obj: dict) -> None:
    if len(json.dumps(obj, separators=(",", ":"), default=str)) > MAX_REQUEST_BODY:
        raise RequestEntityTooLarge(MAX_REQUEST_BODY)


def drop_nulls(obj: dict) -> None:
    """A ``null`` field decodes to Go's zero value, which the server never writes back: the field is as if absent
    (an empty ``spec:`` is a spec with nothing in it)."""
    for name in [k for k, v in obj.items() if v is None]:
        del obj[name]
    for value in obj.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                drop_nulls(item)


class APIServer:
    def __init__(self, store: ObjectStore) -> None:
        self.store = store
        self.warnings: builtins.list[str] = []
        """The warnings of the last create or update it accepted (:mod:`storagekit.k8s.warnings`)."""

    # ------------------------------------------------------------------ create

    def create(self, obj: dict) -> dict:
        self.warnings = []
        obj = copy.deepcopy(obj)
        kind = obj.get("kind", "")
        self.decode(obj)
        drop_nulls(obj)
        if not obj.get("metadata"):
            obj["metadata"] = {}
        for text in _quantities(obj):
            try:
                parse(text)
            except QuantityError as exc:
                raise BadRequest(f'{kind} in version "v1" cannot be handled as a {kind}: {exc}') from None
        if kind == "Secret":
            _decode_secret(obj)
        meta = obj.setdefault("metadata", {})
        namespace = meta.get("namespace", "")
        if namespace and kind not in CLUSTER_SCOPED and self.store.get("Namespace", namespace) is None:
            raise NotFound("namespaces", namespace)
        existing = self.store.get(kind, meta.get("name", ""), namespace)
        if existing is not None:
            raise AlreadyExists(resource_of(kind), meta["name"])
        uid = None
        if kind == "Job":  # its selector names its own uid, chosen before it is stored
            uid = self.store.uid()
            _default_job(obj, uid)
        self._default(obj)
        if kind == "PersistentVolumeClaim":
            self._default_storage_class(obj)
        elif kind == "Pod":
            serviceaccount.admit(obj, f"{namespace}/{meta.get('name', '')}/{self.store.resource_version}")
        errors = validate(obj)
        if errors:
            raise invalid(obj, errors)
        protection = {"PersistentVolumeClaim": PVC_PROTECTION, "PersistentVolume": PV_PROTECTION}.get(kind)
        if protection and protection not in (meta.get("finalizers") or []):  # added after the user's own
            meta["finalizers"] = list(meta.get("finalizers") or []) + [protection]
        created = self.store.create(obj, uid)
        self.warnings = warnings_for(created)
        return created

    def decode(self, obj: dict) -> None:
        """Refuse a body over the size limit, or whose fields have the wrong JSON types (before anything else looks
        at it)."""
        _check_size(obj)
        kind = obj.get("kind", "")
        problem = type_error(obj)
        if problem:
            raise BadRequest(f'{kind} in version "v1" cannot be handled as a {kind}: {problem}')
        unknown = unknown_fields(obj)
        if unknown:
            raise BadRequest(f'{kind} in version "v1" cannot be handled as a {kind}: strict decoding error: '
                             + ", ".join(f'unknown field "{u}"' for u in unknown))

    def _default(self, obj: dict) -> None:
        kind = obj["kind"]
        spec = obj if kind in ("StorageClass", "ConfigMap", "Secret") else obj.setdefault("spec", {})
        if kind == "PersistentVolume":
            spec.setdefault("persistentVolumeReclaimPolicy", "Retain")
            spec.setdefault("volumeMode", "Filesystem")
            obj["status"] = {"phase": "Pending"}
        elif kind == "PersistentVolumeClaim":
            spec.setdefault("volumeMode", "Filesystem")
            obj["status"] = {"phase": "Pending"}
        elif kind == "Pod":
            spec.setdefault("restartPolicy", "Always")
            spec.setdefault("dnsPolicy", "ClusterFirst")
            spec.setdefault("schedulerName", "default-scheduler")
            spec.setdefault("serviceAccountName", "default")
            spec.setdefault("terminationGracePeriodSeconds", 30)
            _default_volumes(spec.get("volumes") or [])
            for container in spec.get("containers") or []:
                if isinstance(container, dict) and isinstance(container.get("image"), str):
                    container.setdefault("imagePullPolicy", pull_policy(container["image"]))
            obj["status"] = {"phase": "Pending", "qosClass": qos_class(spec)}
        elif kind in ("Deployment", "ReplicaSet"):
            spec.setdefault("replicas", 1)
            if kind == "Deployment":
                spec.setdefault("strategy", {"rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"},
                                             "type": "RollingUpdate"})
                spec.setdefault("revisionHistoryLimit", 10)
                spec.setdefault("progressDeadlineSeconds", 600)
            obj["status"] = {}
        elif kind == "StatefulSet":
            spec.setdefault("replicas", 1)
            spec.setdefault("podManagementPolicy", "OrderedReady")
            spec.setdefault("revisionHistoryLimit", 10)
            spec.setdefault("updateStrategy", {"rollingUpdate": {"partition": 0}, "type": "RollingUpdate"})
            policy = spec.setdefault("persistentVolumeClaimRetentionPolicy", {})
            if isinstance(policy, dict):  # each field on its own: `{whenScaled: Delete}` keeps whenDeleted Retain
                for when in ("whenDeleted", "whenScaled"):
                    policy[when] = policy.get(when) or "Retain"
            for tpl in spec.get("volumeClaimTemplates") or []:
                tpl.setdefault("apiVersion", "v1")
                tpl.setdefault("kind", "PersistentVolumeClaim")
                tpl.setdefault("spec", {}).setdefault("volumeMode", "Filesystem")
            obj["status"] = {"availableReplicas": 0, "replicas": 0}
        elif kind == "Secret":
            obj.setdefault("type", "Opaque")
        elif kind == "Service":
            _default_service(spec, self.store)
            obj["status"] = {"loadBalancer": {}}
        elif kind == "Namespace":
            obj["metadata"].setdefault("labels", {})["kubernetes.io/metadata.name"] = obj["metadata"].get("name", "")
            spec.setdefault("finalizers", ["kubernetes"])
            obj["status"] = {"phase": "Active"}
        elif kind == "Node":  # TaintNodesByCondition: off limits until the node lifecycle controller sees it Ready
            taints = spec.get("taints") or []
            if not any(t.get("key") == NOT_READY and t.get("effect") == "NoSchedule" for t in taints):
                spec["taints"] = [*taints, {"effect": "NoSchedule", "key": NOT_READY}]
        elif kind == "StorageClass":
            obj.setdefault("reclaimPolicy", "Delete")
            obj.setdefault("volumeBindingMode", "Immediate")

    def _default_storage_class(self, pvc: dict) -> None:
        """DefaultStorageClass admission: an unset class becomes the newest default class, if there is one."""
        default = c.default_class(self.store.list("StorageClass")) if c.class_is_unset(pvc) else ""
        if default:
            pvc["spec"]["storageClassName"] = default

    # ------------------------------------------------------------------ update

    def update(self, obj: dict, name: str | None = None) -> dict:
        """``PUT``, or a patched object; ``name`` is the one on the URL, which a patch may not change."""
        self.warnings = []
        kind = obj["kind"]
        _check_size(obj)
        problem = type_error({"kind": kind, "metadata": obj.get("metadata")})
        if problem:
            raise BadRequest(f'{kind} in version "v1" cannot be handled as a {kind}: {problem}')
        meta = obj.get("metadata") or {}
        if name is not None and meta.get("name", "") != name:
            raise BadRequest(f"the name of the object ({meta.get('name', '')}) does not match the name on the URL "
                             f"({name})")
        old = self.store.get(kind, meta["name"], meta.get("namespace", ""))
        if old is None:
            raise NotFound(resource_of(kind), meta["name"])
        new = copy.deepcopy(obj)
        drop_nulls(new)
        if "status" in old:  # the main resource's update leaves the status as it was
            new["status"] = copy.deepcopy(old["status"])
        for key in ("uid", "creationTimestamp", "resourceVersion", "deletionTimestamp"):
            if key in old["metadata"]:
                new["metadata"][key] = old["metadata"][key]
        errors = validate_update(old, new)
        if errors:
            raise invalid(new, errors)
        if kind == "PersistentVolumeClaim":
            self._admit_resize(old, new)
        updated = self.store.update(new)
        self.warnings = warnings_for(updated)
        return updated

    def _admit_resize(self, old: dict, new: dict) -> None:
        """PersistentVolumeClaimResize: only a bound claim of a class that allows expansion may grow."""
        before, after = c.requested(old), c.requested(new)
        if not after > before:
            return
        if (old.get("status") or {}).get("phase") != "Bound":
            raise Forbidden("persistentvolumeclaims", new["metadata"]["name"],
                            "Only bound persistent volume claims can be expanded")
        sc = self.store.get("StorageClass", c.claim_class(new)) if c.claim_class(new) else None
        if sc is None or not sc.get("allowVolumeExpansion"):
            raise Forbidden("persistentvolumeclaims", new["metadata"]["name"],
                            "only dynamically provisioned pvc can be resized and the storageclass that provisions the "
                            "pvc must support resize")

    # ------------------------------------------------------------------ get

    def get(self, kind: str, name: str, namespace: str = "") -> dict:
        """One object, as ``GET`` finds it; :class:`~storagekit.k8s.errors.NotFound` if there is none."""
        if kind == "Event":
            obj = next((e for e in self._events(namespace or "default") if e["metadata"]["name"] == name), None)
        else:
            obj = self.store.get(kind, name, namespace)
        if obj is None:
            raise NotFound(resource_of(kind), name)
        return obj

    def list(self, kind: str, namespace: str | None = None, label_selector: str = "",
             field_selector: str = "") -> list[dict]:
        """``LIST``: the objects of ``kind`` (in ``namespace``, or in all), by namespace and name, that pass both
        selectors; a field selector the kind does not support is a BadRequest."""
        terms = parse_field_selector(kind, field_selector)
        found = self._events(namespace) if kind == "Event" else self.store.list(kind, namespace)
        return [o for o in found if selected(o, label_selector, terms)]

    def _events(self, namespace: str | None) -> builtins.list[dict]:
        """The event log as ``v1.Event`` objects (in ``namespace``, or in all), in the store's key order: by
        namespace, then name, so an object's events come together, oldest first."""
        found = [event_object(e, api_version(e.kind), self.store.clock) for e in self.store.events]
        found = [e for e in found if namespace is None or e["metadata"]["namespace"] == namespace]
        return sorted(found, key=lambda e: (e["metadata"]["namespace"], e["metadata"]["name"]))

    # ------------------------------------------------------------------ delete

    def delete(self, kind: str, name: str, namespace: str = "", propagation: str = "Background") -> str:
        """Delete, or mark for deletion while finalizers remain; returns ``"deleted"`` or ``"terminating"``.

        ``propagation`` is the DeleteOptions' policy: with ``Orphan`` the objects this one owns lose their reference
        to it first (what the garbage collector's orphan finalizer does), so they stay; ``Background`` and
        ``Foreground`` leave them to the garbage collector, and differ only in which goes first.
        """
        obj = self.get(kind, name, namespace)
        if propagation == "Orphan":
            uid = obj["metadata"]["uid"]
            for dependent in list(self.store.objects.values()):
                refs = dependent["metadata"].get("ownerReferences") or []
                if any(r.get("uid") == uid for r in refs):
                    kept = [r for r in refs if r.get("uid") != uid]
                    dependent["metadata"]["ownerReferences"] = kept
                    if not kept:
                        del dependent["metadata"]["ownerReferences"]
                    self.store.update(dependent)
        if obj["metadata"].get("finalizers"):
            if "deletionTimestamp" not in obj["metadata"]:
                obj["metadata"]["deletionTimestamp"] = self.store.clock.isoformat()
                obj["metadata"]["deletionGracePeriodSeconds"] = 0
                self.store.update(obj)
            return "terminating"
        self.store.delete(obj)
        return "deleted"

    def remove_finalizer(self, obj: dict, finalizer: str) -> None:
        """A controller lets go; an object marked for deletion with no finalizer left is gone."""
        finalizers = [f for f in obj["metadata"].get("finalizers") or [] if f != finalizer]
        obj["metadata"]["finalizers"] = finalizers
        if not finalizers:
            del obj["metadata"]["finalizers"]
            if obj["metadata"].get("deletionTimestamp"):
                self.store.delete(obj)
                return
        self.store.update(obj)
