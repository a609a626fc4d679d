"""Text filters: ``cat head tail wc sort uniq cut tr tee`` over real file content (``grep`` and ``sed`` have their
own modules)."""

from __future__ import annotations

import errno
import re
from typing import TypeVar

from storagekit.commands.shell.context import ProcessContext, StillRunning
from storagekit.commands.shell.coreutils.common import UsageError, decode, encode, getopt, prog, program, reason
from storagekit.fs.content import Blob
from storagekit.fs.devices import Endless

_E = TypeVar("_E")
LINE_CHUNK = 64 * 1024
"""How much of an endless device ``head -n`` looks through for its lines (random bytes hold a newline every 256)."""


def read_operand(ctx: ProcessContext, op: str, limit: int | None = None, lines: int | None = None) -> str:
    """An operand's content (``-`` is standard input), as far as the program reads it: ``limit`` bytes, or, for a
    reader that stops at its ``lines``-th newline (``head -n``), far enough on an endless device to find them.
    Raises OSError as open/read would, and :class:`~storagekit.fs.devices.Endless` for a device that never ends.
    """
    if op == "-":
        return decode(ctx.stdin)
    path = ctx.abspath(op)
    try:
        return decode(ctx.fs.read(path, limit))
    except Endless:
        chunk = ctx.fs.read(path, LINE_CHUNK) if lines is not None else b""
        if lines is None or chunk.count(b"\n") < lines:
            raise
        return decode(chunk)


def _content(ctx: ProcessContext, op: str, limit: int | None = None) -> Blob:
    """An operand's content as it is (lazy: nothing is read), for programs that pass bytes through or count them.
    Raises as :func:`read_operand` does."""
    if op == "-":
        content = ctx.stdin_content
        return content if limit is None else content.slice(0, limit)
    return ctx.fs.blob(ctx.abspath(op), limit)


def split_lines(text: str) -> list[str]:
    """Lines with their newline kept (the last may lack one); only ``\n`` ends a line, as for the real tools."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


@program()
def cat(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "nbsAETve", {"number": "n", "number-nonblank": "b", "show-all": "A"})
    flags = {k for k, _ in opts}
    name = prog(ctx, argv)
    status = 0
    number = 0
    for op in operands or ["-"]:
        try:
            if not flags:
                ctx.out_content(_content(ctx, op))
                continue
            text = read_operand(ctx, op)
        except OSError as exc:
            if ctx.dialect == "busybox":
                msg = f"read error: {reason(exc)}" if exc.errno == errno.EISDIR else f"can't open '{op}': {reason(exc)}"
                ctx.err(f"{name}: {msg}\n")
            else:
                ctx.err(f"{name}: {op}: {reason(exc)}\n")
            status = 1
            continue
        for line in split_lines(text):
            body, nl = (line[:-1], "\n") if line.endswith("\n") else (line, "")
            if flags & {"T", "A"}:
                body = body.replace("\t", "^I")
            if flags & {"E", "A", "e"}:
                nl = "$" + nl if nl else nl
            if ("b" in flags and body) or ("n" in flags and "b" not in flags):
                number += 1
                body = f"{number:6d}\t{body}"
            ctx.out(body + nl)
    return status


SUFFIXES = {"": 1, "b": 512, "K": 1024, "k": 1024, "M": 1024 ** 2, "m": 1024 ** 2, "G": 1024 ** 3, "KB": 1000,
            "kB": 1000, "MB": 1000 ** 2, "GB": 1000 ** 3, "KiB": 1024, "MiB": 1024 ** 2, "GiB": 1024 ** 3}
"""Multipliers ``head -c``, ``dd`` and ``fallocate`` accept after a number (GNU's and BusyBox's)."""


def _count(value: str, what: str) -> int:
    m = re.fullmatch(r"([+-]?\d+)([A-Za-z]*)", value)
    if not m or m.group(2) not in SUFFIXES or (m.group(2) and what == "lines" and m.group(2) not in "bkKmMgG"):
        raise UsageError(f"invalid number of {what}: '{value}'", try_help=False)
    return int(m.group(1)) * SUFFIXES[m.group(2)]


def _head_tail(ctx: ProcessContext, argv: list[str], tail: bool) -> int:
    args = [("-n" + a[1:]) if re.fullmatch(r"-\d+", a) else a for a in argv]
    opts, operands = getopt(args, "n:c:qvf", {"lines=": "n", "bytes=": "c", "quiet": "q", "verbose": "v",
                                                 "follow": "f"})
    flags = dict(opts)
    by_bytes = "c" in flags
    raw = flags["c"] if by_bytes else flags.get("n", "10")
    count = _count(raw, "bytes" if by_bytes else "lines")
    from_start = tail and raw.startswith("+")
    name = prog(ctx, argv)
    if "f" in flags and not ctx.blocking_sleep:
        ctx.note("tail -f would wait for more data; the simulation prints what is there and returns.")
    operands = operands or ["-"]
    status = 0
    limit = count if by_bytes and count >= 0 and not tail else None
    lines = count if not by_bytes and count >= 0 and not tail else None
    for i, op in enumerate(operands):
        try:
            if by_bytes and count >= 0 and not from_start:  # bytes pass through as they are
                content = _content(ctx, op, limit)
                if (len(operands) > 1 and "q" not in flags) or "v" in flags:
                    ctx.out(("\n" if i else "") + f"==> {'standard input' if op == '-' else op} <==\n")
                ctx.out_content(content.slice(max(content.size - count, 0)) if tail else content)
                continue
            text = read_operand(ctx, op, limit, lines)
        except OSError as exc:
            ctx.err(f"{name}: {op}: {reason(exc)}\n" if ctx.dialect == "busybox"
                    else f"{name}: cannot open '{op}' for reading: {reason(exc)}\n")
            status = 1
            continue
        if (len(operands) > 1 and "q" not in flags) or "v" in flags:
            ctx.out(("\n" if i else "") + f"==> {'standard input' if op == '-' else op} <==\n")
        if by_bytes:
            ctx.out(decode(bytes(_chosen(list(encode(text)), count, tail, from_start))))
        else:
            ctx.out("".join(_chosen(split_lines(text), count, tail, from_start)))
    if tail and "f" in flags and ctx.blocking_sleep:  # it has printed what is there and now waits for more
        raise StillRunning("tail")
    return status


@program()
def head(ctx: ProcessContext, argv: list[str]) -> int:
    return _head_tail(ctx, argv, tail=False)


@program()
def tail(ctx: ProcessContext, argv: list[str]) -> int:
    return _head_tail(ctx, argv, tail=True)


def _chosen(items: list[_E], count: int, tail: bool, from_start: bool) -> list[_E]:
    """The lines or bytes ``head``/``tail`` print: the first ``count`` (all but the last ``-count``), the last
    ``count``, or from the ``count``-th on (``tail -n +N``)."""
    if tail:
        return items[max(count - 1, 0):] if from_start else (items[-abs(count):] if count else [])
    return items[:count] if count >= 0 else items[:count or None]


@program()
def wc(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "lwcmL", {"lines": "l", "words": "w", "bytes": "c", "chars": "m"})
    flags = [k for k, _ in opts]
    which = [k for k in "lwmc" if k in flags] or ["l", "w", "c"]
    name = prog(ctx, argv)
    rows: list[tuple[list[int], str]] = []
    status = 0
    size = 0
    for op in operands or ["-"]:
        try:
            content = _content(ctx, op)
            counts = {"c": content.size}
            if "l" in which:
                counts["l"] = content.count(b"\n")
            if "w" in which or "m" in which:  # words and characters need the text itself
                text = decode(content.read())
                counts.update(w=len(text.split()), m=len(text))
        except OSError as exc:
            ctx.err(f"{name}: {op}: {reason(exc)}\n")
            status = 1
            continue
        size += counts["c"]
        rows.append(([counts[k] for k in which], "" if op == "-" else op))
    if len(rows) > 1:
        rows.append(([sum(r[0][i] for r in rows) for i in range(len(which))], "total"))
    if len(which) == 1 and len(operands) <= 1:
        width = 1
    elif not operands or "-" in operands:
        width = 7
    else:
        width = len(str(size))
    for numbers, label in rows:
        ctx.out(" ".join(f"{n:>{width}}" for n in numbers) + (f" {label}" if label else "") + "\n")
    return status


@program(usage_status=2)
def sort(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "rnufk:t:V", {"reverse": "r", "numeric-sort": "n", "unique": "u",
                                                 "ignore-case": "f", "key=": "k", "field-separator=": "t"})
    flags = dict(opts)
    field_start = 0
    if "k" in flags:
        number = re.match(r"[1-9]\d*", flags["k"])
        if number is None:
            raise UsageError(f"invalid number at field start: invalid count at start of '{flags['k']}'",
                             try_help=False)
        field_start = int(number.group()) - 1
    lines: list[str] = []
    for op in operands or ["-"]:
        try:
            lines += [ln.rstrip("\n") for ln in split_lines(read_operand(ctx, op))]
        except OSError as exc:
            ctx.err(f"{prog(ctx, argv)}: cannot read: {op}: {reason(exc)}\n")
            return 2

    def key(line: str) -> tuple:
        field = line
        if "k" in flags:
            parts = line.split(flags["t"]) if "t" in flags else line.split()
            field = (flags.get("t") or " ").join(parts[field_start:field_start + 1])
        if "f" in flags:
            field = field.upper()
        if "n" in flags:
            m = re.match(r"\s*-?\d+(\.\d+)?", field)
            return (float(m.group()) if m else 0.0, line)
        return (field, line)

    lines.sort(key=key, reverse="r" in flags)
    if "u" in flags:
        seen, unique = set(), []
        for line in lines:
            k = key(line)[0]
            if k not in seen:
                seen.add(k)
                unique.append(line)
        lines = unique
    ctx.out("".join(line + "\n" for line in lines))
    return 0


@program()
def uniq(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "cdui", {"count": "c", "repeated": "d", "unique": "u", "ignore-case": "i"})
    flags = {k for k, _ in opts}
    try:
        lines = [ln.rstrip("\n") for ln in split_lines(read_operand(ctx, operands[0] if operands else "-"))]
    except OSError as exc:
        ctx.err(f"{prog(ctx, argv)}: {operands[0]}: {reason(exc)}\n")
        return 1
    groups: list[list[str]] = []
    for line in lines:
        same = groups and (groups[-1][0].lower() == line.lower() if "i" in flags else groups[-1][0] == line)
        if same:
            groups[-1].append(line)
        else:
            groups.append([line])
    for g in groups:
        if ("d" in flags and len(g) < 2) or ("u" in flags and len(g) > 1):
            continue
        ctx.out((f"{len(g):7d} " if "c" in flags else "") + g[0] + "\n")
    return 0


def bre_to_python(pattern: str) -> str:
    """POSIX basic regular expression (with GNU's ``\\|``, ``\\+``, ``\\?``) as a Python regex."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            n = pattern[i + 1]
            out.append(n if n in "(){}|+?" else "\\" + n)
            i += 2
            continue
        out.append("\\" + c if c in "(){}|+?" else c)
        i += 1
    return "".join(out)


def _ranges(spec: str) -> list[tuple[int, int]]:
    out = []
    for part in spec.split(","):
        m = re.fullmatch(r"(\d*)(-?)(\d*)", part)
        if not m or part in ("", "-") or part.startswith("0"):
            raise UsageError(f"invalid field value '{part}'" if part else "fields are numbered from 1")
        lo = int(m.group(1)) if m.group(1) else 1
        hi = int(m.group(3)) if m.group(3) else (lo if not m.group(2) else 1 << 30)
        out.append((lo, hi))
    return out


@program()
def cut(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "d:f:c:b:s", {"delimiter=": "d", "fields=": "f", "characters=": "c", "bytes=": "b"})
    flags = dict(opts)
    if not {"f", "c", "b"} & flags.keys():
        raise UsageError("you must specify a list of bytes, characters, or fields")
    delim = flags.get("d", "\t")
    if len(delim) != 1:
        raise UsageError("the delimiter must be a single character")
    ranges = _ranges(flags.get("f") or flags.get("c") or flags.get("b") or "")
    status = 0
    for op in operands or ["-"]:
        try:
            text = read_operand(ctx, op)
        except OSError as exc:
            ctx.err(f"{prog(ctx, argv)}: {op}: {reason(exc)}\n")
            status = 1
            continue
        for line in split_lines(text):
            body = line.rstrip("\n")
            if "f" in flags:
                if delim not in body:
                    if "s" not in flags:
                        ctx.out(body + "\n")
                    continue
                parts = body.split(delim)
                keep = [p for i, p in enumerate(parts, 1) if any(lo <= i <= hi for lo, hi in ranges)]
                ctx.out(delim.join(keep) + "\n")
            else:
                ctx.out("".join(ch for i, ch in enumerate(body, 1) if any(lo <= i <= hi for lo, hi in ranges)) + "\n")
    return status


TR_CLASSES = {
    "[:upper:]": "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "[:lower:]": "abcdefghijklmnopqrstuvwxyz", "[:digit:]": "0123456789",
    "[:space:]": " \t\n\r\f\v", "[:blank:]": " \t", "[:punct:]": "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
}
TR_CLASSES["[:alpha:]"] = TR_CLASSES["[:upper:]"] + TR_CLASSES["[:lower:]"]
TR_CLASSES["[:alnum:]"] = TR_CLASSES["[:alpha:]"] + TR_CLASSES["[:digit:]"]


def _tr_set(spec: str) -> str:
    for cls, chars in TR_CLASSES.items():
        spec = spec.replace(cls, chars)
    spec = re.sub(r"\\(n|t|r|\\)", lambda m: {"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}[m.group(1)], spec)
    return re.sub(r"(.)-(.)", lambda m: "".join(chr(c) for c in range(ord(m.group(1)), ord(m.group(2)) + 1)), spec)


@program()
def tr(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "dscC", {"delete": "d", "squeeze-repeats": "s", "complement": "c"})
    flags = {k for k, _ in opts}
    if not operands:
        raise UsageError("missing operand")
    if len(operands) == 1 and "d" not in flags and "s" not in flags:
        raise UsageError(f"missing operand after '{operands[0]}'")
    text = decode(ctx.stdin)
    first = _tr_set(operands[0])
    second = _tr_set(operands[1]) if len(operands) > 1 else ""
    member = (lambda ch: ch not in first) if flags & {"c", "C"} else (lambda ch: ch in first)
    if "d" in flags:
        text = "".join(ch for ch in text if not member(ch))
    elif second:
        table = {c: second[min(i, len(second) - 1)] for i, c in enumerate(first)}
        text = "".join(table.get(ch, ch) for ch in text)
    if "s" in flags:
        squeeze = second or first
        text = re.sub("([" + re.escape(squeeze) + "])\\1+", r"\1", text) if squeeze else text
    ctx.out(text)
    return 0


@program()
def tee(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "ai", {"append": "a"})
    append = any(k == "a" for k, _ in opts)
    content = ctx.stdin_content
    ctx.out_content(content)
    status = 0
    for op in operands:
        try:
            ctx.fs.write(ctx.abspath(op), content, append=append and ctx.fs.exists(ctx.abspath(op)))
        except OSError as exc:
            ctx.err(f"{prog(ctx, argv)}: {op}: {reason(exc)}\n")
            status = 1
    return status
