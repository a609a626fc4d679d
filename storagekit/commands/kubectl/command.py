"""kubectl's command tree: every command of kubectl v1.33 with its texts and flags, from ``commands.json``.

The data is what the real client prints and accepts (rebuilt by
``tools/kubectl/regenerate_commands.py``), so ``--help``, a flag's meaning and the words of
a parse error are kubectl's for every command, run by the simulator or not.
The value types here are the ones kubectl adds to pflag's: klog's ``-v`` and
``--vmodule``, Go's own ``flag.Duration``, and component-base's string maps.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from storagekit.commands.cli import command as cobra
from storagekit.commands.cli import values
from storagekit.commands.cli.flags import Flag, FlagSet, def_value
from storagekit.sim.strconv import parse_duration

DATA = Path(__file__).with_name("commands.json")


class KubectlFlagSet(FlagSet):
    """A kubectl command's flags. kubectl normalises ``_`` in flag names to ``-`` (``--all_namespaces``)."""

    zero: ClassVar[Mapping[str, Any]] = {**FlagSet.zero, "level": 0, "vmodule": "", "go-duration": 0.0,
                                         "mapStringString": {}}

    def __init__(self, flags, interspersed: bool = True, env=None):
        super().__init__(flags, interspersed, env, normalize=lambda name: name.replace("_", "-"))

    def convert(self, flag: Flag, raw: str, current: Any, first: bool) -> Any:
        kind = flag.kind
        if kind == "level":  # klog.Level.Set
            return values.parse_int(raw, 32, base=10)
        if kind == "vmodule":  # klog's moduleSpec.Set
            for pattern in filter(None, raw.split(",")):
                parts = pattern.split("=")
                if len(parts) != 2 or not parts[0] or not parts[1]:
                    raise ValueError("syntax error: expect comma-separated list of filename=N")
                try:
                    level = values.parse_int(parts[1], 32, base=10)
                except ValueError:
                    raise ValueError("syntax error: expect comma-separated list of filename=N") from None
                if level < 0:
                    raise ValueError("negative value for vmodule level")
            return raw
        if kind == "go-duration":  # a Go flag.Duration, which reports every mistake alike
            try:
                return parse_duration(raw)
            except ValueError:
                raise ValueError("parse error") from None
        if kind == "mapStringString":  # cliflag.MapStringString
            pairs = {} if first else dict(current)
            for item in filter(None, raw.split(",")):
                key, eq, val = item.partition("=")
                if not eq:
                    raise ValueError("malformed pair, expect string=string")
                pairs[key.strip()] = val.strip()
            return pairs
        return super().convert(flag, raw, current, first)


def shown_default(flag: Flag) -> str:
    """``Flag.DefValue`` as kubectl's help prints it (single-quoted for string flags)."""
    if flag.kind == "mapStringString":
        return ",".join(sorted(f"{k}={v}" for k, v in flag.default.items()))
    if flag.kind == "vmodule":
        return flag.default
    text = def_value(flag)
    return f"'{text}'" if flag.kind == "string" else text


@dataclass(eq=False)
class Command(cobra.Command):
    """One kubectl command.

    ``required`` are flags cobra insists on before the command runs;
    ``subcommands_only`` is how a command that just groups others answers
    when run (``help-stdout:1``: its help on stdout, status 1); ``groups``
    are the root's command groups in its help.
    """

    program: ClassVar[str] = "kubectl"

    required: tuple[str, ...] = ()
    subcommands_only: str = ""
    special: str = ""
    """``options`` or ``alpha``: a command with a help of its own."""
    flag_error_status: int = 0
    """Non-zero for a command that reports a flag error itself, as a usage error with this status (``diff``)."""
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()


def _flag(data: dict) -> Flag:
    return Flag(data["name"], data["kind"], data["usage"], short=data.get("short", ""), default=data["default"],
                no_opt=data.get("no_opt", ""), hidden=data.get("hidden", False),
                deprecated=data.get("deprecated", ""))


@functools.lru_cache(maxsize=1)
def tree() -> Command:
    """The root ``kubectl`` command, read once from ``commands.json``."""
    data = json.loads(DATA.read_text())
    by_path: dict[tuple[str, ...], Command] = {}
    for c in data["commands"]:
        path = tuple(c["path"])
        run = c.get("run", "")
        cmd = Command(path, c["use"], c["short"], long=c.get("long", ""), aliases=tuple(c.get("aliases", ())),
                      flags=tuple(_flag(f) for f in c.get("flags", ())),
                      persistent=tuple(_flag(f) for f in c.get("persistent", ())), example=c.get("example", ""),
                      suggest_for=tuple(c.get("suggest_for", ())), runnable=run != "alpha",
                      required=tuple(c.get("required", ())),
                      subcommands_only=run if run.startswith("help-") else "",
                      special=run if run in ("options", "alpha") else "",
                      flag_error_status=c.get("flag_error_status", 0),
                      groups=tuple((m, tuple(names)) for m, names in c.get("groups", ())))
        if path:
            cmd.parent = by_path[path[:-1]]
            cmd.parent.children.append(cmd)
        by_path[path] = cmd
    root = by_path[()]
    help_data = data["help_command"]
    root.children.append(Command(("help",), help_data["use"], help_data["short"], long=help_data["long"],
                                 parent=root))
    return root

