"""``sed`` for what Dockerfiles and courses use: ``s///``, ``p``, ``d``, ``q`` with line, ``$`` and regex addresses."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils.common import (
    UsageError,
    decode,
    encode,
    getopt,
    leading,
    prog,
    program,
    reason,
)
from storagekit.commands.shell.coreutils.text import bre_to_python


class SedError(Exception):
    pass


@dataclass
class _Command:
    start: object
    end: object
    negate: bool
    name: str
    regex: re.Pattern | None = None
    replacement: str = ""
    count: int = 1
    print_: bool = False
    active: bool = False


def _until(script: str, pos: int, delim: str) -> tuple[str, int]:
    out = []
    while pos < len(script) and script[pos] != delim:
        if script[pos] == "\\" and pos + 1 < len(script):
            out.append(script[pos:pos + 2] if script[pos + 1] != delim else delim)
            pos += 2
            continue
        out.append(script[pos])
        pos += 1
    if pos >= len(script):
        raise SedError("unterminated")
    return "".join(out), pos + 1


def _compile(text: str, extended: bool, flags: int = 0) -> re.Pattern:
    try:
        return re.compile(text if extended else bre_to_python(text), flags)
    except re.error as exc:
        raise SedError(f"invalid regex: {exc}") from None


def parse(script: str, extended: bool) -> list[_Command]:
    commands: list[_Command] = []
    pos = 0

    def address() -> object:
        nonlocal pos
        m = re.match(r"\d+", script[pos:])
        if m:
            pos += len(m.group())
            return int(m.group())
        if script[pos:pos + 1] == "$":
            pos += 1
            return "$"
        if script[pos:pos + 1] == "/":
            text, pos = _until(script, pos + 1, "/")
            return _compile(text, extended)
        return None

    while pos < len(script):
        while pos < len(script) and script[pos] in " \t\n;":
            pos += 1
        if pos >= len(script):
            break
        start = address()
        end = None
        if start is not None and script[pos:pos + 1] == ",":
            pos += 1
            end = address()
            if end is None:
                raise SedError(f"char {pos + 1}: unexpected `,'")
        negate = script[pos:pos + 1] == "!"
        pos += negate
        name = script[pos:pos + 1]
        pos += 1
        cmd = _Command(start, end, negate, name)
        if name == "s":
            if pos >= len(script):
                raise SedError(f"char {pos}: unterminated `s' command")
            delim = script[pos]
            try:
                pattern, pos = _until(script, pos + 1, delim)
                replacement, pos = _until(script, pos, delim)
            except SedError:
                raise SedError(f"char {len(script)}: unterminated `s' command") from None
            flags = leading(script[pos:], "gpiI0123456789")
            pos += len(flags)
            cmd.regex = _compile(pattern, extended, re.I if "i" in flags.lower() else 0)
            cmd.replacement = re.sub(r"\\(\d)", r"\\g<\1>",
                                     re.sub(r"(?<!\\)&", r"\\g<0>", replacement)).replace("\\&", "&")
            cmd.count = 0 if "g" in flags else 1
            cmd.print_ = "p" in flags
        elif name not in ("p", "d", "q"):
            raise SedError(f"char {pos}: unknown command: `{name}'" if name else f"char {pos}: missing command")
        commands.append(cmd)
    return commands


def _matches(addr: object, n: int, last: bool, line: str) -> bool:
    """Whether line ``n`` is at the address: ``$``, a line number or a regular expression."""
    if addr == "$":
        return last
    if isinstance(addr, int):
        return n == addr
    return isinstance(addr, re.Pattern) and bool(addr.search(line))


def _selected(cmd: _Command, n: int, last: bool, line: str) -> bool:
    if cmd.start is None:
        hit = True
    elif cmd.end is None:
        hit = _matches(cmd.start, n, last, line)
    elif cmd.active:
        hit = True
        if _matches(cmd.end, n, last, line) or (isinstance(cmd.end, int) and n >= cmd.end):
            cmd.active = False
    else:
        hit = _matches(cmd.start, n, last, line)
        cmd.active = hit and not (isinstance(cmd.end, int) and cmd.end <= n)
    return hit != cmd.negate


def run_script(commands: list[_Command], text: str, quiet: bool) -> str:
    out: list[str] = []
    lines = text.splitlines(keepends=True)
    for n, line in enumerate(lines, 1):
        body, nl = (line[:-1], "\n") if line.endswith("\n") else (line, "")
        last = n == len(lines)
        deleted = quit_ = False
        for cmd in commands:
            if not _selected(cmd, n, last, body):
                continue
            if cmd.name == "s" and cmd.regex is not None:  # parse gives every s command its regex
                body, hits = cmd.regex.subn(cmd.replacement, body, count=cmd.count)
                if cmd.print_ and hits:
                    out.append(body + nl)
            elif cmd.name == "p":
                out.append(body + nl)
            elif cmd.name == "d":
                deleted = True
                break
            elif cmd.name == "q":
                quit_ = True
                break
        if not deleted and not quiet:
            out.append(body + nl)
        if quit_:
            break
    return "".join(out)


@program()
def sed(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "ne:iEr", {"quiet": "n", "silent": "n", "expression=": "e", "in-place?": "i",
                                             "regexp-extended": "E"})
    flags = {k for k, _ in opts}
    scripts = [v for k, v in opts if k == "e"]
    if not scripts:
        if not operands:
            raise UsageError("no script specified" if ctx.dialect != "busybox" else "")
        scripts = [operands.pop(0)]
    name = prog(ctx, argv)
    try:
        commands = [c for i, sc in enumerate(scripts) for c in parse(sc, bool(flags & {"E", "r"}))]
    except SedError as exc:
        ctx.err(f"{name}: -e expression #1, {exc}\n")
        return 1
    status = 0
    for op in operands or ["-"]:
        try:
            text = decode(ctx.stdin) if op == "-" else decode(ctx.fs.read(ctx.abspath(op)))
        except OSError as exc:
            ctx.err(f"{name}: can't read {op}: {reason(exc)}\n")
            status = 2
            continue
        for cmd in commands:
            cmd.active = False
        result = run_script(commands, text, "n" in flags)
        if "i" in flags and op != "-":
            ctx.fs.write(ctx.abspath(op), encode(result))
        else:
            ctx.out(result)
    return status
