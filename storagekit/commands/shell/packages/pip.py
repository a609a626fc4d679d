"""``pip install`` (and ``list``, ``freeze``, ``--version``) against the PyPI catalogue, in pip's own words.

The install writes what the real wheels install: every file of each wheel's
RECORD with its real size, the ``.pyc`` files pip compiles, the ``dist-info``
files pip adds, the console scripts, and pip's HTTP cache under
``~/.cache/pip`` (unless ``--no-cache-dir``). So a ``RUN pip install`` layer
weighs what it weighs on a real machine. The transcript follows the version of
pip found in the image (it changed in pip 22.3, 23.1, 23.3, 24.1 and 24.2).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from storagekit.commands.shell.context import ProcessContext, Unmodelled
from storagekit.docker.catalogue import pypi
from storagekit.docker.catalogue.pypi import Interpreter, find_interpreter, installed, remove_tree
from storagekit.fs.nodes import Blob

SPEED = "48.2 MB/s"
"""The download speed the progress bars show (fixed, so transcripts are reproducible)."""

ROOT_WARNING_OLD = (
    "WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour "
    "with the system package manager. It is recommended to use a virtual environment instead: "
    "https://pip.pypa.io/warnings/venv"
)
ROOT_WARNING = (
    "WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour "
    "with the system package manager, possibly rendering your system unusable. It is recommended to use a "
    "virtual environment instead: https://pip.pypa.io/warnings/venv. Use the --root-user-action option if "
    "you know what you are doing and want to suppress this warning."
)
EXTERNALLY_MANAGED_NOTE = (
    "note: If you believe this is a mistake, please contact your Python installation or OS distribution "
    "provider. You can override this, at the risk of breaking your Python installation or OS, by passing "
    "--break-system-packages.\nhint: See PEP 668 for the detailed specification."
)
SCRIPT = """#!{python}
# -*- coding: utf-8 -*-
import re
import sys
from {module} import {func}
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit({func}())
"""


def format_size(n: float) -> str:
    """pip's ``format_size``: ``103 kB``, ``3.8 kB``, ``16.5 MB``."""
    if n > 1000 * 1000:
        return f"{n / 1000.0 / 1000:.1f} MB"
    if n > 10 * 1000:
        return f"{int(n / 1000)} kB"
    if n > 1000:
        return f"{n / 1000.0:.1f} kB"
    return f"{int(n)} bytes"


@dataclass
class Options:
    reqs: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    cache: bool = True
    user: bool = False
    upgrade: bool = False
    break_system: bool = False
    root_warning: bool = True


@dataclass
class Node:
    """One resolved project: how it was asked for, and whether it is installed already."""

    key: str
    display: str
    project: pypi.Project | None
    installed_version: str | None
    children: list[str] = field(default_factory=list)


class PipError(Exception):
    """An error pip reports before changing anything (exit status 1)."""


class Pip:
    def __init__(self, ctx: ProcessContext, interp: Interpreter) -> None:
        self.ctx, self.interp = ctx, interp
        self.catalogue = pypi.load()
        self.version = pypi.version_key(interp.pip_version or "0")[0]
        self.home = ctx.env.get("HOME", "/root")

    # ------------------------------------------------------------ transcript

    def bar(self, size: int, indent: str) -> None:
        """The progress bar line pip draws for a large download (80 columns, as when not on a terminal)."""
        threshold = 512 * 1024 if self.version >= (24, 2) else 40 * 1000
        if size <= threshold:
            return
        unit, div = ("MB", 1e6) if size >= 1e6 else ("KB" if self.version < (23,) else "kB", 1e3)
        text = f" {size / div:.1f}/{size / div:.1f} {unit} {SPEED} eta 0:00:00"
        width = min(40, 80 - len(indent) - 3 - len(text))
        self.ctx.out(f"{indent}   {'━' * width}{text}\n")

    def download(self, wheel: pypi.Wheel, indent: str, metadata: bool = False) -> None:
        name, size = (wheel.filename + ".metadata", wheel.metadata_size) if metadata else (wheel.filename, wheel.size)
        self.ctx.out(f"{indent}Downloading {name} ({format_size(size)})\n")
        if not metadata:
            self.bar(size, indent)

    # ------------------------------------------------------------ resolving

    def resolve(self, opts: Options) -> dict[str | None, Node]:
        """Walk the requirements breadth first, as pip's resolver reports them, into a graph."""
        python = self.interp.version
        have = installed(self.ctx.fs, self.interp.search_path(opts.user, self.home))
        graph: dict[str | None, Node] = {None: Node("", "", None, None)}
        queue: list[tuple[str, str | None, str]] = [(r, None, "") for r in opts.reqs]
        while queue:
            text, parent, chain = queue.pop(0)
            name, spec = pypi.parse_requirement(text)
            key = pypi.canonicalize(name)
            graph[parent].children.append(key)
            if key in graph:
                continue
            project = self.catalogue.get(key)
            at = have.get(key)
            from_ = f" (from {chain})" if chain else ""
            if at and pypi.satisfies(at[1], spec) and not (opts.upgrade and parent is None and project
                                                              and project.version != at[1]):
                self.ctx.out(f"Requirement already satisfied: {text} in {at[0]}{from_} ({at[1]})\n")
                graph[key] = Node(key, name, project if project and project.version == at[1] else None, at[1])
            else:
                if project is None or not pypi.satisfies(project.version, spec):
                    versions = project.version if project else "none"
                    raise PipError(f"ERROR: Could not find a version that satisfies the requirement {text} "
                                   f"(from versions: {versions})\nERROR: No matching distribution found for {text}")
                show_from = from_ if self.version >= (23, 1) or not chain else ""
                self.ctx.out(f"Collecting {text}{show_from}\n")
                self.download(project.wheel_for(python), "  ", metadata=self.version >= (22, 3))
                graph[key] = Node(key, name, project, at[1] if at else None)
            node = graph[key]
            if node.project is not None:
                link = text if self.version >= (23, 1) else name
                sub = f"{link}->{chain}" if chain and self.version >= (23, 1) else link
                queue.extend((r, key, sub) for r in node.project.requires_for(python))
        return graph

    @staticmethod
    def order(graph: dict[str | None, Node], keys: set[str]) -> list[str]:
        """pip's installation order: leaves first (by weight), ties broken by name, both descending."""
        edges = {k: [c for c in n.children if c != k] for k, n in graph.items()}
        weights: dict[str, int] = {}
        while True:
            leaves = {k for k, ch in edges.items() if k is not None and not ch}
            if not leaves:
                break
            for leaf in leaves & keys:
                weights[leaf] = len(edges) - 1
            edges = {k: [c for c in ch if c not in leaves] for k, ch in edges.items() if k not in leaves}
        path: set = set()

        def visit(node) -> None:
            if node in path:
                return
            path.add(node)
            for child in edges.get(node, []):
                visit(child)
            path.remove(node)
            if node in keys:
                weights[node] = max(weights.get(node, 0), len(path))

        visit(None)
        return sorted(keys, key=lambda k: (weights[k], k), reverse=True)

    # ------------------------------------------------------------ installing

    def install(self, opts: Options) -> int:
        graph = self.resolve(opts)
        projects = {k: n.project for k, n in graph.items()
                    if k is not None and n.project is not None and n.installed_version != n.project.version}
        todo = list(projects)
        if not todo:
            return self.finish(opts, [])
        python = self.interp.version
        if self.version >= (22, 3):
            for key in todo:
                self.download(projects[key].wheel_for(python), "")
        ordered = self.order(graph, set(todo))
        self.ctx.out("Installing collected packages: " + ", ".join(graph[k].display for k in ordered) + "\n")
        site, bindir = self.interp.target(opts.user, self.home)
        requested = {pypi.canonicalize(pypi.parse_requirement(r)[0]) for r in opts.reqs}
        for key in ordered:
            node = graph[key]
            if node.installed_version is not None:
                self.uninstall(node, projects[key], site)
            self.unpack(projects[key], site, bindir, key in requested)
            if opts.cache:
                self.cache(projects[key].wheel_for(python))
        done = sorted(todo, key=lambda k: graph[k].display)
        self.ctx.out("Successfully installed " + " ".join(f"{graph[k].display}-{projects[k].version}" for k in done)
                     + "\n")
        return self.finish(opts, todo)

    def finish(self, opts: Options, todo: list[str]) -> int:
        if opts.root_warning and self.ctx.env.get("PIP_ROOT_USER_ACTION") != "ignore":
            self.ctx.err((ROOT_WARNING if self.version >= (24, 1) else ROOT_WARNING_OLD) + "\n")
        latest = self.catalogue.get("pip")
        if self.interp.pip_installer == "pip" and latest and self.version < pypi.version_key(latest.version)[0] \
                and "pip" not in todo and not self.ctx.env.get("PIP_DISABLE_PIP_VERSION_CHECK"):
            self.ctx.err(f"\n[notice] A new release of pip is available: {self.interp.pip_version} -> "
                         f"{latest.version}\n[notice] To update, run: pip install --upgrade pip\n")
        return 0

    def uninstall(self, node: Node, project: pypi.Project, site: str) -> None:
        name, old, dist = node.display, node.installed_version, project.name
        self.ctx.out(f"  Attempting uninstall: {name}\n    Found existing installation: {dist} {old}\n"
                     f"    Uninstalling {dist}-{old}:\n      Successfully uninstalled {dist}-{old}\n")
        fs = self.ctx.fs
        wheel = project.wheel_for(self.interp.version)
        tops = {p.split("/")[0] for p, _, _ in wheel.files if "/" in p and ".dist-info/" not in p}
        for entry in fs.listdir(site):
            if (pypi.canonicalize(entry.split("-")[0]) == node.key and entry.endswith(".dist-info")) or entry in tops:
                remove_tree(fs, f"{site}/{entry}")

    def unpack(self, project: pypi.Project, site: str, bindir: str, requested: bool) -> None:
        """Write a wheel's files where pip puts them, and the files pip makes while installing."""
        fs, interp = self.ctx.fs, self.interp
        wheel = project.wheel_for(interp.version)
        tag = "cpython-" + interp.version.replace(".", "")
        seed = f"pip:{project.name}-{project.version}:"
        made: set[str] = set()
        record: list[tuple[str, int | None]] = []

        def put(path: str, blob: Blob, perm: int = 0o644, hashed: bool = True) -> None:
            """Write one file and note its RECORD row (``.pyc`` rows carry no hash or size)."""
            parent = path.rsplit("/", 1)[0]
            if parent not in made:
                fs.mkdir(parent, parents=True, exist_ok=True)
                made.add(parent)
            fs.write(path, blob, perm=perm)
            record.append((relative(path, site), blob.size if hashed else None))

        for path, size, pyc in wheel.files:
            if ".data/scripts/" in path:
                dest, perm = f"{bindir}/{path.rsplit('/', 1)[1]}", 0o755
            elif ".data/" in path:
                dest, perm = f"{site}/{path.split('/', 2)[2]}", 0o644
            else:
                dest, perm = f"{site}/{path}", 0o644
            put(dest, Blob.synthetic(size, seed + path), perm)
            if pyc:
                head, _, base = dest.rpartition("/")
                put(f"{head}/__pycache__/{base[:-3]}.{tag}.pyc", Blob.synthetic(pyc, seed + path + "c"), hashed=False)
        info = f"{site}/{wheel.dist_info}"
        put(f"{info}/INSTALLER", Blob.from_bytes(b"pip\n"))
        if requested:
            put(f"{info}/REQUESTED", Blob.from_bytes(b""))
        scripts = list(project.scripts)
        if project.key == "pip":
            scripts.append((f"pip{interp.version}", *scripts[0][1:]))
        for name, module, func in scripts:
            text = SCRIPT.format(python=interp.executable, module=module, func=func)
            put(f"{bindir}/{name}", Blob.from_bytes(text.encode()), 0o755)
        size = len(f"{wheel.dist_info}/RECORD,,\n") + sum(
            len(p) + 3 if n is None else len(f"{p},sha256=,{n}\n") + 43 for p, n in record)
        fs.write(f"{info}/RECORD", Blob.synthetic(size, seed + "RECORD"))

    def cache(self, wheel: pypi.Wheel) -> None:
        """pip's HTTP cache: a small header file and (pip >= 23.3) the body beside it, keyed by the URL."""
        for url, size in ((wheel.url + ".metadata", wheel.metadata_size), (wheel.url, wheel.size)):
            if url.endswith(".metadata") and self.version < (22, 3):
                continue
            key = hashlib.sha224(url.encode()).hexdigest()
            base = f"{self.home}/.cache/pip/{'http-v2' if self.version >= (23, 3) else 'http'}/" + "/".join(key[:5])
            self.ctx.fs.mkdir(base, parents=True, exist_ok=True)
            header = 900 + len(url)
            if self.version >= (23, 3):
                self.ctx.fs.write(f"{base}/{key[5:]}", Blob.synthetic(header, f"pip-cache:{url}"))
                self.ctx.fs.write(f"{base}/{key[5:]}.body", Blob.synthetic(size, f"pip-cache:{url}:body"))
            else:
                self.ctx.fs.write(f"{base}/{key[5:]}", Blob.synthetic(header + size, f"pip-cache:{url}"))


def relative(path: str, site: str) -> str:
    """A RECORD path: relative to site-packages (``../../../bin/flask`` for scripts)."""
    if path.startswith(site + "/"):
        return path[len(site) + 1:]
    ups = site.count("/")
    common = 0
    a, b = site.strip("/").split("/"), path.strip("/").split("/")
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return "/".join([".."] * (ups - common) + b[common:])


def externally_managed(ctx: ProcessContext, interp: Interpreter) -> str:
    """pip's rendering of a PEP 668 refusal, with the text of the interpreter's ``EXTERNALLY-MANAGED``."""
    blob = ctx.fs.blob(f"{interp.stdlib}/EXTERNALLY-MANAGED")
    text = blob.read().decode(errors="replace") if blob.materialized else ""
    lines = marker_error(text) or marker_error(DEBIAN_MARKER.format(version=interp.version))
    body = "\n".join(("╰─> " if i == 0 else "    ") + line for i, line in enumerate(lines))
    return (f"error: externally-managed-environment\n\n× This environment is externally managed\n{body}\n\n"
            f"{EXTERNALLY_MANAGED_NOTE}\n")


def marker_error(text: str) -> list[str]:
    """The ``Error`` value of an ``EXTERNALLY-MANAGED`` file, line by line, as configparser reads it."""
    lines: list[str] = []
    grab = False
    for line in text.splitlines():
        if re.match(r"^Error\s*=", line):
            grab = True
            lines.append(line.split("=", 1)[1].strip())
        elif grab and (line.startswith((" ", "\t")) or not line.strip()):
            lines.append(line.strip())
        else:
            grab = False
    while lines and not lines[-1]:
        lines.pop()
    return lines


DEBIAN_MARKER = """[externally-managed]
Error=To install Python packages system-wide, try apt install
 python3-xyz, where xyz is the package you are trying to
 install.

 If you wish to install a non-Debian-packaged Python package,
 create a virtual environment using python3 -m venv path/to/venv.
 Then use path/to/venv/bin/python and path/to/venv/bin/pip. Make
 sure you have python3-full installed.

 If you wish to install a non-Debian packaged Python application,
 it may be easiest to use pipx install xyz, which will manage a
 virtual environment for you. Make sure you have pipx installed.

 See /usr/share/doc/python{version}/README.venv for more information.
"""
"""Debian's ``/usr/lib/python3.11/EXTERNALLY-MANAGED``, for images whose copy has no text."""


def parse_install(ctx: ProcessContext, args: list[str]) -> Options:
    opts = Options()
    it = iter(args)
    for arg in it:
        if arg in ("-r", "--requirement"):
            opts.files.append(next(it, ""))
        elif arg.startswith("--requirement="):
            opts.files.append(arg.split("=", 1)[1])
        elif arg == "--no-cache-dir":
            opts.cache = False
        elif arg == "--user":
            opts.user = True
        elif arg in ("-U", "--upgrade"):
            opts.upgrade = True
        elif arg == "--break-system-packages":
            opts.break_system = True
        elif arg.startswith("--root-user-action"):
            value = arg.split("=", 1)[1] if "=" in arg else next(it, "")
            opts.root_warning = value != "ignore"
        elif arg in ("-q", "--quiet", "--no-compile", "--disable-pip-version-check", "--no-warn-script-location"):
            continue
        elif arg.startswith("-"):
            raise PipError(f"\nUsage:   \n  pip install [options] <requirement specifier> [package-index-options] ...\n"
                           f"  pip install [options] -r <requirements file> [package-index-options] ...\n"
                           f"  pip install [options] [-e] <vcs project url> ...\n"
                           f"  pip install [options] [-e] <local project path> ...\n"
                           f"  pip install [options] <archive url/path> ...\n\nno such option: {arg}")
        else:
            opts.reqs.append(arg)
    for name in opts.files:
        path = ctx.abspath(name)
        try:
            text = ctx.fs.read(path).decode()
        except OSError:
            raise PipError(f"ERROR: Could not open requirements file: [Errno 2] No such file or directory: '{name}'") \
                from None
        for line in text.splitlines():
            line = line.split(" #")[0].strip()
            if line and not line.startswith(("#", "-")):
                opts.reqs.append(line)
    if ctx.env.get("PIP_NO_CACHE_DIR", "").lower() in ("1", "true", "yes", "off"):
        opts.cache = False
    if ctx.env.get("PIP_BREAK_SYSTEM_PACKAGES", "").lower() in ("1", "true", "yes"):
        opts.break_system = True
    return opts


def pip_module(ctx: ProcessContext, argv: list[str], interp: Interpreter | None = None) -> int:
    """``python -m pip ARGS`` (``argv[0]`` is the program name); the python program calls this."""
    interp = interp or find_interpreter(ctx.fs)
    if interp is None or interp.pip_version is None:
        ctx.err(f"{interp.executable if interp else 'python3'}: No module named pip\n")
        return 1
    args = argv[1:]
    if not args or args[0] in ("-h", "--help", "help"):
        ctx.out("\nUsage:   \n  pip <command> [options]\n")
        return 0
    if args[0] in ("-V", "--version"):
        ctx.out(f"pip {interp.pip_version} from {interp.pip_location}/pip (python {interp.version})\n")
        return 0
    command, rest = args[0], args[1:]
    try:
        if command == "install":
            opts = parse_install(ctx, rest)
            if not opts.reqs:
                raise PipError("ERROR: You must give at least one requirement to install (see \"pip help install\")")
            if interp.externally_managed(ctx.fs) and not opts.break_system:
                ctx.err(externally_managed(ctx, interp))
                return 1
            return Pip(ctx, interp).install(opts)
        if command in ("list", "freeze"):
            return listing(ctx, interp, command)
    except PipError as exc:
        ctx.err(f"{exc}\n")
        return 2 if "no such option" in str(exc) else 1
    if command in ("uninstall", "show", "download", "wheel", "check", "config", "cache", "index", "inspect", "debug",
                   "hash", "completion", "search"):
        raise Unmodelled(f"pip {command} is not simulated; nothing changed")
    ctx.err(f'ERROR: unknown command "{command}"\n')
    return 1


def listing(ctx: ProcessContext, interp: Interpreter, command: str) -> int:
    dists = installed(ctx.fs, interp.search_path(True))
    rows = sorted(((name, version) for _, version, name in dists.values()), key=lambda r: r[0].lower())
    if command == "freeze":
        ctx.out("".join(f"{n}=={v}\n" for n, v in rows if n not in ("pip", "setuptools", "wheel", "distribute")))
        return 0
    width = max([len("Package")] + [len(n) for n, _ in rows])
    vwidth = max([len("Version")] + [len(v) for _, v in rows])
    ctx.out(f"{'Package':<{width}} Version\n{'-' * width} {'-' * vwidth}\n")
    ctx.out("".join(f"{n:<{width}} {v}\n" for n, v in rows))
    return 0


def pip_program(ctx: ProcessContext, argv: list[str]) -> int:
    return pip_module(ctx, argv)


PROGRAMS = {"pip": pip_program, "pip3": pip_program}
