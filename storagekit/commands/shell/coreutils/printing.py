"""``echo``, ``printf`` and ``test``: shared by the shell builtins and the programs of the same name.

Each caller passes how it words errors, since ``bash: printf: x: invalid
number`` and coreutils' ``printf: 'x': expected a numeric value`` differ.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils.common import decode, encode, leading
from storagekit.fs.nodes import Dir, File, Symlink
from storagekit.sim.process import ROOT

SIMPLE_ESCAPES = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
                  "v": "\v", "\\": "\\"}


class StopOutput(Exception):
    """``\\c``: print nothing more."""


def escapes(text: str, octal_zero: bool, hex_ok: bool = True) -> str:
    """Backslash escapes as ``echo -e`` (``octal_zero``: ``\\0nnn``) or ``printf`` (``\\nnn``) read them.

    Raises :class:`StopOutput` carrying the text before a ``\\c``.
    """
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\" or i + 1 >= len(text):
            out.append(c)
            i += 1
            continue
        n = text[i + 1]
        if n in SIMPLE_ESCAPES:
            out.append(SIMPLE_ESCAPES[n])
            i += 2
        elif n == "c":
            raise StopOutput(decode(encode("".join(out))))
        elif n == "x" and hex_ok and (m := re.match(r"[0-9a-fA-F]{1,2}", text[i + 2:])):
            out.append(byte(int(m.group(), 16)))
            i += 2 + len(m.group())
        elif (octal_zero and n == "0") or (not octal_zero and n in "01234567"):
            start = i + 2 if octal_zero else i + 1
            digits = leading(text[start:start + 3], "01234567")
            out.append(byte(int(digits or "0", 8) & 0xFF))
            i = start + len(digits)
        else:
            out.append(c + n)
            i += 2
    return decode(encode("".join(out)))  # bytes that make UTF-8 together are its characters


def byte(value: int) -> str:
    """One byte as the shell's text holds it: ASCII as itself, any other as its surrogate escape."""
    return chr(value) if value < 0x80 else chr(0xDC00 + value)


def echo(args: list[str], style: str) -> str:
    """``style``: ``bash`` (-n -e -E, escapes off by default) or ``dash`` (only -n, escapes always on)."""
    newline, interpret = True, style == "dash"
    while args:
        flag = args[0]
        allowed = "n" if style == "dash" else "neE"
        if not (len(flag) > 1 and flag[0] == "-" and all(ch in allowed for ch in flag[1:])):
            break
        for ch in flag[1:]:
            if ch == "n":
                newline = False
            else:
                interpret = ch == "e"
        args = args[1:]
    text = " ".join(args)
    if interpret:
        try:
            text = escapes(text, octal_zero=True, hex_ok=style != "dash")
        except StopOutput as stop:
            return str(stop)
    return text + ("\n" if newline else "")


def _number(arg: str, complain: Callable[[str], None]) -> int:
    if arg[:1] in ("'", '"'):
        return ord(arg[1]) if len(arg) > 1 else 0
    m = re.fullmatch(r"\s*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\s*", arg)
    if not m:
        lead = re.match(r"\s*[+-]?[0-9]+", arg)
        complain(arg)
        return int(lead.group()) if lead else 0
    digits = m.group(2)
    base = 16 if digits[:2].lower() == "0x" else 8 if digits.startswith("0") and len(digits) > 1 else 10
    value = int(digits, base)
    return -value if m.group(1) == "-" else value


MAX_WIDTH = 100_000
CONVERSION = re.compile(r"%([-+ #0]*)(\d*)(?:\.(\d*))?([sbdiouxXcefgEG%])")


def printf(fmt: str, args: list[str], complain: Callable[[str], None]) -> str:
    """Format like printf(1): the format is reused while arguments remain."""
    out: list[str] = []
    args = list(args)
    try:
        while True:
            used = _printf_once(fmt, args, out, complain)
            if not args or not used:
                break
    except StopOutput:
        pass
    return "".join(out)


def _clamp(digits: str | None) -> str | None:
    """Widths beyond any terminal are cut down, so ``%999999999d`` cannot exhaust memory."""
    return str(min(int(digits), MAX_WIDTH)) if digits else digits


def _printf_once(fmt: str, args: list[str], out: list[str], complain: Callable[[str], None]) -> bool:
    pos = 0
    used = False
    for m in CONVERSION.finditer(fmt):
        try:
            out.append(escapes(fmt[pos:m.start()], octal_zero=False))
        except StopOutput as stop:
            out.append(str(stop))
            raise
        pos = m.end()
        flags, width, prec, conv = m.groups()
        width, prec = _clamp(width), _clamp(prec)
        if conv == "%":
            out.append("%")
            continue
        used = True
        arg = args.pop(0) if args else None
        spec = "%" + flags + (width or "") + ("." + prec if prec is not None else "")
        if conv == "s":
            out.append((spec + "s") % (arg or ""))
        elif conv == "b":
            try:
                out.append((spec + "s") % escapes(arg or "", octal_zero=True))
            except StopOutput as stop:
                out.append(str(stop))
                raise
        elif conv == "c":
            out.append((spec + "s") % (arg or "")[:1])
        elif conv in "diouxX":
            value = _number(arg, complain) if arg else 0
            out.append((spec + ("d" if conv in "iu" else conv)) % value)
        else:
            try:
                number = float(arg) if arg else 0.0
            except ValueError:
                complain(arg or "")
                number = 0.0
            out.append((spec + conv) % number)
    try:
        out.append(escapes(fmt[pos:], octal_zero=False))
    except StopOutput as stop:
        out.append(str(stop))
        raise
    return used


class TestError(Exception):
    """A malformed ``test`` expression (exit status 2)."""


UNARY = set("-e -f -d -s -z -n -r -w -x -L -h -b -c -p -S -g -u -k -t -O -G".split())
BINARY = {"=", "==", "!=", "<", ">", "-eq", "-ne", "-lt", "-le", "-gt", "-ge", "-nt", "-ot", "-ef"}


def test(ctx: ProcessContext, args: list[str], integer: Callable[[str], int]) -> bool:
    """Evaluate a ``test`` expression by the POSIX argument-count rules, then ``-a``/``-o``."""
    if not args:
        return False
    if len(args) == 1:
        return args[0] != ""
    if len(args) == 2:
        if args[0] == "!":
            return args[1] == ""
        if args[0] in UNARY:
            return _unary(ctx, args[0], args[1])
        raise TestError(f"{args[0]}: unary operator expected")
    if len(args) == 3:
        if args[1] in BINARY:
            return _binary(ctx, args[0], args[1], args[2], integer)
        if args[0] == "!":
            return not test(ctx, args[1:], integer)
        if args[1] in ("-a", "-o"):
            a, b = test(ctx, [args[0]], integer), test(ctx, [args[2]], integer)
            return (a and b) if args[1] == "-a" else (a or b)
        if args[0] == "(" and args[2] == ")":
            return test(ctx, [args[1]], integer)
        raise TestError(f"{args[1]}: binary operator expected")
    if args[0] == "!" and len(args) == 4:
        return not test(ctx, args[1:], integer)
    for op in ("-o", "-a"):
        if op in args[1:-1]:
            i = len(args) - 1 - args[::-1].index(op)
            left, right = test(ctx, args[:i], integer), test(ctx, args[i + 1:], integer)
            return (left or right) if op == "-o" else (left and right)
    raise TestError("too many arguments")


def _unary(ctx: ProcessContext, op: str, arg: str) -> bool:
    if op == "-z":
        return arg == ""
    if op == "-n":
        return arg != ""
    if op == "-t":
        return False
    path = ctx.abspath(arg) if arg else ""
    try:
        node = ctx.fs.lstat(path) if op in ("-L", "-h") else ctx.fs.stat(path)
    except OSError:
        return False
    if op in ("-r", "-w", "-x"):  # access(2): what the process may do, as the kernel would answer
        return ctx.fs.access(path, {"-r": os.R_OK, "-w": os.W_OK, "-x": os.X_OK}[op])
    cred = ctx.fs.cred or ROOT
    return {
        "-e": True, "-f": isinstance(node, File), "-d": isinstance(node, Dir), "-s": node.size > 0,
        "-L": isinstance(node, Symlink), "-h": isinstance(node, Symlink), "-c": node.mode & 0o170000 == 0o020000,
        "-g": bool(node.perm & 0o2000), "-u": bool(node.perm & 0o4000), "-k": bool(node.perm & 0o1000),
        "-O": node.uid == cred.uid, "-G": node.gid == cred.gid,
    }.get(op, False)


def _binary(ctx: ProcessContext, a: str, op: str, b: str, integer: Callable[[str], int]) -> bool:
    if op in ("=", "=="):
        return a == b
    if op == "!=":
        return a != b
    if op in ("<", ">"):
        return a < b if op == "<" else a > b
    if op in ("-nt", "-ot", "-ef"):
        try:
            na, nb = ctx.fs.stat(ctx.abspath(a)), ctx.fs.stat(ctx.abspath(b))
        except OSError:
            return False
        return {"-nt": na.mtime > nb.mtime, "-ot": na.mtime < nb.mtime, "-ef": na is nb}[op]
    x, y = integer(a), integer(b)
    return {"-eq": x == y, "-ne": x != y, "-lt": x < y, "-le": x <= y, "-gt": x > y, "-ge": x >= y}[op]


def parse_int(arg: str) -> int | None:
    m = re.fullmatch(r"\s*[+-]?\d+\s*", arg)
    return int(arg) if m else None
