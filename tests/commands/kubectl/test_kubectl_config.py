"""ConfigMaps, Secrets, the volumes that show them as files, generic ephemeral volumes, and the token every Pod gets."""

from __future__ import annotations

import pytest

import storagekit as sk

POD = """apiVersion: v1
kind: Pod
metadata:
  name: app
  labels: {app: web}
spec:
  containers:
  - name: app
    image: busybox
    command: [sleep, "3600"]
    volumeMounts:
    - {name: config, mountPath: /etc/config}
    - {name: config, mountPath: /etc/mode, subPath: mode}
    - {name: creds, mountPath: /etc/creds, readOnly: true}
  volumes:
  - name: config
    configMap: {name: settings}
  - name: creds
    secret: {secretName: db}
"""

EPHEMERAL = """apiVersion: v1
kind: Pod
metadata: {name: job}
spec:
  containers:
  - name: work
    image: busybox
    command: [sleep, "3600"]
    volumeMounts: [{name: scratch, mountPath: /scratch}]
  volumes:
  - name: scratch
    ephemeral:
      volumeClaimTemplate:
        metadata: {labels: {type: scratch}}
        spec:
          accessModes: [ReadWriteOnce]
          resources: {requests: {storage: 1Gi}}
"""


@pytest.fixture
def kind():
    cluster = sk.Cluster.kind()
    cluster.write("pod.yaml", POD)
    cluster.write("job.yaml", EPHEMERAL)
    return cluster


def run(cluster, line):
    r = cluster.sh(line)
    return r.code, r.out, r.err


@pytest.mark.parametrize("line, code, out, err", [
    ("kubectl create configmap c --from-literal=a=1 --from-literal=b=2", 0, "configmap/c created\n", ""),
    ("kubectl create cm c --from-literal=a=1 --dry-run=client", 0, "configmap/c created (dry run)\n", ""),
    ("kubectl create secret generic s --from-literal=a=1", 0, "secret/s created\n", ""),
    ("kubectl create namespace team", 0, "namespace/team created\n", ""),
    ("kubectl create configmap", 1, "", "error: exactly one NAME is required, got 0\n"
                                        "See 'kubectl create configmap -h' for help and examples\n"),
    ("kubectl create cm c --from-literal=novalue", 1, "",
     "error: invalid literal source novalue, expected key=value\n"),
    ("kubectl create cm c --from-literal=a=1 --from-literal=a=2", 1, "",
     'error: cannot add key "a", another key by that name already exists in Data for ConfigMap "c"\n'),
    ("kubectl create cm c --from-literal='bad key=1'", 1, "",
     "error: \"bad key\" is not a valid key name for a ConfigMap: a valid config key must consist of alphanumeric "
     "characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
     "'[-._a-zA-Z0-9]+')\n"),
    ("kubectl create secret generic s --from-literal=..x=1", 1, "",
     "error: \"..x\" is not valid key name for a Secret must not start with '..'\n"),
    ("kubectl create cm c --from-file=nowhere.txt", 1, "",
     "error: error reading nowhere.txt: no such file or directory\n"),
    ("kubectl create cm c --from-literal=a=1 --dry-run", 0, "configmap/c created (dry run)\n",
     "W0105 09:00:01.000000    4242 helpers.go:703] --dry-run is deprecated and can be replaced with "
     "--dry-run=client.\n"),
    ("kubectl create cm c --from-literal=a=1 --dry-run=maybe", 1, "",
     'error: Invalid dry-run value (maybe). Must be "none", "server", or "client".\n'),
    ("kubectl create secret tls s", 1, "", "[storagekit] 'kubectl create secret tls' is not simulated yet.\n"),
    ("kubectl create secret bogus s", 1, "", 'error: unknown command "bogus s"\n'
                                             "See 'kubectl create secret -h' for help and examples\n"),
    ("kubectl create cm c -n nowhere --from-literal=a=1", 1, "",
     'Error from server (NotFound): namespaces "nowhere" not found\n'),
])
def test_create_from_flags(kind, line, code, out, err):
    assert run(kind, line) == (code, out, err)


def test_files_are_added_before_literals(kind):
    """kubectl adds --from-file sources first, then --from-literal: a key in both was first taken from the file,
    here one that is not UTF-8 and so went to binaryData (real kubectl 1.32)."""
    kind.write("bin.dat", b"\xff\xfe")
    kind.write("t.txt", "hello")
    assert kind.sh("kubectl create cm c --from-literal=z=1 --from-file=a=t.txt --dry-run=client -o json").out == (
        '{\n    "kind": "ConfigMap",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "c",\n'
        '        "creationTimestamp": null\n    },\n    "data": {\n        "a": "hello",\n        "z": "1"\n    }\n}\n')
    assert run(kind, "kubectl create cm c --from-file=a=bin.dat --from-literal=a=x --dry-run=client") == (
        1, "", 'error: cannot add key "a", another key by that name already exists in BinaryData for ConfigMap "c"\n')
    assert run(kind, "kubectl create secret generic s --from-file=a=bin.dat --from-literal=a=x --dry-run=client") == (
        1, "", "error: cannot add key a, another key by that name already exists\n")


@pytest.mark.parametrize("what", ["cm c", "secret generic s"])
@pytest.mark.parametrize("other", ["--from-literal=b=2", "--from-file=nowhere"])
def test_an_env_file_goes_with_no_other_source(kind, what, other):
    kind.write("e.env", "b=1\n")
    assert run(kind, f"kubectl create {what} --from-env-file=e.env {other} --dry-run=client") == (
        1, "", "error: from-env-file cannot be combined with from-file or from-literal\n")


def test_create_refuses_a_second_object_of_the_same_name(kind):
    kind.sh("kubectl create cm c --from-literal=a=1")
    kind.sh("kubectl create secret generic s --from-literal=a=1")
    assert run(kind, "kubectl create cm c --from-literal=a=2") == (
        1, "", 'error: failed to create configmap: configmaps "c" already exists\n')
    assert run(kind, "kubectl create secret generic s --from-literal=a=2") == (
        1, "", 'error: failed to create secret secrets "s" already exists\n')
    assert kind.state.store.get("ConfigMap", "c", "default")["data"] == {"a": "1"}


def test_files_and_directories_become_keys(kind):
    kind.write("conf/app.properties", "color=blue\n")
    kind.write("conf/ui.properties", "theme=dark\n")
    kind.write("env", "# settings\nLEVEL=debug\n\nMODE=fast\n")
    kind.sh("kubectl create cm from-dir --from-file=conf --from-file=renamed=conf/ui.properties")
    kind.sh("kubectl create cm from-env --from-env-file=env")
    assert kind.state.store.get("ConfigMap", "from-dir", "default")["data"] == {
        "app.properties": "color=blue\n", "ui.properties": "theme=dark\n", "renamed": "theme=dark\n"}
    assert kind.state.store.get("ConfigMap", "from-env", "default")["data"] == {"LEVEL": "debug", "MODE": "fast"}
    assert kind.sh("kubectl create cm c --from-literal=a=1 --dry-run=client -o yaml").out == (
        "apiVersion: v1\ndata:\n  a: \"1\"\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: c\n")


def test_get_and_describe(kind):
    kind.sh("kubectl create cm settings --from-literal=mode=hard --from-literal=level=3")
    kind.sh("kubectl create secret generic db --from-literal=password=hunter2")
    rows = kind.sh("kubectl get cm").out.splitlines()
    assert [r.split()[:2] for r in rows] == [["NAME", "DATA"], ["kube-root-ca.crt", "1"], ["settings", "2"]]
    assert kind.sh("kubectl get secrets").out.splitlines()[1].split()[:3] == ["db", "Opaque", "1"]
    assert kind.sh("kubectl describe cm settings").out == (
        "Name:         settings\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\n"
        "Data\n====\nlevel:\n----\n3\nmode:\n----\nhard\n\nBinaryData\n====\n\nEvents:  <none>\n")
    assert kind.sh("kubectl describe secret db").out == (
        "Name:         db\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nType:  Opaque\n\n"
        "Data\n====\npassword:  7 bytes\n")
    assert "  password: aHVudGVyMg==\n" in kind.sh("kubectl get secret db -o yaml").out


def test_a_pod_waits_for_its_configmap_then_reads_files_it_cannot_write(kind):
    kind.sh("kubectl create secret generic db --from-literal=password=hunter2")
    kind.sh("kubectl apply -f pod.yaml")
    assert kind.sh("kubectl get pod app").out.splitlines()[1].split()[2] == "ContainerCreating"
    assert 'FailedMount  ' in kind.sh("kubectl describe pod app").out
    assert 'MountVolume.SetUp failed for volume "config" : configmap "settings" not found' in \
        kind.sh("kubectl get events").out
    kind.sh("kubectl create cm settings --from-literal=mode=hard")
    assert kind.sh("kubectl get pod app").out.splitlines()[1].split()[2] == "Running"
    assert kind.sh("kubectl exec app -- cat /etc/config/mode /etc/mode /etc/creds/password").out == "hardhardhunter2"
    listing = kind.sh("kubectl exec app -- ls -a /etc/config").out.split()
    assert listing[2].startswith("..2026_") and listing[3:] == ["..data", "mode"]
    assert kind.sh("kubectl exec app -- readlink /etc/config/mode").out == "..data/mode\n"
    r = kind.sh("kubectl exec app -- sh -c 'echo x > /etc/config/mode'")
    assert (r.code, r.err) == (1, "sh: can't create /etc/config/mode: Read-only file system\n"
                                  "command terminated with exit code 1\n")


def test_an_update_reaches_the_files_but_not_a_subpath_mount(kind):
    kind.sh("kubectl create cm settings --from-literal=mode=hard")
    kind.sh("kubectl create secret generic db --from-literal=password=hunter2")
    kind.sh("kubectl apply -f pod.yaml")
    kind.write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n"
                          "data: {mode: easy, extra: '1'}\n")
    assert kind.sh("kubectl apply -f cm.yaml").out == "configmap/settings configured\n"
    assert kind.sh("kubectl exec app -- cat /etc/config/mode /etc/config/extra /etc/mode").out == "easy1hard"
    kind.sh("kubectl delete cm settings")  # the files stay as they were
    assert kind.sh("kubectl exec app -- cat /etc/config/mode").out == "easy"


def test_an_immutable_configmap_refuses_changes(kind):
    kind.write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fixed}\nimmutable: true\ndata: {a: '1'}\n")
    kind.sh("kubectl apply -f cm.yaml")
    kind.write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fixed}\nimmutable: true\ndata: {a: '2'}\n")
    assert run(kind, "kubectl apply -f cm.yaml") == (
        1, "", 'The ConfigMap "fixed" is invalid: data: Forbidden: field is immutable when `immutable` is set\n')


@pytest.mark.parametrize("manifest, err", [
    ("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {a: 'not base64!'}\n",
     'Error from server (BadRequest): error when creating "m.yaml": Secret in version "v1" cannot be handled as a '
     "Secret: illegal base64 data at input byte 3\n"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {'a b': '1'}\n",
     "The ConfigMap \"c\" is invalid: data[a b]: Invalid value: \"a b\": a valid config key must consist of "
     "alphanumeric "
     "characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is "
     "'[-._a-zA-Z0-9]+')\n"),
    ("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndatas: {a: '1'}\n",
     'Error from server (BadRequest): error when creating "m.yaml": ConfigMap in version "v1" cannot be handled as a '
     'ConfigMap: strict decoding error: unknown field "datas"\n'),
    ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: busybox}]\n"
     "  volumes: [{name: v}]\n", 'The Pod "p" is invalid: spec.volumes[0]: Required value: must specify a volume '
                                 'type\n'),
    ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: busybox}]\n"
     "  volumes: [{name: v, emptyDir: {}}, {name: v, configMap: {}}]\n",
     'The Pod "p" is invalid: \n* spec.volumes[1].name: Duplicate value: "v"\n'
     "* spec.volumes[1].configMap.name: Required value\n"),
    ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: busybox\n"
     "    volumeMounts: [{name: v, mountPath: /v, subPath: ../up}]\n  volumes: [{name: v, emptyDir: {}}]\n",
     "The Pod \"p\" is invalid: spec.containers[0].volumeMounts[0].subPath: Invalid value: \"../up\": must not "
     "contain '..'\n"),
    ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: busybox}]\n"
     "  volumes: [{name: v, ephemeral: {volumeClaimTemplate: {spec: {resources: {requests: {storage: 1Gi}}}}}}]\n",
     'The Pod "p" is invalid: spec.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes: Required value: '
     "at least 1 access mode is required\n"),
    ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: busybox, args: 3}]\n",
     'Error from server (BadRequest): error when creating "m.yaml": Pod in version "v1" cannot be handled as a Pod: '
     "json: cannot unmarshal number into Go struct field Container.spec.containers.args of type []string\n"),
    ("apiVersion: batch/v1\nkind: Job\nmetadata: {name: t}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n"
     "      containers: [{name: c, image: busybox, command: [true]}]\n",
     'Error from server (BadRequest): error when creating "m.yaml": Job in version "v1" cannot be handled as a Job: '
     "json: cannot unmarshal bool into Go struct field Container.spec.template.spec.containers.command of type "
     "string\n"),
    ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsUser: '1000'}\n"
     "  containers: [{name: c, image: busybox}]\n",
     'Error from server (BadRequest): error when creating "m.yaml": Pod in version "v1" cannot be handled as a Pod: '
     "json: cannot unmarshal string into Go struct field PodSecurityContext.spec.securityContext.runAsUser of type "
     "int64\n"),
    ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {supplementalGroups: [1, 2.5]}\n"
     "  containers: [{name: c, image: busybox}]\n",
     'Error from server (BadRequest): error when creating "m.yaml": Pod in version "v1" cannot be handled as a Pod: '
     "json: cannot unmarshal number 2.5 into Go struct field PodSecurityContext.spec.securityContext."
     "supplementalGroups of type int64\n"),
    ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n"
     "  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers:\n"
     "      - {name: c, image: busybox, securityContext: {runAsNonRoot: 'true'}}\n",
     'Error from server (BadRequest): error when creating "m.yaml": Deployment in version "v1" cannot be handled as '
     "a Deployment: json: cannot unmarshal string into Go struct field SecurityContext.spec.template.spec.containers."
     "securityContext.runAsNonRoot of type bool\n"),
])
def test_refusals_change_nothing(kind, manifest, err):
    before = len(kind.state.store.objects)
    kind.write("m.yaml", manifest)
    assert run(kind, "kubectl apply -f m.yaml") == (1, "", err)
    assert len(kind.state.store.objects) == before


def test_an_ephemeral_volume_is_a_claim_the_pod_owns(kind):
    kind.sh("kubectl apply -f job.yaml")
    pvc = kind.state.store.get("PersistentVolumeClaim", "job-scratch", "default")
    owner = pvc["metadata"]["ownerReferences"][0]
    assert (owner["kind"], owner["name"], owner["controller"]) == ("Pod", "job", True)
    assert pvc["metadata"]["labels"] == {"type": "scratch"} and pvc["spec"]["storageClassName"] == "standard"
    assert kind.sh("kubectl get pvc job-scratch").out.splitlines()[1].split()[1] == "Bound"
    assert kind.sh("kubectl exec job -- sh -c 'echo partial > /scratch/out; cat /scratch/out'").out == "partial\n"
    assert "Type:          EphemeralVolume (an inline specification" in kind.sh("kubectl describe pod job").out
    kind.sh("kubectl delete pod job")
    r = kind.sh("kubectl get pvc,pv")
    assert (r.out, r.err) == ("", "No resources found\n")  # the claim went with the Pod, and Delete took the volume


def test_an_ephemeral_volume_never_uses_a_claim_it_does_not_own(kind):
    kind.write("pvc.yaml", "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: job-scratch}\n"
                           "spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}\n")
    kind.sh("kubectl apply -f pvc.yaml -f job.yaml")
    assert kind.sh("kubectl get pod job").out.splitlines()[1].split()[2] == "Pending"
    assert ("0/1 nodes are available: PVC default/job-scratch was not created for pod default/job (pod is not owner). "
            "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.") in \
        kind.sh("kubectl describe pod job").out


def test_every_pod_gets_a_service_account_token_volume(kind):
    kind.write("plain.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: plain}\nspec:\n  containers:\n"
                             "  - {name: c, image: busybox, command: [sleep, '3600']}\n")
    kind.sh("kubectl apply -f plain.yaml")
    text = kind.sh("kubectl describe pod plain").out
    name = next(w for w in text.split() if w.startswith("kube-api-access-")).rstrip(":")
    assert f"      /var/run/secrets/kubernetes.io/serviceaccount from {name} (ro)\n" in text
    assert ("    Type:                    Projected (a volume that contains injected data from multiple sources)\n"
            "    TokenExpirationSeconds:  3607\n    ConfigMapName:           kube-root-ca.crt\n"
            "    ConfigMapOptional:       <nil>\n    DownwardAPI:             true\n") in text
    r = kind.sh("kubectl exec plain -- ls /var/run/secrets/kubernetes.io/serviceaccount")
    assert r.out.split() == ["ca.crt", "namespace", "token"]
    assert kind.sh("kubectl exec plain -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace").out == "default"
    kind.sh("kubectl create ns team")
    assert kind.sh("kubectl get cm -n team -o name").out == "configmap/kube-root-ca.crt\n"
