"""Re-record the golden outputs of the real kubectl:
``python tests/commands/kubectl/record_kubectl_golden.py [KUBECTL]``.

Run it on a machine with a kubectl v1.33 client (by default ``kubectl.1.33``
beside the ``kubectl`` on PATH, as the Google Cloud SDK installs it). The
client gets a kubeconfig whose API server is a closed local port, so help
texts, parse errors and everything else it answers by itself are recorded,
and every case that tries to reach the server is skipped. Each golden file
holds argv, exit status, stdout and stderr.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
sys.path.insert(0, str(HERE.parents[2]))

from tests.commands.golden import filename, render  # noqa: E402
from tools.kubectl.regenerate_commands import Kubectl, find_kubectl  # noqa: E402

SERVER_NEEDED = re.compile(r"127\.0\.0\.1:1|connect: connection refused|^[IWEF]\d{4} ", re.M)
"""Signs that the client tried the API server (or logged with a time stamp, which no two runs share)."""

HELP_TOPICS = [
    [], ["--help"], ["-h"], ["help"], ["help", "get"], ["help", "create", "configmap"], ["help", "create", "cm"],
    ["help", "create", "secret", "generic"], ["help", "rollout", "status"], ["help", "foo"], ["help", "foo", "bar"],
    ["help", "get", "extra"], ["help", "rollout", "foo"], ["help", "--bogus"], ["help", "-n"], ["help", "--", "get"],
    ["help", "help"], ["help", "options"], ["help", "alpha"], ["help", "a`b"], ["help", "-n", "x", "get"],
    ["--help", "get"], ["-h", "get"], ["get", "-h", "pods"], ["get", "pods", "--help"], ["get", "--help", "--bogus"],
    ["get", "--bogus", "--help"], ["get", "--help=x"], ["get", "-h=false", "--bogus"], ["help", "cordon", "-h"],
    ["options"], ["options", "x"], ["options", "--bogus"], ["options", "-h"], ["alpha"], ["alpha", "foo"],
    ["alpha", "--help"], ["alpha", "--bogus"], ["--namespace=x", "--help"], ["-n", "x", "get", "--help"],
    ["get", "-n", "x", "--help"], ["create", "cm", "--help"], ["create", "ns", "-h"], ["top", "po", "--help"],
    ["config", "use", "--help"], ["config", "--kubeconfig=x", "view", "--help"], ["config", "--kubeconfig"],
    ["create", "-h", "configmap"], ["rollout", "-h", "status"], ["get", "--all_namespaces", "--help"],
    ["debug", "--set-image=a=1,b", "--help"], ["delete", "--cascade", "--help"], ["apply", "--validate", "-h"],
]

UNKNOWN_COMMANDS = [
    ["foo"], ["gett"], ["gte"], ["describ"], ["lgos"], ["exce"], ["aply"], ["crate"], ["rm"], ["list"], ["ps"],
    ["ru"], ["versoin"], ["optoins"], ["conifg"], ["pathc"], ["scal"], ["Get"], ["GET"], ["a"], ["c"], ["ge"],
    ["de"], ["ro"], ["wiat"], ["lable"], ["annotat"], ["cordn"], ["drian"], ["api-resource"], ["cluster_info"],
    ["foo", "--bogus"], ["foo", "bar"], ["foo", "-n", "x"], ["--bogus", "foo"], ["-n", "x", "foo"],
    ["--namespace=x", "foo"], ["-n", "help", "foo"], ["--", "get"], ["--"], ["-v=1", "foo"], ["x", "--help"],
    ["--help", "foo"], ["-n", "x", "help"], ["-n", "x", "-h"],
]

GROUPS = [
    ["rollout"], ["rollout", "foo"], ["rollout", "foo", "bar"], ["rollout", "--bogus"], ["rollout", "-n", "x"],
    ["set"], ["set", "x"], ["top"], ["top", "x"], ["auth"], ["auth", "x"], ["config"], ["config", "foo"],
    ["plugin"], ["plugin", "x"], ["certificate"], ["certificate", "foo"], ["create", "secret"],
    ["create", "secret", "foo"], ["create", "service"], ["create", "svc", "foo"], ["create", "secret", "-h"],
    ["config", "--bogus"], ["set", "--bogus"],
]

GLOBAL_FLAGS = [
    ["--bogus"], ["-x"], ["-x", "get"], ["--namespace"], ["-n"], ["get", "-n"], ["get", "--namespace"],
    ["-v"], ["-v=x", "get"], ["-v", "0x1", "--bogus"], ["--v=1.5", "get"], ["-v=99999999999", "get"],
    ["--vmodule=x", "--bogus"], ["--vmodule=a=-1", "get"], ["--vmodule=a=b", "get"], ["--vmodule==1", "get"],
    ["--vmodule=a=1,b", "get"], ["--vmodule=a=1", "--bogus"], ["--log-flush-frequency=x"],
    ["--log-flush-frequency=5", "get"], ["--request-timeout"], ["--as-group"], ["-s"], ["--server"],
    ["--context"], ["--kubeconfig"], ["--cache-dir"], ["--profile=bogus", "get"], ["--profile=bogus", "scale"],
    ["version", "--client", "--profile=bogus"], ["--warnings-as-errors=maybe"], ["--match-server-version=x"],
    ["--disable-compression=x", "get"], ["--insecure-skip-tls-verify=2", "get"], ["get", "--all_namespaces=maybe"],
    ["get", "--output_watch_events=x"], ["get", "--bogus_flag"], ["get", "--as-uid"], ["get", "--token"],
    ["get", "--user"], ["get", "--cluster"], ["get", "---x"], ["get", "--=x"], ["get", "- "], ["get", "-Ax"],
    ["get", "-Ao"], ["get", "-oyaml", "-x"], ["get", "-A=maybe"], ["get", "--all-namespaces=maybe"],
    ["get", "-w=x"], ["get", "--watch=2"], ["get", "--chunk-size=x"], ["get", "--chunk-size=1.5"],
    ["get", "--chunk-size=99999999999999999999"], ["get", "-L"], ["get", "--label-columns"], ["get", "-l"],
    ["get", "--selector"], ["get", "-o"], ["get", "--output"], ["get", "--replicas=3"], ["get", "pods", "--replicas=3"],
    ["get", "pods", "-p"], ["get", "pods", "-c", "x"], ["get", "-f"], ["get", "-k"], ["get", "--raw"],
    ["get", "--server-print=maybe"], ["get", "--show-kind=x"], ["get", "--no-headers=x"], ["get", "-R=x"],
    ["get", "--sort-by"], ["get", "--template"], ["get", "--field-selector"], ["get", "--subresource"],
    ["get", "--ignore-not-found=x"], ["get", "--show-labels=x"], ["get", "--show-managed-fields=x"],
    ["get", "--watch-only=x"], ["get", "--allow-missing-template-keys=x"],
]

PER_COMMAND = [
    # logs: -p is --previous and -f is --follow, both booleans
    ["logs"], ["logs", "-p"], ["logs", "-f"], ["logs", "-pf"], ["logs", "-p=maybe"], ["logs", "-f=x"],
    ["logs", "--previous=x"], ["logs", "--follow=2"], ["logs", "--tail=x"], ["logs", "--tail=1.5"],
    ["logs", "--since=5"], ["logs", "--since=x"], ["logs", "--since=5x"], ["logs", "--limit-bytes=1.5"],
    ["logs", "-c"], ["logs", "--container"], ["logs", "--timestamps=maybe"], ["logs", "--all-containers=x"],
    ["logs", "--max-log-requests=x"], ["logs", "--pod-running-timeout=x"], ["logs", "--prefix=x"],
    ["logs", "-l"], ["logs", "--bogus"], ["logs", "-x"], ["logs", "--ignore-errors=x"],
    # patch: -p is --patch and takes a value
    ["patch"], ["patch", "-p"], ["patch", "--patch"], ["patch", "--type"], ["patch", "--patch-file"],
    ["patch", "-f"], ["patch", "--local=x"], ["patch", "--bogus"], ["patch", "-x"], ["patch", "pod", "x"],
    ["patch", "--dry-run"], ["patch", "--subresource"],
    # apply: -f is --filename and takes a value
    ["apply"], ["apply", "-f"], ["apply", "--filename"], ["apply", "-k"], ["apply", "-f", "/nonexistent.yaml"],
    ["apply", "-f", "missing.yaml"], ["apply", "--prune=x"], ["apply", "--overwrite=x"], ["apply", "--force=x"],
    ["apply", "--grace-period=1.5"], ["apply", "--timeout=5"], ["apply", "--wait=x"], ["apply", "--server-side=x"],
    ["apply", "--record"], ["apply", "--bogus"], ["apply", "-x"], ["apply", "-l"], ["apply", "--dry-run"],
    ["apply", "--validate"], ["apply", "--cascade"], ["apply", "--prune-allowlist"], ["apply", "-R=x"],
    ["apply", "view-last-applied", "--bogus"], ["apply", "set-last-applied", "-f"],
    # delete
    ["delete", "--grace-period=1.5"], ["delete", "--grace-period=x"], ["delete", "--grace-period"],
    ["delete", "pod", "x", "--grace-period=1.5"], ["delete", "--now=maybe"], ["delete", "--wait=maybe"],
    ["delete", "--timeout=5"], ["delete", "--timeout=x"], ["delete", "-l"], ["delete", "--all=x"],
    ["delete", "--force=x"], ["delete", "--ignore-not-found=x"], ["delete", "-f"], ["delete", "--bogus"],
    ["delete", "-x"], ["delete", "-i=x"], ["delete", "--interactive=x"], ["delete", "--raw"],
    ["delete", "--field-selector"], ["delete", "--all-namespaces=x"],
    # exec
    ["exec"], ["exec", "x"], ["exec", "-c"], ["exec", "-it=maybe"], ["exec", "-i=x"], ["exec", "-t=x", "x"],
    ["exec", "--pod-running-timeout=x"], ["exec", "--bogus"], ["exec", "-x"], ["exec", "-q=x"], ["exec", "-f"],
    ["exec", "--stdin=2"],
    # run
    ["run"], ["run", "x"], ["run", "--image"], ["run", "x", "--image"], ["run", "--rm=maybe"], ["run", "-it=x"],
    ["run", "-i=x"], ["run", "--bogus"], ["run", "-x"], ["run", "x", "--bogus", "--image=nginx"],
    ["run", "--port"], ["run", "--restart"], ["run", "--labels"], ["run", "-l"], ["run", "--env"],
    ["run", "--pod-running-timeout=x"], ["run", "--attach=x"], ["run", "--privileged=x"], ["run", "--command=x"],
    ["run", "--grace-period=1.5"], ["run", "--timeout=x"], ["run", "--record", "x"], ["run", "--override-type"],
    ["run", "-o"],
    # create
    ["create"], ["create", "-f"], ["create", "--bogus"], ["create", "-x"], ["create", "--edit=x"],
    ["create", "--record"], ["create", "--raw"], ["create", "--save-config=x"], ["create", "foo"],
    ["create", "configmap"], ["create", "configmap", "a", "b"], ["create", "cm", "a", "b"], ["create", "cm"],
    ["create", "configmap", "--from-literal"], ["create", "configmap", "--from-file"],
    ["create", "configmap", "--from-env-file"], ["create", "configmap", "--append-hash=x"],
    ["create", "configmap", "--bogus"], ["create", "configmap", "-x"],
    ["create", "configmap", "a", "--dry-run=bogus"],
    ["create", "secret", "generic"], ["create", "secret", "generic", "a", "b"],
    ["create", "secret", "generic", "--type"],
    ["create", "secret", "generic", "--bogus"], ["create", "secret", "generic", "--from-literal"],
    ["create", "secret", "tls", "--cert"], ["create", "secret", "docker-registry", "--bogus"],
    ["create", "namespace"], ["create", "namespace", "a", "b"], ["create", "ns"], ["create", "ns", "--bogus"],
    ["create", "job"], ["create", "job", "a", "b"], ["create", "job", "--image"], ["create", "job", "--from"],
    ["create", "job", "--bogus"], ["create", "deployment"], ["create", "deployment", "x"], ["create", "deploy", "x"],
    ["create", "deployment", "x", "--image=nginx", "--replicas=x"], ["create", "deployment", "--port=1.5"],
    ["create", "cronjob", "x"], ["create", "cj", "x"], ["create", "cronjob", "x", "--image=busybox"],
    ["create", "service", "externalname", "x"], ["create", "service", "clusterip", "--tcp"],
    ["create", "clusterrolebinding", "x"], ["create", "clusterrole", "x", "--aggregation-rule=x"],
    ["create", "clusterrole", "x", "--aggregation-rule=a=b,c"], ["create", "role", "--verb"],
    ["create", "token", "--duration=x"], ["create", "quota", "--hard"], ["create", "priorityclass", "--value=x"],
    ["create", "pdb", "--bogus"], ["create", "ingress", "--rule"], ["create", "serviceaccount", "--bogus"],
    ["create", "sa", "--bogus"],
    # scale
    ["scale"], ["scale", "--replicas=x"], ["scale", "--replicas=1.5"], ["scale", "--replicas"],
    ["scale", "--timeout=x"], ["scale", "--current-replicas=x"], ["scale", "--record"], ["scale", "--bogus"],
    ["scale", "-x"], ["scale", "deployment", "web"], ["scale", "--all=x"], ["scale", "--resource-version"],
    # nodes
    ["cordon"], ["uncordon"], ["drain"], ["cordon", "--bogus"], ["cordon", "-x"], ["cordon", "--selector"],
    ["cordon", "--dry-run=bogus"], ["drain", "--grace-period=x"], ["drain", "--timeout=5"],
    ["drain", "--delete-local-data"], ["drain", "--ignore-daemonsets=maybe"], ["drain", "--force=x"],
    ["drain", "--disable-eviction=x"], ["drain", "--chunk-size=x"], ["drain", "--pod-selector"],
    ["drain", "--skip-wait-for-delete-timeout=x"], ["uncordon", "--bogus"],
    # rollout
    ["rollout", "status"], ["rollout", "status", "--watch=maybe"], ["rollout", "status", "--timeout=x"],
    ["rollout", "status", "--revision=x"], ["rollout", "status", "-w=x"], ["rollout", "status", "--bogus"],
    ["rollout", "undo", "--to-revision=x"], ["rollout", "undo", "--to-revision=1.5"], ["rollout", "undo", "--bogus"],
    ["rollout", "history", "--revision=1.5"], ["rollout", "history", "--bogus"], ["rollout", "restart", "--bogus"],
    ["rollout", "restart", "-x"], ["rollout", "pause", "--bogus"], ["rollout", "resume", "--bogus"],
    ["rollout", "status", "-l"], ["rollout", "restart", "-f"],
    # wait
    ["wait"], ["wait", "--for"], ["wait", "--timeout=5"], ["wait", "--timeout=x"], ["wait", "--bogus"],
    ["wait", "--all=x"], ["wait", "-l"], ["wait", "--for=bogus"], ["wait", "--for=bogus", "pod/x"],
    ["wait", "--for=condition=Ready"], ["wait", "--local=x"],
    # label / annotate
    ["label"], ["label", "--overwrite=maybe"], ["label", "--bogus"], ["label", "-x"], ["label", "--list=x"],
    ["label", "--record", "--bogus"], ["label", "-l"], ["label", "--all=x"], ["label", "--resource-version"],
    ["annotate"], ["annotate", "--overwrite=maybe"], ["annotate", "--bogus"], ["annotate", "--list=x"],
    ["annotate", "-x"], ["annotate", "--all-namespaces=x"],
    # explain / describe / api-resources / version / cluster-info / cp
    ["explain"], ["explain", "--recursive=maybe"], ["explain", "--bogus"], ["explain", "-x"],
    ["explain", "--api-version"],
    ["explain", "-o"], ["describe"], ["describe", "--show-events=maybe"], ["describe", "-l"], ["describe", "--bogus"],
    ["describe", "-x"], ["describe", "--chunk-size=x"], ["describe", "-A=x"], ["api-resources", "x"],
    ["api-resources", "--namespaced=maybe"], ["api-resources", "--bogus"], ["api-resources", "-o"],
    ["api-resources", "--verbs"], ["api-resources", "--cached=x"], ["api-resources", "--no-headers=x"],
    ["version", "--client"], ["version", "--client=maybe"], ["version", "--client=false", "--bogus"],
    ["version", "-o"], ["version", "--bogus"], ["version", "-x"], ["cluster-info", "--bogus"], ["cluster-info", "-x"],
    ["cluster-info", "dump", "--bogus"], ["cluster-info", "dump", "--output-directory"],
    ["cluster-info", "dump", "--pod-running-timeout=x"], ["cp"], ["cp", "a"], ["cp", "--retries=x"],
    ["cp", "-c"], ["cp", "--bogus"], ["cp", "-x"], ["cp", "--no-preserve=x"],
    # what the client prints by itself: --dry-run=client objects, and the checks made before sending one
    ["create", "configmap", "c", "--from-literal=a=1", "--dry-run=client", "-o", "yaml"],
    ["create", "cm", "c", "--from-literal=a=1", "--from-literal=b=two words", "--dry-run=client", "-o", "json"],
    ["create", "cm", "c", "--from-literal=k=\u2039\u00e9<>&", "--dry-run=client", "-o", "json"],
    ["create", "cm", "c", "--from-literal=a=1", "--dry-run=client", "-o", "name"],
    ["create", "configmap", "c", "--dry-run=client"], ["create", "configmap", "c", "--dry-run=client", "-o", "yaml"],
    ["-n", "team", "create", "cm", "c", "--from-literal=k=v", "--dry-run=client", "-o", "yaml"],
    ["create", "secret", "generic", "s", "--from-literal=user=admin", "--dry-run=client", "-o", "yaml"],
    ["create", "secret", "generic", "s", "--from-literal=a=1", "--type=kubernetes.io/basic-auth", "--dry-run=client",
     "-o", "yaml"],
    ["create", "namespace", "team", "--dry-run=client", "-o", "yaml"], ["create", "ns", "team", "--dry-run=client"],
    ["create", "job", "j", "--image=busybox", "--dry-run=client", "-o", "yaml"],
    ["create", "job", "j", "--image=busybox", "--dry-run=client", "-o", "yaml", "--", "echo", "hi"],
    ["create", "job", "j", "--dry-run=client"], ["create", "job", "--image=busybox", "--", "echo"],
    ["create", "cm", "c", "--from-literal=note=a: b", "--from-literal=n=10", "--dry-run=client", "-o", "yaml"],
    ["create", "cm", "c", "--from-literal=script=#!/bin/sh\necho hi\n", "--dry-run=client", "-o", "yaml"],
    ["create", "cm", "c", "--from-literal=long=" + "word " * 18 + "end", "--dry-run=client", "-o", "yaml"],
    ["create", "cm", "c", "--from-literal=k=del\x7f", "--dry-run=client", "-o", "yaml"],
    ["create", "job", "j", "--image=busybox", "--dry-run=client", "-o", "yaml", "--", "sh", "-c",
     "echo 'a: b' >/data/f; sleep 3600 # this line is long: it folds at column 80"],
    ["create", "cm", "c", "--from-literal=novalue", "--dry-run=client"],
    ["create", "cm", "c", "--from-literal==v", "--dry-run=client"],
    ["create", "cm", "c", "--from-literal=a=1", "--from-literal=a=2", "--dry-run=client"],
    ["create", "cm", "c", "--from-literal=bad key=1", "--dry-run=client"],
    ["create", "secret", "generic", "s", "--from-literal=..x=1", "--dry-run=client"],
    ["create", "cm", "c", "--from-file=nowhere.txt", "--dry-run=client"],
    ["create", "cm", "c", "--from-env-file=nowhere.env", "--dry-run=client"],
    ["create", "cm", "c", "--dry-run=client", "-o", "bogus"], ["create", "cm", "c", "--dry-run=yes"],
    ["create", "cm", "c", "--dry-run=false", "--bogus"],
    ["run", "web", "--image=nginx", "--dry-run=client", "-o", "yaml"],
    ["run", "web", "--image=nginx", "--dry-run=client"],
    ["run", "web", "--image=nginx", "--restart=Never", "--labels=app=web,tier=front", "--env=A=1", "--env=B=2",
     "--port=80", "--dry-run=client", "-o", "yaml"],
    ["run", "web", "--image=busybox", "--restart=Never", "--dry-run=client", "-o", "yaml", "--", "sleep", "3600"],
    ["run", "web", "--image=busybox", "--command", "--dry-run=client", "-o", "yaml", "--", "sleep", "3600"],
    ["run", "web", "--image=nginx", "--restart=Bogus", "--dry-run=client"],
    ["run", "web", "--image=nginx", "--rm", "--dry-run=client"],
    ["apply", "-f", "-"], ["create", "-f", "-"], ["delete", "-f", "-"], ["create", "-f", "x", "-o", "bogus"],
    ["version", "--client", "-o", "bogus"], ["version", "--client", "extra"],
    # commands the simulator does not run: parsing and help only
    ["top", "--bogus"], ["top", "pod", "--bogus"], ["top", "node", "--sort-by"], ["top", "pod", "--containers=x"],
    ["expose", "--bogus"], ["expose", "--port"], ["edit", "--bogus"], ["edit", "--windows-line-endings=x"],
    ["autoscale"], ["autoscale", "--max=x"], ["autoscale", "x", "--min=1"], ["autoscale", "--cpu-percent=1.5"],
    ["certificate", "approve", "--bogus"], ["certificate", "deny", "--force=x"], ["port-forward", "--address"],
    ["port-forward", "--pod-running-timeout=x"], ["proxy", "--port=x"], ["proxy", "--keepalive=x"], ["proxy", "-p"],
    ["attach", "-c"], ["attach", "--bogus"], ["debug", "--bogus"], ["debug", "--env=x"], ["debug", "--set-image=x"],
    ["debug", "--set-image=a=1,b,c=2"],
    ["debug", "--set-image", '"a'],
    ["debug", "--share-processes=x"], ["events", "--types"], ["events", "--bogus"], ["events", "-w=x"],
    ["diff", "--bogus"], ["diff", "--concurrency=x"], ["replace", "--bogus"], ["replace", "--force=x"],
    ["kustomize", "--bogus"], ["kustomize", "-x"], ["completion", "--bogus"], ["taint", "--bogus"],
    ["taint", "--overwrite=x"], ["set", "image", "--bogus"], ["set", "env", "--env"], ["set", "resources", "--limits"],
    ["set", "selector", "--bogus"], ["set", "serviceaccount", "--bogus"], ["set", "sa", "--bogus"],
    ["set", "subject", "--bogus"], ["auth", "can-i", "--bogus"], ["auth", "can-i", "--list=x"],
    ["auth", "whoami", "--bogus"], ["auth", "reconcile", "--bogus"], ["config", "view", "--bogus"],
    ["config", "view", "--merge=maybe"], ["config", "view", "--raw=x"], ["config", "use-context", "--bogus"],
    ["config", "use", "--bogus"], ["config", "set-cluster", "--embed-certs=x"], ["config", "set", "--set-raw-bytes=x"],
    ["config", "get-contexts", "--bogus"], ["config", "set-credentials", "--auth-provider-arg"],
    ["config", "set-context", "--current=x"], ["config", "current-context", "--bogus"],
    ["config", "delete-context", "--bogus"], ["plugin", "list", "--bogus"], ["plugin", "list", "--name-only=x"],
    ["api-versions", "--bogus"], ["api-versions", "x", "--bogus"], ["replace", "--grace-period=x"],
]


def cases() -> list[list[str]]:
    """Every command's ``--help`` (the tree the simulator knows), then the cases above."""
    from storagekit.commands.kubectl.command import tree

    out = []

    def walk(cmd):
        out.append([*cmd.path, "--help"])
        for c in cmd.children:
            if c.path != ("help",):
                walk(c)

    walk(tree())
    return out + HELP_TOPICS + UNKNOWN_COMMANDS + GROUPS + GLOBAL_FLAGS + PER_COMMAND


def main() -> None:
    binary = find_kubectl(sys.argv)
    GOLDEN.mkdir(exist_ok=True)
    for old in GOLDEN.glob("*.txt"):
        old.unlink()
    kept = 0
    with tempfile.TemporaryDirectory() as home:
        work = Path(home, "work")  # where a command that writes files would leave them
        work.mkdir()
        kubectl = Kubectl(binary, home, cwd=str(work))
        for argv in cases():
            rc, out, err = kubectl(*argv)
            if SERVER_NEEDED.search(err) or SERVER_NEEDED.search(out) or any(work.iterdir()):
                print("skipped (needs the API server):", argv)
                for f in work.iterdir():
                    f.unlink()
                continue
            (GOLDEN / filename(argv)).write_text(render(argv, rc, out, err))
            kept += 1
    print(f"{kept} cases recorded in {GOLDEN}")


if __name__ == "__main__":
    main()
