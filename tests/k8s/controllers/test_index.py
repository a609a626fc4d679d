"""The volume index picks what a plain reading of the matcher picks, for any mix of volumes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storagekit.k8s import claims as c
from storagekit.k8s.controllers.index import VolumeIndex

MODES = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany"]


def naive(pvs: list[dict], pvc: dict) -> dict | None:
    """findByClaim written out: groups by exact mode set, fewest first; pre-bound at once; else smallest fit."""
    groups: dict[tuple, list[dict]] = {}
    for pv in pvs:
        groups.setdefault(c.modes(pv), []).append(pv)
    for group in sorted((g for g in groups if set(c.modes(pvc)) <= set(g)),
                        key=lambda g: (len(g), [c.MODE_ORDER.index(m) for m in g])):
        best = None
        for pv in sorted(groups[group], key=lambda p: p["metadata"]["name"]):
            ref = pv["spec"].get("claimRef")
            if ref and not c.claim_ref_matches(pv, pvc):
                continue
            if c.capacity(pv) < c.requested(pvc) or c.volume_mode(pv) != c.volume_mode(pvc):
                continue
            if ref:
                return pv
            if pv["status"]["phase"] != "Available" or c.volume_class(pv) != c.claim_class(pvc):
                continue
            if best is None or c.capacity(pv) < c.capacity(best):
                best = pv
        if best is not None:
            return best
    return None


volume = st.fixed_dictionaries({
    "size": st.integers(1, 8), "modes": st.sets(st.sampled_from(MODES), min_size=1),
    "cls": st.sampled_from(["", "gold"]), "phase": st.sampled_from(["Available", "Available", "Released"]),
    "ref": st.sampled_from([None, None, None, "me", "other"]),
})


@settings(max_examples=300, deadline=None)
@given(vols=st.lists(volume, max_size=12), size=st.integers(1, 8), modes=st.sets(st.sampled_from(MODES), min_size=1),
       cls=st.sampled_from(["", "gold"]))
def test_index_agrees_with_the_plain_matcher(vols, size, modes, cls):
    pvs = []
    for i, v in enumerate(vols):
        spec = {"capacity": {"storage": f"{v['size']}Gi"}, "accessModes": sorted(v["modes"]),
                "storageClassName": v["cls"]}
        if v["ref"]:
            spec["claimRef"] = {"namespace": "default", "name": v["ref"]}
        pvs.append({"kind": "PersistentVolume", "metadata": {"name": f"pv{i:02d}"}, "spec": spec,
                    "status": {"phase": v["phase"]}})
    pvc = {"kind": "PersistentVolumeClaim", "metadata": {"name": "me", "namespace": "default", "uid": "u"},
           "spec": {"accessModes": sorted(modes), "storageClassName": cls,
                    "resources": {"requests": {"storage": f"{size}Gi"}}}}
    assert VolumeIndex(pvs).find(pvc, delay=False) is naive(pvs, pvc)


@settings(max_examples=200, deadline=None)
@given(steps=st.lists(st.tuples(st.integers(0, 5), volume), max_size=20))
def test_index_kept_volume_by_volume_is_the_index_built_at_once(steps):
    """put and forget, as writes come, leave the index a fresh build over the same volumes would be."""
    kept, now = VolumeIndex(), {}
    for i, v in steps:
        name = f"pv{i}"
        kept.forget(name)
        if v["phase"] == "Released" and v["ref"] is None:  # stands for a deleted volume
            now.pop(name, None)
            continue
        spec = {"capacity": {"storage": f"{v['size']}Gi"}, "accessModes": sorted(v["modes"])}
        if v["ref"]:
            spec["claimRef"] = {"namespace": "default", "name": v["ref"]}
        now[name] = {"kind": "PersistentVolume", "metadata": {"name": name}, "spec": spec,
                     "status": {"phase": v["phase"]}}
        kept.put(now[name])
    fresh = VolumeIndex([now[n] for n in sorted(now)])
    assert (kept.free, kept.prebound) == (fresh.free, fresh.prebound)
