"""``/proc`` (and a bare ``/sys``) as a process sees it: its namespace's mount table, written out when read.

Only the files that show mounts are simulated (``/proc/mounts``, a link to
``self/mounts``, and ``/proc/self/mountinfo``), with the entries runc protects
(``/proc/sys``, ``/proc/kcore``...) present so that their mounts have a place.
As in the kernel, the files have size 0 and their content is made on each read,
so it is always the table of the moment. procfs takes no new files: a write
fails with ``EACCES``.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Sequence

from storagekit.fs.filesystem import FileSystem
from storagekit.fs.mounttable import MountEntry, mountinfo, proc_mounts
from storagekit.fs.nodes import Blob, Dir, File, Symlink

DIRS = ("acpi", "bus", "fs", "irq", "scsi", "sys")
FILES = ("filesystems", "interrupts", "kcore", "keys", "sysrq-trigger", "timer_list")
GENERATED: dict[str, Callable[[Sequence[MountEntry]], str]] = {
    "/self/mounts": proc_mounts, "/self/mountinfo": mountinfo,
}


def proc_tree(mtime: int = 0) -> Dir:
    root = Dir(0o555, mtime=mtime)
    for name in DIRS:
        root.children[name] = Dir(0o555, mtime=mtime)
    for name in FILES:
        root.children[name] = File(perm=0o200 if name == "sysrq-trigger" else 0o444, mtime=mtime)
    own = root.children["self"] = Dir(0o555, mtime=mtime)
    for name in ("mounts", "mountinfo"):
        own.children[name] = File(perm=0o444, mtime=mtime)
    root.children["mounts"] = Symlink("self/mounts", mtime=mtime)
    return root


def sys_tree(mtime: int = 0) -> Dir:
    """The directories of ``/sys`` that a container's mounts sit on (``fs/cgroup``, ``firmware``)."""
    root = Dir(0o555, mtime=mtime)
    for path in ("fs/cgroup", "firmware", "devices", "kernel"):
        d = root
        for name in path.split("/"):
            d = d.children.setdefault(name, Dir(0o755, mtime=mtime))  # type: ignore[assignment]
    return root


class ProcFS(FileSystem):
    """procfs for one namespace: ``table`` gives the namespace's mounts at the moment of a read."""

    def __init__(self, table: Callable[[], Sequence[MountEntry]], clock=None) -> None:
        tree = proc_tree(clock() if clock else 0)
        super().__init__(None, [tree], clock=clock)
        self.table = table

    def blob(self, path: str, limit: int | None = None) -> Blob:
        node = self.stat(path)
        render = GENERATED.get(self.realpath(path)) if isinstance(node, File) else None
        if render is None:
            return super().blob(path, limit)
        data = render(self.table()).encode()
        return Blob.from_bytes(data if limit is None else data[:limit])

    def _check_writable(self, path: str) -> Dir:
        raise OSError(errno.EACCES, os.strerror(errno.EACCES), path)
