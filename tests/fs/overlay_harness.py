"""One starting state, two overlays: the kernel's (on disk, mounted) and ``FileSystem``'s (in memory).

A layer is described once (``{"d/": D(), "d/f": "text"}``, paths relative to
``/w``) and built both ways, so a difference after a command can only come from
the overlay rules or the tools. The real lines run in BusyBox ``/bin/sh -c``
chrooted into the merged dir, as a RUN step of an Alpine image does; BusyBox
sits in its own bottom layer, which the simulator does not need (it runs its
programs by name) and the comparison leaves out.

Compared after every line: exit status, stdout, stderr (its lines in any
order: a tool meets directory entries in the backing filesystem's readdir
order, which the simulator does not model); the merged view of
``/w`` and the whole upper dir (type, mode, owner, size via the content or the
link target, whiteouts as 0:0 character devices, ``trusted.overlay.opaque``);
and which names share an inode. Not compared, because the simulator does not
model them and no build result depends on them: times (masked in ``ls -l``
output too), inode numbers (only which names share one), directory sizes,
``ls -l``'s ``total`` line, and the kernel's own bookkeeping xattrs
(``trusted.overlay.origin``/``impure``/``uuid``).
"""

from __future__ import annotations

import atexit
import errno
import functools
import os
import re
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from storagekit.commands.shell import COREUTILS, Shell
from storagekit.fs import FileSystem
from storagekit.fs.nodes import Blob, Device, Dir, File, Node, Symlink, iter_tree
from storagekit.sim.process import Credentials

BUSYBOX = "/bin/busybox"
OPAQUE_XATTR = "trusted.overlay.opaque"
MOUNT_OPTIONS = "redirect_dir=off,index=off,metacopy=off"
#: xattrs that would mean the kernel used a feature Docker's overlay2 leaves off.
FORBIDDEN_XATTRS = ("trusted.overlay.redirect", "trusted.overlay.metacopy")


# ------------------------------------------------------------------ layer specs


@dataclass(frozen=True)
class D:
    """A directory; ``opaque`` marks it ``trusted.overlay.opaque=y`` (only meaningful in a middle layer)."""

    perm: int = 0o755
    opaque: bool = False
    uid: int = 0
    gid: int = 0


@dataclass(frozen=True)
class F:
    data: bytes = b""
    perm: int = 0o644
    uid: int = 0
    gid: int = 0


@dataclass(frozen=True)
class L:
    """A symbolic link."""

    target: str


@dataclass(frozen=True)
class H:
    """A hard link to an earlier path of the same layer."""

    to: str


class _Whiteout:
    def __repr__(self) -> str:
        return "WH"


WH = _Whiteout()
"""A whiteout, as a lower layer made by an earlier ``rm`` holds it."""

Spec = dict[str, object]


def _entries(spec: Spec) -> list[tuple[str, object]]:
    out = []
    for path, value in spec.items():
        if isinstance(value, str):
            value = F(value.encode())
        elif isinstance(value, bytes):
            value = F(value)
        elif path.endswith("/") and value is None:
            value = D()
        out.append((path.rstrip("/"), value))
    return out


def build_sim(spec: Spec) -> Dir:
    """The layer as a ``Dir`` tree with the entries under ``/w``."""
    root = Dir()
    w = root.children["w"] = Dir()
    placed: dict[str, Node] = {}
    for path, value in _entries(spec):
        *parents, name = path.split("/")
        d = w
        for part in parents:
            d = d.children.setdefault(part, Dir())  # type: ignore[assignment]
        if isinstance(value, D):
            node: Node = d.children.get(name) if isinstance(d.children.get(name), Dir) else Dir(value.perm)
            node.mode = stat.S_IFDIR | value.perm
            node.opaque = value.opaque  # type: ignore[attr-defined]
            node.uid, node.gid = value.uid, value.gid
        elif isinstance(value, F):
            node = File(Blob.from_bytes(value.data), value.perm, value.uid, value.gid)
        elif isinstance(value, L):
            node = Symlink(value.target)
        elif isinstance(value, H):
            node = placed[value.to]
            if isinstance(node, File):
                node.nlink += 1
        else:
            node = Device(0, 0, 0)
        d.children[name] = node
        placed[path] = node
    return root


def build_real(spec: Spec, root: str) -> None:
    """The layer on disk at ``root`` (whiteouts as 0:0 char devices, opaque dirs by xattr)."""
    w = os.path.join(root, "w")
    os.makedirs(w)
    for path, value in _entries(spec):
        full = os.path.join(w, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        if isinstance(value, D):
            os.makedirs(full, exist_ok=True)
            os.chown(full, value.uid, value.gid)
            os.chmod(full, value.perm)
            if value.opaque:
                os.setxattr(full, OPAQUE_XATTR, b"y")
        elif isinstance(value, F):
            with open(full, "wb") as fh:
                fh.write(value.data)
            os.chown(full, value.uid, value.gid)
            os.chmod(full, value.perm)
        elif isinstance(value, L):
            os.symlink(value.target, full)
        elif isinstance(value, H):
            os.link(os.path.join(w, value.to), full)
        else:
            os.mknod(full, stat.S_IFCHR | 0o000, os.makedev(0, 0))


# ------------------------------------------------------------------ snapshots


Entry = tuple
Snapshot = dict[str, Entry]


def _real_entry(path: str, st: os.stat_result, *, upper: bool, xattrs: bool) -> Entry:
    perm = stat.S_IMODE(st.st_mode)
    if stat.S_ISDIR(st.st_mode):
        opaque = None
        if upper and xattrs:
            names = os.listxattr(path, follow_symlinks=False)
            bad = [n for n in names if n in FORBIDDEN_XATTRS]
            assert not bad, f"{path}: the kernel used {bad}: the mount is not overlay2's"
            opaque = OPAQUE_XATTR in names and os.getxattr(path, OPAQUE_XATTR, follow_symlinks=False) == b"y"
        return ("dir", perm, st.st_uid, st.st_gid, opaque)
    if stat.S_ISREG(st.st_mode):
        with open(path, "rb") as fh:
            return ("file", perm, st.st_uid, st.st_gid, fh.read())
    if stat.S_ISLNK(st.st_mode):
        return ("symlink", st.st_uid, st.st_gid, os.readlink(path))
    if stat.S_ISCHR(st.st_mode) and st.st_rdev == 0:
        return ("whiteout", perm, st.st_uid, st.st_gid)
    return ("other", st.st_mode, st.st_rdev)


def _sim_entry(node: Node, *, upper: bool, xattrs: bool) -> Entry:
    if isinstance(node, Dir):
        return ("dir", node.perm, node.uid, node.gid, node.opaque if upper and xattrs else None)
    if isinstance(node, File):
        return ("file", node.perm, node.uid, node.gid, node.blob.read())
    if isinstance(node, Symlink):
        return ("symlink", node.uid, node.gid, node.target)
    if isinstance(node, Device) and node.is_whiteout():
        return ("whiteout", node.perm, node.uid, node.gid)
    return ("other", node.mode, os.makedev(getattr(node, "major", 0), getattr(node, "minor", 0)))


def real_tree(top: str, *, upper: bool, xattrs: bool) -> tuple[Snapshot, set[frozenset[str]]]:
    """Every entry below ``top`` (keys ``/rel/path``) and the groups of names sharing a regular file's inode."""
    snap: Snapshot = {}
    inodes: dict[tuple[int, int], set[str]] = {}
    stack = [""]
    while stack:
        rel = stack.pop()
        for entry in os.scandir(os.path.join(top, rel.lstrip("/")) if rel else top):
            key = f"{rel}/{entry.name}"
            st = entry.stat(follow_symlinks=False)
            snap[key] = _real_entry(entry.path, st, upper=upper, xattrs=xattrs)
            if stat.S_ISDIR(st.st_mode):
                stack.append(key)
            elif stat.S_ISREG(st.st_mode):
                inodes.setdefault((st.st_dev, st.st_ino), set()).add(key)
    return dict(sorted(snap.items())), {frozenset(g) for g in inodes.values() if len(g) > 1}


def sim_tree(pairs: Iterable[tuple[str, Node]], *, upper: bool, xattrs: bool,
             strip: str = "") -> tuple[Snapshot, set[frozenset[str]]]:
    snap: Snapshot = {}
    inodes: dict[int, set[str]] = {}
    for path, node in pairs:
        key = path[len(strip):]
        snap[key] = _sim_entry(node, upper=upper, xattrs=xattrs)
        if isinstance(node, File):
            inodes.setdefault(id(node), set()).add(key)
    return dict(sorted(snap.items())), {frozenset(g) for g in inodes.values() if len(g) > 1}


# ------------------------------------------------------------------ the two overlays


@functools.cache
def system_layer() -> str:
    """A bottom layer holding only static BusyBox and its applet links (made once per session)."""
    root = tempfile.mkdtemp(prefix="storagekit-bb-")
    atexit.register(shutil.rmtree, root, True)
    bindir = os.path.join(root, "bin")
    os.makedirs(bindir)
    shutil.copy2(BUSYBOX, os.path.join(bindir, "busybox"))
    applets = subprocess.run([BUSYBOX, "--list"], capture_output=True, text=True, check=True).stdout.split()
    for applet in applets:
        if applet not in ("busybox", "[[", "["):
            os.symlink("busybox", os.path.join(bindir, applet))
    os.symlink("busybox", os.path.join(bindir, "["))
    return root


@functools.cache
def busybox_problem() -> str | None:
    """Why BusyBox cannot run alone in a chroot here (it must be the static build), or None."""
    if not os.path.exists(BUSYBOX):
        return f"needs a static BusyBox at {BUSYBOX} (Debian: apt-get install busybox-static)"
    ran = subprocess.run(["chroot", system_layer(), "/bin/busybox", "true"], capture_output=True, text=True)
    if ran.returncode != 0:
        return f"{BUSYBOX} does not run alone in a chroot (not the static build?): {ran.stderr.strip()}"
    return None


@functools.cache
def mount_options() -> str:
    """Docker's overlay2 options, spelled out when the kernel takes them; otherwise its defaults must match."""
    with tempfile.TemporaryDirectory(prefix="storagekit-opts-") as tmp:
        dirs = [os.path.join(tmp, n) for n in ("l", "u", "w", "m")]
        for path in dirs:
            os.mkdir(path)
        options = "lowerdir={},upperdir={},workdir={},".format(*dirs[:3]) + MOUNT_OPTIONS
        mounted = subprocess.run(["mount", "-t", "overlay", "overlay", "-o", options, dirs[3]], capture_output=True)
        if mounted.returncode == 0:
            subprocess.run(["umount", dirs[3]], check=True)
            return MOUNT_OPTIONS
    for name in ("redirect_dir", "index", "metacopy"):
        with open(f"/sys/module/overlay/parameters/{name}") as fh:
            assert fh.read().strip() == "N", f"the kernel refuses {MOUNT_OPTIONS} and defaults to {name}=on"
    return ""


@functools.cache
def xattrs_readable() -> str | None:
    """Why ``trusted.*`` xattrs cannot be set and read back where the layers live, or None if they can."""
    with tempfile.TemporaryDirectory(prefix="storagekit-xattr-") as tmp:
        try:
            os.setxattr(tmp, OPAQUE_XATTR, b"y")
            if os.getxattr(tmp, OPAQUE_XATTR) != b"y":
                return "trusted.overlay.opaque reads back wrong"
        except OSError as exc:
            return f"trusted.* xattrs unusable in {tempfile.gettempdir()}: {os.strerror(exc.errno)}"
    return None


class RealOverlay:
    """A kernel overlay of ``layers`` (top first) over the BusyBox layer; use as a context manager."""

    def __init__(self, layers: list[Spec]) -> None:
        self.tmp = tempfile.mkdtemp(prefix="storagekit-ovl-")
        self.lowers = []
        for i, spec in enumerate(layers):
            path = os.path.join(self.tmp, f"l{i}")
            os.makedirs(path)
            build_real(spec, path)
            self.lowers.append(path)
        self.upper, self.work, self.merged = (os.path.join(self.tmp, n) for n in ("upper", "work", "merged"))
        for path in (self.upper, self.work, self.merged):
            os.makedirs(path)
        self.mounted = False

    def __enter__(self) -> RealOverlay:
        lowerdir = ":".join(self.lowers + [system_layer()])
        options = f"lowerdir={lowerdir},upperdir={self.upper},workdir={self.work}"
        options += "," + mount_options() if mount_options() else ""
        try:
            subprocess.run(["mount", "-t", "overlay", "overlay", "-o", options, self.merged],
                           check=True, capture_output=True, text=True)
            self.mounted = True
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        try:
            if self.mounted:
                subprocess.run(["umount", self.merged], check=True, capture_output=True)
                self.mounted = False
        finally:
            if not self.mounted:
                shutil.rmtree(self.tmp, ignore_errors=True)

    def run(self, line: str, uid: int | None = None) -> tuple[int, str, str]:
        merged = self.merged

        def enter() -> None:
            os.chroot(merged)
            os.chdir("/w")
            os.umask(0o022)
            if uid is not None:  # an unprivileged user: uid and gid alike, no other group
                os.setgroups([])
                os.setgid(uid)
                os.setuid(uid)

        done = subprocess.run(["/bin/sh", "-c", line], preexec_fn=enter, capture_output=True, timeout=20,
                              env={"PATH": "/bin", "LC_ALL": "C", "HOME": "/"}, cwd="/")
        return done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")

    def state(self, xattrs: bool) -> tuple[Snapshot, Snapshot, set[frozenset[str]]]:
        merged, links = real_tree(os.path.join(self.merged, "w"), upper=False, xattrs=xattrs)
        upper, _ = real_tree(self.upper, upper=True, xattrs=xattrs)
        return merged, upper, links

    def call(self, fn: Callable[..., object], *paths: str) -> int:
        """Run an ``os`` function on merged paths (relative to ``/w``); the errno, or 0."""
        try:
            fn(*(os.path.join(self.merged, "w", p) for p in paths))
        except OSError as exc:
            return exc.errno
        return 0


class SimOverlay:
    def __init__(self, layers: list[Spec]) -> None:
        self.fs = FileSystem(Dir(), [build_sim(spec) for spec in layers])

    def run(self, line: str, uid: int | None = None) -> tuple[int, str, str]:
        fs = self.fs if uid is None else self.fs.as_user(Credentials.of(uid, uid))
        result = Shell(fs, cwd="/w", dialect="ash", programs=COREUTILS).run(line)
        return result.code, result.out, result.err

    def state(self, xattrs: bool) -> tuple[Snapshot, Snapshot, set[frozenset[str]]]:
        merged, links = sim_tree(self.fs.walk("/w"), upper=False, xattrs=xattrs, strip="/w")
        assert self.fs.upper is not None
        upper, _ = sim_tree(iter_tree(self.fs.upper), upper=True, xattrs=xattrs)
        return merged, upper, links

    def call(self, name: str, *paths: str) -> int:
        try:
            getattr(self.fs, name)(*("/w/" + p for p in paths))
        except OSError as exc:
            return exc.errno
        return 0


_LS_DATE = re.compile(r"\b[A-Z][a-z]{2} [ 0-3]\d (?:\d\d:\d\d| \d{4}) ")
_LS_TOTAL = re.compile(r"^total \d+$", re.M)
_LS_DIR_SIZE = re.compile(r"^(d[-rwxsStT]{9}\s+\d+\s+\S+\s+\S+\s+)\d+", re.M)


def mask(text: str) -> str:
    """Blank what differs for reasons no build depends on: ``ls -l`` dates, directory sizes
    (the host file system's: tmpfs is not ext4) and ``total`` (xattrs may take a block)."""
    text = _LS_DATE.sub("DATE ", text)
    return _LS_TOTAL.sub("total N", _LS_DIR_SIZE.sub(r"\1SIZE", text))


def _diff(a: Snapshot, b: Snapshot) -> list[str]:
    out = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            out.append(f"    {key}: kernel {a.get(key)!r} / simulator {b.get(key)!r}")
    return out


def run_both(layers: list[Spec], lines: list[str], uid: int | None = None) -> list[str]:
    """Run ``lines`` in both overlays (as ``uid`` if given); the differences found after each line (empty if none)."""
    xattrs = xattrs_readable() is None
    sim = SimOverlay(layers)
    problems: list[str] = []
    with RealOverlay(layers) as real:
        for i, line in enumerate(lines):
            got_real, got_sim = real.run(line, uid), sim.run(line, uid)
            (rm, ru, rl), (sm, su, sl) = real.state(xattrs), sim.state(xattrs)
            step = []
            for what, r, s in zip(("status", "stdout", "stderr"), got_real, got_sim, strict=True):
                if what == "stderr":  # a tool meets directory entries in the backing filesystem's readdir order
                    r, s = "".join(sorted(r.splitlines(True))), "".join(sorted(s.splitlines(True)))
                if (mask(r) if isinstance(r, str) else r) != (mask(s) if isinstance(s, str) else s):
                    step.append(f"  {what}: kernel {r!r} / simulator {s!r}")
            if rm != sm:
                step.append("  merged view of /w:")
                step += _diff(rm, sm)
            if ru != su:
                step.append("  upper dir:")
                step += _diff(ru, su)
            if rl != sl:
                step.append(f"  hard links: kernel {sorted(map(sorted, rl))} / simulator {sorted(map(sorted, sl))}")
            if step:
                problems.append(f"after line {i + 1} {line!r}:")
                problems += step
                break  # later lines would only repeat the first difference
    return problems


def errno_name(code: int) -> str:
    return errno.errorcode.get(code, str(code)) if code else "ok"


def run_calls(layers: list[Spec], calls: list[tuple[Callable[..., object], str, tuple[str, ...]]]) -> list[str]:
    """System calls straight on the merged dir and on ``FileSystem``: the same errno and the same state after."""
    xattrs = xattrs_readable() is None
    sim = SimOverlay(layers)
    problems: list[str] = []
    with RealOverlay(layers) as real:
        for fn, method, args in calls:
            r, s = real.call(fn, *args), sim.call(method, *args)
            shown = f"{method}{args}"
            if r != s:
                problems.append(f"{shown}: kernel {errno_name(r)} / simulator {errno_name(s)}")
            (rm, ru, _), (sm, su, _) = real.state(xattrs), sim.state(xattrs)
            if (rm, ru) != (sm, su):
                problems.append(f"after {shown}:")
                problems += _diff(rm, sm) + _diff(ru, su)
    return problems
