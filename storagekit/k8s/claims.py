"""What the PV controller reads off claims, volumes and classes (component-helpers ``storage/volume``).

Small functions in the real vocabulary: a claim's class (the legacy
annotation wins over ``storageClassName``), requested size, access modes,
volume mode (nil counts as Filesystem), label selectors, and the annotation
names the control plane writes.
"""

from __future__ import annotations

from storagekit.k8s.quantity import Quantity, parse

ANN_BIND_COMPLETED = "pv.kubernetes.io/bind-completed"
ANN_BOUND_BY_CONTROLLER = "pv.kubernetes.io/bound-by-controller"
ANN_PROVISIONED_BY = "pv.kubernetes.io/provisioned-by"
ANN_STORAGE_PROVISIONER = "volume.kubernetes.io/storage-provisioner"
ANN_BETA_STORAGE_PROVISIONER = "volume.beta.kubernetes.io/storage-provisioner"
ANN_SELECTED_NODE = "volume.kubernetes.io/selected-node"
ANN_CLASS = "volume.beta.kubernetes.io/storage-class"
ANN_DEFAULT_CLASS = "storageclass.kubernetes.io/is-default-class"
ANN_BETA_DEFAULT_CLASS = "storageclass.beta.kubernetes.io/is-default-class"
MODE_ORDER = ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod")


def annotations_of(obj: dict) -> dict:
    """The object's annotations, to write to (made when it has none). Not named ``annotations``: in a module with
    ``from __future__ import annotations`` that name is taken."""
    return obj["metadata"].setdefault("annotations", {})


def has_annotation(obj: dict, name: str) -> bool:
    return name in (obj["metadata"].get("annotations") or {})


def claim_class(pvc: dict) -> str:
    """``GetPersistentVolumeClaimClass``: the legacy annotation wins over ``storageClassName``."""
    return _class(pvc)


def class_is_unset(pvc: dict) -> bool:
    """No class at all (not even ``""``): the default class may still be filled in."""
    return ANN_CLASS not in (pvc["metadata"].get("annotations") or {}) and pvc["spec"].get("storageClassName") is None


def volume_class(pv: dict) -> str:
    """``GetPersistentVolumeClass``: the same rule for a volume."""
    return _class(pv)


def _class(obj: dict) -> str:
    ann = obj["metadata"].get("annotations") or {}
    return ann[ANN_CLASS] if ANN_CLASS in ann else obj["spec"].get("storageClassName") or ""


def requested(pvc: dict) -> Quantity:
    return parse(str(((pvc["spec"].get("resources") or {}).get("requests") or {}).get("storage", "0")))


def capacity(pv: dict) -> Quantity:
    return parse(str((pv["spec"].get("capacity") or {}).get("storage", "0")))


def modes(obj: dict) -> tuple[str, ...]:
    """Access modes in their canonical order (RWO, ROX, RWX, RWOP)."""
    wanted = set(obj["spec"].get("accessModes") or [])
    return tuple(m for m in MODE_ORDER if m in wanted)


ABBREVIATIONS = {"ReadWriteOnce": "RWO", "ReadOnlyMany": "ROX", "ReadWriteMany": "RWX", "ReadWriteOncePod": "RWOP"}


def access_modes_string(modes: list | tuple | None) -> str:
    """``GetAccessModesAsString``: the modes abbreviated, in canonical order, as ``kubectl get`` prints them."""
    seen = set(modes or [])
    return ",".join(ABBREVIATIONS[m] for m in MODE_ORDER if m in seen)


def volume_mode(obj: dict) -> str:
    return obj["spec"].get("volumeMode") or "Filesystem"


def selector_matches(selector: dict | None, labels: dict | None) -> bool:
    """A label selector: matchLabels and matchExpressions, all of them (an empty selector matches all)."""
    if not selector:
        return True
    labels = labels or {}
    if any(labels.get(k) != v for k, v in (selector.get("matchLabels") or {}).items()):
        return False
    for expr in selector.get("matchExpressions") or []:
        k, op, values = expr.get("key"), expr.get("operator"), expr.get("values") or []
        ok = {"In": k in labels and labels[k] in values, "NotIn": not (k in labels and labels[k] in values),
              "Exists": k in labels, "DoesNotExist": k not in labels}.get(op, False)
        if not ok:
            return False
    return True


def is_default_class(sc: dict) -> bool:
    """Marked default by ``storageclass.kubernetes.io/is-default-class: "true"`` (or the beta annotation)."""
    ann = sc["metadata"].get("annotations") or {}
    return ann.get(ANN_DEFAULT_CLASS) == "true" or ann.get(ANN_BETA_DEFAULT_CLASS) == "true"


def default_class(classes: list[dict]) -> str:
    """The default class's name ("" if none): with several, the newest, then by name (``GetDefaultClass``)."""
    defaults = sorted((sc for sc in classes if is_default_class(sc)), key=lambda sc: sc["metadata"]["name"])
    if not defaults:
        return ""
    return max(defaults, key=lambda sc: sc["metadata"]["creationTimestamp"])["metadata"]["name"]


def claim_ref_matches(pv: dict, pvc: dict) -> bool:
    """The PV's claimRef names this claim (and, if it carries a uid, this very claim)."""
    ref = pv["spec"].get("claimRef")
    if not ref:
        return False
    meta = pvc["metadata"]
    if (ref.get("namespace"), ref.get("name")) != (meta.get("namespace"), meta["name"]):
        return False
    return not ref.get("uid") or ref["uid"] == meta.get("uid")


def claim_ref(pvc: dict) -> dict:
    """A volume's ``claimRef`` to this claim (``reference.GetReference``), as binders and provisioners write it."""
    meta = pvc["metadata"]
    return {"kind": "PersistentVolumeClaim", "namespace": meta["namespace"], "name": meta["name"], "uid": meta["uid"],
            "apiVersion": "v1", "resourceVersion": meta.get("resourceVersion", "")}


def bind_volume_to_claim(pv: dict, pvc: dict) -> bool:
    """``GetBindVolumeToClaim``, which the PV controller and the scheduler share: the volume's claimRef names this
    very claim, and a volume the user had not reserved for it is marked bound by the controller. Whether it changed."""
    bound_by_user = claim_ref_matches(pv, pvc)
    ref, meta = pv["spec"].get("claimRef") or {}, pvc["metadata"]
    dirty = False
    if (ref.get("name"), ref.get("namespace"), ref.get("uid")) != (meta["name"], meta["namespace"], meta["uid"]):
        pv["spec"]["claimRef"] = claim_ref(pvc)
        dirty = True
    if not bound_by_user and not has_annotation(pv, ANN_BOUND_BY_CONTROLLER):
        annotations_of(pv)[ANN_BOUND_BY_CONTROLLER] = "yes"
        dirty = True
    return dirty


def volume_claim(pod: dict, volume: dict) -> str | None:
    """The claim one of the Pod's volumes uses: a ``persistentVolumeClaim`` source's, or ``<pod>-<volume>`` for a
    generic ephemeral volume (``ephemeral.VolumeClaimName``); None for other sources."""
    if volume.get("persistentVolumeClaim"):
        return volume["persistentVolumeClaim"].get("claimName", "")
    if volume.get("ephemeral") is not None:
        return f"{pod['metadata']['name']}-{volume.get('name', '')}"
    return None


def pod_claims(pod: dict) -> list[str]:
    """The claims a Pod's volumes use (:func:`volume_claim` of each)."""
    claims = (volume_claim(pod, v) for v in (pod.get("spec") or {}).get("volumes") or [])
    return [name for name in claims if name is not None]


def controlled_by(obj: dict, owner: dict) -> bool:
    """``metav1.IsControlledBy``: the object's controller reference is this owner (by uid)."""
    return any(r.get("controller") and r.get("uid") == owner["metadata"].get("uid")
               for r in obj["metadata"].get("ownerReferences") or [])
