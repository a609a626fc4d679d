"""``od`` against the real one (GNU coreutils, and BusyBox's applet), on the same bytes."""

from __future__ import annotations

import shutil
import subprocess
import tempfile

import pytest

from storagekit.commands.shell import Shell
from storagekit.fs import Dir, FileSystem
from storagekit.fs.devices import dev_tree

DATA = b"hello\tworld\n\x01\xffabcdefghijklmnopqrstuvwxyz"
OPTIONS = ["-c", "", "-b", "-x", "-d", "-o", "-t x1", "-t d1", "-t u1", "-t x4", "-t o4", "-t d2", "-t d4",
           "-t u2", "-t d", "-An -c", "-Ad -c", "-Ax -t x1", "-N 4 -c", "-j 3 -c", "-c -t x1", "-v -c"]
LINES = ["od {o} data", "head -c 40 /dev/zero | od {o}", "printf '' | od {o}", "printf abc | od {o}",
         "od -N 3 {o} /dev/full"]


def simulated(line: str, dialect: str) -> tuple[int, str, str]:
    fs = FileSystem(Dir())
    fs.put("/dev", dev_tree())
    fs.mkdir("/w")
    fs.write("/w/data", DATA)
    r = Shell(fs, cwd="/w", dialect=dialect).run(line)
    return r.code, r.out, r.err


def real(line: str, shell: list[str]) -> tuple[int, str, str]:
    with tempfile.TemporaryDirectory(prefix="storagekit-od-") as tmp:
        with open(f"{tmp}/data", "wb") as fh:
            fh.write(DATA)
        r = subprocess.run([*shell, line], cwd=tmp, capture_output=True, text=True,
                           env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
        return r.returncode, r.stdout, r.stderr


@pytest.mark.skipif(shutil.which("od") is None, reason="needs GNU od to compare with")
@pytest.mark.parametrize("line", [t.format(o=o) for o in OPTIONS for t in LINES])
def test_like_gnu_od(line):
    assert simulated(line, "dash") == real(line, ["/bin/sh", "-c"])


@pytest.mark.skipif(shutil.which("busybox") is None, reason="needs BusyBox to compare with")
@pytest.mark.parametrize("line", [t.format(o=o) for o in ("-c", "", "-t x1", "-An -c", "-N 4 -c", "-x", "-Ax -t x1",
                                                          "-j 3 -c") for t in LINES])
def test_like_busybox_od(line):
    assert simulated(line, "ash") == real(line, ["busybox", "sh", "-c"])


def test_formats_of_different_sizes_together_are_not_simulated():
    code, out, _ = simulated("od -c -t x2 data", "dash")
    assert (code, out) == (1, "")
