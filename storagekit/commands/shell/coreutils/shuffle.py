"""``shuf``: GNU's permutation algorithm fed with bytes, from ``--random-source=FILE`` (so the same file gives the
same order as the real shuf) or from the host's seeded generator (so a fresh host always prints the same)."""

from __future__ import annotations

import re
from collections.abc import Callable

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils.common import (
    DieError,
    UsageError,
    decode,
    encode,
    entropy,
    getopt,
    prog,
    program,
    reason,
)

WORD = 64
"""GNU's ``randint`` is a 64-bit unsigned integer; what is shifted out of it is lost."""


class _EndOfSource(Exception):
    pass


class RandInt:
    """coreutils' ``randint_genmax``: uniform choices drawn from a stream of bytes, keeping leftover randomness."""

    def __init__(self, read: Callable[[int], bytes]) -> None:
        self.read, self.num, self.max = read, 0, 0

    def genmax(self, genmax: int) -> int:
        mask = (1 << WORD) - 1
        choices = genmax + 1
        while True:
            if self.max < genmax:
                need, rmax = 0, self.max
                while True:
                    rmax = ((rmax << 8) + 0xFF) & mask
                    need += 1
                    if rmax >= genmax:
                        break
                buf = self.read(need)
                for byte in buf:
                    self.num = ((self.num << 8) + byte) & mask
                    self.max = ((self.max << 8) + 0xFF) & mask
            if self.max == genmax:
                num, self.num, self.max = self.num, 0, 0
                return num
            excess = self.max - genmax
            unusable = excess % choices
            last_usable = self.max - unusable
            reduced = self.num % choices
            if self.num <= last_usable:
                self.num, self.max = self.num // choices, excess // choices
                return reduced
            self.num, self.max = reduced, unusable - 1


def permutation(rand: RandInt, head: int, n: int) -> list[int]:
    """coreutils' ``randperm_new``: the first ``head`` of a random permutation of ``range(n)``."""
    if head == 1:
        return [rand.genmax(n - 1)]
    v = list(range(n))
    for i in range(head):
        j = i + rand.genmax(n - i - 1)
        v[i], v[j] = v[j], v[i]
    return v[:head]


def _range(ctx: ProcessContext, spec: str) -> range:
    m = re.fullmatch(r"(\d+)-(\d+)", spec)
    if not m or int(m.group(2)) < int(m.group(1)) - 1:
        raise DieError(f"invalid input range: '{spec}'" if ctx.dialect != "busybox" else f"bad range '{spec}'")
    return range(int(m.group(1)), int(m.group(2)) + 1)


@program()
def shuf(ctx: ProcessContext, argv: list[str]) -> int:
    busybox = ctx.dialect == "busybox"
    opts, operands = getopt(argv, "ei:n:o:rz" if not busybox else "ei:n:o:z", {} if busybox else {
        "echo": "e", "input-range=": "i", "head-count=": "n", "output=": "o", "random-source=": "S",
        "repeat": "r", "zero-terminated": "z"})
    flags = dict(opts)
    name = prog(ctx, argv)
    end = "\0" if "z" in flags else "\n"
    if "i" in flags:
        if operands:
            raise UsageError(f"extra operand '{operands[0]}'")
        lines = [str(v) for v in _range(ctx, flags["i"])]
    elif "e" in flags:
        lines = operands
    else:
        if len(operands) > 1:
            raise UsageError(f"extra operand '{operands[1]}'")
        op = operands[0] if operands else "-"
        try:
            text = decode(ctx.stdin if op == "-" else ctx.fs.read(ctx.abspath(op)))
        except OSError as exc:
            ctx.err(f"{name}: {op}: {reason(exc)}\n")
            return 1
        lines = text.split(end)
        if lines and lines[-1] == "":
            lines.pop()
    count = len(lines)
    if "n" in flags:
        if not flags["n"].isdigit():
            raise DieError(f"invalid line count: '{flags['n']}'" if not busybox else f"invalid number '{flags['n']}'")
        count = int(flags["n"]) if "r" in flags else min(int(flags["n"]), len(lines))
    elif "r" in flags:
        ctx.remark("shuf --repeat without -n would print for ever; the simulation prints none.")
        return 1
    rand = RandInt(_source(ctx, flags.get("S")))
    try:
        if "r" in flags:
            picked = [lines[rand.genmax(len(lines) - 1)] for _ in range(count)] if lines else []
            if count and not lines:
                raise DieError("no lines to repeat")
        else:
            picked = [lines[i] for i in permutation(rand, count, len(lines))] if count else []
    except _EndOfSource:
        ctx.err(f"{name}: '{flags['S']}': end of file\n")
        return 1
    text = "".join(line + end for line in picked)
    if "o" in flags:
        try:
            ctx.fs.write(ctx.abspath(flags["o"]), encode(text))
        except OSError as exc:
            ctx.err(f"{name}: {flags['o']}: {reason(exc)}\n")
            return 1
    else:
        ctx.out(text)
    return 0


def _source(ctx: ProcessContext, path: str | None) -> Callable[[int], bytes]:
    """Where the random bytes come from: the file, read from its start on as shuf reads it, or the host."""
    if path is None:
        rng = entropy(ctx)
        return lambda n: rng.randbytes(n)
    try:
        data = ctx.fs.read(ctx.abspath(path))
    except OSError as exc:
        raise DieError(f"{path}: {reason(exc)}") from None
    pos = 0

    def read(n: int) -> bytes:
        nonlocal pos
        if pos + n > len(data):
            raise _EndOfSource
        pos += n
        return data[pos - n:pos]

    return read
