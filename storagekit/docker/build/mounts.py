"""``RUN --mount``: cache, secret, bind and tmpfs mounts that exist only while one RUN runs.

What is written under a mount never reaches the step's layer: a cache mount
keeps it in the builder for the next build (``apt`` and ``pip`` caches), a
secret is readable during the step and gone after it, and a bind mount shows
context files without copying them into the image. The cache key records each
mount's options and, for bind mounts, a checksum of what is bound; never a
secret's value or a cache's contents (BuildKit ``dockerfile2llb/convert_runmount.go``).
"""

from __future__ import annotations

import csv
import io
import posixpath
from dataclasses import dataclass

from storagekit.fs import FileSystem
from storagekit.fs.nodes import Blob, File, Node

KEYS = {
    "type", "target", "dst", "destination", "source", "src", "from", "id", "sharing", "mode", "uid", "gid",
    "readonly", "ro", "rw", "readwrite", "required", "size", "env",
}
TYPES = ("bind", "cache", "tmpfs", "secret", "ssh")


class MountError(ValueError):
    pass


@dataclass
class MountSpec:
    type: str
    target: str
    source: str = ""
    from_: str = ""
    id: str = ""
    required: bool = False
    mode: int | None = None
    readonly: bool = False
    env: str = ""
    """A secret's ``env=``: the variable that holds it while the step runs (Dockerfile 1.10+)."""


def parse(text: str, workdir: str) -> MountSpec:
    """Parse one ``--mount`` value as BuildKit does (CSV of ``key=value``; ``type`` defaults to bind)."""
    try:
        fields = next(csv.reader(io.StringIO(text)))
    except (csv.Error, StopIteration):
        raise MountError(f"invalid mount: {text}") from None
    values: dict[str, str] = {}
    for field in fields:
        key, eq, value = field.partition("=")
        key = key.strip().lower()
        if key not in KEYS:
            raise MountError(f"unexpected key '{key}' in '{field}'")
        if not eq and key not in ("readonly", "ro", "rw", "readwrite", "required"):
            raise MountError(f"invalid field '{field}' must be a key=value pair")
        values[key] = value if eq else "true"
    kind = values.get("type", "bind").lower()
    if kind not in TYPES:
        raise MountError(f"unsupported mount type \"{kind}\"")
    target = values.get("target") or values.get("dst") or values.get("destination") or ""
    sid = values.get("id", "")
    env = values.get("env", "") if kind == "secret" else ""
    if kind == "secret" and not target and not env:
        target = f"/run/secrets/{sid or posixpath.basename(values.get('source', ''))}"
    if kind == "secret" and not target and not sid:
        raise MountError("invalid secret mount. one of source, target required")
    if kind == "ssh":
        raise MountError("ssh mounts need an ssh agent, which the simulated builder does not have")
    if not target and not env:
        raise MountError("secret id is required" if kind == "secret" else "mount destination (target) is required")
    if target and not target.startswith("/"):
        target = posixpath.join(workdir, target)
    mode = int(values["mode"], 8) if values.get("mode") else None
    readonly = kind == "bind" and values.get("rw", values.get("readwrite", "false")) != "true"
    return MountSpec(kind, posixpath.normpath(target) if target else "", values.get("source") or values.get("src")
                     or "", values.get("from", ""), sid or (target if kind == "cache" else ""),
                     values.get("required", "false") == "true", mode, readonly, env)


class Mounted:
    """Mount points placed over a step's file system, taken away again by :meth:`release`."""

    def __init__(self, fs: FileSystem) -> None:
        self.fs = fs
        self.undo: list = []

    def attach(self, path: str, root: Node) -> None:
        parent = posixpath.dirname(path) or "/"
        if not self.fs.isdir(parent):
            self.fs.mkdir(parent, parents=True)
        self.undo.append(self.fs.attach(path, root))

    def release(self) -> None:
        for detach in reversed(self.undo):
            detach()
        self.undo.clear()


def secret_file(data: bytes, mode: int | None) -> File:
    return File(Blob.from_bytes(data), mode if mode is not None else 0o400)
