"""Shell arithmetic ``$(( ))``: C's integer operators, assignments and ``?:``, on 64-bit signed integers.

Loops count with it (``i=$((i+1))``, ``$((i+=1))``, ``$((i++))``), so it needs
assignment and short-circuiting that skips the side effects of the branch not
taken. dash has no ``++``, ``--`` or ``**``: there they read as two
operators, so ``i++`` and ``2**8`` are errors, as in dash.
"""

from __future__ import annotations

import re
from typing import Protocol

ASSIGN_OPS = ("<<=", ">>=", "**=", "*=", "/=", "%=", "+=", "-=", "&=", "^=", "|=", "=")
OPERATORS = ASSIGN_OPS + ("&&", "||", "<<", ">>", "<=", ">=", "==", "!=", "++", "--", "**", "+", "-", "*", "/", "%",
                          "<", ">", "&", "^", "|", "!", "~", "?", ":", "(", ")", ",")
TOKEN = re.compile(r"\s*(?:(?P<num>\d[0-9A-Za-z_#@]*)|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>"
                   + "|".join(re.escape(o) for o in OPERATORS) + r"))")
BINARY = [("||",), ("&&",), ("|",), ("^",), ("&",), ("==", "!="), ("<", "<=", ">", ">="), ("<<", ">>"), ("+", "-"),
          ("*", "/", "%")]
MAX_DEPTH = 64


class Vars(Protocol):
    def get_var(self, name: str) -> str | None: ...
    def set_var(self, name: str, value: str) -> None: ...


def _wrap(value: int) -> int:
    """Keep to the 64-bit signed range, as the shells' intmax_t does."""
    value &= (1 << 64) - 1
    return value - (1 << 64) if value >> 63 else value


def _number(text: str) -> int:
    if "#" in text:  # bash's BASE#DIGITS
        base, _, digits = text.partition("#")
        return int(digits, int(base))
    if text.lower().startswith("0x"):
        return int(text[2:], 16)
    if text.startswith("0") and len(text) > 1:
        return int(text, 8)
    return int(text, 10)


def _c_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


def _apply(op: str, a: int, b: int) -> int:
    if op in ("/", "%") and b == 0:
        raise ZeroDivisionError(op)
    if op == "**" and b < 0:
        raise ValueError("exponent less than 0")
    if op == "**" and b > 4096 and abs(a) > 1:
        raise ValueError("exponent too large")
    return {
        "+": lambda: a + b, "-": lambda: a - b, "*": lambda: a * b, "/": lambda: _c_div(a, b),
        "%": lambda: a - b * _c_div(a, b), "**": lambda: a ** b, "<<": lambda: a << (b & 63),
        ">>": lambda: a >> (b & 63), "<": lambda: int(a < b), "<=": lambda: int(a <= b), ">": lambda: int(a > b),
        ">=": lambda: int(a >= b), "==": lambda: int(a == b), "!=": lambda: int(a != b), "&": lambda: a & b,
        "^": lambda: a ^ b, "|": lambda: a | b,
    }[op]()


class Evaluator:
    """A recursive-descent evaluator; ``skip`` > 0 while parsing a branch whose effects must not happen."""

    def __init__(self, state: Vars, dialect: str = "bash", depth: int = 0) -> None:
        self.state, self.dialect, self.depth = state, dialect, depth
        self.toks: list[tuple[str, str]] = []
        self.i = 0
        self.skip = 0

    def evaluate(self, text: str) -> int:
        """The value of ``text``; ValueError for bad syntax, ZeroDivisionError for ``/0`` and ``%0``."""
        if self.depth > MAX_DEPTH:
            raise ValueError("expression recursion level exceeded")
        self.toks, self.i = self._tokens(text), 0
        if not self.toks:
            return 0
        value = self._comma()
        if self.i < len(self.toks):
            raise ValueError(f"syntax error in expression near {self.toks[self.i][1]!r}")
        return value

    def _tokens(self, text: str) -> list[tuple[str, str]]:
        toks: list[tuple[str, str]] = []
        pos = 0
        text = text.rstrip()
        while pos < len(text):
            m = TOKEN.match(text, pos)
            if not m:
                raise ValueError(f"bad character {text[pos:].strip()[:1]!r}")
            kind = m.lastgroup or "op"
            value = m.group(kind)
            if kind == "op" and value in ("++", "--", "**", "**=") and self.dialect == "dash":
                toks.extend([("op", value[0]), ("op", value[1:])])
            else:
                toks.append((kind, value))
            pos = m.end()
        return toks

    # ------------------------------------------------------------- lookup

    def _peek(self, offset: int = 0) -> tuple[str, str]:
        j = self.i + offset
        return self.toks[j] if j < len(self.toks) else ("end", "")

    def _accept(self, *ops: str) -> str | None:
        kind, value = self._peek()
        if kind == "op" and value in ops:
            self.i += 1
            return value
        return None

    def _var(self, name: str) -> int:
        value = (self.state.get_var(name) or "").strip()
        if not value:
            return 0
        if re.fullmatch(r"[+-]?\d+", value):
            return _wrap(int(value))
        return Evaluator(self.state, self.dialect, self.depth + 1).evaluate(value)

    def _set(self, name: str, value: int) -> int:
        value = _wrap(value)
        if not self.skip:
            self.state.set_var(name, str(value))
        return value

    # ------------------------------------------------------------ grammar

    def _comma(self) -> int:
        value = self._assign()
        while self._accept(","):
            value = self._assign()
        return value

    def _assign(self) -> int:
        kind, name = self._peek()
        op = self._peek(1)
        if kind == "name" and op[0] == "op" and op[1] in ASSIGN_OPS:
            self.i += 2
            rhs = self._assign()
            if op[1] == "=":
                return self._set(name, rhs)
            current = self._var(name)
            return self._set(name, self._guard(op[1][:-1], current, rhs))
        return self._conditional()

    def _guard(self, op: str, a: int, b: int) -> int:
        """An operation in a branch being skipped must not fail (``0 && 1/0`` is 0)."""
        if self.skip and op in ("/", "%", "**") and b <= 0:
            return 0
        return _wrap(_apply(op, a, b))

    def _conditional(self) -> int:
        cond = self._binary(0)
        if not self._accept("?"):
            return cond
        self.skip += not cond
        yes = self._comma()
        self.skip -= not cond
        if not self._accept(":"):
            raise ValueError("':' expected for conditional expression")
        self.skip += bool(cond)
        no = self._conditional()
        self.skip -= bool(cond)
        return yes if cond else no

    def _binary(self, level: int) -> int:
        if level == len(BINARY):
            return self._power()
        left = self._binary(level + 1)
        while True:
            op = self._accept(*BINARY[level])
            if op is None:
                return left
            if op in ("&&", "||"):
                short = (not left) if op == "&&" else bool(left)
                self.skip += short
                right = self._binary(level + 1)
                self.skip -= short
                left = int(bool(left) and bool(right)) if op == "&&" else int(bool(left) or bool(right))
            else:
                left = self._guard(op, left, self._binary(level + 1))

    def _power(self) -> int:
        base = self._unary()
        if self._accept("**"):
            return self._guard("**", base, self._power())
        return base

    def _unary(self) -> int:
        op = self._accept("+", "-", "!", "~", "++", "--")
        if op in ("++", "--"):
            kind, name = self._peek()
            if kind != "name":
                raise ValueError("identifier expected after pre-increment or pre-decrement")
            self.i += 1
            return self._set(name, self._var(name) + (1 if op == "++" else -1))
        if op:
            value = self._unary()
            return {"+": value, "-": _wrap(-value), "!": int(not value), "~": ~value}[op]
        return self._postfix()

    def _postfix(self) -> int:
        kind, value = self._peek()
        if kind == "name":
            self.i += 1
            current = self._var(value)
            op = self._accept("++", "--")
            if op:
                self._set(value, current + (1 if op == "++" else -1))
            return current
        if kind == "num":
            self.i += 1
            try:
                return _wrap(_number(value))
            except ValueError:
                raise ValueError(f"value too great for base (error token is {value!r})") from None
        if self._accept("("):
            inner = self._comma()
            if not self._accept(")"):
                raise ValueError("missing ')'")
            return inner
        raise ValueError("operand expected")


def evaluate(text: str, state: Vars, dialect: str = "bash") -> int:
    return Evaluator(state, dialect).evaluate(text)
