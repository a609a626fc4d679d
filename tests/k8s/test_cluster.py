"""The control loop: rounds of every controller to a fixpoint, or one round at a time in stepping mode."""

from __future__ import annotations

import storagekit as sk
from tests.k8s.manifests import pod, pvc

MANIFEST = pvc("data") + pod("app", "data", "/d", container="c", volume="d")


def status(cluster):
    return [line.split()[:3] for line in cluster.sh("kubectl get pod,pvc").out.splitlines() if "/" in line]


def test_stepping_shows_each_controller_at_work():
    cluster = sk.Cluster.kind()
    cluster.stepping = True
    cluster.write("m.yaml", MANIFEST)
    cluster.sh("kubectl apply -f m.yaml")
    assert status(cluster)[0] == ["pod/app", "0/1", "Pending"]  # nothing has run yet
    first = cluster.step()
    done = [(c.controller, c.action, c.kind) for c in first.changes]
    assert done[:2] == [("default-scheduler", "updated", "PersistentVolumeClaim"),
                        ("default-scheduler", "updated", "Pod")]
    assert ("external-provisioner", "created", "PersistentVolume") in done
    assert "default-scheduler updated Pod default/app" in str(first).splitlines()
    assert [e.reason for e in first.events][:1] == ["Scheduled"]
    assert cluster.sh("kubectl get pvc data").out.splitlines()[1].split()[1] == "Pending"  # bound in the next round
    second = cluster.step()
    assert ("persistentvolume-controller", "updated", "PersistentVolumeClaim") in \
        [(c.controller, c.action, c.kind) for c in second.changes]
    assert cluster.sh("kubectl get pod app").out.splitlines()[1].split()[2] == "Running"
    last = cluster.step()
    assert not last and str(last) == "nothing to do: the cluster has settled"


def test_settle_runs_what_stepping_held_back():
    cluster = sk.Cluster.kind()
    cluster.stepping = True
    cluster.write("m.yaml", MANIFEST)
    cluster.sh("kubectl apply -f m.yaml")
    cluster.settle()
    assert cluster.sh("kubectl get pod app").out.splitlines()[1].split()[2] == "Running"
    cluster.stepping = False
    cluster.sh("kubectl delete pod app")
    assert cluster.sh("kubectl get pods").err == "No resources found in default namespace.\n"
