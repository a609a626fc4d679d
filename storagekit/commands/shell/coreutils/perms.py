"""``chmod``, ``chown`` and ``chgrp``: octal and symbolic modes, owners by number or by name from the tree's
``/etc``."""

from __future__ import annotations

import errno
import re

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils.common import UsageError, getopt, leading, prog, program, reason
from storagekit.fs.nodes import Dir, Symlink
from storagekit.fs.users import id_of

UMASK = 0o022

SYMBOLIC = re.compile(r"^[ugoa]*([-+=]([rwxXst]*|[ugo]))+$")


def parse_mode(text: str, current: int, is_dir: bool) -> int | None:
    """An octal mode, or ``u+x,go-w``-style clauses applied to ``current``; None if invalid."""
    if re.fullmatch(r"[0-7]{1,4}", text):
        return int(text, 8)
    mode = current
    for clause in text.split(","):
        if not SYMBOLIC.match(clause):
            return None
        who = leading(clause, "ugoa")
        mask = 0
        for w in who or "a":
            mask |= {"u": 0o4700, "g": 0o2070, "o": 0o1007, "a": 0o7777}[w]
        limit = ~UMASK if not who else 0o7777
        for op, perms in re.findall(r"([-+=])([rwxXst]*|[ugo])", clause[len(who):]):
            bits = 0
            if perms in ("u", "g", "o"):
                shift = {"u": 6, "g": 3, "o": 0}[perms]
                trio = (mode >> shift) & 7
                bits = trio << 6 | trio << 3 | trio
            else:
                for p in perms:
                    bits |= {"r": 0o444, "w": 0o222, "x": 0o111, "s": 0o6000, "t": 0o1000,
                             "X": 0o111 if is_dir or mode & 0o111 else 0}[p]
            bits &= mask & limit
            if op == "+":
                mode |= bits
            elif op == "-":
                mode &= ~bits
            else:
                mode = (mode & ~(mask & 0o7777)) | bits
    return mode


@program()
def chmod(ctx: ProcessContext, argv: list[str]) -> int:
    args = argv[1:]
    recursive = False
    while args and re.fullmatch(r"-[Rvfc]+", args[0]):
        recursive = recursive or "R" in args[0]
        args = args[1:]
    if args and args[0] == "--recursive":
        recursive, args = True, args[1:]
    if not args:
        raise UsageError("missing operand")
    mode_text, files = args[0], args[1:]
    if not files:
        raise UsageError(f"missing operand after '{mode_text}'")
    if parse_mode(mode_text, 0, False) is None:
        raise UsageError(f"invalid mode: '{mode_text}'")
    name = prog(ctx, argv)
    status = 0
    for op in files:
        path = ctx.abspath(op)
        try:
            todo = [(path, ctx.fs.stat(path))]
        except OSError as exc:
            ctx.err(f"{name}: {op}: {reason(exc)}\n" if ctx.dialect == "busybox"
                    else f"{name}: cannot access '{op}': {reason(exc)}\n")
            status = 1
            continue
        top_link = ctx.dialect == "busybox" and isinstance(ctx.fs.lstat(path), Symlink)
        status |= _chmod_tree(ctx, name, op, path, todo[0][1], mode_text, recursive and not top_link)
    return status


def _chmod_tree(ctx: ProcessContext, name: str, shown: str, path: str, node, mode_text: str, recursive: bool) -> int:
    """chmod one entry, then (``-R``) what is below it; symlinks met on the way are left alone.

    GNU goes on below a directory it could not change; BusyBox stops there, and says so twice.
    """
    status = 0
    try:
        mode = parse_mode(mode_text, node.perm, isinstance(node, Dir))
        assert mode is not None  # chmod checked the mode before it began
        ctx.fs.chmod(path, mode)
    except OSError as exc:
        status = 1
        if ctx.dialect != "busybox":
            ctx.err(f"{name}: changing permissions of '{shown}': {reason(exc)}\n")
        else:
            ctx.err(f"{name}: {shown}: {reason(exc)}\n" * (2 if recursive and isinstance(node, Dir) else 1))
            return status
    if not (recursive and isinstance(node, Dir)):
        return status
    try:
        children = ctx.fs.scandir(path)
    except OSError as exc:
        ctx.err(f"{name}: {shown}: {reason(exc)}\n" if ctx.dialect == "busybox"
                else f"{name}: cannot read directory '{shown}': {reason(exc)}\n")
        return 1
    for child, child_node in children.items():
        if not isinstance(child_node, Symlink):
            status |= _chmod_tree(ctx, name, f"{shown.rstrip('/')}/{child}", f"{path.rstrip('/')}/{child}", child_node,
                                  mode_text, recursive)
    return status


def _owner(ctx: ProcessContext, argv: list[str], spec: str, group_only: bool) -> tuple[int, int] | None:
    name = prog(ctx, argv)
    user, _sep, group = (("", ":", spec) if group_only else spec.replace(".", ":", 1).partition(":")
                        if ":" in spec or "." in spec else (spec, "", ""))
    ids = [-1, -1]
    for i, (wanted, what) in enumerate(((user, "user"), (group, "group"))):
        if wanted:
            found = id_of(ctx.fs, wanted, group=what == "group")
            if found is None:
                ctx.err(f"{name}: invalid {what}: '{spec}'\n")
                return None
            ids[i] = found
    return ids[0], ids[1]


def _chown(ctx: ProcessContext, argv: list[str], group_only: bool) -> int:
    opts, operands = getopt(argv, "Rhvfc", {"recursive": "R", "no-dereference": "h"})
    flags = {k for k, _ in opts}
    if not operands:
        raise UsageError("missing operand")
    if len(operands) == 1:
        raise UsageError(f"missing operand after '{operands[0]}'")
    ids = _owner(ctx, argv, operands[0], group_only)
    if ids is None:
        return 1
    status = 0
    for op in operands[1:]:
        path = ctx.abspath(op)
        try:
            node = ctx.fs.lstat(path) if "h" in flags else ctx.fs.stat(path)
            ctx.fs.chown(path, *ids, follow="h" not in flags)
            if "R" in flags and isinstance(node, Dir):
                for p, _ in ctx.fs.walk(path):
                    ctx.fs.chown(p, *ids, follow=False)
        except OSError as exc:
            changing = "changing group of" if group_only else "changing ownership of"
            what = "cannot access" if exc.errno in (errno.ENOENT, errno.ENOTDIR) else changing
            ctx.err(f"{prog(ctx, argv)}: {op}: {reason(exc)}\n" if ctx.dialect == "busybox"
                    else f"{prog(ctx, argv)}: {what} '{op}': {reason(exc)}\n")
            status = 1
    return status


@program()
def chown(ctx: ProcessContext, argv: list[str]) -> int:
    return _chown(ctx, argv, group_only=False)


@program()
def chgrp(ctx: ProcessContext, argv: list[str]) -> int:
    return _chown(ctx, argv, group_only=True)
