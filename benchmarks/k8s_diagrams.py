"""Kubernetes diagrams, run by hand (``make bench``): time to build each picture from a cluster's state, and to
render it to SVG with ``dot``, p50 and p95, for the course's situations and for 1,000 volumes (focused).

Target: state -> SVG under 100 ms at p95 for course-sized clusters.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storagekit import viz  # noqa: E402
from tests.viz.k8s import scenarios  # noqa: E402

RUNS = 30
TARGET_MS = 100


def timed(fn, runs: int = RUNS) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1e3)
    return out


def p(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def row(name: str, draw) -> float:
    build = timed(draw)
    g = draw()
    render = timed(g.svg, max(RUNS // 3, 5))
    both = timed(lambda: draw().svg(), max(RUNS // 3, 5))
    print(f"{name:48s} build p50 {p(build, 50):6.1f} p95 {p(build, 95):6.1f} | render p50 {p(render, 50):6.1f} "
          f"p95 {p(render, 95):6.1f} | state->SVG p95 {p(both, 95):6.1f} ms")
    return p(both, 95)


def main() -> None:
    worst = 0.0
    print("course-sized clusters (ms)")
    for name, build in scenarios.SCENARIOS.items():
        cluster = build()
        worst = max(worst, row(f"{name}: cluster_storage", lambda: viz.cluster_storage(cluster)))
        worst = max(worst, row(f"{name}: pod_attachments", lambda: viz.pod_attachments(cluster)))
    verdict = "within" if worst < TARGET_MS else "OVER"
    print(f"worst state->SVG p95: {worst:.1f} ms ({verdict} the {TARGET_MS} ms target)\n")
    start = time.perf_counter()
    large = scenarios.large(1000)
    print(f"1,000 volumes, 900 claims, 180 Pods on 4 nodes (built in {time.perf_counter() - start:.1f} s)")
    for focus in ("pvc/claim-0010", "pvc/claim-0011", "pv/pv-0005", "pod/app-0010", "node/node1", "sc/fast"):
        row(f"cluster_storage focus={focus}", lambda: viz.cluster_storage(large, focus=focus))
    row("cluster_storage (what is wrong, whole cluster)", lambda: viz.cluster_storage(large))
    row("pod_attachments (whole cluster)", lambda: viz.pod_attachments(large))


if __name__ == "__main__":
    main()
