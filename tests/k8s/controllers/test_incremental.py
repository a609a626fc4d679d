"""Syncing only what changed binds, releases and reports exactly what syncing everything on every pass does."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from storagekit import Cluster
from storagekit.k8s.controllers.expand import Resizer
from storagekit.k8s.controllers.persistentvolume import CLAIM, PVController


class EveryObject(PVController):
    """The controller as it was: every claim and every volume on every pass."""

    def _walk(self, kind, sync, *, pending_only=False):
        for key in self.store.written.get(kind, {}):
            self.queues[kind].add(key)
        super()._walk(kind, sync, pending_only=pending_only)


class EveryClaim(Resizer):
    def sync(self):
        for key in self.store.written.get(CLAIM, {}):
            self.queue.add(key)
        super().sync()


def volume(i: int, size: int, modes: list[str], cls: str, policy: str, claim: int | None) -> str:
    ref = f"  claimRef:\n    namespace: default\n    name: c{claim}\n" if claim is not None else ""
    return (f"apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: v{i}\n  labels:\n    size: s{size}\nspec:\n"
            f"  capacity:\n    storage: {size}Gi\n  accessModes: {modes}\n  storageClassName: '{cls}'\n"
            f"  persistentVolumeReclaimPolicy: {policy}\n  hostPath:\n    path: /tmp/v{i}\n{ref}")


def claim(i: int, size: int, modes: list[str], cls: str | None, named: int | None, selector: int | None) -> str:
    spec = f"  storageClassName: '{cls}'\n" if cls is not None else ""
    spec += f"  volumeName: v{named}\n" if named is not None else ""
    spec += f"  selector:\n    matchLabels:\n      size: s{selector}\n" if selector is not None else ""
    return (f"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: c{i}\nspec:\n{spec}"
            f"  accessModes: {modes}\n  resources:\n    requests:\n      storage: {size}Gi\n")


def pod(i: int, claim_index: int) -> str:
    return (f"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\nspec:\n  containers:\n  - name: c\n"
            f"    image: busybox\n    command: [sleep, '3600']\n    volumeMounts:\n    - name: d\n"
            f"      mountPath: /data\n  volumes:\n  - name: d\n    persistentVolumeClaim:\n"
            f"      claimName: c{claim_index}\n")


GOLD = ("apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: gold\n"
        "provisioner: kubernetes.io/no-provisioner\nvolumeBindingMode: {mode}\nallowVolumeExpansion: true\n")
small = st.integers(0, 5)
modes = st.sampled_from([["ReadWriteOnce"], ["ReadWriteMany"], ["ReadWriteOnce", "ReadOnlyMany"]])
step = st.one_of(
    st.tuples(st.just("volume"), small, st.integers(1, 4), modes, st.sampled_from(["", "gold"]),
              st.sampled_from(["Retain", "Delete", "Recycle"]), st.one_of(st.none(), small)),
    st.tuples(st.just("claim"), small, st.integers(1, 4), modes, st.sampled_from([None, "", "gold"]),
              st.one_of(st.none(), st.none(), small), st.one_of(st.none(), st.none(), st.integers(1, 4))),
    st.tuples(st.just("delete"), st.sampled_from(["pv/v", "pvc/c", "pod/p"]), small),
    st.tuples(st.just("pod"), small, small),
    st.tuples(st.just("class"), st.sampled_from(["Immediate", "WaitForFirstConsumer"])),
    st.tuples(st.just("wait"), st.sampled_from([1, 16])),
    st.tuples(st.just("copy"), st.sampled_from(["deepcopy", "restore"])),
)


def run(cluster: Cluster, s: tuple) -> Cluster:
    kind = s[0]
    if kind == "volume":
        cluster.sh("kubectl apply -f -", stdin=volume(*s[1:]))
    elif kind == "claim":
        cluster.sh("kubectl apply -f -", stdin=claim(*s[1:]))
    elif kind == "pod":
        cluster.sh("kubectl apply -f -", stdin=pod(*s[1:]))
    elif kind == "class":
        cluster.sh("kubectl delete storageclass gold --ignore-not-found")
        cluster.sh("kubectl apply -f -", stdin=GOLD.format(mode=s[1]))
    elif kind == "delete":
        cluster.sh(f"kubectl delete {s[1]}{s[2]} --ignore-not-found --wait=false")
    elif kind == "wait":
        cluster.clock.advance(s[1])
        cluster.sh("kubectl get pvc")
    elif s[1] == "deepcopy":
        return copy.deepcopy(cluster)
    else:
        snap = cluster.snapshot()
        cluster.sh("kubectl apply -f -", stdin=claim(9, 1, ["ReadWriteOnce"], None, None, None))
        cluster.restore(snap)
    return cluster


def state(cluster: Cluster) -> tuple:
    store = cluster.state.store
    return store.objects, store.events, store.resource_version, [str(c) for c in cluster.state.recent]


@settings(max_examples=60, deadline=None)
@given(steps=st.lists(step, max_size=14))
def test_syncing_what_changed_ends_where_syncing_everything_ends(steps):
    fast, full = Cluster(nodes=["node1"]), Cluster(nodes=["node1"])
    full.state.pv_controller = EveryObject(full.state.store)
    full.state.resizer = EveryClaim(full.state.store)
    for s in steps:
        fast = run(fast, s)
        full = run(full, s) if s[0] != "copy" else full
        assert state(fast) == state(full), s
