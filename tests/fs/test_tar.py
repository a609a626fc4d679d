"""Layer tars: a tarred copy is the tree the tar unpacks to, with the same diffID and the file contents shared."""

from __future__ import annotations

from storagekit.fs import Blob, Dir, FileSystem
from storagekit.fs.nodes import whiteout
from storagekit.fs.tar import diff_id, layer_tar, read_layer_tar, tarred_copy


def test_a_tarred_copy_is_the_tree_a_tar_unpacks_to():
    """``docker commit`` copies the upper directory as a tar would, without making the tar."""
    root = Dir()
    fs = FileSystem(root)
    fs.mkdir("/etc")
    fs.write("/etc/big", Blob.zeros(3 << 20), perm=0o600)
    fs.write("/etc/small", b"hi\n")
    fs.link("/etc/small", "/etc/again")
    fs.symlink("small", "/etc/link")
    root.children["etc"].opaque = True
    root.children["gone"] = whiteout(5)
    copied, unpacked = tarred_copy(root), read_layer_tar(layer_tar(root))
    assert diff_id(copied) == diff_id(unpacked) == diff_id(root)
    assert copied.children["etc"].children["big"].blob is root.children["etc"].children["big"].blob
    assert copied.children["etc"].children["again"] is copied.children["etc"].children["small"]
