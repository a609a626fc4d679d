"""Snapshot and restore of a course-sized host and cluster, run by hand (``make bench``).

The labs' undo and step-through history, the exercises' reset and the
grader's clean replays take a snapshot after every step: each must stay
cheap. The host is the course's first notebook grown a little: the two Flask
images built from ubuntu, the mysql image with a volume and its server
running, a few looping containers waiting in their ``sleep``, and some
containers that wrote files. The cluster has a claim, a Pod writing to it, the
docs' counter Pod and a StatefulSet.
"""

from __future__ import annotations

import gc
import json
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from containers import median_of

from storagekit import Cluster, DockerHost
from storagekit.course.example import FLASK_APPS

LOOP = "i=0; while true; do echo \"$i: $(date)\" >> /data/log; i=$((i+1)); sleep 1; done"
MANIFESTS = "".join(f"---\n{json.dumps(doc)}\n" for doc in (
    {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "data"},
     "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}},
    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "writer"},
     "spec": {"volumes": [{"name": "d", "persistentVolumeClaim": {"claimName": "data"}}],
              "containers": [{"name": "w", "image": "busybox", "volumeMounts": [{"name": "d", "mountPath": "/data"}],
                              "command": ["sh", "-c", "echo hello > /data/f; exec sleep 3600"]}]}},
    {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "counter"},
     "spec": {"containers": [{"name": "count", "image": "busybox",
                              "args": ["/bin/sh", "-c", LOOP.replace(" >> /data/log", "")]}]}},
    {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "web"},
     "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
              "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [
                  {"name": "nginx", "image": "nginx:1.29.0",
                   "volumeMounts": [{"name": "www", "mountPath": "/usr/share/nginx/html"}]}]}},
              "volumeClaimTemplates": [{"metadata": {"name": "www"}, "spec": {
                  "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]}},
))


def course_host() -> DockerHost:
    host = DockerHost()
    for app in FLASK_APPS:
        for name, text in app.files.items():
            host.write(f"{app.directory}/{name}", text)
        check(host.sh(f"cd {app.directory} && docker build -t {app.tag} ."))
    check(host.sh("docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret -v mysql_data:/var/lib/mysql mysql"))
    for n in range(3):
        check(host.sh(f"docker run -d --name ticker{n} -v logs{n}:/data busybox sh -c '{LOOP}'"))
    for n in range(3):
        check(host.sh(f"docker run --name writer{n} ubuntu:22.04 sh -c 'mkdir -p /work && seq 1 500 > /work/n{n} "
                      "&& rm -r /etc/apt && echo done'"))
    host.clock.advance(30)
    check(host.sh("docker logs ticker0"))
    return host


def course_cluster() -> Cluster:
    cluster = Cluster.kind()
    cluster.write("course.yaml", MANIFESTS)
    check(cluster.sh("kubectl apply -f course.yaml"))
    cluster.clock.advance(30)
    check(cluster.sh("kubectl logs counter"))
    return cluster


def check(result) -> None:
    if result.code:
        raise SystemExit(f"setting up failed: {result.err}")


def measure(label: str, target) -> None:
    started = time.perf_counter()
    snap = target.snapshot()
    print(f"{label} first snapshot (marks the image layers shared): {(time.perf_counter() - started) * 1e3:6.1f} ms")
    take = median_of(target.snapshot, 7)
    back = median_of(lambda: target.restore(snap), 7)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept = target.snapshot()
    snap_bytes = tracemalloc.get_traced_memory()[0] - before
    target.restore(kept)
    restore_bytes = tracemalloc.get_traced_memory()[0] - before - snap_bytes
    tracemalloc.stop()
    print(f"{label} snapshot: {take * 1e3:6.1f} ms, {snap_bytes / 2**20:5.2f} MB kept   (target < 50 ms, < 20 MB)")
    print(f"{label} restore:  {back * 1e3:6.1f} ms, {restore_bytes / 2**20:5.2f} MB more  (target < 50 ms, < 20 MB)")


def main() -> None:
    started = time.perf_counter()
    host = course_host()
    print(f"(setting up the course host took {time.perf_counter() - started:.1f} s: "
          f"{len(host.engine.images.images)} images, {len(host.engine.layers.layers)} layers, "
          f"{len(host.engine.containers.containers)} containers, {len(host.engine.background)} of them waiting)")
    measure("host   ", host)
    started = time.perf_counter()
    cluster = course_cluster()
    print(f"(setting up the course cluster took {time.perf_counter() - started:.1f} s: "
          f"{len(cluster.state.store.list('Pod'))} Pods, {len(cluster.state.runtime.background)} of them waiting)")
    measure("cluster", cluster)


if __name__ == "__main__":
    main()
