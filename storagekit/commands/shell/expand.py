"""Word expansion in POSIX order: tilde, parameters, command substitution, arithmetic, field splitting, globbing.

Expansion needs the shell's state (variables, ``$?``, the file system for
globs), so it goes through a small interface the interpreter provides.
"""

from __future__ import annotations

import re
from typing import Protocol

from storagekit.commands.shell import arith
from storagekit.commands.shell.lexer import Arith, CmdSub, Lit, Param, Tilde, Word, heredoc_parts
from storagekit.fs import FileSystem, paths

GLOB_CHARS = set("*?[")
CHAR_CLASSES = {"alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z", "lower": "a-z",
                "space": r" \t\n\r\f\v", "xdigit": "0-9A-Fa-f", "punct": r"!-/:-@\[-`{-~"}


class ExpansionError(Exception):
    """An error that stops the command.

    ``kind``: ``bad`` (substitution), ``unset``/``null`` (``${x?}``/``${x:?}``), ``zero`` or ``arith``.
    """

    def __init__(self, kind: str, subject: str, detail: str = "") -> None:
        super().__init__(kind, subject, detail)
        self.kind, self.subject, self.detail = kind, subject, detail


class State(Protocol):
    fs: FileSystem
    cwd: str

    def get_var(self, name: str) -> str | None: ...
    def set_var(self, name: str, value: str) -> None: ...
    def home_of(self, user: str) -> str | None: ...
    def substitute(self, source: str) -> str: ...


class Expander:
    def __init__(self, state: State) -> None:
        self.state = state

    # ---------------------------------------------------------- public

    def fields(self, word: Word) -> list[str]:
        """The fields a command word becomes (maybe none, maybe several)."""
        out: list[str] = []
        for field in self._split(self._segments(word.parts)):
            if any(not q and ch in GLOB_CHARS for text, q in field for ch in text):
                matches = glob(self.state.fs, self.state.cwd, _glob_pattern(field))
                if matches:
                    out.extend(matches)
                    continue
            out.append("".join(text for text, _ in field))
        return out

    def pattern(self, word: Word) -> str:
        """A ``case`` pattern: expanded, not split, with quoted characters matching literally."""
        return _glob_pattern([(text, quoted) for text, quoted, _ in self._segments(word.parts)])

    def single(self, word: Word) -> str:
        """One string, without splitting or globbing (assignments, redirection targets)."""
        return "".join(text for text, _, _ in self._segments(word.parts))

    def heredoc(self, body: str, quoted: bool) -> str:
        if quoted:
            return body
        return "".join(text for text, _, _ in self._segments(heredoc_parts(body)))

    # -------------------------------------------------------- segments

    def _segments(self, parts: list) -> list[tuple[str, bool, bool]]:
        """``(text, quoted, splittable)`` pieces of a word after parameter and command expansion."""
        segs: list[tuple[str, bool, bool]] = []
        for part in parts:
            if isinstance(part, Lit):
                segs.append((part.text, part.quoted, False))
            elif isinstance(part, Tilde):
                home = self.state.home_of(part.user)
                segs.append((home, True, False) if home is not None else ("~" + part.user, False, False))
            elif isinstance(part, Param):
                value = self._param(part)
                if value is not None:
                    segs.append((value, part.quoted, not part.quoted))
            elif isinstance(part, CmdSub):
                text = self.state.substitute(part.source).rstrip("\n")
                segs.append((text, part.quoted, not part.quoted))
            elif isinstance(part, Arith):
                segs.append((self._arith(part.source), part.quoted, not part.quoted))
        return segs

    def _param(self, p: Param) -> str | None:
        if p.op == "bad":
            raise ExpansionError("bad", p.raw)
        value = self.state.get_var(p.name)
        if p.op == "len":
            return str(len(value or ""))
        if not p.op:
            return value or ""
        unset_or_empty = value is None or (p.op.startswith(":") and value == "")
        op = p.op.lstrip(":") if p.op[0] == ":" else p.op
        if op in ("-", "=", "+", "?"):
            arg = "".join(t for t, _, _ in self._segments(p.arg or []))
            if op == "-":
                return arg if unset_or_empty else value
            if op == "=":
                if unset_or_empty:
                    self.state.set_var(p.name, arg)
                    return arg
                return value
            if op == "+":
                return "" if unset_or_empty else arg
            if unset_or_empty:
                raise ExpansionError("null" if p.op[0] == ":" else "unset", p.name, arg)
            return value
        pattern = _glob_pattern([(t, q) for t, q, _ in self._segments(p.arg or [])])
        return _trim(value or "", op, pattern)

    def _arith(self, source: str) -> str:
        text = "".join(t for t, _, _ in self._segments(heredoc_parts(source)))
        try:
            return str(arith.evaluate(text, self.state, getattr(self.state, "dialect", "bash")))
        except ZeroDivisionError as exc:
            raise ExpansionError("zero", text.strip(), re.split(r"[/%]", text)[-1].strip()) from exc
        except (SyntaxError, ValueError, RecursionError) as exc:
            raise ExpansionError("arith", text.strip()) from exc

    # -------------------------------------------------------- splitting

    @staticmethod
    def _split(segs: list[tuple[str, bool, bool]]) -> list[list[tuple[str, bool]]]:
        fields: list[list[tuple[str, bool]]] = []
        current: list[tuple[str, bool]] = []
        keep = False
        for text, quoted, splittable in segs:
            if not splittable:
                current.append((text, quoted))
                keep = keep or quoted or bool(text)
                continue
            pieces = re.split(r"[ \t\n]+", text)
            for i, piece in enumerate(pieces):
                if i > 0:
                    if keep or current:
                        fields.append(current)
                    current, keep = [], False
                if piece:
                    current.append((piece, False))
                    keep = True
        if keep or any(t for t, _ in current):
            fields.append(current)
        return fields


def _glob_pattern(field: list[tuple[str, bool]]) -> str:
    """A glob pattern where the quoted characters are escaped (so they match literally)."""
    return "".join(re.sub(r"([*?\[\]\\])", r"\\\1", t) if q else t for t, q in field)


def pattern_regex(pattern: str) -> str:
    """Translate a shell pattern (with ``\\`` escapes) to a regular expression."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            j = i + 1
            if j < len(pattern) and pattern[j] in "!^":
                j += 1
            if j < len(pattern) and pattern[j] == "]":
                j += 1
            while j < len(pattern) and pattern[j] != "]":
                end = pattern.find(":]", j + 2) if pattern.startswith("[:", j) else -1
                j = end + 2 if end > 0 else j + 1
            if j >= len(pattern):
                out.append(r"\[")
            else:
                body = pattern[i + 1:j]
                neg = body[:1] in ("!", "^")
                body = body[1:] if neg else body
                body = body.replace("\\", "\\\\").replace("^", r"\^")
                body = re.sub(r"\[:(\w+):\]", lambda m: CHAR_CLASSES.get(m.group(1), ""), body).replace("[", r"\[")
                out.append("[" + ("^" if neg else "") + body + "]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def fnmatch(name: str, pattern: str) -> bool:
    try:
        return re.fullmatch(pattern_regex(pattern), name, re.S) is not None
    except re.error:
        return name == pattern


def _unescape(pattern: str) -> str:
    return re.sub(r"\\(.)", r"\1", pattern)


def glob(fs: FileSystem, cwd: str, pattern: str) -> list[str]:
    """Paths matching ``pattern``, sorted as ``LC_ALL=C`` sorts; hidden names only for a leading ``.``."""
    absolute = pattern.startswith("/")
    results = ["/" if absolute else ""]
    for comp in [c for c in pattern.split("/") if c]:
        nxt: list[str] = []
        has_magic = re.search(r"(?<!\\)[*?\[]", comp) is not None
        for base in results:
            where = paths.join(cwd, base or ".")
            if not has_magic:
                candidate = base + ("" if base.endswith("/") or not base else "/") + _unescape(comp)
                if fs.lexists(paths.join(cwd, candidate)):
                    nxt.append(candidate)
                continue
            try:
                names = fs.listdir(where)
            except OSError:
                continue
            for name in names:
                if name.startswith(".") and not comp.startswith("."):
                    continue
                if fnmatch(name, comp):
                    nxt.append(base + ("" if base.endswith("/") or not base else "/") + name)
        results = nxt
        if not results:
            return []
    if pattern.endswith("/"):
        results = [r + "/" for r in results if fs.isdir(paths.join(cwd, r))]
    return sorted(results)


def _trim(value: str, op: str, pattern: str) -> str:
    """``${v%pat}``, ``${v%%pat}``, ``${v#pat}``, ``${v##pat}``."""
    rx = re.compile(pattern_regex(pattern), re.S)
    idxs = range(len(value) + 1)
    if op in ("#", "##"):
        order = idxs if op == "#" else reversed(idxs)
        for i in order:
            if rx.fullmatch(value[:i]):
                return value[i:]
    else:
        order = reversed(idxs) if op == "%" else idxs
        for i in order:
            if rx.fullmatch(value[i:]):
                return value[:i]
    return value
