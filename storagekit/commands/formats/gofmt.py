"""Go's value printing, quoting and JSON encoding, for output that matches the real CLIs.

``docker`` and ``kubectl`` are Go programs: whatever they print went through
``fmt`` (``%v``, ``%q``, ``Sprintf``) or ``encoding/json``. Python's own
``str``, ``repr`` and ``json`` differ in many small ways (float exponents,
``True`` vs ``true``, HTML escaping, map ordering), so the simulators format
through this module instead.

Python values stand in for Go values: ``str`` for string, ``int`` for int,
``float`` for float64, ``bool``, ``None`` for nil, lists/tuples for slices,
mappings for ``map[string]...`` and other objects for structs. An object may
name its Go type with a ``__go_type__`` attribute (used in error messages) and
control its JSON with a ``marshal_json()`` method, as Go's ``MarshalJSON``.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from decimal import Decimal

from storagekit.sim.goquote import go_quote
from storagekit.sim.gostruct import GoStruct

__all__ = [
    "NO_VALUE", "basic_kind", "format_float", "go_json", "go_json_indent", "go_quote", "go_sharp_v", "go_type_name",
    "public_fields", "sorted_keys", "sprint", "sprintf", "sprintln", "to_string",
]


class _NoValue:
    """Go's invalid ``reflect.Value``: a missing map key, printed as ``<no value>``."""

    def __repr__(self) -> str:
        return "NO_VALUE"

    def __bool__(self) -> bool:
        return False


NO_VALUE = _NoValue()


def public_fields(obj) -> dict:
    """The attributes a template or JSON may see: like Go's exported struct fields."""
    return {k: v for k, v in vars(obj).items() if not k.startswith("_")}


# --------------------------------------------------------------------------
# Type names (for error messages)

def go_type_name(value) -> str:
    """The Go type a Python value stands for, as reflect prints it.

    Containers report their element type when all elements share one, which
    is how typed Go data (``[]string``, ``map[string]string``) usually looks.
    """
    if value is None:
        return "interface {}"
    explicit = getattr(type(value), "__go_type__", None)
    if isinstance(explicit, str):
        return explicit
    kind = basic_kind(value)
    if kind:
        return "float64" if kind == "float" else kind
    if isinstance(value, (list, tuple)):
        return "[]" + _common_type(value)
    if isinstance(value, Mapping):
        return "map[string]" + _common_type(list(value.values()))
    cls = type(value)
    return f"*{cls.__module__.rsplit('.', 1)[-1]}.{cls.__name__}"


def basic_kind(value) -> str | None:
    """The kind of Go basic value a Python value stands for (``bool``, ``int``, ``float``, ``string``; text/template's
    ``basicKind``), or None. ``bool`` is asked first: in Python a bool is also an int."""
    for cls, kind in ((bool, "bool"), (int, "int"), (float, "float"), (str, "string")):
        if isinstance(value, cls):
            return kind
    return None


def _common_type(items) -> str:
    names = {go_type_name(v) for v in items}
    return names.pop() if len(names) == 1 else "interface {}"


# --------------------------------------------------------------------------
# Floats

def _shortest(f: float) -> tuple[str, int]:
    """Shortest round-trip digits and decimal point position of a finite f: f = 0.DIGITS x 10**dp."""
    _, digits, exp = Decimal(repr(abs(f))).as_tuple()
    if not isinstance(exp, int):  # "n", "N" or "F": a NaN or an infinity, which have no digits
        raise ValueError(f"not a finite number: {f!r}")
    text = "".join(map(str, digits)).lstrip("0")
    if not text:
        return "0", 1
    return text.rstrip("0"), len(text) + exp


def _fixed(digits: str, dp: int) -> str:
    if dp <= 0:
        return "0." + "0" * -dp + digits
    if dp >= len(digits):
        return digits + "0" * (dp - len(digits))
    return digits[:dp] + "." + digits[dp:]


def _exponent(digits: str, dp: int) -> str:
    exp = dp - 1 if digits != "0" else 0
    mant = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
    return f"{mant}e{'-' if exp < 0 else '+'}{abs(exp):02d}"


def format_float(f: float, verb: str = "v") -> str:
    """Shortest float text as Go prints it: ``%v`` (fmt) or ``json`` (encoding/json)."""
    if math.isnan(f):
        return "NaN"
    if math.isinf(f):
        return "+Inf" if f > 0 else "-Inf"
    sign = "-" if math.copysign(1.0, f) < 0 else ""
    digits, dp = _shortest(f)
    if verb == "json":
        a = abs(f)
        if a != 0 and (a < 1e-6 or a >= 1e21):
            text = _exponent(digits, dp)
            return sign + re.sub(r"e-0(\d)$", r"e-\1", text)
        return sign + _fixed(digits, dp)
    exp = dp - 1 if digits != "0" else 0
    if exp < -4 or exp >= 6:
        return sign + _exponent(digits, dp)
    return sign + _fixed(digits, dp)


# --------------------------------------------------------------------------
# %v and friends

def to_string(value) -> str:
    """``fmt.Sprint`` of a single value: Go's ``%v``."""
    if value is NO_VALUE:
        return "<no value>"
    if value is None:
        return "<nil>"
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return _number(value)
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(to_string(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "map[" + " ".join(f"{to_string(k)}:{to_string(value[k])}" for k in sorted_keys(value)) + "]"
    if type(value).__str__ is not object.__str__:
        return str(value)
    if hasattr(value, "__dict__"):
        return "&{" + " ".join(to_string(v) for v in public_fields(value).values()) + "}"
    return "{}"


def _number(value: bool | int | float) -> str:
    """A bool or a number as ``%v`` and ``%#v`` both print it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, int) else format_float(value)


def sorted_keys(mapping: Mapping) -> list:
    """Map keys in the order Go prints and ranges over them (``fmtsort``): by value, per type."""
    return sorted(mapping, key=lambda k: (str(type(k)), k))


def go_sharp_v(value) -> str:
    """Go's ``%#v`` of decoded JSON (``map[string]interface {}{...}``), as kubectl shows objects."""
    if value is None:
        return "interface {}(nil)"
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, (bool, int, float)):
        return _number(value)
    if isinstance(value, (list, tuple)):
        return "[]interface {}{" + ", ".join(go_sharp_v(v) for v in value) + "}"
    if isinstance(value, Mapping):
        items = ", ".join(f"{go_quote(str(k))}:{go_sharp_v(value[k])}" for k in sorted_keys(value))
        return "map[string]interface {}{" + items + "}"
    return go_quote(to_string(value))


def sprint(*args) -> str:
    """``fmt.Sprint``: spaces only between operands when neither is a string."""
    out = []
    for i, arg in enumerate(args):
        if i > 0 and not isinstance(arg, str) and not isinstance(args[i - 1], str):
            out.append(" ")
        out.append(to_string(arg))
    return "".join(out)


def sprintln(*args) -> str:
    """``fmt.Sprintln``: always spaces between operands, and a newline."""
    return " ".join(to_string(a) for a in args) + "\n"


# --------------------------------------------------------------------------
# Sprintf

_VERB_RE = re.compile(r"%([-+# 0]*)(\*|\d+)?(?:\.(\*|\d*))?(.?)", re.S)


def _rune(code: int) -> str:
    """A rune as Go converts an integer: invalid code points become U+FFFD."""
    valid = 0 <= code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF
    return chr(code) if valid else "\ufffd"


_TOO_LARGE = 1_000_000  # fmt refuses widths and precisions beyond this


def _bad(verb: str, value) -> str:
    if value is None:
        return f"%!{verb}(<nil>)"
    return f"%!{verb}({go_type_name(value)}={to_string(value)})"


def _format_one(verb: str, flags: str, prec: int | None, value) -> str | None:
    """One operand under one verb; ``None`` means a bad verb for this type."""
    if verb == "v":
        return to_string(value)
    if verb == "T":
        return "<nil>" if value is None else go_type_name(value)
    if isinstance(value, (list, tuple)) and verb not in "qxX":
        parts = []
        for v in value:
            part = _format_one(verb, flags, prec, v)
            if part is None:
                return None
            parts.append(part)
        return "[" + " ".join(parts) + "]"
    if isinstance(value, bool):
        return ("true" if value else "false") if verb == "t" else None
    if isinstance(value, int):
        if verb == "d":
            return ("+" if "+" in flags and value >= 0 else "") + str(value)
        bases = {"x": "x", "X": "X", "o": "o", "b": "b"}
        if verb in bases:
            prefix = {"x": "0x", "X": "0X", "o": "0", "b": ""}[verb] if "#" in flags else ""
            return ("-" if value < 0 else "") + prefix + format(abs(value), bases[verb])
        if verb == "c":
            return _rune(value)
        if verb == "q":
            ch = _rune(value)
            return "'" + ("\\'" if ch == "'" else go_quote(ch)[1:-1].replace('\\"', '"')) + "'"
        if verb == "U":
            return f"U+{value:04X}"
        return None
    if isinstance(value, float):
        if verb in "fF":
            return f"{value:.{6 if prec is None else prec}f}"
        if verb in "eE":
            text = f"{value:.{6 if prec is None else prec}e}"
            return text.upper() if verb == "E" else text
        if verb in "gG":
            text = format_float(value) if prec is None else f"{value:.{prec}g}"
            return text.upper() if verb == "G" else text
        return None
    if isinstance(value, str):
        if verb == "s":
            return value if prec is None else value[:prec]
        if verb == "q":
            return go_quote(value, prec)
        if verb in "xX":
            text = value.encode("utf-8", "replace").hex()
            return text.upper() if verb == "X" else text
        return None
    return to_string(value) if verb == "s" else None


def sprintf(fmt: str, *args) -> str:
    """``fmt.Sprintf`` for the verbs templates use, with Go's ``%!`` error markers."""
    out: list[str] = []
    pos = argi = 0
    while pos < len(fmt):
        nxt = fmt.find("%", pos)
        if nxt < 0:
            out.append(fmt[pos:])
            break
        out.append(fmt[pos:nxt])
        m = _VERB_RE.match(fmt, nxt)
        assert m is not None, "all of a verb but its % is optional, so it matches at every %"
        flags, width, prec, verb = m.group(1), m.group(2), m.group(3), m.group(4)
        pos = m.end()
        if any(x and x != "*" and int(x) > _TOO_LARGE for x in (width, prec)):
            out.append("%!(NOVERB)")  # Go's parser gives up on the rest of the format
            break
        if width == "*":
            width = args[argi] if argi < len(args) and isinstance(args[argi], int) else None
            argi += 1
            if width is None or abs(width) > _TOO_LARGE:
                out.append("%!(BADWIDTH)")
                width = 0
            elif width < 0:
                flags, width = flags + "-", -width
        if prec == "*":
            prec = args[argi] if argi < len(args) and isinstance(args[argi], int) else None
            argi += 1
            if prec is None or abs(prec) > _TOO_LARGE:
                out.append("%!(BADPREC)")
                prec = None
            elif prec < 0:
                prec = None
        width = int(width or 0)
        prec_n = None if prec is None else int(prec or 0)
        if verb == "":
            out.append("%!(NOVERB)")
            continue
        if verb == "%":
            out.append("%")
            continue
        if argi >= len(args):
            out.append(f"%!{verb}(MISSING)")
            continue
        value = args[argi]
        argi += 1
        text = _format_one(verb, flags, prec_n, value) if value is not None or verb in "vT" else None
        if text is None:
            out.append(_bad(verb, value))
            continue
        if len(text) < width:
            if "-" in flags:
                text = text.ljust(width)
            elif "0" in flags and isinstance(value, (int, float)) and not isinstance(value, bool):
                sign = text[0] if text[:1] in ("+", "-") else ""
                text = sign + text[len(sign):].rjust(width - len(sign), "0")
            else:
                text = text.rjust(width)
        out.append(text)
    if argi < len(args):
        extra = ", ".join("<nil>" if a is None else f"{go_type_name(a)}={to_string(a)}" for a in args[argi:])
        out.append(f"%!(EXTRA {extra})")
    return "".join(out)


# --------------------------------------------------------------------------
# encoding/json

class UnsupportedValue(ValueError):
    """``json: unsupported value``: Go refuses NaN and infinities."""


def go_json(value, escape_html: bool = True, *, sort_keys: bool = True) -> str:
    """``json.Marshal``: compact, map keys sorted (a :class:`GoStruct` keeps its fields' order, as does every
    mapping with ``sort_keys=False``), Go's string escaping and float text."""
    out: list[str] = []
    _encode(value, out, escape_html, sort_keys)
    return "".join(out)


def go_json_indent(value, indent: str = "    ", *, sort_keys: bool = True) -> str:
    """``json.MarshalIndent(v, "", indent)``: :func:`go_json` laid out by ``json.Indent``, an empty object or
    array kept as ``{}`` or ``[]``; what kubectl's and docker's JSON printers write.

    >>> print(go_json_indent({"b": [], "a": {"<": 1.5e6}}, "  "))
    {
      "a": {
        "\\u003c": 1500000
      },
      "b": []
    }
    """
    out: list[str] = []
    depth, opened, in_string, escaped = 0, False, False, False
    for c in go_json(value, sort_keys=sort_keys):
        if in_string:
            out.append(c)
            escaped, in_string = (False, True) if escaped else (c == "\\", c != '"')
            continue
        if opened and c not in "]}":
            out.append("\n" + indent * depth)
        if c in "]}":
            depth -= 1
            if not opened:
                out.append("\n" + indent * depth)
        opened = c in "{["
        if opened:
            depth += 1
        out.append({",": ",\n" + indent * depth, ":": ": "}.get(c, c))
        in_string = c == '"'
    return "".join(out)


def _encode(value, out: list[str], escape_html: bool, sort_keys: bool = True) -> None:
    if value is None or value is NO_VALUE:
        out.append("null")
    elif isinstance(value, bool):
        out.append("true" if value else "false")
    elif isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise UnsupportedValue(f"json: unsupported value: {format_float(value)}")
        out.append(format_float(value, "json"))
    elif isinstance(value, str):
        out.append(_json_string(value, escape_html))
    elif isinstance(value, (list, tuple)):
        out.append("[")
        for i, item in enumerate(value):
            if i:
                out.append(",")
            _encode(item, out, escape_html, sort_keys)
        out.append("]")
    elif isinstance(value, Mapping):
        out.append("{")
        in_order = isinstance(value, GoStruct) or not sort_keys  # a struct's fields keep their declared order
        for i, key in enumerate(value if in_order else sorted(value, key=to_string)):
            if i:
                out.append(",")
            out.append(_json_string(to_string(key), escape_html))
            out.append(":")
            _encode(value[key], out, escape_html, sort_keys)
        out.append("}")
    elif callable(getattr(value, "marshal_json", None)):
        _encode(value.marshal_json(), out, escape_html, sort_keys)
    elif hasattr(value, "__dict__"):
        fields = public_fields(value)
        out.append("{")
        for i, (key, item) in enumerate(fields.items()):
            if i:
                out.append(",")
            out.append(_json_string(key, escape_html) + ":")
            _encode(item, out, escape_html, sort_keys)
        out.append("}")
    else:
        out.append(_json_string(to_string(value), escape_html))


_JSON_SHORT = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _json_string(s: str, escape_html: bool) -> str:
    out = ['"']
    for ch in s:
        code = ord(ch)
        if ch in _JSON_SHORT:
            out.append(_JSON_SHORT[ch])
        elif code < 0x20 or (escape_html and ch in "<>&") or code in (0x2028, 0x2029):
            out.append(f"\\u{code:04x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\ufffd")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)
