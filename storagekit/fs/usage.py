"""What a tree costs on disk, as ``df`` sees it, for the two kinds of filesystem Docker's drivers sit on.

On ext4 and xfs every inode owns its blocks: a copied file costs its size
again (vfs's full copies). On btrfs and zfs a snapshot or clone shares its
origin's extents, so a file costs nothing until it is written, and appending
to a file costs only the new blocks (``shared_extents``). On ext4 a directory
takes a block; btrfs and zfs keep directories in their metadata trees, which
snapshots share too, so they are not counted, and neither are symlinks
(inline in the metadata there; on ext4 only short ones live in the inode).

>>> from storagekit.fs.nodes import Dir, File, Blob, clone_tree
>>> root = Dir(); root.children["a"] = Dir(); root.children["a"].children["f"] = File(Blob.synthetic(10**6, "f"))
>>> root.children["b"] = clone_tree(root.children["a"])
>>> disk_usage(root), disk_usage(root, shared_extents=True)
(2019328, 1003520)
"""

from __future__ import annotations

from storagekit.fs.nodes import Blob, Dir, File, Node, Symlink

BLOCK = 4096
FAST_SYMLINK = 60
"""ext4 keeps a symlink target shorter than this inside the inode: no block."""


def blocks(size: int) -> int:
    return -(-size // BLOCK)


def disk_usage(root: Node, *, shared_extents: bool = False) -> int:
    """Bytes allocated to ``root`` and everything below it, each inode (and, with ``shared_extents``, each extent)
    once."""
    seen: set[int] = set()
    blobs: dict[int, Blob] = {}
    total = 0
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, Dir):
            total += 0 if shared_extents else BLOCK  # btrfs and zfs keep directories in shared metadata trees
            stack.extend(node.children.values())
        elif isinstance(node, File):
            if shared_extents:
                blobs[id(node.blob)] = node.blob
            else:
                total += blocks(node.blob.size) * BLOCK
        elif isinstance(node, Symlink) and node.size >= FAST_SYMLINK and not shared_extents:
            total += BLOCK
    for blob in blobs.values():
        shared = 0
        base = blob.base
        while base is not None:
            if id(base) in blobs:
                shared = base.size // BLOCK  # whole blocks of the origin stay shared; the last one is rewritten
                break
            base = base.base
        total += (blocks(blob.size) - shared) * BLOCK
    return total
