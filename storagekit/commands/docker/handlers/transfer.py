"""Moving files and archives in and out of the engine: ``docker cp``, ``export`` / ``import``, ``save`` / ``load``.

``cp`` into a container writes through the overlay (so it copies up and shows in
``docker diff``); ``export`` flattens the merged view into one tar with no
whiteouts; ``import`` makes a one-layer image from such a tar; ``save`` and
``load`` move whole images. The client reads and writes the archives' files
itself, with the same checks for every command.
"""

from __future__ import annotations

import posixpath
import stat
from collections.abc import Callable

from storagekit.commands.docker.cli import StatusError
from storagekit.docker import reference as refs
from storagekit.docker.build.steps import clone, materialize
from storagekit.docker.errors import ContainerFileNotFound, System
from storagekit.docker.images import make_config
from storagekit.fs.nodes import Blob, Dir, tree_size
from storagekit.fs.tar import layer_tar_blob, read_layer_tar
from storagekit.sim.errors import errno_text
from storagekit.sim.units import human_size


def _split(arg: str) -> tuple[str, str] | None:
    """``CONTAINER:PATH`` -> (container, path); a plain host path (or one starting with / or .) -> None."""
    if arg.startswith(("/", ".")) or ":" not in arg:
        return None
    name, _, path = arg.partition(":")
    return name, path


def cp(call) -> int:
    host = call.backend
    src, dst = call.args
    s, d = _split(src), _split(dst)
    if s is not None and d is not None:
        raise StatusError("copying between containers is not supported")
    if s is not None:
        c = host.engine.containers.resolve(s[0])
        from_fs, from_path = host.engine.container_fs(c), posixpath.join("/", s[1])
        to_fs, to_path = host.fs, call.ctx.abspath(dst)
    elif d is not None:
        c = host.engine.containers.resolve(d[0])
        from_fs, from_path = host.fs, call.ctx.abspath(src)
        to_fs, to_path = host.engine.container_fs(c), posixpath.join("/", d[1] or "/")
    else:
        raise StatusError("must specify at least one container source")
    try:
        node = materialize(from_fs, from_path)
    except OSError:
        if s:
            raise ContainerFileNotFound(from_path, s[0]) from None
        raise StatusError(f"lstat {from_path}: no such file or directory") from None
    if to_fs.isdir(to_path):
        to_path = posixpath.join(to_path, posixpath.basename(from_path.rstrip("/")) or "/")
    parent = posixpath.dirname(to_path) or "/"
    if not to_fs.isdir(parent):
        if d:
            raise ContainerFileNotFound(parent, d[0])
        raise StatusError(f"lstat {parent}: no such file or directory")
    keep_owner = call.opts.get("archive", False)
    new = node if keep_owner else clone(node, 0, 0, None)
    if isinstance(new, Dir) and to_fs.isdir(to_path):
        for name, child in new.children.items():
            to_fs.put(posixpath.join(to_path, name), child)
    else:
        to_fs.put(to_path, new)
    host.engine.events_service.container(c, "archive-path" if s is not None else "extract-to-dir")
    quiet = call.opts.get("quiet", False) if call.changed("quiet") else not call.ctx.stdout_tty
    if not quiet:  # docker/cli shows progress only to a terminal unless told either way
        size = tree_size(new) if isinstance(new, Dir) else new.size
        call.err(f"Successfully copied {human_size(size, 3)} to {dst}\n")
    return 0


def export(call) -> int:
    host = call.backend

    def archive() -> Blob:
        c = host.engine.containers.resolve(call.args[0])
        # the layers, not the mounts: the daemon tars the rootfs; a copy, for the tar is read later
        root = materialize(c.rootfs(clock=host.clock), "/")
        assert isinstance(root, Dir), "a file system's root is a directory"
        host.engine.events_service.container(c, "export")
        return layer_tar_blob(root)

    return _write_archive(call, "export container", archive)


def save(call) -> int:
    return _write_archive(call, "save image", lambda: call.backend.engine.save(list(call.args)))


def _write_archive(call, what: str, archive: Callable[[], Blob]) -> int:
    """The archive on stdout, never a terminal, or in ``-o FILE``: a path checked before the daemon is asked, then
    a new file of mode 0600 in its place (docker/cli's ``atomicwriter.New(output, 0o600)``)."""
    fs, output = call.backend.fs, call.opts.get("output") or ""
    if not output and call.ctx.stdout_tty:
        raise StatusError("cowardly refusing to save to a terminal. Use the -o flag or redirect")
    problem = output and _destination_problem(fs, call.ctx, output)
    if problem:
        raise StatusError(f"failed to {what}: {problem}")
    data = archive()
    if not output:
        call.ctx.out_content(data)  # streamed to the next program or a file as it is read
        return 0
    path = call.ctx.abspath(output)
    try:
        if fs.lexists(path):
            fs.unlink(path)  # renamed over, as atomicwriter does
        fs.write(path, data, perm=0o600)
    except OSError as exc:
        raise StatusError(f"open {output}: {errno_text(exc)}") from None
    return 0


_NOT_WRITABLE = ((stat.S_ISDIR, "a directory"), (stat.S_ISLNK, "a symbolic link directly"),
                 (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                 (stat.S_ISCHR, "a character device file"), (stat.S_ISBLK, "a block device file"))


def _destination_problem(fs, ctx, output: str) -> str:
    """Why ``output`` cannot take an archive (moby/sys ``atomicwriter.validateDestination``), or ``""``: its folder
    must be a directory, and what stands there already a regular file."""
    folder = posixpath.dirname(output)
    folder = posixpath.normpath(folder) if folder else "."
    if folder not in (".", ".."):
        try:
            node = fs.stat(ctx.abspath(folder))
        except OSError as exc:
            return f"invalid output path: stat {folder}: {errno_text(exc)}"
        if not node.is_dir():
            return f"invalid output path: stat {folder}: not a directory"
    try:
        mode = fs.lstat(ctx.abspath(output)).mode
    except FileNotFoundError:
        return ""
    except OSError as exc:
        return f"failed to stat output path: lstat {output}: {errno_text(exc)}"
    return next((f"cannot write to {kind}" for test, kind in _NOT_WRITABLE if test(mode)), "")


def import_(call) -> int:
    host = call.backend
    source = call.args[0]
    data = _read_archive(call, None if source == "-" else source)
    try:
        root = read_layer_tar(data, whiteouts=False)
    except Exception:  # noqa: BLE001 - any damaged archive gets the daemon's one answer
        raise System("archive/tar: invalid tar header") from None
    engine = host.engine
    layer = engine.register_layer(root, None)
    comment = call.opts.get("message") or f"Imported from {source}"
    created = engine.clock.isoformat()
    config = make_config(architecture="amd64", os="linux", created=created, container_config={},
                         history=[{"created": created, "comment": comment}], diff_ids=[layer.diff_id])
    image = engine.commit(config, layer)
    if len(call.args) > 1:
        engine.tag(refs.parse(call.args[1]).with_default_tag(), image)
    engine.log_image_event(image.id, image.id, "import")
    call.out(image.id + "\n")
    return 0


def load(call) -> int:
    data = _read_archive(call, call.opts.get("input") or None)
    if not data:
        raise StatusError("requested load from stdin, but stdin is empty")
    lines = call.backend.engine.load(data)
    call.out("".join(line + "\n" for line in lines))
    return 0


def _read_archive(call, source: str | None) -> bytes:
    """The archive the client sends: the file ``source`` (Go's ``os.Open`` and its words on failure), or stdin."""
    if source is None:
        return call.ctx.stdin
    try:
        return call.backend.fs.read(call.ctx.abspath(source))
    except OSError as exc:
        raise StatusError(f"open {source}: {errno_text(exc)}") from None
