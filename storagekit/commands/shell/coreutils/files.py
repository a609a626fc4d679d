"""Programs that change the tree: ``cp mv rm mkdir rmdir touch ln`` (``chmod`` and ``chown`` are in perms).

Every change goes through :class:`FileSystem` methods, so in a container the
overlay rules (copy-up, whiteouts, ``EXDEV`` on directory renames) apply
exactly as the kernel applies them under the real tools.
"""

from __future__ import annotations

import errno
import os

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils.common import UsageError, getopt, program, prog, reason
from storagekit.commands.shell.coreutils.perms import UMASK, parse_mode
from storagekit.fs import paths
from storagekit.fs.nodes import Device, Dir, File, Node, Symlink



def _bb(ctx: ProcessContext) -> bool:
    return ctx.dialect == "busybox"


# ------------------------------------------------------------------ rm, rmdir


@program()
def rm(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "rRfidvI", {
        "recursive": "r", "force": "f", "dir": "d", "verbose": "v", "no-preserve-root": "N", "interactive?": "i",
    })
    flags = {k for k, _ in opts}
    recursive = bool(flags & {"r", "R"})
    name = prog(ctx, argv)
    if not operands:
        if "f" in flags:
            return 0
        raise UsageError("missing operand")
    status = 0
    for op in operands:
        if paths.basename(op) in (".", ".."):
            ctx.err(f"{name}: refusing to remove '.' or '..' directory: skipping '{op}'\n")
            status = 1
            continue
        path = ctx.abspath(op)
        if recursive and path == "/" and "N" not in flags:
            ctx.err(f"{name}: it is dangerous to operate recursively on '/'\n"
                    f"{name}: use --no-preserve-root to override this failsafe\n")
            status = 1
            continue
        try:
            node = ctx.fs.lstat(path)
        except OSError as exc:
            if "f" not in flags or exc.errno != errno.ENOENT:
                status = _rm_error(ctx, name, op, exc)
            continue
        if isinstance(node, Dir) and not recursive:
            if "d" in flags:
                status |= _remove(ctx, name, op, path, node, flags)
                continue
            if _bb(ctx):
                ctx.err(f"{name}: '{op}' is a directory\n")
            else:
                ctx.err(f"{name}: cannot remove '{op}': Is a directory\n")
            status = 1
            continue
        status |= _remove(ctx, name, op, path, node, flags)
    return status


def _rm_error(ctx: ProcessContext, name: str, op: str, exc: OSError) -> int:
    verb = "can't remove" if _bb(ctx) else "cannot remove"
    ctx.err(f"{name}: {verb} '{op}': {reason(exc)}\n")
    return 1


def _remove(ctx: ProcessContext, name: str, shown: str, path: str, node: Node, flags: set[str]) -> int:
    """Depth first, as ``rm -r`` does: children, then the directory itself."""
    status = 0
    if isinstance(node, Dir):
        if flags & {"r", "R"}:
            for child, child_node in ctx.fs.scandir(path).items():
                status |= _remove(ctx, name, shown.rstrip("/") + "/" + child, paths.join(path, child), child_node, flags)
        try:
            ctx.fs.rmdir(path)
        except OSError as exc:
            return _rm_error(ctx, name, shown, exc)
        if "v" in flags:
            ctx.out(f"removed directory '{shown}'\n")
        return status
    try:
        ctx.fs.unlink(path)
    except OSError as exc:
        return _rm_error(ctx, name, shown, exc)
    if "v" in flags:
        ctx.out(f"removed '{shown}'\n")
    return status


@program()
def rmdir(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "pv", {"parents": "p", "verbose": "v", "ignore-fail-on-non-empty": "I"})
    flags = {k for k, _ in opts}
    if not operands:
        raise UsageError("missing operand")
    name = prog(ctx, argv)
    status = 0
    for op in operands:
        targets = [op]
        if "p" in flags:
            parts = [p for p in op.split("/") if p]
            targets = ["/" * op.startswith("/") + "/".join(parts[:i]) for i in range(len(parts), 0, -1)]
        for target in targets:
            try:
                if paths.basename(target) == ".":
                    raise OSError(errno.EINVAL, os.strerror(errno.EINVAL), target)
                ctx.fs.rmdir(ctx.abspath(target))
            except OSError as exc:
                if "I" in flags and exc.errno == errno.ENOTEMPTY:
                    break
                if _bb(ctx):
                    ctx.err(f"{name}: '{target}': {reason(exc)}\n")
                else:
                    ctx.err(f"{name}: failed to remove '{target}': {reason(exc)}\n")
                status = 1
                break
            if "v" in flags:
                ctx.out(f"{name}: removing directory, '{target}'\n")
    return status


# ---------------------------------------------------------- mkdir, touch


@program()
def mkdir(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "pm:v", {"parents": "p", "mode=": "m", "verbose": "v"})
    flags = dict(opts)
    if not operands:
        raise UsageError("missing operand")
    name = prog(ctx, argv)
    perm = 0o755
    if "m" in flags:
        parsed = parse_mode(flags["m"], 0o777, True)
        if parsed is None:
            ctx.err(f"{name}: invalid mode '{flags['m']}'\n")
            return 1
        perm = parsed
    verb = "can't create directory" if _bb(ctx) else "cannot create directory"
    status = 0
    for op in operands:
        made = [op]
        if "p" in flags:
            parts = [p for p in op.split("/") if p]
            made = ["/" * op.startswith("/") + "/".join(parts[:i + 1]) for i in range(len(parts))]
        for i, target in enumerate(made):
            path = ctx.abspath(target)
            last = i == len(made) - 1
            if "p" in flags and ctx.fs.isdir(path):
                continue
            try:
                ctx.fs.mkdir(path, perm if last else 0o755)
            except OSError as exc:
                code = errno.ENOTDIR if "p" in flags and exc.errno == errno.EEXIST else exc.errno
                ctx.err(f"{name}: {verb} '{target}': {reason(OSError(code, ''))}\n")
                status = 1
                break
            if "v" in flags:
                ctx.out(f"{name}: created directory '{target}'\n")
    return status


@program()
def touch(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "acmd:t:r:h", {"no-create": "c", "date=": "d", "reference=": "r"})
    flags = dict(opts)
    if not operands:
        raise UsageError("missing file operand")
    status = 0
    for op in operands:
        path = ctx.abspath(op)
        try:
            if ctx.fs.exists(path):
                ctx.fs.utime(path)
            elif "c" not in flags:
                ctx.fs.write(path, b"")
        except OSError as exc:
            if _bb(ctx):
                ctx.err(f"{prog(ctx, argv)}: {op}: {reason(exc)}\n")
            else:
                ctx.err(f"{prog(ctx, argv)}: cannot touch '{op}': {reason(exc)}\n")
            status = 1
    return status


# ------------------------------------------------------------- cp and mv


def _target(ctx: ProcessContext, operands: list[str], name: str, flags: set[str]) -> tuple[list[str], str, bool] | int:
    """Split operands into sources and destination; whether the destination is a directory to copy into."""
    if not operands:
        raise UsageError("missing file operand")
    if len(operands) == 1:
        raise UsageError(f"missing destination file operand after '{operands[0]}'")
    *sources, dest = operands
    into = "T" not in flags and ctx.fs.isdir(ctx.abspath(dest))
    if len(sources) > 1 and not into:
        if ctx.fs.exists(ctx.abspath(dest)):
            ctx.err(f"{name}: target '{dest}' is not a directory\n")
        else:
            ctx.err(f"{name}: target '{dest}': No such file or directory\n")
        return 1
    return sources, dest, into


def copy_node(ctx: ProcessContext, node: Node, src: str, dst: str, preserve: bool, recursive: bool, deref: bool) -> None:
    """Copy one entry (recursively for directories) as ``cp`` does: new inodes, metadata kept if ``preserve``."""
    fs = ctx.fs
    if isinstance(node, Symlink) and not deref:
        if fs.lexists(dst):
            fs.unlink(dst)
        fs.symlink(node.target, dst)
    elif isinstance(node, Dir):
        if not fs.lexists(dst):
            fs.mkdir(dst, node.perm if preserve else node.perm & ~UMASK)
        for name, child in fs.scandir(src).items():
            child_src = paths.join(src, name)
            child_node = fs.stat(child_src) if deref and isinstance(child, Symlink) else child
            copy_node(ctx, child_node, child_src, paths.join(dst, name), preserve, recursive, deref)
    elif isinstance(node, Device):
        if fs.lexists(dst):
            fs.unlink(dst)
        fs.mknod(dst, node.major, node.minor, node.perm)
    else:
        fs.write(dst, node.blob if isinstance(node, File) else b"", perm=node.perm & ~UMASK)
        if preserve:
            fs.chmod(dst, node.perm)
    if preserve:
        fs.chown(dst, node.uid, node.gid, follow=False)
        if not isinstance(node, Symlink):
            fs.utime(dst, node.mtime)


@program()
def cp(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "rRapfvnidPLHTu", {
        "recursive": "r", "archive": "a", "force": "f", "verbose": "v", "no-clobber": "n",
        "no-dereference": "P", "dereference": "L", "no-target-directory": "T", "preserve?": "p", "interactive": "i",
    })
    flags = {k for k, _ in opts}
    recursive = bool(flags & {"r", "R", "a"})
    preserve = bool(flags & {"a", "p"})
    deref = "L" in flags or not (recursive or flags & {"d", "P"})
    name = prog(ctx, argv)
    split = _target(ctx, operands, name, flags)
    if isinstance(split, int):
        return split
    sources, dest, into = split
    status = 0
    for src in sources:
        spath = ctx.abspath(src)
        try:
            node = ctx.fs.stat(spath) if deref or "H" in flags else ctx.fs.lstat(spath)
        except OSError as exc:
            ctx.err(f"{name}: {'can' + chr(39) + 't' if _bb(ctx) else 'cannot'} stat '{src}': {reason(exc)}\n")
            status = 1
            continue
        shown = dest.rstrip("/") + "/" + paths.basename(src) if into else dest
        dpath = ctx.abspath(shown)
        if isinstance(node, Dir) and not recursive:
            ctx.err(f"{name}: omitting directory '{src}'\n" if _bb(ctx)
                    else f"{name}: -r not specified; omitting directory '{src}'\n")
            status = 1
            continue
        if ctx.fs.lexists(dpath) and ctx.fs.realpath(dpath) == ctx.fs.realpath(spath):
            ctx.err(f"{name}: '{src}' and '{shown}' are the same file\n")
            status = 1
            continue
        if isinstance(node, Dir):
            real = ctx.fs.realpath(spath).rstrip("/") + "/"
            if ctx.fs.realpath(dpath).startswith(real):
                ctx.err(f"{name}: cannot copy a directory, '{src}', into itself, '{shown}'\n")
                status = 1
                continue
            if ctx.fs.exists(dpath) and not ctx.fs.isdir(dpath):
                ctx.err(f"{name}: cannot overwrite non-directory '{shown}' with directory '{src}'\n")
                status = 1
                continue
        if "n" in flags and ctx.fs.lexists(dpath):
            continue
        try:
            copy_node(ctx, node, spath, dpath, preserve, recursive, deref)
        except OSError as exc:
            ctx.err(f"{name}: cannot create regular file '{shown}': {reason(exc)}\n")
            status = 1
            continue
        if "v" in flags:
            ctx.out(f"'{src}' -> '{shown}'\n")
    return status


@program()
def mv(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "fvniTu", {
        "force": "f", "verbose": "v", "no-clobber": "n", "interactive": "i", "no-target-directory": "T",
    })
    flags = {k for k, _ in opts}
    name = prog(ctx, argv)
    split = _target(ctx, operands, name, flags)
    if isinstance(split, int):
        return split
    sources, dest, into = split
    status = 0
    for src in sources:
        spath = ctx.abspath(src)
        shown = dest.rstrip("/") + "/" + paths.basename(src) if into else dest
        dpath = ctx.abspath(shown)
        try:
            node = ctx.fs.lstat(spath)
        except OSError as exc:
            ctx.err(f"{name}: can't rename '{src}': {reason(exc)}\n" if _bb(ctx)
                    else f"{name}: cannot stat '{src}': {reason(exc)}\n")
            status = 1
            continue
        if ctx.fs.lexists(dpath) and ctx.fs.realpath(dpath) == ctx.fs.realpath(spath):
            ctx.err(f"{name}: '{src}' and '{shown}' are the same file\n")
            status = 1
            continue
        if "n" in flags and ctx.fs.lexists(dpath):
            continue
        status |= _move(ctx, name, src, shown, spath, dpath, node)
        if "v" in flags and not status:
            ctx.out(f"renamed '{src}' -> '{shown}'\n")
    return status


def _move(ctx: ProcessContext, name: str, src: str, shown: str, spath: str, dpath: str, node: Node) -> int:
    fs = ctx.fs
    try:
        existing = fs.lstat(dpath) if fs.lexists(dpath) else None
        if isinstance(node, Dir):
            if paths.normalize(dpath).startswith(paths.normalize(spath).rstrip("/") + "/"):
                ctx.err(f"{name}: cannot move '{src}' to a subdirectory of itself, '{shown}'\n")
                return 1
            if existing is not None and not isinstance(existing, Dir):
                ctx.err(f"{name}: cannot overwrite non-directory '{shown}' with directory '{src}'\n")
                return 1
        elif isinstance(existing, Dir):
            ctx.err(f"{name}: cannot overwrite directory '{shown}' with non-directory\n")
            return 1
        try:
            fs.rename(spath, dpath)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            if isinstance(existing, Dir) and fs.scandir(dpath):
                raise OSError(errno.ENOTEMPTY, "Directory not empty", dpath) from exc
            copy_node(ctx, node, spath, dpath, preserve=True, recursive=True, deref=False)
            _remove(ctx, name, src, spath, node, {"r"})
    except OSError as exc:
        if _bb(ctx):
            ctx.err(f"{name}: can't rename '{src}': {reason(exc)}\n")
        else:
            ctx.err(f"{name}: cannot move '{src}' to '{shown}': {reason(exc)}\n")
        return 1
    return 0


# ----------------------------------------------------------------- ln


@program()
def ln(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "sfnvTr", {"symbolic": "s", "force": "f", "no-dereference": "n", "verbose": "v"})
    flags = {k for k, _ in opts}
    name = prog(ctx, argv)
    if not operands:
        raise UsageError("missing file operand")
    into = False
    if len(operands) == 1:
        operands = operands + [paths.basename(operands[0])]
    elif "T" not in flags and ctx.fs.isdir(ctx.abspath(operands[-1])):
        into = not ("n" in flags and isinstance(ctx.fs.lstat(ctx.abspath(operands[-1])), Symlink))
    *targets, dest = operands
    if len(targets) > 1 and not into:
        ctx.err(f"{name}: target '{dest}' is not a directory\n")
        return 1
    kind = "symbolic link" if "s" in flags else "hard link"
    status = 0
    for target in targets:
        shown = dest.rstrip("/") + "/" + paths.basename(target) if into else dest
        path = ctx.abspath(shown)
        try:
            if "s" not in flags:
                try:
                    if isinstance(ctx.fs.stat(ctx.abspath(target)), Dir):
                        ctx.err(f"{name}: {target}: hard link not allowed for directory\n")
                        status = 1
                        continue
                except OSError as exc:
                    ctx.err(f"{name}: failed to access '{target}': {reason(exc)}\n")
                    status = 1
                    continue
            if "f" in flags and ctx.fs.lexists(path) and not isinstance(ctx.fs.lstat(path), Dir):
                ctx.fs.unlink(path)
            if "s" in flags:
                ctx.fs.symlink(target, path)
            else:
                ctx.fs.link(ctx.abspath(target), path)
        except OSError as exc:
            ctx.err(f"{name}: failed to create {kind} '{shown}': {reason(exc)}\n")
            status = 1
            continue
        if "v" in flags:
            ctx.out(f"'{shown}' -> '{target}'\n" if "s" in flags else f"'{shown}' => '{target}'\n")
    return status
