"""awk's built-in functions (``length``, ``substr``, ``sub``/``gsub``, ``split``, ``sprintf``...), each as mawk or
BusyBox computes it where they differ."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from storagekit.commands.shell.coreutils.awk.values import AwkError, to_num

if TYPE_CHECKING:
    from storagekit.commands.shell.coreutils.awk.run import Interpreter



def call(interp: Interpreter, name: str, args: list):
    if name == "length":
        if args and args[0][0] == "var" and interp.is_array(args[0][1]):
            return float(len(interp.array(args[0][1])))
        return float(len(interp.to_str(interp.eval(args[0])) if args else interp.record))
    if name in ("sub", "gsub"):
        target = args[2] if len(args) > 2 else ("field", ("num", 0.0))
        rx = interp.pattern_of(args[0])
        repl = interp.to_str(interp.eval(args[1]))
        text = interp.to_str(interp.eval(target))

        def replace(m: re.Match) -> str:
            out, i = [], 0
            while i < len(repl):
                if repl[i] == "\\" and repl[i + 1:i + 2] in ("&", "\\"):
                    out.append(repl[i + 1])
                    i += 2
                elif repl[i] == "&":
                    out.append(m.group())
                    i += 1
                else:
                    out.append(repl[i])
                    i += 1
            return "".join(out)

        new, count = rx.subn(replace, text, count=1 if name == "sub" else 0)
        if count:
            interp.assign(target, new)
        return float(count)
    if name == "split":
        parts = interp.split(interp.to_str(interp.eval(args[0])),
                           interp.pattern_of(args[2]).pattern if len(args) > 2 and args[2][0] == "regex"
                           else interp.eval(args[2]) if len(args) > 2 else interp.vars["FS"])
        interp.array(args[1][1]).load(parts)
        return float(len(parts))
    values = [interp.eval(a) for a in args]
    if name == "substr":
        s = interp.to_str(values[0])
        start = to_num(values[1])
        length = to_num(values[2]) if len(values) > 2 else math.inf
        if interp.busybox:  # a start before the string counts from its first character
            lo = min(max(int(start) - 1, 0), len(s))
            return s[lo:lo + max(int(length), 0)] if length != math.inf else s[lo:]
        lo = _round(start)
        count = len(s) + 1 if length == math.inf else _round(length)
        if lo < 1:  # mawk 1.3.4-20200120 lengthens the count by as much as the start is before the string
            lo, count = 1, count - lo
        return s[lo - 1:lo - 1 + max(count, 0)]
    if name == "index":
        needle = interp.to_str(values[1])
        return float(interp.to_str(values[0]).find(needle) + 1) if needle or not interp.busybox else 0.0
    if name == "match":
        m = interp.pattern_of(args[1]).search(interp.to_str(values[0]))
        interp.vars["RSTART"] = float(m.start() + 1) if m else 0.0
        interp.vars["RLENGTH"] = float(len(m.group())) if m else -1.0
        return interp.vars["RSTART"]
    if name == "sprintf":
        return sprintf(interp, values)
    if name in ("tolower", "toupper"):
        s = interp.to_str(values[0])
        return s.lower() if name == "tolower" else s.upper()
    if name == "int":
        return float(math.trunc(to_num(values[0])))
    if name in ("sqrt", "exp", "log", "sin", "cos"):
        x = to_num(values[0])
        try:
            return float(getattr(math, name)(x))
        except (ValueError, OverflowError):
            return math.nan if name != "exp" else math.inf
    if name == "atan2":
        return math.atan2(to_num(values[0]), to_num(values[1]))
    if name == "rand":
        return interp.random()
    if name == "srand":
        previous = interp.vars.get("\0seed", 0.0)
        interp.vars["\0seed"] = to_num(values[0]) if values else 0.0
        return previous
    if name == "system":
        interp.flush()
        return float(interp.run_command(interp.to_str(values[0]), ""))
    if name == "close":
        return float(interp.close(interp.to_str(values[0])))
    if name == "fflush":
        return 0.0
    raise AwkError(f"function {name} never defined")

def sprintf(interp: Interpreter, values: list) -> str:
    fmt = interp.to_str(values[0]) if values else ""
    args = list(values[1:])
    out, i = [], 0
    spec = re.compile(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([cdiouxXeEfFgGs%])")
    pos = 0
    while True:
        m = spec.search(fmt, pos)
        if not m:
            out.append(fmt[pos:])
            break
        out.append(fmt[pos:m.start()])
        pos = m.end()
        flags, width, prec, conv = m.groups()
        if conv == "%":
            out.append("%")
            continue

        def take():
            nonlocal i
            if i >= len(args):
                raise AwkError(f"not enough arguments passed to sprintf(\"{fmt}\")")
            i += 1
            return args[i - 1]

        if width == "*":
            width = str(int(to_num(take())))
        if prec == "*":
            prec = str(int(to_num(take())))
        value = take()
        head = "%" + flags + (width or "") + ("." + prec if prec is not None else "")
        if conv == "c":
            text = chr(int(to_num(value))) if isinstance(value, float) else interp.to_str(value)[:1]
            out.append((head + "s") % text)
        elif conv == "s":
            out.append((head + "s") % interp.to_str(value))
        elif conv in "diouxX":
            n = to_num(value)
            n_int = int(n) if math.isfinite(n) else 0
            if conv in "ouxX" and n_int < 0:
                n_int &= (1 << 64) - 1
            out.append((head + ("d" if conv in "iu" else conv)) % n_int)
        else:
            out.append((head + conv) % to_num(value))
    return "".join(out)


def _round(x: float) -> int:
    """substr's rounding of its positions: to the nearest integer, halves to even as C's ``rint``."""
    return round(x) if math.isfinite(x) else (1 << 62 if x > 0 else -(1 << 62))
