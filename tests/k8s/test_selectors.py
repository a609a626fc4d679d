"""Field and label selectors as the API server applies them to a list."""

from __future__ import annotations

import pytest

from storagekit.k8s.errors import BadRequest
from storagekit.k8s.selectors import field_set, fields_match, labels_match, parse_field_selector

POD = {"kind": "Pod", "metadata": {"name": "web", "namespace": "default"},
       "spec": {"nodeName": "node1", "restartPolicy": "Always", "schedulerName": "default-scheduler",
                "serviceAccountName": "default"},
       "status": {"phase": "Running", "podIP": "10.244.0.5"}}


@pytest.mark.parametrize("selector, matches", [
    ("", True),
    ("status.phase=Running", True),
    ("status.phase==Running", True),
    ("status.phase!=Running", False),
    ("status.phase=Running,spec.nodeName=node1", True),
    ("status.phase=Running,spec.nodeName=node2", False),
    ("spec.host=node1", True),  # the old name a v1 client may still send
    ("spec.hostNetwork=false", True),
    ("status.podIP=10.244.0.5", True),
    ("status.podIPs=10.244.0.5", False),  # accepted by the conversion, not exposed by the registry: empty
    ("status.nominatedNodeName=", True),
    ("metadata.namespace!=default", False),
    ("metadata.name=web,", True),
])
def test_a_pod_is_matched_on_the_fields_its_registry_exposes(selector, matches):
    assert fields_match(parse_field_selector("Pod", selector), field_set(POD)) is matches


@pytest.mark.parametrize("kind, selector, message", [
    ("Pod", "foo=bar", "field label not supported: foo"),
    ("Pod", "zeta=1,alpha=2", "field label not supported: alpha"),  # the terms are sorted before conversion
    ("Node", "metadata.namespace=x", "field label not supported: metadata.namespace"),
    ("Namespace", "metadata.namespace=x", "field label not supported: metadata.namespace"),
    ("Job", "status.succeeded=1", 'field label "status.succeeded" not supported for Job'),
    ("ReplicaSet", "status.replicas=1",
     '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"'),
    ("PersistentVolumeClaim", "status.phase=Bound",
     '"status.phase" is not a known field selector: only "metadata.name", "metadata.namespace"'),
    ("Pod", "status.phase", "invalid selector: 'status.phase'; can't understand 'status.phase'"),
    ("Pod", "status.phase=a=b", "invalid field selector: unescaped character in value: 61"),
    ("Pod", r"status.phase=a\x", r"invalid field selector: invalid escape sequence: \x"),
])
def test_the_server_refuses_a_selector_in_its_words(kind, selector, message):
    with pytest.raises(BadRequest) as refused:
        parse_field_selector(kind, selector)
    assert str(refused.value) == message


@pytest.mark.parametrize("kind, obj, fields", [
    ("Node", {"kind": "Node", "metadata": {"name": "n"}, "spec": {"unschedulable": True}},
     {"metadata.name": "n", "spec.unschedulable": "true"}),
    ("Secret", {"kind": "Secret", "metadata": {"name": "s", "namespace": "d"}, "type": "Opaque"},
     {"metadata.name": "s", "metadata.namespace": "d", "type": "Opaque"}),
    ("Job", {"kind": "Job", "metadata": {"name": "j", "namespace": "d"}, "status": {"succeeded": 1}},
     {"metadata.name": "j", "metadata.namespace": "d", "status.successful": "1"}),
    ("PersistentVolume", {"kind": "PersistentVolume", "metadata": {"name": "pv"}}, {"metadata.name": "pv"}),
])
def test_each_kind_exposes_its_own_fields(kind, obj, fields):
    assert field_set(obj) == fields


def test_an_escaped_comma_is_part_of_the_value():
    assert parse_field_selector("Secret", r"type=a\,b") == [("type", "=", "a,b")]


@pytest.mark.parametrize("selector, labels, matches", [
    ("app=web", {"app": "web"}, True),
    ("app==web", {"app": "web"}, True),
    ("app!=web", {}, True),
    ("app", {"app": "x"}, True),
    ("!app", {"app": "x"}, False),
    ("app in (web,db)", {"app": "db"}, True),
    ("app notin (web,db)", {}, True),
    ("app in (web,db),tier=front", {"app": "web", "tier": "back"}, False),
    ("size>2", {"size": "3"}, True),
])
def test_label_selectors(selector, labels, matches):
    assert labels_match(selector, labels) is matches
