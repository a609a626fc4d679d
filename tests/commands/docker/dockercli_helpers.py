"""Helpers shared by the docker CLI tests."""

from __future__ import annotations

from storagekit.commands.docker import cli
from storagekit.commands.shell.context import ProcessContext
from storagekit.fs import FileSystem
from storagekit.fs.nodes import Dir


class Result:
    def __init__(self, rc: int, ctx: ProcessContext):
        self.rc, self.out, self.err, self.notes = rc, "".join(ctx.stdout), "".join(ctx.stderr), ctx.notes


def docker(*argv: str, connected: bool = False, buildx: bool = False, backend: object = None,
           env: dict | None = None) -> Result:
    """Run the simulated client; by default daemon-less and without buildx, like the recorded real client."""
    ctx = ProcessContext(FileSystem(Dir()), env={"HOME": "/root", **(env or {})})
    return Result(cli.run(["docker", *argv], ctx, backend, connected=connected, buildx=buildx), ctx)
