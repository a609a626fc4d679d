"""Disks have sizes: a write past a filesystem's free space fills it and then fails with ``ENOSPC``.

The kernel allocates a file's blocks as it is written, so a ``dd`` bigger than
the disk writes what fits, keeps the partial file, and reports ``No space left
on device`` on the next write; ``df`` then shows the filesystem full. A
:class:`Space` is one filesystem's free space as writes see it (the host's
disk, a tmpfs with its ``size=``); a :class:`~storagekit.fs.FileSystem`
charges it through its ``capacity``, which names the space a path lives on.

Counting a filesystem's used blocks walks its whole tree, so a space asks
again only when the writes since its last count have taken half of what was
free then: most writes cost a subtraction, and near a full disk every write
is checked exactly.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable

BLOCK = 4096


def allocated(size: int) -> int:
    """Bytes of whole blocks a file of ``size`` bytes takes."""
    return -(-size // BLOCK) * BLOCK


class NoSpace(OSError):
    """``ENOSPC`` after a partial write: ``written`` bytes of the data went in before the filesystem was full."""

    def __init__(self, path: str, written: int) -> None:
        super().__init__(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
        self.written = written


class Space:
    """The free space of one filesystem; ``free()`` counts the bytes available now (exactly, maybe slowly)."""

    def __init__(self, free: Callable[[], int]) -> None:
        self.free = free
        self._slack = 0
        """Bytes known to be free without counting again."""

    def take(self, nbytes: int) -> int:
        """Allocate ``nbytes``; returns how many of them fit (all of them unless the filesystem is full)."""
        if nbytes <= self._slack:
            self._slack -= nbytes
            return nbytes
        free = max(0, self.free())
        granted = min(nbytes, free)
        self._slack = (free - granted) // 2
        return granted

    def forget(self) -> None:
        """Count again at the next write (files were deleted, or written around this space)."""
        self._slack = 0
