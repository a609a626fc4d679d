"""The host's own tools around the daemon: ``df`` over its mounted filesystems, ``systemctl`` and ``journalctl``.

``df`` is where storage drivers show what they cost: the used space of the
filesystem under ``/var/lib/docker`` is counted from the simulated disk, per
inode on ext4 and xfs and per shared extent on btrfs and zfs
(:mod:`storagekit.fs.usage`). A running container adds its own mount line,
as a real host's ``df`` lists ``overlay ... /var/lib/docker/overlay2/<id>/merged``.
"""

from __future__ import annotations

from dataclasses import dataclass

from storagekit.commands.shell.coreutils.common import UsageError, getopt
from storagekit.docker.drivers.status import ZPOOL, ZPOOL_SIZE
from storagekit.fs import paths
from storagekit.fs.nodes import Dir
from storagekit.fs.usage import disk_usage
from storagekit.sim.units import gnu_human

KIB = 1024
GIB = 1024 ** 3


@dataclass(frozen=True)
class HostMount:
    """One line of the host's mount table, with its size and what lies on it."""

    source: str
    fstype: str
    target: str
    size: int
    base_used: int = 0
    """Bytes the operating system itself occupies (the part of the disk the simulation does not model)."""
    reserved: int = 0
    """ext4 keeps 5% for root: ``Avail`` is smaller than ``Size - Used``."""
    counted: bool = False
    """Whether the simulated files below ``target`` count towards ``Used``."""


def host_mounts(host) -> list[HostMount]:
    """The filesystems ``df`` lists: the disk, the usual tmpfs mounts, a separate data-root filesystem, and
    the root filesystem of every running container."""
    spec = host.spec
    root_fs = "xfs" if spec.backing_fs == "xfs" else "ext4"
    mounts = [
        HostMount("udev", "devtmpfs", "/dev", 12 * GIB),
        HostMount("tmpfs", "tmpfs", "/run", 2_460_000 * KIB, 1_200 * KIB),
        HostMount("/dev/sda1", root_fs, "/", 41_120_828 * KIB, 2_306_512 * KIB,
                  reserved=2_097_152 * KIB if root_fs == "ext4" else 0, counted=True),
        HostMount("tmpfs", "tmpfs", "/dev/shm", 12 * GIB),
        HostMount("tmpfs", "tmpfs", "/run/lock", 5 * 1024 * KIB),
    ]
    data_root = spec.data_root
    if spec.backing_fs == "btrfs":
        mounts.append(HostMount("/dev/sdb", "btrfs", data_root, 100 * GIB, 3_584 * KIB, counted=True))
    elif spec.backing_fs == "zfs":
        mounts.append(HostMount(ZPOOL, "zfs", data_root, ZPOOL_SIZE, 244 * KIB, counted=True))
    engine = host.engine if not host.daemon_log else None
    if engine is not None:
        graph = engine.graph
        for c in engine.containers:
            if c.running and graph.name in ("overlay2", "fuse-overlayfs"):
                mounts.append(HostMount("overlay" if graph.name == "overlay2" else "fuse-overlayfs", graph.name,
                                        f"{data_root}/{graph.name}/{c.mount_id}/merged", 0))
            elif c.running and graph.name == "overlayfs":
                mounts.append(HostMount("overlay", "overlay", graph.mountpoint(c), 0))
            elif c.running and graph.name == "zfs":
                mounts.append(HostMount(f"{graph.dataset_root}/{c.mount_id}", "zfs", graph.path(c.mount_id), 0))
    return mounts


def _owner(mounts: list[HostMount], path: str) -> HostMount:
    """The mount a path lives on: the longest mount point that contains it."""
    inside = [m for m in mounts if path == m.target or path.startswith(m.target.rstrip("/") + "/")]
    return max(inside, key=lambda m: len(m.target))


def used_bytes(host, mount: HostMount, mounts: list[HostMount]) -> int:
    """What the files on ``mount`` occupy, not counting filesystems mounted below it."""
    if not mount.counted:
        return mount.base_used
    try:
        node = host.fs.lstat(mount.target)
    except OSError:
        return mount.base_used
    others = {m.target for m in mounts if m is not mount and m.counted}
    shared = mount.fstype in ("btrfs", "zfs")
    disk = Dir()  # a scratch root: the files on this filesystem plus datasets that are not mounted
    disk.children["mounted"] = _without(node, mount.target, others)
    if _owner(mounts, host.spec.data_root) is mount:
        for i, tree in enumerate(_hidden_trees(host)):
            disk.children[f"dataset{i}"] = tree
    return mount.base_used + disk_usage(disk, shared_extents=shared) - (0 if shared else 4096)


def _hidden_trees(host) -> list[Dir]:
    """Datasets that exist but are not mounted (zfs keeps image layers so)."""
    trees: list[Dir] = []
    for engine in host._engines.values():
        trees.extend(getattr(engine.graph, "hidden_trees", lambda: [])())
    return trees


def _without(node, path: str, cut: set[str]):
    """``node`` with the subtrees at the paths in ``cut`` left out (they are other filesystems)."""
    if not isinstance(node, Dir) or not any(c.startswith(path.rstrip("/") + "/") for c in cut):
        return node
    view = Dir()
    for name, child in node.children.items():
        sub = paths.join(path, name)
        if sub not in cut:
            view.children[name] = _without(child, sub, cut)
    return view


def _pct(used: int, avail: int) -> str:
    if used + avail == 0:
        return "-"
    return f"{-(-used * 100 // (used + avail))}%"


def df(host, ctx, argv: list[str]) -> int:
    """GNU ``df [-h] [-k] [-T] [FILE...]``."""
    try:
        opts, operands = getopt(argv, "hkT", {"human-readable": "h", "print-type": "T"})
    except UsageError as exc:
        ctx.err(f"df: {exc.message}\nTry 'df --help' for more information.\n")
        return 1
    flags = {k for k, _ in opts}
    mounts = host_mounts(host)
    status = 0
    if operands:
        shown = []
        for op in operands:
            path = ctx.abspath(op)
            if not ctx.fs.lexists(path):
                ctx.err(f"df: {op}: No such file or directory\n")
                status = 1
                continue
            m = _owner(mounts, paths.normalize(path))
            if m not in shown:
                shown.append(m)
    else:
        shown = mounts
    if not shown:
        return status
    rows = []
    for m in shown:
        if m.size == 0:  # a container's root: the numbers of the filesystem its layers live on
            base = _owner(mounts, host.spec.data_root)
            size, used, reserved = base.size, used_bytes(host, base, mounts), base.reserved
        else:
            size, used, reserved = m.size, used_bytes(host, m, mounts), m.reserved
        avail = max(0, size - used - reserved)
        fmt = gnu_human if "h" in flags else (lambda b: str(-(-b // KIB)))
        row = [m.source] + ([m.fstype] if "T" in flags else []) + [fmt(size), fmt(used), fmt(avail),
                                                                   _pct(used, avail), m.target]
        rows.append(row)
    head = ["Filesystem"] + (["Type"] if "T" in flags else []) + (
        ["Size", "Used", "Avail"] if "h" in flags else ["1K-blocks", "Used", "Available"]) + ["Use%", "Mounted on"]
    table = [head] + rows
    mins = [14] + ([4] if "T" in flags else []) + [5, 5, 5, 4, 0]
    widths = [max([mins[i]] + [len(r[i]) for r in table]) for i in range(len(head))]
    left = {0, len(head) - 1} | ({1} if "T" in flags else set())
    for r in table:
        cells = [r[i].ljust(widths[i]) if i in left else r[i].rjust(widths[i]) for i in range(len(r) - 1)]
        ctx.out(" ".join(cells + [r[-1]]) + "\n")
    return status


# ------------------------------------------------------------------ systemctl

UNITS = ("docker", "docker.service")


def systemctl(host, ctx, argv: list[str]) -> int:
    """``systemctl start|stop|restart|status|is-active docker``: the daemon reads daemon.json as it starts."""
    args = argv[1:]
    if len(args) < 2 or args[0] not in ("start", "stop", "restart", "status", "is-active"):
        ctx.err("systemctl: the simulated host manages only docker.service "
                "(start, stop, restart, status, is-active)\n" if args else "systemctl: too few arguments\n")
        return 1
    verb, unit = args[0], args[1]
    if unit not in UNITS:
        ctx.err(f"Unit {unit if '.' in unit else unit + '.service'} not found.\n" if verb != "status"
                else f"Unit {unit} could not be found.\n")
        return 5 if verb != "is-active" else 4
    if verb == "stop":
        host.stop_daemon()
        return 0
    if verb in ("start", "restart"):
        if verb == "start" and not host.daemon_log and host.engine is not None:
            return 0
        if host.restart_daemon():
            ctx.err("Job for docker.service failed because the control process exited with error code.\n"
                    'See "systemctl status docker.service" and "journalctl -xeu docker.service" for details.\n')
            return 1
        return 0
    active = not host.daemon_log
    if verb == "is-active":
        ctx.out("active\n" if active else "failed\n")
        return 0 if active else 3
    state = "active (running)" if active else "failed (Result: exit-code)"
    ctx.out("● docker.service - Docker Application Container Engine\n"
            "     Loaded: loaded (/lib/systemd/system/docker.service; enabled; preset: enabled)\n"
            f"     Active: {state}\n"
            "TriggeredBy: ● docker.socket\n"
            "       Docs: https://docs.docker.com\n")
    if not active:
        ctx.out(f"\n{host.daemon_log}\n")
    return 0 if active else 3


def journalctl(host, ctx, argv: list[str]) -> int:
    """``journalctl -u docker`` (also ``-xeu docker.service``): what dockerd logged when it last started."""
    words = " ".join(argv[1:])
    if "docker" not in words:
        ctx.err("journalctl: the simulated host keeps the journal of docker.service only (journalctl -u docker)\n")
        return 1
    for line in host.daemon_journal:
        ctx.out(line + "\n")
    return 0
