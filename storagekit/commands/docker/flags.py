"""A flag parser that accepts and rejects exactly what spf13/pflag does for the docker CLI.

Learners copy command lines from tutorials and make typos; the simulator must
take the same spellings (``-aq``, ``-tfoo``, ``--all=false``, ``--``) and answer
mistakes with the same words as the real client, so the parsing rules and error
texts here follow pflag's ``parseArgs`` / ``FlagSet.Set`` and the value types
docker registers (``opts.ListOpts``, ``FilterOpt``, ``MemBytes``...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from storagekit.commands.docker import opts, values
from storagekit.sim.goquote import go_quote, go_quote_rune
from storagekit.sim.strconv import parse_bool

ZERO = {"bool": False, "string": "", "int": 0, "uint": 0, "uint16": 0, "uint32": 0, "float": 0.0, "decimal": 0.0,
        "duration": 0.0, "bytes": 0, "map": {}}
"""Values of flags not given; every other kind collects a list."""


class FlagError(Exception):
    """A command line that pflag rejects; ``str(err)`` is pflag's message."""


@dataclass(frozen=True)
class Flag:
    """One flag as docker defines it.

    ``kind`` decides how values parse; ``metavar`` overrides the type word shown in
    help (docker's custom value types call themselves ``mount``, ``port``...);
    ``shown`` overrides the ``(default ...)`` text pflag derives from the default
    (``""`` for none), for docker types whose zero value prints as ``[]``.
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

    def initial(self) -> Any:
        value = self.default if self.default is not None else ZERO.get(self.kind, [])
        return type(value)(value) if isinstance(value, (list, dict)) else value

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


class FlagSet:
    """Flags of one command, parsed the pflag way (sorted for help, looked up by name and letter)."""

    def __init__(self, flags: list[Flag] | tuple[Flag, ...], interspersed: bool = True,
                 env: Mapping[str, str] | None = None):
        self.flags = {f.name: f for f in flags}
        self.shorts = {f.short: f for f in flags if f.short}
        self.interspersed = interspersed
        self.env = env or {}

    def has_no_opt(self, name: str) -> bool:
        f = self.flags.get(name)
        return bool(f and f.no_opt_value)

    def short_has_no_opt(self, letter: str) -> bool:
        f = self.shorts.get(letter[:1])
        return bool(f and f.no_opt_value)

    def parse(self, argv: list[str], state: Parsed | None = None) -> Parsed:
        """Parse ``argv``; raise ``FlagError`` with pflag's text on the first bad flag."""
        st = state or Parsed({n: f.initial() for n, f in self.flags.items()}, set(), [], [])
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
        flag = self.flags.get(name)
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
            st.values[flag.name] = convert(flag, raw, st.values[flag.name], first, self.env)
        except ValueError as e:
            raise FlagError(f"invalid argument {go_quote(raw)} for {go_quote(flag.label())} flag: {e}")
        st.changed.add(flag.name)
        if flag.deprecated:
            st.warnings.append(f"Flag --{flag.name} has been deprecated, {flag.deprecated}\n")


CHECKS = {"mount": opts.parse_mount, "ulimit": opts.parse_ulimit}
"""Kinds whose values docker parses into structures as they are given."""


def convert(flag: Flag, raw: str, current: Any, first: bool, env: Mapping[str, str]) -> Any:
    """Turn one command-line string into the flag's value; ``ValueError`` carries Go's message."""
    kind = flag.kind
    if kind == "bool":
        return parse_bool(raw)
    if kind == "string":
        return raw
    if kind == "int":
        return values.parse_int(raw)
    if kind in ("uint", "uint16", "uint32"):
        return values.parse_uint(raw, {"uint16": 16, "uint32": 32}.get(kind, 64))
    if kind == "float":
        return values.parse_float(raw)
    if kind == "decimal":
        return values.parse_rational(raw)
    if kind == "duration":
        return values.parse_duration(raw)
    if kind == "bytes":
        return values.ram_in_bytes(raw)
    if kind == "strings":
        items = values.go_csv(raw) if raw else []
        return items if first else [*current, *items]
    if kind == "stringArray":
        return [raw] if first else [*current, raw]
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
    check = flag.check or CHECKS.get(kind)
    return [*current, check(raw, env) if check else raw]
