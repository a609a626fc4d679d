"""Lines built from the kit's own command tables (the docker CLI's commands and flags, the coreutils), with hostile
words among them: each gets an answer within the caps, no fault of the simulator, and the tree stays a tree.

``STORAGEKIT_FUZZ_EXAMPLES`` sets how many lines to try (a few dozen in ``make test``; thousands for a long run).
"""

from __future__ import annotations

import functools
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storagekit import DockerHost
from storagekit.commands.docker.cli import TREE
from storagekit.commands.shell.coreutils import COREUTILS
from storagekit.sim.snapshot import Snapshot
from tests.reliability.harness import fingerprint, host_trees, run, tree_errors

EXAMPLES = int(os.environ.get("STORAGEKIT_FUZZ_EXAMPLES", "40"))
HOSTILE = ["/", ".", "..", "/..", "//", "/root/..", "/tmp/.", "-", "--", "\ud800", "\udcff", "*", "''", "/etc/passwd",
           "/var/lib/docker", "/proc", "/dev/zero", "web", "nginx", "alpine", "data", "/data", "x:/y", "1.5", "-1"]


def _docker_words() -> tuple[list[list[str]], list[str]]:
    paths, flags = [], []
    stack = [TREE]
    while stack:
        cmd = stack.pop()
        stack.extend(cmd.children)
        if cmd.path:
            paths.append(list(cmd.path))
        for flag in cmd.flags:
            flags.append(f"--{flag.name}")
            if flag.short:
                flags.append(f"-{flag.short}")
    return sorted(paths), sorted(set(flags))


DOCKER_PATHS, DOCKER_FLAGS = _docker_words()
WORDS = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(DOCKER_FLAGS), st.text(max_size=6))
DOCKER = st.tuples(st.sampled_from(DOCKER_PATHS), st.lists(WORDS, max_size=5)).map(
    lambda t: ["docker", *t[0], *t[1]])
SHELL = st.tuples(st.sampled_from(sorted(COREUTILS)), st.lists(WORDS, max_size=4)).map(lambda t: [t[0], *t[1]])


KEEPS_WHAT_IT_DID = {"run", "create", "start", "restart", "stop", "kill", "build", "pull", "load", "import", "exec",
                     "commit", "cp"}
"""Commands that may fail after a step the real daemon keeps too (a container created but not started, a layer
pulled, a file a process wrote): only other refusals must leave the host exactly as it was."""


def _line(argv: list[str]) -> str:
    return " ".join("'" + w.replace("'", "'\\''") + "'" if w else "''" for w in argv)


@functools.cache
def _host() -> tuple[DockerHost, Snapshot]:
    """One host with a running container and a volume, and its state to go back to before each example."""
    host = DockerHost()
    run(host, "docker run -d --name web nginx")
    run(host, "docker volume create data")
    return host, host.snapshot()


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(lines=st.lists(st.one_of(DOCKER, SHELL), min_size=1, max_size=3), in_container=st.booleans())
def test_no_line_breaks_the_host(lines, in_container):
    host, start = _host()
    host.restore(start)
    for argv in lines:
        line = _line(argv)
        if argv[0] != "docker":
            run(host, f"docker exec web sh -c {_line([line])}" if in_container else line)
            continue
        before = fingerprint(host)
        r = run(host, line)
        if r.code and not r.out and not set(argv[1:3]) & KEEPS_WHAT_IT_DID:
            assert fingerprint(host) == before, line  # a refusal leaves no trace
    for tree in host_trees(host):
        assert tree_errors(tree) == []
    assert run(host, "ls / && docker ps -a").code == 0
