"""The awk language read into a tree: a recursive-descent parser over :mod:`.lex`'s tokens, with POSIX awk's
precedence, from the ternary down to ``$``.

A node is a tuple whose first item names it (``("num", 1.0)``, ``("binop", "+", left, right)``); statements are
tuples too. :class:`AwkSyntaxError` carries the line and the token the parser stopped at, which each awk words its
own way (see the package's ``awk`` program).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storagekit.commands.shell.coreutils.awk.lex import AwkSyntaxError, Token, tokenize


@dataclass
class Program:
    begin: list = field(default_factory=list)
    end: list = field(default_factory=list)
    rules: list = field(default_factory=list)
    """(pattern or None, range end or None, statements or None: print $0)."""
    functions: dict = field(default_factory=dict)


class Parser:
    def __init__(self, src: str) -> None:
        self.tokens = tokenize(src)
        self.pos = 0
        self.no_gt = 0
        self.no_in = 0

    # ----------------------------------------------------------- tokens

    @property
    def tok(self) -> Token:
        return self.tokens[self.pos]

    def at(self, *values: str) -> bool:
        t = self.tok
        return t.value in values and t.kind in ("punct", "keyword", "newline")

    def take(self) -> Token:
        t = self.tok
        self.pos += 1
        return t

    def expect(self, value: str) -> Token:
        if not self.at(value):
            self.fail()
        return self.take()

    def fail(self):
        t = self.tok
        if t.kind == "eof":
            raise AwkSyntaxError(t.line, "end of file", "eof")
        raise AwkSyntaxError(t.line, "end of line" if t.kind == "newline" else t.value)

    def newlines(self) -> None:
        while self.tok.kind == "newline":
            self.take()

    def terminators(self) -> None:
        while self.tok.kind == "newline" or self.at(";"):
            self.take()

    # ---------------------------------------------------------- program

    def program(self) -> Program:
        prog = Program()
        self.terminators()
        while self.tok.kind != "eof":
            if self.at("BEGIN", "END"):
                which = self.take().value
                self.newlines()
                if not self.at("{"):
                    self.fail()
                (prog.begin if which == "BEGIN" else prog.end).extend(self.block())
            elif self.at("function", "func"):
                self.take()
                name = self.take()
                if name.kind not in ("name", "funcname"):
                    self.fail()
                self.expect("(")
                params = []
                while not self.at(")"):
                    p = self.take()
                    if p.kind != "name":
                        self.pos -= 1
                        self.fail()
                    params.append(p.value)
                    if self.at(","):
                        self.take()
                        self.newlines()
                self.expect(")")
                self.newlines()
                prog.functions[name.value] = (params, self.block())
            elif self.at("}"):
                raise AwkSyntaxError(self.tok.line, "}", "extra")
            else:
                pattern = end = None
                if not self.at("{"):
                    pattern = self.expr()
                    if self.at(","):
                        self.take()
                        self.newlines()
                        end = self.expr()
                body = self.block() if self.at("{") else None
                prog.rules.append((pattern, end, body))
            self.terminators()
        return prog

    def block(self) -> list:
        self.expect("{")
        stmts = []
        self.terminators()
        while not self.at("}"):
            if self.tok.kind == "eof":
                raise AwkSyntaxError(self.tok.line, "end of file", "missing")
            stmts.append(self.statement())
            self.terminators()
        self.take()
        return stmts

    def simple_end(self) -> None:
        if self.at(";") or self.tok.kind == "newline":
            self.take()
        elif not self.at("}") and self.tok.kind != "eof":
            self.fail()

    def body(self) -> list:
        self.newlines()
        if self.at(";"):
            self.take()
            return []
        return self.block() if self.at("{") else [self.statement()]

    def statement(self) -> tuple:
        t = self.tok
        if self.at("{"):
            return ("block", self.block())
        if self.at("if"):
            self.take()
            self.expect("(")
            cond = self.expr()
            self.expect(")")
            then = self.body()
            save = self.pos
            self.terminators()
            if self.at("else"):
                self.take()
                return ("if", cond, then, self.body())
            self.pos = save
            return ("if", cond, then, [])
        if self.at("while"):
            self.take()
            self.expect("(")
            cond = self.expr()
            self.expect(")")
            if self.at(";"):
                self.take()
                return ("while", cond, [])
            return ("while", cond, self.body())
        if self.at("do"):
            self.take()
            body = self.body()
            self.terminators()
            self.expect("while")
            self.expect("(")
            cond = self.expr()
            self.expect(")")
            self.simple_end()
            return ("do", body, cond)
        if self.at("for"):
            return self.for_statement()
        if self.at("break", "continue", "next", "nextfile"):
            self.take()
            self.simple_end()
            return (t.value,)
        if self.at("exit", "return"):
            self.take()
            value = None if self.at(";", "}") or self.tok.kind in ("newline", "eof") else self.expr()
            self.simple_end()
            return (t.value, value)
        if self.at("delete"):
            self.take()
            name = self.take()
            if name.kind != "name":
                self.pos -= 1
                self.fail()
            subscript = self.subscript() if self.at("[") else None
            self.simple_end()
            return ("delete", name.value, subscript)
        if self.at("print", "printf"):
            stmt = self.print_statement()
            self.simple_end()
            return stmt
        e = self.expr()
        self.simple_end()
        return ("expr", e)

    def for_statement(self) -> tuple:
        self.take()
        self.expect("(")
        if (self.tok.kind == "name" and self.tokens[self.pos + 1].value == "in"
                and self.tokens[self.pos + 2].kind == "name" and self.tokens[self.pos + 3].value == ")"):
            var = self.take().value
            self.take()
            arr = self.take().value
            self.take()
            return ("forin", var, arr, self.body())
        init = None if self.at(";") else self.expr()
        self.expect(";")
        self.newlines()
        cond = None if self.at(";") else self.expr()
        self.expect(";")
        self.newlines()
        step = None if self.at(")") else self.expr()
        self.expect(")")
        if self.at(";"):
            self.take()
            return ("for", init, cond, step, [])
        return ("for", init, cond, step, self.body())

    def print_statement(self) -> tuple:
        kind = self.take().value
        args: list = []
        self.no_gt += 1
        try:
            if not (self.at(";", "}", ">", ">>", "|") or self.tok.kind in ("newline", "eof")):
                if self.at("("):  # print (a, b) > "f": a parenthesised list
                    save = self.pos
                    self.take()
                    self.no_gt -= 1
                    try:
                        items = [self.expr()]
                        while self.at(","):
                            self.take()
                            self.newlines()
                            items.append(self.expr())
                    finally:
                        self.no_gt += 1
                    if self.at(")") and (self.tokens[self.pos + 1].kind in ("newline", "eof")
                                         or self.tokens[self.pos + 1].value in (";", "}", ">", ">>", "|")):
                        self.take()
                        args = items
                    else:
                        self.pos = save
                if not args:
                    args = [self.expr()]
                    while self.at(","):
                        self.take()
                        self.newlines()
                        args.append(self.expr())
        finally:
            self.no_gt -= 1
        redirect = None
        if self.at(">", ">>", "|"):
            op = self.take().value
            redirect = (op, self.concat(no_in=True))
        if kind == "printf" and not args:
            self.fail()
        return (kind, args, redirect)

    def subscript(self) -> list:
        self.expect("[")
        items = [self.expr()]
        while self.at(","):
            self.take()
            self.newlines()
            items.append(self.expr())
        self.expect("]")
        return items

    # ------------------------------------------------------- expressions

    def expr(self) -> tuple:
        return self.ternary()

    def ternary(self) -> tuple:
        cond = self.or_()
        if self.at("?"):
            self.take()
            self.newlines()
            a = self.ternary()
            self.newlines()
            self.expect(":")
            self.newlines()
            b = self.ternary()
            return ("cond", cond, a, b)
        if self.at("=", "+=", "-=", "*=", "/=", "%=", "^=", "**=") and cond[0] in ("var", "field", "index"):
            op = self.take().value.replace("**", "^")
            self.newlines()
            return ("assign", op, cond, self.ternary())
        return cond

    def or_(self) -> tuple:
        return self.logical("||", "or", self.and_)

    def and_(self) -> tuple:
        return self.logical("&&", "and", self.in_)

    def logical(self, op: str, kind: str, operand) -> tuple:
        """``a || b`` and ``a && b``: left-associative, a newline allowed after the operator."""
        left = operand()
        while self.at(op):
            self.take()
            self.newlines()
            left = (kind, left, operand())
        return left

    def in_(self) -> tuple:
        left = self.match()
        while self.at("in") and not self.no_in:
            self.take()
            arr = self.take()
            if arr.kind != "name":
                self.pos -= 1
                self.fail()
            left = ("in", [left], arr.value)
        return left

    def match(self) -> tuple:
        left = self.relational()
        while self.at("~", "!~"):
            op = self.take().value
            left = ("match", op == "!~", left, self.relational())
        return left

    def relational(self) -> tuple:
        left = self.concat()
        while self.at("|") and self.tokens[self.pos + 1].value == "getline":  # "cmd" | getline [var]
            self.take()
            self.take()
            left = ("cmdgetline", left, self.primary() if self.tok.kind == "name" or self.at("$") else None)
        ops = ("<", "<=", "!=", "==", ">=") if self.no_gt else ("<", "<=", "!=", "==", ">", ">=")
        if self.at(*ops):
            op = self.take().value
            left = ("cmp", op, left, self.concat())
        return left

    def concat(self, no_in: bool = False) -> tuple:
        left = self.additive()
        while (self.tok.kind in ("num", "str", "ere", "name", "funcname", "builtin")
               or self.at("$", "(", "-", "+", "++", "--")) and not (no_in and self.at("in")):
            if self.at("-", "+"):
                break
            if self.at("in"):
                break
            left = ("concat", left, self.additive())
        return left

    def additive(self) -> tuple:
        return self.arithmetic(("+", "-"), self.multiplicative)

    def multiplicative(self) -> tuple:
        return self.arithmetic(("*", "/", "%"), self.unary)

    def arithmetic(self, ops: tuple[str, ...], operand) -> tuple:
        left = operand()
        while self.at(*ops):
            op = self.take().value
            left = ("binop", op, left, operand())
        return left

    def unary(self) -> tuple:
        if self.at("!"):
            self.take()
            return ("not", self.unary())
        if self.at("-", "+"):
            op = self.take().value
            return ("neg" if op == "-" else "plus", self.unary())
        return self.power()

    def power(self) -> tuple:
        base = self.postfix()
        if self.at("^", "**"):
            self.take()
            return ("binop", "^", base, self.unary_power())
        return base

    def unary_power(self) -> tuple:
        if self.at("-", "+", "!"):
            op = self.take().value
            return {"-": "neg", "+": "plus", "!": "not"}[op], self.unary_power()
        return self.power()

    def postfix(self) -> tuple:
        if self.at("++", "--"):
            op = self.take().value
            target = self.postfix()
            if target[0] not in ("var", "field", "index"):
                self.fail()
            return ("preinc", op, target)
        node = self.primary()
        if self.at("++", "--") and node[0] in ("var", "field", "index"):
            return ("postinc", self.take().value, node)
        return node

    def primary(self) -> tuple:
        t = self.tok
        if t.kind == "num":
            self.take()
            return ("num", float(t.value))
        if t.kind == "str":
            self.take()
            return ("str", t.value)
        if t.kind == "ere":
            self.take()
            return ("regex", t.value)
        if self.at("$"):
            self.take()
            if self.at("++", "--"):
                return ("field", self.postfix())
            return ("field", self.primary() if not self.at("-") else self.unary())
        if self.at("("):
            self.take()
            saved, self.no_gt, self.no_in = (self.no_gt, self.no_in), 0, 0
            try:
                first = self.expr()
                if self.at(","):  # (i, j) in array
                    items = [first]
                    while self.at(","):
                        self.take()
                        items.append(self.expr())
                    self.expect(")")
                    self.expect("in")
                    arr = self.take().value
                    return ("in", items, arr)
                self.expect(")")
            finally:
                self.no_gt, self.no_in = saved
            return ("group", first)
        if t.kind == "builtin":
            return self.builtin()
        if t.kind == "funcname":
            self.take()
            return ("call", t.value, self.arguments())
        if t.kind == "name":
            self.take()
            if self.at("["):
                return ("index", t.value, self.subscript())
            return ("var", t.value)
        if self.at("getline"):
            self.take()
            target = self.primary() if self.tok.kind == "name" or self.at("$") else None
            source = None
            if self.at("<"):
                self.take()
                source = self.primary()
            return ("getline", target, source)
        self.fail()
        raise AssertionError  # fail() raises

    def builtin(self) -> tuple:
        name = self.take().value
        if name == "length" and not self.at("("):
            return ("builtin", "length", [])
        return ("builtin", name, self.arguments())

    def arguments(self) -> list:
        """A call's ``(a, b, ...)``, a newline allowed after each comma."""
        self.expect("(")
        args = []
        while not self.at(")"):
            args.append(self.expr())
            if self.at(","):
                self.take()
                self.newlines()
            elif not self.at(")"):
                self.fail()
        self.take()
        return args


def parse(src: str) -> Program:
    return Parser(src).program()
