"""The kubelet's side of a Pod: its conditions while it waits and runs, and the events of starting containers."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.k8s.apiserver import pull_policy

POD = """apiVersion: v1
kind: Pod
metadata: {{name: {name}}}
spec:
  containers: [{{name: web, image: '{image}'{extra}}}]
"""


def start(cluster, name, image, extra=""):
    cluster.write(f"{name}.yaml", POD.format(name=name, image=image, extra=extra))
    cluster.sh(f"kubectl apply -f {name}.yaml")
    return [(e.reason, e.message) for e in cluster.state.store.events_for(cluster.state.store.get("Pod", name))
            if e.source == "kubelet"]


@pytest.mark.parametrize("image, policy", [
    ("nginx", "Always"), ("nginx:latest", "Always"), ("nginx:1.29.0", "IfNotPresent"),
    ("registry.example:5000/app", "Always"), ("registry.example:5000/app:v1", "IfNotPresent"),
    ("nginx@sha256:" + "a" * 64, "IfNotPresent"),
])
def test_the_default_pull_policy(image, policy):
    assert pull_policy(image) == policy


def test_starting_pulls_once_per_node_unless_the_policy_says_always():
    cluster = sk.Cluster.kind()
    first = start(cluster, "a", "nginx:1.29.0")
    assert [r for r, _ in first] == ["Pulling", "Pulled", "Created", "Started"]
    assert first[1][1].startswith('Successfully pulled image "nginx:1.29.0" in 2.208s (2.208s including waiting). '
                                  "Image size: ")
    assert first[2:] == [("Created", "Created container: web"), ("Started", "Started container web")]
    assert start(cluster, "b", "nginx:1.29.0")[0] == ("Pulled",
                                                      'Container image "nginx:1.29.0" already present on machine')
    again = start(cluster, "c", "nginx:1.29.0", ", imagePullPolicy: Always")
    assert again[1][1].startswith('Successfully pulled image "nginx:1.29.0" in 400ms (400ms including waiting).')
    node = cluster.state.store.get("Node", "kind-control-plane")
    assert [i["names"] for i in node["status"]["images"]] == [["docker.io/library/nginx:1.29.0"]]


def test_conditions_while_waiting_for_a_volume_and_once_running():
    cluster = sk.Cluster(nodes=["node1"])
    cluster.write("p.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                            "  - {name: c, image: busybox, command: [sleep, '3600'], volumeMounts: [{name: cfg, "
                            "mountPath: /cfg}]}\n"
                            "  volumes: [{name: cfg, configMap: {name: later}}]\n")
    cluster.sh("kubectl apply -f p.yaml")
    text = cluster.sh("kubectl describe pod p").out
    assert ("Conditions:\n  Type                        Status\n  PodReadyToStartContainers   False \n"
            "  Initialized                 True \n  Ready                       False \n"
            "  ContainersReady             False \n  PodScheduled                True \n") in text
    assert text.endswith('  Warning  FailedMount  1s    kubelet            MountVolume.SetUp failed for volume "cfg" : '
                         'configmap "later" not found\n')
    cluster.sh("kubectl create cm later --from-literal=a=1")
    status = cluster.state.store.get("Pod", "p")["status"]
    assert [(c["type"], c["status"]) for c in status["conditions"]] == [
        ("PodReadyToStartContainers", "True"), ("Initialized", "True"), ("Ready", "True"), ("ContainersReady", "True"),
        ("PodScheduled", "True")]


HOST_PATH_POD = """apiVersion: v1
kind: Pod
metadata: {{name: h}}
spec:
  containers: [{{name: c, image: busybox, command: [sleep, '3600'], volumeMounts: [{{name: v, mountPath: /v}}]}}]
  volumes: [{{name: v, hostPath: {{path: {path}, type: {kind}}}}}]
"""


@pytest.mark.parametrize("prepare, path, kind, problem", [
    ("", "/srv/data", "Directory", "hostPath type check failed: /srv/data is not a directory"),
    ("sudo mkdir -p /srv/data", "/srv/data", "Directory", None),
    ("", "/srv/new", "DirectoryOrCreate", None),
    ("sudo mkdir -p /srv/data", "/srv/data", "File", "hostPath type check failed: /srv/data is not a file"),
    ("", "/srv/app.log", "File", "hostPath type check failed: /srv/app.log is not a file"),
    ("sudo mkdir -p /srv", "/srv/app.log", "FileOrCreate", None),
    ("", "/nowhere/app.log", "FileOrCreate", "open /nowhere/app.log: no such file or directory"),
    ("", "/var/run/docker.sock", "Socket", "hostPath type check failed: /var/run/docker.sock is not a socket file"),
])
def test_host_path_types_are_checked_on_the_node(prepare, path, kind, problem):
    cluster = sk.Cluster(nodes=["node1"])
    if prepare:
        cluster.node_sh("node1", prepare)
    cluster.write("h.yaml", HOST_PATH_POD.format(path=path, kind=kind))
    cluster.sh("kubectl apply -f h.yaml")
    phase = cluster.state.store.get("Pod", "h")["status"]["phase"]
    events = [e.message for e in cluster.state.store.events if e.reason == "FailedMount"]
    if problem is None:
        assert phase == "Running" and not events and cluster.node_sh("node1", f"test -e {path}").code == 0
    else:
        assert phase == "Pending" and events == [f'MountVolume.SetUp failed for volume "v" : {problem}']


def test_an_unknown_host_path_type_is_refused():
    cluster = sk.Cluster(nodes=["node1"])
    cluster.write("h.yaml", HOST_PATH_POD.format(path="/srv", kind="Dir"))
    r = cluster.sh("kubectl apply -f h.yaml")
    assert r.err == ('The Pod "h" is invalid: spec.volumes[0].hostPath.type: Unsupported value: "Dir": supported '
                     'values: '
                     '"", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", '
                     '"Socket"\n')


NON_ROOT = ", command: [sleep, '3600'], securityContext: {runAsNonRoot: true}"


def test_a_container_that_would_run_as_root_waits_in_create_container_config_error():
    cluster = sk.Cluster.kind()
    events = start(cluster, "app", "busybox:1.37", NON_ROOT)
    pod = cluster.state.store.get("Pod", "app")
    message = f'container has runAsNonRoot and image will run as root (pod: "app_default({pod["metadata"]["uid"]})", ' \
              "container: web)"
    assert [r for r, _ in events] == ["Pulling", "Pulled", "Failed"] and events[2][1] == f"Error: {message}"
    assert pod["status"]["containerStatuses"][0]["state"] == {
        "waiting": {"reason": "CreateContainerConfigError", "message": message}}
    assert cluster.sh("kubectl get pod app").out.splitlines()[1].split()[:4] == [
        "app", "0/1", "CreateContainerConfigError", "0"]
    text = cluster.sh("kubectl describe pod app").out
    assert "Status:           Pending\n" in text
    assert "    State:          Waiting\n      Reason:       CreateContainerConfigError\n" in text
    assert "  PodReadyToStartContainers   True \n" in text  # the sandbox is up; only the container is refused
    assert text.splitlines()[-1].split(None, 4)[:2] == ["Warning", "Failed"]
    assert text.endswith(f"kubelet            Error: {message}\n")


def test_the_kubelet_tries_again_on_its_next_syncs():
    cluster = sk.Cluster.kind()
    start(cluster, "app", "busybox:1.37", NON_ROOT)
    cluster.clock.advance(30)
    text = cluster.sh("kubectl describe pod app").out
    failed = next(line for line in text.splitlines() if "Error: container has runAsNonRoot" in line)
    assert failed.split()[:5] == ["Warning", "Failed", "0s", "(x2", "over"]  # a repeat counts up the event
    assert text.endswith('  Normal   Pulled     0s                kubelet            Container image "busybox:1.37" '
                         "already present on machine\n")
    assert "Created" not in text and cluster.state.store.get("Pod", "app")["status"]["phase"] == "Pending"


def test_one_refused_container_keeps_the_pod_pending_while_the_other_runs():
    cluster = sk.Cluster.kind()
    cluster.write("two.yaml", """apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  containers:
  - {name: ok, image: busybox, command: [sleep, '3600'], securityContext: {runAsNonRoot: true, runAsUser: 1000}}
  - {name: root, image: busybox, command: [sleep, '3600'], securityContext: {runAsNonRoot: true}}
""")
    cluster.sh("kubectl apply -f two.yaml")
    cluster.clock.advance(30)
    assert cluster.sh("kubectl get pod two").out.splitlines()[1].split()[1:4] == [
        "1/2", "CreateContainerConfigError", "0"]
    statuses = cluster.state.store.get("Pod", "two")["status"]["containerStatuses"]
    assert ["running" in cs["state"] for cs in statuses] == [True, False]
    assert cluster.state.store.get("Pod", "two")["status"]["phase"] == "Pending"
    assert cluster.sh("kubectl exec two -c ok -- id -u").out == "1000\n"
