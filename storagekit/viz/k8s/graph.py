"""A cluster's storage objects and how they relate, indexed so that a picture can walk out from one of them.

Objects are keyed ``(kind, namespace, name)`` as the store keys them. Things a
picture must show although they are not there get keys of their own kinds: a
claim a Pod names that does not exist, a volume a claim names that does not
exist, a class a claim names that does not exist, the absence of any class, and a
volume the last command's reclaiming deleted.

Two objects are neighbours when the picture draws a line between them: a Pod and
the claims it uses, a Pod and its node, a claim and the volume either of their
pointers names, a class and the volumes it provisioned, a claim nobody
provisioned and its class, a Pending claim and the closest volumes it did not get.
"""

from __future__ import annotations

from storagekit.k8s import claims as c
from storagekit.k8s.controllers.provisioner import why_not_provisioned
from storagekit.k8s.controllers.scheduler import volume_reasons
from storagekit.k8s.matching import Reason
from storagekit.viz.k8s.candidates import Candidates, candidates
from storagekit.viz.k8s.common import (
    DELETED_VOLUME,
    MISSING_CLAIM,
    MISSING_CLASS,
    MISSING_VOLUME,
    NO_CLASS,
    changed_keys,
)

HUBS = ("StorageClass", "Node", MISSING_CLASS, NO_CLASS)
"""Objects many others hang on: a walk reaches them but does not go on through them."""
RECLAIMERS = ("persistentvolume-controller", "external-provisioner")

Key = tuple[str, str, str]


class StorageGraph:
    def __init__(self, state, namespace: str | None = None) -> None:
        store = self.store = state.store
        self.running = list(state.provisioners)
        self.namespace = namespace

        def mine(o: dict) -> bool:
            return namespace is None or o["metadata"].get("namespace") == namespace

        self.classes = {sc["metadata"]["name"]: sc for sc in store.list("StorageClass")}
        self.nodes = {n["metadata"]["name"]: n for n in store.list("Node")}
        self.claims = {(o["metadata"]["namespace"], o["metadata"]["name"]): o
                       for o in store.list("PersistentVolumeClaim") if mine(o)}
        self.pods = {(o["metadata"]["namespace"], o["metadata"]["name"]): o for o in store.list("Pod")
                     if mine(o) and c.pod_claims(o)}
        self.volumes = {pv["metadata"]["name"]: pv for pv in store.list("PersistentVolume")}
        self.changed, deleted = changed_keys(state)
        self.deleted = {k[2]: store.deleted[k] for k, who in deleted.items()
                        if k[0] == "PersistentVolume" and who in RECLAIMERS and k in store.deleted}
        self.by_ref: dict[tuple[str, str], list[dict]] = {}
        self.by_name: dict[str, list[dict]] = {}
        self.provisioned: dict[str, list[dict]] = {}
        for pv in self.volumes.values():
            ref = pv["spec"].get("claimRef")
            if ref:
                self.by_ref.setdefault((ref.get("namespace", ""), ref.get("name", "")), []).append(pv)
            if c.has_annotation(pv, c.ANN_PROVISIONED_BY) and c.volume_class(pv) in self.classes:
                self.provisioned.setdefault(c.volume_class(pv), []).append(pv)
        for pvc in self.claims.values():
            if pvc["spec"].get("volumeName"):
                self.by_name.setdefault(pvc["spec"]["volumeName"], []).append(pvc)
        self.users: dict[tuple[str, str], list[dict]] = {}
        self.on_node: dict[str, list[dict]] = {}
        for pod in self.pods.values():
            for claim in c.pod_claims(pod):
                self.users.setdefault((pod["metadata"]["namespace"], claim), []).append(pod)
            if pod["spec"].get("nodeName") in self.nodes:
                self.on_node.setdefault(pod["spec"]["nodeName"], []).append(pod)
        self._candidates: dict[tuple[str, str], Candidates] = {}
        self._refusals: dict[tuple[str, str], Reason | None] = {}

    # ------------------------------------------------------------------ facts about one object

    def get(self, k: Key) -> dict | None:
        kind, ns, name = k
        return {"Pod": lambda: self.pods.get((ns, name)), "PersistentVolumeClaim": lambda: self.claims.get((ns, name)),
                "PersistentVolume": lambda: self.volumes.get(name), "StorageClass": lambda: self.classes.get(name),
                "Node": lambda: self.nodes.get(name), DELETED_VOLUME: lambda: self.deleted.get(name)
                }.get(kind, lambda: None)()

    @staticmethod
    def pending(pvc: dict) -> bool:
        return (pvc.get("status") or {}).get("phase", "Pending") == "Pending"

    def candidates(self, pvc: dict) -> Candidates:
        k = (pvc["metadata"]["namespace"], pvc["metadata"]["name"])
        if k not in self._candidates:
            self._candidates[k] = candidates(self.store, pvc, list(self.volumes.values()))
        return self._candidates[k]

    def reasons(self, pvc: dict, pv: dict) -> list[Reason]:
        """Every check the volume fails for the claim, on the matcher's path the claim is on."""
        return volume_reasons(self.store, pvc, [pv])[pv["metadata"]["name"]]

    def refusal(self, pvc: dict) -> Reason | None:
        """Why no volume was provisioned for a Pending claim (engine's words), None if one is on its way."""
        k = (pvc["metadata"]["namespace"], pvc["metadata"]["name"])
        if k not in self._refusals:
            self._refusals[k] = why_not_provisioned(self.store, pvc, self.running) if self.pending(pvc) else None
        return self._refusals[k]

    def refusal_target(self, pvc: dict) -> Key:
        """Where a claim's provisioning stopped: its class, a class that does not exist, or no class at all."""
        name = c.claim_class(pvc)
        if not name:
            return NO_CLASS, "", ""
        return ("StorageClass", "", name) if name in self.classes else (MISSING_CLASS, "", name)

    def claim_ref_target(self, pv: dict) -> dict | None:
        """The claim the volume's ``claimRef`` points at, if it exists (and, when the reference has a uid, is it)."""
        ref = pv["spec"].get("claimRef") or {}
        pvc = self.claims.get((ref.get("namespace", ""), ref.get("name", "")))
        return pvc if pvc is not None and c.claim_ref_matches(pv, pvc) else None

    def reserved_for(self, pv: dict) -> Key | None:
        """The claim an Available volume's ``claimRef`` reserves it for, when that claim does not exist (yet)."""
        ref = pv["spec"].get("claimRef") or {}
        key = (ref.get("namespace", ""), ref.get("name", ""))
        if not ref or (pv.get("status") or {}).get("phase") != "Available" or key in self.claims \
                or (self.namespace is not None and key[0] != self.namespace):
            return None
        return MISSING_CLAIM, *key

    # ------------------------------------------------------------------ neighbours

    def neighbours(self, k: Key) -> list[Key]:
        kind, ns, name = k
        out: list[Key] = []
        if kind == "Pod":
            pod = self.pods[(ns, name)]
            for claim in c.pod_claims(pod):
                out.append(("PersistentVolumeClaim" if (ns, claim) in self.claims else MISSING_CLAIM, ns, claim))
            if pod["spec"].get("nodeName") in self.nodes:
                out.append(("Node", "", pod["spec"]["nodeName"]))
        elif kind == "PersistentVolumeClaim":
            pvc = self.claims[(ns, name)]
            out += [("Pod", ns, p["metadata"]["name"]) for p in self.users.get((ns, name), [])]
            volume = pvc["spec"].get("volumeName")
            if volume:
                out.append(("PersistentVolume" if volume in self.volumes else MISSING_VOLUME, "", volume))
            out += [("PersistentVolume", "", pv["metadata"]["name"]) for pv in self.by_ref.get((ns, name), [])
                    if c.claim_ref_matches(pv, pvc)]
            if self.pending(pvc):
                out += [("PersistentVolume", "", pv["metadata"]["name"]) for pv, _ in self.candidates(pvc).shown]
                if self.refusal(pvc) is not None:
                    out.append(self.refusal_target(pvc))
        elif kind == "PersistentVolume":
            pv = self.volumes[name]
            out += [("PersistentVolumeClaim", p["metadata"]["namespace"], p["metadata"]["name"])
                    for p in self.by_name.get(name, [])]
            target = self.claim_ref_target(pv)
            if target is not None:
                out.append(("PersistentVolumeClaim", target["metadata"]["namespace"], target["metadata"]["name"]))
            reserved = self.reserved_for(pv)
            if reserved is not None:
                out.append(reserved)
            if pv in self.provisioned.get(c.volume_class(pv), []):
                out.append(("StorageClass", "", c.volume_class(pv)))
        elif kind == "StorageClass":
            out += [("PersistentVolume", "", pv["metadata"]["name"]) for pv in self.provisioned.get(name, [])]
            out += [(DELETED_VOLUME, "", n) for n, pv in self.deleted.items() if c.volume_class(pv) == name]
            out += self._refused_claims(lambda pvc: c.claim_class(pvc) == name)
        elif kind == "Node":
            out += [("Pod", p["metadata"]["namespace"], p["metadata"]["name"]) for p in self.on_node.get(name, [])]
        elif kind == MISSING_CLAIM:
            out += [("Pod", ns, p["metadata"]["name"]) for p in self.users.get((ns, name), [])]
        elif kind == MISSING_VOLUME:
            out += [("PersistentVolumeClaim", p["metadata"]["namespace"], p["metadata"]["name"])
                    for p in self.by_name.get(name, [])]
        elif kind in (MISSING_CLASS, NO_CLASS):
            out += self._refused_claims(lambda pvc: c.claim_class(pvc) == name)
        elif kind == DELETED_VOLUME and c.volume_class(self.deleted[name]) in self.classes:
            out.append(("StorageClass", "", c.volume_class(self.deleted[name])))
        return list(dict.fromkeys(out))

    def _refused_claims(self, of_class) -> list[Key]:
        return [("PersistentVolumeClaim", ns, name) for (ns, name), pvc in self.claims.items()
                if of_class(pvc) and self.pending(pvc) and not pvc["spec"].get("volumeName")
                and self.refusal(pvc) is not None]

    def everything(self) -> list[Key]:
        """Every object of the picture (within its namespace), with the ghosts they point at."""
        keys: list[Key] = [("StorageClass", "", n) for n in self.classes]
        keys += [("PersistentVolumeClaim", ns, n) for ns, n in self.claims]
        keys += [("Pod", ns, n) for ns, n in self.pods]
        keys += [("Node", "", n) for n in self.on_node]
        keys += [(DELETED_VOLUME, "", n) for n in self.deleted]
        for pv in self.volumes.values():
            ref = pv["spec"].get("claimRef")
            if self.namespace is None or not ref or ref.get("namespace") == self.namespace:
                keys.append(("PersistentVolume", "", pv["metadata"]["name"]))
        found = dict.fromkeys(keys)
        for k in keys:
            if k[0] in ("Pod", "PersistentVolumeClaim"):
                found.update(dict.fromkeys(self.neighbours(k)))
            elif k[0] == "PersistentVolume" and (reserved := self.reserved_for(self.volumes[k[2]])) is not None:
                found[reserved] = None
        return list(found)
