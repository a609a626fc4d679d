"""The PV controller's volume index (``persistentvolume/index.go``): volumes by access-mode set, then by size.

``find`` answers a claim the way ``findByClaim`` does: access-mode groups that
hold every requested mode, fewest modes first; in a group, a volume whose
``claimRef`` names the claim wins at once; otherwise the smallest free volume
that passes every check of :func:`~storagekit.k8s.matching.mismatch`. Free
volumes are kept sorted by capacity, so a claim costs a binary search and a
short scan, and thousands of claims bind in n log n.
"""

from __future__ import annotations

import bisect
from fractions import Fraction

from storagekit.k8s import claims as c
from storagekit.k8s import matching as m


def group_order(group: tuple[str, ...]) -> tuple:
    """Fewest modes first; groups of one size have no defined order upstream, here the canonical mode order."""
    return len(group), [c.MODE_ORDER.index(mode) for mode in group]


class VolumeIndex:
    def __init__(self, pvs: list[dict]) -> None:
        self.free: dict[tuple[str, ...], list[tuple[Fraction, str, dict]]] = {}
        self.prebound: dict[tuple[str, str], list[dict]] = {}
        for pv in pvs:
            ref = pv["spec"].get("claimRef")
            if ref:
                self.prebound.setdefault((ref.get("namespace", ""), ref.get("name", "")), []).append(pv)
            elif (pv.get("status") or {}).get("phase") == "Available":
                self.free.setdefault(c.modes(pv), []).append((c.capacity(pv).value, pv["metadata"]["name"], pv))
        for entries in self.free.values():
            entries.sort(key=lambda e: (e[0], e[1]))

    def take(self, pv: dict) -> None:
        """A volume just got bound: it is no longer free."""
        entries = self.free.get(c.modes(pv), [])
        key = (c.capacity(pv).value, pv["metadata"]["name"])
        i = bisect.bisect_left(entries, key, key=lambda e: (e[0], e[1]))
        if i < len(entries) and entries[i][2] is pv:
            del entries[i]

    def find(self, pvc: dict, delay: bool) -> dict | None:
        """The volume ``findByClaim`` picks: every candidate passes :func:`~storagekit.k8s.matching.mismatch`,
        the one rule of what may bind; the groups and the sorted lists only decide which to try first."""
        wanted = set(c.modes(pvc))
        request = c.requested(pvc)
        meta = pvc["metadata"]
        mine = [pv for pv in self.prebound.get((meta.get("namespace", ""), meta["name"]), [])
                if c.claim_ref_matches(pv, pvc)]
        groups = {c.modes(pv) for pv in mine} | set(self.free)
        for group in sorted((g for g in groups if wanted <= set(g)), key=group_order):
            for pv in mine:
                if c.modes(pv) == group and not m.mismatch(pv, pvc, delay_binding=delay):
                    return pv
            if delay:
                continue
            entries = self.free.get(group, [])
            start = bisect.bisect_left(entries, request.value, key=lambda e: e[0])
            for _, _, pv in entries[start:]:
                if not m.mismatch(pv, pvc):
                    return pv
        return None
