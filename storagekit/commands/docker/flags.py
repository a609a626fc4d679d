"""The value types docker/cli registers with pflag, on top of the shared parser.

``opts.ListOpts`` (``list``, with a per-value check), ``FilterOpt``,
``MapOpts``, ``MemBytes`` (``bytes``), ``NanoCPUs`` (``decimal``), and the
structured ``--mount`` and ``--ulimit`` values: each keeps docker's own error
words, as the real client quotes them in ``invalid argument`` messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from storagekit.commands.cli import values
from storagekit.commands.cli.flags import ZERO, Flag, FlagSet
from storagekit.commands.docker import opts
from storagekit.sim.units import ram_in_bytes

CHECKS = {"mount": opts.parse_mount, "ulimit": opts.parse_ulimit}
"""Kinds whose values docker parses into structures as they are given."""


class DockerFlagSet(FlagSet):
    """A docker command's flags: pflag's value types and docker's own."""

    zero: ClassVar[Mapping[str, Any]] = {**ZERO, "decimal": 0.0, "bytes": 0, "map": {}}

    def convert(self, flag: Flag, raw: str, current: Any, first: bool) -> Any:
        kind = flag.kind
        if kind == "decimal":
            return values.parse_rational(raw)
        if kind == "bytes":
            return ram_in_bytes(raw)
        if kind == "filter":
            if raw == "":
                return current
            if "=" not in raw:
                raise ValueError("bad format of filter (expected name=value)")
            name, _, val = raw.partition("=")
            return [*current, (name.strip().lower(), val.strip())]
        if kind == "map":
            key, _, val = raw.partition("=")
            return {**current, key: val}
        if kind in ("list", "network", *CHECKS):
            check = flag.check or CHECKS.get(kind)
            return [*current, check(raw, self.env) if check else raw]
        return super().convert(flag, raw, current, first)
