"""What the programs share: GNU-style option parsing and its errors, owner names, sizes, times, inodes."""

from __future__ import annotations

import functools
import math
import os
import time
from collections.abc import Callable

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils import busybox
from storagekit.fs import FileSystem, paths
from storagekit.fs.nodes import Device, Dir, File, Node, Symlink
from storagekit.sim.clock import Clock
from storagekit.sim.entropy import Entropy

ENCODING = ("utf-8", "surrogateescape")
SIX_MONTHS = 31556952 // 2


class UsageError(Exception):
    """Bad options or operands; ``try_help`` adds GNU's ``Try '... --help'`` line."""

    def __init__(self, message: str, try_help: bool = True) -> None:
        super().__init__(message)
        self.message, self.try_help = message, try_help


class DieError(UsageError):
    """A bad value the tool names and dies on (``invalid number 'x'``): GNU adds no ``Try`` line, BusyBox no usage."""

    def __init__(self, message: str) -> None:
        super().__init__(message, try_help=False)


def getopt(argv: list[str], short: str, long: dict[str, str] | None = None) -> tuple[list[tuple[str, str]], list[str]]:
    """GNU ``getopt_long`` with argument permutation.

    ``short`` is getopt's string (``"n:"`` takes an argument); ``long`` maps a long
    name (``"lines="`` when it takes one) to the key reported for it.
    """
    long = long or {}
    opts: list[tuple[str, str]] = []
    operands: list[str] = []
    args = argv[1:]
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            operands.extend(args[i:])
            break
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            matches = [k for k in long if k.rstrip("=?") == name] or [k for k in long if k.startswith(name)]
            if len({long[m] for m in matches}) != 1:
                if matches:
                    raise UsageError(f"option '--{name}' is ambiguous")
                raise UsageError(f"unrecognized option '{arg}'")
            key = matches[0]
            full = key.rstrip("=?")
            if key.endswith("?"):
                pass
            elif key.endswith("="):
                if not eq:
                    if i >= len(args):
                        raise UsageError(f"option '--{full}' requires an argument")
                    value = args[i]
                    i += 1
            elif eq:
                raise UsageError(f"option '--{full}' doesn't allow an argument")
            opts.append((long[key], value))
            continue
        if arg.startswith("-") and len(arg) > 1:
            j = 1
            while j < len(arg):
                ch = arg[j]
                pos = short.find(ch)
                if pos < 0 or ch == ":":
                    raise UsageError(f"invalid option -- '{ch}'")
                if short[pos + 1:pos + 2] == ":":
                    value = arg[j + 1:]
                    if not value:
                        if i >= len(args):
                            raise UsageError(f"option requires an argument -- '{ch}'")
                        value = args[i]
                        i += 1
                    opts.append((ch, value))
                    break
                opts.append((ch, ""))
                j += 1
            continue
        operands.append(arg)
    return opts, operands


def program(usage_status: int = 1, busybox_status: int = 1) -> Callable:
    """Turn a :class:`UsageError` into the tool's message and exit status, in GNU or BusyBox words."""

    def wrap(fn: Callable[[ProcessContext, list[str]], int]) -> Callable[[ProcessContext, list[str]], int]:
        @functools.wraps(fn)
        def run(ctx: ProcessContext, argv: list[str]) -> int:
            try:
                return fn(ctx, argv)
            except UsageError as exc:
                name = prog(ctx, argv)
                if ctx.dialect == "busybox":
                    if exc.message.startswith(("invalid option", "unrecognized option", "option requires")):
                        ctx.err(f"{name}: {exc.message}\n")
                    if isinstance(exc, DieError):
                        ctx.err(f"{name}: {exc.message}\n")
                    else:
                        ctx.err(busybox.usage(name))
                    return busybox_status
                if exc.message:
                    ctx.err(f"{name}: {exc.message}\n")
                if exc.try_help:
                    ctx.err(f"Try '{name} --help' for more information.\n")
                return usage_status

        return run

    return wrap


def prog(ctx: ProcessContext, argv: list[str]) -> str:
    """The name a tool calls itself: GNU uses argv[0] as typed, BusyBox its applet name."""
    return os.path.basename(argv[0]) if ctx.dialect == "busybox" else argv[0]


def operand_path(ctx: ProcessContext, op: str) -> str:
    """The absolute path of an operand, keeping a trailing ``/`` (which makes a symlink resolve)."""
    path = ctx.abspath(op)
    return path + "/" if op.endswith("/") and path != "/" else path


def target_name(dest: str, source: str, into: bool) -> str:
    """Where ``cp``, ``mv`` and ``ln`` put ``source``: in the directory ``dest`` under the source's own name, or at
    ``dest`` itself."""
    return dest.rstrip("/") + "/" + paths.basename(source) if into else dest


def leading(text: str, chars: str) -> str:
    """The longest start of ``text`` made of ``chars`` (``[ugoa]*`` as a pattern would match it)."""
    return text[:len(text) - len(text.lstrip(chars))]


def reason(exc: OSError) -> str:
    return os.strerror(exc.errno) if exc.errno else str(exc)


def decode(data: bytes) -> str:
    return data.decode(*ENCODING)


def encode(text: str) -> bytes:
    return text.encode(*ENCODING)


def blocks_1k(node: Node) -> int:
    """Disk usage in 1 KiB units as ext4 allocates it: 4 KiB blocks, directories one block, fast symlinks none."""
    if isinstance(node, Dir):
        return 4
    if isinstance(node, File):
        return math.ceil(node.size / 4096) * 4
    return 0


def mode_string(node: Node) -> str:
    """``drwxr-xr-x``: the type letter and the nine permission bits with setuid, setgid and sticky."""
    kind = next((letter for cls, letter in ((Dir, "d"), (Symlink, "l"), (Device, "c")) if isinstance(node, cls)), "-")
    perm = node.perm
    chars = []
    for shift, special, letter in ((6, 0o4000, "s"), (3, 0o2000, "s"), (0, 0o1000, "t")):
        bits = (perm >> shift) & 7
        x = "x" if bits & 1 else "-"
        if perm & special:
            x = letter if bits & 1 else letter.upper()
        chars.append(("r" if bits & 4 else "-") + ("w" if bits & 2 else "-") + x)
    return kind + "".join(chars)


def ls_time(mtime: int, now: int) -> str:
    """``Jan  5 09:00`` for the last six months, ``Jan  5  2023`` otherwise (GNU and BusyBox agree)."""
    t = time.gmtime(mtime)
    if now - SIX_MONTHS < mtime <= now:
        return time.strftime("%b ", t) + f"{t.tm_mday:2d}" + time.strftime(" %H:%M", t)
    return time.strftime("%b ", t) + f"{t.tm_mday:2d}" + f"  {t.tm_year}"


def link_count(fs: FileSystem, path: str, node: Node) -> int:
    """``st_nlink``: a directory has 2 plus one per subdirectory; a file its hard links.

    overlayfs does not count a directory merged from several layers: it says 1.
    """
    if isinstance(node, Dir):
        if fs.is_merged_dir(path):
            return 1
        try:
            return 2 + sum(1 for child in fs.scandir(path).values() if isinstance(child, Dir))
        except OSError:
            return 2
    if isinstance(node, File):
        return node.nlink
    return 1


_INODES = Clock()
"""Inode numbers for file systems without a host's clock (a test's tree)."""


def inode(node: Node, fs) -> int:
    """A stable inode number per node, in order of first use on its host, so runs are reproducible (see
    :meth:`~storagekit.sim.clock.Clock.inode`)."""
    clock = getattr(fs, "clock", None)
    return (clock if isinstance(clock, Clock) else _INODES).inode(node)


def entropy(ctx: ProcessContext) -> Entropy:
    """The host's random generator (a fresh one, as seeded, for a test's tree without a host's clock)."""
    clock = ctx.clock
    return clock.entropy if isinstance(clock, Clock) else Entropy()


def file_type(node: Node) -> str:
    """The words ``stat`` and ``find -printf %y``-like tools use for a node's type."""
    if isinstance(node, Dir):
        return "directory"
    if isinstance(node, Symlink):
        return "symbolic link"
    if isinstance(node, Device):
        return "character special file"
    return "regular empty file" if node.size == 0 else "regular file"
