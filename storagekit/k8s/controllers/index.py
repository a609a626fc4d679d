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
    """Kept up to date volume by volume (:meth:`put`, :meth:`forget`) as the controller hears of writes, the way
    the real controller's informer cache is, instead of being rebuilt for every pass."""

    def __init__(self, pvs: list[dict] = ()) -> None:  # type: ignore[assignment]
        self.free: dict[tuple[str, ...], list[tuple[Fraction, str, dict]]] = {}
        self.prebound: dict[tuple[str, str], list[dict]] = {}
        self.where: dict[str, tuple] = {}
        """Where each indexed volume was put, by name: ``("free", modes, (size, name))`` or ``("prebound", ref)``,
        so that it can be taken out after its dict has changed."""
        for pv in pvs:
            self.put(pv)

    def put(self, pv: dict) -> None:
        """Index the volume as it is now (after :meth:`forget` of what it was)."""
        name = pv["metadata"]["name"]
        ref = pv["spec"].get("claimRef")
        if ref:
            at = (ref.get("namespace", ""), ref.get("name", ""))
            same = self.prebound.setdefault(at, [])
            same.insert(bisect.bisect_left(same, name, key=lambda v: v["metadata"]["name"]), pv)
            self.where[name] = ("prebound", at)
        elif (pv.get("status") or {}).get("phase") == "Available":
            entry = (c.capacity(pv).value, name, pv)
            bisect.insort(self.free.setdefault(c.modes(pv), []), entry, key=lambda e: (e[0], e[1]))
            self.where[name] = ("free", c.modes(pv), (entry[0], name))

    def forget(self, name: str) -> None:
        """Take the volume out, wherever it was put."""
        where = self.where.pop(name, None)
        if where is None:
            return
        if where[0] == "prebound":
            same = self.prebound[where[1]]
            same[:] = [pv for pv in same if pv["metadata"]["name"] != name]
            if not same:
                del self.prebound[where[1]]
            return
        entries = self.free[where[1]]
        i = bisect.bisect_left(entries, where[2], key=lambda e: (e[0], e[1]))
        del entries[i]
        if not entries:
            del self.free[where[1]]

    def take(self, pv: dict) -> None:
        """A volume just got bound: it is no longer free."""
        where = self.where.get(pv["metadata"]["name"])
        if where is not None and where[0] == "free":
            self.forget(pv["metadata"]["name"])

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
