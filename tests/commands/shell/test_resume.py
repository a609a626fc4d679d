"""A script that waits and goes on later does exactly what it does when its waits pass at once.

Each script runs twice: once as a build step runs it (every ``sleep`` returns
at once), once as a container's main process (every ``sleep`` stops the
shell, which is then resumed from its frames, copied on the way). Both must
print the same bytes, end with the same status and leave the same files.
"""

from __future__ import annotations

import copy

import pytest

from storagekit.commands.shell import Shell, StillRunning
from storagekit.fs import Dir, FileSystem
from storagekit.fs.nodes import File, iter_tree

NOW = 1_767_225_600

SCRIPTS = [
    "echo a; sleep 1; echo b",
    "i=0; while [ $i -lt 3 ]; do echo tick $i; i=$((i+1)); sleep 1; done; echo done $i",
    "until [ -f /w/stop ]; do echo wait >> /w/log; sleep 2; touch /w/stop; done; cat /w/log",
    "for f in one two three; do echo \"$f\"; sleep 1; echo \"after $f\"; done > /w/out; cat /w/out",
    "for i in 1 2 3; do for j in a b; do sleep 1; [ $j = b ] && continue; echo $i$j; done; "
    "[ $i = 2 ] && break; done; echo end $?",
    "if sleep 1; then echo yes; sleep 1; elif false; then echo no; else echo else; fi",
    "if false; then echo no; elif sleep 1 && true; then echo elif; fi; echo $?",
    "case $(sleep 1; echo b) in a) echo A;; b) sleep 1; echo B;; esac",
    "x=$(echo one; sleep 1; echo two); echo \"[$x]\"; y=$(sleep 1)$(echo three); echo $y",
    "echo start | { read l; sleep 1; echo \"got $l\"; }",
    "printf 'a\\nb\\nc\\n' > /w/in; while read l; do sleep 1; echo \"<$l>\"; done < /w/in",
    "sleep 1 | cat; echo piped; echo x | (sleep 1; cat) | tr x y",
    "(cd /w; v=inner; sleep 1; echo $v $PWD); echo ${v:-outer}",
    "{ echo first; sleep 1; echo second; } > /w/g; sleep 1; cat /w/g",
    "sh -c 'echo child; sleep 1; echo child again; exit 3'; echo status $?",
    "sh -c 'for i in 1 2; do sh -c \"sleep 1; echo deep $i\"; done'; echo out",
    "env A=1 sh -c 'sleep 1; echo $A'; echo back",
    "echo 1 2 | xargs -n 1 sh -c 'sleep 1; echo arg $0'",
    "printf 'echo sourced; sleep 1; echo still\\n' > /w/s.sh; . /w/s.sh; echo after",
    "set -e; sleep 1; false; echo never",
    "sleep 1 && echo and || echo or; ! sleep 1; echo $?",
    "command sleep 1; echo via command",
    "i=0; while :; do i=$((i+1)); [ $i -gt 2 ] && break; sleep 1; done; echo $i; exit 7",
]


def fresh_fs() -> FileSystem:
    fs = FileSystem(Dir(), clock=lambda: NOW)
    fs.mkdir("/w")
    return fs


def at_once(script: str) -> tuple:
    fs = fresh_fs()
    r = Shell(fs, cwd="/w", dialect="dash").run(script)
    return r.out, r.err, r.code, tree(fs)


def resumed(script: str) -> tuple:
    fs = fresh_fs()
    shell = Shell(fs, cwd="/w", dialect="dash", blocking_sleep=True)
    out, err, waits, run = [], [], 0, lambda: shell.run(script)
    while True:
        try:
            r = run()
            break
        except StillRunning as stop:
            out.append(stop.out)
            err.append(stop.err)
            waits += 1
            fs, shell = copy.deepcopy((fs, shell))  # a waiting process is data: go on in a copy
            run = shell.resume
    return "".join(out) + r.out, "".join(err) + r.err, r.code, tree(fs), waits


def tree(fs: FileSystem) -> list:
    return [(path, node.blob.read() if isinstance(node, File) else None) for path, node in iter_tree(fs.upper)]


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_script_that_waits_goes_on_as_if_it_had_not(script):
    *expected, = at_once(script)
    *got, waits = resumed(script)
    assert got == expected
    assert waits > 0


def test_a_wait_for_ever_never_resumes():
    shell = Shell(fresh_fs(), cwd="/w", dialect="dash", blocking_sleep=True)
    with pytest.raises(StillRunning) as info:
        shell.run("echo x > f; tail -f f; echo never")
    assert (info.value.out, info.value.seconds, info.value.program) == ("x\n", None, "tail")
    assert shell.waiting


def test_the_loop_budget_counts_only_the_passes_between_two_waits():
    shell = Shell(fresh_fs(), cwd="/w", dialect="dash", blocking_sleep=True)
    shell.loop_budget = 5
    run = lambda: shell.run("i=0; while true; do i=$((i+1)); [ $((i % 4)) = 0 ] && sleep 1; done")  # noqa: E731
    for _ in range(10):  # four passes between waits: never a busy loop
        with pytest.raises(StillRunning):
            run()
        run = shell.resume
    r = Shell(fresh_fs(), cwd="/w", dialect="dash", blocking_sleep=True)
    r.loop_budget = 5
    assert r.run("while true; do :; done").code == 124  # a loop that never waits is stopped
