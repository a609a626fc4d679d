"""Which volumes to show beside a claim that did not bind, so that the picture explains without a hairball.

The reasons are the engine's (:func:`storagekit.k8s.controllers.scheduler.volume_reasons`,
which calls :func:`storagekit.k8s.matching.mismatch`); this module only chooses the
few closest volumes (fewest reasons, then the nearest miss; never one bound to
another claim) and counts the others by the first check they fail.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from storagekit.k8s import claims as c
from storagekit.k8s.controllers.scheduler import volume_reasons
from storagekit.k8s.matching import Reason

SHOWN = 3
"""Volumes drawn beside a Pending claim; the others are counted."""
NEAREST = ("capacity", "accessModes", "storageClassName", "selector", "volumeMode", "nodeAffinity",
           "volumeBindingMode", "phase", "deletionTimestamp", "claimRef", "volumeName")
"""Which failed check makes a volume a nearer miss, when two fail as many."""
GROUPS = {"capacity": "too small", "accessModes": "access modes", "storageClassName": "other class",
          "selector": "selector", "volumeMode": "volumeMode", "nodeAffinity": "node affinity",
          "volumeBindingMode": "waiting for a Pod", "phase": "not Available", "deletionTimestamp": "being deleted",
          "claimRef": "bound or claimed", "volumeName": "not the named volume", "": "would fit"}


@dataclass
class Candidates:
    shown: list[tuple[dict, list[Reason]]] = field(default_factory=list)
    """The closest volumes and every check each fails (an empty list: it fits, the next pass binds it)."""
    others: Counter = field(default_factory=Counter)
    """The volumes not shown, counted by the first check they fail."""

    def summary(self) -> str:
        """``12 more ruled out: 8 other class, 3 bound or claimed, 1 too small``; "" if none, or if nothing is
        drawn and the others are all other claims' volumes (which says nothing the picture does not)."""
        total = sum(self.others.values())
        if not total or (not self.shown and set(self.others) == {"claimRef"}):
            return ""
        parts = [f"{n} {GROUPS[f]}" for f, n in sorted(self.others.items(), key=lambda kv: (-kv[1], kv[0]))]
        return f"{total} {'more ' if self.shown else ''}ruled out: " + ", ".join(parts)


def _closeness(request: float, pv: dict, reasons: list[Reason]) -> tuple:
    first = NEAREST.index(reasons[0].field) if reasons else -1
    return len(reasons), first, abs(float(c.capacity(pv).value) - request), pv["metadata"]["name"]


def _taken(pv: dict, reasons: list[Reason]) -> bool:
    """Bound to another claim: a line to it would say little, and there may be many."""
    return (pv.get("status") or {}).get("phase") == "Bound" and any(r.field == "claimRef" for r in reasons)


def candidates(store, pvc: dict, pvs: list[dict], shown: int = SHOWN) -> Candidates:
    """The volumes closest to binding ``pvc`` with their reasons, and a count of the rest. A claim that names its
    volume considers that one only."""
    named = pvc["spec"].get("volumeName")
    if named:
        pvs = [pv for pv in pvs if pv["metadata"]["name"] == named]
    reasons = volume_reasons(store, pvc, pvs)
    request = float(c.requested(pvc).value)
    ranked = sorted(pvs, key=lambda pv: _closeness(request, pv, reasons[pv["metadata"]["name"]]))
    drawn = [pv for pv in ranked if named or not _taken(pv, reasons[pv["metadata"]["name"]])][:shown]
    out = Candidates([(pv, reasons[pv["metadata"]["name"]]) for pv in drawn])
    for pv in ranked:
        if any(pv is p for p in drawn):
            continue
        first = reasons[pv["metadata"]["name"]][:1]
        out.others[first[0].field if first else ""] += 1
    return out
