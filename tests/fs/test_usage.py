"""Disk usage per inode (ext4, xfs) and per shared extent (btrfs, zfs)."""

import pytest

from storagekit.fs.nodes import Blob, Dir, File, Symlink, clone_tree
from storagekit.fs.usage import BLOCK, disk_usage


def tree(size: int = 10_000) -> Dir:
    root = Dir()
    root.children["f"] = File(Blob.synthetic(size, "f"))
    root.children["long"] = Symlink("x" * 80)
    root.children["short"] = Symlink("x")
    return root


@pytest.mark.parametrize("shared, expected", [
    (False, BLOCK + 3 * BLOCK + BLOCK),  # the dir, three blocks of data, the long symlink's block
    (True, 3 * BLOCK),  # data only: metadata lives in the shared trees
])
def test_one_tree(shared, expected):
    assert disk_usage(tree(), shared_extents=shared) == expected


def test_a_copy_costs_again_only_without_shared_extents():
    root = Dir()
    root.children["a"] = tree()
    root.children["b"] = clone_tree(root.children["a"])
    assert disk_usage(root) == BLOCK + 2 * disk_usage(tree())
    assert disk_usage(root, shared_extents=True) == 3 * BLOCK


def test_hard_links_count_once():
    root = tree()
    root.children["g"] = root.children["f"]
    assert disk_usage(root) == disk_usage(tree())


def test_appending_to_a_shared_file_costs_the_new_blocks_only():
    root = Dir()
    root.children["a"] = tree(3 * BLOCK + 100)
    copy = clone_tree(root.children["a"])
    root.children["b"] = copy
    before = disk_usage(root, shared_extents=True)
    f = copy.children["f"]
    f.blob = Blob.appended(f.blob, Blob.from_bytes(b"y" * 5000))
    assert disk_usage(root, shared_extents=True) - before == 2 * BLOCK  # 3 whole blocks stay shared
    assert disk_usage(root) - disk_usage(root.children["a"]) - BLOCK == disk_usage(copy)


def test_a_rewritten_file_costs_its_whole_size():
    root = Dir()
    root.children["a"] = tree(8 * BLOCK)
    copy = clone_tree(root.children["a"])
    root.children["b"] = copy
    copy.children["f"].blob = Blob.synthetic(8 * BLOCK, "other")
    assert disk_usage(root, shared_extents=True) == 16 * BLOCK
