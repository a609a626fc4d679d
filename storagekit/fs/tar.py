"""Layer changesets as OCI layer tars, and back; and the archives the ``tar`` program writes and reads.

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
import struct
import tarfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from storagekit.fs.nodes import EMPTY, Blob, Device, Dir, File, Node, Symlink, descend, make_dirs, whiteout

WHITEOUT_PREFIX = ".wh."
OPAQUE_MARKER = ".wh..wh..opq"
BLOCK = 512


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


def _layer_parts(root: Dir) -> Iterator[bytes | Blob]:
    """The layer tar as headers, the files' own blobs and padding: nothing of the content is read here."""
    for info, blob in _entries(root):
        yield info.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape")
        if blob is not None and blob.size:
            yield blob
            rest = blob.size % BLOCK
            if rest:
                yield b"\0" * (BLOCK - rest)
    yield b"\0" * (2 * BLOCK)


def layer_tar_blob(root: Dir, size: int | None = None) -> Blob:
    """The layer tar of ``root`` as lazy content: its headers are made, and its files read, only as it is read, so
    a multi-gigabyte layer streams through ``docker save`` or a hash in bounded memory. ``root`` must not change
    while the blob is in use (an image layer never does; a container's tree is copied first). ``size``, when
    known (a layer's ``tar_size``), spares making every header just to count them."""
    return Blob.stream(lambda: _layer_parts(root), size)


def iter_layer_tar(root: Dir) -> Iterator[bytes]:
    """The bytes of the layer tar, in chunks, so a large layer is hashed without being held."""
    return layer_tar_blob(root).chunks()


def layer_tar(root: Dir) -> bytes:
    return layer_tar_blob(root).read()


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
    with tarfile.open(fileobj=stream, mode="r:*") as tar:
        def content(info: tarfile.TarInfo) -> Blob:
            extracted = tar.extractfile(info)
            return Blob.from_bytes(extracted.read() if extracted else b"")

        return _unpack(((info, content) for info in tar), whiteouts)


def tarred_copy(root: Dir) -> Dir:
    """The tree that a layer tar of ``root`` unpacks to (what survives a tar: modes, owners, times, hard links,
    whiteouts), made without writing the tar, so the files keep their content as it is (``docker commit``)."""
    return _unpack(((info, _as_is(blob)) for info, blob in _entries(root)), True)


def _as_is(blob: Blob | None) -> Callable[[tarfile.TarInfo], Blob]:
    return lambda _info: blob or EMPTY


def _unpack(members: Iterable[tuple[tarfile.TarInfo, Callable[[tarfile.TarInfo], Blob]]], whiteouts: bool) -> Dir:
    """A tree from tar entries, each with how to get its content."""
    root = Dir()
    links: list[tuple[Dir, str, str]] = []
    for info, content in members:
        parts = [p for p in info.name.split("/") if p and p != "."]
        if not parts or ".." in parts:
            continue
        parent = make_dirs(root, "/".join(parts[:-1]))
        name = parts[-1]
        if whiteouts and name == OPAQUE_MARKER:
            parent.opaque = True
            continue
        if whiteouts and name.startswith(WHITEOUT_PREFIX):
            if name[len(WHITEOUT_PREFIX) :] not in ("", ".", ".."):  # no entry of those names to hide
                parent.children[name[len(WHITEOUT_PREFIX) :]] = whiteout(int(info.mtime))
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
            node = File(content(info), info.mode)
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


RECORD = 20 * BLOCK
"""GNU tar and BusyBox write an archive in records of 20 blocks (10 KiB), the last one padded with zeros."""


def archive(members: Iterable[tuple[str, Node]], owners: Callable[[int, int], tuple[str, str]], *,
            gnu: bool = True) -> bytes:
    """An archive as the ``tar`` program writes it: ``members`` (name in the archive, node) in the order given, with
    the owners' names (``owners(uid, gid)``), in GNU's format (BusyBox: POSIX ustar), padded to a whole record. A
    file met again through another of its hard links is stored as a link to the first name."""
    out: list[bytes] = []
    seen: dict[int, str] = {}
    for name, node in members:
        info = _info(name, node)
        info.uname, info.gname = owners(node.uid, node.gid)
        blob = node.blob if isinstance(node, File) else None
        if isinstance(node, File) and node.nlink > 1:
            if id(node) in seen:
                info.type, info.size, info.linkname, blob = tarfile.LNKTYPE, 0, seen[id(node)], None
            else:
                seen[id(node)] = name
        out.append(info.tobuf(tarfile.GNU_FORMAT if gnu else tarfile.USTAR_FORMAT, "utf-8", "surrogateescape"))
        if blob is not None and blob.size:
            out.append(blob.read() + b"\0" * (-blob.size % BLOCK))
    out.append(b"\0" * (2 * BLOCK))
    size = sum(len(chunk) for chunk in out)
    out.append(b"\0" * (-size % RECORD))
    return b"".join(out)


def gzip_stream(data: bytes) -> bytes:
    """``data`` as ``gzip`` writes it to a pipe (``tar -z``): no name, modification time 0, made on Unix."""
    deflate = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = deflate.compress(data) + deflate.flush()
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + body
            + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF))


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def members(data: bytes) -> Iterator[tuple[tarfile.TarInfo, bytes | None]]:
    """The entries of a tar (gzip-compressed or not) and each regular file's content, in archive order.

    Raises ``tarfile.TarError`` on something that is not a tar, or is cut short.
    """
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
        for info in tar:
            extracted = tar.extractfile(info) if info.isreg() else None
            yield info, extracted.read() if extracted else None
