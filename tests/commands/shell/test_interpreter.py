"""Pipes stream: lazy content passes from program to program unread, and memory has a budget per command."""

from __future__ import annotations

import tracemalloc

import pytest

from storagekit.commands.shell import Shell
from storagekit.fs import Dir, FileSystem
from storagekit.fs.devices import dev_tree


def shell(**options) -> tuple[Shell, FileSystem]:
    root = Dir()
    root.children["dev"] = dev_tree(0)
    fs = FileSystem(root)
    fs.mkdir("/tmp")
    return Shell(fs, dialect="bash", **options), fs


@pytest.mark.parametrize("line, out", [
    ("head -c 10G /dev/zero | wc -c", "10737418240\n"),
    ("head -c 10G /dev/zero | wc -l", "0\n"),
    ("head -c 3G /dev/zero > /tmp/z; wc -c < /tmp/z; tail -c 2 /tmp/z | od -An -c", "3221225472\n  \\0  \\0\n"),
    ("echo x > /tmp/f; for i in $(seq 32); do cat /tmp/f /tmp/f > /tmp/g; mv /tmp/g /tmp/f; done; wc -lc /tmp/f",
     "4294967296 8589934592 /tmp/f\n"),
    ("dd if=/dev/zero bs=1M count=4096 status=none | tee /tmp/t | head -c 1G | wc -c; wc -c < /tmp/t",
     "1073741824\n4294967296\n"),
    ("head -c 2G /dev/urandom | dd bs=1M skip=1024 status=none | wc -c", "1073741824\n"),
    ("head -c 256M /dev/zero > /tmp/z; sha256sum /tmp/z",  # as the real sha256sum prints it
     "a6d72ac7690f53be6ae46ba88506bd97302a093f7108472bd9efc3cefda06484  /tmp/z\n"),
])
def test_large_content_streams_through_pipes_and_files(line, out):
    sh, _ = shell()
    tracemalloc.start()
    try:
        result = sh.run(line)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (result.code, result.out, result.err, result.notes) == (0, out, "", [])
    assert peak < 16 << 20, f"{line!r} held {peak >> 20} MiB"


@pytest.mark.parametrize("line, stopped", [
    ("head -c 600M /dev/zero | od -c", "od"),
    ("head -c 600M /dev/zero | sort", "sort"),
    ("head -c 600M /dev/zero > /tmp/z; cat /tmp/z", "its output"),
])
def test_a_command_past_the_memory_budget_stops_with_a_note(line, stopped):
    sh, _ = shell()
    result = sh.run(line)
    assert result.code == 1 and result.notes[0].startswith(f"{stopped} stopped: it would hold 629MB in memory")
    assert sh.run("echo still here").out == "still here\n"


def test_memory_error_in_a_program_is_contained():
    def hungry(ctx, argv):
        raise MemoryError

    sh, _ = shell(programs={"hungry": hungry})
    result = sh.run("hungry; echo $?")
    assert (result.out, result.notes) == ("1\n", ["hungry stopped: it would hold more than it has in memory at once, "
                                                  "more than the simulation's 512 MiB budget for one command. Read "
                                                  "less at a time (head -c N, dd bs=N count=M, wc -c), or write to a "
                                                  "file instead."])
