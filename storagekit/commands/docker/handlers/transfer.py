"""Moving files across the container boundary: ``docker cp``, ``docker export`` and ``docker import``.

``cp`` into a container writes through the overlay (so it copies up and shows in
``docker diff``); ``export`` flattens the merged view into one tar with no
whiteouts; ``import`` makes a one-layer image from such a tar.
"""

from __future__ import annotations

import posixpath

from storagekit.commands.docker.cli import StatusError
from storagekit.sim.units import human_size
from storagekit.docker import reference as refs
from storagekit.docker.build.steps import clone, materialize
from storagekit.docker.images import make_config
from storagekit.fs.nodes import Dir, tree_size
from storagekit.fs.tar import layer_tar, read_layer_tar
from storagekit.docker.errors import ContainerFileNotFound, System


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
    if (s is None) == (d is None):
        raise StatusError("must specify at least one container source" if s is None else
                          "copying between containers is not supported")
    if s is not None:
        c = host.engine.containers.resolve(s[0])
        from_fs, from_path = host.engine.container_fs(c), posixpath.join("/", s[1])
        to_fs, to_path = host.fs, call.ctx.abspath(dst)
    else:
        c = host.engine.containers.resolve(d[0])
        from_fs, from_path = host.fs, call.ctx.abspath(src)
        to_fs, to_path = host.engine.container_fs(c), posixpath.join("/", d[1] or "/")
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
    size = tree_size(new) if isinstance(new, Dir) else new.size
    call.err(f"Successfully copied {human_size(size, 3)} to {dst}\n")
    return 0


def export(call) -> int:
    host = call.backend
    output = call.opts.get("output") or ""
    if not output and call.ctx.stdout_tty:
        raise StatusError("cowardly refusing to save to a terminal. Use the -o flag or redirect")
    c = host.engine.containers.resolve(call.args[0])
    merged = materialize(host.engine.container_fs(c), "/")
    data = layer_tar(merged)
    if output:
        host.fs.write(call.ctx.abspath(output), data)
    else:
        call.out(data.decode("utf-8", "surrogateescape"))
    return 0


def import_(call) -> int:
    host = call.backend
    source = call.args[0]
    try:
        data = call.ctx.stdin if source == "-" else host.fs.read(call.ctx.abspath(source))
    except OSError:
        raise StatusError(f"open {source}: no such file or directory") from None
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
    call.out(image.id + "\n")
    return 0

