"""The host's source of randomness: ``shuf``, ``$RANDOM``, ``mktemp`` and awk's ``rand()`` draw from it.

Real programs seed from the time of day or ``/dev/urandom``; a course whose outputs are re-checked byte for byte
cannot. So each host (and cluster) owns one generator with a fixed seed, carried by its :class:`~storagekit.sim.clock.
Clock` (the one object all its file systems and shells share): two fresh hosts given the same commands draw the same
numbers, and a snapshot, restore or deep copy of a host carries the generator's state with it.
"""

from __future__ import annotations

import random

SEED = "storagekit"


class Entropy(random.Random):
    """A seeded Mersenne Twister; ``random.Random`` already copies and pickles with its state."""

    def __init__(self, seed: str = SEED) -> None:
        super().__init__(seed)
