"""``kill``: the one process a container's shell can signal is the container's main process, PID 1."""

from __future__ import annotations

import pytest

from storagekit.commands.shell import Shell
from storagekit.fs import Dir, FileSystem


def run(script: str, dialect: str, signal_main=None) -> tuple[str, str, int]:
    r = Shell(FileSystem(Dir()), dialect=dialect, signal_main=signal_main).run(script)
    return r.out, r.err, r.code


@pytest.mark.parametrize("script, signal", [
    ("kill 1", "TERM"), ("kill -9 1", "KILL"), ("kill -KILL 1", "KILL"), ("kill -SIGINT 1", "INT"),
    ("kill -s QUIT 1", "QUIT"), ("kill -15 -- 1", "TERM"),
])
def test_kill_1_reaches_the_main_process(script, signal):
    sent: list[str] = []
    assert run(script, "dash", sent.append)[2] == 0
    assert sent == [signal]


@pytest.mark.parametrize("dialect, err, status", [
    ("bash", "bash: kill: (42) - No such process\n", 1),
    ("dash", "/bin/sh: 1: kill: No such process\n", 1),
    ("ash", "sh: can't kill pid 42: No such process\n", 1),
])
def test_any_other_pid_is_not_there(dialect, err, status):
    assert run("kill 42", dialect) == ("", err, status)


def test_outside_a_container_pid_1_is_out_of_reach_and_a_bad_signal_is_named():
    assert run("kill 1", "bash")[1:] == ("bash: kill: (1) - No such process\n", 1)
    assert run("kill -FOO 1", "bash")[1:] == ("bash: kill: FOO: invalid signal specification\n", 1)
