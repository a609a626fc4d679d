"""Owner references (``metav1.OwnerReference``): which object a controller made another for.

A controller marks what it creates with a controller reference to itself
(``metav1.NewControllerRef``), finds its own objects again by the owner's uid,
and the garbage collector deletes an object whose owners are all gone.
"""

from __future__ import annotations


def controller_ref(owner: dict) -> dict:
    """The reference a controller puts on an object it creates (``metav1.NewControllerRef``)."""
    return {"apiVersion": owner["apiVersion"], "kind": owner["kind"], "name": owner["metadata"]["name"],
            "uid": owner["metadata"]["uid"], "controller": True, "blockOwnerDeletion": True}


def owned_by(obj: dict, owner: dict) -> bool:
    """Whether one of the object's owner references names this owner (by uid)."""
    return any(r.get("uid") == owner["metadata"]["uid"] for r in obj["metadata"].get("ownerReferences") or [])


def orphaned(store, obj: dict, kind: str) -> bool:
    """The garbage collector's test for an object with owner references to ``kind``: every such owner is gone.
    It looks each owner up by name in the object's namespace and compares uids, so an owner deleted and made
    again under the same name is a different owner."""
    refs = [r for r in obj["metadata"].get("ownerReferences") or [] if r.get("kind") == kind]
    ns = obj["metadata"].get("namespace", "")
    return bool(refs) and all((store.get(kind, r.get("name", ""), ns) or {"metadata": {}})["metadata"].get("uid")
                              != r.get("uid") for r in refs)
