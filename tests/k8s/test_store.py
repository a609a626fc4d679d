"""The object store: a selection kept from the writes is what a pass over every object would select."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from storagekit.k8s.store import ObjectStore
from storagekit.sim.clock import Clock
from storagekit.sim.ids import IdFactory


def terminating(obj: dict) -> bool:
    return bool(obj["metadata"].get("deletionTimestamp"))


def labelled(obj: dict) -> bool:
    return (obj["metadata"].get("labels") or {}).get("keep") == "yes"


WRITES = st.lists(st.tuples(st.sampled_from(["create", "update", "delete", "look"]),
                            st.sampled_from(["PersistentVolumeClaim", "Pod"]),
                            st.sampled_from(["default", "prod"]), st.sampled_from(["a", "b", "c", "d"]),
                            st.booleans(), st.booleans()), max_size=60)


@settings(max_examples=200, deadline=None)
@given(WRITES)
def test_a_selection_is_what_a_full_pass_selects_after_any_writes(writes):
    store = ObjectStore(Clock(), IdFactory("store"))
    for action, kind, ns, name, ending, keep in writes:
        obj = store.get(kind, name, ns)
        if action == "create" and obj is None:
            store.create({"apiVersion": "v1", "kind": kind, "metadata": {"name": name, "namespace": ns}})
        elif action == "update" and obj is not None:
            obj["metadata"]["labels"] = {"keep": "yes" if keep else "no"}
            if ending:
                obj["metadata"]["deletionTimestamp"] = "2026-01-05T09:00:00Z"
            store.update(obj)
        elif action == "delete" and obj is not None:
            store.delete(obj)
        for wanted in (terminating, labelled):  # "look": a controller's pass, between any two writes
            assert store.select(kind, wanted) == [o for o in store.list(kind) if wanted(o)]
