"""``docker port``: the container's published ports, as the daemon's ``NetworkSettings.Ports`` lists them.

The simulator has no network beyond each container's address (``docker run -p`` says so and is declined), so no
container publishes a port: ``docker port`` prints nothing, and asking for one port is docker/cli's refusal.
"""

from __future__ import annotations

import re

from storagekit.commands.docker.cli import StatusError


def _join_host_port(ip: str, port: str) -> str:
    """Go's ``net.JoinHostPort``: an IPv6 address goes in brackets."""
    return f"[{ip}]:{port}" if ":" in ip else f"{ip}:{port}"


def _natural_key(text: str) -> list:
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text)]


def port(call) -> int:
    engine = call.backend.engine
    name = call.args[0]
    c = engine.containers.resolve(name)
    published = (engine.container_json(c).get("NetworkSettings") or {}).get("Ports") or {}
    out: list[str] = []
    if len(call.args) > 1:
        wanted = call.args[1]
        number, _, proto = wanted.partition("/")
        if not number.isdigit() or int(number) > 65535:
            reason = "value out of range" if number.isdigit() else "invalid syntax"
            raise StatusError(f'Error: invalid port ({number}): strconv.ParseUint: parsing "{number}": {reason}')
        frontends = published.get(f"{number}/{proto or 'tcp'}") or []
        if not frontends:
            raise StatusError(f"Error: No public port '{wanted}' published for {name}")
        out = [_join_host_port(f["HostIp"], f["HostPort"]) for f in frontends]
    else:
        out = [f"{private} -> {_join_host_port(f['HostIp'], f['HostPort'])}"
               for private, frontends in published.items() for f in frontends or []]
    if out:
        call.out("\n".join(sorted(out, key=_natural_key)) + "\n")
    return 0
