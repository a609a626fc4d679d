"""POSIX path handling for the simulated trees (always ``/``-separated, never the real OS's)."""

from __future__ import annotations

import contextlib
import errno
import os
import posixpath
from collections.abc import Callable


def split(path: str) -> list[str]:
    """Components of an absolute or relative path, without empty parts or ``.``.

    ``..`` is kept: it must be resolved against the tree, not textually, when symlinks are involved.
    """
    return [p for p in path.split("/") if p and p != "."]


def join(base: str, path: str) -> str:
    """``path`` taken relative to ``base`` unless it is absolute (as a shell resolves it)."""
    return path if path.startswith("/") else posixpath.join(base, path)


def normalize(path: str) -> str:
    """Textual clean-up (``//``, ``.``, ``..``) of an absolute path; ``/`` stays ``/``."""
    out: list[str] = []
    for part in split(path):
        if part == "..":
            if out:
                out.pop()
        else:
            out.append(part)
    return "/" + "/".join(out)


def physical(path: str, realpath: Callable[[str], str]) -> str:
    """An absolute path cleaned as the kernel walks it: ``..`` goes up from where the path really is after the
    symlinks before it (``/lib/..`` is ``/usr`` where ``/lib`` links to ``usr/lib``), not from its spelling.

    ``realpath`` resolves a directory's path; where it fails the rest is cleaned textually, and the lookup that
    follows reports the error the kernel would.
    """
    out: list[str] = []
    for part in split(path):
        if part != "..":
            out.append(part)
            continue
        if out:
            with contextlib.suppress(OSError):
                out = split(realpath("/" + "/".join(out)))
        if out:
            out.pop()
    return "/" + "/".join(out)


def parent(path: str) -> str:
    return posixpath.dirname(normalize(path))


def basename(path: str) -> str:
    return posixpath.basename(path.rstrip("/")) or "/"


def prefixes(path: str) -> list[str]:
    """Each directory on the way to ``path`` and ``path`` itself (``/a``, ``/a/b``): what ``mkdir -p`` makes."""
    parts = split(normalize(path))
    return ["/" + "/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def entry_name(path: str) -> str:
    """The name a new entry at the resolved absolute ``path`` takes in its directory. The kernel stores no entry
    named ``""``, ``.`` or ``..`` or with a ``/`` in it, and the root is always there: ``EEXIST``, as ``mkdir /``
    says. Every place that links a new entry checks here, so no tree ever holds such a name or a cycle through one.
    """
    name = basename(path)
    if name in ("", ".", "..", "/") or "/" in name:
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), path)
    return name
