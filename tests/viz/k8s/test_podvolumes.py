"""pod_volumes: a Pod's containers, the volumes they mount, and where each volume's files are, read from the
cluster as it is."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit import viz
from tests.viz.dot import edge_map, nodes

SHARED = """
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  volumes:
  - {name: html, emptyDir: {}}
  - {name: cache, emptyDir: {medium: Memory, sizeLimit: 64Mi}}
  - {name: data, hostPath: {path: /srv/data, type: DirectoryOrCreate}}
  - {name: config, configMap: {name: settings}}
  containers:
  - name: app
    image: nginx:1.29
    volumeMounts:
    - {name: html, mountPath: /usr/share/nginx/html}
    - {name: cache, mountPath: /var/cache/nginx}
    - {name: config, mountPath: /etc/app, subPath: conf}
  - name: writer
    image: busybox:1.36
    command: ["sh", "-c", "date > /html/index.html; sleep 3600"]
    volumeMounts:
    - {name: html, mountPath: /html, readOnly: true}
    - {name: data, mountPath: /data}
"""


@pytest.fixture(scope="module")
def cluster() -> sk.Cluster:
    cluster = sk.Cluster()
    assert cluster.sh("kubectl create configmap settings --from-literal=conf=x").code == 0
    assert cluster.sh("kubectl apply -f -", stdin=SHARED).code == 0
    return cluster


def _ids(cluster: sk.Cluster) -> tuple[str, str]:
    uid = cluster.state.store.get("Pod", "web", "default")["metadata"]["uid"]
    return uid, uid.replace("-", "_")


@pytest.mark.parametrize("volume, look, where", [
    ("html", "cylinder", "/volumes/kubernetes.io~empty-dir/html"),
    ("cache", "box", "node1's memory"),
    ("data", "folder", "node1:/srv/data"),
    ("config", "box", "/volumes/kubernetes.io~configmap/config"),
])
def test_each_volume_says_what_it_is_and_where_its_files_are(cluster, volume, look, where):
    uid, key = _ids(cluster)
    node = nodes(viz.pod_volumes(cluster, "web").source)[f"volume_{key}_{volume}"]
    assert node["shape"] == look
    assert where in node["label"].split("\n")
    if where.startswith("/volumes/"):  # after the kubelet's pod directory, its uid cut short
        assert f"node1:/var/lib/kubelet/pods/{uid[:8]}…" in node["label"].split("\n")


def test_two_containers_mounting_one_volume_meet_at_one_node_with_their_paths(cluster):
    _, key = _ids(cluster)
    edges = edge_map(viz.pod_volumes(cluster, "web").source)
    assert edges[(f"container_{key}_app", f"volume_{key}_html")]["label"] == "/usr/share/nginx/html"
    assert edges[(f"container_{key}_writer", f"volume_{key}_html")]["label"] == "/html (ro)"
    assert edges[(f"container_{key}_app", f"volume_{key}_config")]["label"].split("\n") == ["/etc/app (ro)",
                                                                                           "subPath conf"]


def test_the_token_volume_every_pod_gets_is_drawn_only_when_asked_for(cluster):
    assert "kube-api-access-" not in viz.pod_volumes(cluster, "web").source
    assert "kube-api-access-" in viz.pod_volumes(cluster, "web", token=True).source


def test_a_restarted_container_has_a_new_writable_layer_while_the_volume_keeps_its_files():
    cluster = sk.Cluster()
    cluster.sh("kubectl create configmap settings --from-literal=conf=x")
    cluster.sh("kubectl apply -f -", stdin=SHARED)
    cluster.sh("kubectl exec web -c app -- sh -c 'echo hi > /usr/share/nginx/html/kept.txt; echo x > /etc/lost.txt'")
    _, key = _ids(cluster)

    def labels():
        found = nodes(viz.pod_volumes(cluster, "web").source)
        return found[f"container_{key}_app"]["label"], found[f"volume_{key}_html"]["label"]

    app, html = labels()
    assert "restarts: 0" in app and "/etc/lost.txt" in app and "/kept.txt" in html
    assert cluster.sh("kubectl exec web -c app -- sh -c 'kill 1'").code == 0
    app, html = labels()
    assert "restarts: 1" in app and "/etc/lost.txt" not in app and "/kept.txt" in html


def test_a_pod_that_is_not_there_says_so():
    source = viz.pod_volumes(sk.Cluster(), "nowhere").source
    assert 'pods \\"nowhere\\" not found' in source or 'pods "nowhere" not found' in source
