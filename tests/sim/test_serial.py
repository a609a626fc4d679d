"""One command at a time per object: the lock is re-entrant, kept apart from the object's state, and per object."""

from __future__ import annotations

import copy
import threading

from storagekit.sim.serial import lock_of, serialised
from storagekit.sim.snapshot import Snapshots


class Counter(Snapshots):
    def __init__(self) -> None:
        self.log: list[str] = []

    @serialised
    def step(self, name: str, times: int) -> None:
        for i in range(times):
            self.log.append(f"{name}{i}")
            threading.Event().wait(0.0001)  # let the other thread in, if the lock did not keep it out

    @serialised
    def twice(self, name: str) -> None:
        self.step(name, 1)  # a serialised method calls another: re-entrant
        self.step(name, 1)


def test_calls_from_two_threads_do_not_interleave():
    c = Counter()
    threads = [threading.Thread(target=c.step, args=(name, 50)) for name in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    first = c.log[0][0]
    second = "b" if first == "a" else "a"
    assert c.log == [f"{first}{i}" for i in range(50)] + [f"{second}{i}" for i in range(50)]


def test_the_lock_is_reentrant_and_stays_out_of_snapshots_and_copies():
    c = Counter()
    c.twice("x")
    snap = c.snapshot()
    other = copy.deepcopy(c)
    c.restore(snap)
    assert c.log == other.log == ["x0", "x0"]
    assert lock_of(c) is lock_of(c) and lock_of(c) is not lock_of(other)
    assert "lock" not in " ".join(vars(c))
