"""The host's ``docker`` executable: the simulated client talking to the host's engine."""

from __future__ import annotations

import storagekit.commands.docker.handlers  # noqa: F401  (registers the engine's handlers)
from storagekit.commands.docker import run
from storagekit.commands.shell.context import NOTE_MARK
from storagekit.commands.shell.messages import INTERNAL_FAULT


def docker_program(host, ctx, argv: list[str]) -> int:
    """Run one docker command; a fault of the simulator itself is reported, never shown as a traceback."""
    if host.daemon_log and _needs_daemon(argv):
        ctx.err("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n")
        return 1
    try:
        if getattr(host, "engine", None) is not None:  # time has passed since the last command: sleeping scripts go on
            host.engine.data_root.ensure()
            host.engine.catch_up()
        return run(argv, ctx, host)
    except Exception as exc:  # noqa: BLE001 - the learner sees a clear sentence, the note keeps the detail
        ctx.err(NOTE_MARK + INTERNAL_FAULT.format(kind=type(exc).__name__))
        ctx.note(f"docker {' '.join(argv[1:])}: {exc!r}")
        return 1


def _needs_daemon(argv: list[str]) -> bool:
    """Everything but help and the client's own version needs the daemon."""
    words = argv[1:]
    return bool(words) and not any(w in ("--help", "-h", "help", "--version", "-v") for w in words)
