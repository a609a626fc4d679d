"""``--help`` laid out as kubectl's own help template (k8s.io/kubectl ``util/templates``) lays it out.

kubectl replaces cobra's template: flags are listed one per paragraph as
``--name=default:`` with the usage on the next, tab-indented line, global
flags are left to ``kubectl options``, and the root lists its commands in
named groups. Output to a notebook is not a terminal, so nothing is wrapped.
"""

from __future__ import annotations

from storagekit.commands.cli.flags import Flag
from storagekit.commands.kubectl.command import Command, shown_default

HIDDEN_FROM_ROOT = ("options", "alpha")
"""Root commands the root's help leaves out of its groups."""


def flag_usages(flags: list[Flag] | tuple[Flag, ...]) -> str:
    """kubectl's ``flagsUsages``: each visible flag by name, its default, then its usage on one line."""
    out = []
    for f in sorted(flags, key=lambda f: f.name):
        if f.hidden:
            continue
        short = f"-{f.short}, " if f.short else ""
        usage = f.usage + (f" (DEPRECATED: {f.deprecated})" if f.deprecated else "")
        out.append(f"    {short}--{f.name}={shown_default(f)}:\n\t{usage}\n\n")
    return "".join(out)


def _listing(cmd: Command) -> str:
    """The subcommands, in the root's groups (then "Other Commands") or as "Available Commands"."""
    if cmd.parent is None:
        grouped = {name for _, names in cmd.groups for name in names}
        # the groups name only commands of the tree (both come from the same commands.json)
        groups = [(message, [cmd.descendant((n,)) for n in names]) for message, names in cmd.groups]
        others = sorted((c for c in cmd.children if c.name not in grouped and c.name not in HIDDEN_FROM_ROOT
                         and not c.hidden and c.short), key=lambda c: c.name)
        if others:
            groups.append(("Other Commands:", others))
    else:
        groups = [("Available Commands:", sorted((c for c in cmd.children if c.name != "options" and not c.hidden),
                                                 key=lambda c: c.name))]
    return "\n\n".join("\n".join([message, *(f"  {c.name.ljust(c.name_padding)}   {c.short}"
                                             for c in cmds if c.available)])
                       for message, cmds in groups)


def usage_text(cmd: Command) -> str:
    """kubectl's usage template: aliases, examples, subcommands, options, usage line and the closing tips."""
    parts = ["\n\n"]
    if cmd.aliases:
        parts.append(f"Aliases:\n{', '.join((cmd.name, *cmd.aliases))}\n\n")
    if cmd.example:
        parts.append(f"Examples:\n{cmd.example.rstrip()}\n\n")
    if any(c.available for c in cmd.children):
        parts.append(_listing(cmd) + "\n\n")
    local = [f for f in cmd.flags if f.name != "help"]
    if local:
        parts.append(f"Options:\n{flag_usages(local).rstrip()}\n\n")
    if cmd.runnable:
        line = cmd.use_line
        if "[options]" not in line:
            line += " [options]"
        parts.append(f"Usage:\n  {line}\n\n")
    if cmd.children:
        parts.append(f'Use "{cmd.command_path} <command> --help" for more information about a given command.\n')
    if cmd.runnable:
        parts.append('Use "kubectl options" for a list of global command-line options (applies to all commands).\n')
    return "".join(parts)


def help_text(cmd: Command) -> str:
    """What ``--help`` prints on stdout (kubectl's help template)."""
    if cmd.special == "options":
        return ""
    text = (cmd.long or cmd.short).strip()
    return text + usage_text(cmd) if cmd.runnable or cmd.children else text


def options_text(cmd: Command) -> str:
    """``kubectl options``: the flags every command inherits."""
    return "The following options can be passed to any command:\n\n" + flag_usages(cmd.inherited())
