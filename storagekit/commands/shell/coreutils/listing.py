"""Programs that show the tree: ``ls``, ``tree``, ``find``, ``du`` and ``stat``.

Directory order is by name as ``LC_ALL=C`` sorts it (a real disk's readdir
order is arbitrary; a course needs a reproducible one).
"""

from __future__ import annotations

import contextlib
import os
import time

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils.common import (
    UsageError,
    blocks_1k,
    file_type,
    getopt,
    inode,
    link_count,
    ls_time,
    mode_string,
    operand_path,
    prog,
    program,
    reason,
)
from storagekit.commands.shell.expand import fnmatch
from storagekit.fs import paths
from storagekit.fs.nodes import Device, Dir, File, Node, Symlink
from storagekit.fs.users import group_names, user_names
from storagekit.sim.units import gnu_human

LS_LONG = {
    "all": "a", "almost-all": "A", "recursive": "R", "directory": "d", "human-readable": "h", "inode": "i",
    "size": "s", "classify": "F", "numeric-uid-gid": "n", "reverse": "r", "color?": "color", "width=": "w",
}
MIN_COLUMN_WIDTH = 3
TAB_SIZE = 8


class _Ls:
    def __init__(self, ctx: ProcessContext, flags: set[str]) -> None:
        self.ctx, self.flags = ctx, flags
        self.long = bool(flags & {"l", "n"})
        self.users = {} if "n" in flags else user_names(ctx.fs)
        self.groups = {} if "n" in flags else group_names(ctx.fs)
        self.now = ctx.clock()
        self.busybox = ctx.dialect == "busybox"
        self.layout = "1"
        """``1`` one name a line (the default when output is not a terminal), ``C`` columns, ``x`` across."""
        self.width = 80
        self.failed = False
        """Whether an entry could not be looked at (exit status 1)."""
        self.unknown: set[int] = set()
        """The entries that could not be stat()ed (by ``id``)."""

    def sort(self, entries: list[tuple[str, str, Node]]) -> list[tuple[str, str, Node]]:
        entries = sorted(entries, key=lambda e: e[0])
        if "t" in self.flags:
            entries.sort(key=lambda e: -e[2].mtime)
        elif "S" in self.flags:
            entries.sort(key=lambda e: -e[2].size)
        return entries[::-1] if "r" in self.flags else entries

    def decorate(self, node: Node) -> str:
        if ("F" in self.flags or "p" in self.flags) and isinstance(node, Dir):
            return "/"
        if "F" in self.flags:
            if isinstance(node, Symlink):
                return "@"
            if isinstance(node, File) and node.perm & 0o111:
                return "*"
        return ""

    def show(self, entries: list[tuple[str, str, Node]], total: bool) -> None:
        """Print one group of entries: ``(shown name, path, node)``."""
        ctx = self.ctx
        if total and (self.long or "s" in self.flags):
            blocks = sum(blocks_1k(n) for _, _, n in entries if id(n) not in self.unknown)
            ctx.out(f"total {gnu_human(blocks * 1024) if 'h' in self.flags and blocks else blocks}\n")
        rows = [self._row(name, path, node) for name, path, node in entries]
        if not rows:
            return
        if self.layout in ("C", "x") and not self.long and len(rows[0]) == 1:
            ctx.out(columns([r[0] for r in rows], self.width, across=self.layout == "x"))
            return
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
        for r in rows:
            cells = [r[i].rjust(widths[i]) if self._right(i,
                                                          r[i]) else r[i].ljust(widths[i]) for i in range(len(widths))]
            if self.busybox and self.long:
                cells = self._busybox_cells(r)
            ctx.out(" ".join(cells + [r[-1]]) + "\n")

    def _right(self, i: int, cell: str) -> bool:
        """Numbers are right-aligned; so are owners shown as numbers, names are left-aligned."""
        prefix = ("i" in self.flags) + ("s" in self.flags)
        if i < prefix:
            return True
        j = i - prefix
        return j in (1, 4) or (j in (2, 3) and cell.isdigit())

    def _busybox_cells(self, r: list[str]) -> list[str]:
        prefix = ("i" in self.flags) + ("s" in self.flags)
        head = r[:prefix]
        mode, nlink, user, group, size, date = r[prefix:prefix + 6]
        return head + [mode, nlink.rjust(4), user.ljust(8), group.ljust(8), size.rjust(9), date]

    def _row(self, name: str, path: str, node: Node) -> list[str]:
        if id(node) in self.unknown:  # could not be stat()ed: GNU shows what readdir told it, type and name
            unknown = ["?"] * (("i" in self.flags) + ("s" in self.flags))
            kind = "d" if isinstance(node, Dir) else "l" if isinstance(node, Symlink) else "-"
            return unknown + ([kind + "?" * 9, "?", "?", "?", "?", "?".rjust(12), name] if self.long else [name])
        row: list[str] = []
        if "i" in self.flags:
            row.append(str(inode(node, self.ctx.fs)))
        if "s" in self.flags:
            blocks = blocks_1k(node)
            row.append(gnu_human(blocks * 1024) if "h" in self.flags and blocks else str(blocks))
        shown = name + self.decorate(node)
        if not self.long:
            return row + [shown]
        if isinstance(node, Device):
            size = f"{node.major}, {node.minor}" if not self.busybox else f"{node.major:4d},{node.minor:4d}"
        else:
            size = gnu_human(node.size) if "h" in self.flags else str(node.size)
        if isinstance(node, Symlink):
            shown = f"{name} -> {node.target}"
        row += [
            mode_string(node), str(link_count(self.ctx.fs, path, node)), self.users.get(node.uid, str(node.uid)),
            self.groups.get(node.gid, str(node.gid)), size, ls_time(node.mtime, self.now), shown,
        ]
        return row

    def unstatable(self, shown: str, path: str, entries: list) -> list:
        """Entries of a directory that may be read but not searched: their names are known, nothing else.

        BusyBox stats every entry and drops each with a complaint; GNU needs a stat
        only for what it shows of an entry (``-l``, ``-i``, ``-s``, ``-t``, ``-F``...),
        and then shows question marks. Returns what is left to show.
        """
        if self.ctx.fs.access(path, os.X_OK) or not entries:
            return entries
        full = self.busybox or self.long or self.flags & {"i", "s", "t", "S"}
        if not full and "F" not in self.flags:
            return entries
        for name, _, node in entries:
            if not full and isinstance(node, Dir):
                continue  # -F: what readdir says of a directory is enough
            where = f"{shown.rstrip('/')}/{name}"
            self.ctx.err(f"ls: {where}: Permission denied\n" if self.busybox
                         else f"ls: cannot access '{where}': Permission denied\n")
            self.unknown.add(id(node))
            self.failed = True
        return [] if self.busybox else entries

    def listing(self, path: str) -> tuple[list[tuple[str, str, Node]], OSError | None]:
        fs = self.ctx.fs
        try:
            children = fs.scandir(path)
        except OSError as exc:
            return [], exc
        entries = [(n, paths.join(path, n), c) for n, c in children.items()
                   if "a" in self.flags or "A" in self.flags or not n.startswith(".")]
        if "a" in self.flags:
            entries += [(".", path, fs.stat(path)), ("..", paths.parent(path), fs.stat(paths.parent(path)))]
        return self.sort(entries), None


def columns(names: list[str], width: int, across: bool) -> str:
    """GNU ls's ``-C``/``-x``: as many columns as fit in ``width`` (0: no limit), padded with tabs as ls does."""
    tabs = width > 0
    width = width or 1 << 30
    n = len(names)
    max_cols = max(1, min(width // MIN_COLUMN_WIDTH, n))
    layouts = []
    for cols in range(1, max_cols + 1):
        rows = (n + cols - 1) // cols
        col_widths = [MIN_COLUMN_WIDTH] * cols
        for i, name in enumerate(names):
            idx = i % cols if across else i // rows
            col_widths[idx] = max(col_widths[idx], len(name) + (0 if idx == cols - 1 else 2))
        layouts.append((sum(col_widths) < width, col_widths))
    cols = max([c for c, (ok, _) in enumerate(layouts, 1) if ok] or [1])
    col_widths = layouts[cols - 1][1]
    rows = (n + cols - 1) // cols
    grid = [[names[r * cols + c] for c in range(cols) if r * cols + c < n] for r in range(rows)] if across else \
        [[names[c * rows + r] for c in range(cols) if c * rows + r < n] for r in range(rows)]
    out: list[str] = []
    for row in grid:
        pos = 0
        for c, name in enumerate(row):
            out.append(name)
            if c < len(row) - 1:
                out.append(_indent(pos + len(name), pos + col_widths[c], tabs))
                pos += col_widths[c]
        out.append("\n")
    return "".join(out)


def _indent(start: int, end: int, tabs: bool) -> str:
    pad: list[str] = []
    while start < end:
        if tabs and end // TAB_SIZE > (start + 1) // TAB_SIZE:
            pad.append("\t")
            start += TAB_SIZE - start % TAB_SIZE
        else:
            pad.append(" ")
            start += 1
    return "".join(pad)


@program(usage_status=2)
def ls(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "laAR1dhisFpnrtSCxw:", LS_LONG)
    flags = {k for k, _ in opts}
    width = next((v for k, v in reversed(opts) if k == "w"), ctx.env.get("COLUMNS", "80"))
    if not width.isdigit():
        raise UsageError(f"invalid line width: '{width}'", try_help=False)
    if "A" in flags and "a" in flags:
        flags.discard("A" if [k for k, _ in opts].index("a") > [k for k, _ in opts].index("A") else "a")
    lister = _Ls(ctx, flags)
    lister.layout = next((k for k, _ in reversed(opts) if k in "1Cx"), "1")
    lister.width = int(width)
    name = prog(ctx, argv)
    status = 0
    files: list[tuple[str, str, Node]] = []
    dirs: list[tuple[str, str, Node]] = []
    for op in operands or ["."]:
        path = operand_path(ctx, op)
        try:
            node = ctx.fs.lstat(path)
            if isinstance(node, Symlink) and ctx.dialect == "busybox" and not flags & {"l", "i", "s", "F"}:
                node = ctx.fs.stat(path)  # BusyBox follows operands (a dangling one is an error) unless -l -i -s -F
            elif isinstance(node, Symlink) and (op.endswith("/") or not (lister.long or "d" in flags)):
                with contextlib.suppress(OSError):
                    node = ctx.fs.stat(path)
        except OSError as exc:
            if ctx.dialect == "busybox":
                ctx.err(f"{name}: {op}: {reason(exc)}\n")
                status = 1
            else:
                ctx.err(f"{name}: cannot access '{op}': {reason(exc)}\n")
                status = 2
            continue
        (dirs if isinstance(node, Dir) and "d" not in flags else files).append((op, path, node))
    files = lister.sort(files)
    dirs = lister.sort(dirs)
    if files:
        lister.show(files, total=False)
    headers = len(files) + len(dirs) > 1 or "R" in flags or status != 0
    first = not files
    queue = [(shown, path, True) for shown, path, _ in dirs]
    while queue:
        shown, path, operand = queue.pop(0)
        entries, error = lister.listing(path)
        if error is not None and not lister.busybox:  # GNU: no heading, 2 for an operand, 1 below one
            ctx.err(f"{name}: cannot open directory '{shown}': {reason(error)}\n")
            status = max(status, 2 if operand else 1)
            continue
        if not first:
            ctx.out("\n")
        first = False
        if headers:
            ctx.out(f"{shown}:\n")
        if error is not None:  # BusyBox: the heading, the complaint, and for -l an empty total
            ctx.err(f"{name}: can't open '{shown}': {reason(error)}\n")
            status = 1
            if lister.long and "R" not in flags:
                ctx.out("total 0\n")
            continue
        entries = lister.unstatable(shown, path, entries)
        lister.show(entries, total=True)
        if "R" in flags:
            subs = [(shown.rstrip("/") + "/" + n if shown != "/" else "/" + n, p, False)
                    for n, p, c in entries if isinstance(c, Dir) and n not in (".", "..")]
            queue[:0] = subs
    return max(status, int(lister.failed))


@program()
def tree(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "adfL:", {"noreport": "noreport"})
    flags = {k: v for k, v in opts}
    try:
        max_level = int(flags["L"]) if "L" in flags else None
    except ValueError:
        raise UsageError("Invalid level, must be greater than 0.", try_help=False) from None
    counts = [0, 0]
    status = 0
    for op in operands or ["."]:
        path = ctx.abspath(op)
        try:
            node = ctx.fs.stat(path)
        except OSError:
            ctx.out(f"{op}  [error opening dir]\n")
            status = 2
            continue
        if not isinstance(node, Dir):
            ctx.out(f"{op}  [error opening dir]\n")
            counts[1] += 1
            continue
        ctx.out(op + "\n")
        counts[0] += 1
        _tree(ctx, path, op if "f" in flags else "", "", 1, max_level, flags, counts)
    if "noreport" not in flags:
        dirs = f"{counts[0]} director{'y' if counts[0] == 1 else 'ies'}"
        files = f", {counts[1]} file{'' if counts[1] == 1 else 's'}"
        ctx.out(f"\n{dirs}{'' if 'd' in flags else files}\n")
    return status


def _tree(ctx: ProcessContext, path: str, shown: str, indent: str, level: int, max_level: int | None,
          flags: dict, counts: list[int]) -> None:
    try:
        children = ctx.fs.scandir(path)
    except OSError:
        return
    items = [(n, c) for n, c in children.items() if "a" in flags or not n.startswith(".")]
    if "d" in flags:
        items = [(n, c) for n, c in items if isinstance(c, Dir) or _points_to_dir(ctx, path, n, c)]
    for i, (n, child) in enumerate(items):
        last = i == len(items) - 1
        label = f"{shown}/{n}" if shown else n
        if isinstance(child, Symlink):
            label += f" -> {child.target}"
        ctx.out(indent + ("└── " if last else "├── ") + label + "\n")
        child_path = paths.join(path, n)
        if isinstance(child, Dir) or _points_to_dir(ctx, path, n, child):
            counts[0] += 1
            if isinstance(child, Dir) and (max_level is None or level < max_level):
                _tree(ctx, child_path, f"{shown}/{n}" if shown else "", indent + ("    " if last else "│\u00a0\u00a0 "),
                      level + 1, max_level, flags, counts)
        else:
            counts[1] += 1


def _points_to_dir(ctx: ProcessContext, parent: str, name: str, node: Node) -> bool:
    return isinstance(node, Symlink) and ctx.fs.isdir(paths.join(parent, name))


FIND_TYPES = {"f": File, "d": Dir, "l": Symlink, "c": Device}


@program()
def find(ctx: ProcessContext, argv: list[str]) -> int:
    args = argv[1:]
    starts: list[str] = []
    while args and not args[0].startswith("-") and args[0] not in ("!", "("):
        starts.append(args.pop(0))
    tests: list[tuple[str, str, bool]] = []
    maxdepth, mindepth = None, 0
    negate = False
    name = prog(ctx, argv)
    while args:
        arg = args.pop(0)
        if arg == "!":
            negate = not negate
            continue
        if arg in ("-print", "-a", "-and"):
            continue
        if arg in ("-name", "-iname", "-type", "-maxdepth", "-mindepth", "-path"):
            if not args:
                ctx.err(f"{name}: missing argument to `{arg}'\n")
                return 1
            value = args.pop(0)
            if arg == "-maxdepth" or arg == "-mindepth":
                if not value.isdigit():
                    ctx.err(f"{name}: Expected a positive decimal integer argument to {arg}, but got '{value}'\n")
                    return 1
                maxdepth, mindepth = (int(value), mindepth) if arg == "-maxdepth" else (maxdepth, int(value))
                continue
            if arg == "-type" and value not in FIND_TYPES:
                ctx.err(f"{name}: Unknown argument to -type: {value}\n")
                return 1
            tests.append((arg, value, negate))
            negate = False
            continue
        ctx.err(f"{name}: unknown predicate `{arg}'\n")
        return 1
    status = 0
    for start in starts or ["."]:
        root = ctx.abspath(start)
        try:
            node = ctx.fs.lstat(root)
        except OSError as exc:
            ctx.err(f"{name}: '{start}': {reason(exc)}\n")
            status = 1
            continue
        stack = [(start, root, node, 0)]
        while stack:
            shown, path, node, depth = stack.pop()
            if depth >= mindepth and all(_find_test(t, v, shown, node) != neg for t, v, neg in tests):
                ctx.out(shown + "\n")
            if isinstance(node, Dir) and (maxdepth is None or depth < maxdepth):
                try:
                    children = ctx.fs.scandir(path)
                except OSError as exc:
                    ctx.err(f"{name}: {shown}: {reason(exc)}\n" if ctx.dialect == "busybox"
                            else f"{name}: '{shown}': {reason(exc)}\n")
                    status = 1
                    continue
                for n in reversed(list(children)):
                    stack.append((shown.rstrip("/") + "/" + n if shown != "/" else "/" + n, paths.join(path, n),
                                  children[n], depth + 1))
    return status


def _find_test(test: str, value: str, shown: str, node: Node) -> bool:
    if test == "-name":
        return fnmatch(paths.basename(shown), value)
    if test == "-iname":
        return fnmatch(paths.basename(shown).lower(), value.lower())
    if test == "-path":
        return fnmatch(shown, value)
    return isinstance(node, FIND_TYPES[value])


@program()
def du(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "ahcsd:k", {
        "all": "a", "human-readable": "h", "total": "c", "summarize": "s", "max-depth=": "d",
    })
    flags = {k: v for k, v in opts}
    try:
        max_depth = int(flags["d"]) if "d" in flags else (0 if "s" in flags else None)
    except ValueError:
        raise UsageError(f"invalid maximum depth '{flags['d']}'") from None
    seen: set[int] = set()
    name = prog(ctx, argv)

    def fmt(kb: int) -> str:
        return gnu_human(kb * 1024) if "h" in flags else str(kb)

    status, total = 0, 0

    def walk(shown: str, path: str, node: Node, depth: int) -> int:
        nonlocal status
        if isinstance(node, File):
            if id(node) in seen:
                return 0
            seen.add(id(node))
        size = blocks_1k(node)
        if isinstance(node, Dir):
            try:
                children = ctx.fs.scandir(path)
            except OSError as exc:  # GNU counts the directory it could not read; BusyBox leaves it out
                status = 1
                if ctx.dialect == "busybox":
                    ctx.err(f"{name}: can't open '{shown}': {reason(exc)}\n")
                    return 0
                ctx.err(f"{name}: cannot read directory '{shown}': {reason(exc)}\n")
                children = {}
            for n, child in children.items():
                size += walk(shown.rstrip("/") + "/" + n, paths.join(path, n), child, depth + 1)
        if (isinstance(node, Dir) or "a" in flags or depth == 0) and (max_depth is None or depth <= max_depth):
            ctx.out(f"{fmt(size)}\t{shown}\n")
        return size

    for op in operands or ["."]:
        try:
            node = ctx.fs.lstat(ctx.abspath(op))
        except OSError as exc:
            ctx.err(f"{name}: cannot access '{op}': {reason(exc)}\n")
            status = 1
            continue
        total += walk(op, ctx.abspath(op), node, 0)
    if "c" in flags:
        ctx.out(f"{fmt(total)}\ttotal\n")
    return status


@program()
def stat(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "Lc:", {"dereference": "L", "format=": "c"})
    flags = {k: v for k, v in opts}
    if not operands:
        raise UsageError("missing operand")
    users, groups = user_names(ctx.fs), group_names(ctx.fs)
    status = 0
    for op in operands:
        path = ctx.abspath(op)
        try:
            node = ctx.fs.stat(path) if "L" in flags else ctx.fs.lstat(operand_path(ctx, op))
        except OSError as exc:
            ctx.err(f"{prog(ctx, argv)}: cannot statx '{op}': {reason(exc)}\n")
            status = 1
            continue
        if "c" in flags:
            ctx.out(_stat_format(flags["c"], op, node, users, groups, link_count(ctx.fs, path, node),
                                 inode(node, ctx.fs)) + "\n")
            continue
        name = f"{op} -> {node.target}" if isinstance(node, Symlink) else op
        blocks = blocks_1k(node) * 2
        nlink = link_count(ctx.fs, path, node)
        links = (f"Links: {nlink:<5} Device type: {node.major},{node.minor}" if isinstance(node, Device)
                 else f"Links: {nlink}")
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(node.mtime)) + ".000000000 +0000"
        uid, gid = users.get(node.uid, "UNKNOWN"), groups.get(node.gid, "UNKNOWN")
        ctx.out(
            f"  File: {name}\n"
            f"  Size: {node.size:<10}\tBlocks: {blocks:<10} IO Block: 4096   {file_type(node)}\n"
            f"Device: 0,45\tInode: {inode(node, ctx.fs):<10}  {links}\n"
            f"Access: ({node.perm:04o}/{mode_string(node)})  Uid: ({node.uid:5d}/{uid:>8})   "
            f"Gid: ({node.gid:5d}/{gid:>8})\n"
            f"Access: {when}\nModify: {when}\nChange: {when}\n Birth: -\n"
        )
    return status


def _stat_format(fmt: str, op: str, node: Node, users: dict[int, str], groups: dict[int, str], links: int,
                 ino: int) -> str:
    values = {
        "n": op, "s": str(node.size), "a": f"{node.perm:o}", "A": mode_string(node), "u": str(node.uid),
        "g": str(node.gid), "U": users.get(node.uid, "UNKNOWN"), "G": groups.get(node.gid, "UNKNOWN"),
        "F": file_type(node), "i": str(ino), "Y": str(node.mtime), "h": str(links), "%": "%",
    }
    out, i = [], 0
    while i < len(fmt):
        if fmt[i] == "%" and i + 1 < len(fmt):
            out.append(values.get(fmt[i + 1], "?"))
            i += 2
        else:
            out.append(fmt[i])
            i += 1
    return "".join(out)
