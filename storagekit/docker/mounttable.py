"""The mount tables of a Docker host and of its containers, with the numbers ``df`` reads from each filesystem.

The host is a Debian 12 VM: its disk ``/dev/sda1`` (ext4, or xfs) at ``/``,
the tmpfs and pseudo filesystems systemd mounts, a second disk or a zpool
under the data root for the btrfs and zfs drivers, and one mount per running
container: with overlay2 an ``overlay`` at ``<data root>/overlay2/<id>/merged``
whose options name the ``l/`` links of the lower layers and the container's
``diff`` and ``work`` directories. That same superblock is the container's
``/``; its volumes and bind mounts are binds of the host filesystem holding
their source (``/dev/sda1`` for a named volume), its tmpfs mounts new tmpfs
instances, around the runtime's standard mounts (:mod:`storagekit.runc.mounts`).

Used space is counted from the simulated files, per inode on ext4 and xfs and
per shared extent on btrfs and zfs (:mod:`storagekit.fs.usage`); what the
operating system itself occupies is a fixed figure. Mount ids, devices and
peer groups are numbered in mount order from fixed starts, the host's and each
container's alike.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from storagekit.docker.drivers.status import ZPOOL, ZPOOL_SIZE
from storagekit.fs import paths
from storagekit.fs.mounttable import MountEntry, StatFs, overlay_options, owner, tmpfs_options
from storagekit.fs.nodes import Dir
from storagekit.fs.usage import disk_usage
from storagekit.runc import mounts as runc_mounts

KIB, GIB = 1024, 1024 ** 3
MEMORY = 24 * GIB
"""The VM's RAM: a tmpfs without ``size=`` may hold half of it."""
EXT4_OPTIONS = (("errors", "remount-ro"),)
XFS_OPTIONS = (("attr2", None), ("inode64", None), ("logbufs", "8"), ("logbsize", "32k"), ("noquota", None))
RELATIME, SYSTEM_FLAGS = ("relatime",), ("nosuid", "nodev", "noexec", "relatime")


@dataclass(frozen=True)
class Disk:
    """A filesystem's size and what lies on it besides the simulated files."""

    size: int
    base_used: int = 0
    """Bytes the operating system itself occupies (the part of the disk the simulation does not model)."""
    reserved: int = 0
    """ext4 keeps 5% for root: ``Avail`` is smaller than ``Size - Used``."""
    counted: bool = False
    """Whether the simulated files below the mount point count towards ``Used``."""


class HostMounts:
    """The host's table, built fresh each time it is asked for, as ``/proc/mounts`` is."""

    def __init__(self, fs, spec, engine, hidden_trees: Callable[[], list[Dir]], starting=None) -> None:
        self.fs, self.spec, self.engine, self.hidden_trees = fs, spec, engine, hidden_trees
        """``engine`` is the running daemon's (None when no daemon runs); ``hidden_trees`` the datasets of every
        driver's state that hold data without being mounted."""
        self.starting = starting
        """A container whose root filesystem is mounted while its main process starts, not yet running."""
        self.entries: list[MountEntry] = []
        self.disks: dict[str, Disk] = {}
        self._build()

    def _add(self, table: runc_mounts.Table, target: str, fstype: str, source: str, disk: Disk | None = None,
             **fields) -> MountEntry:
        statfs = (lambda: self.statfs(target)) if disk is not None else fields.pop("statfs", None)
        if disk is not None:
            self.disks[target] = disk
        if statfs is not None:
            fields["statfs"] = statfs
        return table.add(target, fstype, source, propagation=f"shared:{len(table) + 2}", **fields)

    def _build(self) -> None:
        spec = self.spec
        table = runc_mounts.Table(first_id=22, first_anon=20, outside=1)
        xfs = spec.backing_fs == "xfs"
        inode64 = spec.kernel.at_least(5, 9)
        self._add(table, "/sys", "sysfs", "sysfs", flags=SYSTEM_FLAGS)
        self._add(table, "/proc", "proc", "proc", flags=SYSTEM_FLAGS)
        self._add(table, "/dev", "devtmpfs", "udev", Disk(12 * GIB), device="0:5", flags=("nosuid", "relatime"),
                  fs_options=tmpfs_options(12 * GIB, 0o755, nr_inodes=3_145_728, inode64=inode64))
        self._add(table, "/dev/pts", "devpts", "devpts", flags=("nosuid", "noexec", "relatime"),
                  fs_options=(("gid", "5"), ("mode", "620"), ("ptmxmode", "000")))
        self._add(table, "/run", "tmpfs", "tmpfs", Disk(2_460_000 * KIB, 1_200 * KIB), flags=SYSTEM_FLAGS,
                  fs_options=tmpfs_options(2_460_000 * KIB, 0o755, inode64=inode64))
        root = table.add("/", "xfs" if xfs else "ext4", "/dev/sda1", device="8:1", flags=RELATIME,
                         fs_options=XFS_OPTIONS if xfs else EXT4_OPTIONS, propagation="shared:1",
                         statfs=lambda: self.statfs("/"))
        self.disks["/"] = Disk(41_120_828 * KIB, 2_306_512 * KIB, reserved=0 if xfs else 2_097_152 * KIB,
                               counted=True)
        self._add(table, "/dev/shm", "tmpfs", "tmpfs", Disk(MEMORY // 2), flags=("nosuid", "nodev"),
                  fs_options=tmpfs_options(inode64=inode64))
        self._add(table, "/run/lock", "tmpfs", "tmpfs", Disk(5 * 1024 * KIB), flags=SYSTEM_FLAGS,
                  fs_options=tmpfs_options(5 * 1024 * KIB, inode64=inode64))
        self._add(table, "/sys/fs/cgroup", "cgroup2", "cgroup2", flags=SYSTEM_FLAGS,
                  fs_options=runc_mounts.CGROUP2_OPTIONS)
        self._add(table, "/dev/mqueue", "mqueue", "mqueue", flags=SYSTEM_FLAGS)
        data_root = spec.data_root
        if spec.backing_fs == "btrfs":
            self._add(table, data_root, "btrfs", "/dev/sdb", Disk(100 * GIB, 3_584 * KIB, counted=True),
                      device="0:35", flags=RELATIME,
                      fs_options=(("ssd", None), ("space_cache", "v2"), ("subvolid", "5"), ("subvol", "/")))
        elif spec.backing_fs == "zfs":
            self._add(table, data_root, "zfs", ZPOOL, Disk(ZPOOL_SIZE, 244 * KIB, counted=True), device="0:35",
                      flags=RELATIME, fs_options=(("xattr", None), ("noacl", None)))
        self._containers(table, inode64)
        self.entries = table.entries
        self.root = root

    def _containers(self, table: runc_mounts.Table, inode64: bool) -> None:
        """One mount per running container's root filesystem, where its driver mounts it."""
        engine = self.engine
        if engine is None:
            return
        graph = engine.graph
        mounted = [c for c in engine.containers if c.running or c is self.starting]
        for c in sorted(mounted, key=lambda c: (c.started_at or 0, c.id)):
            data = lambda: self.statfs(self.spec.data_root)  # noqa: E731 - an overlay reports its upper fs's
            if graph.name == "overlay2" or graph.name == "overlayfs":
                lowers, upper, work = graph.mount_dirs(c)
                where = graph.mountpoint(c) if graph.name == "overlayfs" else f"{graph.home_path}/{c.mount_id}/merged"
                self._add(table, where, "overlay", "overlay", flags=RELATIME,
                          fs_options=overlay_options(lowers, upper, work), statfs=data)
            elif graph.name == "fuse-overlayfs":
                self._add(table, f"{graph.home_path}/{c.mount_id}/merged", "fuse.fuse-overlayfs", "fuse-overlayfs",
                          flags=("nodev", "noatime"), statfs=data,
                          fs_options=(("user_id", "0"), ("group_id", "0"), ("default_permissions", None),
                                      ("allow_other", None)))
            elif graph.name == "zfs":
                self._add(table, graph.path(c.mount_id), "zfs", f"{graph.dataset_root}/{c.mount_id}", flags=RELATIME,
                          fs_options=(("xattr", None), ("noacl", None)), statfs=data)

    # ----------------------------------------------------------------- numbers

    def statfs(self, target: str) -> StatFs:
        """The numbers of the filesystem mounted at ``target`` (an overlay's are its upper filesystem's)."""
        disk = self.disks.get(target)
        if disk is None:
            return self.statfs(self.owner(target).target) if target != "/" else StatFs(0, 0, 0)
        return StatFs.of_bytes(disk.size, self.used_bytes(target), disk.reserved)

    def owner(self, path: str) -> MountEntry:
        """The entry a host path lives on, among the filesystems with numbers of their own."""
        found = owner([e for e in self.entries if e.target in self.disks], path)
        assert found is not None, "/ holds every path"
        return found

    def used_bytes(self, target: str) -> int:
        """What the files on the filesystem at ``target`` occupy, not counting filesystems mounted below it."""
        disk = self.disks[target]
        if not disk.counted:
            return disk.base_used
        try:
            node = self.fs.lstat(target)
        except OSError:
            return disk.base_used
        others = {t for t, d in self.disks.items() if t != target and d.counted}
        shared = next(e for e in self.entries if e.target == target).fstype in ("btrfs", "zfs")
        scratch = Dir()  # the files on this filesystem plus datasets that are not mounted
        scratch.children["mounted"] = _without(node, target, others)
        if self.owner(self.spec.data_root).target == target:
            for i, tree in enumerate(self.hidden_trees()):
                scratch.children[f"dataset{i}"] = tree
        return disk.base_used + disk_usage(scratch, shared_extents=shared) - (0 if shared else 4096)


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


def container_table(host: HostMounts, engine, c, tmpfs_used: Callable[[str], int]) -> list[MountEntry]:
    """The container's ``/proc/self/mountinfo``: its root, the runtime's mounts, its own mounts, the /etc files,
    then the protected paths. ``tmpfs_used`` gives the bytes in the container's tmpfs at a target."""
    inode64 = host.spec.kernel.at_least(5, 9)
    table = runc_mounts.Table()
    _root(table, host, engine, c)
    runc_mounts.standard_mounts(table, memory=MEMORY, inode64=inode64)
    binds = []
    for mp in c.mounts:
        if mp.type == "tmpfs":
            size = mp.tmpfs_size or MEMORY // 2
            binds.append(runc_mounts.Bind(mp.target, None, readonly=not mp.rw, tmpfs_size=mp.tmpfs_size,
                                          tmpfs_mode=mp.tmpfs_mode,
                                          statfs=functools.partial(_tmpfs_statfs, size, mp.destination, tmpfs_used)))
        else:
            source = mp.source + (f"/{mp.subpath}" if mp.subpath else "")
            binds.append(_bind(host, mp.target, source, not mp.rw, private=mp.type == "bind"))
    tmpfs = [b for b in binds if b.host is None]
    binds = [b for b in binds if b.host is not None]
    base = f"{engine.data_root.root}/containers/{c.id}"
    binds += [_bind(host, f"/etc/{name}", f"{base}/{name}", False, private=True)
              for name in ("resolv.conf", "hostname", "hosts")]
    runc_mounts.user_mounts(table, binds + tmpfs, inode64=inode64)
    runc_mounts.protect(table, memory=MEMORY, inode64=inode64)
    return table.entries


def _tmpfs_statfs(size: int, target: str, used: Callable[[str], int]) -> StatFs:
    return StatFs.of_bytes(size, used(target))


def _bind(host: HostMounts, target: str, source: str, readonly: bool, *, private: bool) -> runc_mounts.Bind:
    on = owner(host.entries, source)
    assert on is not None
    root = "/" + source[len(on.target.rstrip("/")):].lstrip("/")
    return runc_mounts.Bind(target, on, paths.normalize(root), readonly=readonly, private=private)


def _root(table: runc_mounts.Table, host: HostMounts, engine, c) -> None:
    """The container's ``/``: the host's mount of its root filesystem, or a bind of its tree."""
    graph = engine.graph
    where = {"overlay2": f"{graph.home_path}/{c.mount_id}/merged",
             "fuse-overlayfs": f"{graph.home_path}/{c.mount_id}/merged"}.get(graph.name)
    if graph.name == "overlayfs":
        where = graph.mountpoint(c)
    elif graph.name == "zfs":
        where = graph.path(c.mount_id)
    mounted = next((e for e in host.entries if e.target == where), None)
    if mounted is not None:
        table.add("/", mounted.fstype, mounted.source, device=mounted.device, flags=mounted.flags,
                  fs_options=mounted.fs_options, statfs=mounted.statfs,
                  propagation=runc_mounts.root_entry_propagation(mounted))
        return
    tree = graph.path(c.mount_id) if hasattr(graph, "path") else f"{graph.home_path}/{c.mount_id}"
    on = owner(host.entries, tree)
    assert on is not None
    table.add("/", on.fstype, on.source, device=on.device, flags=on.flags, fs_options=on.fs_options,
              root="/" + tree[len(on.target.rstrip("/")):].lstrip("/"), statfs=on.statfs,
              propagation=runc_mounts.root_entry_propagation(on))
