"""The host's ``docker`` executable: the simulated client talking to the host's engine."""

from __future__ import annotations

import storagekit.commands.docker.handlers  # noqa: F401  (registers the engine's handlers)
from storagekit.commands.docker import run
from storagekit.commands.docker.cli import DaemonUnreachable
from storagekit.commands.shell.context import NOTE_MARK
from storagekit.commands.shell.messages import INTERNAL_FAULT


class Unreachable:
    """The host as a client sees it while dockerd is down: everything but the daemon's engine.

    Handlers reach the daemon through ``host.engine``; here that raises the
    client's connection error, so each command fails exactly where the real
    client first calls the API, after its own checks.
    """

    def __init__(self, host) -> None:
        self._host = host

    @property
    def engine(self):
        raise DaemonUnreachable()

    def __getattr__(self, name: str):
        return getattr(self._host, name)


def docker_program(host, ctx, argv: list[str]) -> int:
    """Run one docker command; a fault of the simulator itself is reported, never shown as a traceback."""
    try:
        reachable = not host.daemon_log and host.engine is not None
        if reachable:
            host.engine.data_root.ensure()
        return run(argv, ctx, host if reachable else Unreachable(host))
    except Exception as exc:  # noqa: BLE001 - the learner sees a clear sentence, the note keeps the detail
        ctx.err(NOTE_MARK + INTERNAL_FAULT.format(kind=type(exc).__name__))
        ctx.note(f"docker {' '.join(argv[1:])}: {exc!r}")
        return 1
