"""awk's tokens: a ``/`` starts a regular expression where an operand may start, strings and numbers as awk
reads them, and the newlines that end statements."""

from __future__ import annotations

import re
from dataclasses import dataclass

KEYWORDS = {"BEGIN", "END", "function", "func", "if", "else", "while", "for", "do", "break", "continue", "next",
            "exit", "return", "delete", "in", "getline", "print", "printf", "nextfile"}
BUILTINS = {"length", "substr", "index", "split", "sub", "gsub", "match", "sprintf", "tolower", "toupper", "int",
            "sqrt", "exp", "log", "sin", "cos", "atan2", "rand", "srand", "system", "close", "fflush"}
PUNCT = sorted(["{", "}", "(", ")", "[", "]", ";", ",", "+", "-", "*", "/", "%", "^", "!", ">", "<", "|", "?", ":",
                "~", "$", "=", "+=", "-=", "*=", "/=", "%=", "^=", "==", "<=", ">=", "!=", "++", "--", "&&", "||",
                ">>", "!~", "**", "**="], key=len, reverse=True)
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "/": "/", "a": "\a", "b": "\b", "f": "\f",
           "v": "\v"}
NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


class AwkSyntaxError(Exception):
    def __init__(self, line: int, near: str, kind: str = "syntax") -> None:
        super().__init__(near)
        self.line, self.near, self.kind = line, near, kind


@dataclass
class Token:
    kind: str  # num, str, ere, name, funcname, builtin, keyword, punct, newline, eof
    value: str
    line: int


def unescape(text: str) -> str:
    """A string literal's (or ``-v`` value's) escapes: ``\\n``, ``\\t``, octal ``\\033``; others stay as written."""
    out, i = [], 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text):
            n = text[i + 1]
            octal = re.match(r"[0-7]{1,3}", text[i + 1:])
            if octal:
                out.append(chr(int(octal.group(), 8)))
                i += 1 + len(octal.group())
                continue
            out.append(ESCAPES.get(n, "\\" + n))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


def tokenize(src: str) -> list[Token]:
    tokens: list[Token] = []
    i, line = 0, 1

    def operand_ended() -> bool:
        if not tokens:
            return False
        last = tokens[-1]
        return last.kind in ("num", "str", "ere", "name", "builtin") or last.value in (")", "]", "$", "++", "--")

    while i < len(src):
        c = src[i]
        if c == "\\" and src[i + 1:i + 2] == "\n":
            i, line = i + 2, line + 1
            continue
        if c in " \t\r":
            i += 1
            continue
        if c == "#":
            while i < len(src) and src[i] != "\n":
                i += 1
            continue
        if c == "\n":
            tokens.append(Token("newline", "\n", line))
            i, line = i + 1, line + 1
            continue
        if c == '"':
            j, buf = i + 1, []
            while j < len(src) and src[j] != '"':
                if src[j] == "\n":
                    raise AwkSyntaxError(line, "runaway string constant", "string")
                if src[j] == "\\" and j + 1 < len(src):
                    buf.append(src[j:j + 2])
                    j += 2
                    continue
                buf.append(src[j])
                j += 1
            if j >= len(src):
                raise AwkSyntaxError(line, "runaway string constant", "string")
            tokens.append(Token("str", unescape("".join(buf)), line))
            i = j + 1
            continue
        if c == "/" and not operand_ended():
            j, buf = i + 1, []
            while j < len(src) and src[j] != "/":
                if src[j] == "\n":
                    raise AwkSyntaxError(line, "runaway regular expression", "regex")
                if src[j] == "\\" and j + 1 < len(src):
                    buf.append("/" if src[j + 1] == "/" else src[j:j + 2])
                    j += 2
                    continue
                buf.append(src[j])
                j += 1
            if j >= len(src):
                raise AwkSyntaxError(line, "runaway regular expression", "regex")
            tokens.append(Token("ere", "".join(buf), line))
            i = j + 1
            continue
        m = NUMBER.match(src, i)
        if m and (c.isdigit() or c == "."):
            tokens.append(Token("num", m.group(), line))
            i = m.end()
            continue
        m = re.compile(r"[A-Za-z_][A-Za-z_0-9]*").match(src, i)
        if m:
            word = m.group()
            kind = "keyword" if word in KEYWORDS else "builtin" if word in BUILTINS else (
                "funcname" if src[m.end():m.end() + 1] == "(" else "name")
            tokens.append(Token(kind, word, line))
            i = m.end()
            continue
        for p in PUNCT:
            if src.startswith(p, i):
                tokens.append(Token("punct", p, line))
                i += len(p)
                break
        else:
            raise AwkSyntaxError(line, c)
    tokens.append(Token("eof", "", line))
    return tokens
