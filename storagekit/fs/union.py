"""overlayfs's layering rules, once: what a stack of directories shows as one.

Every place that reads layers through one another uses these functions: the
lookups of :class:`~storagekit.fs.FileSystem` (a container, a build step), the
whole-tree drivers that unpack a layer's diff onto its parent's tree (vfs,
btrfs, zfs), and the merged views a naive ``docker diff`` and volume
pre-population read. The rules are the kernel's (``fs/overlayfs/namei.c``,
``readdir.c``), with Docker's mount options (no ``redirect_dir``, ``metacopy``):

* the topmost layer that has a name decides what it is;
* there a whiteout (a 0:0 character device) hides the name and everything
  below it, and a file or symlink shows and hides everything below it;
* a directory merges with the directories of the same name below it, down to
  the first layer where the name is something else, or to an opaque
  directory (``trusted.overlay.opaque=y``), the last one merged.

A merged directory is given as a :data:`Stack`: the directories that make it
up, each with the index of its layer (0 is the top), top first.
"""

from __future__ import annotations

from collections.abc import Sequence

from storagekit.fs import paths
from storagekit.fs.nodes import Dir, Node, clone_tree

Stack = list[tuple[int, Dir]]


def root(layers: Sequence[Dir]) -> Stack:
    """The merged root of ``layers`` (top first): each layer's root, down to the first opaque one."""
    stack: Stack = []
    for index, d in enumerate(layers):
        stack.append((index, d))
        if d.opaque:
            break
    return stack


def peek(stack: Stack, name: str, whiteouts: bool = True) -> tuple[Node | None, int, int]:
    """The entry that shows for ``name`` (None), with the index of its layer, and its place in the stack (-1 when
    no layer has the name): the topmost layer that has the name decides. A first look, without merging."""
    for at, (index, d) in enumerate(stack):
        found = d.children.get(name)
        if found is not None:
            return (None if whiteouts and found.is_whiteout() else found), index, at
    return None, -1, -1


def lookup(stack: Stack, name: str, whiteouts: bool = True) -> tuple[Node | None, Stack, int]:
    """``name`` in a merged directory: the entry that shows (None), the stack it makes if it is a directory, and
    the index of the layer the entry comes from (-1 when no layer has the name).

    With ``whiteouts=False`` (a single tree, no overlay) a whiteout is just the device it is.
    """
    found, index, at = peek(stack, name, whiteouts)
    if not isinstance(found, Dir):
        return found, [], index  # a file or a symlink hides what lies below, a whiteout hides it all
    sub: Stack = [(index, found)]
    if not found.opaque:
        for below_index, below in stack[at + 1:]:
            child = below.children.get(name)
            if child is None:
                continue
            if not isinstance(child, Dir):
                break  # a file or a whiteout ends the merge
            sub.append((below_index, child))
            if child.opaque:
                break
    return found, sub, index


def entries(stack: Stack, *, whiteouts: bool = True) -> dict[str, Node]:
    """The visible entries of a merged directory, sorted by name."""
    shown: dict[str, Node] = {}
    hidden: set[str] = set()
    for _, d in stack:
        for name, child in d.children.items():
            if name in shown or name in hidden:
                continue
            if whiteouts and child.is_whiteout():
                hidden.add(name)
            else:
                shown[name] = child
    return dict(sorted(shown.items()))


def flatten(layers: Sequence[Dir]) -> Dir:
    """The union of ``layers`` (top first) as one plain tree: new directories (with the metadata of the topmost
    one), the other entries shared with the layers. What a program reading the mounted overlay finds."""
    return _flat(root(layers)) if layers else Dir()


def flat_entry(layers: Sequence[Dir], path: str) -> Node | None:
    """The entry at ``path`` of the union, flattened as :func:`flatten` does (None if nothing shows there).

    The path is taken as it is spelled: no symlink is followed on the way.
    """
    node: Node | None = None
    stack = root(layers)
    for name in paths.split(paths.normalize(path)):
        if not stack:
            return None  # a path through a file
        node, stack, _ = lookup(stack, name)
    return _flat(stack) if stack else node


def _flat(stack: Stack) -> Dir:
    top = stack[0][1].copy()
    for name in entries(stack):
        node, sub, _ = lookup(stack, name)
        top.children[name] = _flat(sub) if sub else node  # type: ignore[assignment]
    return top


def apply(base: Dir, diff: Dir) -> Dir:
    """What unpacking a layer's ``diff`` (upperdir form) onto ``base`` gives, as a tree of new inodes.

    A layer's tar has no entry for ``/``, so the root keeps ``base``'s metadata;
    hard links stay linked.
    """
    tree = clone_tree(flatten([diff, base]))
    base._copy_meta(tree)
    tree.mode = base.mode
    return tree
