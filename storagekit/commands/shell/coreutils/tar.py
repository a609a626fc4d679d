"""``tar``: create, list and extract archives that are real tar bytes (see :func:`storagekit.fs.tar.archive`), in GNU
tar's words on Debian and Ubuntu, BusyBox's on Alpine.

The volume backup recipe of Docker's documentation rests on it:
``docker run --rm -v vol:/data -v $(pwd):/backup busybox tar czf /backup/data.tgz -C /data .``, and
``tar xzf /backup/data.tgz -C /restore`` to bring the files back with their modes and owners.
"""

from __future__ import annotations

import tarfile
import time
from dataclasses import dataclass, field

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils import busybox as busybox_usage
from storagekit.commands.shell.coreutils.common import decode, mode_string, reason
from storagekit.fs import paths, users
from storagekit.fs import tar as tarball
from storagekit.fs.nodes import Dir, File, Node
from storagekit.sim.process import ROOT

SHORT = "cxtvzf:C:OmokphaZjJ"
LONG = {"create": "c", "extract": "x", "get": "x", "list": "t", "verbose": "v", "gzip": "z", "gunzip": "z",
        "file": "f:", "directory": "C:", "to-stdout": "O", "touch": "m", "no-same-owner": "o",
        "keep-old-files": "k", "preserve-permissions": "p", "same-permissions": "p", "dereference": "h",
        "strip-components": "S:"}
UMASK = 0o022
EX_USAGE = 64
"""GNU tar's status for an option it does not know (``sysexits.h``); other usage errors give 2."""
MODES = "'-Acdtrux', '--delete' or '--test-label'"


class Fatal(Exception):
    """An error tar stops at (``Error is not recoverable: exiting now``), with the lines it prints; ``usage`` (True,
    or GNU's exit status for it: 64 for a bad option) adds the usage hint instead."""

    def __init__(self, *lines: str, usage: bool | int = False) -> None:
        super().__init__(lines[0] if lines else "")
        self.lines, self.usage = lines, usage


@dataclass
class _Run:
    ctx: ProcessContext
    name: str
    busybox: bool
    flags: set[str] = field(default_factory=set)
    archive: str = "-"
    operands: list[tuple[str, str]] = field(default_factory=list)
    """Each file operand with the directory ``-C`` had set when it was given."""
    directory: str = ""
    strip: int = 0
    """``--strip-components``: leading names taken off each member's name (members with no more are skipped)."""
    failed: bool = False

    def error(self, text: str) -> None:
        self.ctx.err(f"{self.name}: {text}\n")
        self.failed = True


def _parse(run: _Run, argv: list[str]) -> None:
    """Options in all three styles GNU tar takes (``czf F``, ``-czf F``, ``--create --file=F``), in order, as
    ``-C`` applies to the operands after it."""
    args = argv[1:]
    if args and not args[0].startswith("-"):  # the old style: a bundle of letters, their values after it
        bundle, rest = args[0], args[1:]
        args = []
        for letter in bundle:
            args.append("-" + letter)
            if f"{letter}:" in SHORT:
                if not rest:
                    raise Fatal(f"Old option '{letter}' requires an argument." if not run.busybox
                                else f"option requires an argument -- '{letter}'", usage=True)
                args.append(rest.pop(0))
        args += rest
    cwd = run.ctx.cwd
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            run.operands += [(op, cwd) for op in args[i:]]
            break
        if arg.startswith("--") and not run.busybox:
            key, eq, value = arg[2:].partition("=")
            matches = [k for k in LONG if k.startswith(key)]
            if key not in LONG and len({LONG[m] for m in matches}) != 1:
                raise Fatal(f"option '{arg}' is ambiguous" if matches else f"unrecognized option '{arg}'",
                            usage=EX_USAGE)
            letter = LONG[key if key in LONG else matches[0]]
            if letter.endswith(":"):
                if not eq:
                    if i >= len(args):
                        raise Fatal(f"option '--{key}' requires an argument", usage=EX_USAGE)
                    value, i = args[i], i + 1
                cwd = _option(run, letter[0], value, cwd)
            else:
                run.flags.add(letter)
            continue
        if arg.startswith("-") and len(arg) > 1:
            j = 1
            while j < len(arg):
                letter = arg[j]
                if letter not in SHORT.replace(":", ""):
                    raise Fatal(f"invalid option -- '{letter}'", usage=EX_USAGE)
                if f"{letter}:" in SHORT:
                    value = arg[j + 1:]
                    if not value:
                        if i >= len(args):
                            raise Fatal(f"option requires an argument -- '{letter}'", usage=EX_USAGE)
                        value, i = args[i], i + 1
                    cwd = _option(run, letter, value, cwd)
                    break
                run.flags.add(letter)
                j += 1
            continue
        run.operands.append((arg, cwd))
    run.directory = cwd


def _option(run: _Run, letter: str, value: str, cwd: str) -> str:
    if letter == "f":
        run.archive = value
        return cwd
    if letter == "S":
        if not value.isdigit():
            raise Fatal(f"{value}: Invalid number of elements", usage=True)
        run.strip = int(value)
        return cwd
    return paths.normalize(paths.join(cwd, value))


def tar(ctx: ProcessContext, argv: list[str]) -> int:
    busybox = ctx.dialect == "busybox"
    run = _Run(ctx, paths.basename(argv[0]) if busybox else argv[0], busybox)
    try:
        _parse(run, argv)
        modes = run.flags & {"c", "x", "t"}
        if len(modes) != 1:
            if busybox:
                raise Fatal(usage=True)
            raise Fatal(f"You must specify one of the {MODES} options" if not modes
                        else f"You may not specify more than one {MODES.replace(' or ', ' or  ')} option", usage=True)
        if "c" in modes:
            _create(run)
        else:
            _read(run, "x" in modes)
    except Fatal as exc:
        return _fatal(run, exc)
    if run.failed:
        if not busybox:
            ctx.err(f"{run.name}: Exiting with failure status due to previous errors\n")
        else:
            ctx.err(f"{run.name}: error exit delayed from previous errors\n")
        return 1 if busybox else 2
    return 0


def _fatal(run: _Run, exc: Fatal) -> int:
    for line in exc.lines:
        run.ctx.err(f"{run.name}: {line}\n" if not line.startswith(("tar (child)", "\ngzip:")) else line + "\n")
    if run.busybox:
        if exc.usage:
            run.ctx.err(busybox_usage.usage("tar"))
        return 1
    if exc.usage:
        run.ctx.err(f"Try '{run.name} --help' or '{run.name} --usage' for more information.\n")
        return exc.usage if isinstance(exc.usage, int) and exc.usage > 1 else 2
    else:
        run.ctx.err(f"{run.name}: Error is not recoverable: exiting now\n")
    return 2


# ------------------------------------------------------------------ create

def _create(run: _Run) -> None:
    ctx = run.ctx
    if not run.operands:
        raise Fatal("empty archive" if run.busybox else "Cowardly refusing to create an empty archive",
                    usage=not run.busybox)
    to_stdout = run.archive == "-"
    if to_stdout and ctx.stdout_tty and not run.busybox:
        raise Fatal("Refusing to write archive contents to terminal (missing -f option?)")
    archive_path = "" if to_stdout else ctx.abspath(run.archive)
    if archive_path:
        try:  # tar opens (and truncates) its archive before it reads a file
            ctx.fs.write(archive_path, b"", perm=0o666 & ~UMASK)
        except OSError as exc:
            raise Fatal(f"can't open '{run.archive}': {reason(exc)}" if run.busybox
                        else f"{run.archive}: Cannot open: {reason(exc)}") from None
    unames, gnames = users.user_names(ctx.fs), users.group_names(ctx.fs)
    chosen: list[tuple[str, Node]] = []
    told = False
    for op, cwd in run.operands:
        name = op.lstrip("/") if op.startswith("/") and op.strip("/") else op
        if name != op and not told:
            told = True
            ctx.err(f"{run.name}: " + ("removing leading '/' from member names\n" if run.busybox
                                       else "Removing leading `/' from member names\n"))
        path = paths.normalize(paths.join(cwd, op))
        try:
            node = ctx.fs.stat(path) if "h" in run.flags else ctx.fs.lstat(path)
        except OSError as exc:
            run.error(f"{op}: {reason(exc)}" if run.busybox else f"{op}: Cannot stat: {reason(exc)}")
            continue
        entries = [(path, node)] + (list(ctx.fs.walk(path)) if isinstance(node, Dir) else [])
        for real, member in entries:
            shown = name.rstrip("/") + real[len(path.rstrip("/")):] if real != path else name
            if isinstance(member, Dir):
                shown = shown.rstrip("/") + "/"
            if real == archive_path and ("z" not in run.flags or run.busybox):  # through gzip GNU tar cannot tell
                ctx.err(f"{run.name}: {shown}: file is the archive; " + ("skipping\n" if run.busybox
                                                                        else "not dumped\n"))
                continue
            if isinstance(member, File):
                try:
                    ctx.fs.read(real, 0)
                except OSError as exc:
                    run.error(f"{shown}: {reason(exc)}" if run.busybox else f"{shown}: Cannot open: {reason(exc)}")
                    continue
            if "v" in run.flags:  # the list goes to stderr when the archive takes stdout
                (ctx.err if to_stdout else ctx.out)(shown + "\n")
            chosen.append((shown, member))

    def owners(uid: int, gid: int) -> tuple[str, str]:
        return unames.get(uid, ""), gnames.get(gid, "")

    data = tarball.archive(chosen, owners, gnu=not run.busybox)
    if "z" in run.flags:
        data = tarball.gzip_stream(data)
    if to_stdout:
        ctx.out(decode(data))
    else:
        ctx.fs.write(archive_path, data)


# ------------------------------------------------------------ list, extract

def _load(run: _Run) -> list[tuple[tarfile.TarInfo, bytes | None]]:
    ctx = run.ctx
    if run.archive == "-":
        data = ctx.stdin
    else:
        try:
            data = ctx.fs.read(ctx.abspath(run.archive))
        except OSError as exc:
            if run.busybox:
                raise Fatal(f"can't open '{run.archive}': {reason(exc)}") from None
            if "z" in run.flags:
                raise Fatal(f"tar (child): {run.archive}: Cannot open: {reason(exc)}",
                            "tar (child): Error is not recoverable: exiting now", "Child returned status 2") from None
            raise Fatal(f"{run.archive}: Cannot open: {reason(exc)}") from None
    if "z" in run.flags and not tarball.is_gzip(data):
        if run.busybox:
            raise Fatal("invalid magic", "short read") if data else Fatal("short read")
        raise Fatal("\ngzip: stdin: not in gzip format", "Child returned status 1")
    if "z" not in run.flags and tarball.is_gzip(data):
        if run.busybox:  # BusyBox as Debian builds it does not look for compression by itself
            raise Fatal("short read")
        if run.archive == "-":  # GNU tar sees it in a file and runs gzip, but cannot go back on a pipe
            raise Fatal("Archive is compressed. Use -z option")
    if not data.strip(b"\0"):
        if run.busybox and not data:
            raise Fatal("short read")
        return []
    try:
        return list(tarball.members(data))
    except (tarfile.TarError, EOFError, OSError):
        if run.busybox:
            raise Fatal("short read") from None
        run.error("This does not look like a tar archive")
        return []


def _selected(name: str, wanted: list[str], found: set[str]) -> bool:
    if not wanted:
        return True
    clean = name.rstrip("/")
    for w in wanted:
        if clean == w.rstrip("/") or clean.startswith(w.rstrip("/") + "/"):
            found.add(w)
            return True
    return False


def _read(run: _Run, extract: bool) -> None:
    ctx = run.ctx
    if extract and not ctx.fs.isdir(run.directory):
        raise Fatal(f"can't change directory to '{_shown_dir(run)}': No such file or directory" if run.busybox
                    else f"{_shown_dir(run)}: Cannot open: No such file or directory")
    entries = _load(run)
    wanted = [op for op, _ in run.operands]
    found: set[str] = set()
    width = 18
    dirs: list[tuple[str, tarfile.TarInfo]] = []
    told = False
    for info, content in entries:
        if info.isdir() and not info.name.endswith("/"):
            info.name += "/"  # as it is in the archive: Python's reader drops a directory's slash
        if not _selected(info.name, wanted, found):
            continue
        if extract and info.name.startswith("/") and not told:
            told = True
            ctx.err(f"{run.name}: " + ("removing leading '/' from member names\n" if run.busybox
                                       else "Removing leading `/' from member names\n"))
        parts = [p for p in info.name.split("/") if p]
        if extract and run.strip and len(parts) <= run.strip:
            continue  # a listing ignores --strip-components, and -v names members as the archive does
        if "v" in run.flags and not extract:
            line, width = _long_line(info, width, run.busybox)
            ctx.out(line)
        elif "v" in run.flags or not extract:
            (ctx.err if "O" in run.flags else ctx.out)(info.name + "\n")
        if extract:
            _extract(run, info, content, dirs, parts[run.strip:])
    for path, info in reversed(dirs):  # a directory's mode and time are set last, as its files change its time
        _attributes(run, path, info)
    missing = [w for w in wanted if w not in found]
    if missing and run.busybox:  # BusyBox names the first and stops
        raise Fatal(f"{missing[0]}: not found in archive")
    for w in missing:
        run.error(f"{w}: Not found in archive")


def _shown_dir(run: _Run) -> str:
    cwd = run.ctx.cwd.rstrip("/") + "/"
    return run.directory[len(cwd):] if run.directory.startswith(cwd) else run.directory


def _long_line(info: tarfile.TarInfo, width: int, busybox: bool) -> tuple[str, int]:
    """``tar tv``'s line: mode, owner/group, size and time (GNU's owner-and-size column only ever widens)."""
    kind = {tarfile.DIRTYPE: "d", tarfile.SYMTYPE: "l", tarfile.CHRTYPE: "c", tarfile.LNKTYPE: "h"}.get(info.type, "-")
    node: Node = Dir(info.mode & 0o7777) if kind == "d" else File(perm=info.mode & 0o7777)
    mode = kind + mode_string(node)[1:]
    user, group = info.uname or str(info.uid), info.gname or str(info.gid)
    size = str(info.size)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S" if busybox else "%Y-%m-%d %H:%M", time.gmtime(info.mtime))
    tail = f" -> {info.linkname}" if info.issym() else f" link to {info.linkname}" if info.islnk() else ""
    if busybox:
        return f"{mode} {user}/{group} {size:>9} {stamp} {info.name}{tail}\n", width
    pad = len(user) + 1 + len(group) + len(size)
    width = max(width, pad)
    return f"{mode} {user}/{group} {size:>{width - pad + len(size)}} {stamp} {info.name}{tail}\n", width


def _extract(run: _Run, info: tarfile.TarInfo, content: bytes | None,
             dirs: list[tuple[str, tarfile.TarInfo]], names: list[str]) -> None:
    ctx = run.ctx
    parts = [p for p in names if p != "."]
    if "O" in run.flags:
        if info.isreg():
            ctx.out(decode(content or b""))
        return
    if ".." in parts:
        run.error(f"{info.name}: Member name contains '..'")
        return
    path = paths.join(run.directory, "/".join(parts)) if parts else run.directory
    try:
        parent = paths.parent(path)
        if not ctx.fs.isdir(parent):
            ctx.fs.mkdir(parent, 0o777 & ~UMASK, parents=True)
        if info.isdir():
            if not ctx.fs.isdir(path):
                ctx.fs.mkdir(path, 0o700)
            dirs.append((path, info))
            return
        if ctx.fs.lexists(path) and not ctx.fs.isdir(path):
            if "k" in run.flags:
                run.error(f"{info.name}: Cannot open: File exists")
                return
            ctx.fs.unlink(path)  # tar replaces a file by unlinking it first, so a hard link elsewhere keeps the old
        if info.issym():
            ctx.fs.symlink(info.linkname, path)
        elif info.islnk():
            target = paths.join(run.directory, info.linkname.lstrip("/"))
            ctx.fs.link(target, path)
            return
        elif info.ischr():
            ctx.fs.mknod(path, info.devmajor, info.devminor, info.mode)
        else:
            ctx.fs.write(path, content or b"", perm=0o600)
        if not info.issym():
            _attributes(run, path, info)
        else:
            _owner(run, path, info, follow=False)
    except OSError as exc:
        run.error(f"{info.name}: {reason(exc)}" if run.busybox else f"{info.name}: Cannot open: {reason(exc)}")


def _attributes(run: _Run, path: str, info: tarfile.TarInfo) -> None:
    """Owner (root only, as ``--same-owner`` is root's default), mode (less the umask for others) and time."""
    ctx = run.ctx
    root = (ctx.fs.cred or ROOT).uid == 0
    try:
        _owner(run, path, info)
        ctx.fs.chmod(path, info.mode & 0o7777 if root or "p" in run.flags else info.mode & 0o777 & ~UMASK)
        if "m" not in run.flags:
            ctx.fs.utime(path, int(info.mtime))
    except OSError as exc:
        run.error(f"{info.name}: Cannot change mode: {reason(exc)}")


def _owner(run: _Run, path: str, info: tarfile.TarInfo, follow: bool = True) -> None:
    ctx = run.ctx
    if (ctx.fs.cred or ROOT).uid != 0 or "o" in run.flags:
        return
    uid = users.id_of(ctx.fs, info.uname) if info.uname else None
    gid = users.id_of(ctx.fs, info.gname, group=True) if info.gname else None
    ctx.fs.chown(path, info.uid if uid is None else uid, info.gid if gid is None else gid, follow=follow)

