"""Tokens of the POSIX shell language, read lazily so that a script runs line by line as sh runs it.

A word is kept as a list of parts (literal text, parameters, command
substitutions) that remember whether they were quoted: field splitting and
globbing depend on it, and they happen only when the command runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

META = set(" \t\n;&|()<>")
SPECIAL_PARAMS = set("?$#!@*-0123456789")
NAME_START = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
NAME_CHARS = NAME_START | set("0123456789")
PARAM_OPS = (":-", ":=", ":+", ":?", "-", "=", "+", "?", "%%", "%", "##", "#")
OPERATORS = ("&&", "||", ";;", "&", "|", ";", "(", ")")
REDIRS = ("<<-", "<<<", "<<", ">>", ">&", "<&", ">|", "<>", "<", ">")


class ShellSyntaxError(Exception):
    """A parse error. ``kind`` selects the wording each shell uses for it.

    ``expecting`` is what the grammar needed instead (``"done"``), which dash and
    ash add to the message; ``word`` marks an ordinary word, which they call
    ``word`` rather than quote.
    """

    def __init__(self, kind: str, token: str = "", line: int = 1, at_eof: bool = False) -> None:
        super().__init__(kind, token)
        self.kind, self.token, self.line, self.at_eof = kind, token, line, at_eof
        self.expecting = ""
        self.word = False


@dataclass
class Lit:
    text: str
    quoted: bool = False


@dataclass
class Param:
    name: str
    op: str = ""
    arg: list | None = None
    quoted: bool = False
    raw: str = ""
    """The source text, for the ``bad substitution`` message (``op`` is ``bad`` then)."""


@dataclass
class CmdSub:
    source: str
    quoted: bool = False


@dataclass
class Arith:
    source: str
    quoted: bool = False


@dataclass
class Tilde:
    user: str


@dataclass
class Word:
    parts: list
    raw: str

    def literal(self) -> str | None:
        """The text if the word is plain unquoted characters (how reserved words are recognised)."""
        if all(isinstance(p, Lit) and not p.quoted for p in self.parts):
            return "".join(p.text for p in self.parts)
        return None


@dataclass
class HereDoc:
    delimiter: str
    strip_tabs: bool
    quoted: bool
    line: int
    body: str = ""
    unterminated: bool = False


NO_WORD = Word([], "")
"""The word of a token that is not a word."""


@dataclass
class Token:
    kind: str
    """``WORD``, ``OP``, ``REDIR``, ``NEWLINE`` or ``EOF``."""
    value: str = ""
    word: Word = field(default_factory=lambda: NO_WORD)
    """A ``WORD`` token's word."""
    fd: int = -1
    """The descriptor a ``REDIR`` token names."""
    line: int = 1


class Lexer:
    def __init__(self, src: str, dialect: str = "bash") -> None:
        self.src = src
        self.pos = 0
        self.line = 1
        self.dialect = dialect
        self.heredocs: list[HereDoc] = []

    # ------------------------------------------------------------ tokens

    def _peek(self, n: int = 0) -> str:
        i = self.pos + n
        return self.src[i] if i < len(self.src) else ""

    def next(self) -> Token:
        src = self.src
        while True:
            c = self._peek()
            if c in (" ", "\t"):
                self.pos += 1
            elif c == "\\" and self._peek(1) == "\n":
                self.pos += 2
                self.line += 1
            elif c == "#":
                while self.pos < len(src) and src[self.pos] != "\n":
                    self.pos += 1
            else:
                break
        line = self.line
        if self.pos >= len(src):
            self._read_heredocs()
            return Token("EOF", line=line)
        c = src[self.pos]
        if c == "\n":
            self.pos += 1
            self.line += 1
            self._read_heredocs()
            return Token("NEWLINE", "newline", line=line)
        if c.isdigit():
            end = self.pos
            while end < len(src) and src[end].isdigit():
                end += 1
            if end < len(src) and src[end] in "<>":
                fd = int(src[self.pos:end])
                self.pos = end
                op = self._match(REDIRS)
                return Token("REDIR", op, fd=fd, line=line)
        if self.dialect == "bash" and src.startswith("&>", self.pos):
            op = "&>>" if src.startswith("&>>", self.pos) else "&>"
            self.pos += len(op)
            return Token("REDIR", op, fd=1, line=line)
        op = self._match(REDIRS)
        if op:
            return Token("REDIR", op, fd=0 if op[0] == "<" else 1, line=line)
        op = self._match(OPERATORS)
        if op:
            return Token("OP", op, line=line)
        return Token("WORD", word=self._word(), line=line)

    def _match(self, options: tuple[str, ...]) -> str:
        for op in options:
            if self.src.startswith(op, self.pos):
                self.pos += len(op)
                return op
        return ""

    def _read_heredocs(self) -> None:
        while self.heredocs:
            doc = self.heredocs.pop(0)
            lines: list[str] = []
            while True:
                if self.pos >= len(self.src):
                    doc.unterminated = True
                    break
                end = self.src.find("\n", self.pos)
                end = len(self.src) if end < 0 else end
                text = self.src[self.pos:end]
                self.pos = min(end + 1, len(self.src))
                self.line += 1
                if doc.strip_tabs:
                    text = text.lstrip("\t")
                if text == doc.delimiter:
                    break
                ended = end < len(self.src) or self.dialect == "bash"  # dash keeps a last line as it is
                lines.append(text + ("\n" if ended else ""))
            doc.body = "".join(lines)

    # ------------------------------------------------------------- words

    def _word(self) -> Word:
        start = self.pos
        parts: list = []
        src = self.src
        if src[self.pos] == "~":
            end = self.pos + 1
            while end < len(src) and (src[end] in NAME_CHARS or src[end] in ".-"):
                end += 1
            if end >= len(src) or src[end] == "/" or src[end] in META:
                parts.append(Tilde(src[self.pos + 1:end]))
                self.pos = end
        while self.pos < len(src) and src[self.pos] not in META:
            c = src[self.pos]
            if c == "\\":
                nxt = self._peek(1)
                self.pos += 2
                if nxt == "\n":
                    self.line += 1
                elif nxt:
                    parts.append(Lit(nxt, True))
                else:
                    parts.append(Lit("\\", True))
                    self.pos -= 1
            elif c == "'":
                end = src.find("'", self.pos + 1)
                if end < 0:
                    raise ShellSyntaxError("quote", "'", self.line)
                text = src[self.pos + 1:end]
                self.line += text.count("\n")
                parts.append(Lit(text, True))
                self.pos = end + 1
            elif c == '"':
                self.pos += 1
                parts.extend(self._dquote('"') or [Lit("", True)])
            elif c == "$" and self._peek(1) == "'" and self.dialect == "bash":
                parts.append(Lit(self._ansi_c(), True))
            elif c == "$":
                parts.append(self._dollar(False))
            elif c == "`":
                parts.append(CmdSub(self._checked(self._backquote()), False))
            else:
                end = self.pos
                while end < len(src) and src[end] not in META and src[end] not in "\\'\"$`":
                    end += 1
                parts.append(Lit(src[self.pos:end]))
                self.pos = end
        return Word(parts, src[start:self.pos])

    def _ansi_c(self) -> str:
        """bash's ``$'...'``: backslash escapes as in C."""
        from storagekit.commands.shell.coreutils.printing import StopOutput, escapes

        end = self.pos + 2
        while end < len(self.src) and self.src[end] != "'":
            end += 2 if self.src[end] == "\\" else 1
        if end >= len(self.src):
            raise ShellSyntaxError("quote", "'", self.line)
        body = self.src[self.pos + 2:end].replace("\\'", "'").replace('\\"', '"')
        self.pos = end + 1
        try:
            return escapes(body, octal_zero=False)
        except StopOutput as stop:
            return str(stop)

    def _dquote(self, stop: str | None, heredoc: bool = False) -> list:
        """Parts of a double-quoted string (or of an unquoted here-document body when ``stop`` is None)."""
        parts: list = []
        src = self.src
        escapable = "$`\\\n" if heredoc else '$`"\\\n'
        buf: list[str] = []

        def flush() -> None:
            if buf:
                parts.append(Lit("".join(buf), True))
                buf.clear()

        while True:
            if self.pos >= len(src):
                if stop is None:
                    break
                raise ShellSyntaxError("quote", stop, self.line)
            c = src[self.pos]
            if c == stop:
                self.pos += 1
                break
            if c == "\\" and self._peek(1) in escapable and self._peek(1):
                nxt = src[self.pos + 1]
                self.pos += 2
                if nxt == "\n":
                    self.line += 1
                else:
                    buf.append(nxt)
            elif c == "$":
                flush()
                parts.append(self._dollar(True))
            elif c == "`":
                flush()
                parts.append(CmdSub(self._checked(self._backquote()), True))
            else:
                if c == "\n":
                    self.line += 1
                buf.append(c)
                self.pos += 1
        flush()
        return parts

    def _checked(self, source: str) -> str:
        """Parse a command substitution now, as the shells do, so an error in it rejects the whole line."""
        from storagekit.commands.shell.parser import Parser

        parser = Parser(source, self.dialect)
        try:
            while parser.parse_next() is not None:
                pass
        except ShellSyntaxError as exc:
            exc.line += self.line - 1
            raise
        return source

    def _backquote(self) -> str:
        self.pos += 1
        out: list[str] = []
        while True:
            if self.pos >= len(self.src):
                raise ShellSyntaxError("backquote", "`", self.line)
            c = self.src[self.pos]
            if c == "`":
                self.pos += 1
                return "".join(out)
            if c == "\\" and self._peek(1) in "$`\\":
                out.append(self._peek(1))
                self.pos += 2
                continue
            out.append(c)
            self.pos += 1

    def _dollar(self, quoted: bool) -> object:
        src = self.src
        self.pos += 1
        c = self._peek()
        if c == "(":
            if self._peek(1) == "(":
                start, line = self.pos, self.line
                try:
                    inner = self._balanced(self.pos + 2)
                except ShellSyntaxError:
                    inner = None
                if inner is not None and self._peek() == ")":
                    self.pos += 1
                    return Arith(inner, quoted)
                self.pos, self.line = start, line
            return CmdSub(self._checked(self._balanced(self.pos + 1)), quoted)
        if c == "{":
            return self._brace(quoted)
        if c in SPECIAL_PARAMS:
            self.pos += 1
            return Param(c, quoted=quoted, raw="$" + c)
        if c in NAME_START:
            end = self.pos
            while end < len(src) and src[end] in NAME_CHARS:
                end += 1
            name = src[self.pos:end]
            self.pos = end
            return Param(name, quoted=quoted, raw="$" + name)
        return Lit("$", quoted)

    def _balanced(self, start: int) -> str:
        """Source text up to the ``)`` matching a ``$(`` (quotes and nesting respected)."""
        src = self.src
        depth = 1
        i = start
        while i < len(src):
            c = src[i]
            if c == "\\":
                i += 2
                continue
            if c == "'":
                j = src.find("'", i + 1)
                if j < 0:
                    break
                i = j + 1
                continue
            if c == '"':
                i += 1
                while i < len(src) and src[i] != '"':
                    i += 2 if src[i] == "\\" else 1
                i += 1
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    self.line += src.count("\n", start, i)
                    self.pos = i + 1
                    return src[start:i]
            i += 1
        raise ShellSyntaxError("paren", ")", self.line + src.count("\n", start))

    def _brace(self, quoted: bool) -> Param:
        src = self.src
        open_at = self.pos - 1
        self.pos += 1
        length = False
        if self._peek() == "#" and self._peek(1) not in ("}", ""):
            length = True
            self.pos += 1
        c = self._peek()
        if c in NAME_START:
            end = self.pos
            while end < len(src) and src[end] in NAME_CHARS:
                end += 1
            name = src[self.pos:end]
        elif c and c in SPECIAL_PARAMS:
            name, end = c, self.pos + 1
        else:
            name, end = "", self.pos
        self.pos = end
        if name and self._peek() == "}":
            self.pos += 1
            return Param(name, "len" if length else "", quoted=quoted, raw=src[open_at:self.pos])
        if name and not length:
            for op in PARAM_OPS:
                if src.startswith(op, self.pos):
                    self.pos += len(op)
                    arg = self._brace_arg(quoted)
                    return Param(name, op, arg, quoted, src[open_at:self.pos])
        depth = 1
        while self.pos < len(src):
            ch = src[self.pos]
            self.pos += 1
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    return Param(name, "bad", quoted=quoted, raw=src[open_at:self.pos])
        raise ShellSyntaxError("brace", "}", self.line)

    def _brace_arg(self, quoted: bool) -> list:
        parts: list = []
        src = self.src
        while True:
            if self.pos >= len(src):
                raise ShellSyntaxError("brace", "}", self.line)
            c = src[self.pos]
            if c == "}":
                self.pos += 1
                return parts
            if c == "\\" and self._peek(1):
                parts.append(Lit(src[self.pos + 1], True))
                self.pos += 2
            elif c == "'" and not quoted:
                end = src.find("'", self.pos + 1)
                if end < 0:
                    raise ShellSyntaxError("quote", "'", self.line)
                parts.append(Lit(src[self.pos + 1:end], True))
                self.pos = end + 1
            elif c == '"':
                self.pos += 1
                parts.extend(self._dquote('"'))
            elif c == "$":
                parts.append(self._dollar(quoted))
            elif c == "`":
                parts.append(CmdSub(self._checked(self._backquote()), quoted))
            else:
                parts.append(Lit(c, quoted))
                self.pos += 1


def heredoc_parts(body: str) -> list:
    """The parts of an unquoted here-document body: parameters and substitutions expand, quotes do not."""
    lexer = Lexer(body)
    return lexer._dquote(None, heredoc=True)
