"""``docker stats --no-stream``: one sample of each container's usage, in docker/cli 28's columns.

The simulated host does not measure CPU time, memory or network traffic, so those columns read zero (a
``[storagekit]`` note says so); what it does know is real: the bytes the container wrote to its writable
layer (BLOCK I/O's write side), its memory limit (the host's memory: no ``--memory`` is simulated) and its one
process. A stopped container (with ``-a``) shows zeros everywhere, as Docker shows it.
"""

from __future__ import annotations

from storagekit.commands.docker.cli import StatusError
from storagekit.commands.docker.handlers.images import print_rows
from storagekit.commands.docker.handlers.info import MEM_TOTAL
from storagekit.docker import sizes
from storagekit.sim.units import bytes_size, human_size_with_precision

DEFAULT_TABLE = ("table {{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}"
                 "\t{{.PIDs}}")
HEADERS = {"Container": "CONTAINER", "Name": "NAME", "ID": "CONTAINER ID", "CPUPerc": "CPU %",
           "MemUsage": "MEM USAGE / LIMIT", "MemPerc": "MEM %", "NetIO": "NET I/O", "BlockIO": "BLOCK I/O",
           "PIDs": "PIDS"}
NOT_MEASURED = "[storagekit] docker stats: CPU, memory and network use are not measured here and read 0."


def _pair(a: int, b: int) -> str:
    return f"{human_size_with_precision(a, 3)} / {human_size_with_precision(b, 3)}"


def stats(call) -> int:
    if not call.opts.get("no-stream"):
        note = ("[storagekit] docker stats streams until it is interrupted, which is not simulated; "
                "use docker stats --no-stream.")
        call.ctx.note(note)
        raise StatusError(note)
    engine = call.backend.engine
    if call.args:
        chosen = [engine.containers.resolve(name) for name in call.args]
    else:
        chosen = [c for c in engine.list_containers([], all=bool(call.opts.get("all")), limit=0)]
    rows = []
    for c in chosen:
        written = sizes.container_sizes(engine, c)[0] if c.running else 0
        rows.append({
            "Container": c.id[:12] if not call.args else next(a for a in call.args
                                                              if engine.containers.resolve(a) is c),
            "Name": c.name, "ID": c.id if call.opts.get("no-trunc") else c.id[:12], "CPUPerc": "0.00%",
            "MemUsage": f"0B / {bytes_size(MEM_TOTAL if c.running else 0)}", "MemPerc": "0.00%",
            "NetIO": _pair(0, 0), "BlockIO": _pair(0, written), "PIDs": "1" if c.running else "0"})
    code = print_rows(call, rows, HEADERS, DEFAULT_TABLE)
    call.ctx.note(NOT_MEASURED)
    call.err(NOT_MEASURED + "\n")
    return code
