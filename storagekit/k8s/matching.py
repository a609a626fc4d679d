"""Why a volume does, or does not, satisfy a claim: the binder's checks, one by one, in its own terms.

One function answers for every path that matches claims to volumes, so the
PV controller, the scheduler and the diagrams can never disagree:

* a claim that names its volume (``spec.volumeName``) gets ``checkVolumeSatisfyClaim``
  (``pv_controller.go``): being deleted, size, class, volumeMode, access modes;
  a volume already claimed by another claim is refused, one claimed by this
  claim is taken as it is;
* any other claim gets ``findByClaim`` (``index.go``) and ``FindMatchingVolume``
  (component-helpers ``pv_helpers.go``): the access-mode group first, then
  claimRef, size, volumeMode, deletion; a volume whose claimRef names the claim
  wins there; otherwise phase, selector and class, and WaitForFirstConsumer
  leaves the volume to the scheduler;
* given a node, the scheduler's path (``volumebinding``): the volume's node
  affinity counts, access modes are checked last and WaitForFirstConsumer no
  longer holds anything back.

:func:`mismatch` lists every check a pair fails, in that order (WaitForFirstConsumer
last, as the one that passes by itself once a Pod is scheduled); an empty list
means the binder may bind them. Sizes are printed as ``kubectl get`` prints
them, access modes abbreviated (RWO, ROX, RWX, RWOP).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from storagekit.k8s import claims as c

WFFC = "WaitForFirstConsumer"


@dataclass(frozen=True)
class Reason:
    """One check a volume fails for a claim: ``field`` names the check, ``text`` says it to a learner."""

    field: str
    """``volumeName``, ``accessModes``, ``claimRef``, ``capacity``, ``volumeMode``, ``deletionTimestamp``,
    ``nodeAffinity``, ``phase``, ``selector``, ``storageClassName`` or ``volumeBindingMode``; for provisioning
    (:func:`~storagekit.k8s.controllers.provisioner.why_not_provisioned`) also ``StorageClass`` and
    ``provisioner``."""
    text: str

    def __str__(self) -> str:
        return self.text


def _quoted(name: str) -> str:
    return name or '""'


def _ref(pv: dict) -> str:
    ref = pv["spec"].get("claimRef") or {}
    return f'{ref.get("namespace", "")}/{ref.get("name", "")}'


# ---------------------------------------------------------------------- the checks, each None when it passes

def check_access_modes(pv: dict, pvc: dict) -> Reason | None:
    """``CheckAccessModes``: the volume offers every mode the claim asks for."""
    missing = [m for m in c.modes(pvc) if m not in set(c.modes(pv))]
    if not missing:
        return None
    return Reason("accessModes", f"access modes: needs {c.access_modes_string(missing)} "
                                 f"(has {c.access_modes_string(c.modes(pv)) or 'none'})")


def check_claim_ref(pv: dict, pvc: dict) -> Reason | None:
    """A volume whose ``claimRef`` names another claim (or an earlier claim of this name) is not free."""
    ref = pv["spec"].get("claimRef")
    if not ref or c.claim_ref_matches(pv, pvc):
        return None
    phase = (pv.get("status") or {}).get("phase", "")
    meta = pvc["metadata"]
    if phase == "Released":
        again = (ref.get("namespace"), ref.get("name")) == (meta.get("namespace"), meta["name"])
        return Reason("claimRef", f"Released: never reused{', not even by a new claim of that name' if again else ''}"
                                  f" (claimRef {_ref(pv)})")
    if not ref.get("uid"):
        return Reason("claimRef", f"claimRef: reserved for {_ref(pv)}")
    if phase == "Bound":
        return Reason("claimRef", f"already bound to {_ref(pv)}")
    return Reason("claimRef", f"claimRef: {_ref(pv)} ({phase or 'no phase'})")


def check_capacity(pv: dict, pvc: dict) -> Reason | None:
    have, want = c.capacity(pv), c.requested(pvc)
    return Reason("capacity", f"capacity: {have} < {want}") if have < want else None


def check_volume_mode(pv: dict, pvc: dict) -> Reason | None:
    """``CheckVolumeModeMismatches``: a missing volumeMode counts as Filesystem on either side."""
    have, want = c.volume_mode(pv), c.volume_mode(pvc)
    return Reason("volumeMode", f"volumeMode: {have}, needs {want}") if have != want else None


def check_deletion(pv: dict, pvc: dict) -> Reason | None:
    if pv["metadata"].get("deletionTimestamp"):
        return Reason("deletionTimestamp", "being deleted (Terminating)")
    return None


def check_phase(pv: dict, pvc: dict) -> Reason | None:
    phase = (pv.get("status") or {}).get("phase", "")
    if phase == "Available":
        return None
    return Reason("phase", f"phase {phase or 'unset'}: only Available volumes bind")


def check_selector(pv: dict, pvc: dict) -> Reason | None:
    selector = pvc["spec"].get("selector")
    unmet = unmet_requirement(selector, pv["metadata"].get("labels"))
    return Reason("selector", f"selector: needs {unmet}") if unmet else None


def check_class(pv: dict, pvc: dict) -> Reason | None:
    have, want = c.volume_class(pv), c.claim_class(pvc)
    return Reason("storageClassName", f"class: {_quoted(have)}, needs {_quoted(want)}") if have != want else None


def check_node_affinity(pv: dict, node: dict) -> Reason | None:
    """``CheckNodeAffinity``: the volume may be used on this node."""
    if node_affinity_fits(pv, node["metadata"].get("labels") or {}, node["metadata"]["name"]):
        return None
    return Reason("nodeAffinity", f"node affinity: {affinity_string(pv)} (not {node['metadata']['name']})")


DELAYED = Reason("volumeBindingMode", f"{WFFC}: binds once a Pod using the claim is scheduled")


# ---------------------------------------------------------------------- the checks in the binder's order

def mismatch(pv: dict, pvc: dict, *, delay_binding: bool = False, node: dict | None = None) -> list[Reason]:
    """Every check ``pv`` fails for ``pvc``, in the binder's order; empty when it may bind them.

    ``delay_binding`` is the claim's class being WaitForFirstConsumer (:func:`delay_binding`); ``node`` the
    scheduler's candidate node, which makes this the scheduler's path.
    """
    name = pvc["spec"].get("volumeName")
    if name:  # the claim named its volume: syncUnboundClaim's checkVolumeSatisfyClaim branch
        if name != pv["metadata"]["name"]:
            return [Reason("volumeName", f"volumeName: the claim asks for {name}")]
        if pv["spec"].get("claimRef"):
            taken = check_claim_ref(pv, pvc)
            return [taken] if taken else []
        checks = (check_deletion, check_capacity, check_class, check_volume_mode, check_access_modes)
        return [r for r in (check(pv, pvc) for check in checks) if r]
    reasons: list[Reason | None] = []
    if node is None:  # the PV controller looks only in access-mode groups that hold every requested mode
        reasons.append(check_access_modes(pv, pvc))
    taken = check_claim_ref(pv, pvc)
    if taken:
        return [r for r in reasons if r] + [taken]
    reasons += [check_capacity(pv, pvc), check_volume_mode(pv, pvc), check_deletion(pv, pvc)]
    if node is not None:
        reasons.append(check_node_affinity(pv, node))
    if c.claim_ref_matches(pv, pvc):  # reserved for this claim: phase, selector and class are not looked at
        return [r for r in reasons if r]
    reasons += [check_phase(pv, pvc), check_selector(pv, pvc), check_class(pv, pvc)]
    if node is not None:
        reasons.append(check_access_modes(pv, pvc))
    found = [r for r in reasons if r]
    if node is None and delay_binding:
        found.append(DELAYED)
    return found


def find_matching_volume(pvc: dict, pvs: list[dict], *, node: dict | None = None,
                         excluded: Collection[str] = frozenset(), delay_binding: bool = False) -> dict | None:
    """``FindMatchingVolume`` over one list: the volume reserved for the claim at once (none if its node affinity
    fails), else the smallest that passes every check (the first of equal sizes). The scheduler calls it with a
    node and every volume of the claim's class; the PV controller's :class:`VolumeIndex` does the same per
    access-mode group, faster."""
    best = None
    for pv in pvs:
        if pv["metadata"]["name"] in excluded:
            continue
        reasons = mismatch(pv, pvc, node=node, delay_binding=delay_binding)
        if c.claim_ref_matches(pv, pvc) and not [r for r in reasons if r.field != "nodeAffinity"]:
            return None if reasons else pv
        if not reasons and (best is None or c.capacity(pv) < c.capacity(best)):
            best = pv
    return best


def delay_binding(store, pvc: dict) -> bool:
    """``IsDelayBindingMode``: the claim's class exists and binds WaitForFirstConsumer (no class, or a class
    that does not exist, binds at once)."""
    name = c.claim_class(pvc)
    sc = store.get("StorageClass", name) if name else None
    return sc is not None and sc.get("volumeBindingMode") == WFFC


# ---------------------------------------------------------------------- selectors and node affinity

def _requirement_string(expr: dict) -> str:
    """A requirement as ``labels.Selector.String()`` prints it: ``k in (a,b)``, ``k notin (a)``, ``k``, ``!k``."""
    key, op, values = expr.get("key", ""), expr.get("operator", ""), sorted(expr.get("values") or [])
    return {"In": f"{key} in ({','.join(values)})", "NotIn": f"{key} notin ({','.join(values)})",
            "Exists": key, "DoesNotExist": f"!{key}", "Gt": f"{key}>{''.join(values)}",
            "Lt": f"{key}<{''.join(values)}"}.get(op, f"{key} {op}")


def _requirement_met(expr: dict, labels: dict) -> bool:
    key, op, values = expr.get("key", ""), expr.get("operator", ""), expr.get("values") or []
    if op in ("Gt", "Lt"):
        try:
            have, bound = int(labels[key]), int(values[0])
        except (KeyError, IndexError, ValueError):
            return False
        return have > bound if op == "Gt" else have < bound
    return {"In": key in labels and labels[key] in values, "NotIn": not (key in labels and labels[key] in values),
            "Exists": key in labels, "DoesNotExist": key not in labels}.get(op, False)


def unmet_requirement(selector: dict | None, labels: dict | None) -> str:
    """The first requirement of a label selector the labels miss, as kubectl prints it ("" when all are met)."""
    labels = labels or {}
    for key, value in sorted(((selector or {}).get("matchLabels") or {}).items()):
        if labels.get(key) != value:
            return f"{key}={value}"
    for expr in (selector or {}).get("matchExpressions") or []:
        if not _requirement_met(expr, labels):
            return _requirement_string(expr)
    return ""


def _terms(pv: dict) -> list[dict]:
    return (((pv["spec"].get("nodeAffinity") or {}).get("required") or {}).get("nodeSelectorTerms")) or []


def node_affinity_fits(pv: dict, labels: dict, node_name: str = "") -> bool:
    """A node selector's terms are ORed, each term's expressions (and ``metadata.name`` fields) ANDed; a volume
    with no required node affinity fits every node."""
    terms = _terms(pv)
    if not terms:
        return True
    fields = {"metadata.name": node_name}
    return any((t.get("matchExpressions") or t.get("matchFields"))
               and all(_requirement_met(e, labels) for e in t.get("matchExpressions") or [])
               and all(_requirement_met(f, fields) for f in t.get("matchFields") or []) for t in terms)


def affinity_string(pv: dict) -> str:
    """The volume's required node affinity in selector notation, terms joined by " or "."""
    terms = [", ".join(_requirement_string(e) for e in (t.get("matchExpressions") or []) + (t.get("matchFields") or []))
             for t in _terms(pv)]
    return " or ".join(t for t in terms if t) or "none"
