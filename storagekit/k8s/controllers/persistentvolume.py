"""The PV controller (``pkg/controller/volume/persistentvolume``): binding claims to volumes, and reclaiming them.

``sync()`` runs ``syncClaim`` over the claims and ``syncVolume`` over the
volumes that may have something to do (see :class:`PVController`) until a
pass changes nothing; the converged state is what Kubernetes
reaches too (upstream's unit tests check single steps, whose intermediate
states differ between versions). The matcher searches volumes by exact
access-mode set, fewest modes first, and within the first group that yields
one takes the smallest that fits, so a bigger volume with fewer modes beats a
smaller one with more. Events carry the controller's reasons and messages.
"""

from __future__ import annotations

import copy
import re

from storagekit.k8s import claims as c
from storagekit.k8s import matching as m
from storagekit.k8s.controllers.index import VolumeIndex
from storagekit.k8s.controllers.protection import pods_using
from storagekit.k8s.controllers.provisioner import plugin_for, provisioned_externally
from storagekit.k8s.controllers.workqueue import WorkQueue
from storagekit.k8s.store import ObjectStore

SOURCE = "persistentvolume-controller"
MAX_PASSES = 50
VOLUME_MISMATCH = {"deletionTimestamp": 'the volume is marked for deletion "{name}"',
                   "capacity": "requested PV is too small", "storageClassName": "storageClassName does not match",
                   "volumeMode": "incompatible volumeMode", "accessModes": "incompatible accessMode"}
"""``checkVolumeSatisfyClaim``'s words for the first check a named volume fails
(:func:`~storagekit.k8s.matching.mismatch` decides which)."""


CLAIM, VOLUME = "PersistentVolumeClaim", "PersistentVolume"


class PVController:
    """Reacts to what was written, as the real controller does with informers and work queues: a claim or volume
    is synced when it, or an object its sync reads, changed since its last sync; a claim still looking for a
    volume on every pass; one whose last sync recorded an event again once the clock has moved (the periodic
    resync every 15 s counts such repeats) or a Pod changed. Every other sync would write nothing and record
    nothing, so bindings, phases and events are those of syncing everything on every pass."""

    def __init__(self, store: ObjectStore) -> None:
        self.store = store
        self.index = VolumeIndex()
        """Every volume that is free or names a claim, as the store holds it at the last look."""
        self.recycled: list[dict] = []
        """Volumes recycled since the runtime last scrubbed them (the recycler Pod's ``rm -rf /scrub/*``)."""
        self.seen = 0
        """The store's :attr:`~storagekit.k8s.store.ObjectStore.revision` up to which writes are accounted for."""
        self.queues = {CLAIM: WorkQueue(), VOLUME: WorkQueue()}
        """The claims and volumes to sync."""
        self.unbound: set[tuple[str, str]] = set()
        """Claims with neither a volume nor a completed binding: what any volume may change."""
        self.noisy: set[tuple[str, str, str]] = set()
        """What recorded an event at its last sync: synced again when the clock has moved or a Pod changed."""
        self.pod_readers: set[tuple[str, str, str]] = set()
        """What looked at Pods at its last sync (a recycle, a claim waiting for its first consumer)."""
        self.clock_seen = -1
        self.volume_named: dict[tuple[str, str], str] = {}
        """Each claim's ``spec.volumeName``, and the other way round :attr:`claims_naming`."""
        self.claims_naming: dict[str, set[tuple[str, str]]] = {}
        self.claim_referred: dict[str, tuple[str, str]] = {}
        """Each volume's ``claimRef`` as ``(namespace, name)``, and the other way round :attr:`volumes_referring`."""
        self.volumes_referring: dict[tuple[str, str], set[str]] = {}
        self._reported = self._read_pods = False

    # ------------------------------------------------------------------ what to sync

    def _queue(self, key: tuple[str, str, str]) -> None:
        self.queues[key[0]].add(key[1:])

    def _drain(self) -> None:
        """Account for the writes since the last look: queue what they changed and what reads it."""
        if self.store.revision == self.seen:
            return
        for ns, name in self.store.written_since(CLAIM, self.seen):
            self._claim_changed(ns, name)
        for _, name in self.store.written_since(VOLUME, self.seen):
            self._volume_changed(name)
        if self.store.written_since("Pod", self.seen):
            for key in sorted(self.noisy | self.pod_readers):
                self._queue(key)
        self.seen = self.store.revision

    def _claim_changed(self, ns: str, name: str) -> None:
        key = (CLAIM, ns, name)
        self._queue(key)
        old = self.volume_named.pop((ns, name), None)
        if old is not None:
            self.claims_naming[old].discard((ns, name))
        self.unbound.discard((ns, name))
        pvc = self.store.get(CLAIM, name, ns)
        if pvc is not None:
            volume = pvc["spec"].get("volumeName")
            if volume:
                self.volume_named[(ns, name)] = volume
                self.claims_naming.setdefault(volume, set()).add((ns, name))
            elif not c.has_annotation(pvc, c.ANN_BIND_COMPLETED):
                self.unbound.add((ns, name))
        for volume in sorted(self.volumes_referring.get((ns, name), ())):
            self._queue((VOLUME, "", volume))

    def _volume_changed(self, name: str) -> None:
        self._queue((VOLUME, "", name))
        old = self.claim_referred.pop(name, None)
        if old is not None:
            self.volumes_referring[old].discard(name)
        self.index.forget(name)
        pv = self.store.get(VOLUME, name)
        if pv is not None:
            self.index.put(pv)
            ref = pv["spec"].get("claimRef")
            if ref:
                at = (ref.get("namespace", ""), ref.get("name", ""))
                self.claim_referred[name] = at
                self.volumes_referring.setdefault(at, set()).add(name)
        for ns, claim in sorted(self.claims_naming.get(name, ())):
            self._queue((CLAIM, ns, claim))

    def _walk(self, kind: str, sync, *, pending_only: bool = False) -> None:
        """Sync the queued objects of ``kind`` in LIST order, as a pass over all of them would meet them (unbound
        claims always: any volume may be theirs)."""
        self._drain()
        queue = self.queues[kind]
        for ns, name in queue.walk(self.unbound if kind == CLAIM else ()):
            obj = self.store.get(kind, name, ns)
            if obj is None:
                continue
            if pending_only and (obj.get("status") or {}).get("phase") != "Pending":
                queue.add((ns, name))  # for the pass over every volume
                continue
            self._reported = self._read_pods = False
            sync(obj)
            for flag, where in ((self._reported, self.noisy), (self._read_pods, self.pod_readers)):
                if flag:
                    where.add((kind, ns, name))
                else:
                    where.discard((kind, ns, name))
            self._drain()  # what this sync wrote, while the walk is here: what comes later is met in this walk

    # ------------------------------------------------------------------ driver

    def sync(self) -> int:
        """Run to a fixpoint; returns how many passes changed something."""
        self._drain()
        if self.clock_seen != self.store.clock.now:
            self.clock_seen = self.store.clock.now
            for key in sorted(self.noisy):
                self._queue(key)
        changed = 0
        for _ in range(MAX_PASSES):
            before = self.store.resource_version
            self._walk(VOLUME, self.sync_volume, pending_only=True)  # new volumes are Available before claims look
            self._walk(CLAIM, self.sync_claim)
            self._walk(VOLUME, self.sync_volume)
            if self.store.resource_version == before:
                return changed
            changed += 1
        return changed

    def _event(self, obj: dict, type_: str, reason: str, message: str) -> None:
        self._reported = True
        self.store.record(obj, type_, reason, message, SOURCE)

    def _set_phase(self, obj: dict, phase: str, message: str | None = None) -> bool:
        status = obj.setdefault("status", {})
        if status.get("phase") == phase and (message is None or status.get("message") == message):
            return False
        status["phase"] = phase
        if message is not None:
            status["message"] = message
        elif "message" in status and obj["kind"] == "PersistentVolume":
            del status["message"]
        if obj["kind"] == "PersistentVolumeClaim" and phase != "Bound":
            status.pop("capacity", None)
            status.pop("accessModes", None)
        self.store.update(obj)
        return True

    # ------------------------------------------------------------------ claims

    def sync_claim(self, pvc: dict) -> None:
        if pvc["metadata"].get("deletionTimestamp") and not pvc["metadata"].get("finalizers"):
            return
        if not c.has_annotation(pvc, c.ANN_BIND_COMPLETED):
            if pvc["spec"].get("volumeName"):
                self._sync_prebound_claim(pvc)
            else:
                self._sync_unbound_claim(pvc)
        else:
            self._sync_bound_claim(pvc)

    def find_matching_volume(self, pvc: dict, delay: bool = False) -> dict | None:
        """The volume ``syncUnboundClaim`` would pick (see :class:`VolumeIndex`)."""
        self._drain()
        return self.index.find(pvc, delay)

    def _sync_unbound_claim(self, pvc: dict) -> None:
        delay = m.delay_binding(self.store, pvc)
        pv = self.find_matching_volume(pvc, delay)
        if pv is not None:
            self._bind(pv, pvc)
            return
        default = c.default_class(self.store.list("StorageClass")) if c.class_is_unset(pvc) else ""
        if default:
            pvc["spec"]["storageClassName"] = default  # retroactive default class
            self.store.update(pvc)
            return
        if delay and not c.has_annotation(pvc, c.ANN_SELECTED_NODE):
            self._wait_for_consumer(pvc)
        elif c.claim_class(pvc):
            self._provision(pvc)
        else:
            self._event(pvc, "Normal", "FailedBinding",
                        "no persistent volumes available for this claim and no storage class is set")
        self._set_phase(pvc, "Pending")

    def _wait_for_consumer(self, pvc: dict) -> None:
        """``emitEventForUnboundDelayBindingClaim``: name the Pods the scheduler has yet to place, if any."""
        self._read_pods = True
        waiting = [p["metadata"]["name"] for p in pods_using(self.store, pvc) if not p["spec"].get("nodeName")]
        if not waiting:
            self._event(pvc, "Normal", "WaitForFirstConsumer",
                        "waiting for first consumer to be created before binding")
        else:
            self._event(pvc, "Normal", "WaitForPodScheduled", f"waiting for pod{'s' if len(waiting) > 1 else ''} "
                        f"{','.join(waiting)} to be scheduled")

    def _provision(self, pvc: dict) -> None:
        """``provisionClaim``: an external provisioner is asked by annotation; the in-tree plugins cannot provision."""
        name = c.claim_class(pvc)
        sc = self.store.get("StorageClass", name)
        if sc is None:
            self._event(pvc, "Warning", "ProvisioningFailed", f'storageclass.storage.k8s.io "{name}" not found')
            return
        provisioner, error = plugin_for(sc.get("provisioner", ""))
        if error and provisioner is None:  # findProvisionablePlugin failed: nothing is annotated
            self._event(pvc, "Warning", "ProvisioningFailed", error)
            return
        if error and pvc["spec"].get("dataSource"):
            self._event(pvc, "Warning", "ProvisioningFailed", f'plugin "{provisioner}" is not a CSI plugin. Only CSI '
                        "plugin can provision a claim with a datasource")
            return
        ann = c.annotations_of(pvc)
        if ann.get(c.ANN_STORAGE_PROVISIONER) != provisioner:
            ann[c.ANN_STORAGE_PROVISIONER] = ann[c.ANN_BETA_STORAGE_PROVISIONER] = provisioner
            self.store.update(pvc)
        if error:
            if sc.get("mountOptions"):
                error = (f'Mount options are not supported by the provisioner but StorageClass "{name}" has mount '
                         f"options [{' '.join(sc['mountOptions'])}]")
            self._event(pvc, "Warning", "ProvisioningFailed", error)
            return
        self._event(pvc, "Normal", "ExternalProvisioning",
                    f"Waiting for a volume to be created either by the external provisioner '{provisioner}' or "
                    "manually by the system administrator. If volume creation is delayed, please verify that the "
                    "provisioner is running and correctly registered.")

    def _sync_prebound_claim(self, pvc: dict) -> None:
        name = pvc["spec"]["volumeName"]
        pv = self.store.get("PersistentVolume", name)
        if pv is None:
            self._set_phase(pvc, "Pending")
            return
        reasons = m.mismatch(pv, pvc)
        if not reasons:
            self._bind(pv, pvc)
        elif reasons[0].field == "claimRef":
            self._event(pvc, "Warning", "FailedBinding", f'volume "{name}" already bound to a different claim.')
            self._set_phase(pvc, "Pending")
        else:
            reason = VOLUME_MISMATCH[reasons[0].field].format(name=name)
            self._event(pvc, "Warning", "VolumeMismatch", f'Cannot bind to requested volume "{name}": {reason}')
            self._set_phase(pvc, "Pending")

    def _sync_bound_claim(self, pvc: dict) -> None:
        name = pvc["spec"].get("volumeName")
        if not name:
            self._lost(pvc, "ClaimLost",
                       "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!")
            return
        pv = self.store.get("PersistentVolume", name)
        if pv is None:
            self._lost(pvc, "ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!")
            return
        ref = pv["spec"].get("claimRef")
        if not ref or ref.get("uid") == pvc["metadata"]["uid"]:
            self._bind(pv, pvc)
        else:
            self._lost(pvc, "ClaimMisbound", "Two claims are bound to the same volume, this one is bound incorrectly")

    def _lost(self, pvc: dict, reason: str, message: str) -> None:
        if self._set_phase(pvc, "Lost"):
            self._event(pvc, "Warning", reason, message)

    # ------------------------------------------------------------------ bind

    def _bind(self, pv: dict, pvc: dict) -> None:
        """PV claimRef, PV Bound, claim volumeName and annotations, claim Bound with the PV's size and modes."""
        self.index.take(pv)
        if c.bind_volume_to_claim(pv, pvc):
            self.store.update(pv)
        self._set_phase(pv, "Bound")
        changed = False
        if pvc["spec"].get("volumeName") != pv["metadata"]["name"]:
            pvc["spec"]["volumeName"] = pv["metadata"]["name"]
            c.annotations_of(pvc)[c.ANN_BOUND_BY_CONTROLLER] = "yes"
            changed = True
        if not c.has_annotation(pvc, c.ANN_BIND_COMPLETED):
            c.annotations_of(pvc)[c.ANN_BIND_COMPLETED] = "yes"
            changed = True
        status = pvc.setdefault("status", {})
        wanted: dict[str, object] = {"phase": "Bound", "accessModes": list(pv["spec"].get("accessModes") or [])}
        if status.get("phase") != "Bound":  # the capacity is copied as the claim becomes Bound, not after:
            wanted["capacity"] = copy.deepcopy(pv["spec"].get("capacity") or {})  # a resize shows it later
        if any(status.get(k) != v for k, v in wanted.items()):
            status.update(wanted)
            changed = True
        if changed:
            self.store.update(pvc)

    # ------------------------------------------------------------------ volumes

    def sync_volume(self, pv: dict) -> None:
        ref = pv["spec"].get("claimRef")
        if not ref or not ref.get("uid"):
            self._set_phase(pv, "Available")
            return
        pvc = self.store.get("PersistentVolumeClaim", ref.get("name", ""), ref.get("namespace", ""))
        if pvc is not None and pvc["metadata"]["uid"] != ref["uid"]:
            pvc = None
        if pvc is None:
            self._release(pv)
            return
        if not pvc["spec"].get("volumeName"):
            if m.check_volume_mode(pv, pvc):
                self._event(pv, "Warning", "VolumeMismatch", "Cannot bind PersistentVolume to requested "
                            f'PersistentVolumeClaim "{pvc["metadata"]["name"]}" due to incompatible volumeMode.')
                self._event(pvc, "Warning", "VolumeMismatch", f'Cannot bind PersistentVolume "{pv["metadata"]["name"]}"'
                            " to requested PersistentVolumeClaim due to incompatible volumeMode.")
            return
        if pvc["spec"]["volumeName"] == pv["metadata"]["name"]:
            self._set_phase(pv, "Bound")
            return
        if c.has_annotation(pv, c.ANN_PROVISIONED_BY) and pv["spec"].get("persistentVolumeReclaimPolicy") == "Delete":
            self._release(pv)  # made for this claim, which got another volume: not needed any more
            return
        if c.has_annotation(pv, c.ANN_BOUND_BY_CONTROLLER):  # roll back a binding the controller made
            pv["spec"].pop("claimRef", None)
            c.annotations_of(pv).pop(c.ANN_BOUND_BY_CONTROLLER, None)
        else:  # the user reserved it for that claim name: keep the reservation
            pv["spec"]["claimRef"].pop("uid", None)
        self.store.update(pv)
        self._set_phase(pv, "Available")

    def _release(self, pv: dict) -> None:
        """Released (a Failed volume keeps its phase, so the user sees what went wrong), then the policy is retried
        on every sync."""
        if (pv.get("status") or {}).get("phase") not in ("Released", "Failed"):
            self._set_phase(pv, "Released")
        self._reclaim(pv)

    def _reclaim(self, pv: dict) -> None:
        policy = pv["spec"].get("persistentVolumeReclaimPolicy", "Retain")
        if policy == "Retain":
            return
        if policy == "Delete":
            if provisioned_externally(pv) or pv["metadata"].get("deletionTimestamp"):
                return  # its provisioner deletes it, if it runs; or it is being deleted already
            error = self._delete_asset(pv)
            if error:
                self._fail(pv, "VolumeFailedDelete", error)
                return
            self.store.delete(pv)
            return
        if policy == "Recycle":
            self._recycle(pv)
            return
        self._fail(pv, "VolumeUnknownReclaimPolicy", "Volume has unrecognized PersistentVolumeReclaimPolicy")

    def _fail(self, pv: dict, reason: str, message: str) -> None:
        """``updateVolumePhaseWithEvent``: a volume already Failed keeps its first message and gets no new event."""
        if (pv.get("status") or {}).get("phase") != "Failed":
            self._set_phase(pv, "Failed", message)
            self._event(pv, "Warning", reason, message)

    def _recycle(self, pv: dict) -> None:
        """``recycleVolumeOperation``: not while Pods still name the gone claim; only hostPath and nfs recycle."""
        self._read_pods = True
        ref = pv["spec"]["claimRef"]
        ns, name = ref.get("namespace", ""), ref.get("name", "")
        users = sorted(f"{ns}/{p['metadata']['name']}" for p in self.store.list("Pod", ns)
                       if name in c.pod_claims(p)
                       and (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed"))
        if users and self.store.get("PersistentVolumeClaim", name, ns) is None:
            self._event(pv, "Normal", "VolumeFailedRecycle", f"Volume is used by pods: {','.join(users)}")
            return
        if not ({"hostPath", "nfs"} & set(pv["spec"])):
            self._fail(pv, "VolumeFailedRecycle", "No recycler plugin found for the volume!")
            return
        if c.has_annotation(pv, c.ANN_BOUND_BY_CONTROLLER):
            pv["spec"].pop("claimRef", None)
            c.annotations_of(pv).pop(c.ANN_BOUND_BY_CONTROLLER, None)
        else:
            pv["spec"]["claimRef"].pop("uid", None)
        self.store.update(pv)
        self.recycled.append(pv)
        self._event(pv, "Normal", "VolumeRecycled", "Volume recycled")
        self._set_phase(pv, "Available")

    def _delete_asset(self, pv: dict) -> str:
        """The deleter's verdict, "" when the storage is gone. The controller's plugins are host-path, nfs and
        portworx: hostPath deletes only under /tmp, nfs cannot delete, and no plugin at all handles the rest (a
        CSI volume is deleted only by the provisioner named in its ``provisioned-by`` annotation)."""
        if "hostPath" in pv["spec"]:
            path = pv["spec"]["hostPath"].get("path", "")
            return "" if re.fullmatch(r"/tmp/.+", path) else \
                f"host_path deleter only supports /tmp/.+ but received provided {path}"
        reason = "no deletable volume plugin matched" if "nfs" in pv["spec"] else "no volume plugin matched"
        return f'error getting deleter volume plugin for volume "{pv["metadata"]["name"]}": {reason}'
