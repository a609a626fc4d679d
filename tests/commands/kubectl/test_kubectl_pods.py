"""kubectl run, cp and wait, and annotate: getting data into a volume and checking what came of it."""

from __future__ import annotations

import pytest

import storagekit as sk
from tests.k8s.manifests import pod, pvc

CLAIM_POD = pvc("data") + pod("web", "data", "/usr/share/nginx/html", image="nginx:1.29.0", command=None,
                              container="nginx", volume="html")


@pytest.fixture
def kind():
    cluster = sk.Cluster.kind()
    cluster.write("web.yaml", CLAIM_POD)
    cluster.sh("kubectl apply -f web.yaml")
    return cluster


def run(cluster, line):
    r = cluster.sh(line)
    return r.code, r.out, r.err


def test_run_makes_the_pod_kubectl_would(kind):
    assert run(kind, "kubectl run box --image=busybox --dry-run=client -o yaml")[1] == (
        "apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: box\n  name: box\nspec:\n"
        "  containers:\n  - image: busybox\n    name: box\n    resources: {}\n  dnsPolicy: ClusterFirst\n"
        "  restartPolicy: Always\nstatus: {}\n")
    assert run(kind, "kubectl run box --image=busybox --restart=Never --env=A=1 -- sleep 3600") == (
        0, "pod/box created\n", "")
    pod = kind.state.store.get("Pod", "box")
    assert pod["spec"]["containers"][0]["args"] == ["sleep", "3600"] and pod["spec"]["restartPolicy"] == "Never"
    assert pod["metadata"]["labels"] == {"run": "box"}
    assert pod["spec"]["containers"][0]["env"] == [{"name": "A", "value": "1"}]
    assert run(kind, "kubectl run box --image=busybox") == (1, "",
                                                            'Error from server (AlreadyExists): pods "box" already '
                                                            'exists\n')


def test_run_attached_runs_the_command_and_rm_cleans_up(kind):
    code, out, _ = run(kind, "kubectl run tmp --rm -it --image=busybox --restart=Never -- sh -c 'echo hi'")
    assert (code, out) == (0, 'hi\npod "tmp" deleted\n')
    assert run(kind, "kubectl get pod tmp")[0] == 1
    assert run(kind, "kubectl run tmp --rm --image=busybox") == (
        1, "", "error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples\n")


def test_cp_into_a_volume_and_back(kind):
    kind.write("index.html", "<h1>hello</h1>\n")
    assert run(kind, "kubectl cp index.html web:/usr/share/nginx/html/index.html") == (0, "", "")
    claim = kind.state.store.get("PersistentVolumeClaim", "data")
    path = kind.state.store.get("PersistentVolume", claim["spec"]["volumeName"])["spec"]["hostPath"]["path"]
    assert kind.node_sh("kind-control-plane", f"cat {path}/index.html").out == "<h1>hello</h1>\n"  # on the node's disk
    kind.write("site/a.html", "a\n")
    kind.write("site/css/b.css", "b\n")
    assert run(kind, "kubectl cp site web:/usr/share/nginx/html/site")[0] == 0
    assert run(kind, "kubectl exec web -- cat /usr/share/nginx/html/site/css/b.css")[1] == "b\n"
    assert run(kind, "kubectl cp default/web:/usr/share/nginx/html/index.html copy.html") == (
        0, "", "tar: Removing leading `/' from member names\n")
    assert run(kind, "cat copy.html")[1] == "<h1>hello</h1>\n"


@pytest.mark.parametrize("line, err", [
    # kubectl 1.33's own answers: two local paths need a pod, two pods need a local path, an empty path is checked
    # before the missing pod
    ("kubectl cp a b", "error: one of src or dest must be a remote file specification\n"),
    ("kubectl cp web:/a web:/b", "error: one of src or dest must be a local file specification\n"),
    ("kubectl cp web: web:", "error: one of src or dest must be a local file specification\n"),
    ("kubectl cp '' b", "error: filepath can not be empty\n"),
    ("kubectl cp web: b", "error: filepath can not be empty\n"),
    ("kubectl cp nosuch web:/tmp", "error: nosuch doesn't exist in local filesystem\n"),
    ("kubectl cp ghost:/a b", 'Error from server (NotFound): pods "ghost" not found\n'),
    ("kubectl cp web:/nope x", "tar: Removing leading `/' from member names\ntar: nope: Cannot stat: No such file or "
                               "directory\ntar: Exiting with failure status due to previous errors\n"
                               "command terminated with exit code 2\n"),
    ("kubectl cp web.yaml web:/var/run/secrets/kubernetes.io/serviceaccount/x",
     "tar: x: Cannot open: Read-only file system\ntar: Exiting with failure status due to previous errors\n"
     "command terminated with exit code 2\n"),
])
def test_cp_refusals(kind, line, err):
    assert run(kind, line) == (1, "", err)


@pytest.mark.parametrize("line, code, out, err", [
    ("kubectl wait --for=condition=Ready pod/web", 0, "pod/web condition met\n", ""),
    ("kubectl wait --for=condition=ready pod/web --timeout=60s", 0, "pod/web condition met\n", ""),
    ("kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/data", 0,
     "persistentvolumeclaim/data condition met\n", ""),
    ("kubectl wait --for=jsonpath='{.status.phase}'=Succeeded pod/web --timeout=5s", 1, "",
     "error: timed out waiting for the condition on pods/web\n"),
    ("kubectl wait --for=delete pod/gone", 0, "", ""),
    ("kubectl wait pod/web", 1, "", 'error: unrecognized condition: ""\n'),
])
def test_wait_answers_at_once_on_a_settled_cluster(kind, line, code, out, err):
    assert run(kind, line) == (code, out, err)


def test_annotate_changes_the_default_class(kind):
    assert kind.sh("kubectl get sc").out.splitlines()[1].startswith("standard (default) ")
    assert run(kind, "kubectl annotate sc standard storageclass.kubernetes.io/is-default-class=false") == (
        1, "", "error: 'storageclass.kubernetes.io/is-default-class' already has a value (true), and --overwrite is "
               "false\n")
    assert run(kind, "kubectl annotate sc standard storageclass.kubernetes.io/is-default-class=false --overwrite")[1] \
        == "storageclass.storage.k8s.io/standard annotated\n"
    assert kind.sh("kubectl get sc").out.splitlines()[1].startswith("standard   ")  # no longer the default
    assert run(kind, "kubectl annotate pod web note-")[1] == "pod/web not annotated\n"


def test_describe_pv_prints_the_node_affinity_of_a_local_path_volume(kind):
    text = kind.sh("kubectl describe pv").out
    assert ("Node Affinity:     \n  Required Terms:  \n"
            "    Term 0:        kubernetes.io/hostname in [kind-control-plane]\n"
            "Message:           \n") in text


def test_delete_by_label_all_and_force(kind):
    r = kind.sh("kubectl delete pvc -l nothing=here")
    assert (r.code, r.out) == (0, "No resources found\n")
    r = kind.sh("kubectl delete pvc --all")
    assert r.out == 'persistentvolumeclaim "data" deleted\n'  # still used by web: Terminating, kubectl would wait
    assert kind.sh("kubectl get pvc data").out.splitlines()[1].split()[1] == "Terminating"
    r = kind.sh("kubectl delete pod web --grace-period=0 --force")
    assert r.out == 'pod "web" force deleted\n' and r.err.startswith("Warning: Immediate deletion does not wait")
    assert kind.sh("kubectl get pvc").err == "No resources found in default namespace.\n"


def test_describe_pod_shows_the_container_as_kubectl_does(kind):
    kind.write("c.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: c}\nspec:\n  containers:\n  - name: c\n"
                         "    image: busybox\n    command: [sh, -c, 'while true; do date >> /data/log; sleep 5; "
                         "done']\n"
                         "    env: [{name: MODE, value: fast}]\n    resources: {requests: {memory: 64Mi}}\n"
                         "    volumeMounts: [{name: d, mountPath: /etc/x, subPath: x}, {name: d, mountPath: /data}]\n"
                         "  volumes: [{name: d, emptyDir: {}}]\n")
    kind.sh("kubectl apply -f c.yaml")
    text = kind.sh("kubectl describe pod c").out
    assert "    Container ID:  containerd://" in text
    assert "    Image ID:      docker.io/library/busybox@sha256:" in text
    assert ("    Command:\n      sh\n      -c\n      while true; do date >> /data/log; sleep 5; done\n"
            "    State:          Running\n") in text
    assert ("    Requests:\n      memory:  64Mi\n    Environment:\n      MODE:  fast\n    Mounts:\n"
            '      /data from d (rw)\n      /etc/x from d (rw,path="x")\n') in text
    assert "QoS Class:                   Burstable\n" in text


def test_logs_follow_prints_what_there_is(kind):
    kind.write("c.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: counter}\nspec:\n  containers:\n"
                         "  - name: count\n    image: busybox\n"
                         "    args: [/bin/sh, -c, 'i=0; while true; do echo $i; i=$((i+1)); sleep 1; done']\n")
    kind.sh("kubectl apply -f c.yaml")
    assert kind.sh("kubectl logs -f counter").out == "0\n1\n"  # -f is --follow here, not --filename
    assert kind.sh("kubectl logs counter --follow").out == "0\n1\n2\n"  # a second later, one more line


STATEFUL_WEB = """apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: nginx}]}
"""
WAIT_NOTE = "kubectl would now wait for"


@pytest.mark.parametrize("line, waits", [
    ("kubectl delete pvc data", True),  # web still uses it: Terminating, the same object
    ("kubectl delete pvc data --wait=false", False),
    ("kubectl delete pod web", False),  # gone
    ("kubectl delete pod db-1", False),  # gone; the StatefulSet's new db-1 has another uid
    ("kubectl delete pod db-1 --wait=false", False),
])
def test_delete_waits_only_for_the_object_it_deleted(kind, line, waits):
    kind.write("db.yaml", STATEFUL_WEB)
    kind.sh("kubectl apply -f db.yaml")
    r = kind.sh(line)
    assert r.code == 0 and any(n.startswith(WAIT_NOTE) for n in r.notes) == waits
