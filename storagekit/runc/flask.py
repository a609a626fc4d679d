"""``flask run``: which application it serves, found as Flask's command line finds it, and what it prints.

The application comes from ``--app`` or ``FLASK_APP`` (``module``,
``module:name``, ``path/to/app.py``), else from ``wsgi.py`` then ``app.py`` in
the working directory (flask/cli.py's ``prepare_import`` and ``locate_app``).
The module is a file in the container, so a missing one fails with Flask's own
words and status 2, as click reports a usage error. A module is taken to hold
an application when its source makes one at the top level (``app =
Flask(...)``, an ``app`` imported from elsewhere, or a ``create_app`` /
``make_app`` factory); the code itself is not run.
"""

from __future__ import annotations

import ast
import hashlib
import posixpath
import re

from storagekit.fs import View

USAGE = "Usage: flask run [OPTIONS]\nTry 'flask run --help' for help.\n\n"
NOT_LOCATED = ("Could not locate a Flask application. Use the 'flask --app' option, 'FLASK_APP' environment variable, "
               "or a 'wsgi.py' or 'app.py' file in the current directory.")
WARNING = ("WARNING: This is a development server. Do not use it in a production deployment. "
           "Use a production WSGI server instead.")


class NoApp(Exception):
    """Flask's ``NoAppException``: a usage error, exit status 2."""


def prepare_import(fs: View, path: str, cwd: str) -> tuple[str, str]:
    """``(directory put on sys.path, module name)``: up from the file until a directory has no ``__init__.py``."""
    path = posixpath.join(cwd, path)
    try:
        path = fs.realpath(path)
    except OSError:
        path = posixpath.normpath(path)
    base, ext = posixpath.splitext(path)
    if ext == ".py":
        path = base
    if posixpath.basename(path) == "__init__":
        path = posixpath.dirname(path)
    names = []
    while True:
        path, name = posixpath.split(path)
        names.append(name)
        if not fs.exists(posixpath.join(path, "__init__.py")):
            break
    return path, ".".join(reversed(names))


def module_source(fs: View, directory: str, module: str) -> str | None:
    """The module's source if ``import module`` finds it first in ``directory`` (a file, or a package)."""
    base = posixpath.join(directory, *module.split("."))
    for candidate in (base + ".py", base + "/__init__.py"):
        if fs.isfile(candidate):
            return fs.read(candidate).decode("utf-8", "replace")
    return None


def holds_app(source: str, name: str | None) -> bool:
    """Whether the module's top level makes the application Flask would pick (``find_best_app`` or ``name``)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return True  # Flask would show Python's own error; the simulator does not judge code it does not run
    found: set[str] = set()
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign | ast.AnnAssign):
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            found |= {t.id for t in targets if isinstance(t, ast.Name)}
        elif isinstance(stmt, ast.FunctionDef):
            found.add(stmt.name)
        elif isinstance(stmt, ast.ImportFrom | ast.Import):
            found |= {alias.asname or alias.name for alias in stmt.names}
    if name is not None:
        named = re.match(r"\s*([A-Za-z_]\w*)", name)
        return named is not None and named[1] in found
    makes_flask = any(isinstance(n, ast.Call) and getattr(n.func, "id", getattr(n.func, "attr", "")) == "Flask"
                      for n in ast.walk(tree))
    return makes_flask or bool(found & {"app", "application", "create_app", "make_app"})


def locate(fs: View, cwd: str, import_path: str | None) -> None:
    """:class:`NoApp` with Flask's message when ``import_path`` (None: the default files) leads to no application."""
    if import_path:
        parts = re.split(r":(?![\\/])", import_path, maxsplit=1)
        path, name = parts[0], (parts[1] if len(parts) > 1 else None)
        directory, module = prepare_import(fs, path, cwd)
        source = module_source(fs, directory, module)
        if source is None:
            raise NoApp(f"Could not import '{module}'.")
        if not holds_app(source, name):
            if name is not None:
                raise NoApp(f"Failed to find attribute '{name.strip()}' in '{module}'.")
            raise NoApp(f"Failed to find Flask application or factory in module '{module}'. Use '{module}:name' to "
                        "specify one.")
        return
    for candidate in ("wsgi.py", "app.py"):
        directory, module = prepare_import(fs, candidate, cwd)
        source = module_source(fs, directory, module)
        if source is not None and holds_app(source, None):
            return
    raise NoApp(NOT_LOCATED)


def options(args: list[str], env: dict[str, str]) -> tuple[str | None, str, str, bool]:
    """``(app import path, host, port, debug)`` from ``flask [--app X] run [--host H] [--port P] [--debug]``."""
    app, host, port = env.get("FLASK_APP"), env.get("FLASK_RUN_HOST", "127.0.0.1"), env.get("FLASK_RUN_PORT", "5000")
    debug = env.get("FLASK_DEBUG", "").lower() not in ("", "0", "false", "no")
    i = 0
    while i < len(args):
        arg = args[i]
        key, eq, value = arg.partition("=")
        takes = key in ("--app", "-A", "--host", "-h", "--port", "-p")
        if takes and not eq:
            value = args[i + 1] if i + 1 < len(args) else ""
            i += 1
        if key in ("--app", "-A"):
            app = value
        elif key in ("--host", "-h"):
            host = value
        elif key in ("--port", "-p"):
            port = value
        elif arg in ("--debug", "--no-debug"):
            debug = arg == "--debug"
        i += 1
    return app, host, port, debug


def start(fs: View, argv_after_flask: list[str], env: dict[str, str],
          cwd: str) -> tuple[int | None, list[tuple[str, str]]]:
    """``flask ... run``: ``(2, Flask's usage error)`` if there is no application, else ``(None, the banner)``.

    The banner's first lines are Flask's (stdout); the rest are the development
    server's log (stderr). ``0.0.0.0`` lists the container's own address too.
    """
    app, host, port, debug = options(argv_after_flask, env)
    try:
        locate(fs, cwd, app)
    except NoApp as exc:
        return 2, [("stderr", line) for line in (USAGE + f"Error: {exc}").splitlines()]
    lines = [("stdout", f" * Serving Flask app '{app}'")] if app else []
    lines.append(("stdout", f" * Debug mode: {'on' if debug else 'off'}"))
    served = [f"http://{host}:{port}"]
    if host == "0.0.0.0":
        served = ["all addresses (0.0.0.0)", f"http://127.0.0.1:{port}", f"http://{own_address(fs)}:{port}"]
    lines += [("stderr", WARNING)] + [("stderr", f" * Running on {s}") for s in served]
    lines.append(("stderr", "Press CTRL+C to quit"))
    if debug:
        pin = int(hashlib.sha256(fs.read("/etc/hostname") if fs.isfile("/etc/hostname") else b"").hexdigest(), 16)
        digits = f"{pin % 10**9:09d}"
        lines += [("stderr", " * Restarting with stat"), ("stderr", " * Debugger is active!"),
                  ("stderr", f" * Debugger PIN: {digits[:3]}-{digits[3:6]}-{digits[6:]}")]
    return None, lines


def own_address(fs: View) -> str:
    """The container's address, as its ``/etc/hosts`` gives it (the last entry that is not the loopback's)."""
    try:
        text = fs.read("/etc/hosts").decode()
    except OSError:
        return "127.0.0.1"
    entries = [line.split()[0] for line in text.splitlines() if line.strip() and not line.startswith("#")]
    own = [ip for ip in entries if ip not in ("127.0.0.1", "::1") and not ip.startswith(("fe00", "ff0"))]
    return own[-1] if own else "127.0.0.1"
