"""Lines built from the kit's own command tables (the docker CLI's commands and flags, the coreutils), with hostile
words among them: each gets an answer within the caps, no fault of the simulator, and the tree stays a tree.

``STORAGEKIT_FUZZ_EXAMPLES`` sets how many lines to try (a few dozen in ``make test``; thousands for a long run).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storagekit import DockerHost
from storagekit.commands.docker.specs import build_tree
from storagekit.commands.shell.coreutils import COREUTILS
from tests.reliability.harness import host_trees, run, tree_errors

EXAMPLES = int(os.environ.get("STORAGEKIT_FUZZ_EXAMPLES", "40"))
HOSTILE = ["/", ".", "..", "/..", "//", "/root/..", "/tmp/.", "-", "--", "\ud800", "\udcff", "*", "''", "/etc/passwd",
           "/var/lib/docker", "/proc", "/dev/zero", "web", "nginx", "alpine", "data", "/data", "x:/y", "1.5", "-1"]


def _docker_words() -> tuple[list[list[str]], list[str]]:
    paths, flags = [], []
    stack = [build_tree()]
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


def _line(argv: list[str]) -> str:
    return " ".join("'" + w.replace("'", "'\\''") + "'" if w else "''" for w in argv)


BASE = DockerHost()
run(BASE, "docker run -d --name web nginx")
run(BASE, "docker volume create data")
START = BASE.snapshot()


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(lines=st.lists(st.one_of(DOCKER, SHELL), min_size=1, max_size=3))
def test_no_line_breaks_the_host(lines):
    BASE.restore(START)
    for argv in lines:
        run(BASE, _line(argv))
    for tree in host_trees(BASE):
        assert tree_errors(tree) == []
    assert run(BASE, "ls / && docker ps -a").code == 0
