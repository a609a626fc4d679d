"""Small programs: names and paths, identity, time, checksums, and the ones that run other programs.

``env`` and ``xargs`` start programs through ``ctx.spawn`` when the shell
provides it (a :class:`~storagekit.commands.shell.launch.ShellContext`).
"""

from __future__ import annotations

import hashlib
import random
import re
import time

from storagekit.commands.shell.context import ProcessContext, StillRunning
from storagekit.commands.shell.coreutils import printing
from storagekit.commands.shell.coreutils.common import UsageError, decode, getopt, prog, program, reason
from storagekit.fs import paths, users
from storagekit.sim.process import ROOT

SEQ_LIMIT = 1_000_000
KERNEL = ("Linux", "6.1.0-18-amd64", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)", "x86_64", "GNU/Linux")


def true(ctx: ProcessContext, argv: list[str]) -> int:
    return 0


def false(ctx: ProcessContext, argv: list[str]) -> int:
    return 1


def echo(ctx: ProcessContext, argv: list[str]) -> int:
    ctx.out(printing.echo(argv[1:], "bash"))
    return 0


def printf(ctx: ProcessContext, argv: list[str]) -> int:
    name = prog(ctx, argv)
    if len(argv) < 2:
        ctx.err(f"{name}: missing operand\nTry '{name} --help' for more information.\n")
        return 1
    bad: list[str] = []

    def complain(arg: str) -> None:
        bad.append(arg)
        ctx.err(f"{name}: '{arg}': expected a numeric value\n")

    ctx.out(printing.printf(argv[1], argv[2:], complain))
    return 1 if bad else 0


def test(ctx: ProcessContext, argv: list[str]) -> int:
    name = prog(ctx, argv)
    args = argv[1:]
    if paths.basename(argv[0]) == "[":
        if not args or args[-1] != "]":
            ctx.err(f"{name}: missing ']'\n")
            return 2
        args = args[:-1]

    def integer(text: str) -> int:
        value = printing.parse_int(text)
        if value is None:
            raise printing.TestError(f"invalid integer '{text}'")
        return value

    try:
        return 0 if printing.test(ctx, args, integer) else 1
    except printing.TestError as exc:
        msg = str(exc)
        m = re.match(r"(\S+): (unary|binary) operator expected", msg)
        ctx.err(f"{name}: " + (f"'{m.group(1)}': {m.group(2)} operator expected" if m else msg) + "\n")
        return 2


def pwd(ctx: ProcessContext, argv: list[str]) -> int:
    ctx.out(ctx.cwd + "\n")
    return 0


@program()
def sleep(ctx: ProcessContext, argv: list[str]) -> int:
    _, operands = getopt(argv, "")
    if not operands:
        raise UsageError("missing operand")
    for op in operands:
        if not re.fullmatch(r"(\d+\.?\d*|\.\d+)[smhd]?|inf(inity)?", op):
            raise UsageError(f"invalid time interval '{op}'")
    forever = any(op.startswith("inf") for op in operands)
    seconds = sum(float(op.rstrip("smhd")) * {"m": 60, "h": 3600, "d": 86400}.get(op[-1], 1)
                  for op in operands if not op.startswith("inf"))
    if ctx.blocking_sleep and (forever or seconds > 0):
        raise StillRunning("sleep", None if forever else seconds)
    if ctx.wait is not None and not forever:
        ctx.wait(seconds)
    return 0


def _identity(ctx: ProcessContext, operand: str | None) -> tuple[int, int, list[int]] | None:
    """A user's ids and groups: the process's own (the kernel's view), or a named user's from the tree's files."""
    if operand is None:
        cred = ctx.fs.cred or ROOT
        egid = [] if ctx.dialect == "busybox" else [cred.gid]  # GNU lists the group it runs as, BusyBox getgroups()
        return cred.uid, cred.gid, egid + [g for g in cred.groups if g not in egid]
    entry = users.find_user(ctx.fs, operand)
    if entry is None:
        return None
    listed = [g.gid for g in users.groups(ctx.fs) or [] if entry.name in g.members and g.gid != entry.gid]
    return entry.uid, entry.gid, [entry.gid] + listed


def _named(ident: int, names: dict[int, str]) -> str:
    return f"{ident}({names[ident]})" if ident in names else str(ident)


@program()
def id(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "ugnG", {"user": "u", "group": "g", "name": "n", "groups": "G"})
    flags = {k for k, _ in opts}
    found = _identity(ctx, operands[0] if operands else None)
    if found is None:
        ctx.err(f"id: unknown user {operands[0]}\n" if ctx.dialect == "busybox"
                else f"{prog(ctx, argv)}: '{operands[0]}': no such user\n")
        return 1
    uid, gid, groups = found
    unames, gnames = users.user_names(ctx.fs), users.group_names(ctx.fs)
    if "u" in flags:
        ctx.out((unames.get(uid, str(uid)) if "n" in flags else str(uid)) + "\n")
    elif "g" in flags:
        ctx.out((gnames.get(gid, str(gid)) if "n" in flags else str(gid)) + "\n")
    elif "G" in flags:
        ctx.out(" ".join(gnames.get(g, str(g)) if "n" in flags else str(g) for g in groups or [gid]) + "\n")
    else:
        listed = f" groups={','.join(_named(g, gnames) for g in groups)}" if groups else ""
        ctx.out(f"uid={_named(uid, unames)} gid={_named(gid, gnames)}{listed}\n")
    return 0


def whoami(ctx: ProcessContext, argv: list[str]) -> int:
    uid = (ctx.fs.cred or ROOT).uid
    name = users.user_names(ctx.fs).get(uid)
    if name is None:
        ctx.err(f"whoami: unknown uid {uid}\n" if ctx.dialect == "busybox"
                else f"whoami: cannot find name for user ID {uid}\n")
        return 1
    ctx.out(name + "\n")
    return 0


def _hostname(ctx: ProcessContext) -> str:
    try:
        return decode(ctx.fs.read("/etc/hostname")).strip() or "localhost"
    except OSError:
        return ctx.env.get("HOSTNAME", "localhost")


def hostname(ctx: ProcessContext, argv: list[str]) -> int:
    ctx.out(_hostname(ctx) + "\n")
    return 0


@program()
def uname(ctx: ProcessContext, argv: list[str]) -> int:
    opts, _ = getopt(argv, "asnrvmpio", {"all": "a", "kernel-name": "s", "nodename": "n", "kernel-release": "r"})
    flags = {k for k, _ in opts} or {"s"}
    system, release, version, machine, osname = KERNEL
    fields = {"s": system, "n": _hostname(ctx), "r": release, "v": version, "m": machine, "o": osname}
    order = "snrvmo" if "a" in flags else [k for k in "snrvmo" if k in flags]
    ctx.out(" ".join(fields[k] for k in order) + "\n")
    return 0


@program()
def date(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "ud:R", {"utc": "u", "date=": "d", "rfc-email": "R"})
    flags = dict(opts)
    now = ctx.clock()
    if "d" in flags:
        m = re.fullmatch(r"@(-?\d+)", flags["d"].strip())
        if not m:
            ctx.err(f"{prog(ctx, argv)}: invalid date '{flags['d']}'\n")
            return 1
        now = int(m.group(1))
    fmt = "%a %b %e %H:%M:%S UTC %Y"
    if "R" in flags:
        fmt = "%a, %d %b %Y %H:%M:%S +0000"
    for op in operands:
        if not op.startswith("+"):
            ctx.err(f"{prog(ctx, argv)}: invalid date '{op}'\n")
            return 1
        fmt = op[1:].replace("%s", str(now)).replace("%Z", "UTC").replace("%N", "000000000")
    t = time.gmtime(now)
    ctx.out(time.strftime(fmt.replace("%e", f"{t.tm_mday:2d}"), t) + "\n")
    return 0


@program()
def basename(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "as:z", {"multiple": "a", "suffix=": "s"})
    flags = dict(opts)
    if not operands:
        raise UsageError("missing operand")
    suffix = flags.get("s", "")
    if "a" not in flags and "s" not in flags:
        if len(operands) > 2:
            raise UsageError(f"extra operand '{operands[2]}'")
        operands, suffix = operands[:1], operands[1] if len(operands) == 2 else ""
    for op in operands:
        base = paths.basename(op) if op.strip("/") else ("/" if op else "")
        if suffix and base.endswith(suffix) and base != suffix:
            base = base[:-len(suffix)]
        ctx.out(base + "\n")
    return 0


@program()
def dirname(ctx: ProcessContext, argv: list[str]) -> int:
    _, operands = getopt(argv, "z")
    if not operands:
        raise UsageError("missing operand")
    for op in operands:
        stripped = op.rstrip("/")
        if not stripped:
            ctx.out(("/" if op else ".") + "\n")
            continue
        head = stripped.rsplit("/", 1)[0] if "/" in stripped else "."
        ctx.out((head.rstrip("/") or "/") + "\n")
    return 0


def _canonical(ctx: ProcessContext, op: str, must_exist: str) -> str | None:
    """``must_exist``: ``all`` (-e), ``parents`` (-f), ``none`` (-m)."""
    path = ctx.abspath(op)
    if must_exist == "none":
        return paths.normalize(path)
    try:
        real = ctx.fs.realpath(path)
    except OSError:
        return None
    if must_exist == "all" and not ctx.fs.exists(real):
        return None
    return real


@program()
def readlink(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "femnqsvz", {"canonicalize": "f", "canonicalize-existing": "e"})
    flags = {k for k, _ in opts}
    if not operands:
        raise UsageError("missing operand")
    status = 0
    for op in operands:
        mode = "all" if "e" in flags else "parents" if "f" in flags else "none" if "m" in flags else ""
        if mode:
            result = _canonical(ctx, op, mode)
        else:
            try:
                result = ctx.fs.readlink(ctx.abspath(op))
            except OSError:
                result = None
        if result is None:
            status = 1
        else:
            ctx.out(result + ("" if "n" in flags else "\n"))
    return status


@program()
def realpath(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "emsq", {"canonicalize-existing": "e", "canonicalize-missing": "m"})
    flags = {k for k, _ in opts}
    if not operands:
        raise UsageError("missing operand")
    status = 0
    for op in operands:
        result = _canonical(ctx, op, "all" if "e" in flags else "none" if "m" in flags else "parents")
        if result is None:
            ctx.err(f"{prog(ctx, argv)}: {op}: No such file or directory\n")
            status = 1
        else:
            ctx.out(result + "\n")
    return status


@program()
def mktemp(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "dup:t", {"directory": "d", "dry-run": "u", "tmpdir?": "p"})
    flags = dict(opts)
    template = operands[0] if operands else "tmp.XXXXXXXXXX"
    if "XXX" not in template:
        ctx.err(f"{prog(ctx, argv)}: too few X's in template '{template}'\n")
        return 1
    base = flags.get("p") or ctx.env.get("TMPDIR") or "/tmp"
    if operands and "p" not in flags and "t" not in flags:
        base = ""
    rng = random.Random(f"{ctx.clock()}:{template}")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    xs = len(template) - len(template.rstrip("X"))
    while True:
        name = template[:len(template) - xs] + "".join(rng.choice(alphabet) for _ in range(xs))
        shown = paths.join(base, name) if base else name
        if not ctx.fs.lexists(ctx.abspath(shown)):
            break
    try:
        if "u" not in flags:
            if "d" in flags:
                ctx.fs.mkdir(ctx.abspath(shown), 0o700)
            else:
                ctx.fs.write(ctx.abspath(shown), b"", perm=0o600)
    except OSError as exc:
        kind = "directory" if "d" in flags else "file"
        ctx.err(f"{prog(ctx, argv)}: failed to create {kind} via template '{shown}': {reason(exc)}\n")
        return 1
    ctx.out(shown + "\n")
    return 0


@program()
def seq(ctx: ProcessContext, argv: list[str]) -> int:
    args = [a for a in argv[1:]]
    sep, width = "\n", False
    while (args and args[0] in ("-s", "-w")) or (args and re.fullmatch(r"-s.+", args[0])):
        flag = args.pop(0)
        if flag == "-w":
            width = True
        else:
            sep = flag[2:] if len(flag) > 2 else (args.pop(0) if args else "\n")
    if not args:
        raise UsageError("missing operand")
    if len(args) > 3:
        raise UsageError(f"extra operand '{args[3]}'")
    try:
        nums = [int(a) for a in args]
    except ValueError:
        bad = next(a for a in args if not re.fullmatch(r"-?\d+", a))
        raise UsageError(f"invalid floating point argument: '{bad}'") from None
    first, step, last = (1, 1, nums[0]) if len(nums) == 1 else (nums[0], 1, nums[1]) if len(nums) == 2 else nums
    if step == 0:
        raise UsageError("invalid Zero increment value: '0'")
    values = range(first, last + (1 if step > 0 else -1), step)
    if len(values) > SEQ_LIMIT:
        ctx.note(f"seq printed only its first {SEQ_LIMIT} numbers: the simulation keeps all output in memory.")
        values = values[:SEQ_LIMIT]
    w = max((len(str(v)) for v in values), default=0) if width else 0
    if values:
        ctx.out(sep.join(str(v).zfill(w) for v in values) + "\n")
    return 0


def _digest(algorithm: str):
    @program()
    def run(ctx: ProcessContext, argv: list[str]) -> int:
        _, operands = getopt(argv, "bt")
        status = 0
        for op in operands or ["-"]:
            try:
                data = ctx.stdin if op == "-" else ctx.fs.read(ctx.abspath(op))
            except OSError as exc:
                ctx.err(f"{prog(ctx, argv)}: {op}: {reason(exc)}\n")
                status = 1
                continue
            ctx.out(f"{hashlib.new(algorithm, data).hexdigest()}  {op}\n")
        return status

    run.__name__ = algorithm + "sum"
    return run


md5sum, sha1sum, sha256sum = _digest("md5"), _digest("sha1"), _digest("sha256")


@program(usage_status=125)
def env(ctx: ProcessContext, argv: list[str]) -> int:
    args = argv[1:]
    environ = dict(ctx.env)
    while args and args[0].startswith("-") and args[0] != "-":
        flag = args.pop(0)
        if flag in ("-i", "--ignore-environment"):
            environ = {}
        elif flag in ("-u", "--unset") and args:
            environ.pop(args.pop(0), None)
        elif flag == "--":
            break
        else:
            raise UsageError(f"invalid option -- '{flag[1:2]}'" if not flag.startswith("--")
                             else f"unrecognized option '{flag}'")
    while args and re.match(r"^[^=]+=", args[0]):
        key, _, value = args.pop(0).partition("=")
        environ[key] = value
    if not args:
        ctx.out("".join(f"{k}={v}\n" for k, v in environ.items()))
        return 0
    return _spawn(ctx, args, environ, ctx.stdin, prog(ctx, argv))


def _spawn(ctx: ProcessContext, argv: list[str], environ: dict[str, str], stdin: bytes, caller: str) -> int:
    spawn = getattr(ctx, "spawn", None)
    status = spawn(argv, environ, stdin) if spawn is not None else None
    if status is None:
        ctx.err(f"{caller}: '{argv[0]}': No such file or directory\n")
        return 127
    return status


def which(ctx: ProcessContext, argv: list[str]) -> int:
    """debianutils' ``which``: the path of each program found on ``$PATH``, silence for the others."""
    find = getattr(ctx, "which", None)
    status = 0
    for name in [a for a in argv[1:] if a != "-a"]:
        path = find(name) if find is not None else None
        if path is None:
            status = 1
        else:
            ctx.out(path + "\n")
    return status


@program(usage_status=1)
def xargs(ctx: ProcessContext, argv: list[str]) -> int:
    args = argv[1:]
    per, replace = 0, None
    while args and args[0].startswith("-") and len(args[0]) > 1:
        flag = args.pop(0)
        if flag.startswith("-n") and (flag[2:] or args):
            value = flag[2:] or args.pop(0)
            if not value.isdigit() or int(value) < 1:
                raise UsageError(f'invalid number "{value}" for -n option', try_help=False)
            per = int(value)
        elif flag == "-I" and args:
            replace = args.pop(0)
        elif flag in ("-r", "--no-run-if-empty", "-0"):
            continue
        else:
            raise UsageError(f"invalid option -- '{flag[1:2]}'" if not flag.startswith("--")
                             else f"unrecognized option '{flag}'")
    command = args or ["echo"]
    text = decode(ctx.stdin)
    if replace is not None:
        batches = [[part.replace(replace, line) for part in command] for line in text.splitlines() if line.strip()]
    else:
        items = text.split()
        size = per or max(len(items), 1)
        batches = [command + items[i:i + size] for i in range(0, max(len(items), 1), size)]
    status = 0
    for batch in batches:
        result = _spawn(ctx, batch, dict(ctx.env), b"", prog(ctx, argv))
        if result == 127:
            return 127
        status = 123 if result else status
    return status
