"""A Pod's container sees its mounts as containerd and the kubelet make them, through ``kubectl exec``."""

from __future__ import annotations

import storagekit as sk

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
