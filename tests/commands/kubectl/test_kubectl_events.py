"""``kubectl get events``: v1 Event objects in every output format, with the API server's field selectors."""

from __future__ import annotations

import json

import pytest

import storagekit as sk

MANIFEST = """apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers: [{name: c, image: busybox, command: [sleep, '3600']}]
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


@pytest.fixture(scope="module")
def kind():
    cluster = sk.Cluster.kind()
    cluster.write("m.yaml", MANIFEST)
    assert cluster.sh("kubectl apply -f m.yaml").code == 0
    return cluster


def test_json_is_a_list_of_events_and_nothing_else(kind):
    r = kind.sh("kubectl get events -o json")
    doc = json.loads(r.out)
    assert (r.code, r.err, doc["kind"], doc["apiVersion"]) == (0, "", "List", "v1")
    assert {e["kind"] for e in doc["items"]} == {"Event"}
    assert {e["involvedObject"]["name"] for e in doc["items"]} == {"web"}
    assert {"count", "firstTimestamp", "lastTimestamp", "message", "reason", "source", "type"} <= set(doc["items"][0])


def test_all_namespaces_yaml_and_one_event_by_name(kind):
    r = kind.sh("kubectl get events -A -o yaml")
    assert r.code == 0 and "  involvedObject:\n" in r.out and "namespace: other" in r.out
    name = kind.sh("kubectl get events -n other -o name").out.splitlines()[0]
    assert name.startswith("event/far.")
    one = kind.sh(f"kubectl get {name} -n other -o json")
    assert json.loads(one.out)["metadata"]["name"] == name.removeprefix("event/")
    missing = kind.sh(f"kubectl get {name}")
    assert (missing.code, missing.err) == (1, f'Error from server (NotFound): events "{name[6:]}" not found\n')


def test_tables_plain_wide_and_by_namespace(kind):
    lines = kind.sh("kubectl get events").out.splitlines()
    assert lines[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    wide = kind.sh("kubectl get events -o wide --field-selector reason=Started").out.splitlines()
    assert wide[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST",
                               "SEEN", "COUNT", "NAME"]
    assert "spec.containers{c}   kubelet, kind-control-plane   Started container c" in wide[1]
    every = kind.sh("kubectl get events -A --no-headers").out.splitlines()
    assert [line.split()[0] for line in every] == sorted(line.split()[0] for line in every)


@pytest.mark.parametrize("line, want", [
    ("kubectl get events --field-selector involvedObject.name=web,reason=Pulling -o custom-columns=R:.reason",
     "R\nPulling\n"),
    ("kubectl get events --field-selector type=Warning", ""),
    ("kubectl get events --sort-by=.metadata.name -o jsonpath={.items[0].reason}", "Scheduled"),
    ("kubectl get events -l app=web", ""),
])
def test_selectors_and_formats(kind, line, want):
    r = kind.sh(line)
    assert (r.code, r.out) == (0, want)


def test_a_field_the_event_registry_does_not_know(kind):
    r = kind.sh("kubectl get events --field-selector spec.nodeName=x")
    assert (r.code, r.err) == (1, 'Error from server (BadRequest): Unable to find "/v1, Resource=events" that match '
                                  'label selector "", field selector "spec.nodeName=x": field label not supported: '
                                  "spec.nodeName\n")


def test_kubectl_events_by_time_with_kinds(kind):
    r = kind.sh("kubectl events")
    lines = r.out.splitlines()
    assert lines[0].split() == ["LAST", "SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]
    assert [line.split()[3] for line in lines[1:]] == ["Pod/web"] * 5
    assert [line.split()[2] for line in lines[1:]] == ["Scheduled", "Pulling", "Pulled", "Created", "Started"]
    every = kind.sh("kubectl events -A --no-headers").out.splitlines()
    assert {line.split()[0] for line in every} == {"default", "other"}


@pytest.mark.parametrize("line, out, err", [
    ("kubectl events --for pod/far -n other -o name", "name", ""),
    ("kubectl events --for pod/nothing", "", "No events found in default namespace.\n"),
    ("kubectl events --types=Warning -A --for pod/web", "", "No events found.\n"),
    ("kubectl events --types=Fatal", "", "error: valid --types are Normal or Warning\n"),
    ("kubectl events --for pod", "", "error: --for must be in resource/name form\n"),
    ("kubectl events --for pods/a/b", "", "error: arguments in resource/name form may not have more than one slash\n"),
])
def test_kubectl_events_filters(kind, line, out, err):
    r = kind.sh(line)
    assert r.err == err
    if out == "name":
        assert r.out.splitlines() and all(n.startswith("event/far.") for n in r.out.splitlines())
    else:
        assert r.out == out


def test_kubectl_events_as_a_typed_list(kind):
    doc = json.loads(kind.sh("kubectl events -o json").out)
    assert list(doc) == ["kind", "apiVersion", "metadata", "items"] and doc["kind"] == "EventList"
    assert list(doc["items"][0])[:4] == ["kind", "apiVersion", "metadata", "involvedObject"]
    assert "kind: EventList\n" in kind.sh("kubectl events -o yaml").out
