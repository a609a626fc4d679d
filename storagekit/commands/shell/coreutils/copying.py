"""``cp`` and ``mv``: GNU's checks and messages, or BusyBox's, which mostly leave the checking to the kernel.

BusyBox ``mv`` only calls ``rename(2)`` and, on ``EXDEV`` (a directory a lower
overlay layer has), copies as ``cp -a`` and deletes; so what a container shows
after ``mv`` of an image directory is a full copy plus a whiteout.
"""

from __future__ import annotations

import contextlib
import errno
import os
from dataclasses import dataclass, field

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils.common import (
    UsageError,
    getopt,
    operand_path,
    prog,
    program,
    reason,
    target_name,
)
from storagekit.commands.shell.coreutils.files import _bb, _remove
from storagekit.commands.shell.coreutils.perms import UMASK
from storagekit.fs import paths
from storagekit.fs.nodes import Device, Dir, File, Node, Symlink


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


class CopyError(OSError):
    """A step of a copy that failed, with what ``cp`` needs to word it: ``bb_words``, BusyBox's message (``{}``
    for the name), or ``reading``, the source that could not be read."""

    def __init__(self, exc: OSError, *, bb_words: str = "", reading: str | None = None) -> None:
        super().__init__(exc.errno, exc.strerror, exc.filename)
        self.bb_words, self.reading = bb_words, reading


@dataclass
class CopyRun:
    """What one ``cp`` (or ``mv``'s copy) keeps across the entries it copies.

    ``force``: BusyBox (built POSIX-style, as Debian's and Alpine's are) will not
    replace an existing name with a symlink without it: ``EEXIST``.
    ``made``: BusyBox's destination directories; met again as sources (a copy
    into itself), they are skipped and listed in ``skipped``. BusyBox goes on
    after an entry it cannot copy; ``skipped`` keeps those errors too, in order.
    ``links``: the first copy of each source inode, so later names become hard
    links to it (``cp -a``, BusyBox ``cp -r``, ``mv`` across file systems).
    """

    force: bool = False
    made: list[str] | None = None
    skipped: list[str | OSError] = field(default_factory=list)
    links: dict[int, str] | None = None
    shown: tuple[str, str] | None = None
    """``(DEST path, DEST as the user wrote it)``: to name an entry below it as the user would."""
    failed: bool = False
    """Whether GNU could not keep what it was asked to keep (``-p``, ``-a``): the copy is made, the status is 1."""


def copy_node(ctx: ProcessContext, node: Node, src: str, dst: str, preserve: bool, recursive: bool, deref: bool,
              run: CopyRun | None = None) -> None:
    """Copy one entry (recursively for directories) as ``cp`` does: new inodes, metadata kept if ``preserve``."""
    fs = ctx.fs
    run = run or CopyRun(force=True)
    if isinstance(node, Symlink) and not deref:
        if fs.lexists(dst):
            if _bb(ctx) and not run.force:
                raise OSError(errno.EEXIST, os.strerror(errno.EEXIST), dst)
            fs.unlink(dst)
        try:
            fs.symlink(node.target, dst)
        except OSError as exc:
            raise CopyError(exc, bb_words=f"can't create symlink '{{}}' to '{node.target}': {reason(exc)}") from None
    elif isinstance(node, Dir):
        if _bb(ctx) and fs.lexists(dst) and not isinstance(fs.lstat(dst), Dir):
            raise CopyError(OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), dst),
                            bb_words="target '{}' is not a directory")
        if not fs.lexists(dst):
            try:
                fs.mkdir(dst, node.perm if preserve else node.perm & ~UMASK)
            except OSError as exc:
                raise CopyError(exc, bb_words=f"can't create directory '{{}}': {reason(exc)}") from None
        if run.made is not None:  # every DEST directory, made or found; by what it is: DEST may be a symlink
            run.made.append(fs.realpath(dst))
        try:
            children = fs.scandir(src)
        except OSError as exc:
            if not _bb(ctx):
                raise CopyError(exc, reading=src) from None  # the source directory could not be read
            children, run.failed = {}, True  # BusyBox's opendir() fails without a word; the copy keeps the rest
        for name, child in children.items():
            child_src = paths.join(src, name)
            child_node = fs.stat(child_src) if deref and isinstance(child, Symlink) else child
            if run.made and isinstance(child_node, Dir) and fs.realpath(child_src) in run.made:
                run.skipped.append(child_src)
                continue
            try:
                copy_node(ctx, child_node, child_src, paths.join(dst, name), preserve, recursive, deref, run)
            except OSError as exc:
                if run.made is None:
                    raise
                run.skipped.append(exc)  # BusyBox reports the entry and copies the next one
    elif isinstance(node, Device) and recursive:  # -R copies the device itself; without, what reading it gives
        if fs.lexists(dst):
            fs.unlink(dst)
        fs.mknod(dst, node.major, node.minor, node.perm)
    elif isinstance(node, File) and run.links is not None and id(node) in run.links:
        if fs.lexists(dst):
            fs.unlink(dst)
        fs.link(run.links[id(node)], dst)
        return
    else:
        if isinstance(node, File) and run.links is not None:
            run.links[id(node)] = dst
        try:
            content = fs.blob(src)  # open(2) for reading, which may be refused
        except OSError as exc:
            raise CopyError(exc, reading=src) from None
        if isinstance(node, File):
            content = node.blob  # what the copy reads: BusyBox's truncating open may have emptied it first
        fs.write(dst, content, perm=node.perm & ~UMASK)
    if preserve:  # the owner (lchown for a symlink), then the mode, which a change of owner would strip of its
        _preserve_owner(ctx, node, dst, run)  # setuid bit, also onto a directory that was already there; the time
        if not isinstance(node, Symlink):
            _preserve(ctx, run, dst, "permissions", lambda: fs.chmod(dst, node.perm))
            _preserve(ctx, run, dst, "times", lambda: fs.utime(dst, node.mtime))


def _shown(run: CopyRun, dst: str) -> str:
    return run.shown[1] + dst[len(run.shown[0]):] if run.shown else dst


def _preserve(ctx: ProcessContext, run: CopyRun, dst: str, what: str, action) -> None:
    """Keep the mode or the times of a copy made over someone else's file: BusyBox says it could not and goes on;
    GNU says so only of the times, and fails."""
    try:
        action()
    except OSError as exc:
        if exc.errno != errno.EPERM:
            raise
        if _bb(ctx):
            ctx.err(f"cp: can't preserve {what} of '{_shown(run, dst)}': {reason(exc)}\n")
        elif what == "times":
            ctx.err(f"cp: preserving times for '{_shown(run, dst)}': {reason(exc)}\n")
            run.failed = True


def _preserve_owner(ctx: ProcessContext, node: Node, dst: str, run: CopyRun) -> None:
    """Only root may give a file away: as anyone else GNU keeps what it can (the group, if the user is in it) and
    says nothing; BusyBox says it and goes on."""
    follow = not isinstance(node, Symlink)
    try:
        ctx.fs.chown(dst, node.uid, node.gid, follow=follow)
    except OSError as exc:
        if exc.errno != errno.EPERM:
            raise
        if _bb(ctx):
            ctx.err(f"cp: can't preserve ownership of '{_shown(run, dst)}': {reason(exc)}\n")
            return
        with contextlib.suppress(OSError):
            ctx.fs.chown(dst, -1, node.gid, follow=follow)


def _cp_error(ctx: ProcessContext, name: str, exc: OSError, shown: str, dpath: str, src: str, spath: str) -> str:
    reading = exc.reading if isinstance(exc, CopyError) else None
    if reading is not None:  # the source could not be opened: named as the user gave it
        source = src.rstrip("/") + reading[len(spath):] if reading != spath else src
        if _bb(ctx):
            return f"{name}: can't open '{source}': {reason(exc)}\n" if reading != spath or not ctx.fs.isdir(spath) \
                else ""
        what = "cannot open '{}' for reading" if not ctx.fs.isdir(reading) else "cannot access '{}'"
        return f"{name}: {what.format(source)}: {reason(exc)}\n"
    if _bb(ctx) and exc.filename and str(exc.filename).startswith(dpath + "/"):
        shown += str(exc.filename)[len(dpath):]  # BusyBox names the entry that failed
    if exc.errno == errno.ENOSPC:  # the file was made, its content could not be written
        return (f"{name}: write error: {reason(exc)}\n" if _bb(ctx)
                else f"{name}: error writing '{shown}': {reason(exc)}\n")
    bb_words = exc.bb_words if isinstance(exc, CopyError) else ""
    words = (bb_words or f"can't create '{{}}': {reason(exc)}").format(shown)
    return (f"{name}: {words}\n" if _bb(ctx)
            else f"{name}: cannot create regular file '{shown}': {reason(exc)}\n")


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
        bb_pair = _bb(ctx) and len(sources) == 1 and "T" not in flags
        try:
            node = ctx.fs.stat(spath) if deref or "H" in flags else ctx.fs.lstat(spath)
        except OSError as exc:
            if not (bb_pair and exc.errno == errno.ENOENT):  # BusyBox then looks at DEST before it says so
                ctx.err(_bb_cant_stat(name, src, exc) if _bb(ctx) else f"{name}: cannot stat '{src}': {reason(exc)}\n")
                status = 1
                continue
            node = None
        if bb_pair:
            try:
                ctx.fs.stat(operand_path(ctx, dest))
            except OSError as exc:
                if exc.errno != errno.ENOENT:
                    ctx.err(_bb_cant_stat(name, dest, exc))
                    return 1
            if node is None:
                ctx.err(f"{name}: can't stat '{src}': {os.strerror(errno.ENOENT)}\n")
                return 1
            # BusyBox copies into DEST unless neither is a directory, or -r copies a directory to a new name.
            is_dir, dest_exists = isinstance(node, Dir), ctx.fs.exists(ctx.abspath(dest))
            into = not (not (is_dir or into) or (recursive and is_dir and not dest_exists))
        # GNU cp copies ``a/..`` or ``.`` into the target directory itself (``x/.``), never next to it
        shown = target_name(dest, "." if not _bb(ctx) and paths.basename(src) in (".", "..") else src, into)
        dpath = ctx.abspath(shown)
        try:  # both look at DEST first
            ctx.fs.lstat(dpath)
        except OSError as exc:
            if exc.errno != errno.ENOENT:
                ctx.err(f"{name}: can't stat '{shown}': {reason(exc)}\n" if _bb(ctx)
                        else f"{name}: cannot stat '{shown}': {reason(exc)}\n")
                status = 1
                continue
        same = (ctx.fs.lexists(dpath) and ctx.fs.lstat(dpath) is node if _bb(ctx)
                else ctx.fs.lexists(dpath) and ctx.fs.realpath(dpath) == ctx.fs.realpath(spath))
        omit = isinstance(node, Dir) and not recursive
        if omit and not (same and _bb(ctx)):  # BusyBox checks for the same file first
            ctx.err(f"{name}: omitting directory '{src}'\n" if _bb(ctx)
                    else f"{name}: -r not specified; omitting directory '{src}'\n")
            status = 1
            continue
        if same:
            ctx.err(f"{name}: '{src}' and '{shown}' are the same file\n")
            status = 1
            continue
        if _bb(ctx) and isinstance(node, File) and ctx.fs.exists(dpath) and ctx.fs.stat(dpath) is node:
            # BusyBox compares DEST with lstat, so a symlink to SRC is opened with O_TRUNC: SRC ends up empty.
            empty = File(perm=node.perm)
            node._copy_meta(empty)
            node = empty
        if isinstance(node, Dir) and not _bb(ctx):
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
            # Hard links are kept by GNU's -a, and by BusyBox whenever it does not follow symlinks.
            keep_links = not deref if _bb(ctx) else "a" in flags
            run = CopyRun(force="f" in flags, made=[] if _bb(ctx) else None, links={} if keep_links else None,
                          shown=(dpath, shown))
            assert node is not None  # a missing source let this far (BusyBox's pair) has been reported
            try:
                copy_node(ctx, node, spath, dpath, preserve, recursive, deref, run)
            finally:
                for item in run.skipped:
                    ctx.err(_cp_error(ctx, name, item, shown, dpath, src, spath) if isinstance(item, OSError) else
                            f"{name}: recursion detected, omitting directory '{src.rstrip('/')}{item[len(spath):]}'\n")
                    status = 1
        except OSError as exc:
            ctx.err(_cp_error(ctx, name, exc, shown, dpath, src, spath))
            status = 1
            continue
        status |= run.failed
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
        shown = target_name(dest, src, into)
        dpath = ctx.abspath(shown)
        if _bb(ctx):  # BusyBox stats DEST before it looks at SRC
            try:
                ctx.fs.stat(operand_path(ctx, shown))
            except OSError as exc:
                if exc.errno != errno.ENOENT:
                    ctx.err(_bb_cant_stat(name, shown, exc))
                    status = 1
                    continue
        try:
            node = ctx.fs.lstat(spath)
        except OSError as exc:
            ctx.err(f"{name}: can't rename '{src}': {reason(exc)}\n" if _bb(ctx)
                    else f"{name}: cannot stat '{src}': {reason(exc)}\n")
            status = 1
            continue
        if _bb(ctx):
            if "n" in flags and ctx.fs.exists(dpath):
                continue
            status |= _bb_move(ctx, name, src, shown, spath, dpath, node)
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
        if {paths.basename(src), paths.basename(shown)} & {".", ".."}:
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), src)  # rename(2) moves no "." or ".." entry
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
            copy_node(ctx, node, spath, dpath, preserve=True, recursive=True, deref=False, run=CopyRun(links={}))
            _remove(ctx, name, src, spath, node, {"r"})
    except OSError as exc:
        if _bb(ctx):
            ctx.err(f"{name}: can't rename '{src}': {reason(exc)}\n")
        else:
            ctx.err(f"{name}: cannot move '{src}' to '{shown}': {reason(exc)}\n")
        return 1
    return 0


def _bb_cant_stat(name: str, shown: str, exc: OSError) -> str:
    """BusyBox ``cp``/``mv`` on a name it cannot stat before starting (``cp_mv_stat``)."""
    why = "Path has non-directory component" if exc.errno == errno.ENOTDIR else reason(exc)
    return f"{name}: can't stat '{shown}': {why}\n"


def _bb_move(ctx: ProcessContext, name: str, src: str, shown: str, spath: str, dpath: str, node: Node) -> int:
    """BusyBox ``mv``: no checks of its own, just ``rename(2)``; on ``EXDEV`` copy (``cp -a``) and delete."""
    fs = ctx.fs
    try:
        fs.rename(spath, dpath)
        return 0
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            ctx.err(f"{name}: can't rename '{src}': {reason(exc)}\n")
            return 1
    if fs.exists(dpath):
        if fs.isdir(dpath) != isinstance(node, Dir):
            kinds = ("", "non-") if fs.isdir(dpath) else ("non-", "")
            ctx.err(f"{name}: can't overwrite {kinds[0]}directory with {kinds[1]}directory\n")
            return 1
        try:
            fs.unlink(dpath)
        except OSError as exc:
            ctx.err(f"{name}: can't remove '{shown}': {reason(exc)}\n")
            return 1
    run = CopyRun(links={})
    try:
        copy_node(ctx, node, spath, dpath, preserve=True, recursive=True, deref=False, run=run)
    except OSError as exc:
        ctx.err(f"{name}: can't create '{shown}': {reason(exc)}\n")
        return 1
    if run.failed:  # copy_file() failed: what could not be copied stays where it was
        return 1
    return _remove(ctx, name, src, spath, node, {"r", "f"})
