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
