"""One bad object never breaks the cluster, a refused command leaves no trace, and no input makes kubectl fail
internally, hang, or expand a YAML bomb."""

from __future__ import annotations

import contextlib
import json
import shlex
import signal
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import storagekit as sk

CASE_SECONDS = 20
"""No single command may take longer (a hang is a failure, not a slow test)."""
INTERNAL = ("the simulator could not run this command", "failed internally", "Traceback")


@contextlib.contextmanager
def time_limit(seconds: int = CASE_SECONDS):
    def expired(signum, frame):
        raise TimeoutError(f"a case took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run(cluster, line: str, stdin: str | None = None):
    with time_limit():
        r = cluster.sh(line, stdin=stdin)
    said = r.err + "".join(r.notes)
    assert not any(text in said for text in INTERNAL), (line, said)
    return r


def state(cluster) -> str:
    """Everything the API server stores, and the events, as one comparable text."""
    store = cluster.state.store
    return json.dumps([sorted(store.objects.items()), [vars(e) for e in store.events]], sort_keys=True, default=str)


def working(cluster, name: str) -> None:
    """The cluster still does its job: a new Pod runs, a new claim binds."""
    assert run(cluster, f"kubectl run {name} --image=nginx").code == 0
    assert cluster.state.store.get("Pod", name)["status"]["phase"] == "Running"
    claim = (f"apiVersion: v1\nkind: PersistentVolume\nmetadata: {{name: {name}}}\nspec:\n"
             "  accessModes: [ReadWriteOnce]\n  capacity: {storage: 1Gi}\n  hostPath: {path: /data}\n---\n"
             f"apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {{name: {name}}}\nspec:\n"
             "  storageClassName: ''\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n")
    assert run(cluster, "kubectl apply -f -", stdin=claim).code == 0
    assert cluster.state.store.get("PersistentVolumeClaim", name)["status"]["phase"] == "Bound"


STATEFULSET_WITHOUT_CONTAINERS = """apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  serviceName: web
  template:
    metadata: {labels: {app: web}}
    spec: {containers: []}
"""


@pytest.mark.parametrize("how", ["apply", "create", "patch"])
def test_a_statefulset_whose_pods_are_refused_leaves_the_rest_working(how):
    """The API server takes such a StatefulSet (it does not validate the template's Pod spec); its controller
    says why it cannot make the Pod, as an event, and every other object goes on."""
    c = sk.Cluster.kind()
    if how == "patch":  # a good StatefulSet made bad afterwards: its lost Pod cannot come back
        good = STATEFULSET_WITHOUT_CONTAINERS.replace("containers: []", "containers: [{name: c, image: nginx}]")
        assert run(c, "kubectl apply -f -", stdin=good).code == 0
        patch = json.dumps({"spec": {"template": {"spec": {"containers": []}}}})
        assert run(c, f"kubectl patch sts web -p {shlex.quote(patch)}").code == 0
        assert run(c, "kubectl delete pod web-0").code == 0
    else:
        r = run(c, f"kubectl {how} -f -", stdin=STATEFULSET_WITHOUT_CONTAINERS)
        assert (r.code, r.out) == (0, "statefulset.apps/web created\n")
    events = run(c, "kubectl describe sts web").out
    assert ("Warning  FailedCreate" in events and "statefulset-controller  create Pod web-0 in StatefulSet web failed "
            'error: Pod "web-0" is invalid: spec.containers: Required value' in events)
    assert c.state.store.get("Pod", "web-0") is None
    working(c, "after")


def test_a_node_without_status_leaves_the_rest_working():
    c = sk.Cluster.kind()
    assert run(c, "kubectl apply -f -", stdin="apiVersion: v1\nkind: Node\nmetadata: {name: bare}\n").code == 0
    assert run(c, "kubectl get nodes").out.splitlines()[1].split()[:2] == ["bare", "Unknown"]
    working(c, "after")


@pytest.mark.parametrize("kind,template_spec,errors", [
    ("Deployment", "{containers: []}", ["spec.template.spec.containers: Required value"]),
    ("ReplicaSet", "{containers: [{name: c, image: nginx}], restartPolicy: Never}",
     ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']),
    ("Deployment", "{containers: [{name: c}], restartPolicy: OnFailure}",
     ["spec.template.spec.containers[0].image: Required value",
      'spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"']),
])
def test_a_workload_template_that_is_no_valid_pod_is_refused(kind, template_spec, errors):
    """``ValidatePodTemplateSpecForReplicaSet``: the template must be a valid Pod that restarts Always; several
    errors print as kubectl prints an aggregate."""
    c = sk.Cluster.kind()
    before = state(c)
    doc = (f"apiVersion: apps/v1\nkind: {kind}\nmetadata: {{name: d}}\nspec:\n  selector: {{matchLabels: {{app: d}}}}\n"
           f"  template:\n    metadata: {{labels: {{app: d}}}}\n    spec: {template_spec}\n")
    r = run(c, "kubectl apply -f -", stdin=doc)
    head = f'The {kind} "d" is invalid: '
    expected = head + errors[0] + "\n" if len(errors) == 1 else head + "\n" + "".join(f"* {e}\n" for e in errors)
    assert (r.code, r.err) == (1, expected)
    assert state(c) == before


BOMB = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  a: &a [" + ",".join(['"lol"'] * 9) + "]\n" + \
    "".join(f"  {n}: &{n} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True))

REFUSALS = [
    # (what is typed, stdin, kubectl's answer on stderr)
    ("kubectl apply -f -", "apiVersion: v1\nkind:\nmetadata: {name: e}\n",
     'error: unable to decode "STDIN": Object \'Kind\' is missing in \'{"apiVersion":"v1","kind":null,"metadata":'
     '{"name":"e"}}\'\n'),
    ("kubectl apply -f -", "apiVersion: v1\nkind: Pod\nmetadata: {name: e}\nspec:\n",
     'The Pod "e" is invalid: spec.containers: Required value\n'),
    ("kubectl apply -f -", "apiVersion: 5\nkind: Pod\nmetadata: {name: e}\n",
     'error: unable to decode "STDIN": json: cannot unmarshal number into Go struct field metadataOnlyObject.'
     'apiVersion of type string\n'),
    ("kubectl apply -f -", "apiVersion: v1\nkind: Pod\nmetadata: 5\n",
     'error: unable to decode "STDIN": json: cannot unmarshal number into Go struct field metadataOnlyObject.'
     'metadata of type v1.ObjectMeta\n'),
    ("kubectl apply -f -", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, labels: {a: 1}}\n",
     'error: unable to decode "STDIN": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels '
     'of type string\n'),
    ("kubectl apply -f -", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: 1}\n",
     'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled as a '
     'ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string\n'),
    ("kubectl apply -f -", "apiVersion: v1\nkind: Secret\nmetadata: {name: c}\ndata: {a: true}\n",
     'Error from server (BadRequest): error when creating "STDIN": Secret in version "v1" cannot be handled as a '
     'Secret: json: cannot unmarshal bool into Go struct field Secret.data of type []uint8\n'),
    ("kubectl apply -f -", BOMB,
     "error: error parsing STDIN: error converting YAML to JSON: yaml: document contains excessive aliasing\n"),
    ("kubectl apply -f -", "apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: self, labels: *m}\n",
     "error: error parsing STDIN: error converting YAML to JSON: yaml: anchor 'm' value contains itself\n"),
    ("kubectl apply -f -", 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: {x: "' + "a" * 2**22 + '"}\n',
     'Error from server (RequestEntityTooLarge): error when creating "STDIN": Request entity too large: limit is '
     '3145728\n'),
    ("kubectl create namespace a.b", None,
     'The Namespace "a.b" is invalid: metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label must consist '
     "of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. "
     "'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')\n"),
    ("kubectl apply -f -", STATEFULSET_WITHOUT_CONTAINERS.replace("name: web}", "name: " + "w" * 64 + "}"),
     f'The StatefulSet "{"w" * 64}" is invalid: metadata.name: Invalid value: "{"w" * 64}": must be no more than 63 '
     "characters\n"),
    ("kubectl delete pod p --grace-period=1.5", None,
     'error: invalid argument "1.5" for "--grace-period" flag: strconv.ParseInt: parsing "1.5": invalid syntax\n'
     "See 'kubectl delete --help' for usage.\n"),
    ("kubectl patch pod p --type json -p '[1]'", None,
     "Error from server (BadRequest): json: cannot unmarshal number into Go value of type jsonpatch.Operation\n"),
    ("kubectl patch pod p --type json -p '{}'", None,
     "Error from server (BadRequest): json: cannot unmarshal object into Go value of type jsonpatch.Patch\n"),
    ("kubectl patch pod p --type json -p '[{\"op\": \"bogus\"}]'", None,
     "Error from server (BadRequest): Unexpected kind: bogus\n"),
    ("kubectl patch pod p --type json -p '[null]'", None, "Error from server (BadRequest): Unexpected kind: unknown\n"),
    ("kubectl run q --image=nginx --restart=Bogus", None,
     "error: invalid restart policy: Bogus\nSee 'kubectl run -h' for help and examples\n"),
    ("kubectl run p --image=nginx", None, 'Error from server (AlreadyExists): pods "p" already exists\n'),
    ("kubectl run q --image=nginx --port=x", None, 'error: strconv.Atoi: parsing "x": invalid syntax\n'),
    ("kubectl run q --image=nginx --port=99999", None, 'The Pod "q" is invalid: spec.containers[0].ports[0].'
     "containerPort: Invalid value: 99999: must be between 1 and 65535, inclusive\n"),
    ("kubectl patch pod p -p '{\"metadata\":null}'", None,
     "Error from server (BadRequest): the name of the object () does not match the name on the URL (p)\n"),
    ("kubectl patch pod p -p '{\"metadata\":{\"name\":\"q\"}}'", None,
     "Error from server (BadRequest): the name of the object (q) does not match the name on the URL (p)\n"),
    ("kubectl patch pod p -p '{\"metadata\":{\"name\":5}}'", None,
     'Error from server (BadRequest): Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number '
     "into Go struct field ObjectMeta.metadata.name of type string\n"),
    ("kubectl patch pod p --type json -p '[{\"op\":\"replace\",\"path\":\"/metadata\",\"value\":1}]'", None,
     'Error from server (BadRequest): Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number '
     "into Go struct field Pod.metadata of type v1.ObjectMeta\n"),
]


@pytest.fixture(scope="module")
def busy():
    c = sk.Cluster.kind()
    assert c.sh("kubectl run p --image=nginx").code == 0
    return c


@pytest.mark.parametrize("line,stdin,err", REFUSALS, ids=[f"{i}" for i in range(len(REFUSALS))])
def test_a_refusal_says_what_kubectl_says_and_changes_nothing(busy, line, stdin, err):
    before = state(busy)
    r = run(busy, line, stdin)
    assert (r.code, r.out, r.err) == (1, "", err)
    assert state(busy) == before


def test_a_file_applies_what_it_can_and_reports_the_rest():
    """kubectl applies each document on its own: what was applied stays, each refusal is printed."""
    c = sk.Cluster.kind()
    docs = ["apiVersion: v1\nkind: ConfigMap\nmetadata: {name: first}\n",
            "apiVersion: v1\nkind: Pod\nmetadata: {name: bad}\nspec:\n",
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: third}\ndata: {a: b}\n"]
    r = run(c, "kubectl apply -f -", stdin="---\n".join(docs))
    assert (r.code, r.out, r.err) == (1, "configmap/first created\nconfigmap/third created\n",
                                      'The Pod "bad" is invalid: spec.containers: Required value\n')
    assert c.state.store.get("Pod", "bad") is None
    assert c.state.store.get("ConfigMap", "third")["data"] == {"a": "b"}


def test_a_billion_laughs_is_refused_at_once():
    c = sk.Cluster.kind()
    start = time.perf_counter()
    assert run(c, "kubectl apply -f -", stdin=BOMB).code == 1
    assert time.perf_counter() - start < CASE_SECONDS


def test_aliases_within_the_budget_are_expanded():
    c = sk.Cluster.kind()
    doc = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok, labels: &l {a: b}, annotations: *l}\ndata: {x: y}\n"
    assert run(c, "kubectl apply -f -", stdin=doc).code == 0
    assert c.state.store.get("ConfigMap", "ok")["metadata"]["annotations"] == {"a": "b"}


WORDS = ["get", "apply", "create", "delete", "describe", "patch", "run", "scale", "label", "annotate", "exec", "logs",
         "rollout", "restart", "status", "wait", "cordon", "drain", "pod", "p", "pv", "pvc", "sts", "deploy", "nodes",
         "node1", "-f", "-", "-p", "[1]", "{}", "null", '{"spec":null}', '[{"op":"add"}]', "--type", "json", "merge",
         "--grace-period=1.5", "--grace-period=-1", "--replicas=-1", "--replicas=x", "--image=nginx", "--restart=Never",
         "--", "sh", "-c", "--dry-run=client", "-o", "yaml", "jsonpath={.x}", "a=b", "a-", "--overwrite", "--all",
         "--for=delete", "--timeout=1s", "-n", "nope", "--force"]
FUZZ = sk.Cluster.kind()
FUZZ.sh("kubectl run p --image=nginx")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=5)), min_size=1, max_size=6))
def test_no_kubectl_line_fails_internally(words):
    r = run(FUZZ, "kubectl " + " ".join(shlex.quote(w) for w in words))
    assert r.code == 0 or r.out or r.err or r.notes  # a failure is never silent (`kubectl rollout`: help on stdout)


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["", "x", "1Gi", "Always", "[]"]))
KEYS = ["metadata", "name", "labels", "spec", "template", "containers", "image", "selector", "matchLabels",
        "replicas", "volumes", "status", "conditions", "type", "data", "accessModes", "resources", "requests",
        "storage", "capacity", "hostPath", "path", "serviceName", "volumeClaimTemplates", "ports", "port"]
BODIES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)),
                      max_leaves=14)


MANIFESTS = sk.Cluster(nodes=["node1"])
PROBES = iter(range(10**6))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["Pod", "Deployment", "ReplicaSet", "StatefulSet", "Job", "Node", "Namespace", "Service",
                             "PersistentVolume", "PersistentVolumeClaim", "ConfigMap", "Secret", "StorageClass"]),
       body=st.dictionaries(st.sampled_from(["metadata", "spec", "status", "data"]), BODIES, max_size=3),
       name=st.sampled_from(["a", "b", None]))
def test_no_manifest_breaks_the_cluster(kind, body, name):
    """Whatever is applied, the answer is kubectl's, and the cluster keeps making Pods run."""
    version = {"Deployment": "apps/v1", "ReplicaSet": "apps/v1", "StatefulSet": "apps/v1", "Job": "batch/v1",
               "StorageClass": "storage.k8s.io/v1"}.get(kind, "v1")
    doc = {"apiVersion": version, "kind": kind, **body}
    if name is not None and isinstance(doc.get("metadata"), dict):
        doc["metadata"]["name"] = name
    c = MANIFESTS
    run(c, "kubectl delete statefulsets,deployments,replicasets,jobs --all")  # what the last case made
    before = state(c)
    r = run(c, "kubectl apply -f -", stdin=json.dumps(doc))
    assert r.out or r.err
    if r.code and not r.out:  # a refusal leaves nothing behind
        assert r.err and state(c) == before
    probe = f"probe-{next(PROBES)}"
    assert run(c, f"kubectl run {probe} --image=nginx").code == 0
    assert c.state.store.get("Pod", probe)["spec"].get("nodeName")  # scheduled: the controllers went on
