"""Lexer for Go's ``text/template`` language (``text/template/parse/lex.go``).

Token kinds, positions, trim markers (``{{- -}}``) and error texts follow Go's
lexer, because the parser reports lexer errors verbatim (``unclosed action``,
``bad character U+0023 '#'``) and the CLIs print them unchanged.
"""
from __future__ import annotations

import re
import unicodedata

from storagekit.sim.goquote import go_quote

# Token kinds. Keywords sort after KEYWORD, as in Go, so Item.__str__ can tell them apart.
(ERROR, BOOL, CHAR, CHAR_CONSTANT, COMPLEX, ASSIGN, DECLARE, EOF, FIELD, IDENTIFIER,
 LEFT_DELIM, LEFT_PAREN, NUMBER, PIPE, RAW_STRING, RIGHT_DELIM, RIGHT_PAREN, SPACE,
 STRING, TEXT, VARIABLE, KEYWORD, BLOCK, BREAK, CONTINUE, DOT, DEFINE, ELSE, END, IF,
 NIL, RANGE, TEMPLATE, WITH) = range(34)

KEYWORDS = {".": DOT, "block": BLOCK, "break": BREAK, "continue": CONTINUE, "define": DEFINE,
            "else": ELSE, "end": END, "if": IF, "range": RANGE, "nil": NIL,
            "template": TEMPLATE, "with": WITH}
_SPACE = " \t\r\n"


class Item:
    """A token: its kind, character offset, text and line, as Go's lexer item."""

    __slots__ = ("line", "pos", "typ", "val")

    def __init__(self, typ: int, pos: int, val: str, line: int):
        self.typ, self.pos, self.val, self.line = typ, pos, val, line

    def __str__(self) -> str:
        if self.typ == EOF:
            return "EOF"
        if self.typ == ERROR:
            return self.val
        if self.typ > KEYWORD:
            return f"<{self.val}>"
        if len(self.val) > 10:
            return go_quote(self.val, 10) + "..."
        return go_quote(self.val)


def _alnum(ch: str) -> bool:
    return ch == "_" or ch.isalpha() or unicodedata.category(ch) == "Nd" if ch else False


class Lexer:
    """Go's state-function lexer, run one item at a time on demand."""

    def __init__(self, text: str):
        self.input, self.pos, self.start = text, 0, 0
        self.line = self.start_line = 1
        self.inside = False
        self.paren_depth = 0
        self.item: Item | None = None

    # -- primitives
    def next(self) -> str:
        if self.pos >= len(self.input):
            self.pos += 1  # past end; backup() undoes it
            return ""
        ch = self.input[self.pos]
        self.pos += 1
        if ch == "\n":
            self.line += 1
        return ch

    def backup(self) -> None:
        self.pos -= 1
        if self.pos < len(self.input) and self.input[self.pos] == "\n":
            self.line -= 1

    def peek(self) -> str:
        ch = self.next()
        self.backup()
        return ch

    def this_item(self, typ: int) -> Item:
        it = Item(typ, self.start, self.input[self.start:self.pos], self.start_line)
        self.start, self.start_line = self.pos, self.line
        return it

    def emit(self, typ: int):
        self.item = self.this_item(typ)
        return None

    def ignore(self) -> None:
        self.line += self.input.count("\n", self.start, self.pos)
        self.start, self.start_line = self.pos, self.line

    def accept(self, valid: str) -> bool:
        ch = self.next()
        if ch and ch in valid:
            return True
        self.backup()
        return False

    def accept_run(self, valid: str) -> None:
        while True:
            ch = self.next()
            if not ch or ch not in valid:
                break
        self.backup()

    def errorf(self, msg: str):
        self.item = Item(ERROR, self.start, msg, self.start_line)
        self.input, self.start, self.pos = "", 0, 0
        return None

    def next_item(self) -> Item:
        self.item = Item(EOF, self.pos, "EOF", self.start_line)
        state = self.lex_inside if self.inside else self.lex_text
        while state is not None:
            state = state()
        return self.item

    # -- states
    def at_right_delim(self) -> tuple[bool, bool]:
        rest = self.input[self.pos:]
        if len(rest) >= 2 and rest[0] in _SPACE and rest[1] == "-" and rest[2:].startswith("}}"):
            return True, True
        return rest.startswith("}}"), False

    def lex_text(self):
        x = self.input.find("{{", self.pos)
        if x >= 0:
            if x > self.pos:
                self.pos = x
                after = self.input[x + 2:x + 4]
                trim = 0
                if len(after) == 2 and after[0] == "-" and after[1] in _SPACE:
                    body = self.input[self.start:self.pos]
                    trim = len(body) - len(body.rstrip(_SPACE))
                self.pos -= trim
                self.line += self.input.count("\n", self.start, self.pos)
                it = self.this_item(TEXT)
                self.pos += trim
                self.ignore()
                if it.val:
                    self.item = it
                    return None
            return self.lex_left_delim
        self.pos = len(self.input)
        if self.pos > self.start:
            self.line += self.input.count("\n", self.start, self.pos)
            return self.emit(TEXT)
        return self.emit(EOF)

    def lex_left_delim(self):
        self.pos += 2
        after = self.input[self.pos:self.pos + 2]
        marker = 2 if len(after) == 2 and after[0] == "-" and after[1] in _SPACE else 0
        if self.input.startswith("/*", self.pos + marker):
            self.pos += marker
            self.ignore()
            return self.lex_comment
        it = self.this_item(LEFT_DELIM)
        self.inside = True
        self.pos += marker
        self.ignore()
        self.paren_depth = 0
        self.item = it
        return None

    def lex_comment(self):
        self.pos += 2
        x = self.input.find("*/", self.pos)
        if x < 0:
            return self.errorf("unclosed comment")
        self.pos = x + 2
        delim, trim = self.at_right_delim()
        if not delim:
            return self.errorf("comment ends before closing delimiter")
        self.pos += (2 if trim else 0) + 2
        if trim:
            rest = self.input[self.pos:]
            self.pos += len(rest) - len(rest.lstrip(_SPACE))
        self.ignore()
        return self.lex_text

    def lex_right_delim(self):
        _, trim = self.at_right_delim()
        if trim:
            self.pos += 2
            self.ignore()
        self.pos += 2
        it = self.this_item(RIGHT_DELIM)
        if trim:
            rest = self.input[self.pos:]
            self.pos += len(rest) - len(rest.lstrip(_SPACE))
            self.ignore()
        self.inside = False
        self.item = it
        return None

    def lex_inside(self):
        delim, _ = self.at_right_delim()
        if delim:
            if self.paren_depth == 0:
                return self.lex_right_delim
            return self.errorf("unclosed left paren")
        ch = self.next()
        if ch == "":
            return self.errorf("unclosed action")
        if ch in _SPACE:
            self.backup()
            return self.lex_space
        if ch == "=":
            return self.emit(ASSIGN)
        if ch == ":":
            if self.next() != "=":
                return self.errorf("expected :=")
            return self.emit(DECLARE)
        if ch == "|":
            return self.emit(PIPE)
        if ch == '"':
            return self.lex_quote
        if ch == "`":
            return self.lex_raw_quote
        if ch == "$":
            return self.lex_variable
        if ch == "'":
            return self.lex_char
        if ch == "." and self.pos < len(self.input) and not "0" <= self.input[self.pos] <= "9":
            return self.lex_field_or_variable(FIELD)
        if ch in "+-." or "0" <= ch <= "9":
            self.backup()
            return self.lex_number
        if _alnum(ch):
            self.backup()
            return self.lex_identifier
        if ch == "(":
            self.paren_depth += 1
            return self.emit(LEFT_PAREN)
        if ch == ")":
            self.paren_depth -= 1
            if self.paren_depth < 0:
                return self.errorf("unexpected right paren")
            return self.emit(RIGHT_PAREN)
        if ord(ch) <= 0x7F and ch.isprintable():
            return self.emit(CHAR)
        return self.errorf(f"unrecognized character in action: {_rune(ch)}")

    def lex_space(self):
        count = 0
        while self.peek() and self.peek() in _SPACE:
            self.next()
            count += 1
        if self.input[self.pos:self.pos + 1] == "-" and self.input.startswith("}}", self.pos + 1):
            self.backup()
            if count == 1:
                return self.lex_right_delim
        return self.emit(SPACE)

    def at_terminator(self) -> bool:
        ch = self.peek()
        return ch == "" or ch in _SPACE or ch in ".,|:)(" or self.input.startswith("}}", self.pos)

    def lex_identifier(self):
        while _alnum(self.next()):
            pass
        self.backup()
        word = self.input[self.start:self.pos]
        if not self.at_terminator():
            return self.errorf(f"bad character {_rune(self.peek())}")
        if word in KEYWORDS and KEYWORDS[word] > KEYWORD:
            return self.emit(KEYWORDS[word])
        if word in ("true", "false"):
            return self.emit(BOOL)
        return self.emit(IDENTIFIER)

    def lex_variable(self):
        if self.at_terminator():
            return self.emit(VARIABLE)
        return self.lex_field_or_variable(VARIABLE)

    def lex_field_or_variable(self, typ: int):
        if self.at_terminator():
            return self.emit(VARIABLE if typ == VARIABLE else DOT)
        while _alnum(self.next()):
            pass
        self.backup()
        if not self.at_terminator():
            return self.errorf(f"bad character {_rune(self.peek())}")
        return self.emit(typ)

    def lex_char(self):
        return self.lex_escaped("'", CHAR_CONSTANT, "unterminated character constant")

    def lex_number(self):
        if not self.scan_number():
            return self.errorf(f"bad number syntax: {go_quote(self.input[self.start:self.pos])}")
        if self.peek() in ("+", "-") and self.peek():
            if not self.scan_number() or self.input[self.pos - 1] != "i":
                return self.errorf(f"bad number syntax: {go_quote(self.input[self.start:self.pos])}")
            return self.emit(COMPLEX)
        return self.emit(NUMBER)

    def scan_number(self) -> bool:
        self.accept("+-")
        digits = "0123456789_"
        if self.accept("0"):
            if self.accept("xX"):
                digits = "0123456789abcdefABCDEF_"
            elif self.accept("oO"):
                digits = "01234567_"
            elif self.accept("bB"):
                digits = "01_"
        self.accept_run(digits)
        if self.accept("."):
            self.accept_run(digits)
        if len(digits) == 11 and self.accept("eE"):
            self.accept("+-")
            self.accept_run("0123456789_")
        if len(digits) == 23 and self.accept("pP"):
            self.accept("+-")
            self.accept_run("0123456789_")
        self.accept("i")
        if _alnum(self.peek()):
            self.next()
            return False
        return True

    def lex_quote(self):
        return self.lex_escaped('"', STRING, "unterminated quoted string")

    def lex_escaped(self, close: str, typ: int, unterminated: str):
        """A character constant or an interpreted string: up to ``close``, a backslash escaping the next character;
        a newline or the end of the input first is an error."""
        while True:
            ch = self.next()
            if ch == "\\":
                ch = self.next()
                if ch not in ("", "\n"):
                    continue
            if ch in ("", "\n"):
                return self.errorf(unterminated)
            if ch == close:
                return self.emit(typ)

    def lex_raw_quote(self):
        while True:
            ch = self.next()
            if ch == "":
                return self.errorf("unterminated raw quoted string")
            if ch == "`":
                return self.emit(RAW_STRING)


def _rune(ch: str) -> str:
    """Go's ``%#U``: ``U+0023 '#'``."""
    code = ord(ch) if ch else 0xFFFD
    text = f"U+{code:04X}"
    return f"{text} '{ch}'" if ch and ch.isprintable() else text


# --------------------------------------------------------------------------
# Unquoting (strconv.Unquote / UnquoteChar)

_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "\\": "\\"}


def unquote_char(s: str, i: int, quote: str) -> tuple[str, int]:
    """One (possibly escaped) character of a Go literal at s[i]; ValueError if invalid."""
    ch = s[i]
    if ch != "\\":
        if ch == quote or ch == "\n":
            raise ValueError
        return ch, i + 1
    esc = s[i + 1] if i + 1 < len(s) else ""
    if esc in _ESCAPES:
        return _ESCAPES[esc], i + 2
    if esc == quote:
        return esc, i + 2
    sizes = {"x": 2, "u": 4, "U": 8}
    if esc in sizes:
        hexpart = s[i + 2:i + 2 + sizes[esc]]
        if len(hexpart) != sizes[esc] or not re.fullmatch(r"[0-9a-fA-F]+", hexpart):
            raise ValueError
        code = int(hexpart, 16)
        if esc != "x" and (code > 0x10FFFF or 0xD800 <= code <= 0xDFFF):
            raise ValueError
        return chr(code), i + 2 + sizes[esc]
    if esc and esc in "01234567":
        octal = s[i + 1:i + 4]
        if not re.fullmatch(r"[0-7]{3}", octal) or int(octal, 8) > 255:
            raise ValueError
        return chr(int(octal, 8)), i + 4
    raise ValueError


def unquote(text: str) -> str:
    """``strconv.Unquote`` for "double-quoted" and `raw` strings; ValueError if invalid."""
    if len(text) < 2 or text[0] != text[-1]:
        raise ValueError
    body = text[1:-1]
    if text[0] == "`":
        if "`" in body:
            raise ValueError
        return body.replace("\r", "")
    out, i = [], 0
    while i < len(body):
        ch, i = unquote_char(body, i, text[0])
        out.append(ch)
    return "".join(out)
