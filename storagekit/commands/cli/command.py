"""What a cobra command is, and how cobra finds one in a command line.

docker and kubectl are both spf13/cobra programs: a tree of commands, each with
local flags and persistent flags its descendants inherit, a ``-h/--help`` flag,
and the same rules for finding the command a line names (``Find``, with the
"Did you mean this?" suggestions). Each client subclasses :class:`Command` with
what its own help template and dispatcher need, and keeps its own wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, TypeVar

from storagekit.commands.cli.flags import Flag, FlagSet

if TYPE_CHECKING:
    from typing_extensions import Self

MIN_NAME_PADDING = 11
"""cobra's ``minNamePadding``: the narrowest name column in a listing of subcommands."""


@dataclass(eq=False)
class Command:
    """One node of a cobra command tree.

    ``use`` is cobra's ``Use`` (name first, then the argument synopsis); ``flags``
    are the command's local flags and ``persistent`` the ones it passes down to
    every subcommand (the root's global flags).
    """

    program: ClassVar[str] = ""
    """The executable's name, which starts every command path."""

    path: tuple[str, ...]
    use: str
    short: str
    long: str = ""
    aliases: tuple[str, ...] = ()
    flags: tuple[Flag, ...] = ()
    persistent: tuple[Flag, ...] = ()
    example: str = ""
    suggest_for: tuple[str, ...] = ()
    """Mistyped names that should suggest this command (cobra's ``SuggestFor``)."""
    interspersed: bool = True
    hidden: bool = False
    runnable: bool = True
    """``False`` for a group with no action of its own: cobra prints its help."""
    parent: Self | None = field(default=None, repr=False)
    children: list[Self] = field(default_factory=list, repr=False)
    """A client's tree holds only its own kind of command, so its parent and children are of that kind too."""

    @property
    def name(self) -> str:
        return self.use.split(" ", 1)[0] if self.use else self.program

    @property
    def command_path(self) -> str:
        return " ".join((self.program, *self.path))

    @property
    def use_line(self) -> str:
        """The usage line: the parent's command path, then ``use``."""
        return f"{self.parent.command_path} {self.use}" if self.parent is not None else self.use

    def find_child(self, word: str) -> Self | None:
        """cobra's ``findNext``: a subcommand by name or alias."""
        for c in self.children:
            if c.name == word or word in c.aliases:
                return c
        return None

    def descendant(self, path: tuple[str, ...] | list[str]) -> Self:
        """The command at ``path`` below this one (aliases allowed: ``("image", "list")``); ``KeyError`` if none."""
        cmd = self
        for word in path:
            nxt = cmd.find_child(word)
            if nxt is None:
                raise KeyError(" ".join(path))
            cmd = nxt
        return cmd

    def inherited(self) -> tuple[Flag, ...]:
        """The persistent flags of every ancestor, nearest first; a nearer one hides a farther one's name."""
        out: list[Flag] = []
        node = self.parent
        while node is not None:
            out += [f for f in node.persistent if all(f.name != o.name for o in out)]
            node = node.parent
        return tuple(out)

    def all_flags(self, help_flag: bool = True) -> tuple[Flag, ...]:
        """Everything the command's parser accepts (cobra's ``Flags()`` after merging persistent flags).

        Before it runs a command, cobra adds ``-h, --help`` to it unless it already has a
        ``help`` flag; ``help_flag=False`` gives the flags before that, as ``Find`` sees them.
        """
        own = (*self.flags, *self.persistent)
        names = {f.name for f in own}
        flags = (*own, *(f for f in self.inherited() if f.name not in names))
        if not help_flag or any(f.name == "help" for f in flags):
            return flags
        short = "" if any(f.short == "h" for f in flags) else "h"
        return (*flags, Flag("help", "bool", f"help for {self.name}", short=short))

    @property
    def available(self) -> bool:
        """cobra's ``IsAvailableCommand``: listed in help and offered as a suggestion."""
        if self.hidden or self.path == ("help",):
            return False
        return self.runnable or any(c.available for c in self.children)

    @property
    def name_padding(self) -> int:
        """cobra's ``NamePadding``: the widest sibling name (hidden ones count), at least 11."""
        siblings = self.parent.children if self.parent is not None else []
        return max([MIN_NAME_PADDING, *(len(c.name) for c in siblings)])

    def suggestions_for(self, typed: str, distance: int = 2) -> list[str]:
        """cobra's ``SuggestionsFor``: subcommands within ``distance`` edits, or starting with what was typed."""
        out = []
        for c in self.children:
            if not c.available:
                continue
            if levenshtein(typed.lower(), c.name.lower()) <= distance or c.name.lower().startswith(typed.lower()):
                out.append(c.name)
            out += [c.name for s in c.suggest_for if s.lower() == typed.lower()]
        return out


def levenshtein(s: str, t: str) -> int:
    """Edit distance over bytes, as cobra's ``ld`` computes it."""
    a, b = s.encode(), t.encode()
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        prev, row[0] = row[0], i
        for j in range(1, len(b) + 1):
            cur = row[j]
            row[j] = prev if a[i - 1] == b[j - 1] else min(prev, row[j], row[j - 1]) + 1
            prev = cur
    return row[len(b)]


def _takes_value(s: str, fs: FlagSet) -> bool:
    """A flag word whose value is the next word: ``--name`` or ``-n`` without ``=``, needing a value."""
    if "=" in s:
        return False
    return (s.startswith("--") and not fs.has_no_opt(s[2:])) or \
        (s.startswith("-") and len(s) == 2 and not fs.short_has_no_opt(s[1:]))


def strip_flags(args: list[str], fs: FlagSet) -> list[str]:
    """cobra's ``stripFlags``: the words of a command line that are not flags or flag values."""
    commands = []
    rest = list(args)
    while rest:
        s = rest.pop(0)
        if s == "--":
            break
        if _takes_value(s, fs):
            if len(rest) <= 1:
                break
            rest.pop(0)
        elif s and not s.startswith("-"):
            commands.append(s)
    return commands


def _without(args: list[str], word: str, fs: FlagSet) -> list[str]:
    """cobra's ``argsMinusFirstX``: the line without the subcommand's name (a flag's value is not a name)."""
    pos = 0
    while pos < len(args):
        s = args[pos]
        if s == "--":
            break
        if _takes_value(s, fs):
            pos += 1
        elif not s.startswith("-") and s == word:
            return args[:pos] + args[pos + 1:]
        pos += 1
    return args


_Command = TypeVar("_Command", bound=Command)


def find(root: _Command, args: list[str], flagset: type[FlagSet] = FlagSet) -> tuple[_Command, list[str]]:
    """cobra's ``Find``: the command a line names (flags may come before and between the names) and
    the words left for it to parse. cobra has not added the ``-h`` flags yet, so ``kubectl -h get``
    takes ``get`` for the value of ``-h`` and shows the root's help."""
    cmd, rest = root, list(args)
    while True:
        fs = flagset(cmd.all_flags(help_flag=False))
        words = strip_flags(rest, fs)
        nxt = cmd.find_child(words[0]) if words else None
        if nxt is None:
            return cmd, rest
        cmd, rest = nxt, _without(rest, words[0], fs)
