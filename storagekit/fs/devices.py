"""Character devices: what ``/dev`` holds, and what reading and writing them does.

runc mounts a small tmpfs at ``/dev`` in every container with the devices the
OCI runtime spec requires (``null``, ``zero``, ``full``, ``random``,
``urandom``, ``tty``) and the usual links into ``/proc``; a host has them in
its devtmpfs. The file system itself gives them their behaviour
(:meth:`~storagekit.fs.FileSystem.read`, :meth:`~storagekit.fs.FileSystem.write`),
so every program and every redirection meets the same devices:

* ``null`` reads empty and swallows what is written;
* ``zero`` reads zero bytes for ever, ``full`` too, but a write to it fails with
  ``ENOSPC`` ("No space left on device");
* ``random`` and ``urandom`` read random bytes for ever; here they come from a
  seed (the device's own count of reads and the time), so a notebook's outputs
  repeat.

A device that never reaches an end can only be read with a limit (``head -c``,
``dd count=``); reading one to its end raises :class:`Endless`, as the real
program would run until interrupted.
"""

from __future__ import annotations

import errno
import hashlib
import os

from storagekit.fs.nodes import Blob, Device, Dir, Node, Symlink

NULL, ZERO, FULL, RANDOM, URANDOM, TTY = (1, 3), (1, 5), (1, 7), (1, 8), (1, 9), (5, 0)
DEVICES = {"null": NULL, "zero": ZERO, "full": FULL, "random": RANDOM, "urandom": URANDOM, "tty": TTY}
LINKS = {"fd": "/proc/self/fd", "stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1",
         "stderr": "/proc/self/fd/2", "core": "/proc/kcore", "ptmx": "pts/ptmx"}
ENDLESS = (ZERO, FULL, RANDOM, URANDOM)


class Endless(Exception):
    """Reading a device to its end (``cat /dev/zero``): the real program would run until interrupted."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def dev_tree(mtime: int = 0) -> Dir:
    """``/dev`` as runc makes it: devices 0666, ``pts``, ``shm`` (1777) and ``mqueue``."""
    root = Dir(0o755, mtime=mtime)
    for name, (major, minor) in DEVICES.items():
        root.children[name] = Device(major, minor, 0o666, mtime=mtime)
    for name, target in LINKS.items():
        root.children[name] = Symlink(target, mtime=mtime)
    root.children["pts"] = Dir(0o755, mtime=mtime)
    root.children["shm"] = Dir(0o1777, mtime=mtime)
    root.children["mqueue"] = Dir(0o1777, mtime=mtime)
    return root


def read(node: Device, path: str, limit: int | None, now: int) -> Blob:
    """The bytes a read of the device gives: at most ``limit``; raises :class:`Endless` for an endless one without."""
    number = (node.major, node.minor)
    if number not in ENDLESS:
        return Blob.from_bytes(b"")
    if limit is None:
        raise Endless(path)
    if number in (ZERO, FULL):
        return Blob.zeros(limit)
    node.reads += 1
    seed = f"{node.major}:{node.minor}:{now}:{node.reads}"
    return Blob.synthetic(limit, "urandom:" + hashlib.sha256(seed.encode()).hexdigest())


def write(node: Node, path: str, size: int) -> None:
    """A write of ``size`` bytes to the device: ``full`` refuses any, the others take and drop them."""
    if size and isinstance(node, Device) and (node.major, node.minor) == FULL:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
