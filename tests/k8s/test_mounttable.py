"""A Pod's container sees its mounts as containerd and the kubelet make them, through ``kubectl exec``."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.k8s.mounttable import MEMORY, memory_volume_size

POD = """
apiVersion: v1
kind: Pod
metadata: {name: box}
spec:
  automountServiceAccountToken: false
  containers:
  - name: c
    image: busybox
    command: ["sleep", "3600"]
    volumeMounts:
    - {name: scratch, mountPath: /scratch}
    - {name: mem, mountPath: /mem}
    - {name: data, mountPath: /data, readOnly: true}
  volumes:
  - {name: scratch, emptyDir: {}}
  - {name: mem, emptyDir: {medium: Memory}}
  - {name: data, persistentVolumeClaim: {claimName: data}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
"""
SNAPSHOTS = "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots"


def started() -> sk.Cluster:
    cluster = sk.Cluster.kind()
    assert cluster.sh("kubectl apply -f -", stdin=POD).code == 0
    return cluster


def test_the_root_is_an_overlay_of_containerd_snapshots():
    out = started().sh("kubectl exec box -- mount").out.splitlines()
    assert out[0] == (f"overlay on / type overlay (rw,relatime,lowerdir={SNAPSHOTS}/1/fs,upperdir={SNAPSHOTS}/2/fs,"
                      f"workdir={SNAPSHOTS}/2/work)")


def test_volumes_are_binds_of_the_kubelets_directories_or_tmpfs():
    cluster = started()
    uid = cluster.sh("kubectl get pod box -o jsonpath={.metadata.uid}").out
    info = cluster.sh("kubectl exec box -- cat /proc/self/mountinfo").out.splitlines()
    rows = {line.split(" ")[4]: line for line in info}
    assert f" /var/lib/kubelet/pods/{uid}/volumes/kubernetes.io~empty-dir/scratch /scratch rw,relatime - ext4 " \
           "/dev/sda1 rw,errors=remount-ro" in rows["/scratch"]
    assert rows["/mem"].endswith(" /mem rw,relatime - tmpfs tmpfs rw,size=8388608k,inode64")
    assert " /var/local-path-provisioner/pvc-" in rows["/data"] and " /data ro,relatime - ext4 " in rows["/data"]
    assert f" /var/lib/kubelet/pods/{uid}/etc-hosts /etc/hosts " in rows["/etc/hosts"]


def test_another_pod_of_the_image_gets_a_writable_snapshot_of_its_own_on_the_same_layers():
    cluster = started()
    assert cluster.sh("kubectl run other --image=busybox -- sleep 3600").code == 0
    first = cluster.sh("kubectl exec other -- mount").out.splitlines()[0]
    assert f"lowerdir={SNAPSHOTS}/1/fs," in first and f"upperdir={SNAPSHOTS}/3/fs" in first


def test_df_in_a_pod_counts_what_is_written_in_a_memory_volume():
    cluster = started()
    cluster.sh("kubectl exec box -- dd if=/dev/zero of=/mem/f bs=1024 count=4096")
    row = cluster.sh("kubectl exec box -- df /mem").out.splitlines()[1].split()
    assert row == ["tmpfs", "8388608", "4096", "8384512", "0%", "/mem"]


def _pod(limits: list[str | None], inits: tuple[str | None, ...] = ()) -> dict:
    def ct(limit):
        return {"name": "c", "resources": {"limits": {"memory": limit}} if limit else {}}
    return {"spec": {"containers": [ct(x) for x in limits], "initContainers": [ct(x) for x in inits]}}


@pytest.mark.parametrize("limits, inits, size_limit, size", [
    ([None], (), None, MEMORY),                      # nothing declared: the node's allocatable memory
    ([None], (), "64Mi", 64 * 2 ** 20),              # sizeLimit, when below it
    (["256Mi", None], (), None, MEMORY),             # a container without a limit: no Pod limit
    (["256Mi", "256Mi"], (), None, 512 * 2 ** 20),   # the Pod's limit: the sum of its containers'
    (["256Mi"], ("1Gi",), None, 2 ** 30),            # or an init container's, when larger
    (["256Mi"], (), "1Gi", 256 * 2 ** 20),           # sizeLimit counts only when below the Pod's limit
    (["256Mi"], (), "64Mi", 64 * 2 ** 20),
    ([None], (), "16Gi", MEMORY),                    # ... and below the node's memory
    ([None], (), "0", MEMORY),                       # a zero sizeLimit is no limit
])
def test_a_memory_volume_is_as_large_as_the_kubelet_makes_it(limits, inits, size_limit, size):
    volume = {"name": "mem", "emptyDir": {"medium": "Memory", **({"sizeLimit": size_limit} if size_limit else {})}}
    assert memory_volume_size(_pod(limits, inits), volume) == size


SIZED = """
apiVersion: v1
kind: Pod
metadata: {name: sized}
spec:
  automountServiceAccountToken: false
  containers:
  - name: c
    image: busybox
    command: ["sleep", "3600"]
    volumeMounts:
    - {name: mem, mountPath: /mem}
    - {name: data, mountPath: /data}
  volumes:
  - {name: mem, emptyDir: {medium: Memory, sizeLimit: 1Mi}}
  - {name: data, persistentVolumeClaim: {claimName: data}}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: disk}
provisioner: ebs.csi.aws.com
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: disk
  resources: {requests: {storage: 2Gi}}
"""


def test_a_sized_memory_volume_is_a_tmpfs_of_that_size_that_fills_up():
    cluster = sk.Cluster(provisioners=["ebs.csi.aws.com"])
    assert cluster.sh("kubectl apply -f -", stdin=SIZED).code == 0
    assert "tmpfs on /mem type tmpfs (rw,relatime,size=1024k,inode64)" in cluster.sh("kubectl exec sized -- mount").out
    r = cluster.sh("kubectl exec sized -- dd if=/dev/zero of=/mem/f bs=1024 count=2048")
    assert r.code == 1 and "No space left on device" in r.err
    assert cluster.sh("kubectl exec sized -- df /mem").out.splitlines()[1].split()[1:5] == ["1024", "1024", "0", "100%"]


def test_a_csi_volume_is_a_filesystem_of_the_volumes_capacity():
    cluster = sk.Cluster(provisioners=["ebs.csi.aws.com"])
    assert cluster.sh("kubectl apply -f -", stdin=SIZED).code == 0
    assert cluster.sh("kubectl exec sized -- df /data").out.splitlines()[-1].split()[0:2] == ["2097152", "0"]
