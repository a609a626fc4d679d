"""kubectl's words for the API server's refusals (``checkErr``), printed in one place, and lookups that go on."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.commands.kubectl.cli import api_error
from storagekit.commands.shell.context import ProcessContext
from storagekit.fs import Dir, FileSystem
from storagekit.k8s import errors as e
from storagekit.k8s.validation import FieldError

REQUIRED = FieldError("spec.accessModes", "Required", detail="at least 1 access mode is required")
ZERO = FieldError("spec.resources[storage]", "Invalid", "0", "must be greater than zero")


@pytest.mark.parametrize("error, verb, source, printed", [
    (e.NotFound("persistentvolumeclaims", "x"), "", "", 'Error from server (NotFound): persistentvolumeclaims "x" not '
                                                        "found\n"),
    (e.AlreadyExists("pods", "box"), "creating", "pod.yaml",
     'Error from server (AlreadyExists): error when creating "pod.yaml": pods "box" already exists\n'),
    (e.Forbidden("persistentvolumeclaims", "c", "Only bound persistent volume claims can be expanded"), "", "",
     'Error from server (Forbidden): persistentvolumeclaims "c" is forbidden: Only bound persistent volume claims can '
     "be expanded\n"),
    (e.BadRequest("Pod in version \"v1\" cannot be handled as a Pod: x"), "creating", "STDIN",
     'Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: x\n'),
    (e.Invalid("StatefulSet", "web", [REQUIRED], group="apps"), "creating", "web.yaml",
     'The StatefulSet "web" is invalid: spec.accessModes: Required value: at least 1 access mode is required\n'),
    (e.Invalid("PersistentVolumeClaim", "c1", [REQUIRED, ZERO]), "", "",
     'The PersistentVolumeClaim "c1" is invalid: \n* spec.accessModes: Required value: at least 1 access mode is '
     'required\n* spec.resources[storage]: Invalid value: "0": must be greater than zero\n'),
])
def test_api_error_words_each_refusal_as_kubectl_does(error, verb, source, printed):
    ctx = ProcessContext(FileSystem(Dir()))
    api_error(ctx, error, verb, source)
    assert "".join(ctx.stderr) == printed


def test_a_lookup_of_several_names_reports_each_missing_one_and_goes_on():
    cluster = sk.Cluster.kind()
    for name in ("a1", "c1"):
        cluster.sh("kubectl create configmap " + name)
    r = cluster.sh("kubectl get configmap a1 b1 c1 -o name")
    assert (r.code, r.out, r.err) == (1, "configmap/a1\nconfigmap/c1\n",
                                      'Error from server (NotFound): configmaps "b1" not found\n')
    r = cluster.sh("kubectl describe configmap zz a1")
    assert r.code == 1 and r.out.startswith("Name:         a1\n")
    assert r.err == 'Error from server (NotFound): configmaps "zz" not found\n'


def test_a_refusal_that_reaches_the_dispatcher_is_printed_once():
    cluster = sk.Cluster.kind()
    r = cluster.sh("kubectl rollout restart deployment/nope")
    assert (r.code, r.out, r.err) == (1, "", 'Error from server (NotFound): deployments.apps "nope" not found\n')
