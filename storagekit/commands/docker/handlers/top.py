"""``docker top CONTAINER [ps OPTIONS]``: the daemon's ``ps`` titles and rows, aligned as docker/cli's ``runTop``
aligns them (a ``tabwriter`` with cells at least 20 wide, padded by 3; the last column, CMD, unpadded)."""

from __future__ import annotations

from storagekit.commands.formats.tabwriter import TabWriter
from storagekit.docker.top import container_top


def top(call) -> int:
    listed = container_top(call.backend.engine, call.args[0], " ".join(call.args[1:]))
    writer = TabWriter(20, 1, 3, " ", 0)
    for fields in [listed.titles, *listed.processes]:
        writer.write("\t".join(fields) + "\n")
    call.out(writer.flush())
    return 0
