"""A mount namespace: one root file system with other trees mounted over some of its paths.

Inside a container, ``/etc/hosts`` is not the overlay's file but a bind mount of
``/var/lib/docker/containers/<id>/hosts``; a volume or a bind-mounted host
directory works the same way. Reads and writes under a mount point go to the
mounted tree, never to the overlay, which is why they do not show in ``docker
diff`` and survive the container. A rename or hard link across two mounts fails
with ``EXDEV``, and a read-only mount refuses writes with ``EROFS``.

The kernel's account of those mounts, the :class:`~storagekit.fs.mounttable.MountEntry`
list that ``/proc/mounts`` shows, is the namespace's ``table``; ``statfs`` and
``device_of`` answer from it, as the system calls ``df`` makes do.

The namespace offers the same methods as :class:`~storagekit.fs.FileSystem`, so
the shell and every program run on it unchanged. Seen by a process
(:meth:`MountNamespace.as_user`), each mounted tree is checked from its source
down: the directories above a bind mount's source are never searched.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from storagekit.fs import paths
from storagekit.fs.filesystem import FileSystem
from storagekit.fs.mounttable import MountEntry, StatFs, owner
from storagekit.fs.nodes import Node


@dataclass(frozen=True)
class Mount:
    target: str
    """Where it appears in the namespace (absolute, normalised)."""
    fs: FileSystem
    source: str
    """The mounted path inside ``fs`` (a directory or a single file)."""
    readonly: bool = False
    kind: str = "bind"


def _reading(name: str):
    """``FileSystem.<name>`` done in the tree that holds the path (the first argument)."""

    def call(self, path: str, *args, **kwargs):
        fs, rel, _ = self._locate(path)
        return getattr(fs, name)(rel, *args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


def _writing(name: str):
    """The same for a change, refused with ``EROFS`` in a read-only mount."""

    def call(self, path: str, *args, **kwargs):
        fs, rel = self._writable(path)
        return getattr(fs, name)(rel, *args, **kwargs)

    call.__name__ = call.__qualname__ = name
    return call


class MountNamespace:
    def __init__(self, root: FileSystem, mounts: list[Mount],
                 table: Callable[[], Sequence[MountEntry]] | None = None) -> None:
        self.root = root
        self.mounts = sorted(mounts, key=lambda m: len(m.target), reverse=True)
        self._firsts = {m.target.split("/", 2)[1] for m in self.mounts if m.target != "/"}
        self.clock: Callable[[], int] = root.clock
        self.table: Callable[[], Sequence[MountEntry]] = table or (lambda: ())
        """The mounts as the kernel lists them (``/proc/self/mountinfo``), at the moment it is called."""

    @property
    def cred(self):
        return self.root.cred

    def as_user(self, cred) -> MountNamespace:
        """The namespace as a process with ``cred`` sees it (see ``FileSystem.as_user``)."""
        mounts = [Mount(m.target, m.fs.as_user(cred, entry=m.source), m.source, m.readonly,
                        m.kind) for m in self.mounts]
        return MountNamespace(self.root.as_user(cred), mounts, self.table)

    def mount_of(self, path: str) -> MountEntry | None:
        """The table's entry for the mount ``path`` lives on (after symlinks), or None without a table."""
        try:
            path = self.realpath(path)
        except OSError:
            path = paths.normalize(path)
        return owner(self.table(), path)

    def statfs(self, path: str) -> StatFs:
        """``statfs(2)``: the numbers of the filesystem ``path`` is on. ``OSError`` if it does not exist."""
        self.stat(path)
        entry = self.mount_of(path)
        if entry is None:
            raise OSError(errno.ENOSYS, os.strerror(errno.ENOSYS), path)
        return entry.statfs()

    def device_of(self, path: str) -> str:
        """``st_dev`` of ``path`` as ``major:minor``: its mount's device ("" without a table)."""
        entry = self.mount_of(path)
        return entry.device if entry is not None else ""

    # --------------------------------------------------------------- lookup

    def _match(self, path: str) -> tuple[FileSystem, str, Mount | None] | None:
        for m in self.mounts:
            if path == m.target or path.startswith(m.target.rstrip("/") + "/"):
                return m.fs, m.source.rstrip("/") + path[len(m.target.rstrip("/")):] or "/", m
        return None

    def _locate(self, path: str) -> tuple[FileSystem, str, Mount | None]:
        norm = paths.normalize(path)
        found = self._match(norm)
        if found is None and norm != "/" and self._may_reach_mount(norm):
            try:
                parent = self.root.realpath(paths.parent(norm))
            except OSError:
                parent = None
            if parent is not None:
                found = self._match(paths.normalize(parent + "/" + paths.basename(norm)))
        if found is None:
            return self.root, path, None
        fs, rel, mount = found
        if self.root._searching and mount is not None:  # the path walks down to the mount point first
            self.root.search(paths.parent(mount.target))
        if path.endswith("/") and not rel.endswith("/"):
            rel += "/"
        return fs, rel, mount

    def _may_reach_mount(self, norm: str) -> bool:
        """Whether resolving symlinks in ``norm`` could lead under a mount point (a cheap first test).

        Only paths that start in the same top-level directory as a mount, or start
        with a symlink (``/bin``, ``/lib`` on merged-/usr systems), need the slow check.
        """
        first = norm.split("/", 2)[1]
        if first in self._firsts:
            return True
        entry = self.root.top_entry(first)
        return entry is not None and entry.mode & 0o170000 == 0o120000

    def _writable(self, path: str) -> tuple[FileSystem, str]:
        fs, rel, mount = self._locate(path)
        if mount is not None and mount.readonly:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), path)
        return fs, rel

    # ---------------------------------------------------------------- reads

    lstat, stat, exists, lexists, isdir, isfile, read, blob, readlink = map(_reading, (
        "lstat", "stat", "exists", "lexists", "isdir", "isfile", "read", "blob", "readlink"))

    def access(self, path: str, mode: int) -> bool:
        try:
            fs, rel, mount = self._locate(path)
        except OSError:
            return False
        if mode & 2 and mount is not None and mount.readonly:
            return False
        return fs.access(rel, mode)

    def is_merged_dir(self, path: str) -> bool:
        fs, rel, _ = self._locate(path)
        return fs.is_merged_dir(rel) if hasattr(fs, "is_merged_dir") else False

    def realpath(self, path: str) -> str:
        fs, rel, mount = self._locate(path)
        real = fs.realpath(rel)
        if mount is None:
            return real
        return paths.normalize(mount.target + "/" + real[len(mount.source.rstrip("/")):])

    def scandir(self, path: str) -> dict[str, Node]:
        fs, rel, _ = self._locate(path)
        entries = fs.scandir(rel)
        base = paths.normalize(path)
        for m in self.mounts:
            if paths.parent(m.target) == base and paths.basename(m.target) not in entries:
                entries[paths.basename(m.target)] = m.fs.lstat(m.source)
        return dict(sorted(entries.items()))

    def listdir(self, path: str) -> list[str]:
        return list(self.scandir(path))

    def walk(self, path: str = "/") -> Iterator[tuple[str, Node]]:
        for name, node in self.scandir(path).items():
            child = path.rstrip("/") + "/" + name
            yield child, node
            if self.isdir(child) and not stat.S_ISLNK(self.lstat(child).mode):
                yield from self.walk(child)

    # --------------------------------------------------------------- writes

    write, chmod, chown, utime, mknod, put, attach = map(_writing, (
        "write", "chmod", "chown", "utime", "mknod", "put", "attach"))

    def mkdir(self, path: str, perm: int = 0o755, *, parents: bool = False, exist_ok: bool = False) -> None:
        if parents:
            for built in paths.prefixes(path):
                if not self.isdir(built):
                    self.mkdir(built, perm, exist_ok=True)
            return
        fs, rel = self._writable(path)
        fs.mkdir(rel, perm, exist_ok=exist_ok)

    def unlink(self, path: str) -> None:
        self._refuse_mount_point(path)
        fs, rel = self._writable(path)
        fs.unlink(rel)

    def rmdir(self, path: str) -> None:
        self._refuse_mount_point(path)
        fs, rel = self._writable(path)
        fs.rmdir(rel)

    def _refuse_mount_point(self, path: str) -> None:
        if any(paths.normalize(path) == m.target for m in self.mounts):
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), path)

    def _same(self, a: str, b: str) -> tuple[FileSystem, str, str]:
        fa, ra = self._writable(a)
        fb, rb = self._writable(b)
        if fa is not fb:
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), a)
        return fa, ra, rb

    def rename(self, src: str, dst: str) -> None:
        self._refuse_mount_point(src)
        fs, a, b = self._same(src, dst)
        fs.rename(a, b)

    def link(self, src: str, dst: str) -> None:
        fs, a, b = self._same(src, dst)
        fs.link(a, b)

    def symlink(self, target: str, path: str) -> None:
        fs, rel = self._writable(path)
        fs.symlink(target, rel)
