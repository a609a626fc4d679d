"""``flask`` at a prompt: ``--version`` from what pip installed, and ``run`` as the container's server would start.

``flask run`` finds the application as :mod:`storagekit.runc.flask` does; a
missing one is Flask's usage error (status 2). A found one would serve until
stopped: its banner is printed, and a note says the prompt would stay there
until Ctrl-C (status 130, as after Ctrl-C). A container whose main process is
``flask run`` keeps it running instead.
"""

from __future__ import annotations

from storagekit.commands.shell.apps.python import full_version
from storagekit.commands.shell.context import NOTE_MARK, ProcessContext, Unmodelled
from storagekit.docker.catalogue.pypi import find_interpreter, installed
from storagekit.runc import flask as server


def flask(ctx: ProcessContext, argv: list[str]) -> int:
    args = argv[1:]
    interp = find_interpreter(ctx.fs)
    before_run = args[: args.index("run")] if "run" in args else args
    if "--version" in before_run:
        dists = installed(ctx.fs, interp.search_path(True)) if interp else {}
        python = full_version(ctx, interp) if interp else None
        if python is None or "flask" not in dists or "werkzeug" not in dists:
            raise Unmodelled("flask --version: the versions are not all recorded in this image's files")
        ctx.out(f"Python {python}\nFlask {dists['flask'][1]}\nWerkzeug {dists['werkzeug'][1]}\n")
        return 0
    if "run" not in args:
        raise Unmodelled(f"flask {' '.join(args)}: only 'flask run' and 'flask --version' are simulated")
    code, lines = server.start(ctx.fs, args, ctx.env, ctx.cwd)
    for stream, line in lines:
        (ctx.out if stream == "stdout" else ctx.err)(line + "\n")
    if code is not None:
        return code
    ctx.err(f"{NOTE_MARK}the development server would keep serving here until Ctrl-C; run it as a container's "
            "main process (docker run -d) to keep it up\n")
    return 130


PROGRAMS = {"flask": flask}
