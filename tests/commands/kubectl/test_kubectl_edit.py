"""``kubectl edit`` with the learner's editor from the environment, and kubectl's answers to what it saved."""

from __future__ import annotations

import json

import pytest

import storagekit as sk

CLAIM = """apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: c, image: busybox, command: [sleep, '3600'], volumeMounts: [{name: d, mountPath: /d}]}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
"""
EXPANDABLE = """apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: grow}
provisioner: rancher.io/local-path
volumeBindingMode: WaitForFirstConsumer
allowVolumeExpansion: true
"""


@pytest.fixture
def kind():
    cluster = sk.Cluster.kind()
    cluster.write("claim.yaml", CLAIM)
    assert cluster.sh("kubectl apply -f claim.yaml").code == 0
    assert cluster.sh("kubectl create configmap cfg --from-literal=k=v1").code == 0
    return cluster


def state(cluster) -> str:
    return json.dumps(sorted(cluster.state.store.objects.items()), sort_keys=True, default=str)


def temp_files(cluster) -> list[str]:
    return cluster.sh("ls /tmp").out.split()


def test_a_sed_editor_changes_the_object(kind):
    r = kind.sh("""KUBE_EDITOR="sed -i 's/k: v1/k: v2/'" kubectl edit configmap cfg""")
    assert (r.code, r.out, r.err) == (0, "configmap/cfg edited\n", "")
    assert kind.sh("kubectl get cm cfg -o jsonpath={.data.k}").out == "v2"
    assert temp_files(kind) == []


@pytest.mark.parametrize("env, stderr", [
    ("KUBE_EDITOR=true", "Edit cancelled, no changes made.\n"),
    ("EDITOR=true KUBE_EDITOR=", "Edit cancelled, no changes made.\n"),
    ("KUBE_EDITOR=\"sed -i -e /^[^#]/d\"", "Edit cancelled, saved file was empty.\n"),
    ("KUBE_EDITOR=false", 'error: there was a problem with the editor "false"\n'),
    ("KUBE_EDITOR=nowhere", 'error: unable to launch the editor "nowhere"\n'),
    ("KUBE_EDITOR=\"grep -q 'not there'\"",
     'error: there was a problem with the editor "/bin/bash -c grep -q \'not there\'"\n'),
])
def test_editors_that_change_nothing_or_fail(kind, env, stderr):
    before = state(kind)
    r = kind.sh(f"{env} kubectl edit cm cfg")
    assert (r.out, r.err) == ("", stderr)
    assert r.code == (0 if stderr.startswith("Edit") else 1)
    assert state(kind) == before


def test_the_editor_sees_the_header_and_the_object(kind):
    r = kind.sh("KUBE_EDITOR=cat kubectl edit cm cfg")
    assert r.out.startswith("# Please edit the object below. Lines beginning with a '#' will be ignored,\n"
                            "# and an empty file will abort the edit. If an error occurs while saving this file "
                            "will be\n# reopened with the relevant failures.\n#\napiVersion: v1\ndata:\n  k: v1\n")
    assert r.err == "Edit cancelled, no changes made.\n"
    as_json = kind.sh("KUBE_EDITOR=cat kubectl edit cm cfg -o json").out
    assert as_json.startswith('{\n    "apiVersion": "v1",\n    "data": {\n        "k": "v1"\n    },\n')


def test_without_an_editor_vi_declines_honestly(kind):
    r = kind.sh("kubectl edit pvc data")
    assert r.code == 1 and r.err.endswith('error: there was a problem with the editor "vi"\n')
    assert r.err.startswith("[storagekit] vi is a full-screen editor")
    assert kind.sh("vi notes.txt").code == 1


def test_a_bound_claims_spec_is_immutable_and_the_file_is_kept(kind):
    before = state(kind)
    r = kind.sh("""KUBE_EDITOR="sed -i 's/- ReadWriteOnce/- ReadWriteMany/'" kubectl edit pvc data""")
    first, second = temp_files(kind)
    lines = r.err.splitlines()
    assert r.code == 1 and lines[0] == 'error: persistentvolumeclaims "data" is invalid'
    assert lines[1] in (f'A copy of your changes has been stored to "/tmp/{first}"',
                        f'A copy of your changes has been stored to "/tmp/{second}"')
    assert lines[2:] == ["error: Edit cancelled, no valid changes were saved."]
    kept = kind.sh("cat " + lines[1].split('"')[1]).out
    assert '#\n# persistentvolumeclaims "data" was not valid:\n# * spec: Forbidden: spec is immutable after ' \
           "creation except resources.requests and volumeAttributesClassName for bound claims" in kept
    assert state(kind) == before


def test_growing_a_claim_the_class_cannot_expand_is_refused_by_admission(kind):
    r = kind.sh("""KUBE_EDITOR="sed -i 's/storage: 1Gi/storage: 2Gi/'" kubectl edit pvc data""")
    (path,) = temp_files(kind)
    assert (r.code, r.out) == (1, "")
    assert r.err == ('error: persistentvolumeclaims "data" could not be patched: persistentvolumeclaims "data" is '
                     "forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions "
                     "the pvc must support resize\n"
                     f"You can run `kubectl replace -f /tmp/{path}` to try this update again.\n")


def test_growing_a_claim_of_an_expandable_class():
    cluster = sk.Cluster.kind()
    cluster.write("c.yaml", EXPANDABLE + "---\n" + CLAIM.replace("spec: {accessModes", "spec: {storageClassName: grow, "
                                                                                       "accessModes"))
    assert cluster.sh("kubectl apply -f c.yaml").code == 0
    r = cluster.sh("""EDITOR="sed -i 's/storage: 1Gi/storage: 2Gi/'" kubectl edit pvc data""")
    assert (r.code, r.out, r.err) == (0, "persistentvolumeclaim/data edited\n", "")
    assert cluster.sh("kubectl get pvc data -o jsonpath={.spec.resources.requests.storage}").out == "2Gi"


@pytest.mark.parametrize("editor, message", [
    ("sed -i s/name:\\ cfg/name:\\ other/", "At least one of apiVersion, kind and name was changed"),
    ("sed -i s/namespace:\\ default/namespace:\\ kube-system/",
     "the namespace from the provided object \"kube-system\" does not match the namespace \"default\". You must "
     "pass '--namespace=kube-system' to perform this operation."),
])
def test_what_kubectl_refuses_before_sending(kind, editor, message):
    before = state(kind)
    r = kind.sh(f"KUBE_EDITOR='{editor}' kubectl edit cm cfg")
    (path,) = temp_files(kind)
    assert (r.code, r.err) == (1, f'A copy of your changes has been stored to "/tmp/{path}"\nerror: {message}\n')
    assert state(kind) == before


def test_a_syntax_error_is_kept_with_its_reason(kind):
    r = kind.sh("""KUBE_EDITOR="sed -i 's/^data:$/data: [/'" kubectl edit cm cfg""")
    assert r.code == 1 and r.err.endswith("error: Edit cancelled, no valid changes were saved.\n")
    kept = kind.sh("cat " + r.err.split('"')[1]).out
    assert "# The edited file had a syntax error: error parsing edited-file: error converting YAML to JSON: yaml: " \
           in kept


def test_several_objects_are_edited_as_a_list(kind):
    assert kind.sh("kubectl create configmap other --from-literal=k=x").code == 0
    r = kind.sh("""KUBE_EDITOR="sed -i 's/k: v1/k: v2/'" kubectl edit cm cfg other""")
    assert (r.code, r.out) == (0, "configmap/cfg edited\nconfigmap/other skipped\n")
    r = kind.sh("""KUBE_EDITOR="sed -i 's/k: x/k: z/'" kubectl edit cm/other -o yaml""")
    assert r.code == 0 and "data:\n  k: z\n" in r.out


@pytest.mark.parametrize("line, err", [
    ("kubectl edit", "error: You must provide one or more resources by argument or filename."),
    ("kubectl edit cm nope", 'Error from server (NotFound): configmaps "nope" not found'),
    ("kubectl edit cms x", 'error: the server doesn\'t have a resource type "cms"'),
    ("kubectl edit cm cfg -o name", 'error: unable to match a printer suitable for the output format "name", allowed '
                                    "formats are: json,yaml"),
])
def test_refusals_before_the_editor_runs(kind, line, err):
    r = kind.sh(f"KUBE_EDITOR=true {line}")
    assert r.code == 1 and r.err.splitlines()[0] == err
