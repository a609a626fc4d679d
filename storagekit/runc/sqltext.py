"""SQL text as the MySQL server reads it: statements split at ``;``, tokens, and its syntax error."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r"""\s+|--[^\n]*|\#[^\n]*|/\*.*?\*/
    |(?P<str>'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*")
    |(?P<num>\d+(?:\.\d+)?)
    |(?P<quoted>`[^`]*`)
    |(?P<word>[A-Za-z_$][A-Za-z0-9_$]*)
    |(?P<op><=|>=|<>|!=|[=<>(),.*;+-])""", re.X | re.S)


class SqlError(Exception):
    """A statement the server refuses: MySQL's error number, SQLSTATE and message."""

    def __init__(self, code: int, state: str, message: str) -> None:
        super().__init__(message)
        self.code, self.state, self.message = code, state, message


@dataclass
class Token:
    kind: str
    text: str
    value: object
    start: int



def split_statements(script: str) -> list[tuple[int, str]]:
    """The statements of a script with the line each starts on, split at ``;`` outside quotes and comments."""
    out, start, i, quote = [], 0, 0, ""
    while i < len(script):
        ch = script[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif script.startswith("--", i) or ch == "#":
            i = script.find("\n", i)
            i = len(script) if i < 0 else i
            continue
        elif ch == ";":
            out.append((start, script[start:i]))
            start = i + 1
        i += 1
    out.append((start, script[start:]))
    result = []
    for pos, text in out:
        body = re.sub(r"^(\s|--[^\n]*|#[^\n]*)*", "", text)
        if body.strip():
            result.append((script.count("\n", 0, pos + len(text) - len(body)) + 1, text.strip()))
    return result


def tokenize(text: str) -> list[Token]:
    tokens, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise syntax_error(text, pos)
        if m.lastgroup == "str":
            body = m.group()[1:-1]
            q = m.group()[0]
            value = re.sub(r"\\(.)", lambda e: {"n": "\n", "t": "\t", "0": "\0"}.get(e.group(1), e.group(1)),
                           body.replace(q + q, q))
            tokens.append(Token("str", m.group(), value, pos))
        elif m.lastgroup == "num":
            tokens.append(Token("num", m.group(), float(m.group()) if "." in m.group() else int(m.group()), pos))
        elif m.lastgroup == "quoted":
            tokens.append(Token("name", m.group(), m.group()[1:-1], pos))
        elif m.lastgroup == "word":
            tokens.append(Token("word", m.group(), m.group(), pos))
        elif m.lastgroup == "op":
            tokens.append(Token("op", m.group(), m.group(), pos))
        pos = m.end()
    return tokens


def syntax_error(text: str, pos: int) -> SqlError:
    near = text[pos:][:80]
    line = text.count("\n", 0, pos) + 1
    return SqlError(1064, "42000", "You have an error in your SQL syntax; check the manual that corresponds to your "
                                   f"MySQL server version for the right syntax to use near '{near}' at line {line}")
