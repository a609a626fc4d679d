"""dpkg's database under ``/var/lib/dpkg`` in dpkg's own formats, and the ``dpkg`` command that reads it.

apt-get writes what dpkg writes (the status paragraph, ``info/<pkg>.list``), so
``dpkg -l``, ``dpkg -L`` and ``dpkg -s`` show a learner exactly what an install
added, in an image layer or a container.
"""

from __future__ import annotations

import fnmatch

from storagekit.commands.shell.context import ProcessContext
from storagekit.docker.catalogue.debian import control_fields

STATUS = "/var/lib/dpkg/status"
INFO = "/var/lib/dpkg/info"
HEADER = (
    "Desired=Unknown/Install/Remove/Purge/Hold\n"
    "| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n"
    "|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n"
)
STATE = {"installed": "i", "config-files": "c", "unpacked": "U", "half-configured": "F", "half-installed": "H",
         "not-installed": "n", "triggers-awaited": "W", "triggers-pending": "t"}
WANT = {"install": "i", "deinstall": "r", "purge": "p", "hold": "h", "unknown": "u"}


def read_status(fs) -> list[tuple[dict[str, str], str]]:
    """Every paragraph of the status file: ``(fields, raw text)``."""
    if not fs.isfile(STATUS):
        return []
    text = fs.read(STATUS).decode()
    return [(control_fields(p), p) for p in text.split("\n\n") if p.strip()]


def installed(fs) -> dict[str, dict[str, str]]:
    """Packages whose status is ``install ok installed``, by name."""
    return {f["Package"]: f for f, _ in read_status(fs) if f.get("Status", "").endswith(" installed")}


def display_name(fields: dict[str, str]) -> str:
    return f"{fields['Package']}:{fields['Architecture']}" if fields.get("Multi-Arch") == "same" else fields["Package"]


def list_path(fields: dict[str, str]) -> str:
    return f"{INFO}/{display_name(fields)}.list"


def database_size(fs) -> int:
    """What dpkg reports as ``files and directories currently installed``: distinct paths in all lists."""
    seen: set[str] = set()
    if fs.isdir(INFO):
        for name in fs.listdir(INFO):
            if name.endswith(".list"):
                seen.update(fs.read(f"{INFO}/{name}").decode().splitlines())
    return len(seen)


def _synopsis(fields: dict[str, str]) -> str:
    return fields.get("Description", "").split("\n", 1)[0]


def _list(ctx: ProcessContext, patterns: list[str]) -> int:
    paras = [f for f, _ in read_status(ctx.fs)]
    if patterns:
        chosen, code = [], 0
        for pat in patterns:
            hits = [f for f in paras if fnmatch.fnmatchcase(f["Package"], pat) or fnmatch.fnmatchcase(display_name(f), pat)]
            if not hits:
                ctx.err(f"dpkg-query: no packages found matching {pat}\n")
                code = 1
            chosen += [h for h in hits if h not in chosen]
    else:
        chosen, code = [f for f in paras if not f.get("Status", "").endswith("not-installed")], 0
    if not chosen:
        return code
    chosen.sort(key=lambda f: f["Package"])
    nw = max([14] + [len(display_name(f)) for f in chosen])
    vw = max([12] + [len(f.get("Version", "")) for f in chosen])
    aw = max([12] + [len(f.get("Architecture", "")) for f in chosen])
    dw = max([33] + [len(_synopsis(f)) for f in chosen])
    lines = [HEADER, f"||/ {'Name':<{nw}} {'Version':<{vw}} {'Architecture':<{aw}} Description\n",
             f"+++-{'=' * nw}-{'=' * vw}-{'=' * aw}-{'=' * dw}\n"]
    for f in chosen:
        want, _, state = f.get("Status", "unknown ok not-installed").split(" ")
        flags = WANT.get(want, "u") + STATE.get(state, "n") + " "
        lines.append(f"{flags} {display_name(f):<{nw}} {f.get('Version', ''):<{vw}} {f.get('Architecture', ''):<{aw}} "
                     f"{_synopsis(f)}\n")
    ctx.out("".join(lines))
    return code


def _find(ctx: ProcessContext, name: str) -> dict[str, str] | None:
    for f, _ in read_status(ctx.fs):
        if name in (f["Package"], display_name(f)):
            return f
    return None


def _status(ctx: ProcessContext, names: list[str]) -> int:
    code = 0
    for i, name in enumerate(names):
        match = next(((f, raw) for f, raw in read_status(ctx.fs) if name in (f["Package"], display_name(f))), None)
        if match is None:
            ctx.err(f"dpkg-query: package '{name}' is not installed and no information is available\n")
            code = 1
            continue
        ctx.out(("\n" if i else "") + match[1].strip("\n") + "\n")
    if code:
        ctx.err("Use dpkg --info (= dpkg-deb --info) to examine archive files.\n")
    return code


def _listfiles(ctx: ProcessContext, names: list[str]) -> int:
    code = 0
    for name in names:
        f = _find(ctx, name)
        if f is None or not f.get("Status", "").endswith(" installed") or not ctx.fs.isfile(list_path(f)):
            ctx.err(f"dpkg-query: package '{name}' is not installed\n")
            code = 1
            continue
        ctx.out(ctx.fs.read(list_path(f)).decode())
    if code:
        ctx.err("Use dpkg --contents (= dpkg-deb --contents) to list archive files contents.\n")
    return code


def _search(ctx: ProcessContext, patterns: list[str]) -> int:
    code = 0
    owners: dict[str, list[str]] = {}
    for f in installed(ctx.fs).values():
        if ctx.fs.isfile(list_path(f)):
            for line in ctx.fs.read(list_path(f)).decode().splitlines():
                owners.setdefault(line, []).append(display_name(f))
    for pat in patterns:
        glob = pat if any(c in pat for c in "*?[") or pat.startswith("/") else f"*{pat}*"
        hits = sorted(p for p in owners if fnmatch.fnmatchcase(p, glob) and p != "/.")
        if not hits:
            ctx.err(f"dpkg-query: no path found matching pattern {glob}\n")
            code = 1
        for path in hits:
            ctx.out(f"{', '.join(owners[path])}: {path}\n")
    return code


def dpkg(ctx: ProcessContext, argv: list[str]) -> int:
    """``dpkg -l [pattern...]``, ``-L pkg``, ``-s pkg``, ``-S path`` and ``--print-architecture``."""
    args = argv[1:]
    if not args:
        ctx.err("dpkg: error: need an action option\n\nType dpkg --help for help about installing and deinstalling "
                "packages [*];\nUse 'apt' or 'aptitude' for user-friendly package management;\nType dpkg -Dhelp for a "
                "list of dpkg debug flag values;\nType dpkg --force-help for a list of forcing options;\nType dpkg-deb "
                "--help for help about manipulating *.deb files;\n\nOptions marked [*] produce a lot of output - pipe "
                "it through 'less' or 'more' !\n")
        return 2
    action, rest = args[0], args[1:]
    if action in ("-l", "--list"):
        return _list(ctx, rest)
    if action == "--print-architecture":
        ctx.out("amd64\n")
        return 0
    if action in ("-s", "--status") and not rest:
        ctx.out("\n".join(raw.strip("\n") + "\n" for _, raw in read_status(ctx.fs)))
        return 0
    if action in ("-L", "--listfiles", "-S", "--search") and not rest:
        ctx.err(f"dpkg-query: error: {action} needs at least one package name argument\n\n"
                "Use --help for help about querying packages.\n")
        return 2
    if action in ("-s", "--status"):
        return _status(ctx, rest)
    if action in ("-L", "--listfiles"):
        return _listfiles(ctx, rest)
    if action in ("-S", "--search"):
        return _search(ctx, rest)
    ctx.err(f"dpkg: error: unknown option {action}\n\nType dpkg --help for help about installing and deinstalling "
            "packages [*];\n")
    ctx.note("storagekit's dpkg supports -l, -L, -s, -S and --print-architecture")
    return 2
