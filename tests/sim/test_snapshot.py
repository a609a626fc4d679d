"""Hosts and clusters are values: a snapshot brings back exactly the state it was taken in, and copies share
nothing that can change."""

from __future__ import annotations

import copy
import gc
import threading
import types
import weakref

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import storagekit as sk
from storagekit.fs.nodes import Blob, Dir
from storagekit.sim.events import Event

ATOMS = (str, bytes, int, float, bool, type(None), complex, range)


def fingerprint(root: object) -> list:
    """Everything reachable from ``root``, in a canonical order: values, and which objects are one object.

    Two graphs have equal fingerprints when they hold the same values shaped
    the same way (an object met again is a back-reference to the order it was
    first met in), whatever their ids.
    """
    seen: dict[int, int] = {}
    out: list = []
    stack = [root]
    while stack:
        x = stack.pop()
        if isinstance(x, ATOMS):
            out.append(x)
            continue
        if isinstance(x, (types.FunctionType, types.BuiltinFunctionType, type, types.ModuleType)):
            out.append(getattr(x, "__qualname__", getattr(x, "__name__", repr(x))))
            continue
        if id(x) in seen:
            out.append(("ref", seen[id(x)]))
            continue
        seen[id(x)] = len(seen)
        out.append(type(x).__name__)
        if isinstance(x, Blob):
            out.append((x.size, x.digest))
        elif isinstance(x, dict):
            out.append(len(x))
            stack.extend(v for kv in reversed(list(x.items())) for v in reversed(kv))
        elif isinstance(x, (list, tuple)):
            out.append(len(x))
            stack.extend(reversed(x))
        elif isinstance(x, (set, frozenset)):
            out.append(sorted(map(repr, x)))
        else:
            stack.extend(reversed(list(_fields(x))))
    return out


def _fields(x: object):
    if isinstance(x, types.MethodType):
        yield x.__func__
        yield x.__self__
        return
    if hasattr(x, "__dict__"):
        yield vars(x)
    for cls in type(x).__mro__:
        for name in getattr(cls, "__slots__", ()):
            if name != "__weakref__" and hasattr(x, name):
                yield getattr(x, name)
    if hasattr(x, "func") and hasattr(x, "args"):  # functools.partial
        yield x.func
        yield x.args
        yield x.keywords


def reachable(root: object, stop=lambda x: False) -> dict[int, object]:
    """The objects reachable from ``root`` (not through ``stop`` objects), by id."""
    found: dict[int, object] = {}
    stack = [root]
    while stack:
        x = stack.pop()
        if isinstance(x, ATOMS) or id(x) in found or isinstance(x, (type, types.ModuleType)):
            continue
        found[id(x)] = x
        if stop(x):
            continue
        stack.extend(gc.get_referents(x))
    return found


def shared_with(a: object, b: object) -> list[object]:
    """Objects that both graphs reach, other than code, classes and immutable values; a closure counts when it
    holds more than such values (``lambda: host.clock.now`` would)."""
    ignore = (types.FunctionType, types.BuiltinFunctionType, types.CodeType, types.MethodDescriptorType,
              types.WrapperDescriptorType, types.GetSetDescriptorType, types.MemberDescriptorType, Blob, Event)

    def harmless(x) -> bool:
        if isinstance(x, types.FunctionType) and x.__closure__:
            return all(isinstance(cell.cell_contents, ATOMS + ignore) for cell in x.__closure__)
        return isinstance(x, ignore)

    mine = reachable(a, harmless)
    theirs = reachable(b, harmless)
    return [x for key, x in mine.items() if key in theirs and not harmless(x) and not isinstance(x, (frozenset, tuple))
            and not (isinstance(x, dict) and x is getattr(type(x), "__dict__", None))
            and not isinstance(x, types.CellType)]


def play(target, lines: list[str]) -> list[tuple[int, str, str]]:
    """Type each line at the target's prompt; ``ADVANCE`` lets seven seconds pass instead."""
    out = []
    for line in lines:
        if line == "ADVANCE":
            target.clock.advance(7)
        else:
            out.append(tuple(target.sh(line)))
    return out


def check_replay(target, before: list[str], after: list[str]) -> list[tuple[int, str, str]]:
    """Play ``before``, snapshot, play ``after``; restored (twice), ``after`` prints the same and leaves the same
    state."""
    play(target, before)
    snap = target.snapshot()
    first = play(target, after)
    state = fingerprint(vars(target))
    for _ in range(2):  # a snapshot can be restored any number of times
        target.restore(snap)
        assert play(target, after) == first
        assert fingerprint(vars(target)) == state
    return first


LOOP = "while true; do date >> /data/log; sleep 1; done"
PVC = ("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\n"
       "spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n")
POD = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
       "  - {name: c, image: busybox, command: [sh, -c, 'echo one >> /data/f; exec sleep 3600'],"
       " volumeMounts: [{name: d, mountPath: /data}]}\n"
       "  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]\n")
COUNTER = ("apiVersion: v1\nkind: Pod\nmetadata: {name: counter}\nspec:\n  containers:\n  - name: count\n"
           "    image: busybox\n    args: [/bin/sh, -c, 'i=0; while true; do echo \"$i: $(date)\"; i=$((i+1)); "
           "sleep 1; done']\n")
HOST_BEFORE = [
    "docker volume create data",
    "docker run --name writer -v data:/data busybox sh -c 'echo one > /data/f; echo made > /made'",
    "mkdir -p /src && cd /src && echo hello > greeting",
]
HOST_AFTER = [
    "docker run --name again -v data:/data busybox sh -c 'cat /data/f; echo two >> /data/f'",
    "docker ps -a", "docker diff writer", "docker volume ls", "cat /var/lib/docker/volumes/data/_data/f",
    "pwd", "cd /tmp && echo $PWD", "docker rm -f writer", "ls /var/lib/docker/overlay2 | wc -l", "date",
    "docker system df", "docker run -d --name web nginx:1.29.0", "docker logs web | tail -1",
]


def cluster(before: list[str] = ()) -> sk.Cluster:
    made = sk.Cluster.kind()
    for name, text in (("counter.yaml", COUNTER), ("pvc.yaml", PVC), ("pod.yaml", POD)):
        made.write(name, text)
    play(made, before)
    return made


# ------------------------------------------------------------------ hosts

def test_a_restored_host_does_again_exactly_what_it_did():
    check_replay(sk.DockerHost(), HOST_BEFORE, HOST_AFTER)


def test_a_snapshot_keeps_waiting_processes_where_they_were():
    first = check_replay(sk.DockerHost(), [
        f"docker run -d --name ticker -v logs:/data busybox sh -c '{LOOP}'",
        "docker run -d --name counter busybox sh -c 'i=0; while true; do echo $i; i=$((i+1)); sleep 2; done'",
    ], ["ADVANCE", "docker logs counter", "cat /var/lib/docker/volumes/logs/_data/log", "docker ps -a", "ADVANCE",
        "docker exec ticker sh -c 'kill 1'", "docker ps -a", "docker start ticker", "ADVANCE", "docker logs counter"])
    assert first[0][1].splitlines()[:4] == ["0", "1", "2", "3"]


def test_a_copied_host_shares_nothing_that_can_change():
    host = sk.DockerHost()
    play(host, HOST_BEFORE + [f"docker run -d --name ticker -v logs:/data busybox sh -c '{LOOP}'"])
    twin = copy.deepcopy(host)
    assert shared_with(host, twin) == []
    after = HOST_AFTER + ["ADVANCE", "docker logs ticker"]
    assert play(twin, after) == play(host, after)
    twin.sh("docker rm -f again && docker volume prune -af && date")
    assert host.sh("docker ps -a --format '{{.Names}}'").out == "web\nagain\nticker\n"  # the original is as it was


def test_a_copy_reads_its_own_clock():
    host = sk.DockerHost()
    host.sh("docker run -d --name ticker busybox sh -c 'while true; do date +%T; sleep 60; done'")
    twin = copy.deepcopy(host)
    twin.clock.advance(3600)
    assert twin.sh("touch /tmp/f && stat -c %Y /tmp/f").out == f"{twin.clock.now}\n"  # stamped by its own clock
    assert twin.sh("docker logs ticker | tail -1").out == "10:00:01\n"  # its loop went on
    assert host.sh("touch /tmp/f && stat -c %Y /tmp/f && docker logs ticker").out == f"{host.clock.now}\n09:00:01\n"


def test_a_write_into_a_layer_on_the_host_does_not_reach_the_snapshot():
    host = sk.DockerHost()
    host.sh("docker pull busybox")
    diff = host.sh("docker image inspect -f '{{.GraphDriver.Data.UpperDir}}' busybox").out.strip()
    snap = host.snapshot()
    host.sh(f"echo changed > {diff}/etc/motd")  # root can write into a layer: containers see it
    assert host.sh("docker run --rm busybox cat /etc/motd").out == "changed\n"
    later = host.snapshot()
    host.restore(snap)
    assert host.sh("docker run --rm busybox cat /etc/motd").code == 1
    host.restore(later)
    assert host.sh("docker run --rm busybox cat /etc/motd").out == "changed\n"


def test_a_snapshot_restored_into_another_host_gives_it_its_own_trees():
    host = sk.DockerHost()
    host.sh("docker pull busybox")
    other = sk.DockerHost()
    other.restore(host.snapshot())
    diff = other.sh("docker image inspect -f '{{.GraphDriver.Data.UpperDir}}' busybox").out.strip()
    other.sh(f"echo changed > {diff}/etc/motd")
    assert host.sh("docker run --rm busybox cat /etc/motd").code == 1
    assert other.sh("docker run --rm busybox cat /etc/motd").out == "changed\n"
    assert shared_with(host, other) == []


def test_snapshots_share_the_image_layers():
    host = sk.DockerHost()
    host.sh("docker pull ubuntu:22.04")
    snap = host.snapshot()
    layers = [layer.root for layer in host.engine.layers.layers.values()]
    assert layers and all(tree.frozen for tree in layers)
    assert all(any(x is tree for x in snap.shared.values()) for tree in layers)


def test_no_thread_is_started_and_dropped_hosts_go():
    threads = threading.active_count()
    refs = []
    for _ in range(5):
        host = sk.DockerHost()
        play(host, [f"docker run -d --name ticker busybox sh -c '{LOOP}'", "ADVANCE", "docker logs ticker"])
        copy.deepcopy(host).sh("docker ps")
        host.snapshot()
        refs.append(weakref.ref(host))
        assert threading.active_count() == threads
    del host
    gc.collect()
    assert [r() for r in refs] == [None] * 5


# --------------------------------------------------------------- clusters

def test_a_restored_cluster_does_again_exactly_what_it_did():
    check_replay(cluster(), ["kubectl apply -f pvc.yaml", "kubectl apply -f pod.yaml"], [
        "kubectl get pvc,pv", "kubectl exec p -- sh -c 'cat /data/f; echo two >> /data/f'", "kubectl delete pod p",
        "kubectl get pvc -o yaml", "kubectl apply -f pod.yaml", "kubectl exec p -- cat /data/f", "date"])


def test_a_cluster_snapshot_keeps_a_waiting_pod_where_it_was():
    first = check_replay(cluster(), ["kubectl apply -f counter.yaml"], [
        "ADVANCE", "kubectl logs counter", "kubectl get pods", "kubectl exec counter -- sh -c 'kill -9 1'",  # ignored
        "kubectl get pods", "ADVANCE", "kubectl logs counter --previous | tail -2"])
    assert first[0][1].splitlines()[0] == "0: Mon Jan  5 09:00:01 UTC 2026"


def test_a_copied_cluster_shares_nothing_that_can_change():
    original = cluster(["kubectl apply -f pvc.yaml", "kubectl apply -f pod.yaml", "kubectl apply -f counter.yaml"])
    twin = copy.deepcopy(original)
    assert shared_with(original, twin) == []
    after = ["ADVANCE", "kubectl logs counter", "kubectl exec p -- sh -c 'echo two >> /data/f; cat /data/f'"]
    assert play(twin, after) == play(original, after)


@pytest.mark.parametrize("make", [sk.DockerHost, sk.Cluster.kind])
def test_a_snapshot_of_a_fresh_object_is_its_fresh_state(make):
    obj = make()
    snap = obj.snapshot()
    fresh = fingerprint(vars(obj))
    obj.sh("date; cd /tmp")
    obj.restore(snap)
    assert fingerprint(vars(obj)) == fresh
    assert isinstance(obj.fs.upper, Dir) and "snapshot of a" in repr(snap)


# ------------------------------------------------------ any commands at all

HOST_POOL = [
    f"docker run -d --name ticker -v logs:/data busybox sh -c '{LOOP}'",
    "docker run -d --name sleeper busybox sh -c 'echo up; sleep 5; echo down'",
    "docker run --name once busybox sh -c 'echo hi > /f; rm /etc/hostname'",
    "docker logs ticker | tail -2", "docker ps -a", "docker stop -t 1 ticker", "docker start ticker",
    "docker rm -f sleeper", "docker exec ticker sh -c 'kill 1'", "cat /var/lib/docker/volumes/logs/_data/log | wc -l",
    "docker volume ls", "cd /tmp", "export X=$((X+1)); echo $X", "mkdir -p d && echo x >> d/f && ls -l d",
    "docker diff once", "docker commit once snap:1", "docker images", "docker logs sleeper", "ADVANCE",
    "stat -c '%i %n' /etc/hostname d/f", "docker exec ticker ls -i /etc /data",
]
CLUSTER_POOL = [
    "kubectl apply -f counter.yaml", "kubectl logs counter | tail -1", "kubectl delete pod counter",
    "kubectl get pods", "kubectl apply -f pvc.yaml", "kubectl apply -f pod.yaml", "kubectl get pvc,pv",
    "kubectl exec counter -- sh -c 'kill 1'", "kubectl exec p -- sh -c 'echo more >> /data/f; cat /data/f'",
    "kubectl delete pvc data --wait=false", "kubectl get events", "ADVANCE",
]


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(before=st.lists(st.sampled_from(HOST_POOL), max_size=6), after=st.lists(st.sampled_from(HOST_POOL), max_size=5))
def test_any_host_replays_from_a_snapshot(before, after):
    check_replay(sk.DockerHost(), [HOST_POOL[0], *before], after)


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(before=st.lists(st.sampled_from(CLUSTER_POOL), max_size=5),
       after=st.lists(st.sampled_from(CLUSTER_POOL), max_size=4))
def test_any_cluster_replays_from_a_snapshot(before, after):
    check_replay(cluster(), [CLUSTER_POOL[0], *before], after)
