"""File content: real bytes, or a recipe for them that costs memory only for what is distinct.

A course host holds gigabytes of files (a MySQL image, a ``dd`` of
``/dev/zero``, a ``docker save`` archive), and a learner's pod has one or two.
So a :class:`Blob` is a size plus one of these recipes, and its bytes are made
only when a program really reads them:

* ``bytes``: real content (what ``echo`` writes);
* a repeated unit (:meth:`Blob.repeat`): zeros, or the seeded pseudo-random
  block that stands for a package's file (:meth:`Blob.synthetic`);
* a run of other blobs (:meth:`Blob.concat`): ``cat f f > g``, an append;
* a window on another blob (:meth:`Blob.slice`): ``head -c``, ``dd skip=``;
* parts made on demand (:meth:`Blob.stream`): a tar archive whose headers are
  made as it is read and whose files are the blobs the tree already holds.

Every reader honours the recipe: :meth:`Blob.chunks` yields the bytes in pieces
of at most :data:`CHUNK` (what hashing, ``wc`` and a tar writer use),
:attr:`Blob.digest` is computed by streaming and kept, and :meth:`Blob.read`
makes the whole content at once, which it refuses above :data:`BUDGET` with
:class:`ContentTooLarge` (a program that would hold that much in memory).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator

CHUNK = 1 << 20
"""The largest piece :meth:`Blob.chunks` yields (a pipe's buffer is far smaller; a megabyte keeps Python fast)."""
BUDGET = 512 << 20
"""The most one command may hold of a file's content at once."""
SMALL = 64 << 10
"""Content up to this size is kept as plain bytes when joined or appended: a recipe would cost more than it saves."""
_UNIT = 2048
"""The length a repeated unit is widened to, so that chunks are made by a few large multiplications."""


class ContentTooLarge(MemoryError):
    """A program would hold more than :data:`BUDGET` bytes of content in memory at once."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes would be held in memory at once, more than the {BUDGET >> 20} MiB budget")
        self.size = size


class Blob:
    """Immutable file content (so copies of a host share it).

    >>> b = Blob.from_bytes(b"hello\\n")
    >>> b.size, b.digest[:15]
    (6, 'sha256:5891b5b5')
    >>> s = Blob.synthetic(1000, "libc6:/usr/lib/x86_64-linux-gnu/libc.so.6")
    >>> len(s.read()), s.read() == Blob.synthetic(1000, "libc6:/usr/lib/x86_64-linux-gnu/libc.so.6").read()
    (1000, True)
    >>> big = Blob.concat([Blob.zeros(3 << 30), b"end"])
    >>> big.size, big.slice(3 << 30).read()
    (3221225475, b'end')
    """

    __slots__ = ("_data", "_digest", "_offset", "_parts", "_seed", "_size", "_source", "_unit", "base")

    def __init__(self, size: int | None, data: bytes | None = None, seed: str | None = None,
                 base: Blob | None = None) -> None:
        self._size = size
        self._data = data
        self._seed = seed
        self._unit = _seed_unit(seed) if data is None and seed is not None else None
        self._parts: tuple[Blob, ...] | Callable[[], Iterable[bytes | Blob]] | None = None
        self._source: Blob | None = None
        self._offset = 0
        self._digest: str | None = None
        self.base = base
        """The content this was made from by appending: a copy-on-write filesystem keeps its blocks shared."""

    # ------------------------------------------------------------ recipes

    @classmethod
    def from_bytes(cls, data: bytes) -> Blob:
        return cls(len(data), data=bytes(data))

    @classmethod
    def synthetic(cls, size: int, seed: str) -> Blob:
        """Content described by size and a seed (a package's file): a block derived from the seed, repeated."""
        return cls(size, seed=seed)

    @classmethod
    def zeros(cls, size: int) -> Blob:
        """``size`` zero bytes (``/dev/zero``, ``fallocate``)."""
        return cls(size, seed="")

    @classmethod
    def repeat(cls, unit: bytes, size: int) -> Blob:
        """``unit`` repeated up to ``size`` bytes (``yes``, a file of one byte written many times)."""
        if not unit or size <= SMALL:
            return cls.from_bytes((unit * (size // len(unit) + 1))[:size] if unit else b"")
        blob = cls(size)
        blob._unit = unit * max(1, _UNIT // len(unit))
        return blob

    @classmethod
    def concat(cls, parts: Iterable[bytes | Blob]) -> Blob:
        """The parts one after the other; small neighbours are joined into bytes."""
        kept: list[Blob] = []
        for part in parts:
            blob = part if isinstance(part, Blob) else cls.from_bytes(part)
            if not blob.size:
                continue
            if kept and kept[-1].materialized and blob.materialized and kept[-1].size + blob.size <= SMALL:
                blob = cls.from_bytes(kept.pop().read() + blob.read())
            kept.append(blob)
        if not kept:
            return EMPTY
        if len(kept) == 1:
            return kept[0]
        new = cls(sum(b.size for b in kept))
        new._parts = tuple(kept)
        return new

    @classmethod
    def stream(cls, parts: Callable[[], Iterable[bytes | Blob]], size: int | None = None) -> Blob:
        """Content whose parts ``parts()`` makes anew each time it is read (nothing of it is kept); its size is
        counted from the parts' sizes when first asked, without reading any blob among them."""
        new = cls(size)
        new._parts = parts
        return new

    @classmethod
    def appended(cls, base: Blob, tail: Blob) -> Blob:
        """``base`` with ``tail`` written after its end (``echo >> file``)."""
        size = base.size + tail.size
        if size <= SMALL:
            new = cls(size, data=base.read() + tail.read())
        else:
            parts = base._parts if isinstance(base._parts, tuple) else (base,)
            if parts[-1].materialized and tail.materialized and parts[-1].size + tail.size <= SMALL:
                parts = (*parts[:-1], cls.from_bytes(parts[-1].read() + tail.read()))
            else:
                parts = (*parts, tail)
            new = cls(size)
            new._parts = parts
        new.base = base
        return new

    def slice(self, start: int, stop: int | None = None) -> Blob:
        """Bytes ``start`` up to ``stop`` (to the end without), as Python slices them (no negative indices)."""
        stop = self.size if stop is None else min(stop, self.size)
        start = min(max(start, 0), stop)
        if start == 0 and stop == self.size:
            return self
        if self._data is not None or stop - start <= SMALL:
            return Blob.from_bytes(b"".join(self._range(start, stop)))
        if self._unit is not None:
            shift = start % len(self._unit)
            new = Blob(stop - start)
            new._unit = self._unit[shift:] + self._unit[:shift]
            return new
        new = Blob(stop - start)
        new._source, new._offset = (self._source, self._offset + start) if self._source is not None else (self, start)
        return new

    # ------------------------------------------------------------ reading

    @property
    def size(self) -> int:
        if self._size is None:
            self._size = sum(len(p) if isinstance(p, bytes) else p.size for p in self._iter_parts())
        return self._size

    @property
    def materialized(self) -> bool:
        """Whether the content is real bytes held in memory (not a recipe)."""
        return self._data is not None

    def chunks(self, size: int = CHUNK) -> Iterator[bytes]:
        """The content in pieces of at most ``size`` bytes, made as they are taken."""
        if self._size is None:  # a stream read for the first time counts its size on the way
            return self._counted(size)
        return self._range(0, self._size, size)

    def _counted(self, size: int) -> Iterator[bytes]:
        total = 0
        for part in self._iter_parts():
            if isinstance(part, bytes):
                total += len(part)
                for i in range(0, len(part), size):
                    yield part[i:i + size]
            else:
                total += part.size
                yield from part.chunks(size)
        self._size = total

    def read(self) -> bytes:
        """The whole content at once. Raises :class:`ContentTooLarge` above :data:`BUDGET`."""
        if self._data is not None:
            return self._data
        if self.size > BUDGET:
            raise ContentTooLarge(self.size)
        return b"".join(self.chunks())

    @property
    def digest(self) -> str:
        """``sha256:<hex>`` of the content, hashed piece by piece the first time it is asked."""
        if self._digest is None:
            h = hashlib.sha256()
            for chunk in self.chunks():
                h.update(chunk)
            self._digest = "sha256:" + h.hexdigest()
        return self._digest

    def count(self, byte: bytes, _memo: dict[int, int] | None = None) -> int:
        """How many times ``byte`` occurs (``wc -l`` counts newlines so): from the recipe where it tells (a
        repeated unit, a part met twice), else piece by piece."""
        memo = {} if _memo is None else _memo
        if id(self) in memo:
            return memo[id(self)]
        if self._unit is not None:
            reps, rest = divmod(self.size, len(self._unit))
            found = self._unit.count(byte) * reps + self._unit[:rest].count(byte)
        elif isinstance(self._parts, tuple):
            found = sum(part.count(byte, memo) for part in self._parts)
        else:
            found = sum(chunk.count(byte) for chunk in self.chunks())
        memo[id(self)] = found
        return found

    def _iter_parts(self) -> Iterable[bytes | Blob]:
        parts = self._parts
        return parts if isinstance(parts, tuple) else parts()  # type: ignore[misc]

    def _range(self, start: int, stop: int, size: int = CHUNK) -> Iterator[bytes]:
        """Bytes ``start`` to ``stop`` of the content, in pieces of at most ``size``."""
        if start >= stop:
            return
        if self._data is not None:
            for i in range(start, stop, size):
                yield self._data[i:min(i + size, stop)]
        elif self._unit is not None:
            yield from _repeat(self._unit, start, stop, size)
        elif self._source is not None:
            yield from self._source._range(self._offset + start, self._offset + stop, size)
        elif self._parts is None:  # made with neither data nor a recipe: zeros
            yield from _repeat(bytes(_UNIT), start, stop, size)
        else:
            at = 0
            for part in self._iter_parts():
                length = len(part) if isinstance(part, bytes) else part.size
                lo, hi = max(start - at, 0), min(stop - at, length)
                if lo < hi:
                    if isinstance(part, bytes):
                        for i in range(lo, hi, size):
                            yield part[i:min(i + size, hi)]
                    else:
                        yield from part._range(lo, hi, size)
                at += length
                if at >= stop:
                    return

    # ------------------------------------------------------------ value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Blob):
            return NotImplemented
        if self is other:
            return True
        if self.size != other.size:
            return False
        if self._seed is not None and self._seed == other._seed:
            return True
        return self.digest == other.digest

    def __hash__(self) -> int:
        return hash((self.size, self.digest))

    def __repr__(self) -> str:
        return f"Blob(size={self.size})"

    def __deepcopy__(self, memo: dict) -> Blob:
        return self


def _seed_unit(seed: str) -> bytes:
    """The block a synthetic file repeats: 64 copies of the seed's sha256 (zeros for the empty seed)."""
    return hashlib.sha256(seed.encode()).digest() * 64 if seed else bytes(_UNIT)


def _repeat(unit: bytes, start: int, stop: int, size: int) -> Iterator[bytes]:
    """Bytes ``start`` to ``stop`` of ``unit`` repeated for ever."""
    shift = start % len(unit)
    rotated = unit[shift:] + unit[:shift]
    piece = rotated * max(1, min(size, stop - start) // len(rotated))
    left = stop - start
    while left >= len(piece):
        yield piece
        left -= len(piece)
    if left:
        yield (rotated * (left // len(rotated) + 1))[:left]


EMPTY = Blob.from_bytes(b"")
