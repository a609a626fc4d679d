"""A flag parser that accepts and rejects exactly what spf13/pflag does, for the docker and kubectl clients.

Learners copy command lines from tutorials and make typos; the simulator must
take the same spellings (``-aq``, ``-tfoo``, ``--all=false``, ``--``) and answer
mistakes with the same words as the real clients, so the parsing rules and
error texts here follow pflag's ``parseArgs`` / ``FlagSet.Set`` and its value
types. A client with value types of its own (docker's ``opts.ListOpts``,
kubectl's klog levels) subclasses :class:`FlagSet` and extends :meth:`~FlagSet.convert`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from storagekit.commands.cli import values
from storagekit.sim.goquote import go_quote, go_quote_rune
from storagekit.sim.strconv import parse_bool, parse_duration, parse_float


class FlagError(Exception):
    """A command line that pflag rejects; ``str(err)`` is pflag's message."""


@dataclass(frozen=True)
class Flag:
    """One flag as a client defines it.

    ``kind`` decides how values parse (pflag's type names: ``bool``, ``string``,
    ``int``, ``duration``, ``strings`` for a string slice, ``stringArray``...,
    or one the client's :class:`FlagSet` adds); ``metavar`` overrides the type
    word shown in help (docker's custom value types call themselves ``mount``,
    ``port``...); ``shown`` overrides the ``(default ...)`` text pflag derives
    from the default (``""`` for none); ``no_opt`` is the value a bare
    ``--flag`` means (pflag's ``NoOptDefVal``; ``true`` for every bool).
    """

    name: str
    kind: str = "bool"
    usage: str = ""
    short: str = ""
    default: Any = None
    metavar: str | None = None
    shown: str | None = None
    no_opt: str = ""
    hidden: bool = False
    deprecated: str = ""
    short_deprecated: str = ""
    requires: str = ""
    """``windows`` or ``experimental``: docker hides the flag and refuses it on a Linux, non-experimental daemon."""
    check: Callable[[str, Mapping[str, str]], Any] | None = field(default=None, compare=False)
    """For list flags: validates or normalises one value (given the client's environment), raising ``ValueError``."""

    @property
    def type_word(self) -> str:
        """The value's type name in help (pflag ``UnquoteUsage``): the kind itself, nothing for bools."""
        if self.metavar is not None:
            return self.metavar
        return "" if self.kind == "bool" else self.kind

    @property
    def no_opt_value(self) -> str:
        return "true" if self.kind == "bool" and not self.no_opt else self.no_opt

    def label(self) -> str:
        """The name pflag quotes in ``invalid argument`` errors."""
        if self.short and not self.short_deprecated:
            return f"-{self.short}, --{self.name}"
        return f"--{self.name}"


@dataclass
class Parsed:
    """The outcome of parsing: values for every flag, which were given, and positional args."""

    values: dict[str, Any]
    changed: set[str]
    args: list[str]
    warnings: list[str]
    dash_at: int = -1


ZERO: Mapping[str, Any] = {"bool": False, "string": "", "int": 0, "int32": 0, "uint": 0, "uint16": 0, "uint32": 0,
                          "float": 0.0, "duration": 0.0, "stringToString": {}}
"""pflag's zero values of the kinds that hold one value; the list kinds start empty."""


class FlagSet:
    """Flags of one command, parsed the pflag way (looked up by name and by letter)."""

    zero: ClassVar[Mapping[str, Any]] = ZERO

    def __init__(self, flags: list[Flag] | tuple[Flag, ...], interspersed: bool = True,
                 env: Mapping[str, str] | None = None, normalize: Callable[[str], str] | None = None):
        self.normalize = normalize or (lambda name: name)
        self.flags = {self.normalize(f.name): f for f in flags}
        self.shorts = {f.short: f for f in flags if f.short}
        self.interspersed = interspersed
        self.env = env or {}

    def initial(self, flag: Flag) -> Any:
        """A flag's value before the command line sets it (a fresh copy of a list or map)."""
        value = flag.default if flag.default is not None else self.zero.get(flag.kind, [])
        return type(value)(value) if isinstance(value, (list, dict)) else value

    def fresh(self) -> Parsed:
        return Parsed({f.name: self.initial(f) for f in self.flags.values()}, set(), [], [])

    def lookup(self, name: str) -> Flag | None:
        return self.flags.get(self.normalize(name))

    def has_no_opt(self, name: str) -> bool:
        f = self.lookup(name)
        return bool(f and f.no_opt_value)

    def short_has_no_opt(self, letter: str) -> bool:
        f = self.shorts.get(letter[:1])
        return bool(f and f.no_opt_value)

    def parse(self, argv: list[str], state: Parsed | None = None) -> Parsed:
        """Parse ``argv``; raise ``FlagError`` with pflag's text on the first bad flag."""
        st = state or self.fresh()
        rest = list(argv)
        while rest:
            s = rest.pop(0)
            if len(s) < 2 or s[0] != "-":
                if not self.interspersed:
                    st.args.append(s)
                    st.args.extend(rest)
                    return st
                st.args.append(s)
                continue
            if s[1] == "-":
                if len(s) == 2:
                    st.dash_at = len(st.args)
                    st.args.extend(rest)
                    return st
                rest = self._long(s, rest, st)
            else:
                shorts = s[1:]
                tail = rest
                while shorts:
                    shorts, tail = self._short(shorts, rest, st)
                rest = tail
        return st

    def _long(self, s: str, rest: list[str], st: Parsed) -> list[str]:
        name = s[2:]
        if not name or name[0] in "-=":
            raise FlagError(f"bad flag syntax: {s}")
        name, eq, value = name.partition("=")
        flag = self.lookup(name)
        if flag is None:
            raise FlagError(f"unknown flag: --{name}")
        if eq:
            pass
        elif flag.no_opt_value:
            value = flag.no_opt_value
        elif rest:
            value = rest.pop(0)
        else:
            raise FlagError(f"flag needs an argument: {s}")
        self.set(flag, value, st)
        return rest

    def _short(self, shorts: str, rest: list[str], st: Parsed) -> tuple[str, list[str]]:
        c = shorts[0]
        flag = self.shorts.get(c)
        if flag is None:
            raise FlagError(f"unknown shorthand flag: {go_quote_rune(c)} in -{shorts}")
        tail = rest
        remaining = shorts[1:]
        if len(shorts) > 2 and shorts[1] == "=":
            value, remaining = shorts[2:], ""
        elif flag.no_opt_value:
            value = flag.no_opt_value
        elif len(shorts) > 1:
            value, remaining = shorts[1:], ""
        elif rest:
            value, tail = rest[0], rest[1:]
        else:
            raise FlagError(f"flag needs an argument: {go_quote_rune(c)} in -{shorts}")
        if flag.short_deprecated:
            st.warnings.append(f"Flag shorthand -{flag.short} has been deprecated, {flag.short_deprecated}\n")
        self.set(flag, value, st)
        return remaining, tail

    def set(self, flag: Flag, raw: str, st: Parsed) -> None:
        """Store one value the way the flag's Go type does (``Value.Set``)."""
        first = flag.name not in st.changed
        try:
            st.values[flag.name] = self.convert(flag, raw, st.values[flag.name], first)
        except ValueError as e:
            raise FlagError(f"invalid argument {go_quote(raw)} for {go_quote(flag.label())} flag: {e}") from None
        st.changed.add(flag.name)
        if flag.deprecated:
            st.warnings.append(f"Flag --{flag.name} has been deprecated, {flag.deprecated}\n")

    def convert(self, flag: Flag, raw: str, current: Any, first: bool) -> Any:
        """Turn one command-line string into the flag's value; ``ValueError`` carries Go's message.

        ``current`` is the value so far and ``first`` says whether the command line set it
        before: a list replaces its default on the first use and grows on the next ones.
        """
        kind = flag.kind
        if kind == "bool":
            return parse_bool(raw)
        if kind == "string":
            return raw
        if kind == "int":
            return values.parse_int(raw)
        if kind == "int32":
            return values.parse_int(raw, 32)
        if kind in ("uint", "uint16", "uint32"):
            return values.parse_uint(raw, {"uint16": 16, "uint32": 32}.get(kind, 64))
        if kind == "float":
            return parse_float(raw)
        if kind == "duration":
            return parse_duration(raw)
        if kind == "strings":
            items = values.go_csv(raw) if raw else []
            return items if first else [*current, *items]
        if kind == "stringArray":
            return [raw] if first else [*current, raw]
        if kind == "stringToString":
            if "=" not in raw:
                raise ValueError(f"{raw} must be formatted as key=value")
            items = [raw.strip('"')] if raw.count("=") == 1 else values.go_csv(raw)
            pairs = {}
            for item in items:
                key, eq, val = item.partition("=")
                if not eq:
                    raise ValueError(f"{item} must be formatted as key=value")
                pairs[key] = val
            return pairs if first else {**current, **pairs}
        raise KeyError(f"flag --{flag.name}: no value type {kind!r}")


def def_value(flag: Flag) -> str:
    """The default as pflag keeps it for help (``Flag.DefValue``, the Go value's ``String()``)."""
    value = flag.default if flag.default is not None else ZERO.get(flag.kind, [])
    if isinstance(value, bool):
        return "true" if value else "false"
    if flag.kind in ("duration", "go-duration"):
        return values.go_duration(value)
    if isinstance(value, list):
        return "[" + values.go_csv_line(value) + "]"
    if isinstance(value, dict):
        return "[" + values.go_csv_line([f"{k}={v}" for k, v in value.items()]) + "]"
    return str(value)
