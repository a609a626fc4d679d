"""The host's ``docker`` executable: the simulated client talking to the host's engine."""

from __future__ import annotations

import storagekit.commands.docker.handlers  # noqa: F401  (registers the engine's handlers)
from storagekit.commands.docker import run


def docker_program(host, ctx, argv: list[str]) -> int:
    return run(argv, ctx, host)
