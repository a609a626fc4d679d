"""Any kubectl line or manifest gets kubectl's kind of answer, never a traceback; a refused apply changes nothing."""

from __future__ import annotations

import shlex

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import storagekit as sk

WORDS = ["get", "apply", "create", "delete", "describe", "pv", "pvc", "sc", "pods", "nodes", "events", "-f", "-",
         "m.yaml", "-o", "yaml", "json", "name", "wide", "-n", "default", "-A", "--bogus", "x", "pv/x", "pv,pvc",
         "explain", "pvc.spec", "cm", "configmap", "secret", "generic", "--from-literal=a=b", "--from-literal",
         "--from-file=m.yaml", "--dry-run=client", "--recursive", "ns"]
CLUSTER = sk.Cluster.kind()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=6)), max_size=6))
def test_any_line_gets_an_answer(words):
    r = CLUSTER.sh("kubectl " + " ".join(shlex.quote(w) for w in words))
    assert "Traceback" not in r.err and "could not run" not in r.err  # a command not simulated may say so
    assert r.code in (0, 1) and (r.code == 0 or r.err)


FIELDS = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.sampled_from(["1Gi", "0", "ReadWriteOnce", "", "x", "1GB"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(["spec", "metadata", "name", "accessModes", "resources",
                                                             "requests", "storage", "capacity", "hostPath", "path",
                                                             "storageClassName", "claimRef", "volumeName", "volumes",
                                                             "configMap", "secret", "ephemeral", "items", "key",
                                                             "volumeClaimTemplate", "containers", "image"]),
                                            inner, max_size=4)),
    max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["PersistentVolume", "PersistentVolumeClaim", "StorageClass", "Pod", "Volume", "ConfigMap",
                             "Secret"]),
       body=st.dictionaries(st.sampled_from(["metadata", "spec", "provisioner", "status", "data", "stringData",
                                             "binaryData", "immutable"]), FIELDS, max_size=3))
def test_any_manifest_gets_an_answer(kind, body):
    import json

    doc = {"apiVersion": "v1", "kind": kind, **body}
    CLUSTER.write("m.yaml", json.dumps(doc))
    before = set(CLUSTER.state.store.objects)
    r = CLUSTER.sh("kubectl apply -f m.yaml")
    assert "Traceback" not in r.err and "could not run" not in r.err  # a command not simulated may say so and r.code in (0, 1)
    assert r.out or r.err
    if r.code:
        assert r.err
        assert set(CLUSTER.state.store.objects) <= before | {k for k in CLUSTER.state.store.objects if k[0] == "Event"}
