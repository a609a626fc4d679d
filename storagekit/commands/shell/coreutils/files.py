"""Programs that change the tree: ``rm mkdir rmdir touch ln`` (``cp mv`` are in copying, ``chmod chown`` in perms).

Every change goes through :class:`FileSystem` methods, so in a container the
overlay rules (copy-up, whiteouts, ``EXDEV`` on directory renames) apply
exactly as the kernel applies them under the real tools.
"""

from __future__ import annotations

import calendar
import errno
import os
import re
import time

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
from storagekit.commands.shell.coreutils.perms import parse_mode
from storagekit.fs import paths
from storagekit.fs.nodes import Dir, Node, Symlink


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
            if _bb(ctx) and exc.errno != errno.ENOENT:
                ctx.err(f"{name}: can't stat '{op}': {reason(exc)}\n")  # BusyBox's remove_file() lstat()s first
                status = 1
            elif "f" not in flags or exc.errno != errno.ENOENT:
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
            try:
                children = ctx.fs.scandir(path)
            except OSError as exc:  # a directory it cannot read: BusyBox gives up on it without a word
                return 1 if _bb(ctx) else _rm_error(ctx, name, shown, exc)
            for child, child_node in children.items():
                child_shown, child_path = shown.rstrip("/") + "/" + child, paths.join(path, child)
                if _bb(ctx):  # BusyBox's remove_file() lstat()s each entry first
                    try:
                        ctx.fs.lstat(child_path)
                    except OSError as exc:
                        ctx.err(f"{name}: can't stat '{child_shown}': {reason(exc)}\n")
                        status = 1
                        continue
                status |= _remove(ctx, name, child_shown, child_path, child_node, flags)
            if status:
                return status  # a child stayed: the directory cannot go, and that goes unsaid
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
                last = paths.basename(target)  # the kernel's rmdir(2) looks at the name before the entry
                if last in (".", ".."):
                    code = errno.EINVAL if last == "." else errno.ENOTEMPTY
                    raise OSError(code, os.strerror(code), target)
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


def _stat_errno(ctx: ProcessContext, path: str, found: int = errno.ENOENT) -> int:
    """Why ``stat`` fails on what is there (ENOENT for a dangling symlink, ELOOP for one that loops), or ``found``
    when it does not."""
    try:
        ctx.fs.stat(path)
    except OSError as exc:
        return exc.errno or errno.ENOENT
    return found


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
        if "p" in flags and _bb(ctx):  # BusyBox names each step as it calls mkdir(2): "a/", "a/b"
            made = [op[:m.end()] for m in re.finditer(r"/*[^/]+/*", op)]
        elif "p" in flags:
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
                code = exc.errno
                if "p" in flags and code == errno.EEXIST and _bb(ctx):
                    # BusyBox stat()s the name as it passed it to mkdir(2): its error (ENOTDIR for a file with the
                    # "/" of a name in the middle, ENOENT for a dangling link, ELOOP), else still EEXIST.
                    code = _stat_errno(ctx, operand_path(ctx, target), errno.EEXIST)
                elif "p" in flags and code == errno.EEXIST and not last:
                    # GNU chdir()s into each name on the way: its error, but EEXIST still for a dangling link.
                    code = _stat_errno(ctx, path, errno.ENOTDIR)
                    code = errno.EEXIST if code == errno.ENOENT else code
                if code == errno.EACCES and i and not _bb(ctx) and not ctx.fs.access(ctx.abspath(made[i - 1]), os.X_OK):
                    target = made[i - 1]  # GNU goes into each directory it passes: it names the one it cannot enter
                ctx.err(f"{name}: {verb} '{target}': {reason(OSError(code, ''))}\n")
                status = 1
                break
            if "v" in flags:
                ctx.out(f"{name}: created directory '{target}'\n")
    return status


_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d))?)?")
_STAMP = re.compile(r"(\d{8}|\d{10}|\d{12})(?:\.(\d\d))?")


def _touch_time(ctx: ProcessContext, flags: dict[str, str]) -> int | None:
    """The time ``-d``, ``-t`` or ``-r`` asks for (UTC, as the simulated machines run), None for now.

    ``-d`` takes the forms scripts use (``2020-01-02``, ``2020-01-02 03:04:05``, ``@SECONDS``); raises
    ValueError (with the text shown) for others, OSError for a ``-r`` file that is not there.
    """
    if "r" in flags:
        return ctx.fs.stat(ctx.abspath(flags["r"])).mtime
    if "t" in flags:  # [[CC]YY]MMDDhhmm[.ss]
        m = _STAMP.fullmatch(flags["t"])
        if not m:
            raise ValueError(flags["t"])
        digits, seconds = m.group(1), int(m.group(2) or 0)
        head, (mo, dd, hh, mi) = digits[:-8], (int(digits[i:i + 2]) for i in range(len(digits) - 8, len(digits), 2))
        year = int(head) if len(head) == 4 else (2000 + int(head) if int(head) < 69 else 1900 + int(head)) if head \
            else time.gmtime(ctx.clock()).tm_year
        return calendar.timegm((year, mo, dd, hh, mi, seconds))
    if "d" in flags:
        text = flags["d"].strip()
        if re.fullmatch(r"@-?\d+", text):
            return int(text[1:])
        m = _DATE.fullmatch(text)
        if not m:
            raise ValueError(flags["d"])
        return calendar.timegm(tuple(int(g or 0) for g in m.groups()))
    return None


@program()
def touch(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "acmd:t:r:h", {"no-create": "c", "date=": "d", "reference=": "r"})
    flags = dict(opts)
    if not operands:
        raise UsageError("missing file operand")
    name = prog(ctx, argv)
    try:
        when = _touch_time(ctx, flags)
    except ValueError as exc:
        ctx.err(f"{name}: invalid date '{exc}'\n" if _bb(ctx) else f"{name}: invalid date format '{exc}'\n")
        return 1
    except OSError as exc:
        ctx.err(f"{name}: {flags['r']}: {reason(exc)}\n" if _bb(ctx)
                else f"{name}: failed to get attributes of '{flags['r']}': {reason(exc)}\n")
        return 1
    status = 0
    for op in operands:
        path = ctx.abspath(op)
        try:
            if ctx.fs.exists(path):
                ctx.fs.utime(path, when)
            elif "c" not in flags:
                ctx.fs.write(path, b"")
                if when is not None:
                    ctx.fs.utime(path, when)
        except OSError as exc:
            if _bb(ctx):
                ctx.err(f"{name}: {op}: {reason(exc)}\n")
            elif exc.errno == errno.EPERM and ctx.fs.access(path, os.W_OK):
                ctx.err(f"{name}: setting times of '{op}': {reason(exc)}\n")  # it could open the file, not set times
            else:  # GNU opens the file first: what it reports is why that failed
                code = exc.errno if exc.errno != errno.EPERM else errno.EACCES
                ctx.err(f"{name}: cannot touch '{op}': {os.strerror(code or errno.EIO)}\n")
            status = 1
    return status


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
    if _bb(ctx):
        return _bb_ln(ctx, name, flags, targets, dest, into)
    kind = "symbolic link" if "s" in flags else "hard link"
    status = 0
    for target in targets:
        shown = target_name(dest, target, into)
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
            _make_link(ctx, flags, target, ctx.abspath(shown), unlink_errors=True)
        except OSError as exc:
            source = "" if "s" in flags or exc.errno in (errno.EDQUOT, errno.EEXIST, errno.ENOSPC, errno.EROFS) \
                else f" => '{target}'"
            ctx.err(f"{name}: failed to create {kind} '{shown}'{source}: {reason(exc)}\n")
            status = 1
            continue
        if "v" in flags:
            ctx.out(f"'{shown}' -> '{target}'\n" if "s" in flags else f"'{shown}' => '{target}'\n")
    return status


def _bb_ln(ctx: ProcessContext, name: str, flags: set[str], targets: list[str], dest: str, into: bool) -> int:
    """BusyBox ``ln``: ``link(2)``/``symlink(2)`` as asked, every failure as ``ln: PATH: strerror``."""
    status = 0
    for target in targets:
        shown = target_name(dest, target, into)
        if "s" not in flags and not ctx.fs.exists(ctx.abspath(target)):
            try:
                if not isinstance(ctx.fs.lstat(ctx.abspath(target)), Symlink):
                    ctx.fs.stat(ctx.abspath(target))
            except OSError as exc:
                ctx.err(f"{name}: {target}: {reason(exc)}\n")
                status = 1
                continue
        try:
            _make_link(ctx, flags, target, ctx.abspath(shown), unlink_errors=False)
        except OSError as exc:
            ctx.err(f"{name}: {shown}: {reason(exc)}\n")
            status = 1
    return status


def _make_link(ctx: ProcessContext, flags: set[str], target: str, path: str, *, unlink_errors: bool) -> None:
    """One link as ``ln`` makes it: with ``-f`` whatever is at ``path`` (never a directory) goes first, then
    ``symlink(2)`` or ``link(2)``. BusyBox ignores a failed unlink: the link call that follows says what is wrong."""
    if "f" in flags and ctx.fs.lexists(path) and not isinstance(ctx.fs.lstat(path), Dir):
        try:
            ctx.fs.unlink(path)
        except OSError:
            if unlink_errors:
                raise
    if "s" in flags:
        ctx.fs.symlink(target, path)
    else:
        ctx.fs.link(ctx.abspath(target), path)
