"""``storagekit shell``: lines from a pipe run on one host, in order, with the real tools' output."""

from __future__ import annotations

import io
import subprocess
import sys

from storagekit.__main__ import shell


def test_shell_runs_lines_and_heredocs_on_one_host():
    stdin = io.StringIO("cd /tmp\ncat > note <<EOF\nhello\nEOF\ncat note\nnope\n")
    stdout = io.StringIO()
    assert shell(stdin, stdout) == 127
    assert stdout.getvalue() == "hello\nbash: nope: command not found\n"


def test_module_entry_point():
    run = subprocess.run([sys.executable, "-m", "storagekit", "shell"], input="docker images\n", capture_output=True,
                         text=True)
    assert run.returncode == 0
    assert run.stdout.startswith("REPOSITORY   TAG       IMAGE ID")
