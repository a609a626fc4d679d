"""sh, bash and dash as programs, and sudo: child shells that share the file system and the programs."""

import pytest

from storagekit.commands.shell import Shell
from storagekit.fs import Dir, FileSystem


@pytest.fixture
def shell():
    fs = FileSystem(Dir())
    fs.mkdir("/tmp")
    return Shell(fs, cwd="/tmp")


@pytest.mark.parametrize("line, out", [
    ("sh -c 'echo a; echo b'", "a\nb\n"),
    ("bash -c 'x=1; echo $x'", "1\n"),
    ("sh -c 'exit 3'; echo $?", "3\n"),
    ("echo 'echo from-script' > s.sh; sh s.sh", "from-script\n"),
    ("echo 'echo piped' | sh", "piped\n"),
    ("sudo sh -c 'echo hi > f'; cat f", "hi\n"),
    ("sudo -E echo kept", "kept\n"),
])
def test_child_shells(shell, line, out):
    assert shell.run(line).out == out


def test_errors(shell):
    assert shell.run("sh nope.sh").err == "sh: 0: cannot open nope.sh: No such file or directory\n"
    assert shell.run("bash -c").err == "bash: -c: option requires an argument\n"
    assert shell.run("sudo nosuch").err == "sudo: nosuch: command not found\n"
    assert shell.run("sudo").err.startswith("usage: sudo -h | -K | -k | -V\n")
