"""``mount`` and ``findmnt``: the mount table as BusyBox and util-linux print it, read where they read it.

BusyBox ``mount`` lists ``/proc/mounts`` through libc's ``getmntent`` (which
decodes ``\\040``, ``\\011``, ``\\012`` and ``\\134`` and nothing else);
util-linux's ``mount`` and ``findmnt`` read ``/proc/self/mountinfo`` with
libmount, which decodes every ``\\ooo`` and shows the mount's flags followed by
the filesystem's options. Both print ``SOURCE on TARGET type TYPE (OPTIONS)``.

Mounting is another matter: a container's processes lack ``CAP_SYS_ADMIN``, so
``mount(2)`` fails with ``EPERM`` and each tool says so in its words; on the
host, where it would work, the simulator declines to change the mount table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils import busybox
from storagekit.commands.shell.coreutils.common import decode, getopt, program, reason

MTAB = "/proc/mounts"
"""BusyBox's ``bb_path_mtab_file`` when built without mtab support (``/etc/mtab`` links to it anyway)."""
MOUNTINFO = "/proc/self/mountinfo"
GLIBC_ESCAPES = {"\\040": " ", "\\011": "\t", "\\012": "\n", "\\134": "\\", "\\\\": "\\"}
EX_USAGE, EX_FAIL = 1, 32
"""util-linux's ``MNT_EX_USAGE`` and ``MNT_EX_FAIL``."""
DMESG_HINT = "       dmesg(1) may have more information after failed mount system call.\n"


@dataclass(frozen=True)
class Mnt:
    """One line of a mount table, decoded, with what mountinfo adds (its mount root and device)."""

    source: str
    target: str
    fstype: str
    options: str
    root: str = "/"
    device: str = ""


def getmntent(text: str) -> list[Mnt]:
    """``/proc/mounts`` as glibc's ``getmntent`` reads it."""
    out = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 4 and not line.lstrip().startswith("#"):
            source, target, fstype, opts = (re.sub(r"\\040|\\011|\\012|\\134|\\\\",
                                                   lambda m: GLIBC_ESCAPES[m.group()], f) for f in fields[:4])
            out.append(Mnt(source, target, fstype, opts))
    return out


def _unmangle(text: str) -> str:
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), text)


def parse_mountinfo(text: str) -> list[Mnt]:
    """``/proc/self/mountinfo`` as libmount reads it: the per-mount flags, then the superblock's options without
    its ``rw``/``ro`` (``mnt_fs_strdup_options``)."""
    out = []
    for line in text.splitlines():
        head, _, tail = line.partition(" - ")
        h, t = head.split(), tail.split()
        if len(h) < 6 or len(t) < 3:
            continue
        fs_opts = [o for o in t[2].split(",") if o not in ("rw", "ro")]
        out.append(Mnt(_unmangle(t[1]), _unmangle(h[4]), _unmangle(t[0]), _unmangle(",".join([h[5], *fs_opts])),
                       _unmangle(h[3]), h[2]))
    return out


def read_table(ctx: ProcessContext, path: str) -> list[Mnt] | None:
    try:
        text = decode(ctx.fs.read(path))
    except OSError:
        return None
    return parse_mountinfo(text) if path == MOUNTINFO else getmntent(text)


def _types_match(fstype: str, wanted: str | None) -> bool:
    """util-linux ``-t``: a comma list, each type negated by ``no`` (``-t nosysfs,proc``)."""
    if wanted is None:
        return True
    names = wanted.split(",")
    negated = all(n.startswith("no") for n in names)
    hit = fstype in [n.removeprefix("no") if negated else n for n in names]
    return not hit if negated else hit


@program(usage_status=EX_USAGE)
def mount(ctx: ProcessContext, argv: list[str]) -> int:
    """``mount`` in a container."""
    return _busybox_mount(ctx, argv) if ctx.dialect == "busybox" else _util_linux_mount(ctx, argv, False)


@program(usage_status=EX_USAGE)
def host_mount(ctx: ProcessContext, argv: list[str]) -> int:
    """``mount`` on the host, where the simulator does not mount."""
    return _util_linux_mount(ctx, argv, True)


def _busybox_mount(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "o:t:rwanfivsT:O:")
    flags = dict(opts)
    if not operands and "a" not in flags:
        table = read_table(ctx, MTAB)
        if table is None:
            ctx.err(f"mount: no {MTAB}\n")
            return 1
        for m in table:
            if "t" not in flags or m.fstype == flags["t"]:
                ctx.out(f"{m.source} on {m.target} type {m.fstype} ({m.options})\n")
        return 0
    if len(operands) > 2:
        ctx.err(f"{busybox.usage('mount')}")
        return 1
    if len(operands) == 1 or "a" in flags:
        fstab = flags.get("T", "/etc/fstab")
        try:
            entries = getmntent(decode(ctx.fs.read(fstab)))
        except OSError as exc:
            ctx.err(f"mount: can't read '{fstab}': {reason(exc)}\n")
            return 1
        if "a" in flags or any(operands[0] in (m.source, m.target) for m in entries):
            ctx.err("mount: permission denied (are you root?)\n")
            return 1
        ctx.err(f"mount: can't find {operands[0]} in {fstab}\n")
        return 1
    ctx.err("mount: permission denied (are you root?)\n")
    return 1


def _util_linux_mount(ctx: ProcessContext, argv: list[str], privileged: bool) -> int:
    opts, operands = getopt(argv, "o:t:rwalfinvB", {
        "options=": "o", "types=": "t", "read-only": "r", "rw": "w", "all": "a", "show-labels": "l",
        "fake": "f", "no-mtab": "n", "verbose": "v", "bind": "B", "rbind": "R", "move": "M",
        "make-private": "P", "make-rprivate": "P", "make-slave": "P", "make-shared": "P",
    })
    flags = dict(opts)
    if not operands and "a" not in flags:
        table = read_table(ctx, MOUNTINFO)
        if table is None:
            ctx.err(f"mount: failed to read mount table: {MOUNTINFO}\n")
            return EX_FAIL
        for m in table:
            if _types_match(m.fstype, flags.get("t")):
                ctx.out(f"{m.source} on {m.target} type {m.fstype} ({m.options})\n")
        return 0
    target = ctx.abspath(operands[-1]) if operands else "/"
    if privileged:
        ctx.note("the simulator does not change the host's mounts: mount lists them; containers' volumes, binds "
                 "and tmpfs come from docker run -v, --mount and --tmpfs")
        return EX_FAIL
    remount = "remount" in flags.get("o", "").split(",")
    if len(operands) == 1 and "a" not in flags and not remount:
        try:
            entries = getmntent(decode(ctx.fs.read("/etc/fstab")))
        except OSError:
            entries = []
        if not any(operands[0] in (m.source, m.target) for m in entries):
            ctx.err(f"mount: {target}: can't find in /etc/fstab.\n")
            return EX_USAGE
    ctx.err(f"mount: {target}: permission denied.\n{DMESG_HINT}")
    return EX_FAIL


@program()
def findmnt(ctx: ProcessContext, argv: list[str]) -> int:
    """util-linux ``findmnt`` (list forms): ``-l`` or ``-r`` lines of TARGET SOURCE FSTYPE OPTIONS, ``-t``, ``-n``,
    and a TARGET operand; the default tree is drawn with ``-l``'s columns indented."""
    opts, operands = getopt(argv, "lrnt:T:", {"list": "l", "raw": "r", "noheadings": "n", "types=": "t",
                                             "target=": "T"})
    flags = dict(opts)
    table = read_table(ctx, MOUNTINFO) or []
    rows = [m for m in table if _types_match(m.fstype, flags.get("t"))]
    wanted = flags.get("T") or (operands[0] if operands else None)
    if wanted is not None:
        path = ctx.abspath(wanted)
        rows = [m for m in rows if m.target == path or m.source == wanted]
        if not rows and "T" in flags:
            inside = [m for m in table if path == m.target or path.startswith(m.target.rstrip("/") + "/")]
            rows = [max(inside, key=lambda m: len(m.target))] if inside else []
    if not rows:
        return 1
    shown = [(m.target, _findmnt_source(m, table), m.fstype, m.options) for m in rows]
    if "l" not in flags and "r" not in flags and wanted is None:
        shown = [(_tree_prefix(m, rows) + t, s, f, o) for m, (t, s, f, o) in zip(rows, shown, strict=True)]
    head = ("TARGET", "SOURCE", "FSTYPE", "OPTIONS")
    lines = ([] if "n" in flags else [head]) + shown
    if "r" in flags:
        for row in lines:
            ctx.out(" ".join(row) + "\n")
        return 0
    widths = [max(len(r[i]) for r in lines) for i in range(3)]
    for row in lines:
        ctx.out(" ".join(row[i].ljust(widths[i]) for i in range(3)) + " " + row[3] + "\n")
    return 0


def _findmnt_source(m: Mnt, table: list[Mnt]) -> str:
    """A bind mount's source shows the directory it binds: ``/dev/sda1[/var/lib/docker/volumes/data/_data]``."""
    return m.source + (f"[{m.root}]" if m.root != "/" else "")


def _tree_prefix(m: Mnt, rows: list[Mnt]) -> str:
    """findmnt's tree: ``├─`` and ``└─`` under each mount's parent, ``│ `` for the levels above."""
    def parent(x: Mnt) -> Mnt | None:
        above = [r for r in rows if r is not x and r.target != x.target and (
            r.target == "/" or x.target.startswith(r.target.rstrip("/") + "/"))]
        return max(above, key=lambda r: len(r.target)) if above else None

    chain, node = [], m
    while (up := parent(node)) is not None:
        chain.append((up, node))
        node = up
    text = ""
    for i, (up, child) in enumerate(reversed(chain)):
        siblings = [r for r in rows if parent(r) is up]
        last = siblings[-1] is child
        text += ("└─" if last else "├─") if i == len(chain) - 1 else ("  " if last else "│ ")
    return text
