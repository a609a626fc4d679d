"""``--field-selector`` and ``-l`` as kubectl sends them: the API server selects, kubectl reports its refusal."""

from __future__ import annotations

import pytest

import storagekit as sk

PODS = """apiVersion: v1
kind: Pod
metadata: {name: rootish, labels: {app: web}}
spec:
  containers: [{name: c, image: busybox, command: [sleep, '3600']}]
---
apiVersion: v1
kind: Pod
metadata: {name: done, labels: {app: batch}}
spec:
  restartPolicy: Never
  containers: [{name: c, image: busybox, command: ['true']}]
---
apiVersion: v1
kind: Namespace
metadata: {name: other}
---
apiVersion: v1
kind: Pod
metadata: {name: far, namespace: other}
spec:
  containers: [{name: c, image: busybox, command: [sleep, '3600']}]
"""


@pytest.fixture
def kind():
    cluster = sk.Cluster.kind()
    cluster.write("pods.yaml", PODS)
    assert cluster.sh("kubectl apply -f pods.yaml").code == 0
    return cluster


def names(text: str) -> list[str]:
    return [line.split()[0] for line in text.splitlines()[1:]]


def test_get_events_of_one_object(kind):
    r = kind.sh("kubectl get events --field-selector involvedObject.name=rootish")
    assert r.code == 0 and {line.split()[3] for line in r.out.splitlines()[1:]} == {"pod/rootish"}
    everything = kind.sh("kubectl get events").out
    assert "pod/done" in everything and "pod/done" not in r.out


def test_get_pods_by_phase_and_across_namespaces(kind):
    assert names(kind.sh("kubectl get pods --field-selector status.phase=Running").out) == ["rootish"]
    assert names(kind.sh("kubectl get pods --field-selector=status.phase!=Running").out) == ["done"]
    r = kind.sh("kubectl get pods -A --field-selector metadata.namespace!=default")
    assert [line.split()[:2] for line in r.out.splitlines()[1:]] == [["other", "far"]]
    r = kind.sh("kubectl get pods --field-selector spec.nodeName=nowhere")
    assert (r.code, r.out, r.err) == (0, "", "No resources found in default namespace.\n")


def test_an_unsupported_field_is_the_servers_bad_request(kind):
    r = kind.sh("kubectl get pods --field-selector foo=bar")
    assert (r.code, r.out) == (1, "")
    assert r.err == ('Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector '
                     '"", field selector "foo=bar": field label not supported: foo\n')
    r = kind.sh("kubectl get rs -l app=x --field-selector status.replicas=1")
    assert r.err == ('Error from server (BadRequest): Unable to find "apps/v1, Resource=replicasets" that match label '
                     'selector "app=x", field selector "status.replicas=1": "status.replicas" is not a known field '
                     'selector: only "metadata.name", "metadata.namespace"\n')


def test_a_name_and_a_selector_do_not_go_together(kind):
    r = kind.sh("kubectl get pod rootish --field-selector status.phase=Running")
    assert (r.code, r.err) == (1, "error: name cannot be provided when a selector is specified\n")
    r = kind.sh("kubectl get pod rootish -A")
    assert r.err == "error: a resource cannot be retrieved by name across all namespaces\n"


def test_delete_by_field_selector_deletes_only_what_it_selects(kind):
    r = kind.sh("kubectl delete pods --field-selector status.phase=Succeeded")
    assert r.out == 'pod "done" deleted\n'
    assert names(kind.sh("kubectl get pods").out) == ["rootish"]
    r = kind.sh("kubectl delete pods --field-selector bogus=1")
    assert r.code == 1 and "field label not supported: bogus" in r.err
    assert names(kind.sh("kubectl get pods").out) == ["rootish"]


def test_set_based_label_selectors(kind):
    assert names(kind.sh("kubectl get pods -l 'app in (web,db)'").out) == ["rootish"]
    assert names(kind.sh("kubectl get pods -l 'app notin (web)'").out) == ["done"]


def test_dry_run_client_changes_nothing(kind):
    kind.write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n")
    assert kind.sh("kubectl apply -f cm.yaml --dry-run=client").out == "configmap/c created (dry run)\n"
    assert kind.sh("kubectl create -f cm.yaml --dry-run=client").out == "configmap/c created (dry run)\n"
    assert kind.sh("kubectl get cm c").code == 1
    assert kind.sh("kubectl delete pod rootish --dry-run=client").out == 'pod "rootish" deleted (dry run)\n'
    assert kind.sh("kubectl label pod rootish a=b --dry-run=client").out == "pod/rootish labeled (dry run)\n"
    assert "a=b" not in kind.sh("kubectl get pod rootish --show-labels").out


def test_cascade_orphan_keeps_what_the_owner_made(kind):
    kind.write("dep.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: dep}\nspec:\n  selector: "
                           "{matchLabels: {app: dep}}\n  template:\n    metadata: {labels: {app: dep}}\n    spec:\n"
                           "      containers: [{name: c, image: busybox, command: [sleep, '3600']}]\n")
    kind.sh("kubectl apply -f dep.yaml")
    r = kind.sh("kubectl delete deploy dep --cascade=false")
    assert r.err == ("warning: --cascade=false is deprecated (boolean value) and can be replaced with "
                     "--cascade=orphan.\n")
    assert len(names(kind.sh("kubectl get rs").out)) == 1
    assert kind.sh("kubectl delete rs --all --cascade=bogus").err == \
        'error: invalid cascade value (bogus). Must be "background", "foreground", or "orphan"\n'
