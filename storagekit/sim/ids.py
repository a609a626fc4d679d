"""Deterministic identifiers: digests of content, or a seeded counter.

Docker names things by sha256 digests (content) or by random hex (container ids,
cache ids of layer directories). The simulation replaces every random id by a
digest of a seed, a kind and a counter, so two fresh hosts given the same
commands produce the same ids.
"""

from __future__ import annotations

import hashlib


def sha256_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode()
    return hashlib.sha256(data).hexdigest()


def sha256_digest(data: bytes | str) -> str:
    """``sha256:<hex>``, the form OCI descriptors and Docker image ids use."""
    return "sha256:" + sha256_hex(data)


def short_id(digest: str, length: int = 12) -> str:
    """The truncated form Docker prints (``docker images``, ``docker ps``)."""
    return digest.split(":", 1)[-1][:length]


class IdFactory:
    """Random-looking but reproducible ids.

    >>> f = IdFactory("host")
    >>> a = f.hex("container"); b = f.hex("container")
    >>> len(a), a != b, IdFactory("host").hex("container") == a
    (64, True, True)
    """

    __slots__ = ("_counters", "seed")

    def __init__(self, seed: str) -> None:
        self.seed = seed
        self._counters: dict[str, int] = {}

    def hex(self, kind: str, length: int = 64) -> str:
        n = self._counters.get(kind, 0) + 1
        self._counters[kind] = n
        return sha256_hex(f"{self.seed}\0{kind}\0{n}")[:length]

    def base32(self, kind: str, length: int = 26) -> str:
        """Upper-case letters and digits, like overlay2's short ``l/`` link names."""
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
        raw = bytes.fromhex(self.hex(kind))
        bits = int.from_bytes(raw, "big")
        return "".join(alphabet[(bits >> (5 * i)) & 31] for i in range(length))
