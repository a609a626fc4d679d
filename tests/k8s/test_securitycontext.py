"""A Pod's securityContext: whom its containers run as, which groups they get, and what runAsNonRoot refuses."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.k8s import securitycontext as sc
from tests.k8s.manifests import apply, pod, pvc, storage_class

UID = "4f1c"


def spec(pod_context: dict | None = None, container_context: dict | None = None) -> tuple[dict, dict]:
    container = {"name": "app", "image": "busybox"}
    if container_context is not None:
        container["securityContext"] = container_context
    body = {"metadata": {"name": "web", "namespace": "default", "uid": UID}, "spec": {"containers": [container]}}
    if pod_context is not None:
        body["spec"]["securityContext"] = pod_context
    return body, container


@pytest.mark.parametrize("pod_context, container_context, image_user, user", [
    (None, None, "", "0"),                                      # the image names no user: uid 0
    (None, None, "nginx", "nginx"),
    (None, None, "101:101", "101"),                             # the image's group part is not passed on
    ({"runAsUser": 1000}, None, "nginx", "1000"),
    ({"runAsUser": 1000, "runAsGroup": 3000}, None, "", "1000:3000"),
    ({"runAsGroup": 3000}, None, "", "0:3000"),
    ({"runAsGroup": 3000}, None, "nginx", "nginx:3000"),
    ({"runAsUser": 1000}, {"runAsUser": 2000}, "", "2000"),     # the container's own field wins...
    ({"runAsUser": 1000, "runAsGroup": 3000}, {"runAsUser": 2000}, "", "2000:3000"),  # ...field by field
    ({"runAsUser": 1000}, {"runAsUser": None}, "", "1000"),     # null is unset
])
def test_the_user_the_runtime_is_given(pod_context, container_context, image_user, user):
    assert sc.run_as(*spec(pod_context, container_context), {"User": image_user}) == user


WHERE = f'(pod: "web_default({UID})", container: app)'


@pytest.mark.parametrize("pod_context, container_context, config, message", [
    (None, None, {"User": ""}, ""),                                    # not asked for
    ({"runAsNonRoot": False}, None, {"User": ""}, ""),
    ({"runAsNonRoot": True}, None, {"User": ""}, f"container has runAsNonRoot and image will run as root {WHERE}"),
    ({"runAsNonRoot": True}, None, {"User": "0:0"}, f"container has runAsNonRoot and image will run as root {WHERE}"),
    ({"runAsNonRoot": True}, None, {"User": "1000"}, ""),
    ({"runAsNonRoot": True}, None, {"User": "nginx"},
     f"container has runAsNonRoot and image has non-numeric user (nginx), cannot verify user is non-root {WHERE}"),
    ({"runAsNonRoot": True, "runAsUser": 1000}, None, {"User": ""}, ""),
    ({"runAsNonRoot": True, "runAsUser": 0}, None, {"User": "1000"},
     f"container's runAsUser breaks non-root policy {WHERE}"),
    ({"runAsUser": 1000}, {"runAsNonRoot": True}, {"User": ""}, ""),  # the Pod's runAsUser counts for the container
    ({"runAsNonRoot": True}, {"runAsNonRoot": False}, {"User": ""}, ""),  # the container's own setting wins
    ({"runAsNonRoot": True}, None, {"User": "4294967296"},
     f"container has runAsNonRoot and image has an invalid user id (4294967296). (Must be 1-(2147483647)): "
     f"must be between 0 and 2147483647, inclusive {WHERE}"),
    ({"runAsNonRoot": True}, None, None, ""),                          # an image the catalogue does not hold
])
def test_verify_run_as_non_root(pod_context, container_context, config, message):
    assert sc.verify_run_as_non_root(*spec(pod_context, container_context), config) == message


def pv(gid: str) -> dict:
    return {"metadata": {"name": "v", "annotations": {sc.GID_ANNOTATION: gid}}}


@pytest.mark.parametrize("pod_context, volumes, groups", [
    (None, [], []),
    ({"fsGroup": 2000, "supplementalGroups": [3000, 4000]}, [], [2000, 3000, 4000]),
    ({"supplementalGroups": [3000]}, [pv("5000"), pv("3000"), pv("x")], [3000, 5000]),
])
def test_the_groups_the_kubelet_asks_for(pod_context, volumes, groups):
    assert sc.supplemental_groups(spec(pod_context)[0], volumes) == groups


GROUPS = "  securityContext: {{runAsUser: {uid}, fsGroup: 2000, supplementalGroups: [4000, 3000]{more}}}\n"


@pytest.mark.parametrize("uid, more, image, out", [
    (1000, "", "busybox", "uid=1000 gid=0(root) groups=0(root),2000,3000,4000\n"),
    (1000, ", runAsGroup: 3000", "busybox", "uid=1000 gid=3000 groups=2000,3000,4000\n"),
    (0, "", "busybox", "uid=0(root) gid=0(root) groups=0(root),10(wheel),2000,3000,4000\n"),  # root is in wheel
    (0, ", supplementalGroupsPolicy: Strict", "busybox", "uid=0(root) gid=0(root) groups=0(root),2000,3000,4000\n"),
    (1000, "", "debian:bookworm", "uid=1000 gid=0(root) groups=0(root),2000,3000,4000\n"),  # GNU id
    (33, "", "debian:bookworm", "uid=33(www-data) gid=33(www-data) groups=33(www-data),2000,3000,4000\n"),
])
def test_id_in_the_container_shows_the_groups(uid, more, image, out):
    cluster = apply(sk.Cluster.kind(), pod("app", "data", extra=GROUPS.format(uid=uid, more=more), image=image)
                    + pvc("data"))
    r = cluster.sh("kubectl exec app -- id")
    assert (r.code, r.out, r.err) == (0, out, "")


def test_the_main_process_has_the_groups_and_a_pv_gid_adds_one():
    cluster = sk.Cluster(nodes=["node1"])
    apply(cluster, """apiVersion: v1
kind: PersistentVolume
metadata: {name: shared, annotations: {pv.beta.kubernetes.io/gid: "5000"}}
spec: {capacity: {storage: 1Gi}, accessModes: [ReadWriteMany], storageClassName: "", nfs: {server: nfs, path: /}}
---
""" + pvc("data", modes="ReadWriteMany", extra='  storageClassName: ""\n')
          + pod("app", "data", extra="  securityContext: {runAsUser: 1000, fsGroup: 2000}\n", command='[id]'))
    assert cluster.sh("kubectl logs app").out == "uid=1000 gid=0(root) groups=0(root),2000,5000\n"


def test_a_pod_that_may_not_run_as_root_runs_with_a_user_of_its_own():
    cluster = apply(sk.Cluster(nodes=["node1"], provisioners=["ebs.csi.aws.com"]),
                    storage_class("ebs", "ebs.csi.aws.com", default=True) + pvc("data")
                    + pod("app", "data", extra="  securityContext: {runAsNonRoot: true, runAsUser: 1000}\n"))
    assert cluster.sh("kubectl get pod app").out.splitlines()[1].split()[1:3] == ["1/1", "Running"]
    assert cluster.sh("kubectl exec app -- id -u").out == "1000\n"


@pytest.mark.parametrize("context, image, user", [
    ("{runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, supplementalGroups: [4000]}", "busybox",
     '{"linux":{"gid":3000,"supplementalGroups":[2000,3000,4000],"uid":1000}}'),
    ("{}", "busybox", '{"linux":{"gid":0,"supplementalGroups":[0,10],"uid":0}}'),
    ("{runAsUser: 1000}", "example.com/app:1", ""),  # the simulator cannot know whom an unknown image runs as
])
def test_the_container_status_says_whom_the_process_runs_as(context, image, user):
    cluster = apply(sk.Cluster.kind(), pvc("data") + pod("app", "data", extra=f"  securityContext: {context}\n",
                                                       image=image))
    assert cluster.sh("kubectl get pod app -o jsonpath={.status.containerStatuses[0].user}").out == user
