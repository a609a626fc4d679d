"""``kubectl apply`` at scale, run by hand (``make bench``): one file of n volumes and n claims, and many separate
applies one after the other.

The controllers run once an apply is done, not once per document, and the store lists one kind without walking the
others, so one apply should grow no faster than n log n and a single apply should not slow down as the cluster fills.
Figures measured when this was written (2-core machine, others busy): 10,000 PVs + 10,000 claims in one apply
11.7 s (before: 4,000 PVs alone took 56 s and 10,000 never finished).

Once the PV controller and the resizer synced only what changed (machine loaded: two test suites running beside):
one apply of 10,000 + 10,000 9.1 s (main beside it, same load: 10.2 s); the 1st, 1,000th, 2,000th and 3,000th
single apply 1.3, 8.9, 59 and 165 ms (before: about 220 ms for the 3,000th). What still grew was the other
controllers' pass over every claim, volume and Pod on each round.

Once those passed only over what they act on (``ObjectStore.select``: claims awaiting a provisioner, objects
being deleted, objects with an owner to collect) and the runtime followed the volumes' writes: the 1st, 1,000th,
2,000th and 3,000th single apply 54 (the first builds the caches), 1.7, 1.3 and 14 ms, on the same loaded
machine. What is left grows with the claims no volume fits, which the binder visits on every pass, as the real
one does on its resync.
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storagekit import Cluster


def manifest(n: int, start: int = 0) -> str:
    docs = []
    for i in range(start, start + n):
        docs.append(f"apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: pv-{i:05d}\nspec:\n"
                    f"  capacity:\n    storage: {1 + (i * 7919) % 100}Gi\n  accessModes: [ReadWriteOnce]\n"
                    f"  hostPath:\n    path: /tmp/pv-{i}\n")
        docs.append(f"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: claim-{i:05d}\nspec:\n"
                    f"  storageClassName: ''\n  accessModes: [ReadWriteOnce]\n"
                    f"  resources:\n    requests:\n      storage: {1 + (i * 104729) % 90}Gi\n")
    return "---\n".join(docs)


def one_apply(n: int) -> tuple[float, int]:
    cluster = Cluster(nodes=["node1"])
    text = manifest(n)
    start = time.perf_counter()
    r = cluster.sh("kubectl apply -f -", stdin=text)
    took = time.perf_counter() - start
    assert r.code == 0, r.err
    bound = sum(1 for o in cluster.state.store.list("PersistentVolumeClaim") if o["status"]["phase"] == "Bound")
    return took, bound


def separate_applies(n: int, every: int) -> list[tuple[int, float]]:
    """``n`` applies of one volume and one claim each; for the first apply and every ``every``-th, the median time
    of it and the four before it (one alone says more about the machine than about the code)."""
    cluster = Cluster(nodes=["node1"])
    times = []
    for i in range(n):
        start = time.perf_counter()
        cluster.sh("kubectl apply -f -", stdin=manifest(1, i))
        times.append(time.perf_counter() - start)
    return [(k, statistics.median(times[max(0, k - 5):k])) for k in [1, *range(every, n + 1, every)]]


def main() -> None:
    previous = None
    for n in (1000, 2500, 5000, 10000):
        took, bound = one_apply(n)
        ratio = ""
        if previous is not None:
            pn, pt = previous
            n_log_n = n * math.log(n) / (pn * math.log(pn))
            ratio = f"  (x{took / pt:.2f} for x{n / pn:.1f}; n log n would be x{n_log_n:.2f})"
        print(f"one apply of {n:5d} PVs + {n:5d} claims: {took:6.2f} s, {bound} bound{ratio}  "
              "(target: seconds at 10,000)")
        previous = (n, took)
    for count, took in separate_applies(3000, 1000):
        print(f"apply number {count:4d} of 3,000 separate ones: {took * 1e3:6.1f} ms  (target: flat)")


if __name__ == "__main__":
    main()
