"""A simulated clock, so that every run of the same commands prints the same times.

Real hosts stamp files, images and objects with wall-clock time; a course whose
stored outputs are re-checked byte for byte cannot. The clock starts at a fixed
instant and moves only when the simulation says so (one tick per command line,
a few seconds per build step), never by itself.
"""

from __future__ import annotations

import datetime as _dt

from storagekit.sim.entropy import Entropy

EPOCH = _dt.datetime(2026, 1, 5, 9, 0, 0, tzinfo=_dt.timezone.utc)
"""The instant every fresh host and cluster starts at."""


class Clock:
    """Seconds since the Unix epoch, advanced explicitly.

    >>> c = Clock()
    >>> c.isoformat()
    '2026-01-05T09:00:00Z'
    >>> _ = c.advance(90)
    >>> c.isoformat()
    '2026-01-05T09:01:30Z'
    """

    __slots__ = ("entropy", "inodes", "now")

    def __init__(self, start: _dt.datetime = EPOCH) -> None:
        self.now = int(start.timestamp())
        self.inodes: dict[object, int] = {}
        """Inode numbers given so far (see :meth:`inode`)."""
        self.entropy = Entropy()
        """The host's random numbers, which its copies carry on as it does (see :mod:`~storagekit.sim.entropy`)."""

    def __call__(self) -> int:
        """The time now: a clock is what file systems and shells call to stamp things, and a copy of a host
        copies its clock with it (a closure over the host would keep reading the original's)."""
        return self.now

    def inode(self, node: object) -> int:
        """The inode number of one of the host's files, given in the order programs first show them. The clock
        keeps them because it is the one object every file system of a host shares, and a copy of the host
        copies it (with its files): a restored host numbers its files as the original did."""
        if node not in self.inodes:
            self.inodes[node] = 1_048_577 + len(self.inodes)
        return self.inodes[node]

    def advance(self, seconds: int = 1) -> int:
        self.now += int(seconds)
        return self.now

    def datetime(self, at: int | None = None) -> _dt.datetime:
        return _dt.datetime.fromtimestamp(self.now if at is None else at, tz=_dt.timezone.utc)

    def isoformat(self, at: int | None = None, *, nanos: bool = False) -> str:
        """RFC 3339 as the Docker API prints it (``...Z``, nanoseconds when asked)."""
        text = self.datetime(at).strftime("%Y-%m-%dT%H:%M:%S")
        return text + (".000000000Z" if nanos else "Z")

    def journal_time(self, at: int | None = None) -> str:
        """The syslog-style stamp journald prints first on each line (``Jan 05 09:00:00``)."""
        return self.datetime(at).strftime("%b %d %H:%M:%S")


def rfc3339(seconds: int, *, nanos: bool = False) -> str:
    """Format a simulated timestamp as the Engine API does."""
    return Clock.isoformat(_FixedClock(seconds), nanos=nanos)


def parse_rfc3339(text: str) -> int:
    """The simulated seconds of an RFC 3339 stamp (what :func:`rfc3339` and ``isoformat`` print); fractions and
    zone letters are dropped, all stamps being UTC."""
    when = _dt.datetime.strptime(text[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=_dt.timezone.utc)
    return int(when.timestamp())


class _FixedClock(Clock):
    """A clock stopped at one instant."""

    __slots__ = ()

    def __init__(self, seconds: int) -> None:
        self.now = seconds
