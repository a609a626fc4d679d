"""Parser for Go's ``text/template`` language (``text/template/parse``).

The grammar, node positions and error texts follow Go's parser so that a bad
``--format`` fails with the message the real CLI prints, for example
``template: :1: unclosed action`` or ``template: :1: function "foo" not
defined``. Nested template definitions (``define``, ``template``, ``block``)
are not needed by the CLIs' formats and are reported as unsupported.
"""
from __future__ import annotations

import math
import re
from typing import NoReturn

from storagekit.sim.goquote import go_quote

from .golex import (
    ASSIGN,
    BLOCK,
    BOOL,
    BREAK,
    CHAR,
    CHAR_CONSTANT,
    COMPLEX,
    CONTINUE,
    DECLARE,
    DEFINE,
    DOT,
    ELSE,
    END,
    EOF,
    ERROR,
    FIELD,
    IDENTIFIER,
    IF,
    KEYWORDS,
    LEFT_DELIM,
    LEFT_PAREN,
    NIL,
    NUMBER,
    PIPE,
    RANGE,
    RAW_STRING,
    RIGHT_DELIM,
    RIGHT_PAREN,
    SPACE,
    STRING,
    TEMPLATE,
    TEXT,
    VARIABLE,
    WITH,
    Item,
    Lexer,
    unquote,
    unquote_char,
)

__all__ = ["ParseError", "parse"]


class ParseError(Exception):
    """A template that does not parse; the message is Go's error text."""


# Go allows 10000 nested parentheses; Python's stack allows far fewer.
MAX_STACK_DEPTH = 100


# --------------------------------------------------------------------------
# Nodes

class Node:
    pos = 0

    def __str__(self) -> str:
        return ""


class Text(Node):
    def __init__(self, pos, text):
        self.pos, self.text = pos, text

    def __str__(self):
        return self.text


class ListNode(Node):
    def __init__(self, pos):
        self.pos, self.nodes = pos, []

    def __str__(self):
        return "".join(map(str, self.nodes))


class Pipe(Node):
    def __init__(self, pos, line):
        self.pos, self.line, self.decl, self.is_assign, self.cmds = pos, line, [], False, []

    def __str__(self):
        head = ""
        if self.decl:
            head = ", ".join(map(str, self.decl)) + (" = " if self.is_assign else " := ")
        return head + " | ".join(map(str, self.cmds))


class Command(Node):
    def __init__(self, pos):
        self.pos, self.args = pos, []

    def __str__(self):
        return " ".join(f"({a})" if isinstance(a, Pipe) else str(a) for a in self.args)


class Action(Node):
    def __init__(self, pos, line, pipe):
        self.pos, self.line, self.pipe = pos, line, pipe

    def __str__(self):
        return "{{" + str(self.pipe) + "}}"


class Field(Node):
    def __init__(self, pos, ident: str):
        self.pos, self.ident = pos, ident[1:].split(".")

    def __str__(self):
        return "".join("." + i for i in self.ident)


class Variable(Node):
    def __init__(self, pos, ident: str):
        self.pos, self.ident = pos, ident.split(".")

    def __str__(self):
        return ".".join(self.ident)


class Chain(Node):
    def __init__(self, pos, node):
        self.pos, self.node, self.fields = pos, node, []

    def __str__(self):
        head = f"({self.node})" if isinstance(self.node, Pipe) else str(self.node)
        return head + "".join("." + f for f in self.fields)


class Identifier(Node):
    def __init__(self, pos, name):
        self.pos, self.name = pos, name

    def __str__(self):
        return self.name


class Dot(Node):
    def __init__(self, pos):
        self.pos = pos

    def __str__(self):
        return "."


class Nil(Dot):
    def __str__(self):
        return "nil"


class Bool(Node):
    def __init__(self, pos, value):
        self.pos, self.value = pos, value

    def __str__(self):
        return "true" if self.value else "false"


class Number(Node):
    """A numeric constant with every Go interpretation that fits (int, float)."""

    def __init__(self, pos, text, is_int, int_value, is_float, float_value, is_complex=False):
        self.pos, self.text = pos, text
        self.is_int, self.int_value = is_int, int_value
        self.is_float, self.float_value = is_float, float_value
        self.is_complex = is_complex

    def __str__(self):
        return self.text


class String(Node):
    def __init__(self, pos, quoted, text):
        self.pos, self.quoted, self.text = pos, quoted, text

    def __str__(self):
        return self.quoted


class Branch(Node):
    """``if``, ``range`` and ``with``: a pipeline, a body and an optional else body."""

    def __init__(self, kind, pos, line, pipe, body, else_body):
        self.kind, self.pos, self.line = kind, pos, line
        self.pipe, self.body, self.else_body = pipe, body, else_body

    def __str__(self):
        text = "{{" + self.kind + " " + str(self.pipe) + "}}" + str(self.body)
        if self.else_body is not None:
            text += "{{else}}" + str(self.else_body)
        return text + "{{end}}"


class Marker(Node):
    """``{{else}}``, ``{{end}}``, ``{{break}}`` and ``{{continue}}``."""

    def __init__(self, kind, pos, line=0):
        self.kind, self.pos, self.line = kind, pos, line

    def __str__(self):
        return "{{" + self.kind + "}}"


_EXECUTABLE_FIRST = (Bool, Dot, Number, String)


# --------------------------------------------------------------------------
# Parser

def _parse_number(pos: int, text: str, typ: int) -> Number:
    if typ == CHAR_CONSTANT:
        try:
            ch, end = unquote_char(text[1:], 0, "'")
        except (ValueError, IndexError):
            raise ValueError("invalid syntax") from None
        if text[1 + end:] != "'":
            raise ValueError(f"malformed character constant: {text}")
        return Number(pos, text, True, ord(ch), True, float(ord(ch)))
    if typ == COMPLEX or text.endswith("i"):
        raise ValueError(f"illegal number syntax: {go_quote(text)}")
    body = text.lstrip("+-")
    neg = text.startswith("-")
    int_value = None
    if re.fullmatch(r"0[0-7_]*", body) or re.fullmatch(r"0[xXoObB][0-9a-fA-F_]+|[1-9][0-9_]*", body):
        try:
            int_value = int(body if not re.fullmatch(r"0[0-7_]+", body) else "0o" + body[1:], 0)
        except ValueError:
            int_value = None
    if int_value is not None:
        int_value = -int_value if neg else int_value
        if not -2**63 <= int_value < 2**64:
            raise ValueError(f"integer overflow: {text}")
        return Number(pos, text, int_value < 2**63, int_value, True, float(int_value))
    try:
        if re.fullmatch(r"[+-]?0[xX][0-9a-fA-F_.]*[pP][+-]?\d+", text):
            value = float.fromhex(text.replace("_", ""))
        elif re.fullmatch(r"[+-]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][+-]?\d+)?", text):
            value = float(text.replace("_", ""))
        else:
            raise ValueError
    except (ValueError, OverflowError):
        raise ValueError(f"illegal number syntax: {go_quote(text)}") from None
    if not re.search(r"[.eEpP]", text):
        raise ValueError(f"integer overflow: {text}")
    is_int = math.isfinite(value) and value == int(value) and -2**63 <= value < 2**63
    return Number(pos, text, is_int, int(value) if is_int else 0, True, value)


class _Parser:
    def __init__(self, text: str, name: str, funcs):
        self.lex = Lexer(text)
        self.name, self.funcs = name, funcs
        self.token: list[Item] = [None, None, None]  # type: ignore[list-item]
        self.peek_count = 0
        self.vars = ["$"]
        self.action_line = 0
        self.range_depth = 0
        self.stack_depth = 0

    # -- token stream
    def next(self) -> Item:
        if self.peek_count > 0:
            self.peek_count -= 1
        else:
            self.token[0] = self.lex.next_item()
        return self.token[self.peek_count]

    def backup(self) -> None:
        self.peek_count += 1

    def backup2(self, t1: Item) -> None:
        self.token[1] = t1
        self.peek_count = 2

    def backup3(self, t2: Item, t1: Item) -> None:
        self.token[1], self.token[2] = t1, t2
        self.peek_count = 3

    def peek(self) -> Item:
        if self.peek_count > 0:
            return self.token[self.peek_count - 1]
        self.peek_count = 1
        self.token[0] = self.lex.next_item()
        return self.token[0]

    def next_non_space(self) -> Item:
        while True:
            tok = self.next()
            if tok.typ != SPACE:
                return tok

    def peek_non_space(self) -> Item:
        tok = self.next_non_space()
        self.backup()
        return tok

    # -- errors
    def errorf(self, msg: str) -> NoReturn:
        raise ParseError(f"template: {self.name}:{self.token[0].line}: {msg}")

    def expect(self, typ: int, context: str) -> Item:
        tok = self.next_non_space()
        if tok.typ != typ:
            self.unexpected(tok, context)
        return tok

    def unexpected(self, tok: Item, context: str) -> NoReturn:
        if tok.typ == ERROR:
            extra = ""
            if self.action_line and self.action_line != tok.line:
                extra = f" in action started at {self.name}:{self.action_line}"
                if tok.val.endswith(" action"):
                    extra = extra[len(" in action"):]
            self.errorf(f"{tok}{extra}")
        self.errorf(f"unexpected {tok} in {context}")

    # -- grammar
    def parse(self) -> ListNode:
        root = ListNode(self.peek().pos)
        while self.peek().typ != EOF:
            node = self.text_or_action()
            if isinstance(node, Marker) and node.kind in ("end", "else"):
                self.errorf(f"unexpected {node}")
            root.nodes.append(node)
        return root

    def item_list(self) -> tuple[ListNode, Marker]:
        lst = ListNode(self.peek_non_space().pos)
        while self.peek_non_space().typ != EOF:
            node = self.text_or_action()
            if isinstance(node, Marker) and node.kind in ("end", "else"):
                return lst, node
            lst.nodes.append(node)
        self.errorf("unexpected EOF")

    def text_or_action(self) -> Node:
        tok = self.next_non_space()
        if tok.typ == TEXT:
            return Text(tok.pos, tok.val)
        if tok.typ == LEFT_DELIM:
            self.action_line = tok.line
            try:
                return self.action()
            finally:
                self.action_line = 0
        self.unexpected(tok, "input")

    def action(self) -> Node:
        tok = self.next_non_space()
        if tok.typ in (BREAK, CONTINUE):
            nxt = self.next_non_space()
            if nxt.typ != RIGHT_DELIM:
                self.unexpected(nxt, "{{" + tok.val + "}}")
            if self.range_depth == 0:
                self.errorf(f"{{{{{tok.val}}}}} outside {{{{range}}}}")
            return Marker(tok.val, tok.pos, tok.line)
        if tok.typ == ELSE:
            peek = self.peek_non_space()
            if peek.typ in (IF, WITH):
                return Marker("else", peek.pos, peek.line)
            end = self.expect(RIGHT_DELIM, "else")
            return Marker("else", end.pos, end.line)
        if tok.typ == END:
            return Marker("end", self.expect(RIGHT_DELIM, "end").pos)
        if tok.typ in (IF, RANGE, WITH):
            return self.control(tok.val)
        if tok.typ in (DEFINE, TEMPLATE, BLOCK):
            self.errorf(f"{{{{{tok.val}}}}} is not supported here")
        self.backup()
        tok = self.peek()
        return Action(tok.pos, tok.line, self.pipeline("command", RIGHT_DELIM))

    def control(self, kind: str) -> Branch:
        saved = len(self.vars)
        pipe = self.pipeline(kind, RIGHT_DELIM)
        if kind == "range":
            self.range_depth += 1
        body, nxt = self.item_list()
        if kind == "range":
            self.range_depth -= 1
        else_body = None
        if nxt.kind == "else":
            if kind in ("if", "with") and self.peek().typ == KEYWORDS[kind]:
                self.next()
                else_body = ListNode(nxt.pos)
                else_body.nodes.append(self.control(kind))
            else:
                else_body, nxt = self.item_list()
                if nxt.kind != "end":
                    self.errorf(f"expected end; found {nxt}")
        del self.vars[saved:]
        return Branch(kind, pipe.pos, pipe.line, pipe, body, else_body)

    def pipeline(self, context: str, end: int) -> Pipe:
        tok = self.peek_non_space()
        pipe = Pipe(tok.pos, tok.line)
        while True:  # declarations
            v = self.peek_non_space()
            if v.typ != VARIABLE:
                break
            self.next()
            after = self.peek()
            nxt = self.peek_non_space()
            if nxt.typ in (ASSIGN, DECLARE):
                pipe.is_assign = nxt.typ == ASSIGN
                self.next_non_space()
                pipe.decl.append(Variable(v.pos, v.val))
                self.vars.append(v.val)
            elif nxt.typ == CHAR and nxt.val == ",":
                self.next_non_space()
                pipe.decl.append(Variable(v.pos, v.val))
                self.vars.append(v.val)
                if context == "range" and len(pipe.decl) < 2:
                    if self.peek_non_space().typ in (VARIABLE, RIGHT_DELIM, RIGHT_PAREN):
                        continue
                    self.errorf("range can only initialize variables")
                self.errorf(f"too many declarations in {context}")
            elif after.typ == SPACE:
                self.backup3(v, after)
            else:
                self.backup2(v)
            break
        while True:
            tok = self.next_non_space()
            if tok.typ == end:
                if not pipe.cmds:
                    self.errorf(f"missing value for {context}")
                for i, cmd in enumerate(pipe.cmds[1:]):
                    if isinstance(cmd.args[0], _EXECUTABLE_FIRST):
                        self.errorf(f"non executable command in pipeline stage {i + 2}")
                return pipe
            if tok.typ in (BOOL, CHAR_CONSTANT, COMPLEX, DOT, FIELD, IDENTIFIER, NUMBER, NIL,
                           RAW_STRING, STRING, VARIABLE, LEFT_PAREN):
                self.backup()
                pipe.cmds.append(self.command())
            else:
                self.unexpected(tok, context)

    def command(self) -> Command:
        cmd = Command(self.peek_non_space().pos)
        while True:
            self.peek_non_space()
            operand = self.operand()
            if operand is not None:
                cmd.args.append(operand)
            tok = self.next()
            if tok.typ == SPACE:
                continue
            if tok.typ in (RIGHT_DELIM, RIGHT_PAREN):
                self.backup()
            elif tok.typ != PIPE:
                self.unexpected(tok, "operand")
            break
        if not cmd.args:
            self.errorf("empty command")
        return cmd

    def operand(self):
        node = self.term()
        if node is None:
            return None
        if self.peek().typ == FIELD:
            chain = Chain(self.peek().pos, node)
            while self.peek().typ == FIELD:
                chain.fields.append(self.next().val[1:])
            if isinstance(node, Field):
                return Field(chain.pos, str(chain))
            if isinstance(node, Variable):
                return Variable(chain.pos, str(chain))
            if isinstance(node, (Bool, String, Number, Dot)):
                self.errorf(f"unexpected . after term {go_quote(str(node))}")
            return chain
        return node

    def term(self):
        tok = self.next_non_space()
        typ = tok.typ
        if typ == IDENTIFIER:
            if tok.val not in self.funcs:
                self.errorf(f"function {go_quote(tok.val)} not defined")
            return Identifier(tok.pos, tok.val)
        if typ == DOT:
            return Dot(tok.pos)
        if typ == NIL:
            return Nil(tok.pos)
        if typ == VARIABLE:
            name = tok.val.split(".")[0]
            if name not in self.vars:
                self.errorf(f"undefined variable {go_quote(name)}")
            return Variable(tok.pos, tok.val)
        if typ == FIELD:
            return Field(tok.pos, tok.val)
        if typ == BOOL:
            return Bool(tok.pos, tok.val == "true")
        if typ in (CHAR_CONSTANT, COMPLEX, NUMBER):
            try:
                return _parse_number(tok.pos, tok.val, typ)
            except ValueError as err:
                self.errorf(str(err))
        if typ == LEFT_PAREN:
            if self.stack_depth >= MAX_STACK_DEPTH:
                self.errorf("max expression depth exceeded")
            self.stack_depth += 1
            try:
                return self.pipeline("parenthesized pipeline", RIGHT_PAREN)
            finally:
                self.stack_depth -= 1
        if typ in (STRING, RAW_STRING):
            try:
                return String(tok.pos, tok.val, unquote(tok.val))
            except ValueError:
                self.errorf("invalid syntax")
        self.backup()
        return None


def parse(text: str, name: str, funcs) -> ListNode:
    """Parse ``text`` into a node tree; ``funcs`` are the function names in scope."""
    return _Parser(text, name, funcs).parse()
