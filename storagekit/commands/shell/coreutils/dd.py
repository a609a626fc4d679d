"""``dd`` and ``fallocate``: the usual ways to make a big file in a container and watch copy-on-write cost.

The data never passes through a string: ``dd if=/dev/zero of=big bs=1M
count=100`` writes a 100 MiB file whose bytes are made when read. The
transfer line reports a time from a fixed model speed, so outputs repeat.
"""

from __future__ import annotations

import errno
import os

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils.common import UsageError, getopt, program, reason
from storagekit.commands.shell.coreutils.text import SUFFIXES
from storagekit.fs.nodes import Blob, Dir, File
from storagekit.sim.units import busybox_size, dd_rate, dd_size

SPEED = 2.1e9
"""Bytes per second the model disk copies at (``copied, ... s, 2.1 GB/s``)."""
DD_SUFFIXES = {**SUFFIXES, "c": 1, "w": 2, "kB": 1000, "K": 1024, "k": 1024}


def _number(value: str) -> int:
    digits = value.rstrip("".join({c for s in DD_SUFFIXES for c in s}))
    suffix = value[len(digits):]
    if not digits.isdigit() or suffix not in DD_SUFFIXES:
        raise ValueError(value)
    return int(digits) * DD_SUFFIXES[suffix]


def _cannot_open(ctx: ProcessContext) -> str:
    return "can't open" if ctx.dialect == "busybox" else "failed to open"


def _transfer_line(ctx: ProcessContext, total: int) -> str:
    seconds = total / SPEED + 0.000237
    rate = total / seconds
    if ctx.dialect == "busybox":
        size = f" ({busybox_size(total)})" if total >= 1024 else ""
        return f"{total} bytes{size} copied, {seconds:.6f} seconds, {busybox_size(rate)}/s\n"
    size = f" ({dd_size(total)}, {dd_size(total, binary=True)})" if total >= 1024 else (
        f" ({dd_size(total)})" if total >= 1000 else "")
    return f"{total} bytes{size} copied, {seconds:.6g} s, {dd_rate(rate)}/s\n"


@program()
def dd(ctx: ProcessContext, argv: list[str]) -> int:
    ops: dict[str, str] = {}
    for arg in argv[1:]:
        key, eq, value = arg.partition("=")
        if not eq or key not in ("if", "of", "bs", "ibs", "obs", "count", "skip", "seek", "status", "conv", "iflag",
                                 "oflag"):
            ctx.err(f"dd: unrecognized operand '{arg}'\nTry 'dd --help' for more information.\n")
            return 1
        ops[key] = value
    try:
        bs = _number(ops.get("bs") or ops.get("ibs") or "512")
        count = _number(ops["count"]) if "count" in ops else None
        skip = _number(ops.get("skip", "0"))
    except ValueError as exc:
        ctx.err(f"dd: invalid number: '{exc.args[0]}'\n")
        return 1
    if bs == 0:
        ctx.err("dd: invalid number: '0'\n")
        return 1
    source = ops.get("if")
    if source is None:
        data = ctx.stdin_content.slice(skip * bs, None if count is None else (skip + count) * bs)
    else:
        path = ctx.abspath(source)
        try:
            if isinstance(ctx.fs.stat(path), Dir):
                raise OSError(errno.EISDIR, os.strerror(errno.EISDIR), path)
            whole = ctx.fs.blob(path, None if count is None else (skip + count) * bs)
        except OSError as exc:
            ctx.err(f"dd: {_cannot_open(ctx)} '{source}': {reason(exc)}\n")
            return 1
        data = whole.slice(skip * bs)
    full, part = divmod(data.size, bs)
    records = f"{full}+{1 if part else 0} records"
    target = ops.get("of")
    if target is None:
        ctx.out_content(data)
    else:
        out = ctx.abspath(target)
        try:
            existing = ctx.fs.stat(out) if ctx.fs.exists(out) else None
            if "notrunc" in ops.get("conv", "") and isinstance(existing, File):
                old = ctx.fs.blob(out)
                data = Blob.concat([data, old.slice(data.size)])
            ctx.fs.write(out, data)
        except OSError as exc:
            if exc.errno != errno.ENOSPC:
                ctx.err(f"dd: {_cannot_open(ctx)} '{target}': {reason(exc)}\n")
                return 1
            ctx.err(f"dd: error writing '{target}': {reason(exc)}\n")
            written = getattr(exc, "written", 0)  # what went in before the filesystem was full (kept in the file)
            done, part = divmod(written, bs)
            failed = min(bs, data.size - done * bs)  # the block it was writing when the write failed
            read_in = f"{done + 1}+0" if failed == bs else f"{done}+1"
            _statistics(ctx, ops, f"{read_in} records in\n{done}+{int(part > 0)} records out\n", written,
                        failed=True)
            return 1
    _statistics(ctx, ops, f"{records} in\n{records} out\n", data.size)
    return 0


def _statistics(ctx: ProcessContext, ops: dict[str, str], records: str, total: int, failed: bool = False) -> None:
    """The records and the transfer line on stderr (BusyBox leaves the transfer line out after a failed write)."""
    status = ops.get("status", "")
    if status != "none":
        quiet = status == "noxfer" or (failed and ctx.dialect == "busybox")
        ctx.err(records + ("" if quiet else _transfer_line(ctx, total)))


@program()
def fallocate(ctx: ProcessContext, argv: list[str]) -> int:
    """util-linux ``fallocate -l LENGTH FILE``: a file of that many (zero) bytes, all allocated."""
    opts, operands = getopt(argv, "l:", {"length=": "l"})
    flags = dict(opts)
    if "l" not in flags:
        raise UsageError("no length argument specified")
    try:
        length = _number(flags["l"].replace("iB", "").replace("B", "B" if flags["l"].endswith("B") else ""))
    except ValueError:
        raise UsageError(f"invalid length value specified: '{flags['l']}'") from None
    if not operands:
        raise UsageError("no filename specified")
    path = ctx.abspath(operands[0])
    try:
        ctx.fs.write(path, Blob.zeros(length))
    except OSError as exc:
        ctx.err(f"fallocate: cannot open {operands[0]}: {reason(exc)}\n")
        return 1
    return 0
