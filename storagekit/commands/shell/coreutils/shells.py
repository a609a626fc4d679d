"""``sh``, ``bash`` and ``dash`` as programs (``sh -c 'LINE'``, ``bash script.sh``), and ``su`` and ``sudo``.

A child shell shares the file system and the programs of the shell that started
it; ``sh`` is whichever shell ``/bin/sh`` is there (dash on Debian, BusyBox ash
in Alpine and BusyBox images). ``su USER -c CMD`` and ``sudo -u USER CMD`` run
as that user (from the tree's ``/etc/passwd``), so the file system checks what
they do against that user's ids; only root gets in without a password.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import Any

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils.common import reason
from storagekit.fs import users
from storagekit.sim.process import ROOT


def _sh_dialect(ctx: ProcessContext) -> str:
    if ctx.dialect == "busybox":
        return "ash"  # BusyBox runs its own applet for sh
    try:
        real = ctx.fs.realpath("/bin/sh")
    except OSError:
        return "dash"
    return "ash" if "busybox" in real else ("bash" if real.endswith("bash") else "dash")


def _started_by_shell(ctx: ProcessContext, call: str) -> Callable[..., Any]:
    """``run_line`` or ``spawn`` of the shell that started this program (its ``ShellContext``): only such a program
    can start another."""
    start = getattr(ctx, call, None)
    if start is None:
        raise TypeError(f"{call}: this program was not started by a shell")
    return start


def shell_program(dialect: str | None):
    def run(ctx: ProcessContext, argv: list[str]) -> int:
        name = argv[0].rsplit("/", 1)[-1]
        chosen = dialect or _sh_dialect(ctx)
        args = [a for a in argv[1:] if a not in ("-e", "-x", "-l", "--login")]
        if args[:1] == ["-c"]:
            if len(args) < 2:
                ctx.err(f"{name}: -c: option requires an argument\n" if chosen == "bash" else
                        f"{name}: 0: -c requires an argument\n")
                return 2
            return _started_by_shell(ctx, "run_line")(args[1], chosen, dict(ctx.env), ctx.stdin, name=argv[0])
        if args:
            try:
                script = ctx.fs.read(ctx.abspath(args[0])).decode(errors="replace")
            except OSError as exc:
                ctx.err(f"{name}: {args[0]}: {reason(exc)}\n" if chosen == "bash" else
                        f"{name}: can't open '{args[0]}': {reason(exc)}\n" if chosen == "ash" else
                        f"{name}: 0: cannot open {args[0]}: {reason(exc)}\n")
                return (127 if exc.errno == errno.ENOENT else 126) if chosen == "bash" else 2
            return _started_by_shell(ctx, "run_line")(script, chosen, dict(ctx.env), ctx.stdin)
        return _started_by_shell(ctx, "run_line")(ctx.stdin.decode(errors="replace"), chosen, dict(ctx.env), b"")

    return run


def _as(ctx: ProcessContext, spec: str):
    """``((credentials, name), passwd entry)`` of a user the tree knows, or None. A tree with no user database
    at all still has root."""
    if spec in ("root", "0") and users.passwd(ctx.fs) is None:
        return (ROOT, "root"), None
    try:
        cred, entry = users.exec_user(ctx.fs, spec)
    except users.UnknownUser:
        return None
    return (cred, entry.name if entry else spec.partition(":")[0]), entry


def _root(ctx: ProcessContext) -> bool:
    return ctx.fs.cred is None or ctx.fs.cred.uid == 0


def su(ctx: ProcessContext, argv: list[str]) -> int:
    """util-linux ``su [-] [-s SHELL] [-c COMMAND] [USER]``: the user's shell, as that user (root needs no password)."""
    args, login, shell, command, names = argv[1:], False, None, None, []
    while args:  # options may follow the user, as getopt permutes them
        opt = args.pop(0)
        if opt in ("-", "-l", "--login"):
            login = True
        elif opt in ("-s", "--shell", "-c", "--command") and args:
            if opt in ("-s", "--shell"):
                shell = args.pop(0)
            else:
                command = args.pop(0)
        elif opt == "--":
            names += args
            break
        elif opt.startswith("-"):
            ctx.err(f"su: invalid option -- '{opt.lstrip('-')[:1]}'\nTry 'su --help' for more information.\n")
            return 1
        else:
            names.append(opt)
    name = (names or ["root"])[0]
    found = _as(ctx, name)
    if found is None or found[1] is None:
        ctx.err(f"su: user {name} does not exist or the user entry does not contain all the required fields\n")
        return 1
    if not _root(ctx):
        ctx.err("Password: su: Authentication failure\n")
        return 1
    who, entry = found
    shell = shell or entry.shell or "/bin/sh"
    if shell.endswith(("/nologin", "/false")):
        ctx.err("This account is currently not available.\n" if shell.endswith("/nologin") else "")
        return 1
    env = {"PATH": ctx.env.get("PATH", "")} if login else dict(ctx.env)
    env.update(HOME=entry.home, SHELL=shell)
    if entry.uid != 0 or login:
        env.update(USER=entry.name, LOGNAME=entry.name)
    if command is None and not ctx.stdin:
        ctx.note("an interactive su session is not simulated; give the command: su USER -c 'COMMAND'")
        return 1
    dialect = "bash" if shell.endswith("bash") else "ash" if "busybox" in shell else "dash"
    line = command if command is not None else ctx.stdin.decode(errors="replace")
    return _started_by_shell(ctx, "run_line")(line, dialect, env, b"" if command is None else ctx.stdin, as_user=who)


def sudo(ctx: ProcessContext, argv: list[str]) -> int:
    args = argv[1:]
    user, group = "root", ""
    while args and args[0] in ("-E", "-H", "-S", "-n", "-u", "-g"):
        opt = args.pop(0)
        if opt in ("-u", "-g") and args:
            user, group = (args.pop(0), group) if opt == "-u" else (user, args.pop(0))
    found = _as(ctx, user + (f":{group}" if group else ""))
    if found is None:
        ctx.err(f"sudo: unknown user {user}\n" if not group or _as(ctx, user) else f"sudo: unknown group {group}\n")
        return 1
    if not _root(ctx):
        ctx.err("sudo: a terminal is required to read the password; either use the -S option to read from standard "
                "input or configure an askpass helper\nsudo: a password is required\n")
        return 1
    if not args:
        ctx.err("usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\n"
                "usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command [arg ...]]\n"
                "usage: sudo [-ABbEHkNnPS] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] "
                "[-T timeout] [-u user] [VAR=value] [-i | -s] [command [arg ...]]\n"
                "usage: sudo -e [-ABkNnS] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] "
                "[-T timeout] [-u user] file ...\n")
        return 1
    code = _started_by_shell(ctx, "spawn")(args, dict(ctx.env), ctx.stdin, as_user=found[0])
    if code is None:
        ctx.err(f"sudo: {args[0]}: command not found\n")
        return 1
    return code


PROGRAMS = {"sh": shell_program(None), "bash": shell_program("bash"), "dash": shell_program("dash"),
            "ash": shell_program("ash"), "su": su, "sudo": sudo}
