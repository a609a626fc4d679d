"""BuildKit's cache: results of filesystem steps, found again by a key built from their inputs.

A key is the digest of the parent step's key and everything the step depends on:
the command with its environment, working directory and user for RUN; the
destination, options and a checksum of the copied files for COPY/ADD. Metadata
instructions (LABEL, EXPOSE, CMD...) make no key: they only edit the image
config. Because each key includes the parent's, the first miss changes every
key after it, and an older result is found again whenever the same inputs
come back (until ``docker builder prune`` removes it).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from storagekit.docker.build.record import StepInputs
from storagekit.docker.layers import Layer, LayerStore
from storagekit.fs.nodes import Dir


def step_key(parent: str, *parts: object) -> str:
    h = hashlib.sha256(parent.encode())
    h.update(json.dumps(parts, sort_keys=True, default=str).encode())
    return "sha256:" + h.hexdigest()


@dataclass(eq=False)
class CacheRecord:
    id: str
    """A 25-character id as ``docker builder du`` prints (derived from the key)."""
    key: str
    layer: Layer | None
    description: str
    created: int
    last_used: int
    record_type: str = "regular"
    usage_count: int = 1
    parents: list[str] = field(default_factory=list)
    inputs: StepInputs | None = None
    """The named inputs its key was made from, to say why a later step did not match it."""

    @property
    def size(self) -> int:
        return self.layer.size if self.layer is not None else 0


class BuildCache:
    """The builder's records, keyed by step key; each holds a reference on its layer."""

    def __init__(self, layers: LayerStore) -> None:
        self.layers = layers
        self.records: dict[str, CacheRecord] = {}
        self.mounts: dict[str, Dir] = {}
        """Contents of ``RUN --mount=type=cache`` directories, by cache id; they outlive builds."""
        self.classic: dict[str, str] = {}
        """The classic builder's cache: step key (parent image + instruction) -> intermediate image id."""
        self.bases: dict[str, tuple[str, str]] = {}
        """The key of each base a stage started from -> ``(reference, image id)``."""

    def get(self, key: str) -> CacheRecord | None:
        return self.records.get(key)

    def put(self, key: str, layer: Layer | None, description: str, now: int, record_type: str = "regular",
            inputs: StepInputs | None = None) -> CacheRecord:
        record = self.records.get(key)
        if record is not None:
            record.last_used = now
            record.usage_count += 1
            return record
        rid = record_id(key)
        record = CacheRecord(rid, key, layer, description, now, now, record_type, inputs=inputs)
        if layer is not None:
            self.layers.retain(layer)
        self.records[key] = record
        return record

    def touch(self, record: CacheRecord, now: int) -> None:
        record.last_used = now
        record.usage_count += 1


    def prune(self, keep: frozenset[str] = frozenset()) -> tuple[list[CacheRecord], list[Layer]]:
        """Remove the records whose layer is not in ``keep`` (chain ids); returns them and the layers no image
        holds any more. Cache mounts go too: they are ordinary records, never shared with an image."""
        removed = sorted((r for r in self.records.values() if r.layer is None or r.layer.chain_id not in keep),
                         key=lambda r: r.id)
        freed: list[Layer] = []
        for record in removed:
            del self.records[record.key]
            if record.layer is not None:
                freed.extend(self.layers.release(record.layer))
        self.mounts.clear()
        if not self.records:
            self.bases.clear()
        return removed, freed


def record_id(key: str) -> str:
    """The 25-character id BuildKit gives a ref or snapshot (``identity.NewID``), derived from its key."""
    return _base36(int(key[7:], 16))[:25]


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = []
    while n:
        n, r = divmod(n, 36)
        out.append(digits[r])
    return "".join(reversed(out)) or "0"
