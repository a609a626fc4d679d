"""A full filesystem takes what fits of a write, keeps it, and refuses the rest with ENOSPC, as the kernel does."""

from __future__ import annotations

import errno

import pytest

from storagekit.fs import Blob, Dir, FileSystem
from storagekit.fs.capacity import NoSpace, Space
from storagekit.fs.usage import disk_usage

KIB = 1024


def _disk(size: int) -> FileSystem:
    """A plain filesystem of ``size`` bytes whose used space is its files' blocks."""
    root = Dir()
    fs = FileSystem(root)
    space = Space(lambda: size - disk_usage(root, shared_extents=True))
    fs.capacity = lambda path: space
    return fs


# (what is there, the write: (path, size, append), bytes the file holds after, bytes written before ENOSPC or None)
CASES = [
    ("fits", [], ("/f", 64 * KIB, False), 64 * KIB, None),
    ("fills then fails", [], ("/f", 128 * KIB, False), 64 * KIB, 64 * KIB),
    ("not a byte left", [("/a", 64 * KIB)], ("/f", 1, False), 0, 0),
    ("rewrite reuses its blocks", [("/f", 60 * KIB)], ("/f", 64 * KIB, False), 64 * KIB, None),
    ("append fills the last block first", [("/f", 100)], ("/f", 70 * KIB, True), 64 * KIB, 64 * KIB - 100),
    ("an odd size ends mid-block", [("/a", 10 * KIB)], ("/f", 100 * KIB, False), 52 * KIB, 52 * KIB),
]


@pytest.mark.parametrize(("name", "before", "write", "kept", "written"), CASES, ids=[c[0] for c in CASES])
def test_a_write_takes_what_fits(name, before, write, kept, written):
    fs = _disk(64 * KIB)
    for path, size in before:
        fs.write(path, Blob.zeros(size))
    path, size, append = write
    if written is None:
        fs.write(path, Blob.zeros(size), append=append)
    else:
        with pytest.raises(NoSpace) as caught:
            fs.write(path, Blob.zeros(size), append=append)
        assert (caught.value.errno, caught.value.written) == (errno.ENOSPC, written)
    assert fs.stat(path).size == kept if fs.exists(path) else kept == 0


def test_a_space_counts_again_only_when_its_slack_is_spent():
    counted = []
    free = [10_000]

    def count():
        counted.append(1)
        return free[0]

    space = Space(count)
    assert [space.take(n) for n in (1000, 1000, 1000)] == [1000, 1000, 1000]
    assert len(counted) == 1  # half of what was left after the first write is spent without counting
    free[0] = 1500
    assert space.take(4000) == 1500  # past the slack: counted again, and only what is free is granted
    free[0] = 0
    assert space.take(1) == 0
    assert len(counted) == 3
