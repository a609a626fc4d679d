"""awk arrays, in the order ``for (k in a)`` visits them: mawk's dual hash table (its ``array.c``), and for BusyBox
the order the keys were made.

mawk keeps each key on a list by its FNV-1 hash (a string key) or by its value (an integer key), moves a key to the
front of its list whenever it is looked up, doubles the table past 12 keys a list on average, and walks the lists in
order for a loop, once integer keys have been given their string form. ``split`` fills a plain vector first.
"""

from __future__ import annotations

from typing import Any

Key = int | str
STARTING_HMASK = 63
MAX_AVE_LIST_LENGTH = 12


def fnv1(text: str) -> int:
    h = 2166136261
    for byte in text.encode("utf-8", "surrogateescape"):
        h = ((h ^ byte) * 16777619) & 0xFFFFFFFF
    return h


class _Node:
    __slots__ = ("hval", "ival", "sval", "value")

    def __init__(self, value: Any) -> None:
        self.sval: str | None = None
        self.ival: int | None = None
        self.hval = 0
        self.value = value


class MawkArray:
    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.split: list | None = None
        self.hmask = 0
        self.slists: list[list[_Node]] = []
        self.ilists: list[list[_Node]] = []
        self.strings = False
        self.size = 0

    def __len__(self) -> int:
        return len(self.split) if self.split is not None else self.size

    def load(self, values: list) -> None:
        """``split``: the pieces become a vector ``1..n``."""
        self.clear()
        self.split = list(values)

    # -------------------------------------------------------------- lookups

    def _table(self) -> None:
        if self.split is not None:  # a vector becomes integer lists, big enough for it at once
            values, self.split = self.split, None
            self.hmask = STARTING_HMASK
            while len(values) > (self.hmask + 1) * MAX_AVE_LIST_LENGTH:
                self.hmask = self.hmask * 2 + 1
            self.ilists = [[] for _ in range(self.hmask + 1)]
            self.slists = [[] for _ in range(self.hmask + 1)]
            for i, value in enumerate(values, 1):
                node = _Node(value)
                node.ival = i
                self.ilists[i & self.hmask].insert(0, node)
            self.size = len(values)
        elif not self.ilists:
            self.hmask = STARTING_HMASK
            self.ilists = [[] for _ in range(64)]
            self.slists = [[] for _ in range(64)]

    def find(self, key: Key, create: bool) -> _Node | None:
        if isinstance(key, int) and self.split is not None and 1 <= key <= len(self.split):
            node = _Node(self.split[key - 1])  # a view of the vector's cell
            return node
        if not create and len(self) == 0:
            return None
        self._table()
        return self._by_ival(key, create) if isinstance(key, int) else self._by_sval(key, create)

    def _grow(self) -> None:
        self.size += 1
        if self.size > (self.hmask + 1) * MAX_AVE_LIST_LENGTH:
            new = self.hmask * 2 + 1
            for lists, attr in ((self.slists, "hval"), (self.ilists, "ival")):
                lists.extend([] for _ in range(self.hmask + 1))
                for i in range(self.hmask + 1):
                    stay = [n for n in lists[i] if (getattr(n, attr) & new) == i]
                    lists[i + self.hmask + 1] = [n for n in lists[i] if (getattr(n, attr) & new) != i]
                    lists[i] = stay
            self.hmask = new

    def _by_ival(self, ival: int, create: bool) -> _Node | None:
        chain = self.ilists[ival & self.hmask]
        for pos, node in enumerate(chain):
            if node.ival == ival:
                chain.insert(0, chain.pop(pos))
                return node
        found: _Node | None
        if self.strings:
            found = self._by_sval(str(ival), create)
            if found is None:
                return None
            node = found
        elif create:
            node = _Node(None)
            self._grow()
        else:
            return None
        node.ival = ival
        self.ilists[ival & self.hmask].insert(0, node)
        return node

    def _by_sval(self, sval: str, create: bool) -> _Node | None:
        if not self.strings:
            self._string_associations()
        hval = fnv1(sval)
        chain = self.slists[hval & self.hmask]
        for pos, node in enumerate(chain):
            if node.hval == hval and node.sval == sval:
                chain.insert(0, chain.pop(pos))
                return node
        if not create:
            return None
        node = _Node(None)
        node.sval, node.hval = sval, hval
        self._grow()
        self.slists[hval & self.hmask].insert(0, node)
        return node

    def _string_associations(self) -> None:
        self._table()
        for chain in self.ilists:
            for node in chain:
                node.sval = str(node.ival)
                node.hval = fnv1(node.sval)
                self.slists[node.hval & self.hmask].insert(0, node)
        self.strings = True

    # ----------------------------------------------------- what awk asks of it

    def get(self, key: Key, default: Any) -> Any:
        """``a[k]`` read: made (as the never-set value ``default``) if it was not there."""
        if isinstance(key, int) and self.split is not None and 1 <= key <= len(self.split):
            return self.split[key - 1]
        node = self.find(key, True)
        assert node is not None
        if node.value is None:
            node.value = default
        return node.value

    def set(self, key: Key, value: Any) -> None:
        if isinstance(key, int) and self.split is not None and 1 <= key <= len(self.split):
            self.split[key - 1] = value
            return
        node = self.find(key, True)
        assert node is not None
        node.value = value

    def has(self, key: Key) -> bool:
        return self.find(key, False) is not None

    def delete(self, key: Key) -> None:
        if len(self) == 0:
            return
        self._table()
        node = self._by_ival(key, False) if isinstance(key, int) else self._by_sval(key, False)
        if node is None:
            return
        for lists in (self.slists, self.ilists):
            for chain in lists:
                if node in chain:
                    chain.remove(node)
        self.size -= 1
        if self.size == 0:
            self.clear()

    def loop_keys(self) -> list[str]:
        if len(self) == 0:
            return []
        if not self.strings:
            self._string_associations()
        return [node.sval for chain in self.slists for node in chain if node.sval is not None]


class OrderedArray(dict):
    """BusyBox's arrays, visited in the order their keys were made."""

    def get(self, key: Key, default: Any) -> Any:  # type: ignore[override]
        return self.setdefault(str(key), default)

    def set(self, key: Key, value: Any) -> None:
        self[str(key)] = value

    def has(self, key: Key) -> bool:
        return str(key) in self

    def delete(self, key: Key) -> None:
        self.pop(str(key), None)

    def load(self, values: list) -> None:
        self.clear()
        self.update({str(i): v for i, v in enumerate(values, 1)})

    def loop_keys(self) -> list[str]:
        return list(self)
