"""``--help`` text laid out as docker/cli's cobra usage template and pflag's ``FlagUsagesWrapped`` do.

Learners compare what the simulator prints with tutorials and with a real
terminal, so spacing, wrapping at 80 columns, section order and the
``(default ...)`` notes must match character for character.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storagekit.commands.cli.flags import Flag
from storagekit.sim.goquote import go_quote

if TYPE_CHECKING:
    from storagekit.commands.docker.command import Command

WIDTH = 80
"""Terminal width docker assumes when stdin is not a terminal, as in a notebook."""

ADDITIONAL_HELP = "For more help on how to use Docker, head to https://docs.docker.com/go/guides/"


def shown_default(flag: Flag) -> str | None:
    """The ``(default X)`` text pflag appends, or ``None`` when the default is the zero value."""
    if flag.shown is not None:
        return flag.shown or None
    d = flag.default
    if flag.kind == "bool":
        return "true" if d else None
    if flag.kind == "string":
        return go_quote(d) if d else None
    if flag.kind in ("int", "uint", "uint16", "uint32", "float") and d:
        return str(d)
    return None


def _wrap_n(i: int, slop: int, s: str) -> tuple[str, str]:
    if i + slop > len(s):
        return s, ""
    w = max(s.rfind(c, 0, i) for c in " \t\n")
    if w <= 0:
        return s, ""
    nl = s.rfind("\n", 0, i)
    if 0 < nl < w:
        return s[:nl], s[nl + 1:]
    return s[:w], s[w + 1:]


def wrap(i: int, w: int, s: str) -> str:
    """pflag's ``wrap``: fit ``s`` between column ``i`` and ``w``, avoiding short orphan words."""
    width = w - i
    r = ""
    if width < 24:
        i = 16
        width = w - i
        r += "\n" + " " * i
    if width < 24:
        return s.replace("\n", r)
    slop = 5
    width -= slop
    line, s = _wrap_n(width, slop, s)
    r += line.replace("\n", "\n" + " " * i)
    while s:
        line, s = _wrap_n(width, slop, s)
        r += "\n" + " " * i + line.replace("\n", "\n" + " " * i)
    return r


def flag_usages(flags: list[Flag], cols: int = WIDTH - 1) -> str:
    """The option table: name column padded to the longest entry, usage wrapped to ``cols``."""
    rows = []
    maxlen = 0
    for f in flags:
        if f.hidden:
            continue
        head = f"  -{f.short}, --{f.name}" if f.short and not f.short_deprecated else f"      --{f.name}"
        if f.type_word:
            head += " " + f.type_word
        if f.no_opt and f.kind != "bool":
            head += f'[="{f.no_opt}"]' if f.kind == "string" else f"[={f.no_opt}]"
        elif f.kind == "bool" and f.no_opt not in ("", "true"):
            head += f"[={f.no_opt}]"
        maxlen = max(maxlen, len(head) + 1)
        text = f.usage
        default = shown_default(f)
        if default is not None:
            text += f" (default {default})"
        if f.deprecated:
            text += f" (DEPRECATED: {f.deprecated})"
        rows.append((head, text))
    out = []
    for head, text in rows:
        spacing = " " * (maxlen - len(head))
        out.append(f"{head} {spacing} {wrap(maxlen + 2, cols, text)}\n")
    return "".join(out)


def _listing(cmds: list[Command], pad: int) -> str:
    return "".join(f"\n  {c.display_name.ljust(pad + 1)}{c.short}" for c in cmds)


def usage_text(cmd: Command, connected: bool = True, plugins: bool = True,
               flags: tuple[Flag, ...] | None = None) -> str:
    """cobra's ``UsageString`` under docker's template; the help text printed for ``--help``.

    ``connected``: hide what a Linux daemon outside swarm mode reports as unsupported
    (Windows-only and experimental flags, swarm manager commands), as docker does;
    ``plugins``: list plugin commands (buildx); ``flags``: the flags in force if they
    differ from the spec's (a default taken from the environment).
    """
    subs = [c for c in cmd.children
            if not c.hidden and not (connected and c.swarm == "manager") and (plugins or not c.plugin)]
    shown = sorted((f for f in (flags or cmd.all_flags()) if not f.hidden), key=lambda f: f.name)
    visible = [f for f in shown if not (connected and f.requires)]
    first = f"{cmd.command_path}{' [OPTIONS]' if visible else ''} COMMAND" if subs else cmd.use_line
    parts = [f"Usage:  {first}\n\n{(cmd.long or cmd.short).strip()}"]
    if cmd.experimental:
        parts.append(
            f"\n\nEXPERIMENTAL:\n  {cmd.command_path} is an experimental feature.\n"
            "  Experimental features provide early access to product functionality. These\n"
            "  features may change between releases without warning, or can be removed from a\n"
            "  future release. Learn more about experimental features in our documentation:\n"
            "  https://docs.docker.com/go/experimental/")
    if cmd.aliases or cmd.aliases_text:
        parts.append(f"\n\nAliases:\n  {cmd.alias_line}")
    if cmd.example:
        parts.append(f"\n\nExamples:\n{cmd.example}")
    options = flag_usages(visible).rstrip()
    if cmd.parent is not None and options:
        parts.append(f"\n\nOptions:\n{options}")
    pad = max([11] + [len(c.name) for c in cmd.children])
    if cmd.parent is None:
        top = sorted((c for c in subs if c.top), key=lambda c: c.top)
        if top:
            parts.append("\n\nCommon Commands:" + _listing(top, pad))
    groups = [c for c in subs if c.children or c.plugin]
    management = [c for c in groups if c.swarm is None]
    if management:
        parts.append("\n\nManagement Commands:" + _listing(management, pad))
    swarm = [c for c in groups if c.swarm is not None]
    if swarm:
        parts.append("\n\nSwarm Commands:" + _listing(swarm, pad))
    ops = [c for c in subs if not (c.children or c.plugin) and not (cmd.parent is None and c.top)]
    if ops:
        parts.append("\n\nCommands:" + _listing(ops, pad))
    if cmd.parent is None and options:
        parts.append(f"\n\nGlobal Options:\n{options}")
    if subs:
        parts.append(f"\n\nRun '{cmd.command_path} COMMAND --help' for more information on a command.")
    if cmd.parent is None:
        parts.append(f"\n\n{ADDITIONAL_HELP}")
    return "".join(parts) + "\n"
