"""Dockerfiles, read by BuildKit's own parser and checked as BuildKit's ``instructions`` package does.

The line-level parsing (continuations, heredocs, JSON forms, the escape
directive) is done by the official Go parser, wrapped for Python by the
``dockerfile`` package. On top of it this module applies the checks BuildKit
makes when it turns parsed lines into instructions, with BuildKit's messages
(``dockerfile parse error on line 3: unknown instruction: FOO (did you mean
RUN?)``), and expands ``$VAR`` words the way BuildKit's shell lexer does for the
instructions that expand them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import dockerfile as _gop

from storagekit.sim.errors import BuildError

INSTRUCTIONS = (
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM", "HEALTHCHECK",
    "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
)
FLAGS = {
    "ADD": {"chown", "chmod", "link", "keep-git-dir", "checksum", "exclude"},
    "COPY": {"chown", "chmod", "from", "link", "parents", "exclude"},
    "FROM": {"platform"},
    "RUN": {"mount", "network", "security"},
    "HEALTHCHECK": {"interval", "timeout", "start-period", "start-interval", "retries"},
}
REPEATABLE_FLAGS = {"mount", "exclude"}
STAGE_NAME = re.compile(r"^[a-z][a-z0-9-_.]*$")


class DockerfileError(BuildError):
    """A parse error; ``line`` and ``end_line`` point at the offending instruction (1-based)."""

    def __init__(self, message: str, line: int = 0, end_line: int = 0) -> None:
        super().__init__(message)
        self.line = line
        self.end_line = end_line or line


@dataclass
class Instruction:
    cmd: str
    """Upper-case instruction name."""
    args: list[str]
    flags: dict[str, list[str]]
    json: bool
    original: str
    line: int
    end_line: int
    heredocs: list[tuple[str, str]] = field(default_factory=list)
    sub_cmd: str | None = None

    def flag(self, name: str, default: str = "") -> str:
        values = self.flags.get(name)
        return values[-1] if values else default


def levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _suggest(word: str) -> str:
    """BuildKit's "(did you mean X?)": the closest instruction within distance 2, matching case."""
    low = word.lower()
    match, best = "", 3
    for name in sorted(INSTRUCTIONS):
        d = levenshtein(low, name.lower())
        if d < best:
            match, best = name, d
    if not match:
        return ""
    if word == word.lower() or word != word.upper():
        match = match.lower()
    return f" (did you mean {match}?)"


def _parse_flags(cmd: str, raw: tuple[str, ...], line: int, end: int) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    allowed = FLAGS.get(cmd, set())
    for item in raw:
        if not item.startswith("--"):
            raise DockerfileError(f"dockerfile parse error on line {line}: Arg should start with -- : {item}",
                                  line, end)
        name, eq, value = item[2:].partition("=")
        if name not in allowed:
            raise DockerfileError(f"dockerfile parse error on line {line}: unknown flag: {name}", line, end)
        if not eq and name not in {"link", "keep-git-dir", "parents"}:
            raise DockerfileError(f"dockerfile parse error on line {line}: missing a value on flag: {name}", line, end)
        if name in out and name not in REPEATABLE_FLAGS:
            raise DockerfileError(f"dockerfile parse error on line {line}: Duplicate flag specified: {name}", line, end)
        out.setdefault(name, []).append(value if eq else "true")
    return out


def parse(text: str) -> list[Instruction]:
    """Parse and check a Dockerfile; raises :class:`DockerfileError` with BuildKit's message."""
    if "\x00" in text:
        raise DockerfileError("failed to read dockerfile: file with no instructions")
    try:
        commands = _gop.parse_string(text)
    except _gop.GoParseError as exc:
        message = str(exc)
        line = _guess_line(text, message)
        prefix = f"dockerfile parse error on line {line}: " if line else ""
        raise DockerfileError(prefix + message, line) from None
    out: list[Instruction] = []
    for c in commands:
        if not c.cmd:
            continue
        cmd = c.cmd.upper()
        line, end = c.start_line, c.end_line
        where = f"dockerfile parse error on line {line}: "
        if cmd not in INSTRUCTIONS:
            raise DockerfileError(where + f"unknown instruction: {c.cmd}{_suggest(c.cmd)}", line, end)
        args = list(c.value)
        if cmd == "ONBUILD":
            out.append(Instruction(cmd, args, {}, c.json, c.original, line, end,
                                   [(h.name, h.content) for h in c.heredocs], c.sub_cmd))
            _check_onbuild(c, where, line, end)
            continue
        flags = _parse_flags(cmd, c.flags, line, end)
        _check_args(cmd, args, c.json, where, line, end, c.original)
        heredocs = [(h.name, h.content) for h in c.heredocs]
        out.append(Instruction(cmd, args, flags, c.json, c.original, line, end, heredocs))
    if not out:
        raise DockerfileError("file with no instructions")
    first = next((i for i in out if i.cmd != "ARG"), None)
    if first is None or first.cmd != "FROM":
        bad = first or out[0]
        raise DockerfileError(
            f"dockerfile parse error on line {bad.line}: no build stage in current context", bad.line, bad.end_line
        )
    return out


def _guess_line(text: str, message: str) -> int:
    """The Go parser's message lacks the line for some errors; find the instruction it names."""
    word = message.split(" ", 1)[0].upper()
    for n, raw in enumerate(text.splitlines(), 1):
        if raw.strip().upper().startswith(word + " ") or raw.strip().upper() == word:
            return n
    return 0


def _check_onbuild(c, where: str, line: int, end: int) -> None:
    trigger = (c.sub_cmd or "").upper()
    if not trigger:
        raise DockerfileError(where + "ONBUILD requires at least one argument", line, end)
    if trigger == "ONBUILD":
        raise DockerfileError(where + "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed", line, end)
    if trigger in ("MAINTAINER", "FROM"):
        raise DockerfileError(where + f"{trigger} isn't allowed as an ONBUILD trigger", line, end)


def _check_args(cmd: str, args: list[str], is_json: bool, where: str, line: int, end: int, original: str) -> None:
    def fail(msg: str) -> None:
        raise DockerfileError(where + msg, line, end)

    if cmd == "FROM":
        if len(args) == 3 and args[1].lower() == "as":
            if not STAGE_NAME.match(args[2].lower()):
                fail(f'invalid name for build stage: "{args[2]}", name can\'t start with a number or contain symbols')
        elif len(args) != 1:
            fail("FROM requires either one or three arguments")
    elif cmd in ("COPY", "ADD") and len(args) < 2:
        fail(f"{cmd} requires at least two arguments, but only one was provided. Destination could not be determined")
    elif cmd in ("ENV", "LABEL"):
        if not args:
            fail(f"{cmd} requires at least one argument")
        if any(not args[i] for i in range(0, len(args), 2)):
            fail(f"{cmd} names can not be blank")
    elif cmd in ("WORKDIR", "USER", "STOPSIGNAL", "MAINTAINER") and len(args) != 1:
        fail(f"{cmd} requires exactly one argument")
    elif cmd in ("EXPOSE", "VOLUME", "ARG", "HEALTHCHECK") and not args:
        fail(f"{cmd} requires at least one argument")
    elif cmd == "ARG" and any(a.startswith("=") for a in args):
        fail("ARG names can not be blank")
    elif cmd == "VOLUME" and any(not a.strip() for a in args):
        fail("VOLUME specified can not be an empty string")
    elif cmd == "SHELL":
        if not args:
            fail("SHELL requires at least one argument")
        if not is_json:
            fail("SHELL requires the arguments to be in JSON form")
    elif cmd == "HEALTHCHECK":
        kind = args[0].upper()
        if kind == "NONE" and len(args) > 1:
            fail("HEALTHCHECK NONE takes no arguments")
        if kind not in ("NONE", "CMD"):
            fail(f'Unknown type "{kind}" in HEALTHCHECK (try CMD)')
        if kind == "CMD" and len(args) == 1:
            fail("Missing command after HEALTHCHECK CMD")


# ------------------------------------------------------------------ expansion


class ExpandError(BuildError):
    pass


def expand(word: str, env: Mapping[str, str]) -> str:
    """Expand ``$VAR``, ``${VAR}``, ``${VAR:-x}``, ``${VAR:+x}`` and remove quotes, as BuildKit's lexer does."""
    out: list[str] = []
    i, n = 0, len(word)
    quote = ""
    while i < n:
        ch = word[i]
        if quote == "'":
            if ch == "'":
                quote = ""
            else:
                out.append(ch)
            i += 1
            continue
        if ch == "\\" and i + 1 < n:
            nxt = word[i + 1]
            if quote == '"' and nxt not in '"$\\':
                out.append(ch)
            out.append(nxt)
            i += 2
            continue
        if ch in "'\"" and (not quote or quote == ch):
            if ch == "'" and quote == '"':
                out.append(ch)
            else:
                quote = "" if quote else ch
            i += 1
            continue
        if ch == "$":
            value, i = _expand_var(word, i + 1, env)
            out.append(value)
            continue
        out.append(ch)
        i += 1
    if quote:
        raise ExpandError(f"unexpected end of statement while looking for matching {quote}")
    return "".join(out)


def _expand_var(word: str, i: int, env: Mapping[str, str]) -> tuple[str, int]:
    n = len(word)
    if i < n and word[i] == "{":
        close = word.find("}", i)
        if close < 0:
            raise ExpandError("syntax error: missing '}'")
        body = word[i + 1 : close]
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])(.*))?$", body, re.S)
        if not m:
            raise ExpandError(f"bad substitution: ${{{body}}}")
        name, op, arg = m.group(1), m.group(2), m.group(3) or ""
        value = env.get(name)
        if op in (":-", "-"):
            if value is None or (op == ":-" and value == ""):
                value = expand(arg, env)
        elif op in (":+", "+"):
            value = expand(arg, env) if value is not None and (op == "+" or value != "") else ""
        elif op in (":?", "?") and (value is None or (op == ":?" and value == "")):
            raise ExpandError(f"{name}: {arg or 'is not allowed to be unset'}")
        return value or "", close + 1
    m = re.match(r"[A-Za-z_][A-Za-z0-9_]*", word[i:])
    if not m:
        return "$", i
    return env.get(m.group(0), ""), i + m.end()


def key_value_pairs(args: list[str], env: Mapping[str, str]) -> list[tuple[str, str]]:
    """ENV/LABEL arguments (the parser gives name, value, name, value...) expanded."""
    return [(expand(args[i], env), expand(args[i + 1], env)) for i in range(0, len(args) - 1, 2)]
