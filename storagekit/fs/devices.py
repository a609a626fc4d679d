"""Character devices a container's ``/dev`` holds, and what reading them gives.

runc mounts a small tmpfs at ``/dev`` in every container with the devices the
OCI runtime spec requires (``null``, ``zero``, ``full``, ``random``,
``urandom``, ``tty``) and the usual links into ``/proc``. Reading ``zero``
gives zero bytes and ``urandom`` random ones, endlessly, so a reader says how
many it wants (``head -c``, ``dd count=``). The random bytes here come from a
seed, so a notebook's outputs repeat.
"""

from __future__ import annotations

import hashlib

from storagekit.fs.nodes import Blob, Device, Dir, Node, Symlink

NULL, ZERO, FULL, RANDOM, URANDOM, TTY = (1, 3), (1, 5), (1, 7), (1, 8), (1, 9), (5, 0)
DEVICES = {"null": NULL, "zero": ZERO, "full": FULL, "random": RANDOM, "urandom": URANDOM, "tty": TTY}
LINKS = {"fd": "/proc/self/fd", "stdin": "/proc/self/fd/0", "stdout": "/proc/self/fd/1",
         "stderr": "/proc/self/fd/2", "core": "/proc/kcore", "ptmx": "pts/ptmx"}


def dev_tree(mtime: int = 0) -> Dir:
    """The container's ``/dev`` as runc makes it: devices 0666, ``pts``, ``shm`` (1777) and ``mqueue``."""
    root = Dir(0o755, mtime=mtime)
    for name, (major, minor) in DEVICES.items():
        root.children[name] = Device(major, minor, 0o666, mtime=mtime)
    for name, target in LINKS.items():
        root.children[name] = Symlink(target, mtime=mtime)
    root.children["pts"] = Dir(0o755, mtime=mtime)
    root.children["shm"] = Dir(0o1777, mtime=mtime)
    root.children["mqueue"] = Dir(0o1777, mtime=mtime)
    return root


def endless(node: Node) -> bool:
    """Whether reading ``node`` never reaches an end (``zero``, ``full``, ``random``, ``urandom``)."""
    return isinstance(node, Device) and (node.major, node.minor) in (ZERO, FULL, RANDOM, URANDOM)


def device_blob(node: Node, size: int, seed: str) -> Blob:
    """The first ``size`` bytes a read of ``node`` returns; ``seed`` makes random bytes repeatable."""
    if not isinstance(node, Device) or (node.major, node.minor) in (NULL, TTY):
        return Blob.from_bytes(b"")
    if (node.major, node.minor) in (ZERO, FULL):
        return Blob.zeros(size)
    return Blob.synthetic(size, "urandom:" + hashlib.sha256(seed.encode()).hexdigest())
