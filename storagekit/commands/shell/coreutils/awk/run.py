"""The awk tree run over records: fields and ``$0`` kept in step, the special variables, arrays, regular
expressions, statements, user functions, and output to files and commands."""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from storagekit.commands.shell.coreutils.awk import builtins
from storagekit.commands.shell.coreutils.awk.arrays import Key, MawkArray, OrderedArray
from storagekit.commands.shell.coreutils.awk.parse import Program
from storagekit.commands.shell.coreutils.awk.values import (
    CLASSES,
    NUMERIC,
    UNINIT,
    AwkError,
    StrNum,
    Uninit,
    format_number,
    to_num,
)

Array = MawkArray | OrderedArray
ARRAYS = (MawkArray, OrderedArray)


class Next(Exception):
    pass


class Exit(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class _Return(Exception):
    def __init__(self, value) -> None:
        super().__init__()
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


def ere(pattern: str, intervals: bool) -> str:
    """A POSIX extended regular expression as Python's ``re`` reads it: bracket classes spelled out, and ``{``
    literal without ``intervals`` (mawk 1.3.4-20200120, Debian 12's, has no interval expressions)."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
        elif c == "[":
            j = i + 1
            negate = pattern[j:j + 1] == "^"
            j += negate
            body = []
            if pattern[j:j + 1] == "]":
                body.append("\\]")
                j += 1
            while j < len(pattern) and pattern[j] != "]":
                m = re.match(r"\[:(\w+):\]", pattern[j:])
                if m:
                    body.append(CLASSES.get(m.group(1), ""))
                    j += len(m.group())
                elif pattern[j] == "\\" and j + 1 < len(pattern):
                    body.append(pattern[j:j + 2])
                    j += 2
                else:
                    body.append("\\[" if pattern[j] == "[" else pattern[j])
                    j += 1
            out.append("[" + ("^" if negate else "") + "".join(body) + "]")
            i = j + 1
        elif c in "{}" and not intervals:
            out.append("\\" + c)
            i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


class Interpreter:
    def __init__(self, prog: Program, out: Callable[[str], None], env: dict[str, str], random: Callable[[], float],
                 read_file: Callable[[str], str], write_file: Callable[[str, str, bool], None],
                 run_command: Callable[[str, str], int], *, busybox: bool = False) -> None:
        self.prog, self.out, self.random, self.busybox = prog, out, random, busybox
        self.read_file, self.write_file, self.run_command = read_file, write_file, run_command
        self.vars: dict = {"FS": " ", "OFS": " ", "ORS": "\n", "RS": "\n", "NR": 0.0, "NF": 0.0, "FNR": 0.0,
                           "SUBSEP": "\x1c", "CONVFMT": "%.6g", "OFMT": "%.6g", "RSTART": 0.0, "RLENGTH": -1.0,
                           "FILENAME": ""}
        self.arrays: dict[str, Array] = {"ENVIRON": self.new_array({k: StrNum(v) for k, v in env.items()})}
        self.fields: list = [""]
        self.record = ""
        self.ranges: dict[int, bool] = {}
        self.locals: list[dict] = []
        self.outputs: dict[str, list[str]] = {}
        """What ``print > FILE`` and ``print | CMD`` wrote, flushed at ``close`` or at the end."""
        self.appending: dict[str, bool] = {}
        self.inputs: dict[str, list[str]] = {}
        self.next_record: Callable[[], str | None] = lambda: None
        self.capture: Callable[[str], str] = lambda command: ""
        """What a command prints, for ``"cmd" | getline``."""
        self.regexes: dict[str, re.Pattern] = {}

    # --------------------------------------------------------------- values

    def to_str(self, v, fmt: str = "CONVFMT") -> str:
        if isinstance(v, str):
            return v
        if v is UNINIT:
            return ""
        return format_number(v, self.to_str(self.vars[fmt]))

    def truthy(self, v) -> bool:
        if isinstance(v, float):
            return v != 0
        if v is UNINIT:
            return False
        if isinstance(v, StrNum) and NUMERIC.match(v):
            return to_num(v) != 0
        return v != ""

    def regex(self, text: str) -> re.Pattern:
        if text not in self.regexes:
            try:
                self.regexes[text] = re.compile(ere(text, self.busybox))
            except re.error:
                raise AwkError(f"regular expression compile failed (missing operand)\n{text}") from None
        return self.regexes[text]

    def pattern_of(self, node) -> re.Pattern:
        return self.regex(node[1] if node[0] == "regex" else self.to_str(self.eval(node)))

    # --------------------------------------------------------------- fields

    def set_record(self, text: str) -> None:
        self.record = text
        self.fields = [text] + self.split(text, self.vars["FS"])
        self.vars["NF"] = float(len(self.fields) - 1)

    def split(self, text: str, fs) -> list:
        fs = self.to_str(fs)
        if fs == " ":
            parts = text.split()
        elif text == "":
            parts = []
        elif len(fs) == 1 and fs != "\\":
            parts = text.split(fs)
        else:
            parts = self.regex(fs).split(text)
        return [StrNum(p) for p in parts]

    def get_field(self, i: int):
        if i < 0:
            raise AwkError(f"negative field index ${i}")
        if i == 0:
            return StrNum(self.record)
        return self.fields[i] if i < len(self.fields) else UNINIT

    def set_field(self, i: int, value) -> None:
        if i == 0:
            self.set_record(self.to_str(value))
            return
        while len(self.fields) <= i:
            self.fields.append("")
        self.fields[i] = value
        self.vars["NF"] = float(len(self.fields) - 1)
        self.rebuild()

    def rebuild(self) -> None:
        self.record = self.to_str(self.vars["OFS"]).join(self.to_str(f, "CONVFMT") for f in self.fields[1:])
        self.fields[0] = self.record

    def set_nf(self, n: int) -> None:
        self.fields = (self.fields + [""] * n)[:n + 1]
        self.vars["NF"] = float(n)
        self.rebuild()

    # ------------------------------------------------------------ variables

    def scope(self, name: str) -> dict:
        if self.locals and name in self.locals[-1]:
            return self.locals[-1]
        return self.vars

    def get_var(self, name: str):
        s = self.scope(name)
        if isinstance(s.get(name), ARRAYS) or (name in self.arrays and s is self.vars):
            raise AwkError(f"can't use array {name} in scalar context")
        return s.get(name, UNINIT)

    def set_var(self, name: str, value) -> None:
        s = self.scope(name)
        if s is self.vars and name in self.arrays:
            raise AwkError(f"can't assign to {name}; it's an array name.")
        s[name] = value
        if name == "NF" and s is self.vars:
            self.set_nf(int(to_num(value)))

    def new_array(self, items: dict | None = None) -> Array:
        array: Array = OrderedArray() if self.busybox else MawkArray()
        for key, value in (items or {}).items():
            array.set(key, value)
        return array

    def is_array(self, name: str) -> bool:
        return name in self.arrays or isinstance(self.scope(name).get(name), ARRAYS)

    def array(self, name: str) -> Array:
        if self.locals and name in self.locals[-1]:
            local = self.locals[-1]
            if local[name] is UNINIT:
                local[name] = self.new_array()
            if not isinstance(local[name], ARRAYS):
                raise AwkError(f"can't use scalar {name} as array")
            return local[name]
        if name in self.vars:
            raise AwkError(f"can't use scalar {name} as array")
        if name not in self.arrays:
            self.arrays[name] = self.new_array()
        return self.arrays[name]

    def key(self, subscript: list) -> Key:
        """An array subscript: an integer stays one (mawk files it by value), anything else is a string."""
        if len(subscript) == 1:
            value = self.eval(subscript[0])
            if isinstance(value, float) and math.isfinite(value) and value == int(value):
                return int(value)
            return self.to_str(value)
        return self.to_str(self.vars["SUBSEP"]).join(self.to_str(self.eval(e)) for e in subscript)

    def assign(self, target, value):
        kind = target[0]
        if kind == "var":
            self.set_var(target[1], value)
        elif kind == "field":
            self.set_field(int(to_num(self.eval(target[1]))), value)
        elif kind == "index":
            self.array(target[1]).set(self.key(target[2]), value)
        elif kind == "group":
            return self.assign(target[1], value)
        return value

    # ---------------------------------------------------------- expressions

    def eval(self, node):
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "str":
            return node[1]
        if kind == "regex":
            return 1.0 if self.regex(node[1]).search(self.record) else 0.0
        if kind == "group":
            return self.eval(node[1])
        if kind == "var":
            return self.get_var(node[1])
        if kind == "field":
            return self.get_field(int(to_num(self.eval(node[1]))))
        if kind == "index":
            return self.array(node[1]).get(self.key(node[2]), UNINIT)
        if kind == "in":
            return 1.0 if self.array(node[2]).has(self.key(node[1])) else 0.0
        if kind == "assign":
            op, target, expr = node[1], node[2], node[3]
            value = self.eval(expr)
            if op != "=":
                value = self.arith(op[0], self.eval(target), value)
            elif isinstance(value, Uninit):
                value = UNINIT
            return self.assign(target, value)
        if kind == "cond":
            return self.eval(node[2] if self.truthy(self.eval(node[1])) else node[3])
        if kind == "or":
            return 1.0 if self.truthy(self.eval(node[1])) or self.truthy(self.eval(node[2])) else 0.0
        if kind == "and":
            return 1.0 if self.truthy(self.eval(node[1])) and self.truthy(self.eval(node[2])) else 0.0
        if kind == "match":
            hit = bool(self.pattern_of(node[3]).search(self.to_str(self.eval(node[2]))))
            return 1.0 if hit != node[1] else 0.0
        if kind == "cmp":
            return 1.0 if self.compare(node[1], self.eval(node[2]), self.eval(node[3])) else 0.0
        if kind == "concat":
            return self.to_str(self.eval(node[1])) + self.to_str(self.eval(node[2]))
        if kind == "binop":
            return self.arith(node[1], self.eval(node[2]), self.eval(node[3]))
        if kind == "not":
            return 0.0 if self.truthy(self.eval(node[1])) else 1.0
        if kind == "neg":
            return -to_num(self.eval(node[1]))
        if kind == "plus":
            return to_num(self.eval(node[1]))
        if kind == "preinc":
            value = to_num(self.eval(node[2])) + (1 if node[1] == "++" else -1)
            return self.assign(node[2], value)
        if kind == "postinc":
            old = to_num(self.eval(node[2]))
            self.assign(node[2], old + (1 if node[1] == "++" else -1))
            return old
        if kind == "builtin":
            return self.builtin(node[1], node[2])
        if kind == "call":
            return self.call(node[1], node[2])
        if kind == "getline":
            return self.getline(node[1], node[2])
        if kind == "cmdgetline":
            return self.command_getline(self.to_str(self.eval(node[1])), node[2])
        raise AwkError(f"unknown node {kind}")

    def arith(self, op: str, a, b) -> float:
        x, y = to_num(a), to_num(b)
        if op == "+":
            return x + y
        if op == "-":
            return x - y
        if op == "*":
            return x * y
        if op in "/%":
            if y == 0:
                if self.busybox:
                    raise AwkError("Division by zero")
                return math.nan if op == "%" or x == 0 else math.copysign(math.inf, x)  # mawk goes on with C's value
            return x / y if op == "/" else math.fmod(x, y)
        try:
            return float(x ** y)
        except (OverflowError, ZeroDivisionError):
            return math.inf

    def compare(self, op: str, a, b) -> bool:
        def numeric(v) -> bool:
            return isinstance(v, float) or v is UNINIT or (isinstance(v, StrNum) and bool(NUMERIC.match(v)))

        if numeric(a) and numeric(b):
            x, y = to_num(a), to_num(b)
        else:
            x, y = self.to_str(a), self.to_str(b)  # type: ignore[assignment]
        return {"<": x < y, "<=": x <= y, "==": x == y, "!=": x != y, ">": x > y, ">=": x >= y}[op]

    def builtin(self, name: str, args: list):
        return builtins.call(self, name, args)

    def sprintf(self, values: list) -> str:
        return builtins.sprintf(self, values)

    # ------------------------------------------------------------ statements

    def run(self, stmts: list) -> None:
        for st in stmts:
            kind = st[0]
            if kind == "expr":
                self.eval(st[1])
            elif kind in ("print", "printf"):
                self.print_(st)
            elif kind == "block":
                self.run(st[1])
            elif kind == "if":
                self.run(st[2] if self.truthy(self.eval(st[1])) else st[3])
            elif kind == "while":
                while self.truthy(self.eval(st[1])):
                    if self.loop_body(st[2]):
                        break
            elif kind == "do":
                while True:
                    if self.loop_body(st[1]) or not self.truthy(self.eval(st[2])):
                        break
            elif kind == "for":
                if st[1] is not None:
                    self.eval(st[1])
                while st[2] is None or self.truthy(self.eval(st[2])):
                    if self.loop_body(st[4]):
                        break
                    if st[3] is not None:
                        self.eval(st[3])
            elif kind == "forin":
                for k in self.array(st[2]).loop_keys():  # the keys there when the loop began, as mawk does
                    self.set_var(st[1], StrNum(k))
                    if self.loop_body(st[3]):
                        break
            elif kind == "break":
                raise _Break
            elif kind == "continue":
                raise _Continue
            elif kind in ("next", "nextfile"):
                raise Next
            elif kind == "exit":
                raise Exit(int(to_num(self.eval(st[1]))) if st[1] is not None else self.vars.get("\0status", 0))
            elif kind == "return":
                raise _Return(self.eval(st[1]) if st[1] is not None else UNINIT)
            elif kind == "delete":
                arr = self.array(st[1])
                if st[2] is None:
                    arr.clear()
                else:
                    arr.delete(self.key(st[2]))

    def loop_body(self, body: list) -> bool:
        """Run a loop's body once; True when it breaks out."""
        try:
            self.run(body)
        except _Break:
            return True
        except _Continue:
            pass
        return False

    def print_(self, st) -> None:
        kind, args, redirect = st
        if kind == "print":
            values = [self.eval(a) for a in args] if args else [StrNum(self.record)]
            text = self.to_str(self.vars["OFS"]).join(self.to_str(v, "OFMT") if isinstance(v, float)
                                                      else self.to_str(v) for v in values)
            text += self.to_str(self.vars["ORS"])
        else:
            text = self.sprintf([self.eval(a) for a in args])
        if redirect is None:
            self.out(text)
            return
        op, target = redirect
        name = self.to_str(self.eval(target))
        key = ("|" if op == "|" else ">") + name
        if key not in self.outputs:
            self.outputs[key] = []
            if op != "|":
                self.write_file(name, "", op == ">>")
        self.outputs[key].append(text)

    def flush(self) -> None:
        for key in list(self.outputs):
            self.close(key[1:], key[0])

    def close(self, name: str, which: str = "") -> int:
        status = -1
        for key in [k for k in self.outputs if k[1:] == name and (not which or k[0] == which)]:
            text = "".join(self.outputs.pop(key))
            if key[0] == "|":
                status = self.run_command(name, text)
            else:
                self.write_file(name, text, True)
                status = 0
        if name in self.inputs:
            del self.inputs[name]
            status = 0
        return status

    # --------------------------------------------------------------- getline

    def getline(self, target, source) -> float:
        if source is None:
            record = self.next_record()
            if record is None:
                return 0.0
            self.vars["NR"] = to_num(self.vars["NR"]) + 1
            self.vars["FNR"] = to_num(self.vars["FNR"]) + 1
        else:
            name = self.to_str(self.eval(source))
            if name not in self.inputs:
                try:
                    self.inputs[name] = self.read_file(name).splitlines()
                except OSError:
                    return -1.0
            lines = self.inputs[name]
            if not lines:
                return 0.0
            record = lines.pop(0)
        if target is None:
            self.set_record(record)
            if source is not None:
                pass
        else:
            self.assign(target, StrNum(record))
        return 1.0

    def command_getline(self, command: str, target) -> float:
        """``"cmd" | getline``: the command runs once, at the first read, and its lines are read one by one."""
        if command not in self.inputs:
            self.flush()
            self.inputs[command] = self.capture(command).splitlines()
        lines = self.inputs[command]
        if not lines:
            return 0.0
        record = lines.pop(0)
        if target is None:  # mawk and BusyBox leave NR as it is
            self.set_record(record)
        else:
            self.assign(target, StrNum(record))
        return 1.0

    # ------------------------------------------------------------- functions

    def call(self, name: str, args: list):
        if name not in self.prog.functions:
            raise AwkError(f"function {name} never defined")
        params, body = self.prog.functions[name]
        frame: dict = {}
        for i, p in enumerate(params):
            if i < len(args):
                a = args[i]
                if a[0] == "var" and self.is_array(a[1]):
                    frame[p] = self.array(a[1])
                else:
                    frame[p] = self.eval(a)
            else:
                frame[p] = UNINIT
        self.locals.append(frame)
        try:
            self.run(body)
        except _Return as r:
            return r.value
        finally:
            self.locals.pop()
        return UNINIT

