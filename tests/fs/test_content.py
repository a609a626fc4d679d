"""Lazy file content: every recipe reads as the bytes it stands for, and costs memory only for what is distinct."""

from __future__ import annotations

import hashlib
import tracemalloc

import pytest

from storagekit.fs.content import BUDGET, CHUNK, Blob, ContentTooLarge

SEED = "libc6:/usr/lib/x86_64-linux-gnu/libc.so.6"
BLOCK = hashlib.sha256(SEED.encode()).digest() * 64
TEXT = b"line one\nline two\n" * 500

# (name, blob, the bytes it stands for)
RECIPES = [
    ("bytes", Blob.from_bytes(TEXT), TEXT),
    ("synthetic", Blob.synthetic(3 * CHUNK + 123, SEED), (BLOCK * (3 * CHUNK // len(BLOCK) + 1))[:3 * CHUNK + 123]),
    ("zeros", Blob.zeros(CHUNK + 7), bytes(CHUNK + 7)),
    ("repeat", Blob.repeat(b"ab\n", 200_001), (b"ab\n" * 66_667)[:200_001]),
    ("concat", Blob.concat([Blob.from_bytes(TEXT), Blob.zeros(100_000), b"tail"]), TEXT + bytes(100_000) + b"tail"),
    ("slice", Blob.synthetic(300_000, SEED).slice(70_001, 250_000), (BLOCK * 147)[70_001:250_000]),
    ("appended", Blob.appended(Blob.zeros(70_000), Blob.from_bytes(b"x\n")), bytes(70_000) + b"x\n"),
    ("stream", Blob.stream(lambda: [b"head", Blob.zeros(80_000), b"end"]), b"head" + bytes(80_000) + b"end"),
]


@pytest.mark.parametrize(("name", "blob", "expected"), RECIPES, ids=[r[0] for r in RECIPES])
def test_every_recipe_reads_as_its_bytes(name, blob, expected):
    assert blob.size == len(expected)
    assert blob.read() == expected
    assert b"".join(blob.chunks(4096)) == expected
    assert all(len(chunk) <= max(4096, 2048) for chunk in blob.chunks(4096))
    assert blob.digest == "sha256:" + hashlib.sha256(expected).hexdigest()
    assert blob.count(b"\n") == expected.count(b"\n")
    for start, stop in ((0, 1), (5, 70_003), (len(expected) - 3, None), (4096, 4096 * 3 + 1)):
        assert blob.slice(start, stop).read() == expected[start:stop], (start, stop)


def test_a_synthetic_file_reads_as_it_always_has():
    """Layer diffIDs hang on these bytes: the seed's sha256 repeated to a 2 KiB block, the block repeated."""
    size = 5000
    assert Blob.synthetic(size, SEED).read() == BLOCK * (size // len(BLOCK)) + BLOCK[:size % len(BLOCK)]


def test_a_file_of_zeros_costs_nothing_until_read():
    tracemalloc.start()
    try:
        blob = Blob.zeros(10 << 30)
        window = blob.slice(5 << 30, (5 << 30) + 10)
        lines = blob.count(b"\n")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (blob.size, window.read(), lines, blob.materialized) == (10 << 30, bytes(10), 0, False)
    assert peak < 1 << 20


def test_doubling_costs_memory_for_what_is_distinct():
    """``cat f f > g`` thirty times: 8 GiB of content from one small line, in a chain of thirty pairs."""
    blob = Blob.from_bytes(b"x" * 100_000)
    tracemalloc.start()
    try:
        for _ in range(30):
            blob = Blob.concat([blob, blob])
        end = blob.slice(blob.size - 3).read()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (blob.size, end) == (100_000 << 30, b"xxx")
    assert peak < 1 << 20


def test_reading_past_the_budget_is_refused_but_streaming_is_not():
    big = Blob.zeros(BUDGET + 1)
    with pytest.raises(ContentTooLarge) as caught:
        big.read()
    assert caught.value.size == BUDGET + 1
    assert isinstance(caught.value, MemoryError)
    assert sum(len(chunk) for chunk in big.slice(0, 3 * CHUNK).chunks()) == 3 * CHUNK


def test_a_digest_is_computed_once():
    calls = []

    def parts():
        calls.append(1)
        return [b"a" * 100_000]

    blob = Blob.stream(parts)
    first = blob.digest
    assert (blob.digest, len(calls)) == (first, 1)
    assert blob.size == 100_000

