"""fsGroup: which volumes the kubelet gives to a Pod's group, and what that does to their files."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.fs import Dir, FileSystem
from storagekit.k8s import ownership
from tests.k8s.manifests import apply, pod, pvc, run, storage_class


def volume_tree() -> FileSystem:
    """A volume's files as a root-owned process left them: a 0600 file, a 0700 directory, a symlink."""
    fs = FileSystem(Dir(0o755))
    fs.mkdir("/vol", 0o755)
    fs.write("/vol/secret.key", b"k", perm=0o600)
    fs.mkdir("/vol/private", 0o700)
    fs.write("/vol/private/notes", b"n", perm=0o640)
    fs.symlink("secret.key", "/vol/link")
    return fs


def modes(fs: FileSystem) -> dict[str, tuple[str, int]]:
    return {path: (oct(node.mode & 0o7777), node.gid) for path, node in [("/vol", fs.stat("/vol")),
                                                                          *fs.walk("/vol")]}


@pytest.mark.parametrize("readonly, expected", [
    (False, {"/vol": ("0o2775", 2000), "/vol/link": ("0o777", 2000), "/vol/private": ("0o2770", 2000),
             "/vol/private/notes": ("0o660", 2000), "/vol/secret.key": ("0o660", 2000)}),
    (True, {"/vol": ("0o2755", 2000), "/vol/link": ("0o777", 2000), "/vol/private": ("0o2750", 2000),
            "/vol/private/notes": ("0o640", 2000), "/vol/secret.key": ("0o640", 2000)}),
])
def test_the_group_gets_read_write_and_directories_setgid(readonly, expected):
    fs = volume_tree()
    assert ownership.set_volume_ownership(fs, "/vol", 2000, readonly=readonly)
    assert modes(fs) == expected


def test_without_an_fs_group_nothing_changes():
    fs = volume_tree()
    before = modes(fs)
    assert not ownership.set_volume_ownership(fs, "/vol", None)
    assert modes(fs) == before


@pytest.mark.parametrize("root_mode, root_gid, walks", [
    (0o2770, 2000, False),   # the root has the group, its bits and setgid: the files are taken to have them too
    (0o2775, 2000, False),   # more bits than needed is fine
    (0o0770, 2000, True),    # no setgid
    (0o2750, 2000, True),    # the group cannot write
    (0o2770, 3000, True),    # another group
])
def test_on_root_mismatch_looks_at_the_root_only(root_mode, root_gid, walks):
    fs = volume_tree()
    fs.chmod("/vol", root_mode)
    fs.chown("/vol", -1, root_gid)
    changed = ownership.set_volume_ownership(fs, "/vol", 2000, policy=ownership.ON_ROOT_MISMATCH)
    assert changed is walks
    assert (fs.stat("/vol/secret.key").gid == 2000) is walks
    assert ownership.set_volume_ownership(volume_tree(), "/vol", 2000, policy=ownership.ALWAYS)


def csi(modes=("ReadWriteOnce",), **source) -> dict:
    return {"metadata": {"name": "v"}, "spec": {"accessModes": list(modes),
                                                "csi": {"driver": "ebs.csi.aws.com", "fsType": "ext4", **source}}}


@pytest.mark.parametrize("pv, readonly, shared, owned", [
    (csi(), False, False, True),
    (csi(), False, True, True),                                 # a CSI volume is changed at every Pod's mount
    (csi(), True, False, False),                                # a read-only mount is left alone
    (csi(readOnly=True), False, False, False),
    (csi(fsType=""), False, False, False),                      # ReadWriteOnceWithFSType needs an fsType...
    (csi(modes=("ReadWriteMany",)), False, False, False),      # ...and ReadWriteOnce among the modes
    (csi(modes=("ReadWriteOncePod",)), False, False, False),
    (csi(modes=("ReadOnlyMany", "ReadWriteOnce")), False, False, True),
    ({"spec": {"accessModes": ["ReadWriteOnce"], "awsElasticBlockStore": {"volumeID": "vol-1", "fsType": "ext4"}}},
     False, False, True),                                       # migrated to the EBS CSI driver
    ({"spec": {"accessModes": ["ReadWriteOnce"], "local": {"path": "/mnt/disks/ssd1"}}}, False, False, True),
    ({"spec": {"accessModes": ["ReadWriteOnce"], "local": {"path": "/mnt/disks/ssd1"}}}, False, True, False),
    ({"spec": {"accessModes": ["ReadWriteOnce"], "local": {"path": "/mnt/disks/ssd1"}}}, True, False, False),
    ({"spec": {"accessModes": ["ReadWriteOnce"], "hostPath": {"path": "/mnt/data"}}}, False, False, False),
    ({"spec": {"accessModes": ["ReadWriteMany"], "nfs": {"server": "nfs", "path": "/"}}}, False, False, False),
])
def test_which_persistent_volumes_take_the_fs_group(pv, readonly, shared, owned):
    assert ownership.persistent_volume_owned(pv, readonly, shared) is owned


CONTEXT = "  securityContext: {runAsUser: 1000, fsGroup: 2000}\n"
VOLUMES_POD = """apiVersion: v1
kind: Pod
metadata: {name: vols}
spec:
  securityContext: {runAsUser: 1000, fsGroup: 2000}
  containers:
  - name: app
    image: busybox
    command: [sleep, "3600"]
    volumeMounts:
    - {name: scratch, mountPath: /scratch}
    - {name: ram, mountPath: /ram}
    - {name: host, mountPath: /host}
    - {name: cfg, mountPath: /cfg}
  volumes:
  - {name: scratch, emptyDir: {}}
  - {name: ram, emptyDir: {medium: Memory}}
  - {name: host, hostPath: {path: /srv/data, type: DirectoryOrCreate}}
  - {name: cfg, configMap: {name: settings}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: fast}
"""


def csi_cluster() -> sk.Cluster:
    cluster = sk.Cluster(nodes=["node1"], provisioners=["ebs.csi.aws.com"])
    return apply(cluster, storage_class("ebs", "ebs.csi.aws.com", default=True))


def sh(cluster: sk.Cluster, line: str) -> tuple[int, str, str]:
    r = cluster.sh(line)
    return r.code, r.out, r.err


def test_a_non_root_pod_writes_to_its_csi_claim_and_its_files_get_the_group():
    cluster = apply(csi_cluster(), pvc("data") + pod("app", "data", extra=CONTEXT))
    assert sh(cluster, "kubectl exec app -- stat -c '%A %g' /data") == (0, "drwxrwsr-x 2000\n", "")
    run(cluster, "kubectl exec app -- sh -c 'echo hi > /data/f && mkdir /data/d'")
    assert sh(cluster, "kubectl exec app -- ls -ln /data") == (
        0, "total 8\ndrwxr-sr-x    2 1000     2000          4096 Jan  5 09:00 d\n"
           "-rw-r--r--    1 1000     2000             3 Jan  5 09:00 f\n", "")


def test_on_kinds_local_path_the_directory_is_open_to_all_and_keeps_its_group():
    cluster = apply(sk.Cluster.kind(), pvc("data") + pod("app", "data", extra=CONTEXT))
    assert sh(cluster, "kubectl exec app -- stat -c '%A %U %g' /data") == (0, "drwxrwxrwx root 0\n", "")
    run(cluster, "kubectl exec app -- touch /data/f")
    assert sh(cluster, "kubectl exec app -- stat -c '%u %g' /data/f") == (0, "1000 0\n", "")


def test_emptydir_and_configmap_take_the_group_and_a_hostpath_does_not():
    cluster = apply(sk.Cluster.kind(), VOLUMES_POD)
    assert sh(cluster, "kubectl exec vols -- stat -c '%n %A %g' /scratch /ram /host /cfg/..data/mode") == (
        0, "/scratch drwxrwsrwx 2000\n/ram drwxrwsrwt 2000\n/host drwxr-xr-x 0\n/cfg/..data/mode -rw-r--r-- 2000\n",
        "")
    run(cluster, "kubectl exec vols -- sh -c 'touch /scratch/f /ram/f'")
    assert sh(cluster, "kubectl exec vols -- stat -c '%n %u %g' /scratch/f /ram/f") == (
        0, "/scratch/f 1000 2000\n/ram/f 1000 2000\n", "")
    assert sh(cluster, "kubectl exec vols -- touch /host/f") == (
        1, "", "touch: /host/f: Permission denied\ncommand terminated with exit code 1\n")


def test_a_secret_with_mode_0400_becomes_readable_by_the_group():
    cluster = apply(sk.Cluster.kind(), """apiVersion: v1
kind: Secret
metadata: {name: creds}
stringData: {password: s3cret}
---
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  securityContext: {runAsUser: 1000, fsGroup: 2000}
  containers:
  - {name: app, image: busybox, command: [sleep, "3600"], volumeMounts: [{name: s, mountPath: /etc/creds}]}
  volumes: [{name: s, secret: {secretName: creds, defaultMode: 0400}}]
""")
    assert sh(cluster, "kubectl exec app -- stat -c '%A %u %g' /etc/creds/..data/password") == (
        0, "-r--r----- 0 2000\n", "")
    assert sh(cluster, "kubectl exec app -- cat /etc/creds/password") == (0, "s3cret", "")


def test_on_root_mismatch_leaves_files_of_an_owned_volume_as_they_are():
    policy = "  securityContext: {runAsUser: 1000, fsGroup: 2000, fsGroupChangePolicy: OnRootMismatch}\n"
    cluster = apply(csi_cluster(), pvc("data") + pod("first", "data", extra=policy))
    run(cluster, "kubectl exec first -- sh -c 'touch /data/private && chmod 600 /data/private'")
    run(cluster, "kubectl delete pod first")
    apply(cluster, pod("again", "data", extra=policy))
    assert sh(cluster, "kubectl exec again -- stat -c %A /data/private") == (0, "-rw-------\n", "")
    apply(cluster, pod("always", "data", extra=CONTEXT), "always.yaml")  # the default walks it all again
    assert sh(cluster, "kubectl exec always -- stat -c %A /data/private") == (0, "-rw-rw----\n", "")


def test_a_local_volume_another_pod_has_mounted_keeps_its_group():
    from tests.k8s.manifests import LOCAL_CLASS, local_pv

    cluster = apply(sk.Cluster(nodes=["node1"]), LOCAL_CLASS + local_pv("disk", "1Gi", "node1")
                    + pvc("data", extra="  storageClassName: local\n") + pod("first", "data", extra=CONTEXT))
    apply(cluster, pod("second", "data", extra="  securityContext: {runAsUser: 1000, fsGroup: 3000}\n"), "b.yaml")
    assert sh(cluster, "kubectl exec second -- stat -c %g /data") == (0, "2000\n", "")
    events = [e.message for e in cluster.state.store.events_for(cluster.state.store.get("Pod", "second"))]
    assert "The requested fsGroup is 3000, but the volume disk has GID 2000. The volume may not be shareable." \
        in events


def test_a_sub_path_the_kubelet_makes_has_the_volumes_mode_so_the_group_may_write_there():
    manifest = pod("app", "data", extra=CONTEXT).replace("mountPath: /data}", "mountPath: /data, subPath: db/files}")
    cluster = apply(csi_cluster(), pvc("data") + manifest)
    run(cluster, "kubectl exec app -- touch /data/f")
    assert sh(cluster, "kubectl exec app -- stat -c '%A %u %g' /data /data/f") == (
        0, "drwxrwsr-x 0 2000\n-rw-r--r-- 1000 2000\n", "")
