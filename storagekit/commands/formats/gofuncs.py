"""The functions a Go template can call: Go's builtins plus docker's ``templates`` package.

Each function carries its Go parameter types, because the executor checks
arguments the way Go's ``reflect`` calls do and reports the same errors
(``wrong number of args for pad: want 3 got 1``, ``expected integer; found
"x"``). Failures inside a function raise :class:`CallError`, which the
executor wraps as ``error calling NAME: ...``.
"""
from __future__ import annotations

import inspect
import unicodedata
import urllib.parse
from collections.abc import Mapping

from .gofmt import NO_VALUE, UnsupportedValue, basic_kind, go_json, go_type_name, sprint, sprintf, sprintln, to_string

__all__ = ["BUILTINS", "DOCKER_FUNCTIONS", "HEADER_FUNCTIONS", "CallError", "Func", "is_true", "wrap"]

# Parameter kinds, named by the Go type they stand for.
VALUE = "reflect.Value"   # anything, an invalid value passes through
ANY = "interface {}"      # anything, an invalid value becomes nil
STRING, INT, STRINGS = "string", "int", "[]string"


class CallError(Exception):
    """A function failed; the executor reports ``error calling NAME: <message>``."""


class Func:
    """A callable with Go's parameter list: fixed ``params`` then optional ``variadic``."""

    __slots__ = ("fn", "params", "variadic")

    def __init__(self, fn, params: tuple = (), variadic: str | None = None):
        self.fn, self.params, self.variadic = fn, params, variadic


def wrap(fn) -> Func:
    """A plain Python callable (a method, a user function) as a Func taking ``interface{}`` args."""
    if isinstance(fn, Func):
        return fn
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return Func(fn, (), ANY)
    fixed = [p for p in sig.parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    star = any(p.kind == p.VAR_POSITIONAL for p in sig.parameters.values())
    return Func(fn, (ANY,) * len(fixed), ANY if star else None)


def is_true(value) -> bool:
    """Go's template truth: the zero value of any type is false, structs are true."""
    if value is NO_VALUE or value is None:
        return False
    if isinstance(value, (bool, int, float)):
        return value != 0
    if isinstance(value, (str, list, tuple, Mapping)):
        return len(value) > 0
    return True


# --------------------------------------------------------------------------
# Builtins (text/template funcs.go)

def _index_arg(index, cap: int) -> int:
    if index is NO_VALUE or index is None:
        raise CallError("cannot index slice/array with nil")
    if isinstance(index, bool) or not isinstance(index, int):
        raise CallError(f"cannot index slice/array with type {go_type_name(index)}")
    if index < 0 or index > cap:
        raise CallError(f"index out of range: {index}")
    return index


def _zero_element(mapping: Mapping):
    """The zero value of a map's element type, for a missing key."""
    kinds = {type(v) for v in mapping.values()}
    if not kinds or kinds == {str}:
        return ""
    if len(kinds) == 1 and kinds.pop() in (bool, int, float):
        return type(next(iter(mapping.values())))()
    return NO_VALUE


def _index(item, *indexes):
    if item is NO_VALUE or item is None:
        raise CallError("index of untyped nil")
    for index in indexes:
        if item is None or item is NO_VALUE:
            raise CallError("index of nil pointer")
        if isinstance(item, (list, tuple)):
            x = _index_arg(index, len(item))
            if x == len(item):
                raise CallError("reflect: slice index out of range")
            item = item[x]
        elif isinstance(item, str):
            data = item.encode("utf-8")
            x = _index_arg(index, len(data))
            if x == len(data):
                raise CallError("reflect: string index out of range")
            item = data[x]
        elif isinstance(item, Mapping):
            key = "" if index is NO_VALUE or index is None else index
            if not isinstance(key, str):
                raise CallError(f"value has type {go_type_name(index)}; should be string")
            item = item[key] if key in item else _zero_element(item)
            item = NO_VALUE if item is None else item
        else:
            raise CallError(f"can't index item of type {go_type_name(item)}")
    return item


def _slice(item, *indexes):
    if item is NO_VALUE or item is None:
        raise CallError("slice of untyped nil")
    if len(indexes) > 3:
        raise CallError(f"too many slice indexes: {len(indexes)}")
    if isinstance(item, str):
        if len(indexes) == 3:
            raise CallError("cannot 3-index slice a string")
        seq = item.encode("utf-8")
    elif isinstance(item, (list, tuple)):
        seq = item
    else:
        raise CallError(f"can't slice item of type {go_type_name(item)}")
    idx = [0, len(seq), len(seq)]
    for i, index in enumerate(indexes):
        idx[i] = _index_arg(index, len(seq))
    if idx[0] > idx[1]:
        raise CallError(f"invalid slice index: {idx[0]} > {idx[1]}")
    if len(indexes) == 3 and idx[1] > idx[2]:
        raise CallError(f"invalid slice index: {idx[1]} > {idx[2]}")
    part = seq[idx[0]:idx[1]]
    return part.decode("utf-8", "replace") if isinstance(part, bytes) else list(part)


def _length(item) -> int:
    if item is None:
        raise CallError("len of nil pointer")
    if item is NO_VALUE:
        raise CallError("reflect: call of reflect.Value.Type on zero Value")
    if isinstance(item, str):
        return len(item.encode("utf-8"))
    if isinstance(item, (list, tuple, Mapping)):
        return len(item)
    raise CallError(f"len of type {go_type_name(item)}")


def _kind(value) -> str:
    if value is NO_VALUE or value is None:
        return "invalid"
    if isinstance(value, (list, tuple)):
        return "slice"
    return basic_kind(value) or ("map" if isinstance(value, Mapping) else "struct")


_BASIC = ("bool", "int", "float", "string")


def _eq(arg1, *others) -> bool:
    if not others:
        raise CallError("missing argument for comparison")
    k1 = _kind(arg1)
    for arg in others:
        k2 = _kind(arg)
        if (k1 in _BASIC or k2 in _BASIC) and k1 != k2:
            if k1 != "invalid" and k2 != "invalid":
                raise CallError(f"incompatible types for comparison: {go_type_name(arg1)} and {go_type_name(arg)}")
            truth = False
        elif k1 in _BASIC:
            truth = arg1 == arg
        elif k1 != k2 and "invalid" not in (k1, k2):
            raise CallError(f"non-comparable types {to_string(arg1)}: {go_type_name(arg1)}, "
                            f"{go_type_name(arg)}: {to_string(arg)}")
        elif "invalid" in (k1, k2):
            truth = k1 == k2
        elif k2 in ("slice", "map"):
            raise CallError(f"non-comparable type {to_string(arg)}: {go_type_name(arg)}")
        else:
            truth = arg1 is arg
        if truth:
            return True
    return False


def _lt(arg1, arg2) -> bool:
    k1, k2 = _kind(arg1), _kind(arg2)
    if k1 not in _BASIC or k2 not in _BASIC:
        raise CallError("invalid type for comparison")
    if k1 != k2:
        raise CallError(f"incompatible types for comparison: {go_type_name(arg1)} and {go_type_name(arg2)}")
    if k1 == "bool":
        raise CallError("invalid type for comparison")
    return arg1 < arg2


def _le(arg1, arg2) -> bool:
    return _lt(arg1, arg2) or _eq(arg1, arg2)


def _html(*args) -> str:
    text = args[0] if len(args) == 1 and isinstance(args[0], str) else sprint(*args)
    table = {'"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;", "\0": "\ufffd"}
    return "".join(table.get(ch, ch) for ch in text)


def _urlquery(*args) -> str:
    text = args[0] if len(args) == 1 and isinstance(args[0], str) else sprint(*args)
    return urllib.parse.quote_plus(text, safe="-_.~")


def _unreachable(*_):
    raise AssertionError("and/or are evaluated lazily by the executor")


BUILTINS = {
    "and": Func(_unreachable, (VALUE,), VALUE),
    "or": Func(_unreachable, (VALUE,), VALUE),
    "not": Func(lambda v: not is_true(v), (VALUE,)),
    "len": Func(_length, (VALUE,)),
    "index": Func(_index, (VALUE,), VALUE),
    "slice": Func(_slice, (VALUE,), VALUE),
    "html": Func(_html, (), ANY),
    "urlquery": Func(_urlquery, (), ANY),
    "print": Func(sprint, (), ANY),
    "printf": Func(sprintf, (STRING,), ANY),
    "println": Func(sprintln, (), ANY),
    "eq": Func(_eq, (VALUE,), VALUE),
    "ne": Func(lambda a, b: not _eq(a, b), (VALUE, VALUE)),
    "lt": Func(_lt, (VALUE, VALUE)),
    "le": Func(_le, (VALUE, VALUE)),
    "gt": Func(lambda a, b: not _le(a, b), (VALUE, VALUE)),
    "ge": Func(lambda a, b: not _lt(a, b), (VALUE, VALUE)),
}


# --------------------------------------------------------------------------
# docker/cli templates.go

def _json(value) -> str:
    # docker ignores the encoder's error, so an unsupported value prints nothing.
    try:
        return go_json(value, escape_html=False)
    except UnsupportedValue:
        return ""


def _split(s: str, sep: str) -> list[str]:
    return list(s) if sep == "" else s.split(sep)


def _title_separator(ch: str) -> bool:
    if ord(ch) <= 0x7F:
        return not (ch.isalnum() or ch == "_")
    if ch.isalpha() or unicodedata.category(ch) == "Nd":
        return False
    return ch.isspace()


def _simple_case(ch: str, mapped: str) -> str:
    """Go maps case rune by rune; a mapping that would change the length is skipped."""
    return mapped if len(mapped) == 1 else ch


def _title(s: str) -> str:
    out, prev = [], " "
    for ch in s:
        out.append(_simple_case(ch, ch.title()) if _title_separator(prev) else ch)
        prev = ch
    return "".join(out)


_MAX_PAD = 1 << 20


def _pad(source: str, prefix: int, suffix: int) -> str:
    if source == "":
        return source
    if prefix < 0 or suffix < 0:
        raise CallError("strings: negative Repeat count")
    if prefix + suffix > _MAX_PAD:  # Go would try to allocate it; a notebook should not
        raise CallError("strings: Repeat output length overflow")
    return " " * prefix + source + " " * suffix


def _truncate(source: str, length: int) -> str:
    data = source.encode("utf-8")
    if len(data) < length:
        return source
    if length < 0:
        raise CallError(f"runtime error: slice bounds out of range [:{length}]")
    return data[:length].decode("utf-8", "replace")


DOCKER_FUNCTIONS = {
    "json": Func(_json, (ANY,)),
    "split": Func(_split, (STRING, STRING)),
    "join": Func(lambda elems, sep: sep.join(elems), (STRINGS, STRING)),
    "title": Func(_title, (STRING,)),
    "lower": Func(lambda s: "".join(_simple_case(c, c.lower()) for c in s), (STRING,)),
    "upper": Func(lambda s: "".join(_simple_case(c, c.upper()) for c in s), (STRING,)),
    "pad": Func(_pad, (STRING, INT, INT)),
    "truncate": Func(_truncate, (STRING, INT)),
}

# The header row of a table is the same template run over the column titles;
# these stand-ins keep the titles intact (``pad`` stays, to keep alignment).
HEADER_FUNCTIONS = {
    "json": Func(lambda v: v, (STRING,)),
    "split": Func(lambda v, _: v, (STRING, STRING)),
    "join": Func(lambda v, _: v, (STRING, STRING)),
    "title": Func(lambda v: v, (STRING,)),
    "lower": Func(lambda v: v, (STRING,)),
    "upper": Func(lambda v: v, (STRING,)),
    "truncate": Func(lambda v, _: v, (STRING, INT)),
}
