"""kubectl against a simulated cluster: the docs' PersistentVolume task, tables, describe, YAML, and refusals."""

from __future__ import annotations

import pytest

import storagekit as sk
from tests.commands.kubectl.docs_task import PV, PVC


@pytest.fixture
def cluster():
    c = sk.Cluster(nodes=["node1"])
    c.write("pv-volume.yaml", PV)
    c.write("pv-claim.yaml", PVC)
    return c


def cols(line: str) -> list[str]:
    return line.split()


def test_the_docs_task_binds_the_claim_to_the_volume(cluster):
    assert cluster.sh("kubectl apply -f pv-volume.yaml").out == "persistentvolume/task-pv-volume created\n"
    out = cluster.sh("kubectl get pv task-pv-volume").out.splitlines()
    assert out[0] == ("NAME             CAPACITY   ACCESS MODES   RECLAIM POLICY   STATUS      CLAIM   STORAGECLASS   "
                      "VOLUMEATTRIBUTESCLASS   REASON   AGE")
    assert cols(out[1]) == ["task-pv-volume", "10Gi", "RWO", "Retain", "Available", "manual", "<unset>", "1s"]
    assert cluster.sh("kubectl apply -f pv-claim.yaml").out == "persistentvolumeclaim/task-pv-claim created\n"
    assert cols(cluster.sh("kubectl get pv task-pv-volume").out.splitlines()[1])[4:6] == ["Bound",
                                                                                          "default/task-pv-claim"]
    pvc = cluster.sh("kubectl get pvc task-pv-claim").out.splitlines()
    assert cols(pvc[0]) == ["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS", "MODES", "STORAGECLASS",
                            "VOLUMEATTRIBUTESCLASS", "AGE"]
    assert cols(pvc[1])[:6] == ["task-pv-claim", "Bound", "task-pv-volume", "10Gi", "RWO", "manual"]
    assert cluster.sh("kubectl apply -f pv-claim.yaml").out == "persistentvolumeclaim/task-pv-claim unchanged\n"


def test_describe_and_yaml_show_what_the_controller_wrote(cluster):
    cluster.sh("kubectl apply -f pv-volume.yaml -f pv-claim.yaml")
    text = cluster.sh("kubectl describe pvc task-pv-claim").out
    assert ("Annotations:   pv.kubernetes.io/bind-completed: yes\n"
            "               pv.kubernetes.io/bound-by-controller: yes\n") in text
    assert "Finalizers:    [kubernetes.io/pvc-protection]\n" in text and text.endswith("Events:        <none>\n")
    pv = cluster.sh("kubectl describe pv task-pv-volume").out
    assert "Claim:           default/task-pv-claim\n" in pv and "    Path:          /mnt/data\n" in pv
    yaml_out = cluster.sh("kubectl get pvc task-pv-claim -o yaml").out
    assert 'pv.kubernetes.io/bind-completed: "yes"' in yaml_out and "  capacity:\n    storage: 10Gi\n" in yaml_out
    assert cluster.sh("kubectl get pv,pvc -o name").out == ("persistentvolume/task-pv-volume\n"
                                                           "persistentvolumeclaim/task-pv-claim\n")


def test_deleting_the_claim_releases_a_retained_volume(cluster):
    cluster.sh("kubectl apply -f pv-volume.yaml -f pv-claim.yaml")
    assert cluster.sh("kubectl delete pvc task-pv-claim").out == 'persistentvolumeclaim "task-pv-claim" deleted\n'
    assert cols(cluster.sh("kubectl get pv").out.splitlines()[1])[4] == "Released"
    r = cluster.sh("kubectl get pvc")
    assert (r.out, r.err) == ("", "No resources found in default namespace.\n")


def test_a_claim_with_nothing_to_bind_shows_its_event(cluster):
    cluster.sh("kubectl apply -f pv-claim.yaml")
    text = cluster.sh("kubectl describe pvc task-pv-claim").out
    assert "\nEvents:\n  Type     Reason              Age   From                         Message\n" in text
    assert "persistentvolume-controller  no persistent volumes available for this claim and no storage class is set" \
        not in text  # the class is "manual": it waits for a provisioner instead
    assert "ProvisioningFailed" in text and 'storageclass.storage.k8s.io "manual" not found' in text
    events = cluster.sh("kubectl get events").out.splitlines()
    assert cols(events[0]) == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    assert "persistentvolumeclaim/task-pv-claim" in events[1]


@pytest.mark.parametrize("manifest, err", [
    ("kind: PersistentVolumeClaim\nmetadata:\n  name: x: y\n",
     "error: error parsing bad.yaml: error converting YAML to JSON: yaml: line 3: mapping values are not allowed "
     "in this context\n"),
    ("apiVersion: v1\nmetadata:\n  name: x\n",
     "error: unable to decode \"bad.yaml\": Object 'Kind' is missing in "
     "'{\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}'\n"),
    ("apiVersion: v1\nkind: Volume\nmetadata:\n  name: x\n",
     'error: resource mapping not found for name: "x" namespace: "" from "bad.yaml": no matches for kind "Volume" '
     'in version "v1"\nensure CRDs are installed first\n'),
    ("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: x\nspec:\n  resources:\n    requests:\n"
     "      storage: 1Gi\n",
     'The PersistentVolumeClaim "x" is invalid: spec.accessModes: Required value: '
     "at least 1 access mode is required\n"),
    ("apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: x\nspec:\n  accessModes: [ReadWriteOnce]\n"
     "  resources:\n    requests:\n      storage: 1GB\n",
     'Error from server (BadRequest): error when creating "bad.yaml": PersistentVolumeClaim in version "v1" cannot be '
     "handled as a PersistentVolumeClaim: quantities must match the regular expression "
     "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'\n"),
])
def test_bad_manifests_get_kubectls_words_and_change_nothing(cluster, manifest, err):
    cluster.write("bad.yaml", manifest)
    before = dict(cluster.state.store.objects)
    r = cluster.sh("kubectl apply -f bad.yaml")
    assert (r.code, r.err) == (1, err)
    assert cluster.state.store.objects.keys() == before.keys()


@pytest.mark.parametrize("line, err", [
    ("kubectl get foo", 'error: the server doesn\'t have a resource type "foo"\n'),
    ("kubectl get pv nope", 'Error from server (NotFound): persistentvolumes "nope" not found\n'),
    ("kubectl delete pvc nope", 'Error from server (NotFound): persistentvolumeclaims "nope" not found\n'),
    ("kubectl get pv --bogus", "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n"),
    ("kubectl frobnicate", 'error: unknown command "frobnicate" for "kubectl"\n'),
])
def test_command_errors(cluster, line, err):
    r = cluster.sh(line)
    assert (r.code, r.err) == (1, err)


def test_the_kind_preset_has_a_default_class_that_waits_for_a_consumer():
    kind = sk.Cluster.kind()
    assert cols(kind.sh("kubectl get sc").out.splitlines()[1])[:5] == [
        "standard", "(default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer"]
    kind.write("c.yaml", PVC.replace("  storageClassName: manual\n", ""))
    kind.sh("kubectl apply -f c.yaml")
    claim = kind.sh("kubectl get pvc task-pv-claim").out.splitlines()[1]
    assert cols(claim)[:2] == ["task-pv-claim", "Pending"] and "standard" in claim
    assert "WaitForFirstConsumer" in kind.sh("kubectl describe pvc task-pv-claim").out
    node = cols(kind.sh("kubectl get nodes").out.splitlines()[1])
    assert node[:3] == ["kind-control-plane", "Ready", "control-plane"]


@pytest.mark.parametrize("body, err", [
    ({"metadata": None}, 'error: error when retrieving current configuration of:\nResource: "/v1, '
                         'Resource=persistentvolumeclaims", GroupVersionKind: "/v1, Kind=PersistentVolumeClaim"\n'
                         'Name: "", Namespace: "default"\nfrom server for: "m.yaml": resource name may not be empty\n'),
    ({"metadata": {"name": "x"}, "spec": {"accessModes": "ReadWriteOnce"}},
     'Error from server (BadRequest): error when creating "m.yaml": PersistentVolumeClaim in version "v1" cannot be '
     "handled as a PersistentVolumeClaim: json: cannot unmarshal string into Go struct field "
     "PersistentVolumeClaimSpec.spec.accessModes of type []v1.PersistentVolumeAccessMode\n"),
])
def test_wrong_types_and_missing_names(cluster, body, err):
    import json

    cluster.write("m.yaml", json.dumps({"apiVersion": "v1", "kind": "PersistentVolumeClaim", **body}))
    r = cluster.sh("kubectl apply -f m.yaml")
    assert (r.code, r.err) == (1, err)


def test_resource_name_forms(cluster):
    cluster.sh("kubectl apply -f pv-volume.yaml")
    assert cluster.sh("kubectl get pv/task-pv-volume -o name").out == "persistentvolume/task-pv-volume\n"
    r = cluster.sh("kubectl get pv/task-pv-volume get")
    assert (r.code, r.err) == (1, "error: arguments in resource/name form must have a single resource and name\n")
    assert cluster.sh("kubectl describe pv/task-pv-volume").out.startswith("Name:            task-pv-volume\n")


def test_jsonpath_custom_columns_and_labels(cluster):
    cluster.sh("kubectl apply -f pv-volume.yaml -f pv-claim.yaml")
    assert cluster.sh("kubectl get pvc task-pv-claim -o jsonpath='{.spec.volumeName}'").out == "task-pv-volume"
    assert cluster.sh("kubectl get pv -o jsonpath='{.items[*].status.phase}'").out == "Bound"
    out = cluster.sh("kubectl get pvc -o custom-columns=NAME:.metadata.name,VOLUME:.spec.volumeName,SEL:.spec.selector")
    assert out.out == "NAME            VOLUME           SEL\ntask-pv-claim   task-pv-volume   <none>\n"
    assert cluster.sh("kubectl get pv -l type=local -o name").out == "persistentvolume/task-pv-volume\n"
    assert cluster.sh("kubectl get pv -l type=remote").err == "No resources found\n"
    assert cluster.sh("kubectl get pv --show-labels").out.splitlines()[1].endswith("type=local")
    r = cluster.sh("kubectl get pv -o jsonpath='{.items[0'")
    assert (r.code, r.err) == (1, "error: error parsing jsonpath {.items[0, unterminated array\n")


def test_unknown_fields_and_missing_namespaces(cluster):
    cluster.write("typo.yaml", PVC.replace("accessModes", "accesModes"))
    r = cluster.sh("kubectl apply -f typo.yaml")
    assert (r.code, r.err) == (1, 'Error from server (BadRequest): error when creating "typo.yaml": '
                                  'PersistentVolumeClaim '
                                  'in version "v1" cannot be handled as a PersistentVolumeClaim: strict decoding '
                                  'error: '
                                  'unknown field "spec.accesModes"\n')
    r = cluster.sh("kubectl apply -f pv-claim.yaml -n nope")
    assert (r.code, r.err) == (1, 'Error from server (NotFound): error when creating "pv-claim.yaml": namespaces '
                                  '"nope" '
                                  "not found\n")


RECYCLED = """apiVersion: v1
kind: PersistentVolume
metadata: {name: old}
spec:
  capacity: {storage: 1Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Recycle
  hostPath: {path: /srv/old}
"""
RECYCLE_WARNING = ("Warning: spec.persistentVolumeReclaimPolicy: The Recycle reclaim policy is deprecated. Instead, "
                   "the recommended approach is to use dynamic provisioning.\n")


@pytest.mark.parametrize("line, out, err", [
    ("kubectl apply -f old.yaml", "persistentvolume/old configured\n", RECYCLE_WARNING),
    ("kubectl label pv old tier=cold", "persistentvolume/old labeled\n", RECYCLE_WARNING),
    ("kubectl patch pv old -p '{\"spec\":{\"persistentVolumeReclaimPolicy\":\"Retain\"}}'",
     "persistentvolume/old patched\n", ""),
    ("kubectl apply -f old.yaml --dry-run=client", "persistentvolume/old configured (dry run)\n", ""),
])
def test_the_api_servers_warnings_reach_stderr_on_each_accepted_write(line, out, err):
    cluster = sk.Cluster(nodes=["node1"])
    cluster.write("old.yaml", RECYCLED)
    created = cluster.sh("kubectl apply -f old.yaml")
    assert (created.out, created.err) == ("persistentvolume/old created\n", RECYCLE_WARNING)
    cluster.write("old.yaml", RECYCLED.replace("metadata: {name: old}", "metadata: {name: old, labels: {a: b}}"))
    r = cluster.sh(line)
    assert (r.code, r.out, r.err) == (0, out, err)
