"""A mount table as the kernel keeps it, and the two files it shows it in: ``/proc/mounts`` and ``mountinfo``.

Each :class:`MountEntry` is one mount of a namespace: a filesystem (``fstype``,
its ``source`` device and its own options) seen at ``target``, with the flags of
that one mount. ``mount``, ``df`` and ``findmnt`` read no other source, so what
they print follows from this table and the kernel's formats:

* ``/proc/mounts`` (``show_vfsmnt``): ``SOURCE TARGET TYPE OPTIONS 0 0``,
  where ``OPTIONS`` is ``rw`` or ``ro``, the per-mount flags in the kernel's
  order (``nosuid,nodev,noexec,noatime,nodiratime,relatime``), then the
  filesystem's own options (``show_options``);
* ``/proc/self/mountinfo`` (``show_mountinfo``): the mount's id, its parent's,
  the device, the directory of the filesystem it shows (a bind mount's source),
  the per-mount flags and propagation tags, then after `` - `` the type, the
  source and the superblock's ``rw``/``ro`` with its options.

Names are escaped as ``seq_escape`` does (space, tab, newline and backslash as
``\\ooo``); overlayfs shows its directories with ``seq_show_option``, which
escapes commas too, so a learner's ``lowerdir`` reads back as it was given
(``ovl_show_options``: ``lowerdir``, ``upperdir``, ``workdir``, then only what
differs from the module's defaults).

>>> root = MountEntry(21, 1, "0:40", "/", "overlay", "overlay", ("relatime",),
...                   fs_options=(("lowerdir", "/l/A:/l/B"), ("upperdir", "/u"), ("workdir", "/w")))
>>> proc_mounts([root])
'overlay / overlay rw,relatime,lowerdir=/l/A:/l/B,upperdir=/u,workdir=/w 0 0\\n'
>>> mountinfo([root])
'21 1 0:40 / / rw,relatime - overlay overlay rw,lowerdir=/l/A:/l/B,upperdir=/u,workdir=/w\\n'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

MNT_FLAGS = ("nosuid", "nodev", "noexec", "noatime", "nodiratime", "relatime", "nosymfollow")
"""Per-mount flags in the order ``show_mnt_opts`` prints them."""


@dataclass(frozen=True)
class StatFs:
    """What ``statfs(2)`` tells of a filesystem, in blocks of ``frsize`` bytes (``df``'s only source of numbers)."""

    blocks: int
    bfree: int
    bavail: int
    frsize: int = 4096

    @classmethod
    def of_bytes(cls, size: int, used: int, reserved: int = 0, frsize: int = 4096) -> StatFs:
        """A filesystem of ``size`` bytes with ``used`` taken and ``reserved`` kept for root (ext4's 5%)."""
        blocks, used_blocks = size // frsize, -(-used // frsize)
        free = max(0, blocks - used_blocks)
        return cls(blocks, free, max(0, free - reserved // frsize), frsize)


EMPTY = StatFs(0, 0, 0)
"""A filesystem with no blocks (proc, sysfs, devpts, cgroup2, mqueue): ``df`` leaves it out."""


@dataclass(frozen=True)
class MountEntry:
    """One mount: the filesystem (type, source, its options) and how it is mounted at ``target``."""

    mount_id: int
    parent_id: int
    device: str
    """``major:minor`` of the filesystem (``st_dev`` of every file on it): bind mounts of one filesystem share it."""
    target: str
    fstype: str
    source: str
    flags: tuple[str, ...] = ()
    """Per-mount flags from :data:`MNT_FLAGS`."""
    readonly: bool = False
    """The mount is read-only (``MNT_READONLY``)."""
    fs_options: tuple[tuple[str, str | None], ...] = ()
    """The filesystem's own options, as its ``show_options`` prints them: ``(name, value or None)``."""
    sb_readonly: bool = False
    """The filesystem itself is read-only (``SB_RDONLY``)."""
    root: str = "/"
    """The directory of the filesystem shown at ``target`` (a bind mount's source, relative to its filesystem)."""
    propagation: str = ""
    """mountinfo's tags: ``shared:N``, ``master:N``, or none for a private mount."""
    statfs: Callable[[], StatFs] = field(default=lambda: EMPTY, compare=False, repr=False)
    """The filesystem's numbers now (they change as files are written)."""

    @property
    def vfs_options(self) -> str:
        """``rw``/``ro`` and the per-mount flags, as both files print them first."""
        ro = self.readonly or self.sb_readonly
        return ",".join(["ro" if ro else "rw", *(f for f in MNT_FLAGS if f in self.flags)])

    @property
    def super_options(self) -> str:
        """The filesystem's own options, each behind a comma, as ``show_options`` writes them."""
        return "".join(show_option(name, value) for name, value in self.fs_options)


def mangle(text: str) -> str:
    """``seq_escape(text, " \\t\\n\\\\")``: the characters that would break a line's fields, as octal."""
    return "".join(f"\\{ord(c):03o}" if c in " \t\n\\" else c for c in text)


def show_option(name: str, value: str | None) -> str:
    """``seq_show_option``: ``,name=value`` with commas escaped as well, so options stay apart."""
    escape = ", \t\n\\"
    text = "," + "".join(f"\\{ord(c):03o}" if c in escape + "=" else c for c in name)
    if value is not None:
        text += "=" + "".join(f"\\{ord(c):03o}" if c in escape else c for c in value)
    return text


def proc_mounts(entries: Sequence[MountEntry]) -> str:
    """``/proc/mounts`` (``/proc/self/mounts``, what ``/etc/mtab`` points to)."""
    return "".join(f"{mangle(e.source)} {mangle(e.target)} {mangle(e.fstype)} {e.vfs_options}{e.super_options} 0 0\n"
                   for e in entries)


def mountinfo(entries: Sequence[MountEntry]) -> str:
    """``/proc/self/mountinfo``, what util-linux's ``mount`` and ``findmnt`` read."""
    lines = []
    for e in entries:
        flags = ",".join(["ro" if e.readonly else "rw", *(f for f in MNT_FLAGS if f in e.flags)])
        tags = f" {e.propagation}" if e.propagation else ""
        sb = "ro" if e.sb_readonly else "rw"
        lines.append(f"{e.mount_id} {e.parent_id} {e.device} {mangle(e.root)} {mangle(e.target)} {flags}{tags} - "
                     f"{mangle(e.fstype)} {mangle(e.source)} {sb}{e.super_options}\n")
    return "".join(lines)


def tmpfs_options(size: int = 0, mode: int = 0o1777, nr_inodes: int = 0, inode64: bool = False) -> tuple:
    """tmpfs's options as ``shmem_show_options`` prints them: ``size`` in KiB, ``mode`` when not 1777."""
    opts: list[tuple[str, str | None]] = []
    if size:
        opts.append(("size", f"{size // 1024}k"))
    if nr_inodes:
        opts.append(("nr_inodes", str(nr_inodes)))
    if mode != 0o1777:
        opts.append(("mode", f"{mode:03o}"))
    if inode64:
        opts.append(("inode64", None))
    return tuple(opts)


def overlay_options(lowerdirs: Sequence[str], upperdir: str = "", workdir: str = "", *,
                    uuid: str = "") -> tuple:
    """overlayfs's options as ``ovl_show_options`` prints them, for a mount with the module's defaults.

    ``uuid`` is ``on`` for the first mount of a fresh upper directory on kernels from 6.6 on (``uuid=auto`` then
    makes the overlay's uuid persistent), else empty.
    """
    opts: list[tuple[str, str | None]] = [("lowerdir", ":".join(lowerdirs))]
    if upperdir:
        opts += [("upperdir", upperdir), ("workdir", workdir)]
    if uuid:
        opts.append(("uuid", uuid))
    return tuple(opts)


def owner(entries: Sequence[MountEntry], path: str) -> MountEntry | None:
    """The entry a path lives on: the last one mounted at the longest target that contains it (a later mount at
    the same place hides the earlier)."""
    best: MountEntry | None = None
    for e in entries:
        inside = path == e.target or path.startswith(e.target.rstrip("/") + "/")
        if inside and (best is None or len(e.target) >= len(best.target)):
            best = e
    return best
