"""The resource types kubectl knows here: names, short names, kinds and scopes (``kubectl api-resources``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Resource:
    plural: str
    singular: str
    kind: str
    shorts: tuple[str, ...] = ()
    namespaced: bool = True
    group: str = ""

    @property
    def qualified(self) -> str:
        """``persistentvolumes`` or ``storageclasses.storage.k8s.io``: how API errors name it."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    @property
    def type_name(self) -> str:
        """``persistentvolume`` or ``storageclass.storage.k8s.io``: how ``-o name`` and apply name objects."""
        return f"{self.singular}.{self.group}" if self.group else self.singular


RESOURCES = (
    Resource("persistentvolumes", "persistentvolume", "PersistentVolume", ("pv",), namespaced=False),
    Resource("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", ("pvc",)),
    Resource("storageclasses", "storageclass", "StorageClass", ("sc",), namespaced=False, group="storage.k8s.io"),
    Resource("nodes", "node", "Node", ("no",), namespaced=False),
    Resource("namespaces", "namespace", "Namespace", ("ns",), namespaced=False),
    Resource("events", "event", "Event", ("ev",)),
    Resource("pods", "pod", "Pod", ("po",)),
    Resource("configmaps", "configmap", "ConfigMap", ("cm",)),
    Resource("services", "service", "Service", ("svc",)),
    Resource("secrets", "secret", "Secret"),
    Resource("statefulsets", "statefulset", "StatefulSet", ("sts",), group="apps"),
    Resource("deployments", "deployment", "Deployment", ("deploy",), group="apps"),
    Resource("replicasets", "replicaset", "ReplicaSet", ("rs",), group="apps"),
    Resource("jobs", "job", "Job", (), group="batch"),
)
BY_KIND = {r.kind: r for r in RESOURCES}
API_VERSIONS = {"Deployment": "apps/v1", "ReplicaSet": "apps/v1", "StatefulSet": "apps/v1", "PersistentVolume": "v1",
                "PersistentVolumeClaim": "v1", "StorageClass": "storage.k8s.io/v1",
                "Node": "v1", "Namespace": "v1", "Pod": "v1", "ConfigMap": "v1", "Secret": "v1",
                "Service": "v1", "Job": "batch/v1", "Event": "v1"}


def lookup(text: str) -> Resource | None:
    """A resource by plural, singular, short name, kind (any case) or ``plural.group``."""
    word = text.lower()
    for r in RESOURCES:
        if word in (r.plural, r.singular, r.kind.lower(), *r.shorts) or word in (r.qualified, r.type_name):
            return r
    return None
