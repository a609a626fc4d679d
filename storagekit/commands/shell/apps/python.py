"""``python3``: its version as the image's data says, ``-m pip``, and programs that only print.

The version is read where the image records it: Debian's and Ubuntu's
``python3.X-minimal`` package in the dpkg database, Alpine's ``python3`` in
apk's, and for the official images' own build under ``/usr/local`` the
``PYTHON_VERSION`` their Dockerfile sets. ``-c``, a script or stdin run when
every statement is a ``print`` of literals, string concatenation, f-strings
and arithmetic; anything else is declined with a note and status 1, never
run as something it is not.
"""

from __future__ import annotations

import ast
import operator

from storagekit.commands.shell.context import ProcessContext, Unmodelled
from storagekit.commands.shell.packages import dpkg
from storagekit.commands.shell.packages.pip import pip_module
from storagekit.docker.catalogue import alpine
from storagekit.docker.catalogue.pypi import Interpreter, find_interpreter
from storagekit.fs import paths

APK_INSTALLED = "/lib/apk/db/installed"
OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
             ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow}
LIMIT = 1 << 20
"""The largest string or number (in characters) a print may build: a bigger one is declined, not computed."""


class Declined(Exception):
    """What the simulator does not run; the message says what it would have needed."""


def full_version(ctx: ProcessContext, interp: Interpreter) -> str | None:
    """``3.12.10``: from the package database that installed the interpreter, or the official image's ENV."""
    if interp.executable.startswith("/usr/local/"):
        given = ctx.env.get("PYTHON_VERSION", "")
        return given if given.startswith(interp.version + ".") else None
    packages = dpkg.installed(ctx.fs)
    for name in (f"python{interp.version}-minimal", f"python{interp.version}"):
        if name in packages:
            return packages[name].get("Version", "").split("-")[0].split("+")[0] or None
    if ctx.fs.isfile(APK_INSTALLED):
        for name, version in alpine.parse_installed(ctx.fs.read(APK_INSTALLED).decode()):
            if name == "python3" and version.startswith(interp.version + "."):
                return version.split("-")[0]
    return None


def python(ctx: ProcessContext, argv: list[str]) -> int:
    interp = find_interpreter(ctx.fs)
    if interp is None:
        raise Unmodelled(f"{paths.basename(argv[0])}: no Python installation found in this image's files")
    args = argv[1:]
    if args[:1] in (["--version"], ["-V"]):
        version = full_version(ctx, interp)
        if version is None:
            raise Unmodelled(f"the version of {interp.executable} is not recorded in this image's package data")
        ctx.out(f"Python {version}\n")
        return 0
    while args and args[0] in ("-u", "-B", "-q", "-E", "-s", "-I"):
        args = args[1:]
    if args[:2] == ["-m", "pip"]:
        return pip_module(ctx, ["pip", *args[2:]], interp)
    if args[:1] == ["-c"] and len(args) > 1:
        source, name = args[1], "-c"
    elif not args:
        source, name = ctx.stdin.decode("utf-8", "replace"), "stdin"
    elif args[0].startswith("-"):
        return _decline(ctx, f"python3 {args[0]} is not simulated")
    else:
        path = ctx.abspath(args[0])
        try:
            source, name = ctx.fs.read(path).decode("utf-8", "replace"), args[0]
        except OSError as exc:
            ctx.err(f"{argv[0]}: can't open file '{path}': [Errno {exc.errno}] {exc.strerror}\n")
            return 2
    try:
        ctx.out(run_prints(source))
    except Declined as exc:
        return _decline(ctx, f"{name}: {exc}")
    return 0


def _decline(ctx: ProcessContext, why: str) -> int:
    raise Unmodelled(f"{why}; the simulated python3 runs only print() of literals, string concatenation, "
                     "f-strings and arithmetic")


def run_prints(source: str) -> str:
    """What a program made only of ``print(...)`` calls writes, or :class:`Declined`."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise Declined(f"not valid Python to the simulator ({exc.msg})") from None
    out = []
    for stmt in tree.body:
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "print"):
            raise Declined(f"line {stmt.lineno} is not a print() call")
        options = {"sep": " ", "end": "\n"}
        for kw in call.keywords:
            value = _value(kw.value)
            if kw.arg not in options or not isinstance(value, str | None):
                raise Declined(f"print(..., {kw.arg}=...) is not simulated")
            options[kw.arg] = options[kw.arg] if value is None else value
        if any(isinstance(a, ast.Starred) for a in call.args):
            raise Declined("print(*...) is not simulated")
        out.append(options["sep"].join(str(_value(a)) for a in call.args) + options["end"])
    return "".join(out)


def _value(node: ast.expr) -> object:
    if isinstance(node, ast.Constant) and isinstance(node.value, str | int | float | bool | None):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _value(node.operand)
        if isinstance(value, int | float):
            return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        left, right = _value(node.left), _value(node.right)
        if isinstance(node.op, ast.Pow) and isinstance(right, int | float) and abs(right) > 1000:
            raise Declined("a power that large is not computed")
        if isinstance(node.op, ast.Mult) and any(isinstance(v, str) for v in (left, right)) and \
                any(isinstance(v, int) and v > LIMIT for v in (left, right)):
            raise Declined("a string that long is not built")
        try:
            return OPERATORS[type(node.op)](left, right)
        except (TypeError, ZeroDivisionError, OverflowError) as exc:
            raise Declined(f"{type(exc).__name__} (the real python3 prints a traceback)") from None
    if isinstance(node, ast.JoinedStr):
        parts = []
        for part in node.values:
            if isinstance(part, ast.FormattedValue):
                if part.format_spec is not None:
                    spec = _value(part.format_spec)
                    parts.append(format(_value(part.value), str(spec)))
                else:
                    value = _value(part.value)
                    parts.append(repr(value) if part.conversion == ord("r") else str(value))
            else:
                parts.append(str(_value(part)))
        return "".join(parts)
    raise Declined(f"{ast.unparse(node)!r} is not a literal, a concatenation or arithmetic")


PROGRAMS = {name: python for name in ("python", "python3", *(f"python3.{minor}" for minor in range(8, 15)))}
