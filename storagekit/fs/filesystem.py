"""A file system over a stack of trees, with the rules of Linux's overlayfs.

One class serves every place a shell can run: the host (a single writable tree),
a build step or a container (a writable upper tree over read-only lower layers),
and an image's read-only root. With no lower layers the overlay rules never
apply and it behaves as a plain disk file system.

The overlay rules are those of the kernel as Docker mounts it (no
``redirect_dir``, ``index`` or ``metacopy``):

* a lookup walks the layers from the top; a whiteout hides lower entries and an
  opaque directory hides lower directories' children;
* the first change to a lower entry (write, append, truncate, chmod, chown,
  utime, link) copies the whole file up, parents first (as directories only);
* deleting an entry that a lower layer has leaves a whiteout (a 0:0 character
  device); creating a directory over an upper whiteout makes it opaque;
* renaming a directory that a lower layer has fails with ``EXDEV``; renaming an
  upper-only directory works, and marks it opaque if a lower layer has its new
  parent;
* copy-up makes a new inode, so it breaks hard links.

A view made by :meth:`FileSystem.as_user` serves one process: every call is
checked against its credentials as the kernel checks them
(:mod:`~storagekit.fs.access`), and what it creates is its own. Copy-up is the
kernel's own work and is never refused.

Errors are ``OSError`` with the kernel's errno, so callers print them the way
the real tools do (``strerror``) and tests compare errno with the kernel's.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator, Sequence

from storagekit.fs import access, devices, paths, union
from storagekit.fs.daemon import DaemonOps
from storagekit.fs.nodes import EMPTY, Blob, Device, Dir, File, Node, Symlink, whiteout
from storagekit.sim.events import EventLog

MAXSYMLINKS = 40


def _err(code: int, path: str) -> OSError:
    return OSError(code, os.strerror(code), path)


def _kind(node: Node) -> str:
    return "dir" if isinstance(node, Dir) else "symlink" if isinstance(node, Symlink) else "file"


class FileSystem(access.Checked, DaemonOps):
    """A mounted file system: ``upper`` is written, ``lowers`` (top first) are read only.

    >>> fs = FileSystem(Dir())
    >>> fs.mkdir("/etc"); fs.write("/etc/hostname", b"box\\n")
    >>> fs.read("/etc/hostname"), fs.listdir("/etc")
    (b'box\\n', ['hostname'])
    """

    def __init__(
        self,
        upper: Dir | None,
        lowers: Sequence[Dir] = (),
        *,
        clock: Callable[[], int] | None = None,
        events: EventLog | None = None,
        source: str = "",
    ) -> None:
        self.upper = upper
        """The writable tree, or ``None`` for a read-only view of ``lowers``."""
        self.lowers = list(lowers)
        self.layers: list[Dir] = ([upper] if upper is not None else []) + self.lowers
        self.clock = clock or (lambda: 0)
        self.events = events
        self.source = source
        """Whose overlay this is (a container id), named in the events it emits."""
        self._overlay = bool(self.lowers)
        """Whether the overlay's rules apply (with no lower layer a whiteout is just a device)."""
        self._root = union.root(self.layers)
        """The merged root: the layers' roots down to the first opaque one (a layer's root never changes)."""
        self.cred, self.entry, self._searching = None, "/", False  # see access.Checked

    @property
    def readonly(self) -> bool:
        return self.upper is None

    # ------------------------------------------------------------------ lookup

    def top_entry(self, name: str) -> Node | None:
        """The visible entry ``/name`` (a cheap first look, before resolving a whole path)."""
        return union.peek(self._root_dirs(), name, self._overlay)[0]

    def _root_dirs(self) -> union.Stack:
        return self._root

    def _child(self, dirs: union.Stack, name: str) -> tuple[Node | None, union.Stack, int]:
        return union.lookup(dirs, name, whiteouts=self._overlay)

    def _resolve(self, path: str, follow: bool = True) -> tuple[str, Node | None, union.Stack, union.Stack]:
        """Resolve ``path`` (absolute) following symlinks in every component but maybe the last.

        Returns ``(real_path, node, dirs_of_node, dirs_of_parent)``; ``node`` is None when the
        last component does not exist (the parent must). Raises ENOENT/ENOTDIR/ELOOP otherwise.
        """
        follow = follow or path.endswith("/")  # a trailing slash resolves a symlink, as the kernel does
        todo = paths.split(path)
        todo.reverse()
        root = (self.layers[0] if self.layers else Dir(), self._root_dirs())
        stack: list[tuple[Node, union.Stack]] = [root]
        real: list[str] = []
        links = 0
        while todo:
            name = todo.pop()
            node, dirs = stack[-1]
            if self._searching and isinstance(node, Dir) and self._entered(real):
                self._check(node, access.X_OK, path)
            if name == "..":
                if len(stack) > 1:
                    stack.pop()
                    real.pop()
                continue
            if not isinstance(node, Dir):
                raise _err(errno.ENOTDIR, path)
            child, sub, _ = union.lookup(dirs, name, self._overlay)
            if child is None:
                if not todo:
                    return "/" + "/".join(real + [name]), None, [], dirs
                raise _err(errno.ENOENT, path)
            if isinstance(child, Symlink) and (follow or todo):
                links += 1
                if links > MAXSYMLINKS:
                    raise _err(errno.ELOOP, path)
                target = paths.split(child.target)
                todo.extend(reversed(target))
                if child.target.startswith("/"):
                    del stack[1:]
                    real = []
                continue
            real.append(name)
            stack.append((child, sub))
        node, dirs = stack[-1]
        parent_dirs = stack[-2][1] if len(stack) > 1 else dirs
        if path.endswith("/") and real and not isinstance(node, Dir):
            raise _err(errno.ENOTDIR, path)
        return "/" + "/".join(real), node, dirs, parent_dirs

    def lstat(self, path: str) -> Node:
        _, node, _, _ = self._resolve(path, follow=False)
        if node is None:
            raise _err(errno.ENOENT, path)
        return node

    def stat(self, path: str) -> Node:
        _, node, _, _ = self._resolve(path, follow=True)
        if node is None:
            raise _err(errno.ENOENT, path)
        return node

    def _is(self, path: str, kind: type, follow: bool = True) -> bool:
        try:
            return isinstance(self.stat(path) if follow else self.lstat(path), kind)
        except OSError:
            return False

    def exists(self, path: str) -> bool:
        return self._is(path, Node)

    def lexists(self, path: str) -> bool:
        return self._is(path, Node, follow=False)

    def isdir(self, path: str) -> bool:
        return self._is(path, Dir)

    def isfile(self, path: str) -> bool:
        return self._is(path, File)

    def realpath(self, path: str) -> str:
        real, _, _, _ = self._resolve(path)
        return real

    def scandir(self, path: str) -> dict[str, Node]:
        """The visible entries of a directory, merged over the layers, sorted by name (reading needs ``r``)."""
        _, node, dirs, _ = self._resolve(path)
        if node is None:
            raise _err(errno.ENOENT, path)
        if not isinstance(node, Dir):
            raise _err(errno.ENOTDIR, path)
        self._check(node, access.R_OK, path)
        return union.entries(dirs, whiteouts=self._overlay)

    def _listing(self, real: str) -> dict[str, Node]:
        """A directory's entries as the kernel itself sees them (is it empty?), with no permission asked."""
        return union.entries(self._resolve(real)[2], whiteouts=self._overlay)

    def layer_of(self, path: str) -> int | None:
        """Which layer shows the entry at ``path`` (an index into :attr:`layers`, 0 being the upper one), or None
        when nothing is visible there; a symlink is not followed."""
        try:
            real, node, dirs, parent_dirs = self._resolve(path, follow=False)
        except OSError:
            return None
        if node is None:
            return None
        if real == "/":
            return dirs[0][0] if dirs else 0
        return self._child(parent_dirs, paths.basename(real))[2]

    def is_merged_dir(self, path: str) -> bool:
        """Whether more than one layer makes up this directory (the kernel then reports ``st_nlink`` 1)."""
        try:
            _, node, dirs, _ = self._resolve(path)
        except OSError:
            return False
        return isinstance(node, Dir) and len(dirs) > 1

    def listdir(self, path: str) -> list[str]:
        return list(self.scandir(path))

    def read(self, path: str, limit: int | None = None) -> bytes:
        return self.blob(path, limit).read()

    def blob(self, path: str, limit: int | None = None) -> Blob:
        """The content of a file (its first ``limit`` bytes), or what a device gives (see
        :mod:`~storagekit.fs.devices`)."""
        node = self.stat(path)
        self._check(node, access.R_OK, path)
        if isinstance(node, Dir):
            raise _err(errno.EISDIR, path)
        if isinstance(node, Device):
            return devices.read(node, path, limit, self.clock())
        if not isinstance(node, File):
            return EMPTY
        if limit is not None and node.blob.size > limit:
            return Blob.from_bytes(node.blob.read()[:limit])
        return node.blob

    def readlink(self, path: str) -> str:
        node = self.lstat(path)
        if not isinstance(node, Symlink):
            raise _err(errno.EINVAL, path)
        return node.target

    def walk(self, path: str = "/") -> Iterator[tuple[str, Node]]:
        """Every entry below ``path`` (merged view, not following symlinks), parents first, sorted."""
        for name, node in self.scandir(path).items():
            child = path.rstrip("/") + "/" + name
            yield child, node
            if isinstance(node, Dir):
                yield from self.walk(child)

    # ---------------------------------------------------------------- copy-up

    def _check_writable(self, path: str) -> Dir:
        if self.upper is None:
            raise _err(errno.EROFS, path)
        return self.upper

    def _in_lower(self, parent_dirs: union.Stack, name: str) -> bool:
        """Whether a lower layer shows ``name`` in this merged directory (so deleting it needs a whiteout)."""
        below = [(index, d) for index, d in parent_dirs if index > 0]
        return bool(self.lowers) and self._child(below, name)[0] is not None

    def _upper_dir(self, real: str) -> Dir:
        """The upper-layer directory for an existing merged directory, copying it (and parents) up."""
        upper = self._check_writable(real)
        if upper.frozen:
            upper.thaw()
        d = upper
        dirs = self._root_dirs()
        walked = ""
        for name in paths.split(real):
            walked += "/" + name
            node, sub, _ = self._child(dirs, name)
            if not isinstance(node, Dir):
                raise _err(errno.ENOTDIR if node is not None else errno.ENOENT, real)
            child = d.children.get(name)
            if not isinstance(child, Dir):
                child = node.copy()
                d.children[name] = child
                self._emit("CopiedUp", walked, type="dir")
            elif child.frozen:
                child.thaw()
            d, dirs = child, sub
        return d

    def _copy_up(self, real: str) -> Node:
        """Make the entry at ``real`` live in the upper layer and return the upper node."""
        if not paths.split(real):  # the root: the upper layer's own directory (a volume's root is chmod-ed)
            return self._upper_dir(real)
        parent_path, name = paths.parent(real), paths.basename(real)
        pdir = self._upper_dir(parent_path)
        node = pdir.children.get(name)
        if isinstance(node, Dir) and node.frozen:
            node.thaw()
        if node is not None and not node.is_whiteout():
            return node
        lower = self.lstat(real)
        new = lower.copy()
        if isinstance(new, Dir):
            new.opaque = False
        pdir.children[name] = new
        self._emit("CopiedUp", real, type=_kind(new), size=lower.size)
        return new

    def _emit(self, kind: str, subject: str, **detail) -> None:
        """Tell the event log what the overlay did: ``CopiedUp``, ``WhiteoutCreated``, ``OpaqueDirCreated``,
        ``Created`` (a new entry in the upper layer)."""
        if self.events is not None and self.lowers:
            self.events.emit(kind, subject, source=self.source, **detail)

    def _touch_dir(self, d: Dir) -> None:
        d.mtime = self.clock()

    def _place(self, real: str, node: Node, parent_dirs: union.Stack) -> None:
        """Put a new entry where none is visible; over an upper whiteout a directory becomes opaque.

        Only the upper layer's whiteout counts, as in the kernel: a whiteout in a
        lower layer already stops the lookup below it, so the new directory there
        is a plain one.
        """
        name = paths.entry_name(real)
        pdir = self._upper_dir(paths.parent(real))
        previous = pdir.children.get(name)
        if isinstance(node, Dir) and self.lowers and previous is not None and previous.is_whiteout():
            node.opaque = True
            self._emit("OpaqueDirCreated", real)
        pdir.children[name] = node
        self._emit("Created", real, type=_kind(node))
        self._touch_dir(pdir)

    # -------------------------------------------------------------- mutations

    def write(self, path: str, data: bytes | Blob, *, append: bool = False, perm: int = 0o644) -> None:
        """Create or overwrite (or append to) a regular file, following symlinks."""
        self._check_writable(path)
        blob = data if isinstance(data, Blob) else Blob.from_bytes(data)
        real, node, _, parent_dirs = self._resolve(path)
        if node is None:
            parent = self._may_create(parent_dirs, path)
            self._place(real, self._own(File(blob, perm, mtime=self.clock()), parent), parent_dirs)
            return
        if isinstance(node, Dir):
            raise _err(errno.EISDIR, path)
        self._check(node, access.W_OK, path)
        if not isinstance(node, File):
            devices.write(node, path, blob.size)
            return
        up = self._copy_up(real)  # opening a lower file for writing copies it up
        assert isinstance(up, File)
        if append and not blob.size:
            return  # opened for appending, nothing written: the file stays as it is
        if append:
            blob = Blob.appended(up.blob, blob)
        up.blob = blob
        up.mtime = self.clock()

    def mkdir(self, path: str, perm: int = 0o755, *, parents: bool = False, exist_ok: bool = False) -> None:
        self._check_writable(path)
        if parents:
            for built in paths.prefixes(path):
                if not self.isdir(built):
                    self.mkdir(built, perm, exist_ok=True)
            return
        real, node, _, parent_dirs = self._resolve(path, follow=False)
        if node is not None:
            if exist_ok and isinstance(self.stat(path), Dir):
                return
            raise _err(errno.EEXIST, path)
        parent = self._may_create(parent_dirs, path)
        self._place(real, self._own(Dir(perm, mtime=self.clock()), parent), parent_dirs)

    def unlink(self, path: str) -> None:
        self._check_writable(path)
        real, node, _, parent_dirs = self._resolve(path, follow=False)
        if node is None:
            raise _err(errno.ENOENT, path)
        access.may_delete(parent_dirs[0][1], node, self.cred, path)
        if isinstance(node, Dir):
            raise _err(errno.EISDIR, path)
        self._remove(real, parent_dirs)

    def rmdir(self, path: str) -> None:
        self._check_writable(path)
        real, node, _, parent_dirs = self._resolve(path, follow=False)
        if node is None:
            raise _err(errno.ENOENT, path)
        if real == "/":
            raise _err(errno.EBUSY, path)
        access.may_delete(parent_dirs[0][1], node, self.cred, path)
        if not isinstance(node, Dir):
            raise _err(errno.ENOTDIR, path)
        if self._listing(real):
            raise _err(errno.ENOTEMPTY, path)
        self._remove(real, parent_dirs)

    def _remove(self, real: str, parent_dirs: union.Stack) -> None:
        name = paths.basename(real)
        pdir = self._upper_dir(paths.parent(real))
        if self._in_lower(parent_dirs, name):
            pdir.children[name] = whiteout(self.clock())
            self._emit("WhiteoutCreated", real)
        else:
            node = pdir.children.pop(name, None)
            if isinstance(node, File):
                node.nlink = max(1, node.nlink - 1)
        self._touch_dir(pdir)

    def rename(self, src: str, dst: str) -> None:
        self._check_writable(src)
        sreal, snode, sdirs, sparent = self._resolve(src, follow=False)
        if snode is None:
            raise _err(errno.ENOENT, src)
        dreal, dnode, _, dparent = self._resolve(dst, follow=False)
        upper_inode = any(idx == 0 and paths.basename(sreal) in d.children for idx, d in sparent)
        if sreal == dreal or (snode is dnode and upper_inode):
            return  # the same name, or two names of one upper inode: rename(2) does nothing
        if sreal.startswith(dreal.rstrip("/") + "/"):
            raise _err(errno.ENOTEMPTY, dst)  # the target is an ancestor of the source
        if isinstance(snode, Dir) and dreal.startswith(sreal.rstrip("/") + "/"):
            raise _err(errno.EINVAL, src)
        self._may_rename(snode, sparent, src, dnode, dparent, dst, paths.parent(sreal) != paths.parent(dreal))
        if isinstance(snode, Dir):
            # The kernel's order: the VFS checks first, then overlayfs's EXDEV, then emptiness.
            if dnode is not None and not isinstance(dnode, Dir):
                raise _err(errno.ENOTDIR, dst)
            if any(idx > 0 or self.upper is None for idx, _ in sdirs):
                raise _err(errno.EXDEV, src)
            if dnode is not None and self._listing(dreal):
                raise _err(errno.ENOTEMPTY, dst)
        elif isinstance(dnode, Dir):
            raise _err(errno.EISDIR, dst)
        # An upper-only directory moved into a directory that a lower layer also
        # has is marked opaque, so no lower entry of the new name shows through.
        merged_parent = any(idx > 0 for idx, _ in dparent)
        moved = self._copy_up(sreal)
        self._remove(sreal, sparent)
        if dnode is not None:
            self._remove(dreal, dparent)
        if isinstance(moved, Dir) and self.lowers and merged_parent:
            moved.opaque = True
        pdir = self._upper_dir(paths.parent(dreal))
        pdir.children[paths.entry_name(dreal)] = moved
        self._emit("Created", dreal, type=_kind(moved))
        self._touch_dir(pdir)

    def symlink(self, target: str, path: str) -> None:
        self._check_writable(path)
        real, node, _, parent_dirs = self._resolve(path, follow=False)
        if node is not None:
            raise _err(errno.EEXIST, path)
        parent = self._may_create(parent_dirs, path)
        self._place(real, self._own(Symlink(target, mtime=self.clock()), parent), parent_dirs)

    def link(self, src: str, dst: str) -> None:
        """A hard link: both names share one inode (after copying it up)."""
        self._check_writable(dst)
        sreal, snode, _, _ = self._resolve(src, follow=False)
        if snode is None:
            raise _err(errno.ENOENT, src)
        dreal, dnode, _, dparent = self._resolve(dst, follow=False)
        if dnode is not None:
            raise _err(errno.EEXIST, dst)  # the kernel looks the new name up before it looks at the source
        access.may_link(snode, self.cred, src)
        self._may_create(dparent, dst)
        if isinstance(snode, Dir):
            raise _err(errno.EPERM, src)
        up = self._copy_up(sreal)
        if isinstance(up, File):
            up.nlink += 1
        self._place(dreal, up, dparent)

    def chmod(self, path: str, perm: int) -> None:
        self._check_writable(path)
        real, node, _, _ = self._resolve(path)
        if node is None:
            raise _err(errno.ENOENT, path)
        perm = access.may_chmod(node, self.cred, perm, path)
        up = self._copy_up(real)
        up.mode = (up.mode & ~0o7777) | (perm & 0o7777)

    def chown(self, path: str, uid: int, gid: int, *, follow: bool = True) -> None:
        self._check_writable(path)
        real, node, _, _ = self._resolve(path, follow=follow)
        if node is None:
            raise _err(errno.ENOENT, path)
        access.may_chown(node, self.cred, uid, gid, path)
        up = self._copy_up(real)
        if uid >= 0:
            up.uid = uid
        if gid >= 0:
            up.gid = gid
        up.mode &= ~access.killed_by_chown(up)

    def utime(self, path: str, mtime: int | None = None) -> None:
        self._check_writable(path)
        real, node, _, _ = self._resolve(path)
        if node is None:
            raise _err(errno.ENOENT, path)
        access.may_utime(node, self.cred, mtime is None, path)
        up = self._copy_up(real)
        up.mtime = self.clock() if mtime is None else mtime

    def mknod(self, path: str, major: int, minor: int, perm: int = 0o666) -> None:
        self._check_writable(path)
        real, node, _, parent_dirs = self._resolve(path, follow=False)
        if node is not None:
            raise _err(errno.EEXIST, path)
        parent = self._may_create(parent_dirs, path)
        if self.cred is not None and not self.cred.capable("CAP_MKNOD"):
            raise _err(errno.EPERM, path)
        self._place(real, self._own(Device(major, minor, perm, mtime=self.clock()), parent), parent_dirs)
