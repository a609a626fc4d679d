"""kubectl's JSONPath (client-go ``util/jsonpath``), for ``kubectl get -o jsonpath=...``.

Supported as in client-go: ``{.a.b}``, ``{.items[*].x}``, indexes and slices
(``[0]``, ``[-1:]``, ``[0:4:2]``), unions (``[0,2]``, ``['a','b']``), filters
(``[?(@.status.phase=="Bound")]``, ``[?(@.x)]``), recursive descent (``..``),
wildcards (``.*``), quoted text (``{"\\n"}``) and ``{range ...}...{end}``.
Each action's results are printed separated by spaces; maps and lists print as
compact JSON, other values as Go prints them. Error texts are client-go's;
:func:`kubectl_jsonpath` adds the wrapping kubectl prints around them.

Maps are visited in sorted key order (Go's order is random), so wildcard and
recursive results are deterministic.
"""
from __future__ import annotations

import re
from collections.abc import Mapping

from storagekit.sim.goquote import go_quote

from .gofmt import basic_kind, go_json, go_sharp_v, go_type_name, sorted_keys, to_string
from .golex import unquote_char

__all__ = ["JSONPath", "JSONPathError", "kubectl_jsonpath"]


class JSONPathError(Exception):
    """A JSONPath template that does not parse or execute; the message is client-go's."""


_DICT_KEY = re.compile(r"^'([^']*)'$")
_SLICE = re.compile(r"^(-?\d*)(:-?\d*)?(:-?\d*)?$")
_FILTER = re.compile(r"^([^!<>=]+)([!<>=]+)(.+?)$", re.S)


# --------------------------------------------------------------------------
# Nodes: a node is a tuple whose first item names its kind.
#   ("list", [nodes]), ("text", s), ("field", name), ("array", params), ("filter", left, right, op),
#   ("int"|"float"|"bool", value), ("wildcard",), ("recursive",), ("union", [lists]), ("identifier", name)

def _rune(ch: str) -> str:
    code = ord(ch)
    return f"U+{code:04X} '{ch}'" if ch.isprintable() else f"U+{code:04X}"


def _terminator(ch: str) -> bool:
    return ch == "" or ch in " \t\r\n.,[]$@{}"


def _unquote_extend(text: str) -> str:
    """client-go's UnquoteExtend: strconv.Unquote that also accepts 'single quotes'."""
    if len(text) < 2 or text[0] != text[-1] or text[0] not in "\"'":
        raise ValueError("invalid syntax")
    quote, body = text[0], text[1:-1]
    out, i = [], 0
    while i < len(body):
        try:
            ch, i = unquote_char(body, i, quote)
        except (ValueError, IndexError):
            raise ValueError("invalid syntax") from None
        out.append(ch)
    return "".join(out)


class _Parser:
    def __init__(self, text: str):
        self.input, self.pos, self.start = text, 0, 0

    def next(self) -> str:
        if self.pos >= len(self.input):
            self.pos += 1
            return ""
        self.pos += 1
        return self.input[self.pos - 1]

    def backup(self) -> None:
        self.pos -= 1

    def peek(self) -> str:
        ch = self.next()
        self.backup()
        return ch

    def consume(self) -> str:
        value = self.input[self.start:self.pos]
        self.start = self.pos
        return value

    def parse(self) -> list:
        root: list = []
        while True:
            if self.input.startswith("{", self.pos):
                if self.pos > self.start:
                    root.append(("text", self.consume()))
                self.pos += 1
                self.consume()
                action: list = []
                root.append(("list", action))
                self.inside(action)
                continue
            if self.next() == "":
                self.pos = len(self.input)
                break
        if self.pos > self.start:
            root.append(("text", self.consume()))
        return root

    def inside(self, cur: list) -> None:
        while True:
            rest = self.input[self.pos:]
            if rest.startswith("}"):
                self.pos += 1
                self.consume()
                return
            if rest.startswith("[?("):
                self.filter(cur)
                continue
            if rest.startswith(".."):
                if cur and cur[-1][0] == "recursive":
                    raise JSONPathError("invalid multiple recursive descent")
                self.pos += 2
                self.consume()
                cur.append(("recursive",))
                if _alnum(self.peek()):
                    self.field(cur)
                continue
            ch = self.next()
            if ch in ("", "\r", "\n"):
                raise JSONPathError("unclosed action")
            if ch in " @$":
                self.consume()
            elif ch == "[":
                self.array(cur)
            elif ch in "\"'":
                self.quote(cur, ch)
            elif ch == ".":
                self.field(cur)
            elif ch in "+-" or ch.isdigit():
                self.backup()
                self.number(cur)
            elif _alnum(ch):
                self.backup()
                self.identifier(cur)
            else:
                raise JSONPathError(f"unrecognized character in action: {_rune(ch)}")

    def identifier(self, cur: list) -> None:
        while not _terminator(self.next()):
            pass
        self.backup()
        value = self.consume()
        cur.append(("bool", value == "true") if value in ("true", "false") else ("identifier", value))

    def number(self, cur: list) -> None:
        if self.peek() in ("+", "-") and self.peek():
            self.next()
        while True:
            ch = self.next()
            if ch != "." and not ch.isdigit():
                self.backup()
                break
        value = self.consume()
        if re.fullmatch(r"[+-]?\d+", value):
            cur.append(("int", int(value)))
        elif re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", value):
            cur.append(("float", float(value)))
        else:
            raise JSONPathError(f"cannot parse number {value}")

    def array(self, cur: list) -> None:
        while True:
            ch = self.next()
            if ch in ("", "\n"):
                raise JSONPathError("unterminated array")
            if ch == "]":
                break
        text = self.consume()[1:-1]
        if text == "*":
            text = ":"
        parts = text.split(",")
        if len(parts) > 1:
            cur.append(("union", [_parse_action(f"[{p.strip(' ')}]") for p in parts]))
            return
        key = _DICT_KEY.match(text)
        if key:
            cur.extend(_parse_action("." + key.group(1)))
            return
        m = _SLICE.match(text)
        if not m:
            raise JSONPathError(f"invalid array index {text}")
        params = []  # [known, value, derived] for start, end, step
        for i, raw in enumerate(m.groups()):
            if raw:
                raw = raw[1:] if i > 0 else raw
                if i > 0 and raw == "":
                    params.append([False, 0, False])
                    continue
                if not re.fullmatch(r"-?\d+", raw):
                    raise JSONPathError(f"array index {raw} is not a number")
                params.append([True, int(raw), False])
            elif i == 1:
                params.append([True, params[0][1] + 1, True])
            else:
                params.append([False, 0, False])
        cur.append(("array", params))

    def filter(self, cur: list) -> None:
        self.pos += 3
        self.consume()
        begin = end = False
        pair = ""
        while True:
            ch = self.next()
            if ch in ("", "\n"):
                raise JSONPathError("unterminated filter")
            if ch in "\"'":
                if not begin:
                    begin, pair = True, ch
                    continue
                if self.input[self.pos - 2] != "\\" and ch == pair:
                    end = True
            elif ch == ")" and begin == end:
                break
        if self.next() != "]":
            raise JSONPathError("unclosed array expect ]")
        text = self.consume()[:-2]
        m = _FILTER.match(text)
        if m is None:
            cur.append(("filter", _parse_action(text), [], "exists"))
        else:
            cur.append(("filter", _parse_action(m.group(1)), _parse_action(m.group(3)), m.group(2)))

    def quote(self, cur: list, end: str) -> None:
        while True:
            ch = self.next()
            if ch in ("", "\n"):
                raise JSONPathError("unterminated quoted string")
            if ch == end and self.input[self.pos - 2] != "\\":
                break
        value = self.consume()
        try:
            cur.append(("text", _unquote_extend(value)))
        except ValueError as err:
            raise JSONPathError(f"unquote string {value} error {err}") from None

    def field(self, cur: list) -> None:
        self.consume()
        while True:
            ch = self.next()
            if ch == "\\":
                self.next()
            elif _terminator(ch):
                self.backup()
                break
        value = self.consume()
        cur.append(("wildcard",) if value == "*" else ("field", value.replace("\\", "")))


def _alnum(ch: str) -> bool:
    return bool(ch) and (ch == "_" or ch.isalnum())


def _parse_action(text: str) -> list:
    """client-go's parseAction: parse ``{text}`` and return the action's nodes."""
    return _Parser("{" + text + "}").parse()[0][1]


# --------------------------------------------------------------------------
# Comparison (client-go's forked text/template helpers)

def _basic(value) -> str:
    kind = basic_kind(value)
    if kind is None:
        raise JSONPathError("invalid type for comparison")
    return kind


def _compare(op: str, left, right) -> bool:
    k1, k2 = _basic(left), _basic(right)
    if k1 != k2:
        raise JSONPathError("incompatible types for comparison")
    if op == "==":
        return left == right
    if op == "!=":
        return left != right
    if k1 == "bool":
        raise JSONPathError("invalid type for comparison")
    return {"<": left < right, ">": left > right, "<=": left <= right, ">=": left >= right}[op]


# --------------------------------------------------------------------------
# Evaluation

def _children(value) -> list:
    if isinstance(value, Mapping):
        return [value[k] for k in sorted_keys(value)]
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, str):
        return list(value.encode("utf-8"))
    if hasattr(value, "__dict__") and not isinstance(value, (int, float, bool)):
        return [v for k, v in vars(value).items() if not k.startswith("_")]
    return []


class JSONPath:
    """A parsed JSONPath template (client-go ``jsonpath.New(name).Parse(text)``)."""

    def __init__(self, template: str, allow_missing_keys: bool = False):
        self.template, self.allow_missing_keys = template, allow_missing_keys
        self.nodes = _Parser(template).parse()

    def find_results(self, data) -> list[list]:
        """The values each top-level text or action produces, with ranges expanded."""
        results, _ = self._find(self.nodes, [data], 0)
        return results

    def execute(self, data) -> str:
        """Render ``data``: results of one action joined by spaces, maps and lists as JSON."""
        out = []
        for results in self.find_results(data):
            out.append(" ".join(go_json(v) if isinstance(v, (Mapping, list, tuple)) else to_string(v)
                                for v in results))
        return "".join(out)

    def _find(self, nodes: list, cur: list, depth: int) -> tuple[list, int]:
        full: list = []
        i = 0
        while i < len(nodes):
            self._begin = self._end = False
            results = self._walk(cur, nodes[i], depth)
            if self._end:
                return full, i + 1
            if self._begin:
                body = nodes[i + 1:]
                consumed = len(body)
                for value in results or [None]:
                    found, consumed = self._find(body, [value], depth + 1)
                    if results:
                        full.extend(found)
                i += 1 + consumed
                continue
            full.append(results)
            i += 1
        return full, len(nodes)

    def _walk(self, cur: list, node: tuple, depth: int) -> list:
        kind = node[0]
        if kind == "list":
            for child in node[1]:
                cur = self._walk(cur, child, depth)
            return cur
        if kind == "text":
            return [node[1]]
        if kind in ("int", "float", "bool"):
            return [node[1]] * len(cur)
        if kind == "identifier":
            if node[1] == "range":
                self._begin = True
                return cur
            if node[1] == "end":
                if depth == 0:
                    raise JSONPathError("not in range, nothing to end")
                self._end = True
                return []
            raise JSONPathError(f"unrecognized identifier {node[1]}")
        if kind == "field":
            return self._field(cur, node[1])
        if kind == "array":
            return self._array(cur, node[1])
        if kind == "filter":
            return self._filter(cur, *node[1:])
        if kind == "wildcard":
            return [child for value in cur if value is not None for child in _children(value)]
        if kind == "recursive":
            return self._recursive(cur)
        return [r for part in node[1] for r in self._walk(cur, ("list", part), depth)]  # union

    def _field(self, cur: list, name: str) -> list:
        if not cur:
            return []
        results = []
        for value in cur:
            if isinstance(value, Mapping) and name in value:
                results.append(value[name])
            elif value is not None and hasattr(value, "__dict__") and not name.startswith("_") and hasattr(value, name):
                results.append(getattr(value, name))
        if not results and not self.allow_missing_keys:
            raise JSONPathError(f"{name} is not found")
        return results

    def _array(self, cur: list, params: list) -> list:
        result: list = []
        for value in cur:
            if value is None:
                continue
            if not isinstance(value, (list, tuple)):
                raise JSONPathError(f"{go_type_name(value)} is not array or slice")
            (k0, start, _), (k1, stop, derived), (k2, step, _) = params
            length = len(value)
            start = start if k0 else 0
            start += length if start < 0 else 0
            stop = stop if k1 else length
            if stop < 0 or (stop == 0 and derived):
                stop += length
            if stop == start:
                return result
            if start >= length or start < 0:
                raise JSONPathError(f"array index out of bounds: index {start}, length {length}")
            if stop > length or stop < 0:
                raise JSONPathError(f"array index out of bounds: index {stop - 1}, length {length}")
            if start > stop:
                raise JSONPathError(f"starting index {start} is greater than ending index {stop}")
            if k2 and step <= 0:
                raise JSONPathError("step must be > 0")
            result.extend(value[start:stop:step if k2 else 1])
        return result

    def _filter(self, cur: list, left: list, right: list, op: str) -> list:
        results = []
        for value in cur:
            if not isinstance(value, (list, tuple)):
                raise JSONPathError(f"{to_string(value)} is not array or slice and cannot be filtered")
            for item in value:
                if op == "exists":
                    try:
                        found = self._walk([item], ("list", left), 1)
                    except JSONPathError:
                        found = []
                    if found:
                        results.append(item)
                    continue
                lefts = self._walk([item], ("list", left), 1)
                if len(lefts) > 1:
                    raise JSONPathError("can only compare one element at a time")
                if not lefts:
                    continue
                rights = self._walk([item], ("list", right), 1)
                if len(rights) > 1:
                    raise JSONPathError("can only compare one element at a time")
                if not rights:
                    continue
                if op not in ("<", ">", "==", "!=", "<=", ">="):
                    raise JSONPathError(f"unrecognized filter operator {op}")
                if _compare(op, lefts[0], rights[0]):
                    results.append(item)
        return results

    def _recursive(self, cur: list) -> list:
        result = []
        for value in cur:
            if value is None:
                continue
            children = _children(value)
            if children:
                result.append(value)
                result.extend(self._recursive(children))
        return result


# --------------------------------------------------------------------------
# kubectl's wrapping

def kubectl_jsonpath(template: str, data, allow_missing_keys: bool = True) -> str:
    """``kubectl get -o jsonpath=TEMPLATE``: output text, or JSONPathError with kubectl's message.

    kubectl allows missing keys by default (``--allow-missing-template-keys``).
    The message is what follows ``error: `` on kubectl's stderr.
    """
    try:
        path = JSONPath(template, allow_missing_keys)
    except JSONPathError as err:
        raise JSONPathError(f"error parsing jsonpath {template}, {err}") from None
    try:
        return path.execute(data)
    except JSONPathError as err:
        raise JSONPathError(
            f"error executing jsonpath {go_quote(template)}: Error executing template: {err}. "
            "Printing more information for debugging the template:\n"
            f"\ttemplate was:\n\t\t{template}\n"
            f"\tobject given to jsonpath engine was:\n\t\t{go_sharp_v(data)}\n\n") from None
