"""The subset of the sh grammar the simulator runs: lists of and-or lists of pipelines of simple commands.

Compound commands (``if``, loops, ``case``, functions, subshells, groups) are
recognised well enough to report a real syntax error when the input has one,
and otherwise rejected as :class:`Unsupported` before anything runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from storagekit.commands.shell.lexer import HereDoc, Lexer, Lit, ShellSyntaxError, Token, Word

ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
CLOSERS = {"then", "else", "elif", "fi", "do", "done", "esac", "}", "in"}
OPENERS = {"if": "fi", "while": "done", "until": "done", "for": "done", "select": "done", "case": "esac", "{": "}"}
BASH_ONLY = {"[[", "function", "select"}
AFTER_KEYWORD = {"then", "else", "elif", "do", "if", "while", "until", "{", "!", "in"}


class Unsupported(Exception):
    """Valid shell syntax the simulator does not run; ``construct`` names it for the message."""

    def __init__(self, construct: str) -> None:
        super().__init__(construct)
        self.construct = construct


@dataclass
class Redir:
    fd: int
    op: str
    target: Word | None = None
    heredoc: HereDoc | None = None


@dataclass
class Command:
    assigns: list[tuple[str, Word]] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    redirs: list[Redir] = field(default_factory=list)
    line: int = 1


@dataclass
class Pipeline:
    commands: list[Command]
    negate: bool = False


@dataclass
class AndOr:
    first: Pipeline
    rest: list[tuple[str, Pipeline]] = field(default_factory=list)
    background: bool = False


class Parser:
    def __init__(self, src: str, dialect: str = "bash") -> None:
        self.lexer = Lexer(src, dialect)
        self.dialect = dialect
        self.tok = Token("NEWLINE")
        """A newline to start from: reading the first real token may already raise a syntax error."""

    def _advance(self) -> Token:
        tok = self.tok
        self.tok = self.lexer.next()
        return tok

    def _unexpected(self, tok: Token) -> ShellSyntaxError:
        if tok.kind == "EOF":
            return ShellSyntaxError("eof", line=tok.line)
        if tok.kind == "WORD":
            return ShellSyntaxError("token", tok.word.raw, tok.line)
        return ShellSyntaxError("token", tok.value, tok.line)

    def parse_next(self) -> list[AndOr] | None:
        """The next line's commands (``None`` at the end of the input)."""
        while self.tok.kind == "NEWLINE":
            self._advance()
        if self.tok.kind == "EOF":
            return None
        items: list[AndOr] = []
        while True:
            item = self._and_or()
            items.append(item)
            if self.tok.kind == "OP" and self.tok.value in (";", "&"):
                item.background = self._advance().value == "&"
                if self.tok.kind in ("NEWLINE", "EOF"):
                    break
                continue
            if self.tok.kind in ("NEWLINE", "EOF"):
                break
            raise self._unexpected(self.tok)
        if self.tok.kind == "NEWLINE":
            self._advance()
        return items

    def _linebreak(self) -> None:
        while self.tok.kind == "NEWLINE":
            self._advance()

    def _and_or(self) -> AndOr:
        node = AndOr(self._pipeline())
        while self.tok.kind == "OP" and self.tok.value in ("&&", "||"):
            op = self._advance().value
            self._linebreak()
            node.rest.append((op, self._pipeline()))
        return node

    def _pipeline(self) -> Pipeline:
        negate = False
        if self.tok.kind == "WORD" and self.tok.word.literal() == "!":
            self._advance()
            negate = True
        commands = [self._command()]
        while self.tok.kind == "OP" and self.tok.value == "|":
            self._advance()
            self._linebreak()
            commands.append(self._command())
        return Pipeline(commands, negate)

    def _command(self) -> Command:
        tok = self.tok
        if tok.kind == "WORD":
            lit = tok.word.literal()
            if lit in CLOSERS:
                raise self._unexpected(tok)
            if lit in OPENERS or (lit in BASH_ONLY and self.dialect == "bash"):
                self._skip_compound()
        elif tok.kind == "OP" and tok.value == "(":
            self._skip_compound()
        cmd = Command(line=tok.line)
        while True:
            tok = self.tok
            if tok.kind == "WORD":
                self._advance()
                if not cmd.words and ASSIGNMENT.match(tok.word.raw):
                    name, _, _ = tok.word.raw.partition("=")
                    cmd.assigns.append((name, _strip_name(tok.word, len(name) + 1)))
                    continue
                if not cmd.words and not cmd.assigns and self.tok.kind == "OP" and self.tok.value == "(":
                    self._skip_compound(function=True)
                cmd.words.append(tok.word)
            elif tok.kind == "REDIR":
                self._advance()
                cmd.redirs.append(self._redir(tok))
            else:
                break
        if not (cmd.words or cmd.assigns or cmd.redirs):
            raise self._unexpected(self.tok)
        if self.tok.kind == "OP" and self.tok.value == "(":
            raise self._unexpected(self.tok)
        return cmd

    def _redir(self, tok: Token) -> Redir:
        target = self.tok
        if target.kind != "WORD":
            if target.kind in ("NEWLINE", "EOF"):
                line = target.line + (target.kind == "NEWLINE")  # dash counts the newline it has read
                raise ShellSyntaxError("token", "newline", line, at_eof=target.kind == "EOF")
            raise self._unexpected(target)
        redir = Redir(tok.fd, tok.value, target.word)
        if tok.value in ("<<", "<<-"):
            word = target.word
            quoted = word.literal() is None
            delim = "".join(getattr(p, "text", "") for p in word.parts) if quoted else word.raw
            redir.heredoc = HereDoc(delim, tok.value == "<<-", quoted, tok.line)
            self.lexer.heredocs.append(redir.heredoc)
        self._advance()
        return redir

    def _skip_compound(self, function: bool = False) -> None:
        """Read to the end of the input, checking that blocks close, then reject the construct."""
        stack: list[str] = []
        first = self.tok
        construct = "function definitions" if function else (
            first.value if first.kind == "OP" else first.word.literal() or first.word.raw
        )
        at_command = True
        in_case = 0
        if function:
            self._advance()
            if not (self.tok.kind == "OP" and self.tok.value == ")"):
                raise self._unexpected(self.tok)
            self._advance()
            self._linebreak()
        while self.tok.kind != "EOF":
            tok = self._advance()
            if tok.kind == "WORD":
                lit = tok.word.literal()
                if at_command and lit in OPENERS:
                    stack.append(OPENERS[lit])
                    in_case += lit == "case"
                elif at_command and lit in ("fi", "done", "esac", "}"):
                    if not stack or stack[-1] != lit:
                        raise self._unexpected(tok)
                    stack.pop()
                    in_case -= lit == "esac"
                at_command = lit in AFTER_KEYWORD and at_command
            elif tok.kind == "REDIR":
                if self.tok.kind == "WORD":
                    self._redir(tok)
                at_command = False
            elif tok.kind == "OP" and tok.value == "(" and not in_case:
                stack.append(")")
                at_command = True
            elif tok.kind == "OP" and tok.value == ")" and not in_case:
                if not stack or stack[-1] != ")":
                    raise self._unexpected(tok)
                stack.pop()
                at_command = False
            else:
                at_command = True
        if stack:
            raise ShellSyntaxError("eof", line=self.tok.line)
        raise Unsupported(construct)


def _strip_name(word: Word, n: int) -> Word:
    """The value part of an assignment word ``NAME=value`` (the name is plain text, so in the first part)."""
    rest = word.parts[0].text[n:]
    return Word(([Lit(rest)] if rest else []) + word.parts[1:], word.raw[n:])
