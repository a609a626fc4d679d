"""``$RANDOM``: bash's and BusyBox ash's own generators, so that ``RANDOM=seed`` gives the numbers the real shells
give; dash has none (``$RANDOM`` is an unset variable there).

A real shell seeds from the time and its pid; here the first seed is drawn from the host's generator (see
:mod:`storagekit.sim.entropy`), so a fresh host prints the same numbers every time.
"""

from __future__ import annotations

MASK32 = 0xFFFFFFFF


class BashRandom:
    """bash 5.2's ``brand``: Park and Miller's minimal standard generator, the two halves of its state xored, and
    never the same number twice in a row."""

    def __init__(self, seed: int) -> None:
        self.seed(seed)

    def seed(self, value: int) -> None:
        self.state, self.last = value & MASK32, 0

    def next(self) -> int:
        while True:
            state = self.state or 123459876
            h, low = divmod(state, 127773)
            t = 16807 * low - 2836 * h
            self.state = t + 0x7FFFFFFF if t < 0 else t
            value = ((self.state >> 16) ^ (self.state & 0xFFFF)) & 32767
            if value != self.last:
                self.last = value
                return value


class AshRandom:
    """BusyBox's ``next_random``: a 32-bit LCG, a Galois LFSR (taps 32, 31, 29, 1) and a 64-bit xorshift (2, 7, 3),
    combined as ``lfsr - lcg + xorshift``."""

    def __init__(self, seed: int) -> None:
        self.seed(seed)

    def seed(self, value: int) -> None:
        value &= MASK32
        self.lfsr = self.xs_x = value or 1
        self.lcg = self.xs_y = value

    def next(self) -> int:
        self.lcg = (1664525 * self.lcg + 1013904223) & MASK32
        shifted = (self.lfsr << 1) & MASK32
        self.lfsr = shifted ^ 0x8000000B if self.lfsr & 0x80000000 else shifted
        t = (self.xs_x ^ (self.xs_x << 2)) & MASK32
        self.xs_x = self.xs_y
        self.xs_y = (self.xs_y ^ (self.xs_y >> 3) ^ t ^ (t >> 7)) & MASK32
        return (self.lfsr - self.lcg + self.xs_y) & 0x7FFF


def generator(dialect: str, seed: int) -> BashRandom | AshRandom | None:
    if dialect == "bash":
        return BashRandom(seed)
    return AshRandom(seed) if dialect == "ash" else None
