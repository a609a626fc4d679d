"""Who may do what to an inode: the kernel's permission checks, with root's capabilities as it applies them.

:class:`~storagekit.fs.FileSystem` calls these with the credentials of the
process it serves (see ``FileSystem.as_user``); the engines' own work (a
daemon writing ``/var/lib/docker``, runc making mount points) goes unchecked,
as the kernel's does. The rules, from ``fs/namei.c`` and ``fs/attr.c``:

* ``generic_permission``: the owner's bits if the process owns the inode, the
  group's if it is in the group, the others' otherwise. Failing that,
  ``CAP_DAC_OVERRIDE`` grants everything but executing a file no one may
  execute, and ``CAP_DAC_READ_SEARCH`` grants reading files and reading and
  searching directories.
* Creating or removing a name needs write and search on the directory; in a
  sticky directory (``/tmp``) only the owner of the entry or of the directory
  (or ``CAP_FOWNER``) removes or renames it (``EPERM``).
* ``chmod`` and setting a time other than now belong to the owner (or
  ``CAP_FOWNER``); touching to now also to whoever may write. ``chown`` needs
  ``CAP_CHOWN``, but an owner may give the file to a group of their own.
* With ``fs.protected_hardlinks`` (Debian's default) a hard link needs an owned
  file, or a regular file the process may read and write (``EPERM``).
"""

from __future__ import annotations

import copy
import errno
import os
import stat

from storagekit.fs import paths, union
from storagekit.fs.nodes import Dir, File, Node
from storagekit.sim.process import ROOT, Credentials

R_OK, W_OK, X_OK = os.R_OK, os.W_OK, os.X_OK


def _err(code: int, path: str) -> OSError:
    return OSError(code, os.strerror(code), path)


def permitted(node: Node, cred: Credentials, want: int) -> bool:
    """Whether the process may read (4), write (2) and/or execute or search (1) the inode."""
    mode = node.mode
    if cred.uid == node.uid:
        bits = (mode >> 6) & 7
    elif cred.in_group(node.gid):
        bits = (mode >> 3) & 7
    else:
        bits = mode & 7
    if want & ~bits == 0:
        return True
    directory = isinstance(node, Dir)
    if cred.capable("CAP_DAC_OVERRIDE") and (directory or not want & X_OK or mode & 0o111):
        return True
    return cred.capable("CAP_DAC_READ_SEARCH") and (want & ~(R_OK | X_OK) == 0 if directory else want == R_OK)


def check(node: Node, cred: Credentials | None, want: int, path: str) -> None:
    """Raise ``EACCES`` unless the process may; ``cred`` None is the kernel itself."""
    if cred is not None and not permitted(node, cred, want):
        raise _err(errno.EACCES, path)


def owner_or_capable(node: Node, cred: Credentials | None) -> bool:
    """``inode_owner_or_capable``."""
    return cred is None or cred.uid == node.uid or cred.capable("CAP_FOWNER")


def may_delete(parent: Node, victim: Node, cred: Credentials | None, path: str) -> None:
    """``may_delete``: write and search on the directory, and the sticky bit's owner rule."""
    if cred is None:
        return
    check(parent, cred, W_OK | X_OK, path)
    if parent.mode & stat.S_ISVTX and cred.uid not in (victim.uid, parent.uid) and not cred.capable("CAP_FOWNER"):
        raise _err(errno.EPERM, path)


def may_chmod(node: Node, cred: Credentials | None, perm: int, path: str) -> int:
    """The mode ``chmod`` sets: ``EPERM`` for one who neither owns nor has ``CAP_FOWNER``; the setgid bit is
    dropped by one outside the file's group without ``CAP_FSETID``."""
    if not owner_or_capable(node, cred):
        raise _err(errno.EPERM, path)
    if cred is not None and perm & stat.S_ISGID and not cred.in_group(node.gid) and not cred.capable("CAP_FSETID"):
        perm &= ~stat.S_ISGID
    return perm


def may_chown(node: Node, cred: Credentials | None, uid: int, gid: int, path: str) -> None:
    """``chown_ok`` and ``chgrp_ok``: -1 keeps an id; any id given needs the caller to own the file (keeping its
    owner, or choosing a group of their own) or ``CAP_CHOWN``, even when nothing would change."""
    if cred is None or cred.capable("CAP_CHOWN"):
        return
    owner = cred.uid == node.uid
    if uid >= 0 and not (owner and uid == node.uid):
        raise _err(errno.EPERM, path)
    if gid >= 0 and not (owner and (gid == node.gid or cred.in_group(gid))):
        raise _err(errno.EPERM, path)


def killed_by_chown(node: Node) -> int:
    """The mode bits a change of owner clears, whoever makes it: setuid, and setgid where it means set-group-ID
    execution (with group execute); directories keep theirs."""
    if isinstance(node, Dir):
        return 0
    return stat.S_ISUID | (stat.S_ISGID if node.mode & stat.S_IXGRP else 0)


def may_utime(node: Node, cred: Credentials | None, to_now: bool, path: str) -> None:
    """Touching to now: the owner, or one who may write (``EACCES``); any other time: the owner (``EPERM``)."""
    if owner_or_capable(node, cred):
        return
    if not to_now:
        raise _err(errno.EPERM, path)
    check(node, cred, W_OK, path)


def may_link(node: Node, cred: Credentials | None, path: str) -> None:
    """``may_linkat`` under ``fs.protected_hardlinks=1``."""
    if cred is None or owner_or_capable(node, cred):
        return
    if isinstance(node, File) and not node.mode & stat.S_ISUID and permitted(node, cred, R_OK | W_OK):
        return
    raise _err(errno.EPERM, path)


def owner_of_new(parent: Node, cred: Credentials | None, directory: bool) -> tuple[int, int, int]:
    """``inode_init_owner``: the creator's ids, but the directory's group in a setgid directory, whose
    subdirectories are setgid too. Returns ``(uid, gid, extra mode bits)``."""
    uid, gid = (0, 0) if cred is None else (cred.uid, cred.gid)
    if parent.mode & stat.S_ISGID:
        return uid, parent.gid, stat.S_ISGID if directory else 0
    return uid, gid, 0


class Checked:
    """What makes a :class:`~storagekit.fs.FileSystem` a process's view of it (:meth:`as_user`): the checks its
    calls make, and who owns what it creates. Without credentials (``cred`` None) it is the kernel's and the
    engines' own view, and nothing is checked."""

    cred: Credentials | None = None
    """The process this view serves; None: the kernel's and the engines' own work, unchecked."""
    entry = "/"
    """Where the process comes into this file system (a bind mount's source)."""
    _searching = False
    """Whether looking a name up in a directory needs a check (no capability lets the process search any)."""

    def as_user(self, cred: Credentials, *, entry: str = "/") -> Checked:
        """This file system as a process with ``cred`` uses it: the same trees, every call checked.

        ``entry`` is where the process comes in (a bind mount's source): it never
        searches the directories above, so they are not checked.
        """
        view = copy.copy(self)
        view.cred, view.entry = cred, paths.normalize(entry)
        view._searching = not (cred.capable("CAP_DAC_OVERRIDE") or cred.capable("CAP_DAC_READ_SEARCH"))
        return view

    def access(self, path: str, mode: int) -> bool:
        """``access(2)`` (``test -r/-w/-x``): whether the process may read, write or execute (search) ``path``."""
        try:
            node = self.stat(path)
        except OSError:
            return False
        if mode & W_OK and self.readonly:
            return False
        return permitted(node, self.cred or ROOT, mode) if mode else True

    def search(self, path: str) -> None:
        """Raise ``EACCES`` unless the process may look names up in the directory ``path`` (and reach it)."""
        self._check(self.stat(path), X_OK, path)

    def _check(self, node: Node, want: int, path: str) -> None:
        check(node, self.cred, want, path)

    def _may_create(self, parent_dirs: union.Stack, path: str) -> Dir:
        """``may_create``: write and search on the directory that gets the new name, which is returned."""
        parent = parent_dirs[0][1] if parent_dirs else Dir()
        self._check(parent, W_OK | X_OK, path)
        return parent

    def _own(self, node: Node, parent: Node) -> Node:
        """A new inode belongs to its creator (the directory's group in a setgid directory)."""
        node.uid, node.gid, extra = owner_of_new(parent, self.cred, isinstance(node, Dir))
        node.mode |= extra
        return node

    def _entered(self, real: list[str]) -> bool:
        """Whether the process searches this directory itself (it is at or below its entry)."""
        if self.entry == "/":
            return True
        here = "/" + "/".join(real)
        return here == self.entry or here.startswith(self.entry + "/")

    def _may_rename(self, snode: Node, sparent: union.Stack, src: str, dnode: Node | None, dparent: union.Stack,
                    dst: str, moved: bool) -> None:
        """``vfs_rename``'s checks: the old name may go, the new one be made (or replaced), and a directory that
        changes parent must be writable (its ``..`` changes)."""
        may_delete(sparent[0][1], snode, self.cred, src)
        if dnode is None:
            self._may_create(dparent, dst)
        else:
            may_delete(dparent[0][1], dnode, self.cred, dst)
        if isinstance(snode, Dir) and moved:
            self._check(snode, W_OK, src)
