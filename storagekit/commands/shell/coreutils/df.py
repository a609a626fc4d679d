"""``df``: one rule, two dialects. Each row is a mount from the table and the numbers ``statfs`` gives for it.

GNU coreutils ``df`` reads ``/proc/self/mountinfo``, leaves out pseudo
filesystems (no blocks, or a dummy type such as proc), and shows each device
once: of several mounts of one filesystem it keeps the one nearest the root
(so a container's three ``/etc`` files show as one ``/etc/hosts`` line).
Percentages round up. BusyBox ``df`` reads ``/proc/mounts``, shows every mount
that has blocks, and rounds the percentage to the nearest; its columns are
fixed (``%-20s %9s %9s %9s %3u%%``) and ``-h`` prints one decimal.
"""

from __future__ import annotations

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils.common import getopt, program
from storagekit.commands.shell.coreutils.mounts import MOUNTINFO, MTAB, Mnt, read_table
from storagekit.fs.mounttable import StatFs
from storagekit.sim.units import gnu_human

DUMMY_TYPES = {"autofs", "proc", "subfs", "debugfs", "devpts", "fusectl", "fuse.portal", "mqueue", "rpc_pipefs",
               "sysfs", "devfs", "kernfs", "ignore"}
"""coreutils ``ME_DUMMY``: filesystems ``df`` hides without ``-a``."""


@program()
def df(ctx: ProcessContext, argv: list[str]) -> int:
    return _busybox_df(ctx, argv) if ctx.dialect == "busybox" else gnu_df(ctx, argv)


def _statfs(ctx: ProcessContext, path: str) -> StatFs | None:
    statfs = getattr(ctx.fs, "statfs", None)
    if statfs is None:
        return None
    try:
        return statfs(path)
    except OSError:
        return None


def _device(ctx: ProcessContext, path: str) -> str:
    device_of = getattr(ctx.fs, "device_of", None)
    return device_of(path) if device_of is not None else ""


# ------------------------------------------------------------------------------ GNU


def gnu_df(ctx: ProcessContext, argv: list[str]) -> int:
    """GNU ``df [-ahkT] [-t TYPE] [-x TYPE] [FILE...]``."""
    opts, operands = getopt(argv, "ahkTt:x:P", {"all": "a", "human-readable": "h", "print-type": "T",
                                                "type=": "t", "exclude-type=": "x", "portability": "P"})
    flags = {k for k, _ in opts}
    only = {v for k, v in opts if k == "t"}
    exclude = {v for k, v in opts if k == "x"}
    table = read_table(ctx, MOUNTINFO)
    if table is None:
        ctx.err("df: cannot read table of mounted file systems: No such file or directory\n")
        return 1
    status = 0
    if operands:
        shown: list[Mnt] = []
        for op in operands:
            path = ctx.abspath(op)
            if not ctx.fs.exists(path):
                ctx.err(f"df: {op}: No such file or directory\n")
                status = 1
                continue
            real = ctx.fs.realpath(path)
            dev = _device(ctx, real)
            inside = [m for m in table if (m.device == dev or not dev) and (
                real == m.target or real.startswith(m.target.rstrip("/") + "/"))]
            if inside:
                m = max(inside, key=lambda m: len(m.target))
                if m not in shown:
                    shown.append(m)
    else:
        shown = _one_per_device(ctx, [m for m in table if (not only or m.fstype in only) and m.fstype not in exclude
                                      and ("a" in flags or m.fstype not in DUMMY_TYPES)])
    rows = []
    for m in shown:
        s = _statfs(ctx, m.target)
        if s is None or (s.blocks == 0 and "a" not in flags and not operands):
            continue
        size, used, avail = s.blocks * s.frsize, (s.blocks - s.bfree) * s.frsize, s.bavail * s.frsize
        pct = "-" if used + avail == 0 else f"{-(-used * 100 // (used + avail))}%"
        fmt = gnu_human if "h" in flags else (lambda b: str(-(-b // 1024)))
        rows.append([m.source] + ([m.fstype] if "T" in flags else []) + [fmt(size), fmt(used), fmt(avail), pct,
                                                                           m.target])
    if not rows:
        if not operands:
            ctx.err("df: no file systems processed\n")
            return 1
        return status
    head = ["Filesystem"] + (["Type"] if "T" in flags else []) + (
        ["Size", "Used", "Avail"] if "h" in flags else ["1K-blocks", "Used", "Available"]) + ["Use%", "Mounted on"]
    table_rows = [head] + rows
    mins = [14] + ([4] if "T" in flags else []) + [5, 5, 5, 4, 0]
    widths = [max([mins[i]] + [len(r[i]) for r in table_rows]) for i in range(len(head))]
    left = {0, len(head) - 1} | ({1} if "T" in flags else set())
    for r in table_rows:
        cells = [r[i].ljust(widths[i]) if i in left else r[i].rjust(widths[i]) for i in range(len(r) - 1)]
        ctx.out(" ".join(cells + [r[-1]]) + "\n")
    return status


def _one_per_device(ctx: ProcessContext, table: list[Mnt]) -> list[Mnt]:
    """coreutils ``filter_mount_list``: of mounts sharing a device keep a real device name over a pseudo one, the
    mount nearest the root unless its source lies deeper in the filesystem, or the newer one at the same place."""
    kept: dict[str, Mnt] = {}
    order: list[str] = []
    for m in table:
        dev = _device(ctx, m.target) or m.device or m.target  # stat() of the mount point: the top mount's device
        seen = kept.get(dev)
        if seen is None:
            kept[dev] = m
            order.append(dev)
            continue
        nearer = len(seen.target) > len(m.target)
        below = len(seen.root) < len(m.root)
        if ("/" in m.source and "/" not in seen.source) or (nearer and not below) or (
                seen.source != m.source and seen.target == m.target):
            kept[dev] = m
    return [kept[d] for d in order]


# -------------------------------------------------------------------------- BusyBox


def _busybox_df(ctx: ProcessContext, argv: list[str]) -> int:
    """BusyBox ``df [-PkmhTai] [-B SIZE] [-t TYPE] [FILESYSTEM]...``."""
    opts, operands = getopt(argv, "kPTt:aiB:hHm")
    flags = {k: v for k, v in opts}
    unit = 1024 * 1024 if "m" in flags else 1024
    if "B" in flags:
        try:
            unit = _block_size(flags["B"])
        except ValueError:
            ctx.err(f"df: invalid number '{flags['B']}'\n")
            return 1
    human = "h" in flags or "H" in flags
    units = "     Size" if human else ("1024-blocks" if "P" in flags and unit == 1024 else f"{_bb_human(unit, 0, 0)}"
                                                                                    "-blocks")
    ctx.out(f"Filesystem           {'Type       ' if 'T' in flags else ''}{units:<15}Used Available "
            f"{'Capacity' if 'P' in flags else 'Use%'} Mounted on\n")
    table = read_table(ctx, MTAB) if not operands else None
    if not operands and table is None:
        ctx.err(f"df: {MTAB}: No such file or directory\n")
        return 1
    status = 0
    entries: list[Mnt] = list(table or [])
    if operands:
        for op in operands:
            found = _find_mount_point(ctx, op)
            if found is None:
                ctx.err(f"df: {op}: can't find mount point\n")
                status = 1
            else:
                entries.append(found)
    for m in entries:
        if m.source == "rootfs" or ("t" in flags and m.fstype != flags["t"]):
            continue
        s = _statfs(ctx, m.target)
        if s is None:
            ctx.err(f"df: {m.target}: No such file or directory\n")
            status = 1
            continue
        if not (s.blocks > 0 or operands or "a" in flags):
            continue
        used, total = s.blocks - s.bfree, s.blocks - s.bfree + s.bavail
        pct = 0
        if total:
            u, t = used, total
            while t >= (2 ** 31 - 1) // 101:
                t, u = t >> 1, u >> 1
            pct = (u * 100 + t // 2) // t
        shown = 0 if human else unit
        line = m.source if len(m.source) <= 20 or "P" in flags else m.source + "\n"
        line = f"{line:<20}"
        if "T" in flags:
            kind = f" {m.fstype:<10}"
            line += kind if len(kind) <= 11 or "P" in flags else kind + "\n" + " " * 30
        line += (f" {_bb_human(s.blocks, s.frsize, shown):>9} {_bb_human(used, s.frsize, shown):>9} "
                 f"{_bb_human(s.bavail, s.frsize, shown):>9} {pct:>3}% {m.target}\n")
        ctx.out(line)
    return status


def _block_size(text: str) -> int:
    suffixes = {"k": 1024, "K": 1024, "m": 1024 ** 2, "M": 1024 ** 2, "g": 1024 ** 3, "G": 1024 ** 3}
    if text and text[-1] in suffixes and text[:-1].isdigit():
        value = int(text[:-1]) * suffixes[text[-1]]
    elif text.isdigit():
        value = int(text)
    else:
        raise ValueError(text)
    if value < 1:
        raise ValueError(text)
    return value


def _bb_human(val: int, block_size: int, display_unit: int) -> str:
    """libbb ``make_human_readable_str``: in ``display_unit`` rounded, or (0) scaled with one decimal."""
    if val == 0:
        return "0"
    if block_size > 1:
        val *= block_size
    if display_unit:
        return str((val + display_unit // 2) // display_unit)
    unit, frac = 0, 0
    while val >= 1024:
        unit += 1
        frac = ((val % 1024) * 10 + 512) // 1024
        val //= 1024
    if frac >= 10:
        val, frac = val + 1, 0
    suffix = " KMGTPEZY"[unit].strip()
    if block_size == 0:
        return f"{val + (1 if frac >= 5 else 0)}{suffix}"
    return f"{val}.{frac}{suffix}" if unit else str(val)


def _find_mount_point(ctx: ProcessContext, name: str) -> Mnt | None:
    """libbb ``find_mount_point``: the first entry naming ``name`` as its directory or device, else the first
    whose directory is on the same device as ``name``."""
    path = ctx.abspath(name)
    if not ctx.fs.exists(path):
        return None
    dev = _device(ctx, path)
    table = read_table(ctx, MTAB) or []
    for m in table:
        if m.source == "rootfs":
            continue
        if name in (m.target, m.source) or (dev and ctx.fs.exists(m.target) and _device(ctx, m.target) == dev):
            return m
    return None
