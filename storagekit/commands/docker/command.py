"""What a docker command is: its place in the tree, usage line, flags and argument-count rule.

Specs are plain data so the help printer, the parser and the dispatcher all read
the same definition, as cobra does with one ``cobra.Command`` value.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from storagekit.commands.docker.flags import Flag

HELP_FLAG = Flag("help", "bool", "Print usage", short="h", hidden=True, short_deprecated="use --help")
"""docker's persistent ``--help``: hidden, with ``-h`` kept but reported as deprecated."""

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
class Command:
    """One node of the docker command tree.

    ``use`` is cobra's ``Use`` (name first, then the argument synopsis);
    ``aliases_text`` replaces the generated ``Aliases:`` line where docker
    annotates the full list; ``top`` is the position in "Common Commands".
    """

    path: tuple[str, ...]
    use: str
    short: str
    long: str = ""
    aliases: tuple[str, ...] = ()
    flags: tuple[Flag, ...] = ()
    args_check: ArgsCheck | None = None
    aliases_text: str = ""
    example: str = ""
    top: int = 0
    swarm: str | None = None
    """``None`` for ordinary commands; ``""`` or ``"manager"`` (hidden unless the node manages a swarm)."""
    interspersed: bool = True
    hidden: bool = False
    experimental: bool = False
    plugin: bool = False
    runnable: bool = True
    """``False`` for a group with no action of its own: cobra prints its help (stdout, status 0)."""
    partial: bool = False
    """Only the name and synopsis are known (some buildx subcommands); the simulator declines to run them."""
    canonical: tuple[str, ...] | None = None
    """The path whose handler serves this command (``images`` is ``image ls``)."""
    parent: Command | None = field(default=None, repr=False)
    children: list[Command] = field(default_factory=list, repr=False)

    @property
    def name(self) -> str:
        return self.use.split(" ", 1)[0] if self.use else "docker"

    @property
    def display_name(self) -> str:
        return self.name + ("*" if self.plugin else " ")

    @property
    def command_path(self) -> str:
        return " ".join(("docker", *self.path))

    @property
    def use_line(self) -> str:
        return f"{self.parent.command_path} {self.use}" if self.parent is not None else self.use

    @property
    def alias_line(self) -> str:
        if self.aliases_text:
            return self.aliases_text
        parent = self.parent.command_path + " " if self.parent is not None else ""
        return ", ".join([self.command_path, *(parent + a for a in self.aliases)])

    @property
    def key(self) -> tuple[str, ...]:
        return self.canonical or self.path

    def all_flags(self) -> tuple[Flag, ...]:
        return (*self.flags, HELP_FLAG)

    def find_child(self, word: str) -> Command | None:
        for c in self.children:
            if c.name == word or word in c.aliases:
                return c
        return None


def shortcut(cmd: Command, name: str, top: int = 0) -> Command:
    """A top-level copy of a management subcommand (``docker images`` of ``docker image ls``).

    docker/cli builds these by copying the subcommand and renaming it, so they share
    flags, help text and handler but report their own name in usage and errors.
    """
    rest = cmd.use.split(" ", 1)[1:]
    return replace(cmd, path=(name,), use=" ".join([name, *rest]), aliases=(), top=top, canonical=cmd.key,
                   parent=None, children=[])
