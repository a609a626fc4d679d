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

import errno
import os
import stat

from storagekit.fs.nodes import Dir, File, Node
from storagekit.sim.process import Credentials

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
    """``chown_ok`` and ``chgrp_ok``: -1 keeps an id; giving a file away needs ``CAP_CHOWN``."""
    if cred is None or cred.capable("CAP_CHOWN"):
        return
    if uid >= 0 and uid != node.uid:
        raise _err(errno.EPERM, path)
    if gid >= 0 and gid != node.gid and not (cred.uid == node.uid and cred.in_group(gid)):
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
