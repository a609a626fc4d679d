"""A mount namespace: mounted trees over a root, with the kernel's answers at the boundaries."""

from __future__ import annotations

import errno

import pytest

from storagekit.fs import Dir, FileSystem
from storagekit.fs.mounts import Mount, MountNamespace


@pytest.fixture
def ns():
    root = FileSystem(Dir())
    root.mkdir("/etc")
    root.write("/etc/hostname", b"image\n")
    root.mkdir("/data")
    host = FileSystem(Dir())
    host.mkdir("/srv/vol", parents=True)
    host.write("/srv/vol/a.txt", b"volume\n")
    host.write("/srv/hostname", b"abc123\n")
    mounts = [Mount("/data", host, "/srv/vol"), Mount("/etc/hostname", host, "/srv/hostname"),
              Mount("/ro", host, "/srv/vol", readonly=True)]
    return MountNamespace(root, mounts), root, host


def test_reads_and_writes_go_to_the_mounted_tree(ns):
    fs, root, host = ns
    assert fs.read("/etc/hostname") == b"abc123\n"
    fs.write("/data/b.txt", b"new\n")
    assert host.read("/srv/vol/b.txt") == b"new\n" and not root.exists("/data/b.txt")
    assert fs.listdir("/data") == ["a.txt", "b.txt"]
    assert "ro" in fs.listdir("/")


@pytest.mark.parametrize("action,code", [
    (lambda fs: fs.write("/ro/x", b"1"), errno.EROFS),
    (lambda fs: fs.rename("/data/a.txt", "/a.txt"), errno.EXDEV),
    (lambda fs: fs.link("/data/a.txt", "/a.txt"), errno.EXDEV),
    (lambda fs: fs.unlink("/etc/hostname"), errno.EBUSY),
    (lambda fs: fs.rmdir("/data"), errno.EBUSY),
])
def test_boundaries(ns, action, code):
    fs, _, host = ns
    with pytest.raises(OSError) as info:
        action(fs)
    assert info.value.errno == code
    assert host.read("/srv/vol/a.txt") == b"volume\n"


def test_realpath_maps_back_to_the_namespace(ns):
    fs, _, _ = ns
    assert fs.realpath("/data/a.txt") == "/data/a.txt"
