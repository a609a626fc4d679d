"""File-tree nodes, shaped like inodes: a mode, an owner, a time, and the payload.

A layer's diff, a host's root and a volume's ``_data`` are all trees of these
nodes. The same ``Dir`` object can hang in the host tree (as
``/var/lib/docker/overlay2/<id>/diff``) and be a layer of an image at once, so
what ``ls`` shows there and what the engine uses cannot disagree.

File content is a :class:`~storagekit.fs.content.Blob`: real bytes, or a size
and a recipe from which the bytes are produced on demand (a 300 MB package
need not sit in memory).
"""

from __future__ import annotations

import copy as _copy
import stat as _stat
from typing import TypeVar

from storagekit.fs import paths
from storagekit.fs.content import EMPTY, Blob
from storagekit.sim.snapshot import replace_shared

S_IFREG, S_IFDIR, S_IFLNK, S_IFCHR = _stat.S_IFREG, _stat.S_IFDIR, _stat.S_IFLNK, _stat.S_IFCHR


_N = TypeVar("_N", bound="Node")


class Node:
    """What every inode has. ``mode`` holds the file type bits as ``st_mode`` does."""

    __slots__ = ("frozen", "gid", "mode", "mtime", "uid", "xattrs")

    def __init__(self, mode: int, uid: int = 0, gid: int = 0, mtime: int = 0) -> None:
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.mtime = mtime
        self.xattrs: dict[str, bytes] | None = None
        self.frozen = False
        """Whether snapshots share it (it is in an image layer's tree): see :meth:`Dir.freeze`."""

    @property
    def perm(self) -> int:
        return _stat.S_IMODE(self.mode)

    @property
    def size(self) -> int:
        return 0

    def _copy_meta(self, other: Node) -> None:
        other.uid, other.gid, other.mtime = self.uid, self.gid, self.mtime
        other.xattrs = dict(self.xattrs) if self.xattrs else None

    def __deepcopy__(self, memo: dict) -> Node:
        """The same inode in a copy of a host (hard links stay one inode), or this one if it is frozen: slot by
        slot, for snapshots are made often and the generic way is many times slower."""
        if self.frozen:
            return self
        new = object.__new__(type(self))
        memo[id(self)] = new
        new.mode, new.frozen = self.mode, False
        self._copy_meta(new)
        self._copy_payload(new, memo)
        return new

    def _copy_payload(self: _N, new: _N, memo: dict) -> None:
        raise NotImplementedError

    def copy(self: _N) -> _N:
        """A new inode with the same metadata (and what it holds; a directory comes without its children)."""
        raise NotImplementedError

    def is_dir(self) -> bool:
        return False

    def is_whiteout(self) -> bool:
        return False


class File(Node):
    __slots__ = ("blob", "nlink")

    def __init__(self, blob: Blob = EMPTY, perm: int = 0o644, uid: int = 0, gid: int = 0, mtime: int = 0) -> None:
        super().__init__(S_IFREG | perm, uid, gid, mtime)
        self.blob = blob
        self.nlink = 1

    @property
    def size(self) -> int:
        return self.blob.size

    def _copy_payload(self, new: File, memo: dict) -> None:
        new.blob, new.nlink = self.blob, self.nlink

    def copy(self) -> File:
        """A new inode with the same content: what copy-up and ``cp -p`` make."""
        new = File(self.blob, self.perm)
        self._copy_meta(new)
        return new


class Dir(Node):
    __slots__ = ("children", "opaque")

    def __init__(self, perm: int = 0o755, uid: int = 0, gid: int = 0, mtime: int = 0) -> None:
        super().__init__(S_IFDIR | perm, uid, gid, mtime)
        self.children: dict[str, Node] = {}
        self.opaque = False
        """overlayfs's ``trusted.overlay.opaque=y``: lower layers' entries below are hidden."""

    @property
    def size(self) -> int:
        return 4096

    def is_dir(self) -> bool:
        return True

    def _copy_payload(self, new: Dir, memo: dict) -> None:
        new.opaque = self.opaque
        new.children = {name: _copy.deepcopy(child, memo) for name, child in self.children.items()}

    def copy(self) -> Dir:
        """An empty directory with the same metadata (copy-up copies a directory, not its children)."""
        new = Dir(self.perm)
        self._copy_meta(new)
        return new

    def freeze(self) -> Dir:
        """Mark the whole tree shared by snapshots (see :mod:`storagekit.sim.snapshot`): a copy of its host then
        shares it, and its first change must :meth:`thaw` it."""
        if not self.frozen:
            _mark(self, True)
        return self

    def thaw(self) -> None:
        """Before the first change to this frozen tree: the snapshots that share it get a copy of it as it is."""
        replace_shared(self, lambda: self.private_copy().freeze())
        _mark(self, False)

    def private_copy(self, memo: dict | None = None) -> Dir:
        """The whole tree copied, frozen or not, for a host of its own; ``memo`` learns each node's copy."""
        _mark(self, False)
        try:
            return _copy.deepcopy(self, {} if memo is None else memo)
        finally:
            _mark(self, True)

    def deep_copy(self) -> Dir:
        new = self.copy()
        new.opaque = self.opaque
        for name, child in self.children.items():
            new.children[name] = child.deep_copy() if isinstance(child, Dir) else child.copy()
        return new


class Symlink(Node):
    __slots__ = ("target",)

    def __init__(self, target: str, uid: int = 0, gid: int = 0, mtime: int = 0) -> None:
        super().__init__(S_IFLNK | 0o777, uid, gid, mtime)
        self.target = target

    @property
    def size(self) -> int:
        return len(self.target.encode())

    def _copy_payload(self, new: Symlink, memo: dict) -> None:
        new.target = self.target

    def copy(self) -> Symlink:
        new = Symlink(self.target)
        self._copy_meta(new)
        return new


class Device(Node):
    """A character device. With ``rdev`` 0:0 and mode 0 it is an overlayfs whiteout."""

    __slots__ = ("major", "minor", "reads")

    def __init__(self, major: int, minor: int, perm: int = 0, uid: int = 0, gid: int = 0, mtime: int = 0) -> None:
        super().__init__(S_IFCHR | perm, uid, gid, mtime)
        self.major, self.minor = major, minor
        self.reads = 0
        """How many reads of random bytes it has served: part of their seed, so each read differs."""

    def is_whiteout(self) -> bool:
        return self.major == 0 and self.minor == 0

    def _copy_payload(self, new: Device, memo: dict) -> None:
        new.major, new.minor, new.reads = self.major, self.minor, self.reads

    def copy(self) -> Device:
        new = Device(self.major, self.minor, self.perm)
        self._copy_meta(new)
        return new


def whiteout(mtime: int = 0) -> Device:
    """The marker overlayfs leaves in the upper dir when a lower entry is deleted."""
    return Device(0, 0, 0, mtime=mtime)


def _mark(root: Dir, frozen: bool) -> None:
    root.frozen = frozen
    stack = [root]
    while stack:
        for node in stack.pop().children.values():
            node.frozen = frozen
            if isinstance(node, Dir):
                stack.append(node)


def descend(root: Dir, path: str | list[str]) -> Node | None:
    """The entry stored at ``path`` (or at the list of its names) below ``root``, or None: a plain walk of
    ``children``, in which no symlink is followed and no overlay rule applies (a whiteout is the device it is), for
    reading one layer or tree."""
    names = paths.split(path) if isinstance(path, str) else path
    if ".." in names:
        names = paths.split(paths.normalize("/".join(names)))
    node: Node | None = root
    for name in names:
        node = node.children.get(name) if isinstance(node, Dir) else None
        if node is None:
            return None
    return node


def make_dirs(root: Dir, path: str, mtime: int = 0) -> Dir:
    """The directory at ``path`` below ``root``, made where missing or not a directory (0755, root's), as
    unpacking an archive makes the parents it does not list."""
    d = root
    for name in paths.split(paths.normalize(path)):
        child = d.children.get(name)
        if not isinstance(child, Dir):
            child = d.children[name] = Dir(0o755, mtime=mtime)
        d = child
    return d


def iter_tree(root: Dir, prefix: str = ""):
    """Yield ``(path, node)`` for every entry below ``root``, parents first, names sorted."""
    for name in sorted(root.children):
        node = root.children[name]
        path = f"{prefix}/{name}"
        yield path, node
        if isinstance(node, Dir):
            yield from iter_tree(node, path)


def tree_size(root: Dir, *, symlinks: bool = False) -> int:
    """Bytes of regular-file content below ``root``, each inode once; with ``symlinks``, their lengths too."""
    seen: set[int] = set()
    total = 0
    stack = [root]
    while stack:
        d = stack.pop()
        for node in d.children.values():
            if isinstance(node, Dir):
                stack.append(node)
            elif isinstance(node, File) and id(node) not in seen:
                seen.add(id(node))
                total += node.blob.size
            elif symlinks and isinstance(node, Symlink):
                total += node.size
    return total


def _same_links(node: Node) -> Node:
    """A new inode for ``node`` that its copied hard links will share, so it keeps their count."""
    new = node.copy()
    if isinstance(node, File) and isinstance(new, File):
        new.nlink = node.nlink
    return new


def clone_tree(root: Dir) -> Dir:
    """A copy of a whole tree with new inodes sharing the file contents; hard links stay linked (``cp -a``)."""
    copies: dict[int, Node] = {}

    def clone(node: Node) -> Node:
        if isinstance(node, Dir):
            new = node.copy()
            new.opaque = node.opaque
            new.children = {name: clone(child) for name, child in node.children.items()}
            return new
        if id(node) not in copies:
            copies[id(node)] = _same_links(node)
        return copies[id(node)]

    return clone(root)  # type: ignore[return-value]
