"""An image's layers as dive sees them: each layer's file tree, what it added, modified or removed, and wasted space.

dive (github.com/wagoodman/dive, ``dive/filetree``) reads each layer tar into a
tree of its entries, stacks the trees, and marks a layer's entries against the
stack below: an entry the stack lacks is *Added*; one it has is *Modified* when
its type, content, mode or owner differ; a whiteout marks the entry *Removed*
(with everything below it); a directory is *Modified* when anything below it
changed. "This layer only" compares a layer with all layers below it; "all
changes so far" compares layers 1..N with layer 0 alone (dive's aggregated view).

Wasted space is dive's ``Efficiency``: every leaf of every layer (a file, a
symlink, an empty directory or a whiteout) is counted under its path; a path
met in two or more layers is an *inefficiency*, and its cumulative size (the
sizes of *all* its copies, the one still in the image included) is wasted. A
whiteout of a file counts 0 B, a whiteout of a directory the size of what it
hid. So, as dive counts:

* a file written in one layer and rewritten in another counts both sizes;
* a file deleted by a later layer counts its size once (the whiteout is 0 B);
* a *directory* deleted as a whole (``rm -rf dir``) counts nothing, because
  its path was a leaf in one layer only; deleting its files one by one does;
* entries hidden by an opaque directory are neither shown removed nor counted,
  because dive drops the ``.wh..wh..opq`` marker.

Sizes are tar header sizes: a file's length, 0 for directories, symlinks and
repeated hard links.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from storagekit.fs.nodes import Blob, Dir, File, Symlink

ADDED, MODIFIED, REMOVED, UNMODIFIED = "added", "modified", "removed", "unmodified"


class FileNode:
    """One path in a dive tree: its tar entry's facts (``None`` for a directory only implied by a child)."""

    __slots__ = ("children", "diff", "info", "name")

    def __init__(self, name: str, info: tuple | None = None) -> None:
        self.name = name
        self.children: dict[str, FileNode] = {}
        self.info = info
        """``(type, size, content, mode, uid, gid)``; type is ``dir``, ``file``, ``link`` (a repeated hard link),
        ``symlink``, ``device`` or ``whiteout``."""
        self.diff = UNMODIFIED

    @property
    def is_whiteout(self) -> bool:
        return self.info is not None and self.info[0] == "whiteout"

    @property
    def is_dir(self) -> bool:
        """Whether its own tar entry is a directory (dive's ``IsDir``; false for one only implied by a child)."""
        return self.info is not None and self.info[0] == "dir"

    @property
    def own_size(self) -> int:
        return self.info[1] if self.info is not None else 0

    def copy(self) -> FileNode:
        new = FileNode(self.name, self.info)
        new.diff = self.diff
        new.children = {name: child.copy() for name, child in self.children.items()}
        return new

    def size(self) -> int:
        """dive's size column: a leaf's own size; a directory's total below it, leaving out removed entries unless
        the directory itself was removed."""
        if not self.children:
            return self.own_size
        total, stack = self.own_size, list(self.children.values())
        removed = self.diff == REMOVED
        while stack:
            node = stack.pop()
            if removed or node.diff != REMOVED:
                total += node.own_size
            stack.extend(node.children.values())
        return total

    def find(self, path: str) -> FileNode | None:
        node: FileNode | None = self
        for part in [p for p in path.split("/") if p]:
            node = node.children.get(part) if node is not None else None
        return node

    def walk(self, prefix: str = ""):
        """``(path, node)`` below this node, parents first, names sorted."""
        for name in sorted(self.children):
            child = self.children[name]
            path = f"{prefix}/{name}"
            yield path, child
            yield from child.walk(path)


LAYER_TREES_KEPT = 32
"""How many layers' dive trees are kept: a layer's content never changes once it is registered, and redrawing a
diagram should not read its 9,000 files again."""
_layer_trees: OrderedDict[int, tuple[Dir, FileNode]] = OrderedDict()


def layer_tree(root: Dir) -> FileNode:
    """A layer diff as dive reads its tar: entries by path, whiteouts as such, the opaque marker dropped.

    Entries are read in tar order (a directory, then its children by name), so of a file's hard links the first
    carries the size and the others are ``link`` entries of 0 B. The tree is shared by every caller (kept for the
    last :data:`LAYER_TREES_KEPT` layers): nothing here changes a tree it is given, only the copies it makes.
    """
    kept = _layer_trees.get(id(root))
    if kept is not None and kept[0] is root:
        _layer_trees.move_to_end(id(root))
        return kept[1]
    tree = _read_layer(root)
    _layer_trees[id(root)] = (root, tree)
    if len(_layer_trees) > LAYER_TREES_KEPT:
        _layer_trees.popitem(last=False)
    return tree


def _read_layer(root: Dir) -> FileNode:
    links: set[int] = set()

    def build(d: Dir, into: FileNode) -> None:
        for name in sorted(d.children):
            node = d.children[name]
            if node.is_whiteout():
                into.children[name] = FileNode(name, WHITEOUT)
            elif isinstance(node, Dir):
                child = into.children[name] = FileNode(name, ("dir", 0, None, node.mode, node.uid, node.gid))
                build(node, child)
            elif isinstance(node, File):
                repeated = node.nlink > 1 and id(node) in links
                links.add(id(node))
                into.children[name] = FileNode(name, ("link", 0, None, node.mode, node.uid, node.gid) if repeated
                                               else ("file", node.blob.size, node.blob, node.mode, node.uid, node.gid))
            else:
                kind = "symlink" if isinstance(node, Symlink) else "device"
                into.children[name] = FileNode(name, (kind, 0, None, node.mode, node.uid, node.gid))

    top = FileNode("")
    build(root, top)
    return top


WHITEOUT = ("whiteout", 0, None, 0, 0, 0)


def stack(trees: list[FileNode]) -> FileNode:
    """dive's ``StackTreeRange``: the trees laid on a copy of the first, whiteouts removing what they name."""
    out = trees[0].copy()
    for tree in trees[1:]:
        _stack_onto(out, tree)
    return out


def _stack_onto(base: FileNode, upper: FileNode) -> None:
    for name, unode in upper.children.items():
        if unode.is_whiteout:
            base.children.pop(name, None)
            continue
        below = base.children.get(name)
        if below is None:
            below = base.children[name] = FileNode(name)
        below.info = unode.info
        _stack_onto(below, unode)


def compare(trees: list[FileNode], index: int, aggregated: bool = False) -> FileNode:
    """The tree dive shows for layer ``index``: this layer's changes, or with ``aggregated`` layers 1..index
    against layer 0."""
    if index == 0:
        bottom, tops = stack(trees[:1]), [trees[0]]
    elif aggregated:
        bottom, tops = stack(trees[:1]), trees[1:index + 1]
    else:
        bottom, tops = stack(trees[:index]), [trees[index]]
    for top in tops:
        _compare_and_mark(bottom, top)
    return bottom


def _differs(old: tuple | None, new: tuple | None) -> bool:
    """dive's ``FileInfo.Compare``: same type, content, mode and owner is Unmodified."""
    if old is None or new is None:
        return old is not new
    kind, _, content, mode, uid, gid = old
    nkind, _, ncontent, nmode, nuid, ngid = new
    same_content = content is ncontent or (isinstance(content, Blob) and content == ncontent)
    return not (kind == nkind and same_content and (mode, uid, gid) == (nmode, nuid, ngid))


def _compare_and_mark(tree: FileNode, upper: FileNode) -> None:
    """dive's ``CompareAndMark``: children before parents, so a directory's mark can derive from its children."""
    for name, unode in upper.children.items():
        if unode.is_whiteout:
            if name in tree.children:
                _assign(tree.children[name], REMOVED)
            continue
        lower = tree.children.get(name)
        if lower is None:
            lower = tree.children[name] = FileNode(name)
            _compare_and_mark(lower, unode)
            lower.info = unode.info
            _assign(lower, ADDED)
            continue
        _compare_and_mark(lower, unode)
        if lower.diff == UNMODIFIED:
            mark = MODIFIED if _differs(lower.info, unode.info) else UNMODIFIED
            for child in lower.children.values():
                mark = mark if mark == child.diff else MODIFIED
            lower.diff = mark
        lower.info = unode.info


def _assign(node: FileNode, diff: str) -> None:
    node.diff = diff
    if diff == REMOVED:
        for child in node.children.values():
            _assign(child, diff)


@dataclass(frozen=True)
class Inefficiency:
    """A path that more than one layer holds (or removes), and the bytes of all its versions."""

    path: str
    cumulative_size: int
    layers: tuple[int, ...]


@dataclass(frozen=True)
class Efficiency:
    """dive's verdict on an image: its score, its wasted bytes and what they are."""

    score: float
    wasted_bytes: int
    user_size: int
    """Bytes of every layer but the first, which dive divides the waste by."""
    inefficiencies: tuple[Inefficiency, ...]
    """Largest first."""

    @property
    def wasted_user_percent(self) -> float:
        return self.wasted_bytes / self.user_size if self.user_size else 0.0


def efficiency(trees: list[FileNode], layer_sizes: list[int]) -> Efficiency:
    """dive's ``Efficiency`` and ``Analyze``: leaves of every layer by path, counted as the module docstring says."""
    paths: dict[str, list] = {}
    below, stacked = None, 0  # the layers below, stacked only when a whiteout needs them
    for index, tree in enumerate(trees):
        for path, node in _leaves(tree):
            size = node.own_size
            if node.is_whiteout:
                if below is None:
                    below, stacked = trees[0].copy(), 1
                for layer in trees[stacked:index]:
                    _stack_onto(below, layer)
                stacked = max(stacked, index)
                hidden = below.find(path)
                size = hidden.size() if hidden is not None and hidden.is_dir else 0
            data = paths.get(path)
            if data is None:
                paths[path] = [size, size, [index]]
            else:
                data[0] += size
                data[1] = min(data[1], size)
                data[2].append(index)
    minimum = sum(d[1] for d in paths.values())
    discovered = sum(d[0] for d in paths.values())
    found = [Inefficiency(p, d[0], tuple(d[2])) for p, d in paths.items() if len(d[2]) > 1]
    found.sort(key=lambda i: (-i.cumulative_size, i.path))
    return Efficiency(score=minimum / discovered if discovered else 1.0,
                      wasted_bytes=sum(i.cumulative_size for i in found),
                      user_size=sum(layer_sizes[1:]), inefficiencies=tuple(found))


def _leaves(tree: FileNode):
    """``(path, node)`` of every node without children."""
    stack = [("", tree)]
    while stack:
        prefix, node = stack.pop()
        for name, child in node.children.items():
            path = f"{prefix}/{name}"
            if child.children:
                stack.append((path, child))
            else:
                yield path, child
