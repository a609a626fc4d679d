"""Layer changesets as OCI layer tars, and back.

An image layer leaves the simulation as the real thing: an uncompressed tar in
which a deleted entry is an empty file ``.wh.NAME`` and an opaque directory holds
a ``.wh..wh..opq`` entry (OCI image-spec, layer.md "Whiteouts"). Its diffID is
the sha256 of exactly these bytes, so the same tree always gives the same id.

The writer produces what Go's ``archive/tar`` produces for a layer: entries in
tree order (a directory before its children, names sorted), 512-byte blocks, and
two zero blocks at the end with no padding to a 10 KiB record. That is why an
empty layer has the well-known diffID ``sha256:5f70bf18...``: 1024 zero bytes.
"""

from __future__ import annotations

import hashlib
import io
import tarfile
from collections.abc import Iterator
from typing import BinaryIO

from storagekit.fs.nodes import Blob, Device, Dir, File, Node, Symlink, descend, make_dirs, whiteout

WHITEOUT_PREFIX = ".wh."
OPAQUE_MARKER = ".wh..wh..opq"
BLOCK = 512
CHUNK = 1 << 20


def _info(name: str, node: Node) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.mode = node.perm
    info.uid, info.gid = node.uid, node.gid
    info.mtime = node.mtime
    info.uname = info.gname = ""
    if isinstance(node, Dir):
        info.type = tarfile.DIRTYPE
    elif isinstance(node, Symlink):
        info.type = tarfile.SYMTYPE
        info.linkname = node.target
    elif isinstance(node, Device):
        info.type = tarfile.CHRTYPE
        info.devmajor, info.devminor = node.major, node.minor
    else:
        info.type = tarfile.REGTYPE
        info.size = node.size
    return info


def _entries(root: Dir, base: str = "",
             hardlinks: dict[int, str] | None = None) -> Iterator[tuple[tarfile.TarInfo, Blob | None]]:
    """Tar entries of a layer diff (upperdir form: whiteouts are 0:0 devices), depth first."""
    hardlinks = {} if hardlinks is None else hardlinks
    if root.opaque and base:
        marker = tarfile.TarInfo(base + OPAQUE_MARKER)
        marker.mode, marker.mtime, marker.uname, marker.gname = 0o755, 0, "", ""
        yield marker, None
    for name in sorted(root.children):
        node = root.children[name]
        path = base + name
        if node.is_whiteout():
            info = tarfile.TarInfo(base + WHITEOUT_PREFIX + name)
            info.mode, info.mtime, info.uname, info.gname = 0, node.mtime, "", ""
            yield info, None
        elif isinstance(node, Dir):
            yield _info(path + "/", node), None
            yield from _entries(node, path + "/", hardlinks)
        elif isinstance(node, File) and id(node) in hardlinks:
            info = _info(path, node)
            info.type, info.size, info.linkname = tarfile.LNKTYPE, 0, hardlinks[id(node)]
            yield info, None
        elif isinstance(node, File):
            if node.nlink > 1:
                hardlinks[id(node)] = path
            yield _info(path, node), node.blob
        else:
            yield _info(path, node), None


def iter_layer_tar(root: Dir) -> Iterator[bytes]:
    """The bytes of the layer tar, in chunks, so a large layer is hashed without being held."""
    for info, blob in _entries(root):
        yield info.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")
        if blob is not None and blob.size:
            data = blob.read()
            for i in range(0, len(data), CHUNK):
                yield data[i : i + CHUNK]
            rest = blob.size % BLOCK
            if rest:
                yield b"\0" * (BLOCK - rest)
    yield b"\0" * (2 * BLOCK)


def layer_tar(root: Dir) -> bytes:
    return b"".join(iter_layer_tar(root))


def diff_id(root: Dir) -> tuple[str, int]:
    """``(sha256:<hex>, tar size)`` of the layer tar of ``root``."""
    h = hashlib.sha256()
    size = 0
    for chunk in iter_layer_tar(root):
        h.update(chunk)
        size += len(chunk)
    return "sha256:" + h.hexdigest(), size


EMPTY_LAYER_DIFF_ID = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"


def read_layer_tar(data: bytes | BinaryIO, *, whiteouts: bool = True) -> Dir:
    """Turn a layer tar back into an upperdir-form tree (``.wh.`` files become whiteouts).

    With ``whiteouts=False`` it reads any tarball as plain files, as ``ADD`` unpacks one.

    Raises ``tarfile.TarError`` (or ``ValueError``) on a damaged archive.
    """
    stream = io.BytesIO(data) if isinstance(data, (bytes, bytearray)) else data
    root = Dir()
    links: list[tuple[Dir, str, str]] = []
    with tarfile.open(fileobj=stream, mode="r:*") as tar:
        for info in tar:
            parts = [p for p in info.name.split("/") if p and p != "."]
            if not parts or ".." in parts:
                continue
            parent = make_dirs(root, "/".join(parts[:-1]))
            name = parts[-1]
            if whiteouts and name == OPAQUE_MARKER:
                parent.opaque = True
                continue
            if whiteouts and name.startswith(WHITEOUT_PREFIX):
                if name[len(WHITEOUT_PREFIX):] not in ("", ".", ".."):  # no entry of those names to hide
                    parent.children[name[len(WHITEOUT_PREFIX):]] = whiteout(int(info.mtime))
                continue
            node: Node
            if info.isdir():
                existing = parent.children.get(name)
                node = existing if isinstance(existing, Dir) else Dir()
                node.mode = (node.mode & ~0o7777) | info.mode
            elif info.issym():
                node = Symlink(info.linkname)
            elif info.ischr():
                node = Device(info.devmajor, info.devminor, info.mode)
            elif info.islnk():
                links.append((parent, name, info.linkname))
                continue
            elif info.isreg():
                extracted = tar.extractfile(info)
                node = File(Blob.from_bytes(extracted.read() if extracted else b""), info.mode)
            else:
                continue
            node.uid, node.gid, node.mtime = info.uid, info.gid, int(info.mtime)
            parent.children[name] = node
    for parent, name, target in links:
        found = descend(root, target)
        if isinstance(found, File):
            found.nlink += 1
            parent.children[name] = found
    return root
