"""The API server's object store: objects as JSON-shaped dicts, with the metadata it adds, and the events log.

Controllers and kubectl read and write the same dicts, so what ``kubectl get -o
yaml`` prints is exactly what the controllers see. Each create gives the object
a uid (UUID form, from the seeded id factory), a creationTimestamp from the
simulated clock and a resourceVersion from a counter; each update bumps it.
"""

from __future__ import annotations

import builtins
import copy
from collections.abc import Callable
from dataclasses import dataclass

from storagekit.sim.clock import Clock
from storagekit.sim.ids import IdFactory

RESYNC_PERIOD = 15
"""Seconds between the controllers' periodic resyncs of unchanged objects."""
DELETED_KEPT = 256
"""How many deleted objects :attr:`ObjectStore.deleted` remembers."""
CLUSTER_SCOPED = {"PersistentVolume", "StorageClass", "Node", "Namespace"}


def key(obj: dict) -> tuple[str, str, str]:
    meta = obj["metadata"]
    return obj["kind"], meta.get("namespace", ""), meta["name"]


@dataclass
class Event:
    """A ``v1.Event``: what happened to an object, as ``kubectl describe`` lists it."""

    type: str
    reason: str
    message: str
    kind: str
    namespace: str
    name: str
    source: str
    first: int
    last: int
    count: int = 1
    uid: str = ""
    """The object's uid: a new object of the same name does not inherit the events of an old one."""
    field_path: str = ""
    """Which part of the object it is about (``spec.containers{web}`` for a container's events)."""
    host: str = ""
    """The node a kubelet reported it from."""
    object_version: str = ""
    """The object's resourceVersion when it was recorded."""
    nanos: int = 0
    """When it was first seen, in nanoseconds: its name is the object's name and this, in hex."""
    event_uid: str = ""
    resource_version: str = ""
    """The Event object's own uid and version. Events are written beside the objects without taking a turn of
    their version counter, so that recording one changes no object's resourceVersion."""

    @property
    def object_name(self) -> str:
        """``metadata.name`` as the event recorder makes it: ``<object>.<first seen in ns, hex>``."""
        return f"{self.name}.{self.nanos:x}"


class ObjectStore:
    def __init__(self, clock: Clock, ids: IdFactory) -> None:
        self.clock, self.ids = clock, ids
        self.objects: dict[tuple[str, str, str], dict] = {}
        self._kinds: dict[str, dict[tuple[str, str], dict]] = {}
        """The same objects by kind, then ``(namespace, name)``: a LIST reads one kind, never the whole store."""
        self._order: dict[str, list[tuple[str, str]]] = {}
        """Each kind's keys in LIST order, kept until an object of that kind comes or goes."""
        self.events: list[Event] = []
        self._event_index: dict[tuple, Event] = {}
        self.resource_version = 1000
        self.journal: list[tuple[str, str, str, str]] = []
        """The writes since the controllers' last round, in order: ``(action, kind, namespace, name)``, what a
        watch would have delivered to them."""
        self.revision = 0
        """Counts every create, update and delete, so a controller can ask what was written since it last looked."""
        self.written: dict[str, dict[tuple[str, str], int]] = {}
        """Each kind's ``(namespace, name)`` keys, oldest write first, with the :attr:`revision` of their last
        write (a delete included): the informers' feed, read by :meth:`written_since`."""
        self.deleted: dict[tuple[str, str, str], dict] = {}
        """The last state of objects deleted lately (what a watch's DELETED event carries), oldest first, so a
        view can still say what went; a new object of the same name takes the entry out."""
        self._selections: dict[tuple[str, Callable[[dict], bool]], tuple[int, set[tuple[str, str]]]] = {}
        """What :meth:`select` last found for each kind and test, and the :attr:`revision` it was found at."""

    def _wrote(self, kind: str, ns: str, name: str) -> None:
        self.revision += 1
        log = self.written.setdefault(kind, {})
        log.pop((ns, name), None)
        log[(ns, name)] = self.revision

    def written_since(self, kind: str, revision: int) -> builtins.list[tuple[str, str]]:
        """The ``(namespace, name)`` of each object of ``kind`` created, updated or deleted after ``revision``,
        oldest write first; costs what it returns, not the size of the store."""
        found = []
        for where, at in reversed(self.written.get(kind, {}).items()):
            if at <= revision:
                break
            found.append(where)
        return found[::-1]

    def _bump(self, obj: dict) -> None:
        self.resource_version += 1
        obj["metadata"]["resourceVersion"] = str(self.resource_version)

    def uid(self, series: str = "uid") -> str:
        """A fresh uid; events draw theirs from a series of their own, so objects keep the uids they had."""
        h = self.ids.hex(series, 32)
        variant = "89ab"[int(h[16], 16) % 4]  # a version-4 UUID, as the API server makes them
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:32]}"

    def create(self, obj: dict, uid: str | None = None) -> dict:
        """Store a new object under a fresh uid (or the one the API server already chose for it)."""
        obj = copy.deepcopy(obj)
        meta = obj.setdefault("metadata", {})
        if obj["kind"] not in CLUSTER_SCOPED:
            meta.setdefault("namespace", "default")
        meta["uid"] = uid or self.uid()
        meta["creationTimestamp"] = self.clock.isoformat()
        self._bump(obj)
        self._put(obj)
        self.deleted.pop(key(obj), None)
        self.journal.append(("created", *key(obj)))
        return obj

    def _put(self, obj: dict) -> None:
        kind, ns, name = key(obj)
        same_kind = self._kinds.setdefault(kind, {})
        if (ns, name) not in same_kind:
            self._order.pop(kind, None)
        same_kind[(ns, name)] = self.objects[(kind, ns, name)] = obj
        self._wrote(kind, ns, name)

    def update(self, obj: dict) -> dict:
        self._bump(obj)
        self._put(obj)
        self.journal.append(("updated", *key(obj)))
        return obj

    def delete(self, obj: dict) -> None:
        gone = self.objects.pop(key(obj), None)
        if gone is not None:
            kind, ns, name = key(obj)
            del self._kinds[kind][(ns, name)]
            self._order.pop(kind, None)
            self._wrote(kind, ns, name)
            self.journal.append(("deleted", *key(obj)))
            self.deleted.pop(key(obj), None)
            self.deleted[key(obj)] = gone
            while len(self.deleted) > DELETED_KEPT:
                del self.deleted[next(iter(self.deleted))]

    def get(self, kind: str, name: str, namespace: str = "") -> dict | None:
        if kind not in CLUSTER_SCOPED and not namespace:
            namespace = "default"
        return self.objects.get((kind, namespace, name))

    def select(self, kind: str, wanted: Callable[[dict], bool]) -> builtins.list[dict]:
        """The objects of ``kind`` that pass ``wanted``, in LIST order: what a controller's pass over every object
        would act on, when ``wanted`` reads only the object itself. Kept from the writes since the last call, so
        a pass costs what changed and what is selected, not the size of the store."""
        revision, keys = self._selections.get((kind, wanted), (-1, set()))
        if revision < 0:
            keys = {k for k, obj in self._kinds.get(kind, {}).items() if wanted(obj)}
        else:
            for ns, name in self.written_since(kind, revision):
                obj = self._kinds.get(kind, {}).get((ns, name))
                if obj is not None and wanted(obj):
                    keys.add((ns, name))
                else:
                    keys.discard((ns, name))
        self._selections[kind, wanted] = (self.revision, keys)
        same_kind = self._kinds.get(kind, {})
        return [same_kind[k] for k in sorted(keys)]

    def list(self, kind: str, namespace: str | None = None) -> list[dict]:
        """Objects of ``kind`` (in ``namespace`` when given), by namespace and name."""
        same_kind = self._kinds.get(kind, {})
        order = self._order.get(kind)
        if order is None:
            order = self._order[kind] = sorted(same_kind)
        if namespace is None:
            return [same_kind[k] for k in order]
        return [same_kind[k] for k in order if k[0] == namespace]

    def record(self, obj: dict, type_: str, reason: str, message: str, source: str, field_path: str = "") -> None:
        """Record an event; a repeat counts up the earlier one, as the event recorder does.

        Controllers say the same thing again on their periodic resync (every 15 s), not on every pass over
        an unchanged object: a repeat within that period is not counted. The kubelet reports from the node
        the Pod runs on. Two events first seen in the same simulated second are a nanosecond apart.
        """
        kind, ns, name = key(obj)
        uid = obj["metadata"].get("uid", "")
        seen = self._event_index.get((kind, ns, name, uid, type_, reason, message))
        if seen is not None:
            if self.clock.now - seen.last >= RESYNC_PERIOD:
                seen.count += 1
                seen.last = self.clock.now
                seen.resource_version = str(self.resource_version)
            return
        host = (obj.get("spec") or {}).get("nodeName", "") if source == "kubelet" else ""
        event = Event(type_, reason, message, kind, ns, name, source, self.clock.now, self.clock.now, uid=uid,
                      field_path=field_path, host=host, object_version=obj["metadata"].get("resourceVersion", ""),
                      nanos=self.clock.now * 10**9 + len(self.events), event_uid=self.uid("event-uid"),
                      resource_version=str(self.resource_version))
        self.events.append(event)
        self._event_index[(kind, ns, name, uid, type_, reason, message)] = event

    def events_for(self, obj: dict) -> builtins.list[Event]:  # `list` here is the method above
        """The events ``kubectl describe`` shows: this object's, by kind, name and uid."""
        kind, ns, name = key(obj)
        uid = obj["metadata"].get("uid", "")
        return [e for e in self.events if (e.kind, e.namespace, e.name, e.uid) == (kind, ns, name, uid)]
