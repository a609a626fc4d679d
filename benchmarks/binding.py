"""PV binding at scale, run by hand (``make bench``): n volumes and n claims to a fixpoint, n = 1,000 .. 5,000.

Sizes and access modes vary so that the access-mode groups and the
smallest-fit search are exercised; the cost should grow no faster than n log n.
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storagekit.k8s.controllers.persistentvolume import PVController
from storagekit.k8s.store import ObjectStore
from storagekit.sim.clock import Clock
from storagekit.sim.ids import IdFactory

MODE_SETS = (["ReadWriteOnce"], ["ReadWriteOnce", "ReadOnlyMany"], ["ReadWriteMany"],
             ["ReadWriteOnce", "ReadWriteMany"])


def populate(n: int) -> ObjectStore:
    store = ObjectStore(Clock(), IdFactory("bench"))
    for i in range(n):
        store.create({"apiVersion": "v1", "kind": "PersistentVolume", "metadata": {"name": f"pv-{i:05d}"},
                      "spec": {"capacity": {"storage": f"{1 + (i * 7919) % 100}Gi"},
                               "accessModes": MODE_SETS[i % len(MODE_SETS)], "persistentVolumeReclaimPolicy": "Retain",
                               "hostPath": {"path": f"/tmp/pv-{i}"}},
                      "status": {"phase": "Pending"}})
        store.create({"apiVersion": "v1", "kind": "PersistentVolumeClaim",
                      "metadata": {"name": f"claim-{i:05d}", "namespace": "default"},
                      "spec": {"accessModes": MODE_SETS[(i * 3) % len(MODE_SETS)][:1], "storageClassName": "",
                               "resources": {"requests": {"storage": f"{1 + (i * 104729) % 90}Gi"}}},
                      "status": {"phase": "Pending"}})
    return store


def main() -> None:
    previous = None
    for n in (1000, 2000, 5000):
        store = populate(n)
        start = time.perf_counter()
        PVController(store).sync()
        took = time.perf_counter() - start
        bound = sum(1 for o in store.list("PersistentVolumeClaim") if o["status"]["phase"] == "Bound")
        ratio = ""
        if previous is not None:
            pn, pt = previous
            n_log_n = n * math.log(n) / (pn * math.log(pn))
            ratio = f"  (x{took / pt:.2f} for x{n / pn:.1f} claims; n log n would be x{n_log_n:.2f})"
        print(f"{n:5d} PVs + {n:5d} claims to a fixpoint: {took:6.2f} s, {bound} bound{ratio}  (target < 2 s at 5,000)")
        previous = (n, took)
    print(f"kubectl get pv over 5,000 volumes:      {get_pv_5000() * 1e3:6.0f} ms  (target < 200 ms)")
    rollout, beside = statefulset_100()
    print(f"StatefulSet of 100 replicas, one apply:   {rollout:6.2f} s  (OrderedReady: about 200 controller rounds)")
    print(f"a command beside its 100 running Pods:  {beside * 1e3:6.0f} ms")


def statefulset_100() -> tuple[float, float]:
    """A whole rollout in one apply (each Pod with its claim and local-path volume), then one more command."""
    from storagekit import Cluster
    from tests.k8s.manifests import statefulset

    cluster = Cluster.kind()
    cluster.write("web.yaml", statefulset(100))
    start = time.perf_counter()
    cluster.sh("kubectl apply -f web.yaml")
    rollout = time.perf_counter() - start
    assert cluster.sh("kubectl get sts web").out.split()[4] == "100/100"
    start = time.perf_counter()
    cluster.sh("kubectl create configmap settings --from-literal=a=1")
    return rollout, time.perf_counter() - start


def get_pv_5000() -> float:
    """The table a learner asks for, over the converged 5,000 volumes (median of 5)."""
    import statistics

    from storagekit import Cluster

    cluster = Cluster(nodes=["node1"])
    cluster.state.store = store = populate(5000)
    cluster.state.api.store = cluster.state.pv_controller.store = store
    PVController(store).sync()
    times = []
    for _ in range(5):
        start = time.perf_counter()
        r = cluster.sh("kubectl get pv")
        times.append(time.perf_counter() - start)
    assert len(r.out.splitlines()) == 5001
    return statistics.median(times)


if __name__ == "__main__":
    main()
