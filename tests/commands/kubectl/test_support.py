"""The audit of every flag of every simulated kubectl command: honoured (H), inert (I) or declined (D).

The table below is the specification. A command given a handler, or a flag
kubectl gains, fails the first test until it is placed in a class here and in
:mod:`storagekit.commands.kubectl.support`. Each class is then checked by
running it: a declined flag stops the command with the simulator's note and
changes nothing, an inert flag leaves output and state exactly as they were,
and an honoured flag changes what the command prints or does.
"""

from __future__ import annotations

import json

import pytest

import storagekit as sk
from storagekit.commands.kubectl import HANDLERS
from storagekit.commands.kubectl.command import tree
from storagekit.commands.kubectl.support import COMMANDS, GLOBAL_HONOURED, GLOBAL_INERT

GLOBAL = {
    "H": "namespace profile",
    "I": "cache-dir disable-compression log-flush-frequency match-server-version profile-output request-timeout",
    "D": "as as-group as-uid certificate-authority client-certificate client-key cluster context "
         "insecure-skip-tls-verify kubeconfig password server tls-server-name token user username v vmodule "
         "warnings-as-errors",
}
PRINTERS = "allow-missing-template-keys show-managed-fields"
AUDIT: dict[str, dict[str, str]] = {
    "get": {"H": "all-namespaces field-selector filename ignore-not-found label-columns no-headers output selector "
                 "show-kind show-labels sort-by watch",
            "I": "chunk-size",
            "D": "allow-missing-template-keys kustomize output-watch-events raw recursive server-print "
                 "show-managed-fields subresource template watch-only"},
    "describe": {"H": "all-namespaces selector", "I": "chunk-size",
                 "D": "filename kustomize recursive show-events"},
    "logs": {"H": "container follow limit-bytes prefix previous tail",
             "I": "insecure-skip-tls-verify-backend max-log-requests pod-running-timeout",
             "D": "all-containers all-pods ignore-errors selector since since-time timestamps"},
    "explain": {"H": "api-version recursive", "I": "", "D": "output"},
    "api-resources": {"H": "api-group namespaced no-headers output sort-by", "I": "cached", "D": "categories verbs"},
    "wait": {"H": "all all-namespaces field-selector for selector", "I": "timeout",
             "D": "allow-missing-template-keys filename local output recursive show-managed-fields template"},
    "version": {"H": "client output", "I": "", "D": ""},
    "cluster-info": {"H": "", "I": "", "D": ""},
    "apply": {"H": "dry-run filename output validate",
              "I": f"cascade field-manager grace-period openapi-patch timeout wait {PRINTERS}",
              "D": "all force force-conflicts kustomize overwrite prune prune-allowlist record recursive selector "
                   "server-side subresource template"},
    "create": {"H": "dry-run filename output validate", "I": f"field-manager windows-line-endings {PRINTERS}",
               "D": "edit kustomize raw record recursive save-config selector template"},
    "delete": {"H": "all all-namespaces cascade dry-run field-selector filename force grace-period ignore-not-found "
                    "now output selector wait",
               "I": "timeout", "D": "interactive kustomize raw recursive"},
    "scale": {"H": "current-replicas dry-run output replicas", "I": f"timeout {PRINTERS}",
              "D": "all filename kustomize record recursive resource-version selector template"},
    "patch": {"H": "dry-run output patch patch-file type", "I": f"field-manager {PRINTERS}",
              "D": "filename kustomize local record recursive subresource template"},
    "events": {"H": "all-namespaces for no-headers output types watch", "I": f"chunk-size {PRINTERS}",
               "D": "template"},
    "edit": {"H": "filename output validate windows-line-endings", "I": f"field-manager {PRINTERS}",
             "D": "kustomize output-patch record recursive save-config subresource template"},
    "label": {"H": "all all-namespaces dry-run field-selector output overwrite selector",
              "I": f"field-manager {PRINTERS}",
              "D": "filename kustomize list local record recursive resource-version template"},
    "annotate": {"H": "all all-namespaces dry-run field-selector output overwrite selector",
                 "I": f"field-manager {PRINTERS}",
                 "D": "filename kustomize list local record recursive resource-version template"},
    "create configmap": {"H": "dry-run from-env-file from-file from-literal output validate",
                         "I": "allow-missing-template-keys field-manager",
                         "D": "append-hash save-config show-managed-fields template"},
    "create secret generic": {"H": "dry-run from-env-file from-file from-literal output type validate",
                              "I": "allow-missing-template-keys field-manager",
                              "D": "append-hash save-config show-managed-fields template"},
    "create namespace": {"H": "dry-run output validate", "I": "allow-missing-template-keys field-manager",
                         "D": "save-config show-managed-fields template"},
    "create job": {"H": "dry-run image output validate", "I": "allow-missing-template-keys field-manager",
                   "D": "from save-config show-managed-fields template"},
    "run": {"H": "annotations attach command dry-run env image image-pull-policy labels output port privileged quiet "
                 "restart rm stdin tty",
            "I": "allow-missing-template-keys cascade field-manager leave-stdin-open override-type "
                 "pod-running-timeout timeout wait",
            "D": "expose filename force grace-period kustomize overrides record recursive save-config "
                 "show-managed-fields template"},
    "exec": {"H": "container quiet stdin tty", "I": "pod-running-timeout", "D": "filename"},
    "cp": {"H": "container", "I": "retries", "D": "no-preserve"},
    "cordon": {"H": "dry-run", "I": "", "D": "selector"},
    "uncordon": {"H": "dry-run", "I": "", "D": "selector"},
    "drain": {"H": "delete-emptydir-data force pod-selector",
              "I": "chunk-size grace-period ignore-daemonsets skip-wait-for-delete-timeout timeout",
              "D": "disable-eviction dry-run selector"},
    "rollout status": {"H": "", "I": "timeout", "D": "filename kustomize recursive revision selector watch"},
    "rollout restart": {"H": "", "I": f"field-manager {PRINTERS}",
                        "D": "filename kustomize output recursive selector template"},
    "rollout history": {"H": "", "I": PRINTERS, "D": "filename kustomize output recursive revision selector template"},
    "rollout undo": {"H": "to-revision", "I": PRINTERS,
                     "D": "dry-run filename kustomize output recursive selector template"},
}

ROWS = [(cmd, flag, cls) for cmd, classes in AUDIT.items() for cls, names in classes.items() for flag in names.split()]

MANIFEST = """apiVersion: v1
kind: Pod
metadata: {name: talk, labels: {app: talk}}
spec:
  containers:
  - {name: main, image: busybox, command: [sh, -c, 'echo one; echo two; echo three; sleep 3600']}
  - {name: side, image: busybox, command: [sleep, '3600'], volumeMounts: [{name: scratch, mountPath: /scratch}]}
  volumes: [{name: scratch, emptyDir: {}}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: dep, labels: {app: dep}}
spec:
  replicas: 1
  selector: {matchLabels: {app: dep}}
  template:
    metadata: {labels: {app: dep}}
    spec:
      containers: [{name: c, image: busybox, command: [sleep, '3600']}]
---
apiVersion: v1
kind: Namespace
metadata: {name: other}
---
apiVersion: v1
kind: Pod
metadata: {name: far, namespace: other, labels: {app: far}}
spec:
  containers: [{name: c, image: busybox, command: [sleep, '3600']}]
"""
NEW = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fresh}\ndata: {a: b}\n"
NODE = "kind-control-plane"

BASE = {
    "get": "get pods", "describe": "describe pods", "logs": "logs talk -c main", "explain": "explain pods",
    "api-resources": "api-resources", "wait": "wait pod/talk --for=condition=Ready", "version": "version",
    "cluster-info": "cluster-info", "apply": "apply -f new.yaml", "create": "create -f new.yaml",
    "delete": "delete pod talk", "scale": "scale deploy/dep --replicas=2", "patch": "patch pod talk -p {}",
    "events": "events",
    "edit": "edit pod talk", "label": "label pod talk a=b", "annotate": "annotate pod talk a=b",
    "create configmap": "create configmap cm1",
    "create secret generic": "create secret generic s1", "create namespace": "create namespace ns1",
    "create job": "create job j1 --image=busybox", "run": "run r1 --image=busybox --restart=Never --port=80",
    "exec": "exec talk -c main -- true", "cp": "cp talk:/scratch h -c side", "cordon": f"cordon {NODE}",
    "uncordon": f"uncordon {NODE}", "drain": f"drain {NODE} --pod-selector=app=dep",
    "rollout status": "rollout status deploy/dep", "rollout restart": "rollout restart deploy/dep",
    "rollout history": "rollout history deploy/dep", "rollout undo": "rollout undo deploy/dep",
}
"""A line each command runs to the end with, to which a flag is added."""

INERT_VALUES = {"cache-dir": "/tmp/cache", "disable-compression": "true", "log-flush-frequency": "1s",
                "match-server-version": "true", "profile-output": "p.pprof", "request-timeout": "5s",
                "chunk-size": "7", "insecure-skip-tls-verify-backend": "true", "max-log-requests": "7",
                "pod-running-timeout": "5s", "cached": "true", "timeout": "5s", "cascade": "foreground",
                "field-manager": "me", "grace-period": "5", "openapi-patch": "false", "wait": "true",
                "allow-missing-template-keys": "false", "show-managed-fields": "true", "windows-line-endings": "true",
                "leave-stdin-open": "true", "override-type": "json", "retries": "3", "ignore-daemonsets": "true",
                "skip-wait-for-delete-timeout": "5"}

HONOURED = {
    ("", "namespace"): ("get pods -n other", "get pods"),
    ("", "profile"): ("get pods --profile=bogus", "get pods"),
    ("get", "all-namespaces"): ("get pods -A", "get pods"),
    ("get", "field-selector"): ("get pods --field-selector metadata.name=talk", "get pods"),
    ("get", "filename"): ("get -f new.yaml --ignore-not-found -o name", "get cm --ignore-not-found -o name"),
    ("get", "ignore-not-found"): ("get pod nope --ignore-not-found", "get pod nope"),
    ("get", "label-columns"): ("get pods -L app", "get pods"),
    ("get", "no-headers"): ("get pods --no-headers", "get pods"),
    ("get", "output"): ("get pods -o name", "get pods"),
    ("get", "selector"): ("get pods -l app=talk", "get pods"),
    ("get", "show-kind"): ("get pods --show-kind", "get pods"),
    ("get", "show-labels"): ("get pods --show-labels", "get pods"),
    ("get", "sort-by"): ("get pods --sort-by=.metadata.creationTimestamp -o name", "get pods -o name"),
    ("get", "watch"): ("get pods -w", "get pods"),
    ("describe", "all-namespaces"): ("describe pods -A", "describe pods"),
    ("describe", "selector"): ("describe pods -l app=talk", "describe pods"),
    ("logs", "container"): ("logs talk -c side", "logs talk"),
    ("logs", "follow"): ("logs talk -c main -f", "logs talk -c main"),
    ("logs", "limit-bytes"): ("logs talk -c main --limit-bytes=5", "logs talk -c main"),
    ("logs", "prefix"): ("logs talk -c main --prefix", "logs talk -c main"),
    ("logs", "previous"): ("logs talk -c main -p", "logs talk -c main"),
    ("logs", "tail"): ("logs talk -c main --tail=1", "logs talk -c main"),
    ("explain", "api-version"): ("explain pods --api-version=apps/v1", "explain pods"),
    ("explain", "recursive"): ("explain pods --recursive", "explain pods"),
    ("api-resources", "api-group"): ("api-resources --api-group=apps", "api-resources"),
    ("api-resources", "namespaced"): ("api-resources --namespaced=false", "api-resources"),
    ("api-resources", "no-headers"): ("api-resources --no-headers", "api-resources"),
    ("api-resources", "output"): ("api-resources -o name", "api-resources"),
    ("api-resources", "sort-by"): ("api-resources --sort-by=kind", "api-resources"),
    ("wait", "all"): ("wait pods --all --for=condition=Ready", "wait pods --for=condition=Ready"),
    ("wait", "all-namespaces"): ("wait pods --all -A --for=condition=Ready", "wait pods --all --for=condition=Ready"),
    ("wait", "field-selector"): ("wait pods --field-selector=metadata.name=talk --for=condition=Ready",
                                 "wait pods --all --for=condition=Ready"),
    ("wait", "for"): ("wait pod/talk --for=condition=Ready", "wait pod/talk --for=delete"),
    ("wait", "selector"): ("wait pods -l app=talk --for=condition=Ready", "wait pods --all --for=condition=Ready"),
    ("version", "client"): ("version --client", "version"),
    ("version", "output"): ("version -o json", "version"),
    ("apply", "dry-run"): ("apply -f new.yaml --dry-run=client", "apply -f new.yaml"),
    ("apply", "filename"): ("apply -f new.yaml", "apply"),
    ("apply", "output"): ("apply -f new.yaml -o name", "apply -f new.yaml"),
    ("apply", "validate"): ("apply -f new.yaml --validate=ignore", "apply -f new.yaml"),
    ("create", "dry-run"): ("create -f new.yaml --dry-run=client", "create -f new.yaml"),
    ("create", "filename"): ("create -f new.yaml", "create"),
    ("create", "output"): ("create -f new.yaml -o name", "create -f new.yaml"),
    ("create", "validate"): ("create -f new.yaml --validate=bogus", "create -f new.yaml"),
    ("delete", "all"): ("delete pods --all", "delete pods"),
    ("delete", "all-namespaces"): ("delete pods --all -A", "delete pods --all"),
    ("delete", "cascade"): ("delete deploy dep --cascade=orphan", "delete deploy dep"),
    ("delete", "dry-run"): ("delete pod talk --dry-run=client", "delete pod talk"),
    ("delete", "field-selector"): ("delete pods --field-selector=metadata.name=talk", "delete pods --all"),
    ("delete", "filename"): ("delete -f new.yaml --ignore-not-found", "delete cm --all"),
    ("delete", "force"): ("delete pod talk --force --grace-period=0", "delete pod talk --grace-period=0"),
    ("delete", "grace-period"): ("delete pod talk --grace-period=7", "delete pod talk"),
    ("delete", "ignore-not-found"): ("delete pod nope --ignore-not-found", "delete pod nope"),
    ("delete", "now"): ("delete pod talk --now", "delete pod talk"),
    ("delete", "output"): ("delete pod talk -o name", "delete pod talk"),
    ("delete", "selector"): ("delete pods -l app=talk", "delete pods --all"),
    ("delete", "wait"): ("delete pod talk --wait=false", "delete pod talk"),
    ("scale", "current-replicas"): ("scale deploy/dep --replicas=2 --current-replicas=3",
                                    "scale deploy/dep --replicas=2"),
    ("scale", "dry-run"): ("scale deploy/dep --replicas=2 --dry-run=client", "scale deploy/dep --replicas=2"),
    ("scale", "output"): ("scale deploy/dep --replicas=2 -o name", "scale deploy/dep --replicas=2"),
    ("scale", "replicas"): ("scale deploy/dep --replicas=2", "scale deploy/dep --replicas=3"),
    ("patch", "dry-run"): ("patch pod talk -p '{\"metadata\":{\"labels\":{\"a\":\"b\"}}}' --dry-run=client",
                           "patch pod talk -p '{\"metadata\":{\"labels\":{\"a\":\"b\"}}}'"),
    ("patch", "output"): ("patch pod talk -p {} -o name", "patch pod talk -p {}"),
    ("patch", "patch"): ("patch pod talk -p {}", "patch pod talk"),
    ("patch", "patch-file"): ("patch pod talk --patch-file=patch.json", "patch pod talk"),
    ("patch", "type"): ("patch pod talk --type=json -p '[]'", "patch pod talk -p '[]'"),
    ("events", "all-namespaces"): ("events -A", "events"),
    ("events", "for"): ("events --for pod/talk", "events"),
    ("events", "no-headers"): ("events --no-headers", "events"),
    ("events", "output"): ("events -o name", "events"),
    ("events", "types"): ("events --types=Warning", "events"),
    ("events", "watch"): ("events -w", "events"),
    ("edit", "filename"): ("edit -f setup.yaml", "edit pod talk"),
    ("edit", "output"): ("edit pod talk -o json", "edit pod talk"),
    ("edit", "validate"): ("edit pod talk --validate=bogus", "edit pod talk"),
    ("edit", "windows-line-endings"): ("edit pod talk --windows-line-endings", "edit pod talk"),
    ("create configmap", "dry-run"): ("create configmap cm1 --dry-run=client", "create configmap cm1"),
    ("create configmap", "from-env-file"): ("create configmap cm1 --from-env-file=env.txt", "create configmap cm1"),
    ("create configmap", "from-file"): ("create configmap cm1 --from-file=env.txt", "create configmap cm1"),
    ("create configmap", "from-literal"): ("create configmap cm1 --from-literal=a=b", "create configmap cm1"),
    ("create configmap", "output"): ("create configmap cm1 -o name", "create configmap cm1"),
    ("create configmap", "validate"): ("create configmap cm1 --validate=warn", "create configmap cm1"),
    ("create secret generic", "dry-run"): ("create secret generic s1 --dry-run=client", "create secret generic s1"),
    ("create secret generic", "from-env-file"): ("create secret generic s1 --from-env-file=env.txt",
                                                 "create secret generic s1"),
    ("create secret generic", "from-file"): ("create secret generic s1 --from-file=env.txt",
                                             "create secret generic s1"),
    ("create secret generic", "from-literal"): ("create secret generic s1 --from-literal=a=b",
                                                "create secret generic s1"),
    ("create secret generic", "output"): ("create secret generic s1 -o name", "create secret generic s1"),
    ("create secret generic", "type"): ("create secret generic s1 --type=x -o yaml --dry-run=client",
                                        "create secret generic s1 -o yaml --dry-run=client"),
    ("create secret generic", "validate"): ("create secret generic s1 --validate=warn", "create secret generic s1"),
    ("create namespace", "dry-run"): ("create namespace ns1 --dry-run=client", "create namespace ns1"),
    ("create namespace", "output"): ("create namespace ns1 -o name", "create namespace ns1"),
    ("create namespace", "validate"): ("create namespace ns1 --validate=warn", "create namespace ns1"),
    ("create job", "dry-run"): ("create job j1 --image=busybox --dry-run=client", "create job j1 --image=busybox"),
    ("create job", "image"): ("create job j1 --image=busybox", "create job j1"),
    ("create job", "output"): ("create job j1 --image=busybox -o name", "create job j1 --image=busybox"),
    ("create job", "validate"): ("create job j1 --image=busybox --validate=warn", "create job j1 --image=busybox"),
    ("run", "annotations"): ("run r1 --image=busybox --dry-run=client -o yaml --annotations=a=b",
                             "run r1 --image=busybox --dry-run=client -o yaml"),
    ("run", "attach"): ("run r1 --image=busybox --restart=Never --attach -- echo hi",
                        "run r1 --image=busybox --restart=Never -- echo hi"),
    ("run", "command"): ("run r1 --image=busybox --dry-run=client -o yaml --command -- echo hi",
                         "run r1 --image=busybox --dry-run=client -o yaml -- echo hi"),
    ("run", "dry-run"): ("run r1 --image=busybox --dry-run=client", "run r1 --image=busybox"),
    ("run", "env"): ("run r1 --image=busybox --dry-run=client -o yaml --env=A=1",
                     "run r1 --image=busybox --dry-run=client -o yaml"),
    ("run", "image"): ("run r1 --image=busybox", "run r1"),
    ("run", "image-pull-policy"): ("run r1 --image=busybox --dry-run=client -o yaml --image-pull-policy=Never",
                                   "run r1 --image=busybox --dry-run=client -o yaml"),
    ("run", "labels"): ("run r1 --image=busybox --dry-run=client -o yaml --labels=a=b",
                        "run r1 --image=busybox --dry-run=client -o yaml"),
    ("run", "output"): ("run r1 --image=busybox -o name", "run r1 --image=busybox"),
    ("run", "port"): ("run r1 --image=busybox --dry-run=client -o yaml --port=80",
                      "run r1 --image=busybox --dry-run=client -o yaml"),
    ("run", "privileged"): ("run r1 --image=busybox --dry-run=client -o yaml --privileged",
                            "run r1 --image=busybox --dry-run=client -o yaml"),
    ("run", "quiet"): ("run r1 --image=busybox -i -q -- sleep 3600", "run r1 --image=busybox -i -- sleep 3600"),
    ("run", "restart"): ("run r1 --image=busybox --dry-run=client -o yaml --restart=Never",
                         "run r1 --image=busybox --dry-run=client -o yaml"),
    ("run", "rm"): ("run r1 --image=busybox --restart=Never -i --rm -- echo hi",
                    "run r1 --image=busybox --restart=Never -i -- echo hi"),
    ("run", "stdin"): ("run r1 --image=busybox --restart=Never -i -- echo hi",
                       "run r1 --image=busybox --restart=Never -- echo hi"),
    ("run", "tty"): ("run r1 --image=busybox -t", "run r1 --image=busybox"),
    ("exec", "container"): ("exec talk -c side -- ls /scratch", "exec talk -- ls /scratch"),
    ("exec", "quiet"): ("exec talk -q -- true", "exec talk -- true"),
    ("exec", "stdin"): ("exec talk -c main -i -t -- true", "exec talk -c main -t -- true"),
    ("exec", "tty"): ("exec talk -c main -i -t -- true", "exec talk -c main -i -- true"),
    ("cp", "container"): ("cp talk:/scratch h -c side", "cp talk:/scratch h"),
    ("cordon", "dry-run"): (f"cordon {NODE} --dry-run=client", f"cordon {NODE}"),
    ("uncordon", "dry-run"): (f"uncordon {NODE} --dry-run=client", f"uncordon {NODE}"),
    ("drain", "delete-emptydir-data"): (f"drain {NODE} --force --delete-emptydir-data", f"drain {NODE} --force"),
    ("drain", "force"): (f"drain {NODE} --pod-selector=app=far --force", f"drain {NODE} --pod-selector=app=far"),
    ("drain", "pod-selector"): (f"drain {NODE} --pod-selector=app=dep", f"drain {NODE}"),
    ("rollout undo", "to-revision"): ("rollout undo deploy/dep --to-revision=5", "rollout undo deploy/dep"),
}
"""For each honoured flag, a line using it and the same request without it (or with another value)."""
for _verb in ("label", "annotate"):
    HONOURED.update({
        (_verb, "all"): (f"{_verb} pods --all a=b", f"{_verb} pods a=b"),
        (_verb, "all-namespaces"): (f"{_verb} pods --all -A a=b", f"{_verb} pods --all a=b"),
        (_verb, "dry-run"): (f"{_verb} pod talk a=b --dry-run=client", f"{_verb} pod talk a=b"),
        (_verb, "field-selector"): (f"{_verb} pods --field-selector=metadata.name=talk a=b", f"{_verb} pods --all a=b"),
        (_verb, "output"): (f"{_verb} pod talk a=b -o name", f"{_verb} pod talk a=b"),
        (_verb, "overwrite"): (f"{_verb} pod talk app=x --overwrite" if _verb == "label" else
                               f"{_verb} pod talk a=x --overwrite", f"{_verb} pod talk app=x" if _verb == "label" else
                               f"{_verb} pod talk a=x"),
        (_verb, "selector"): (f"{_verb} pods -l app=talk a=b", f"{_verb} pods --all a=b"),
    })


def _cluster():
    cluster = sk.Cluster.kind()
    cluster.write("setup.yaml", MANIFEST)
    cluster.write("new.yaml", NEW)
    cluster.write("env.txt", "A=1\n")
    cluster.write("patch.json", '{"metadata":{"labels":{"p":"q"}}}')
    assert cluster.sh("kubectl apply -f setup.yaml").code == 0
    cluster.sh("export KUBE_EDITOR=cat")  # kubectl edit shows the file it would edit, and nothing changes
    assert cluster.sh("kubectl annotate pod talk a=b").code == 0  # for annotate --overwrite to meet
    assert cluster.sh("kubectl rollout restart deploy/dep").code == 0  # a revision for rollout undo to go back to
    return cluster


def _run(line: str):
    """A fresh cluster's answer to one line: status, output, the simulator's notes, and the state it left."""
    cluster = _cluster()
    cluster.clock.advance(1)
    cluster.state.command_started()
    r = cluster.shell.run("kubectl " + line, None)
    state = json.dumps([cluster.clock.now, sorted(cluster.state.store.objects.items())], sort_keys=True, default=str)
    return r.code, r.out, r.err, r.notes, state


def _flag_value(flag, default) -> str:
    if flag.kind == "bool":
        return "false" if default else "true"
    return {"int": "7", "int32": "7", "level": "7", "duration": "5s", "go-duration": "5s", "vmodule": "a=1"}.get(
        flag.kind, "x")


def _with(line: str, flag: str) -> str:
    """The line with a flag added before the command it runs, if any (after ``--``)."""
    head, dash, tail = line.partition(" -- ")
    return f"{head} {flag}{dash}{tail}"


def test_every_flag_of_every_simulated_command_has_a_decision():
    root = tree()
    assert set(AUDIT) == {" ".join(path) for path in HANDLERS}
    for path in HANDLERS:
        flags = {f.name for f in root.descendant(path).flags if f.name != "help"}
        decided = [flag for names in AUDIT[" ".join(path)].values() for flag in names.split()]
        assert sorted(decided) == sorted(flags), " ".join(path)
    globals_ = sorted(f.name for f in root.persistent)
    assert sorted(flag for names in GLOBAL.values() for flag in names.split()) == globals_


def test_the_simulator_applies_the_audited_classes():
    assert set(GLOBAL["H"].split()) == set(GLOBAL_HONOURED)
    assert set(GLOBAL["I"].split()) == set(GLOBAL_INERT)
    for cmd, classes in AUDIT.items():
        support = COMMANDS[tuple(cmd.split())]
        assert set(classes["H"].split()) == set(support.honoured), cmd
        assert set(classes["I"].split()) == set(support.inert), cmd
        assert all(why for why in support.inert.values())


@pytest.mark.parametrize("cmd, flag", [(c, f) for c, f, cls in ROWS if cls == "D"] +
                         [("get", f) for f in GLOBAL["D"].split()])
def test_a_declined_flag_stops_the_command_and_changes_nothing(cmd, flag):
    spec = tree().descendant(tuple(cmd.split()))
    found = next(f for f in spec.all_flags() if f.name == flag)
    value = _flag_value(found, found.default)
    code, out, err, _, state = _run(_with(BASE[cmd], f"--{flag}={value}"))
    assert (code, out) == (1, "")
    assert err.endswith("is not simulated yet.\n") and f"--{flag}" in err and "[storagekit]" in err
    assert state == _run("version --client")[4]


@pytest.mark.parametrize("cmd, flag", [(c, f) for c, f, cls in ROWS if cls == "I"] +
                         [("get", f) for f in GLOBAL["I"].split()])
def test_an_inert_flag_changes_nothing(cmd, flag):
    baseline = _run(BASE[cmd])
    assert baseline[0] == 0, baseline
    assert _run(_with(BASE[cmd], f"--{flag}={INERT_VALUES[flag]}")) == baseline


@pytest.mark.parametrize("cmd, flag", [(c, f) for c, f, cls in ROWS if cls == "H"] +
                         [("", f) for f in GLOBAL["H"].split()])
def test_an_honoured_flag_acts(cmd, flag):
    with_flag, without = HONOURED[(cmd, flag)]
    assert f"-{flag}" in with_flag or any(f" -{f.short}" in with_flag for f in tree().descendant(
        tuple(cmd.split())).all_flags() if f.name == flag and f.short)
    assert _run(with_flag) != _run(without)
