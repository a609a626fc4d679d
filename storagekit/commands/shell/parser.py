"""The sh grammar: lists of and-or lists of pipelines of simple and compound commands.

Compound commands (``if``, ``for``, ``while``/``until``, ``case``, ``{ }``,
``( )``) are parsed whole, across lines, before any of them runs, as sh does;
a syntax error is reported with the token the grammar was expecting, in the
shells' words. Function definitions and bash's ``[[``/``select`` are still
checked for balance and then rejected as :class:`Unsupported`.
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
RESERVED = CLOSERS | set(OPENERS) | {"!"}
COMPOUND = {"if", "for", "while", "until", "case", "{"}
NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")


class Unsupported(Exception):
    """Valid shell syntax the simulator does not run; ``construct`` names it for the message."""

    def __init__(self, construct: str) -> None:
        super().__init__(construct)
        self.construct = construct


@dataclass
class Redir:
    fd: int
    op: str
    target: Word
    """The word after the operator (a here-document's delimiter)."""
    heredoc: HereDoc | None = None


@dataclass
class Command:
    assigns: list[tuple[str, Word]] = field(default_factory=list)
    words: list[Word] = field(default_factory=list)
    redirs: list[Redir] = field(default_factory=list)
    line: int = 1


@dataclass
class Compound:
    """What every compound command has: redirections after its closing word, and where it starts."""

    redirs: list[Redir] = field(default_factory=list, init=False)
    line: int = field(default=1, init=False)


@dataclass
class If(Compound):
    clauses: list[tuple[list, list]]
    """``(condition, body)`` pairs: the ``if`` and each ``elif``."""
    otherwise: list | None = None


@dataclass
class For(Compound):
    name: str
    words: list[Word] | None
    """None without ``in``: the positional parameters."""
    body: list


@dataclass
class Loop(Compound):
    until: bool
    condition: list
    body: list


@dataclass
class Case(Compound):
    word: Word
    items: list[tuple[list[Word], list]]


@dataclass
class Group(Compound):
    body: list
    subshell: bool = False


@dataclass
class Pipeline:
    commands: list[Command | Compound]
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

    def _unexpected(self, tok: Token, expecting: str = "") -> ShellSyntaxError:
        """The error for ``tok``; ``expecting`` names what the grammar needed there (dash and ash say it)."""
        if tok.kind == "EOF":
            exc = ShellSyntaxError("eof", line=tok.line)
        elif tok.kind == "WORD":
            exc = ShellSyntaxError("token", tok.word.raw, tok.line)
            exc.word = tok.word.literal() not in RESERVED
        elif tok.kind == "NEWLINE":
            exc = ShellSyntaxError("token", "newline", tok.line)
        else:
            exc = ShellSyntaxError("token", tok.value, tok.line)
        exc.expecting = expecting
        return exc

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

    def _command(self) -> Command | Compound:
        tok = self.tok
        if tok.kind == "WORD":
            lit = tok.word.literal()
            if lit in CLOSERS:
                raise self._unexpected(tok)
            if lit in COMPOUND:
                return self._redirected(getattr(self, "_" + {"{": "group"}.get(lit, lit))(), tok.line)
            if lit in OPENERS or (lit in BASH_ONLY and self.dialect == "bash"):
                self._skip_compound()
        elif tok.kind == "OP" and tok.value == "(":
            return self._redirected(self._subshell(), tok.line)
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

    # ------------------------------------------------------- compounds

    def _redirected(self, node: Compound, line: int) -> Compound:
        node.line = line
        while self.tok.kind == "REDIR":
            node.redirs.append(self._redir(self._advance()))
        return node

    def _keyword(self, word: str) -> bool:
        return self.tok.kind == "WORD" and self.tok.word.literal() == word

    def _expect(self, word: str) -> None:
        """Consume the reserved word (or ``)``) the grammar requires here."""
        if self._keyword(word) or (word in (")", ";;") and self.tok.kind == "OP" and self.tok.value == word):
            self._advance()
            return
        raise self._unexpected(self.tok, f'"{word}"')

    def _at_end_of_list(self) -> bool:
        tok = self.tok
        if tok.kind == "OP":
            return tok.value in (")", ";;")
        return tok.kind == "WORD" and tok.word.literal() in CLOSERS - {"in"}

    def _compound_list(self, empty: bool = False) -> list[AndOr]:
        """Commands up to a closing word; an empty list is an error (on its first token) except in ``case``."""
        items: list[AndOr] = []
        while True:
            self._linebreak()
            if self.tok.kind == "EOF" or ((items or empty) and self._at_end_of_list()):
                return items
            item = self._and_or()
            items.append(item)
            if self.tok.kind == "OP" and self.tok.value in (";", "&"):
                item.background = self._advance().value == "&"
            elif self.tok.kind != "NEWLINE":
                return items

    def _if(self) -> If:
        self._advance()
        clauses = []
        while True:
            condition = self._compound_list()
            self._expect("then")
            clauses.append((condition, self._compound_list()))
            if not self._keyword("elif"):
                break
            self._advance()
        node = If(clauses)
        if self._keyword("else"):
            self._advance()
            node.otherwise = self._compound_list()
        self._expect("fi")
        return node

    def _while(self, until: bool = False) -> Loop:
        self._advance()
        condition = self._compound_list()
        self._expect("do")
        body = self._compound_list()
        self._expect("done")
        return Loop(until, condition, body)

    def _until(self) -> Loop:
        return self._while(until=True)

    def _for(self) -> For:
        self._advance()
        tok = self.tok
        name = tok.word.literal() if tok.kind == "WORD" else None
        if not (name and NAME.match(name)):
            if self.dialect != "bash":
                raise ShellSyntaxError("forvar", line=tok.line)
            if tok.kind != "WORD":
                raise self._unexpected(tok)
            name = tok.word.raw  # bash complains when the loop runs
        self._advance()
        self._linebreak()
        words = None
        if self._keyword("in"):
            self._advance()
            words = []
            while self.tok.kind == "WORD":
                words.append(self._advance().word)
            if not (self.tok.kind == "NEWLINE" or (self.tok.kind == "OP" and self.tok.value == ";")):
                raise self._unexpected(self.tok)
            self._advance()
        elif self.tok.kind == "OP" and self.tok.value == ";":
            self._advance()
        self._linebreak()
        self._expect("do")
        body = self._compound_list()
        self._expect("done")
        return For(name, words, body)

    def _case(self) -> Case:
        self._advance()
        if self.tok.kind != "WORD":
            raise self._unexpected(self.tok, "word")
        word = self._advance().word
        self._linebreak()
        self._expect("in")
        items: list[tuple[list[Word], list]] = []
        while True:
            self._linebreak()
            if self._keyword("esac"):
                self._advance()
                return Case(word, items)
            if self.tok.kind == "OP" and self.tok.value == "(":
                self._advance()
            patterns = []
            while True:
                if self.tok.kind != "WORD":
                    raise self._unexpected(self.tok, '")"')
                patterns.append(self._advance().word)
                if not (self.tok.kind == "OP" and self.tok.value == "|"):
                    break
                self._advance()
            self._expect(")")
            items.append((patterns, self._compound_list(empty=True)))
            if self._keyword("esac"):
                continue
            self._expect(";;")

    def _group(self) -> Group:
        self._advance()
        body = self._compound_list()
        self._expect("}")
        return Group(body)

    def _subshell(self) -> Group:
        self._advance()
        body = self._compound_list()
        self._expect(")")
        return Group(body, subshell=True)

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
