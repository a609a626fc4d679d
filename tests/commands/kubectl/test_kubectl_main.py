"""What the kubectl program does around the handlers: commands it does not run, and its own faults."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.commands import kubectl as program
from storagekit.commands.shell.context import ProcessContext
from tests.commands.kubectl.test_kubectl_golden import kubectl


@pytest.mark.parametrize("argv, what", [
    (["top", "pod"], "'kubectl top pod' is not simulated yet."),
    (["config", "view"], "'kubectl config view' is not simulated yet."),
    (["completion", "bash"], "'kubectl completion' is not simulated yet."),
    (["cluster-info", "dump"], "'kubectl cluster-info dump' is not simulated yet."),
    (["create", "deployment", "web", "--image=nginx"], "'kubectl create deployment' is not simulated yet."),
    (["create", "secret", "tls", "s", "--cert=c", "--key=k"], "'kubectl create secret tls' is not simulated yet."),
    (["version", "--client", "-o", "yaml"], "'kubectl version -o yaml' is not simulated yet."),
])
def test_what_is_not_simulated_says_so(argv, what):
    """After its flags parse, a command the simulator does not run says so as the simulator, with status 1."""
    assert kubectl(*argv) == (1, "", f"[storagekit] {what}\n")


def test_the_note_lists_what_is_simulated():
    cluster = sk.Cluster.kind()
    ctx = ProcessContext(cluster.fs, "/root", {"HOME": "/root"}, clock=lambda: cluster.clock.now)
    assert program.kubectl_program(cluster, ctx, ["kubectl", "top", "node"]) == 1
    assert len(ctx.notes) == 1
    assert ctx.notes[0].startswith("The simulator runs kubectl annotate, ")
    assert ("cordon, cp, create, create configmap, create job, create namespace, create secret generic, delete"
            in ctx.notes[0])


def test_a_fault_of_the_simulator_is_reported_as_one(monkeypatch):
    def broken(cluster, ctx, opts, args):
        raise RuntimeError("boom")

    monkeypatch.setitem(program.HANDLERS, ("get",), broken)
    rc, out, err = kubectl("get", "pods")
    assert (rc, out) == (1, "")
    assert err.startswith("[storagekit] the simulator could not run this command (RuntimeError)")


def test_parse_errors_come_before_the_decline():
    assert kubectl("top", "pod", "--bogus") == (1, "", "error: unknown flag: --bogus\n"
                                                        "See 'kubectl top pod --help' for usage.\n")
    assert kubectl("top", "pod", "--help")[0] == 0
