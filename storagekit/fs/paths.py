"""POSIX path handling for the simulated trees (always ``/``-separated, never the real OS's)."""

from __future__ import annotations

import posixpath


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


def parent(path: str) -> str:
    return posixpath.dirname(normalize(path))


def basename(path: str) -> str:
    return posixpath.basename(path.rstrip("/")) or "/"


def prefixes(path: str) -> list[str]:
    """Each directory on the way to ``path`` and ``path`` itself (``/a``, ``/a/b``): what ``mkdir -p`` makes."""
    parts = split(normalize(path))
    return ["/" + "/".join(parts[:i]) for i in range(1, len(parts) + 1)]
