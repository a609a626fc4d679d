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

PENDING = "Waiting for user to (re-)start a pod to finish file system resize of volume on node."


def sync_expansion(store) -> None:
    for pvc in store.list("PersistentVolumeClaim"):
        status = pvc.get("status") or {}
        if status.get("phase") != "Bound":
            continue
        pv = store.get("PersistentVolume", pvc["spec"].get("volumeName", ""))
        if pv is None:
            continue
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
