"""``docker diff`` by both of moby's algorithms: the overlay walk of the upper dir and the naive tree comparison."""

import pytest

from storagekit.docker.changes import changes_size, export_changes, naive_changes, overlay_changes
from storagekit.fs import FileSystem
from storagekit.fs.nodes import Blob, Dir, File, clone_tree
from storagekit.fs.union import flatten


def base_tree() -> Dir:
    fs = FileSystem(Dir(), clock=lambda: 100)
    for d in ("/etc", "/usr/bin", "/var/cache", "/tmp"):
        fs.mkdir(d, parents=True)
    fs.write("/etc/passwd", b"root:x:0:0::/root:/bin/sh\n")
    fs.write("/etc/issue", b"Welcome\n")
    fs.write("/usr/bin/tool", b"#!/bin/sh\n", perm=0o755)
    return fs.upper


# (shell-like steps on a full copy, expected naive changes); the order inside a directory is
# new entries (sorted) first, then deletions, with the directory itself listed before them.
NAIVE_CASES = [
    ("nothing", [], []),
    ("append to a file", [("append", "/etc/passwd")], [("C", "/etc"), ("C", "/etc/passwd")]),
    ("new file in new dir", [("mkdir", "/new"), ("write", "/new/f")], [("A", "/new"), ("A", "/new/f")]),
    ("delete", [("unlink", "/etc/issue")], [("C", "/etc"), ("D", "/etc/issue")]),
    ("chmod only", [("chmod", "/usr/bin/tool")], [("C", "/usr"), ("C", "/usr/bin"), ("C", "/usr/bin/tool")]),
    ("directory mtime alone is no change", [("touchdir", "/var/cache")], []),
    ("directory mode is a change", [("chmoddir", "/tmp")], [("C", "/tmp")]),
    ("same size, new mtime", [("rewrite-same-size", "/etc/issue")], [("C", "/etc"), ("C", "/etc/issue")]),
    ("removed directory", [("rmtree", "/var")], [("D", "/var")]),
    ("file replaced by a directory", [("unlink", "/etc/issue"), ("mkdir", "/etc/issue"), ("write", "/etc/issue/x")],
     [("C", "/etc"), ("C", "/etc/issue"), ("A", "/etc/issue/x")]),
]


def apply(fs: FileSystem, steps) -> None:
    for op, path in steps:
        if op == "append":
            fs.write(path, b"more\n", append=True)
        elif op == "mkdir":
            fs.mkdir(path)
        elif op == "write":
            fs.write(path, b"data\n")
        elif op == "unlink":
            fs.unlink(path)
        elif op == "chmod":
            fs.chmod(path, 0o700)
        elif op == "touchdir":
            fs.utime(path, 999)
        elif op == "chmoddir":
            fs.chmod(path, 0o1777)
        elif op == "rewrite-same-size":
            fs.write(path, b"Goodbye\n")
        elif op == "rmtree":
            parent, name = path.rsplit("/", 1)
            del fs.lstat(parent or "/").children[name]


@pytest.mark.parametrize("steps, expected", [c[1:] for c in NAIVE_CASES], ids=[c[0] for c in NAIVE_CASES])
def test_naive_changes(steps, expected):
    old = base_tree()
    new = clone_tree(old)
    apply(FileSystem(new, clock=lambda: 200), steps)
    assert naive_changes(new, old) == expected


def test_naive_changes_against_nothing_lists_everything_as_added():
    tree = base_tree()
    assert naive_changes(tree, None)[:3] == [("A", "/etc"), ("A", "/etc/issue"), ("A", "/etc/passwd")]


def test_a_capability_change_is_a_change():
    old = base_tree()
    new = clone_tree(old)
    new.children["usr"].children["bin"].children["tool"].xattrs = {"security.capability": b"\x01"}
    assert naive_changes(new, old) == [("C", "/usr"), ("C", "/usr/bin"), ("C", "/usr/bin/tool")]


def test_overlay_and_naive_disagree_on_a_copied_up_parent():
    """Copy-up keeps /etc's times, so the overlay walk leaves it out; the naive diff lists every parent."""
    lower = base_tree()
    upper = Dir()
    FileSystem(upper, [lower], clock=lambda: 200).write("/etc/passwd", b"x\n", append=True)
    assert overlay_changes(upper, [lower]) == [("C", "/etc/passwd")]
    assert naive_changes(flatten([upper, lower]), lower) == [("C", "/etc"), ("C", "/etc/passwd")]


def test_changes_size_counts_files_once_and_ignores_dirs_and_deletions():
    old = base_tree()
    new = clone_tree(old)
    fs = FileSystem(new, clock=lambda: 200)
    fs.write("/big", Blob.synthetic(5000, "big"))
    fs.link("/big", "/big-link")
    fs.unlink("/etc/issue")
    changes = naive_changes(new, old)
    assert ("A", "/big-link") in changes and ("D", "/etc/issue") in changes
    assert changes_size(new, changes) == 5000


def test_export_changes_makes_a_layer_with_whiteouts():
    old = base_tree()
    new = clone_tree(old)
    fs = FileSystem(new, clock=lambda: 200)
    fs.unlink("/etc/issue")
    fs.mkdir("/new")
    fs.write("/new/f", b"data\n")
    layer = export_changes(new, naive_changes(new, old))
    assert sorted(layer.children) == ["etc", "new"]
    assert layer.children["etc"].children["issue"].is_whiteout()
    assert "passwd" not in layer.children["etc"].children
    assert isinstance(layer.children["new"].children["f"], File)
