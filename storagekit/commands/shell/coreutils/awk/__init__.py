"""``awk``: mawk, the awk of Debian and Ubuntu images and of the host, and BusyBox's awk on Alpine, for the one-liners
a course uses: fields, ``-F``, ``-v``, ``BEGIN``/``END``, patterns and ranges, ``printf``, the string functions,
arrays, control flow, and output to files and commands. Parse and run-time errors are worded as each awk words them.

Both awks seed ``rand()`` from the time of day; here the seed comes from the host's own generator, so a run is
repeatable. ``for (k in a)`` visits keys in mawk's hash-table order (see :mod:`.arrays`), and for BusyBox in the
order they were made.
"""

from __future__ import annotations

import os
import re

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils import busybox as busybox_usage
from storagekit.commands.shell.coreutils.awk.lex import AwkSyntaxError, unescape
from storagekit.commands.shell.coreutils.awk.parse import parse
from storagekit.commands.shell.coreutils.awk.run import AwkError, Exit, Interpreter, Next, StrNum, to_num
from storagekit.commands.shell.coreutils.common import decode, encode, entropy, reason
from storagekit.commands.shell.redirect import text_of

MAWK_USAGE = """\
Usage: mawk [Options] [Program] [file ...]

Program:
    The -f option value is the name of a file containing program text.
    If no -f option is given, a "--" ends option processing; the following
    parameters are the program text.

Options:
    -f program-file  Program  text is read from file instead of from the
                     command-line.  Multiple -f options are accepted.
    -F value         sets the field separator, FS, to value.
    -v var=value     assigns value to program variable var.
    --               unambiguous end of options.

    Implementation-specific options are prefixed with "-W".  They can be
    abbreviated:

    -W version       show version information and exit.
    -W dump          show assembler-like listing of program and exit.
    -W help          show this message and exit.
    -W interactive   set unbuffered output, line-buffered input.
    -W exec file     use file as program as well as last option.
    -W random=number set initial random seed.
    -W sprintf=number adjust size of sprintf buffer.
    -W posix_space   do not consider "\\n" a space.
    -W usage         show this message and exit.
"""
ASSIGNMENT = re.compile(r"[A-Za-z_][A-Za-z_0-9]*=")


class _Usage(Exception):
    pass


def awk(ctx: ProcessContext, argv: list[str]) -> int:
    busybox = ctx.dialect == "busybox"
    name = os.path.basename(argv[0])
    try:
        return _awk(ctx, argv, name, busybox)
    except _Usage as exc:
        if str(exc):
            ctx.err(f"{name}: {exc}\n")
        if busybox:
            ctx.err(busybox_usage.usage("awk"))
            return 1
        if not str(exc):  # mawk alone shows its usage, and succeeds
            ctx.err(MAWK_USAGE)
        return 2 if str(exc) else 0
    except AwkSyntaxError as exc:
        if busybox:
            ctx.err(f"{name}: cmd. line:{exc.line}: " + ("Unexpected end of string" if exc.kind == "string"
                                                        else "Unexpected token") + "\n")
            return 1
        if exc.kind == "extra":
            ctx.err(f"{name}: line {exc.line}: extra '}}'\n"
                    f"{name}: line {exc.line}: syntax error at or near end of line\n")
        elif exc.kind == "missing":
            ctx.err(f"{name}: line {exc.line + 1}: missing }} near end of file\n")
        elif exc.kind in ("string", "regex"):
            ctx.err(f"{name}: line {exc.line}: {exc.near}\n")
        else:
            ctx.err(f"{name}: line {exc.line + (exc.kind == 'eof')}: syntax error at or near {exc.near}\n")
        return 2


def _awk(ctx: ProcessContext, argv: list[str], name: str, busybox: bool) -> int:
    args = argv[1:]
    fs: str | None = None
    assignments: list[str] = []
    sources: list[str] = []
    while args and args[0].startswith("-") and args[0] != "-":
        opt = args.pop(0)
        if opt == "--":
            break
        letter, value = opt[1:2], opt[2:]
        if letter not in "Fvf" + ("e" if busybox else "W"):
            raise _Usage(f"not an option: {opt}" if not busybox else f"invalid option -- '{letter}'")
        if not value:
            if not args:
                raise _Usage(f"option requires an argument -- {letter}" if not busybox
                             else f"option requires an argument -- '{letter}'")
            value = args.pop(0)
        if letter == "F":
            fs = "\t" if value == "t" and not busybox else unescape(value)
        elif letter == "v":
            if not ASSIGNMENT.match(value):
                raise _Usage(f"improper assignment: -v {value}")
            assignments.append(value)
        elif letter == "f":
            try:
                sources.append(decode(ctx.fs.read(ctx.abspath(value))))
            except OSError as exc:
                ctx.err(f"{name}: couldn't open file {value}: {reason(exc)}\n" if not busybox
                        else f"{name}: can't open '{value}': {reason(exc)}\n")
                return 2 if not busybox else 1
        elif letter == "e":
            sources.append(value)
        elif value.startswith("v"):  # -W version
            ctx.out("mawk 1.3.4 20200120\n")
            return 0
    if not sources:
        if not args:
            raise _Usage("")
        sources.append(args.pop(0))
    program = parse("\n".join(sources))
    rng = entropy(ctx)

    def read_file(path: str) -> str:
        return decode(ctx.stdin) if path in ("-", "/dev/stdin") else decode(ctx.fs.read(ctx.abspath(path)))

    def write_file(path: str, text: str, append: bool) -> None:
        if path in ("/dev/stdout", "-"):
            ctx.out(text)
        elif path == "/dev/stderr":
            ctx.err(text)
        else:
            ctx.fs.write(ctx.abspath(path), encode(text), append=append and ctx.fs.exists(ctx.abspath(path)))

    def run_command(line: str, stdin: str) -> int:
        run_line = getattr(ctx, "run_line", None)
        if run_line is None:
            ctx.note(f"{name} cannot start a command here: {line!r} was not run")
            return 127
        return run_line(line, "ash" if busybox else "dash", dict(ctx.env), encode(stdin))

    interp = Interpreter(program, ctx.out, dict(ctx.env), rng.random, read_file, write_file, run_command,
                         busybox=busybox)
    def capture(line: str) -> str:
        before = len(ctx.stdout)
        run_command(line, "")
        text = text_of(ctx.stdout[before:])
        del ctx.stdout[before:]
        return text

    interp.capture = capture
    interp.arrays["ARGV"] = interp.new_array({i: StrNum(a) for i, a in enumerate([name] + args)})
    interp.vars["ARGC"] = float(len(args) + 1)
    if fs is not None:
        interp.vars["FS"] = fs
    for a in assignments:
        key, _, value = a.partition("=")
        interp.set_var(key, StrNum(unescape(value)))
    try:
        return _main(ctx, interp, args, name, busybox)
    except AwkError as exc:
        interp.flush()
        if busybox:
            ctx.err(f"{name}: cmd. line:1: {str(exc)[:1].upper() + str(exc)[1:]}\n")
            return 1
        ctx.err(f"{name}: run time error: {exc}\n\tFILENAME=\"{interp.to_str(interp.vars['FILENAME'])}\" "
                f"FNR={int(to_num(interp.vars['FNR']))} NR={int(to_num(interp.vars['NR']))}\n")
        return 2
    except OSError as exc:
        interp.flush()
        ctx.err(f"{name}: cannot open \"{exc.filename}\" for output ({reason(exc)})\n" if not busybox
                else f"{name}: can't open '{exc.filename}': {reason(exc)}\n")
        return 2 if not busybox else 1


def _records(text: str, rs: str) -> list[str]:
    if rs == "\n":
        return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n") if text else []
    if rs == "":
        return [r for r in re.split(r"\n\n+", text.strip("\n")) if r]
    parts = text.split(rs) if len(rs) == 1 else re.split(rs, text)
    return parts[:-1] if parts and parts[-1] in ("", "\n") else parts


def _main(ctx: ProcessContext, interp: Interpreter, operands: list[str], name: str, busybox: bool) -> int:
    prog = interp.prog
    status = 0
    try:
        interp.run(prog.begin)
        if prog.rules or prog.end:
            status = _each_record(ctx, interp, operands, name, busybox)
    except Exit as stop:
        interp.vars["\0status"] = stop.status
    try:
        interp.run(prog.end)
    except Exit as stop:
        interp.vars["\0status"] = stop.status
    interp.flush()
    return int(interp.vars.get("\0status", status))


def _each_record(ctx: ProcessContext, interp: Interpreter, operands: list[str], name: str, busybox: bool) -> int:
    files = [op for op in operands if not ASSIGNMENT.match(op)]
    queue: list[str] = list(operands) if files else [op for op in operands] + ["-"]
    pending: list[str] = []
    status = 0

    def next_record() -> str | None:
        nonlocal status
        while not pending:
            if not queue:
                return None
            op = queue.pop(0)
            if ASSIGNMENT.match(op):
                key, _, value = op.partition("=")
                interp.set_var(key, StrNum(unescape(value)))
                continue
            try:
                text = interp.read_file(op)
            except OSError as exc:
                if busybox:
                    ctx.err(f"{name}: {op}: {reason(exc)}\n")
                    status = 1
                    continue
                ctx.err(f"{name}: cannot open {op} ({reason(exc)})\n")
                raise Exit(2) from None
            interp.vars["FILENAME"] = op if op != "-" or busybox else ""
            interp.vars["FNR"] = 0.0
            pending.extend(_records(text, interp.to_str(interp.vars["RS"])))
        return pending.pop(0)

    interp.next_record = next_record
    while True:
        record = next_record()
        if record is None:
            break
        interp.vars["NR"] = to_num(interp.vars["NR"]) + 1
        interp.vars["FNR"] = to_num(interp.vars["FNR"]) + 1
        interp.set_record(record)
        try:
            for i, (pattern, end, body) in enumerate(interp.prog.rules):
                if not _matches(interp, i, pattern, end):
                    continue
                if body is None:
                    interp.out(interp.record + interp.to_str(interp.vars["ORS"]))
                else:
                    interp.run(body)
        except Next:
            continue
    return status


def _matches(interp: Interpreter, i: int, pattern, end) -> bool:
    if pattern is None:
        return True
    if end is None:
        return interp.truthy(interp.eval(pattern))
    if interp.ranges.get(i):
        if interp.truthy(interp.eval(end)):
            interp.ranges[i] = False
        return True
    if interp.truthy(interp.eval(pattern)):
        interp.ranges[i] = not interp.truthy(interp.eval(end))
        return True
    return False
