"""Volume expansion: the resizer grows the volume, the kubelet grows the filesystem when a Pod uses it.

After a bound claim's request grows (admission has checked that its class
allows expansion), the volume's capacity is raised to the request. The claim's
``status.capacity`` follows only once the filesystem is resized, which needs a
Pod using the claim; until then the claim carries the condition
``FileSystemResizePending``.
"""

from __future__ import annotations

from storagekit.k8s import claims as c
from storagekit.k8s.controllers.protection import pods_using
from storagekit.k8s.controllers.workqueue import WorkQueue

PENDING = "Waiting for user to (re-)start a pod to finish file system resize of volume on node."


class Resizer:
    """The external resizer and the kubelet's part of expansion, syncing a claim when it, its volume or (while its
    file system waits for a Pod) a Pod was written since the last look: every other claim would be left as it is."""

    def __init__(self, store) -> None:
        self.store = store
        self.seen = 0
        """The store's revision up to which writes are accounted for."""
        self.queue = WorkQueue()
        self.claims_naming: dict[str, set[tuple[str, str]]] = {}
        self.volume_named: dict[tuple[str, str], str] = {}
        self.waiting: set[tuple[str, str]] = set()
        """Claims whose file system waits for a running Pod."""

    def _drain(self) -> None:
        store = self.store
        if store.revision == self.seen:
            return
        for ns, name in store.written_since("PersistentVolumeClaim", self.seen):
            self.queue.add((ns, name))
            old = self.volume_named.pop((ns, name), None)
            if old is not None:
                self.claims_naming[old].discard((ns, name))
            pvc = store.get("PersistentVolumeClaim", name, ns)
            volume = pvc["spec"].get("volumeName") if pvc is not None else None
            if volume:
                self.volume_named[(ns, name)] = volume
                self.claims_naming.setdefault(volume, set()).add((ns, name))
        for _, name in store.written_since("PersistentVolume", self.seen):
            for key in sorted(self.claims_naming.get(name, ())):
                self.queue.add(key)
        if store.written_since("Pod", self.seen):
            for key in sorted(self.waiting):
                self.queue.add(key)
        self.seen = store.revision

    def sync(self) -> None:
        self._drain()
        for ns, name in self.queue.walk():
            pvc = self.store.get("PersistentVolumeClaim", name, ns)
            if pvc is not None and sync_claim(self.store, pvc):
                self.waiting.add((ns, name))
            else:
                self.waiting.discard((ns, name))
            self._drain()


def sync_claim(store, pvc: dict) -> bool:
    """Grow the claim's volume, then its file system if a Pod runs with it; True if it looked for that Pod."""
    status = pvc.get("status") or {}
    if status.get("phase") != "Bound":
        return False
    pv = store.get("PersistentVolume", pvc["spec"].get("volumeName", ""))
    if pv is None:
        return False
    request = c.requested(pvc)
    if c.capacity(pv) < request:
        pv["spec"]["capacity"]["storage"] = str(request)
        store.update(pv)
        store.record(pvc, "Normal", "Resizing", f"External resizer is resizing volume {pv['metadata']['name']}",
                     "external-resizer")
    shown = c.parse(str((status.get("capacity") or {}).get("storage", "0")))
    if shown < c.capacity(pv):
        running = [p for p in pods_using(store, pvc) if (p.get("status") or {}).get("phase") == "Running"]
        if running:
            status["capacity"] = {"storage": pv["spec"]["capacity"]["storage"]}
            status.pop("conditions", None)
            store.record(pvc, "Normal", "FileSystemResizeSuccessful",
                         f"MountVolume.NodeExpandVolume succeeded for volume \"{pv['metadata']['name']}\" "
                         f"{running[0]['spec'].get('nodeName', '')}", "kubelet")
            store.update(pvc)
        elif not status.get("conditions"):
            status["conditions"] = [{"type": "FileSystemResizePending", "status": "True",
                                     "lastProbeTime": None, "lastTransitionTime": store.clock.isoformat(),
                                     "message": PENDING}]
            store.update(pvc)
    return shown < c.capacity(pv)
