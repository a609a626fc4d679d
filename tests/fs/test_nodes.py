"""Raw walks of one tree: the entry as stored, with no symlink followed and no overlay rule."""

from __future__ import annotations

import pytest

from storagekit.fs.nodes import Blob, Device, Dir, File, Symlink, descend, make_dirs, whiteout


def sample() -> Dir:
    root = Dir()
    etc = make_dirs(root, "/etc")
    etc.children["passwd"] = File(Blob.from_bytes(b"root\n"))
    etc.children["gone"] = whiteout()
    root.children["lib"] = Symlink("usr/lib")
    make_dirs(root, "usr/lib/x86_64")
    return root


@pytest.mark.parametrize("path,kind", [
    ("/", Dir), ("", Dir), ("/etc/passwd", File), ("etc//passwd/", File), ("./etc/./passwd", File),
    ("/etc/gone", Device),              # a whiteout is the device it is
    ("/lib", Symlink),                  # not followed...
    ("/lib/x86_64", None),              # ...not even on the way
    ("/usr/lib/x86_64", Dir),
    ("/etc/passwd/x", None),            # a path through a file
    ("/nowhere", None),
    ("/../etc/passwd", File),           # ``..`` goes no higher than the root
    ("/usr/lib/../../etc/passwd", File),
])
def test_descend(path, kind):
    found = descend(sample(), path)
    assert (type(found) if found is not None else None) is kind


def test_make_dirs_keeps_what_is_there_and_replaces_a_file():
    root = sample()
    etc = root.children["etc"]
    assert make_dirs(root, "/etc") is etc
    made = make_dirs(root, "etc/passwd/sub", mtime=5)
    assert isinstance(etc.children["passwd"], Dir) and made.mtime == 5 and made.perm == 0o755
    assert descend(root, "/etc/passwd/sub") is made


def test_descend_takes_the_names_too():
    root = sample()
    assert descend(root, ["etc", "passwd"]) is descend(root, "/etc/passwd")
    assert descend(root, ["usr", "lib", "..", "..", "etc"]) is root.children["etc"]
