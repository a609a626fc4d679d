"""Provisioners that refuse a claim, and why a claim still has no volume, as a cluster runs them."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.k8s.controllers.provisioner import refusal, why_not_provisioned

CLASS = """apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {{name: fast}}
provisioner: {provisioner}
volumeBindingMode: {binding}
"""
CLAIM = """apiVersion: v1
kind: PersistentVolumeClaim
metadata: {{name: data}}
spec:
  accessModes: [{modes}]
  resources: {{requests: {{storage: 1Gi}}}}
{extra}"""
POD = """apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  containers: [{name: c, image: busybox, command: [sleep, '3600'], volumeMounts: [{name: d, mountPath: /d}]}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
"""


def claim(modes="ReadWriteOnce", selector=None) -> dict:
    spec = {"accessModes": modes.split(","), "resources": {"requests": {"storage": "1Gi"}}}
    if selector is not None:
        spec["selector"] = selector
    return {"metadata": {"name": "data", "namespace": "default"}, "spec": spec}


@pytest.mark.parametrize("provisioner, pvc, expected", [
    ("rancher.io/local-path", claim(), ""),
    ("rancher.io/local-path", claim("ReadWriteOncePod"), ""),
    ("rancher.io/local-path", claim("ReadWriteMany"),
     "NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes"),
    ("rancher.io/local-path", claim(selector={"matchLabels": {"a": "b"}}), "claim.Spec.Selector is not supported"),
    ("ebs.csi.aws.com", claim("ReadWriteMany"), ""),
    ("ebs.csi.aws.com", claim(selector={}), "claim Selector is not supported"),
])
def test_refusal(provisioner, pvc, expected):
    assert refusal(provisioner, pvc) == expected


def test_local_path_refuses_a_shared_claim_with_the_libraries_words():
    kind = sk.Cluster.kind()
    kind.write("m.yaml", CLAIM.format(modes="ReadWriteMany", extra="") + "---\n" + POD)
    kind.sh("kubectl apply -f m.yaml")
    failed = [e for e in kind.state.store.events if e.reason == "ProvisioningFailed"]
    assert [e.message for e in failed] == ['failed to provision volume with StorageClass "standard": NodePath only '
                                           "supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes"]
    assert failed[0].source == "rancher.io/local-path_local-path-provisioner"
    assert kind.sh("kubectl get pv").err == "No resources found\n"


def why(cluster: sk.Cluster) -> str:
    pvc = cluster.state.store.get("PersistentVolumeClaim", "data", "default")
    reason = why_not_provisioned(cluster.state.store, pvc, cluster.state.provisioners)
    return "" if reason is None else reason.text


@pytest.mark.parametrize("setup, expected", [
    ([CLAIM.format(modes="ReadWriteOnce", extra="")], "no class set and no default class: never provisioned"),
    ([CLAIM.format(modes="ReadWriteOnce", extra='  storageClassName: ""\n')], 'class "": never provisioned'),
    ([CLAIM.format(modes="ReadWriteOnce", extra="  storageClassName: fast\n")],
     'storageclass.storage.k8s.io "fast" not found'),
    ([CLASS.format(provisioner="ebs.csi.aws.com", binding="WaitForFirstConsumer"),
      CLAIM.format(modes="ReadWriteOnce", extra="  storageClassName: fast\n")],
     "WaitForFirstConsumer: no Pod uses the claim yet"),
    ([CLASS.format(provisioner="ebs.csi.aws.com", binding="Immediate"),
      CLAIM.format(modes="ReadWriteOnce", extra="  storageClassName: fast\n")],
     "ExternalProvisioning: no ebs.csi.aws.com running in the cluster"),
    ([CLASS.format(provisioner="kubernetes.io/no-provisioner", binding="WaitForFirstConsumer"),
      CLAIM.format(modes="ReadWriteOnce", extra="  storageClassName: fast\n")],
     "kubernetes.io/no-provisioner: this class never provisions (only existing volumes bind)"),
    ([CLASS.format(provisioner="kubernetes.io/no-provisioner", binding="Immediate"),
      CLAIM.format(modes="ReadWriteOnce", extra="  storageClassName: fast\n")],
     "no volume plugin matched name: kubernetes.io/no-provisioner"),
    ([CLASS.format(provisioner="rancher.io/local-path", binding="Immediate"),
      CLAIM.format(modes="ReadWriteOnce", extra="  storageClassName: fast\n  selector: {matchLabels: {a: b}}\n")],
     "rancher.io/local-path: claim.Spec.Selector is not supported"),
    ([CLASS.format(provisioner="rancher.io/local-path", binding="Immediate"),
      CLAIM.format(modes="ReadWriteOnce", extra="  storageClassName: fast\n")], ""),  # provisioned and bound
])
def test_why_not_provisioned(setup, expected):
    cluster = sk.Cluster(nodes=["node1"], provisioners=["rancher.io/local-path"])
    cluster.write("m.yaml", "---\n".join(setup))
    assert cluster.sh("kubectl apply -f m.yaml").code == 0
    assert why(cluster) == expected


def test_why_a_wait_for_first_consumer_claim_waits_for_its_pod():
    cluster = sk.Cluster(nodes=["node1"])
    cluster.sh("kubectl cordon node1")
    cluster.write("m.yaml", CLASS.format(provisioner="ebs.csi.aws.com", binding="WaitForFirstConsumer") + "---\n"
                  + CLAIM.format(modes="ReadWriteOnce", extra="  storageClassName: fast\n") + "---\n" + POD)
    cluster.sh("kubectl apply -f m.yaml")
    assert why(cluster) == "WaitForFirstConsumer: waiting for pod app to be scheduled"


def test_a_pod_that_skips_the_scheduler_never_starts_provisioning():
    cluster = sk.Cluster(nodes=["node1"], provisioners=["ebs.csi.aws.com"])
    cluster.write("m.yaml", CLASS.format(provisioner="ebs.csi.aws.com", binding="WaitForFirstConsumer") + "---\n"
                  + CLAIM.format(modes="ReadWriteOnce", extra="  storageClassName: fast\n") + "---\n"
                  + POD.replace("spec:\n", "spec:\n  nodeName: node1\n", 1))
    cluster.sh("kubectl apply -f m.yaml")
    assert why(cluster) == "WaitForFirstConsumer: pod app set nodeName and skipped the scheduler, which alone " \
                           "starts provisioning"


def test_local_paths_helper_makes_the_directory_open_to_everyone_before_the_volume_exists():
    cluster = sk.Cluster.kind()
    cluster.write("m.yaml", CLAIM.format(modes="ReadWriteOnce", extra="") + "---\n" + POD)
    cluster.sh("kubectl apply -f m.yaml")
    path = cluster.state.store.list("PersistentVolume")[0]["spec"]["hostPath"]["path"]
    r = cluster.node_sh("kind-control-plane", f"stat -c '%a %U:%G' {path}")
    assert (r.code, r.out) == (0, "777 root:root\n")  # kind's setup script: mkdir -m 0777 -p "$VOL_DIR"


SOURCE = """apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: src}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: fast
  resources: {requests: {storage: 2Gi}}
---
apiVersion: v1
kind: Pod
metadata: {name: writer}
spec:
  containers: [{name: c, image: busybox, command: [sleep, '3600'], volumeMounts: [{name: d, mountPath: /d}]}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: src}}]
"""
CLONE = """apiVersion: v1
kind: PersistentVolumeClaim
metadata: {{name: copy}}
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: {cls}
  dataSource: {source}
  resources: {{requests: {{storage: {size}}}}}
"""
OTHER_CLASS = CLASS.format(provisioner="ebs.csi.aws.com", binding="Immediate").replace("fast", "slow")
STATIC = """apiVersion: v1
kind: PersistentVolume
metadata: {name: static}
spec:
  capacity: {storage: 2Gi}
  accessModes: [ReadWriteOnce]
  storageClassName: fast
  hostPath: {path: /tmp/static}
"""
HANDLE = "failed to provision volume with StorageClass \"{cls}\": error getting handle for DataSource Type {kind} " \
         "by Name {name}: "


@pytest.mark.parametrize("before, cls, source, size, expected", [
    ([SOURCE], "fast", "{kind: PersistentVolumeClaim, name: gone}", "2Gi",
     HANDLE.format(cls="fast", kind="PersistentVolumeClaim", name="gone")
     + 'error getting PVC gone (namespace "default") from api server: persistentvolumeclaim "gone" not found'),
    ([SOURCE, OTHER_CLASS], "slow", "{kind: PersistentVolumeClaim, name: src}", "2Gi",
     HANDLE.format(cls="slow", kind="PersistentVolumeClaim", name="src")
     + "the source PVC and destination PVCs must be in the same storage class for cloning.  Source is in fast, "
       "but new PVC is in slow"),
    ([SOURCE], "fast", "{kind: PersistentVolumeClaim, name: src}", "1Gi",
     HANDLE.format(cls="fast", kind="PersistentVolumeClaim", name="src")
     + "error, new PVC request must be greater than or equal in size to the specified PVC data source, requested "
       "1073741824 but source is 2147483648"),
    ([STATIC, SOURCE], "fast", "{kind: PersistentVolumeClaim, name: src}", "2Gi",
     HANDLE.format(cls="fast", kind="PersistentVolumeClaim", name="src") + "claim in dataSource not bound or invalid"),
    ([SOURCE.replace("storageClassName: fast", "storageClassName: none")], "fast",
     "{kind: PersistentVolumeClaim, name: src}", "2Gi",
     HANDLE.format(cls="fast", kind="PersistentVolumeClaim", name="src")
     + "the PVC DataSource src must have a status of Bound.  Got {Pending [] map[] [] map[] map[] <nil> <nil>}"),
    ([SOURCE], "fast", "{kind: VolumeSnapshot, name: snap, apiGroup: snapshot.storage.k8s.io}", "2Gi",
     HANDLE.format(cls="fast", kind="VolumeSnapshot", name="snap")
     + "error getting snapshot snap from api server: the server could not find the requested resource "
       "(get volumesnapshots.snapshot.storage.k8s.io snap)"),
    ([SOURCE], "fast", "{kind: VolumeSnapshot, name: snap, apiGroup: example.com}", "2Gi",
     'failed to provision volume with StorageClass "fast": the PVC source does not belong to the right APIGroup. '
     "Expected snapshot.storage.k8s.io, Got example.com"),
])
def test_a_csi_clone_the_external_provisioner_refuses_stays_pending_with_its_words(before, cls, source, size,
                                                                                   expected):
    cluster = sk.Cluster(nodes=["node1"], provisioners=["ebs.csi.aws.com"])
    cluster.write("m.yaml", "---\n".join([CLASS.format(provisioner="ebs.csi.aws.com", binding="Immediate"), *before]))
    assert cluster.sh("kubectl apply -f m.yaml").code == 0
    volumes = cluster.sh("kubectl get pv -o name").out
    cluster.write("c.yaml", CLONE.format(cls=cls, source=source, size=size))
    assert cluster.sh("kubectl apply -f c.yaml").code == 0
    failed = [e.message for e in cluster.state.store.events if e.reason == "ProvisioningFailed" and e.name == "copy"]
    assert failed == [expected]
    assert cluster.sh("kubectl get pvc copy -o jsonpath={.status.phase}").out == "Pending"
    assert cluster.sh("kubectl get pv -o name").out == volumes  # no volume was made for it


def test_a_csi_clone_starts_with_the_files_of_its_source_and_then_goes_its_own_way():
    cluster = sk.Cluster(nodes=["node1"], provisioners=["ebs.csi.aws.com"])
    cluster.write("m.yaml", CLASS.format(provisioner="ebs.csi.aws.com", binding="Immediate") + "---\n" + SOURCE)
    cluster.sh("kubectl apply -f m.yaml")
    cluster.sh("kubectl exec writer -- sh -c 'echo v1 > /d/data.txt'")
    cluster.write("c.yaml", CLONE.format(cls="fast", source="{kind: PersistentVolumeClaim, name: src}", size="3Gi")
                  + "---\n" + POD.replace("claimName: data", "claimName: copy"))
    assert cluster.sh("kubectl apply -f c.yaml").code == 0
    assert cluster.sh("kubectl exec app -- cat /d/data.txt").out == "v1\n"
    cluster.sh("kubectl exec app -- sh -c 'echo v2 > /d/data.txt'")
    assert cluster.sh("kubectl exec writer -- cat /d/data.txt").out == "v1\n"
