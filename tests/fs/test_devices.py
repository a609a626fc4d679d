"""Devices behave as devices in the file system itself, whoever reads or writes them."""

from __future__ import annotations

import errno

import pytest

from storagekit.fs import Device, Dir, FileSystem
from storagekit.fs.devices import Endless, dev_tree
from storagekit.fs.mounts import Mount, MountNamespace


def machine(now: int = 100) -> FileSystem:
    fs = FileSystem(Dir(), clock=lambda: now)
    fs.put("/dev", dev_tree(now))
    fs.write("/f", b"0123456789")
    return fs


@pytest.mark.parametrize("path,limit,expected", [
    ("/dev/null", None, b""), ("/dev/null", 5, b""), ("/dev/tty", 3, b""),
    ("/dev/zero", 5, bytes(5)), ("/dev/full", 3, bytes(3)), ("/dev/zero", 0, b""),
    ("/f", None, b"0123456789"), ("/f", 4, b"0123"), ("/f", 99, b"0123456789"),
])
def test_reads(path, limit, expected):
    assert machine().read(path, limit) == expected


@pytest.mark.parametrize("path", ["/dev/zero", "/dev/full", "/dev/urandom", "/dev/random"])
def test_an_endless_device_is_read_with_a_limit(path):
    with pytest.raises(Endless) as caught:
        machine().read(path)
    assert caught.value.path == path


def test_random_bytes_are_seeded():
    a, b = machine(), machine()
    first = a.read("/dev/urandom", 32)
    assert first == b.read("/dev/urandom", 32)   # two fresh machines, the same bytes
    assert a.read("/dev/urandom", 32) != first     # the next read, other bytes
    assert machine(now=200).read("/dev/urandom", 32) != first
    assert first != bytes(32)


@pytest.mark.parametrize("path,data,error", [
    ("/dev/null", b"gone", None), ("/dev/zero", b"gone", None), ("/dev/urandom", b"x", None),
    ("/dev/full", b"x", errno.ENOSPC), ("/dev/full", b"", None),  # opening with O_TRUNC writes nothing
])
def test_writes(path, data, error):
    fs = machine()
    if error is None:
        fs.write(path, data)
        fs.write(path, data, append=True)
    else:
        with pytest.raises(OSError) as caught:
            fs.write(path, data)
        assert (caught.value.errno, caught.value.strerror) == (error, "No space left on device")
    assert fs.lstat(path).size == 0 and isinstance(fs.lstat(path), Device)  # still the device, nothing stored


def test_a_mounted_dev_behaves_the_same():
    """A container's /dev is a tmpfs of its own, mounted over the image's."""
    dev = FileSystem(dev_tree())
    ns = MountNamespace(FileSystem(Dir()), [Mount("/dev", dev, "/", kind="tmpfs")])
    assert ns.read("/dev/zero", 2) == b"\0\0" and ns.blob("/dev/null", 9).size == 0
    with pytest.raises(OSError):
        ns.write("/dev/full", b"x")
