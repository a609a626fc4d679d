"""``sh``, ``bash`` and ``dash`` as programs (``sh -c 'LINE'``, ``bash script.sh``), and ``sudo``.

A child shell shares the file system and the programs of the shell that started
it; ``sh`` is whichever shell ``/bin/sh`` is there (dash on Debian, BusyBox ash
in Alpine and BusyBox images). The hosts here run as root, so ``sudo`` just
runs its command.
"""

from __future__ import annotations

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils.common import reason


def _sh_dialect(ctx: ProcessContext) -> str:
    try:
        real = ctx.fs.realpath("/bin/sh")
    except OSError:
        return "dash"
    return "ash" if "busybox" in real else ("bash" if real.endswith("bash") else "dash")


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
            return ctx.run_line(args[1], chosen, dict(ctx.env), ctx.stdin)
        if args:
            try:
                script = ctx.fs.read(ctx.abspath(args[0])).decode(errors="replace")
            except OSError as exc:
                ctx.err(f"{name}: {args[0]}: {reason(exc)}\n" if chosen == "bash" else
                        f"{name}: 0: cannot open {args[0]}: {reason(exc)}\n")
                return 127 if chosen == "bash" else 2
            return ctx.run_line(script, chosen, dict(ctx.env), ctx.stdin)
        return ctx.run_line(ctx.stdin.decode(errors="replace"), chosen, dict(ctx.env), b"")

    return run


def sudo(ctx: ProcessContext, argv: list[str]) -> int:
    args = argv[1:]
    while args and args[0] in ("-E", "-H", "-S", "-n"):
        args = args[1:]
    if not args:
        ctx.err("usage: sudo -h | -K | -k | -V\nusage: sudo -v [-ABkNnS] [-g group] [-h host] [-p prompt] [-u user]\n"
                "usage: sudo -l [-ABkNnS] [-g group] [-h host] [-p prompt] [-U user] [-u user] [command [arg ...]]\n"
                "usage: sudo [-ABbEHkNnPS] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] "
                "[-T timeout] [-u user] [VAR=value] [-i | -s] [command [arg ...]]\n"
                "usage: sudo -e [-ABkNnS] [-C num] [-D directory] [-g group] [-h host] [-p prompt] [-R directory] "
                "[-T timeout] [-u user] file ...\n")
        return 1
    code = ctx.spawn(args, dict(ctx.env), ctx.stdin)
    if code is None:
        ctx.err(f"sudo: {args[0]}: command not found\n")
        return 1
    return code


PROGRAMS = {"sh": shell_program(None), "bash": shell_program("bash"), "dash": shell_program("dash"),
            "ash": shell_program("ash"), "sudo": sudo}
