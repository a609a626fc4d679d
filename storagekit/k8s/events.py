"""Events as the API serves them: ``v1.Event`` objects, read from the cluster's event log.

Controllers and the kubelet record what happens (:meth:`~storagekit.k8s.store.ObjectStore.record`); a list or
get of ``events`` sees each record as the ``v1.Event`` the event recorder would have written: named
``<object>.<hex nanoseconds>``, kept in the object's namespace (``default`` for a cluster-scoped object), with
the object it is about, who reported it and how often. The log is the one place events live, so ``kubectl
describe``, ``kubectl get events`` and the diagrams agree.
"""

from __future__ import annotations

from storagekit.k8s.store import Event
from storagekit.sim.clock import Clock


def event_object(event: Event, api_version: str, clock: Clock) -> dict:
    """The ``v1.Event`` for one record; ``api_version`` is the involved object's (``apps/v1``)."""
    involved = {"apiVersion": api_version, "kind": event.kind, "name": event.name}
    if event.namespace:
        involved["namespace"] = event.namespace
    if event.field_path:
        involved["fieldPath"] = event.field_path
    if event.object_version:
        involved["resourceVersion"] = event.object_version
    if event.uid:
        involved["uid"] = event.uid
    source = {"component": event.source, **({"host": event.host} if event.host else {})}
    first = clock.isoformat(event.first)
    return {
        "apiVersion": "v1", "kind": "Event",
        "count": event.count, "eventTime": None, "firstTimestamp": first, "involvedObject": involved,
        "lastTimestamp": clock.isoformat(event.last), "message": event.message,
        "metadata": {"creationTimestamp": first, "name": event.object_name,
                     "namespace": event.namespace or "default", "resourceVersion": event.resource_version,
                     "uid": event.event_uid},
        "reason": event.reason, "reportingComponent": event.source, "reportingInstance": event.host,
        "source": source, "type": event.type,
    }


def selectable_fields(event: dict) -> dict[str, str]:
    """What a field selector on events can match besides the name and namespace (the event registry's
    ``ToSelectableFields``)."""
    involved = event.get("involvedObject") or {}
    return {**{f"involvedObject.{k}": involved.get(k, "") for k in ("kind", "namespace", "name", "uid", "apiVersion",
                                                                    "resourceVersion", "fieldPath")},
            "reason": event.get("reason", ""), "reportingComponent": event.get("reportingComponent", ""),
            "source": (event.get("source") or {}).get("component", ""), "type": event.get("type", "")}


def container_field(pod: dict, container: dict) -> str:
    """The ``fieldPath`` of a container's events: ``spec.containers{web}``, or ``spec.initContainers{setup}`` (a
    Pod's containers of both kinds have names of their own)."""
    init = any(c.get("name") == container.get("name") for c in (pod.get("spec") or {}).get("initContainers") or [])
    return f"spec.{'initContainers' if init else 'containers'}{{{container.get('name', '')}}}"
