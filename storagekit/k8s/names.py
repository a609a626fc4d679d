"""Generated name suffixes, as the API server's ``generateName`` and the controllers make them, but from a seed."""

from __future__ import annotations

import hashlib

ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
"""The characters Kubernetes uses for generated name suffixes (no vowels, no look-alike digits)."""


def suffix(seed: str, n: int) -> str:
    digest = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    out = ""
    for _ in range(n):
        digest, r = divmod(digest, len(ALPHABET))
        out += ALPHABET[r]
    return out
