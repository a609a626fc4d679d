"""Commands the shell runs itself, because they change the shell (``cd``, ``export``) or are always built in.

A builtin is ``builtin(shell, ctx, argv) -> status``; messages carry the
shell's prefix (``bash: cd: ...``, ``/bin/sh: 1: cd: ...``).
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils import printing
from storagekit.fs import paths

if TYPE_CHECKING:
    from storagekit.commands.shell.interpreter import Shell

Builtin = Callable[["Shell", ProcessContext, list[str]], int]
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")


def _complain(shell: Shell, ctx: ProcessContext, name: str, bash: str, dash: str, ash: str) -> None:
    """A builtin's error line in each shell's words: bash and dash put their prefix and the builtin's name first
    (``bash: cd: ``, ``/bin/sh: 1: cd: ``); BusyBox's line is given whole."""
    if shell.dialect == "ash":
        ctx.err(ash + "\n")
    else:
        ctx.err(f"{shell.prefix()}{name}: {bash if shell.dialect == 'bash' else dash}\n")


def _fail(shell: Shell, ctx: ProcessContext, name: str, bash_msg: str, sh_msg: str) -> int:
    """Report an error the way each shell words it; bash returns 1 there, dash and ash 2."""
    _complain(shell, ctx, name, bash_msg, sh_msg, f"/bin/sh: {name}: line 0: {sh_msg}")
    return 1 if shell.dialect == "bash" else 2


def cd(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    args = argv[1:]
    if args and args[0] == "--":
        args = args[1:]
    if len(args) > 1 and shell.dialect == "bash":
        return _fail(shell, ctx, "cd", "too many arguments", "")
    target = args[0] if args else shell.vars.get("HOME")
    if target is None:
        return _fail(shell, ctx, "cd", "HOME not set", "HOME not set")
    show = False
    if target == "-":
        target = shell.vars.get("OLDPWD")
        if target is None:
            return _fail(shell, ctx, "cd", "OLDPWD not set", "OLDPWD not set")
        show = True
    new = paths.normalize(paths.join(shell.cwd, target))
    try:
        node = shell.fs.stat(new)
        reason = None if node.is_dir() else "Not a directory"
        if reason is None and not shell.fs.access(new, os.X_OK):  # chdir(2) searches the directory itself
            reason = os.strerror(errno.EACCES)
    except OSError as exc:
        reason = exc.strerror
    if reason:
        if shell.dialect == "dash":
            return _fail(shell, ctx, "cd", "", f"can't cd to {target}")
        return _fail(shell, ctx, "cd", f"{target}: {reason}", f"can't cd to {target}: {reason}")
    shell.vars["OLDPWD"], shell.vars["PWD"] = shell.cwd, new
    shell.cwd = new
    if show:
        ctx.out(new + "\n")
    return 0


def pwd(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    ctx.out(shell.cwd + "\n")
    return 0


def export(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    args = [a for a in argv[1:] if a != "-p"]
    if not args:
        for name in sorted(shell.exported):
            if name in shell.vars:
                value = shell.vars[name]
                if shell.dialect == "bash":
                    ctx.out(f'declare -x {name}="{value}"\n')
                else:
                    ctx.out(f"export {name}='{value}'\n")
        return 0
    status = 0
    for arg in args:
        name, eq, value = arg.partition("=")
        if not NAME.match(name):
            status = _fail(shell, ctx, "export", f"`{arg}': not a valid identifier", f"{name}: bad variable name")
            if shell.dialect != "bash":
                return status
            continue
        if eq:
            shell.vars[name] = value
        shell.exported.add(name)
    return status


def unset(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    for name in argv[1:]:
        if name in ("-v", "-f"):
            continue
        if name.startswith("-"):
            return _fail(shell, ctx, "unset", f"{name}: invalid option", f"illegal option {name}")
        shell.vars.pop(name, None)
        shell.exported.discard(name)
    return 0


def exit_(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    from storagekit.commands.shell.interpreter import ExitShell

    if shell.dialect == "bash" and shell.interactive_top:
        ctx.err("exit\n")
    if len(argv) > 1:
        if printing.parse_int(argv[1]) is None:
            _fail(shell, ctx, "exit", f"{argv[1]}: numeric argument required", f"Illegal number: {argv[1]}")
            raise ExitShell(2)
        raise ExitShell(int(argv[1]) & 0xFF)
    raise ExitShell(shell.status)


def true(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    return 0


def false(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    return 1


def echo(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    ctx.out(printing.echo(argv[1:], "dash" if shell.dialect == "dash" else "bash"))
    return 0


def printf(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    if len(argv) < 2:
        if shell.dialect == "bash":
            ctx.err("printf: usage: printf [-v var] format [arguments]\n")
        return 2 if shell.dialect == "bash" else 1
    bad: list[str] = []

    def complain(arg: str) -> None:
        bad.append(arg)
        _complain(shell, ctx, "printf", f"{arg}: invalid number", f"{arg}: not completely converted",
                  f"/bin/sh: invalid number '{arg}'")

    ctx.out(printing.printf(argv[1], argv[2:], complain))
    return 1 if bad else 0


def test(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    name = argv[0]
    args = argv[1:]
    if name == "[":
        if not args or args[-1] != "]":
            return _test_error(shell, ctx, name, "missing `]'" if shell.dialect == "bash" else "missing ]")
        args = args[:-1]

    def integer(text: str) -> int:
        value = printing.parse_int(text)
        if value is None:
            raise printing.TestError(
                f"{text}: integer expression expected" if shell.dialect == "bash"
                else f"Illegal number: {text}" if shell.dialect == "dash" else f"{text}: bad number"
            )
        return value

    try:
        return 0 if printing.test(ctx, args, integer) else 1
    except printing.TestError as exc:
        return _test_error(shell, ctx, name, str(exc))


def _test_error(shell: Shell, ctx: ProcessContext, name: str, msg: str) -> int:
    _complain(shell, ctx, name, msg, msg, f"sh: {msg}")
    return 2


OPTION_NAMES = {"errexit": "e", "xtrace": "x", "nounset": "u", "pipefail": "pipefail", "noglob": "f"}


def set_(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    if len(argv) == 1:
        for name in sorted(shell.vars):
            ctx.out(f"{name}='{shell.vars[name]}'\n")
        return 0
    args = argv[1:]
    while args:
        arg = args.pop(0)
        if arg in ("-o", "+o"):
            opt = args.pop(0) if args else ""
            if opt not in OPTION_NAMES or (opt == "pipefail" and shell.dialect == "dash"):
                return _fail(shell, ctx, "set", f"{opt}: invalid option name", f"Illegal option -o {opt}")
            flag = OPTION_NAMES[opt]
            (shell.options.add if arg == "-o" else shell.options.discard)(flag)
        elif arg[:1] in "-+" and len(arg) > 1 and arg != "--":
            for ch in arg[1:]:
                if ch not in "exufvC":
                    return _fail(shell, ctx, "set", f"{arg[0]}{ch}: invalid option", f"Illegal option {arg[0]}{ch}")
                (shell.options.add if arg[0] == "-" else shell.options.discard)(ch)
        else:
            break
    return 0


def type_(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    status = 0
    for name in argv[1:]:
        if lookup(name, shell.dialect) is not None:
            ctx.out(f"{name} is a shell builtin\n")
            continue
        path = shell.which(name)
        if path is not None:
            ctx.out(f"{name} is {path}\n")
        elif shell.dialect == "bash":
            ctx.err(f"bash: type: {name}: not found\n")
            status = 1
        else:
            ctx.out(f"{name}: not found\n")
            status = 127
    return status


def command(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    args = argv[1:]
    if args and args[0] in ("-v", "-V"):
        status = 0
        for name in args[1:]:
            if lookup(name, shell.dialect) is not None:
                ctx.out(name + "\n")
            elif (path := shell.which(name)) is not None:
                ctx.out(path + "\n")
            else:
                status = 1
        return status
    if not args:
        return 0
    return shell.execute(ctx, args)


def read(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    """Take one line of stdin (the rest stays for the next ``read``) and split it on ``IFS`` into the names.

    At the end of the input it fails, so ``while read line`` stops; a last line
    without a newline is still assigned but also fails, as in the real shells.
    """
    args, raw = argv[1:], False
    while args and args[0].startswith("-") and len(args[0]) > 1:
        opt = args.pop(0)
        if opt == "--":
            break
        if opt == "-r":
            raw = True
        elif opt == "-p" and shell.dialect == "bash" and args:
            args.pop(0)  # the prompt goes to a terminal only
        else:
            return _fail(shell, ctx, "read", f"{opt}: invalid option", f"Illegal option {opt}")
    names = args or ["REPLY"]
    for name in names:
        if not NAME.match(name):
            return _fail(shell, ctx, "read", f"`{name}': not a valid identifier", f"{name}: bad variable name")
    data = ctx.stdin
    chars: list[str] = []
    pos, ended = 0, False
    while pos < len(data):
        end = data.find(b"\n", pos)
        piece = (data[pos:] if end < 0 else data[pos:end]).decode("utf-8", "surrogateescape")
        pos = len(data) if end < 0 else end + 1
        ended = end >= 0
        if not raw and ended and (len(piece) - len(piece.rstrip("\\"))) % 2:
            chars.append(re.sub(r"\\(.)", r"\1", piece[:-1]))  # a line continued with a backslash
            continue
        chars.append(piece if raw else re.sub(r"\\(.)", r"\1", piece))
        break
    shell.read_consumed = pos
    if not data:
        for name in names:
            shell.vars[name] = ""
        return 1
    ifs = ctx.env["IFS"] if "IFS" in ctx.env else shell.vars.get("IFS", " \t\n")
    for name, value in zip(names, _split_ifs("".join(chars), ifs, len(names)), strict=False):
        shell.vars[name] = value
    return 0 if ended else 1


def _split_ifs(line: str, ifs: str, n: int) -> list[str]:
    """``read``'s field splitting: IFS white space trims and separates, other IFS characters separate one field."""
    white = "".join(c for c in ifs if c in " \t\n")
    other = "".join(c for c in ifs if c not in " \t\n")
    w, o = f"[{re.escape(white)}]*" if white else "", f"[{re.escape(other)}]" if other else ""
    delim = re.compile("|".join(p for p in (w + o + w if o else "", f"[{re.escape(white)}]+" if white else "") if p))
    line = line.lstrip(white) if white else line
    fields: list[str] = []
    while len(fields) < n - 1 and line and ifs:
        m = delim.search(line)
        if not m:
            break
        fields.append(line[:m.start()])
        line = line[m.end():]
    fields.append(line.rstrip(white) if white else line)
    return fields + [""] * (n - len(fields))


def break_(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    """``break [n]`` / ``continue [n]``: leave n enclosing loops (all of them if there are fewer)."""
    from storagekit.commands.shell.compound import BreakLoop, ContinueLoop
    from storagekit.commands.shell.interpreter import AbortLine, ExitShell

    name = argv[0]
    levels, status = 1, 0
    if len(argv) > 1:
        value = printing.parse_int(argv[1])
        if value is None or value < 1:
            if shell.dialect != "bash":
                _fail(shell, ctx, name, "", f"Illegal number: {argv[1]}")
                raise ExitShell(2)
            if value is None:
                ctx.err(f"bash: {name}: {argv[1]}: numeric argument required\n")
                raise AbortLine
            ctx.err(f"bash: {name}: {argv[1]}: loop count out of range\n")
            status = 1
        else:
            levels = value
    if not shell.loop_depth:
        if shell.dialect == "bash":
            ctx.err(f"bash: {name}: only meaningful in a `for', `while', or `until' loop\n")
        return 0
    raise (BreakLoop if name == "break" else ContinueLoop)(min(levels, shell.loop_depth), status)


def source(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    from storagekit.commands.shell.redirect import Sink, decode

    if shell.resuming:  # the script it read is where it waited
        return shell.run_source(None, Sink(ctx.stdout), Sink(ctx.stderr))
    if len(argv) < 2:
        return _fail(shell, ctx, argv[0], "filename argument required", "usage: . file")
    try:
        text = decode(shell.fs.read(ctx.abspath(argv[1])))
    except OSError as exc:
        return _fail(shell, ctx, argv[0], f"{argv[1]}: {exc.strerror}", f"cannot open {argv[1]}: {exc.strerror}")
    return shell.run_source(text, Sink(ctx.stdout), Sink(ctx.stderr))


SIGNALS = {"HUP": 1, "INT": 2, "QUIT": 3, "KILL": 9, "USR1": 10, "USR2": 12, "TERM": 15}


def kill(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    """``kill [-SIGNAL | -s SIGNAL] PID...``. The only process a container's shell can reach is its PID 1 (the
    container's main process, through ``ctx.signal_main``); any other PID is not there."""
    args, signal = argv[1:], "TERM"
    if args and args[0] == "-s" and len(args) > 1:
        signal, args = args[1], args[2:]
    elif args and args[0].startswith("-") and args[0] != "--":
        signal, args = args[0][1:], args[1:]
    if args and args[0] == "--":
        args = args[1:]
    name = signal.upper().removeprefix("SIG")
    if name.isdigit():
        name = next((k for k, v in SIGNALS.items() if str(v) == name), name)
    if name not in SIGNALS:
        return _fail(shell, ctx, "kill", f"{signal}: invalid signal specification",
                     f"invalid signal number or name: {signal}")
    if not args:
        return _fail(shell, ctx, "kill", "usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l "
                     "[sigspec]", "Usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or\n"
                                  "kill -l [exitstatus]")
    status = 0
    for pid in args:
        if pid == "1" and ctx.signal_main is not None:
            ctx.signal_main(name)
        else:  # each shell's words; all three return 1 for a process that is not there
            ctx.err({"bash": f"bash: kill: ({pid}) - No such process\n",
                     "dash": f"{shell.prefix()}kill: No such process\n",
                     "ash": f"sh: can't kill pid {pid}: No such process\n"}[shell.dialect])
            status = 1
    return status


def noop(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    return 0


def umask(shell: Shell, ctx: ProcessContext, argv: list[str]) -> int:
    if len(argv) == 1:
        ctx.out("0022\n")
    return 0


COMMON: dict[str, Builtin] = {
    "cd": cd, "pwd": pwd, "export": export, "unset": unset, "exit": exit_, "true": true, "false": false,
    ":": true, "echo": echo, "printf": printf, "test": test, "[": test, "set": set_, "type": type_,
    "command": command, "read": read, "break": break_, "continue": break_,
    ".": source, "wait": noop, "umask": umask, "hash": noop, "trap": noop, "kill": kill,
}
BASH_ONLY: dict[str, Builtin] = {"source": source}


def lookup(name: str, dialect: str) -> Builtin | None:
    return COMMON.get(name) or (BASH_ONLY.get(name) if dialect == "bash" else None)
