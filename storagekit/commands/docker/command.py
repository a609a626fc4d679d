"""What a docker command is: its place in the tree, usage line, flags and argument-count rule.

Specs are plain data so the help printer, the parser and the dispatcher all read
the same definition, as cobra does with one ``cobra.Command`` value.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, ClassVar

from storagekit.commands.cli import command as cobra
from storagekit.commands.cli.flags import Flag

HELP_FLAG = Flag("help", "bool", "Print usage", short="h", hidden=True, short_deprecated="use --help")
"""docker's persistent ``--help`` on the root: hidden, with ``-h`` kept but reported as deprecated."""

ArgsCheck = Callable[["Command", list[str]], "str | None"]


def _plural(n: int) -> str:
    return "argument" if n == 1 else "arguments"


def _tail(cmd: Command, verb: str = "Run") -> str:
    return f"\n\nUsage:  {cmd.use_line}\n\n{verb} '{cmd.command_path} --help' for more information"


def no_args(cmd: Command, args: list[str]) -> str | None:
    """``cli.NoArgs``: management commands report the stray word as an unknown command."""
    if not args:
        return None
    if cmd.children:
        return f"docker: unknown command: {cmd.command_path} {args[0]}" + _tail(cmd)
    return f"docker: '{cmd.command_path}' accepts no arguments" + _tail(cmd)


def min_args(n: int) -> ArgsCheck:
    def check(cmd: Command, args: list[str]) -> str | None:
        if len(args) >= n:
            return None
        return f"docker: '{cmd.command_path}' requires at least {n} {_plural(n)}" + _tail(cmd, "See")
    return check


def max_args(n: int) -> ArgsCheck:
    def check(cmd: Command, args: list[str]) -> str | None:
        if len(args) <= n:
            return None
        # docker/cli 28 really prints "SRun" here.
        return f"docker: '{cmd.command_path}' requires at most {n} {_plural(n)}" + _tail(cmd, "SRun")
    return check


def exact_args(n: int) -> ArgsCheck:
    def check(cmd: Command, args: list[str]) -> str | None:
        if len(args) == n:
            return None
        return f"docker: '{cmd.command_path}' requires {n} {_plural(n)}" + _tail(cmd)
    return check


def range_args(lo: int, hi: int) -> ArgsCheck:
    def check(cmd: Command, args: list[str]) -> str | None:
        if lo <= len(args) <= hi:
            return None
        return (f"docker: '{cmd.command_path}' requires at least {lo} and at most {hi} {_plural(hi)}"
                + _tail(cmd))
    return check


def cobra_exact_args(n: int) -> ArgsCheck:
    """cobra's own ``ExactArgs``, which a few docker commands use, with its terser message."""
    def check(cmd: Command, args: list[str]) -> str | None:
        return None if len(args) == n else f"accepts {n} arg(s), received {len(args)}"
    return check


@dataclass(eq=False)
class Command(cobra.Command):
    """One node of the docker command tree.

    ``aliases_text`` replaces the generated ``Aliases:`` line where docker
    annotates the full list; ``top`` is the position in "Common Commands".
    """

    program: ClassVar[str] = "docker"

    args_check: ArgsCheck | None = None
    aliases_text: str = ""
    top: int = 0
    swarm: str | None = None
    """``None`` for ordinary commands; ``""`` or ``"manager"`` (hidden unless the node manages a swarm)."""
    experimental: bool = False
    plugin: bool = False
    partial: bool = False
    """Only the name and synopsis are known (some buildx subcommands); the simulator declines to run them."""
    canonical: tuple[str, ...] | None = None
    """The path whose handler serves this command (``images`` is ``image ls``)."""

    @property
    def display_name(self) -> str:
        return self.name + ("*" if self.plugin else " ")

    @property
    def alias_line(self) -> str:
        if self.aliases_text:
            return self.aliases_text
        parent = self.parent.command_path + " " if self.parent is not None else ""
        return ", ".join([self.command_path, *(parent + a for a in self.aliases)])

    @property
    def key(self) -> tuple[str, ...]:
        return self.canonical or self.path


def shortcut(cmd: Command, name: str, top: int = 0) -> Command:
    """A top-level copy of a management subcommand (``docker images`` of ``docker image ls``).

    docker/cli builds these by copying the subcommand and renaming it, so they share
    flags, help text and handler but report their own name in usage and errors.
    """
    rest = cmd.use.split(" ", 1)[1:]
    return replace(cmd, path=(name,), use=" ".join([name, *rest]), aliases=(), top=top, canonical=cmd.key,
                   parent=None, children=[])
