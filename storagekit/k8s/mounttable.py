"""The mount table of a Pod's container, as ``mount`` and ``df`` read it inside ``kubectl exec``.

containerd's overlayfs snapshotter keeps each image layer and each container's
writable layer as a numbered snapshot on the node
(``/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/<n>``);
the container's ``/`` is an overlay of their ``fs`` directories. Around it the
runtime's standard mounts (:mod:`storagekit.runc.mounts`), then the kubelet's:
each volume a bind of its directory on the node
(``/var/lib/kubelet/pods/<uid>/volumes/<plugin>/<name>``, a hostPath or local
path, local-path's directory) or the volume's own filesystem (an ``emptyDir`` in
memory and the secret and projected volumes are tmpfs; a network or CSI volume
is its device), then ``/etc/hosts`` and ``/dev/termination-log`` from the
Pod's directory and ``/etc/hostname`` and ``/etc/resolv.conf`` from the
sandbox's. A node is a VM with one ext4 disk, ``/dev/sda1``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from storagekit.fs.mounttable import MountEntry, StatFs, overlay_options, tmpfs_options
from storagekit.fs.nodes import Dir, tree_size
from storagekit.fs.usage import disk_usage
from storagekit.k8s import quantity
from storagekit.runc import mounts as runc_mounts

SNAPSHOTS = "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots"
SANDBOXES = "/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes"
KIB, GIB = 1024, 1024 ** 3
NODE_DISK, NODE_OS = 41_120_828 * KIB, 2_306_512 * KIB
MEMORY = 8 * GIB
"""A node's allocatable memory: the size of a memory-backed volume without a limit."""
INODE64 = True
"""The nodes run a kernel from 5.9 on, whose tmpfs shows ``inode64``."""


@dataclass(frozen=True)
class VolumeMount:
    """Where one of the container's mounts comes from, as the kubelet set it up."""

    target: str
    kind: str
    """``node`` (a directory on the node's disk), ``tmpfs`` (memory) or ``device`` (a network or CSI volume)."""
    path: str = "/"
    readonly: bool = False
    tree: Dir | None = None
    """The files of a tmpfs or a device volume (what counts as used)."""
    device: str = ""
    """A device volume's source (``/dev/sdb``, ``server:/export``) and its type after a space."""
    size: int = 0
    """Bytes its filesystem holds: a tmpfs's ``size=``, a device volume's capacity (0: :data:`MEMORY`, 10 GiB)."""


KUBELET_FILES = ("/etc/hosts", "/dev/termination-log", "/etc/hostname", "/etc/resolv.conf")
"""The files the kubelet and the runtime bind into every container."""


def memory_volume_size(pod: dict, volume: dict) -> int:
    """The ``size=`` of a memory-backed volume's tmpfs, as the kubelet's emptyDir plugin computes it
    (``calculateEmptyDirMemorySize``): the node's allocatable memory, or less: the Pod's memory limit when every
    container declares one, and the volume's ``emptyDir.sizeLimit`` when smaller still."""
    size = MEMORY
    containers = pod["spec"].get("containers") or []
    limits = [((ct.get("resources") or {}).get("limits") or {}).get("memory") for ct in containers]
    if containers and all(limit is not None for limit in limits):
        pod_limit = int(sum(quantity.parse(str(limit)).value for limit in limits))
        inits = [((ct.get("resources") or {}).get("limits") or {}).get("memory")
                 for ct in pod["spec"].get("initContainers") or []]
        pod_limit = max([pod_limit, *(int(quantity.parse(str(x)).value) for x in inits if x is not None)])
        if 0 < pod_limit <= size:
            size = pod_limit
    limit = (volume.get("emptyDir") or {}).get("sizeLimit")
    if limit is not None and 0 < quantity.parse(str(limit)).value <= size:
        size = int(quantity.parse(str(limit)).value)
    return size


def node_disk(node_root: Dir) -> MountEntry:
    """The node's ``/``: its disk, with what its files occupy besides the operating system."""
    return MountEntry(27, 1, "8:1", "/", "ext4", "/dev/sda1", ("relatime",), fs_options=(("errors", "remount-ro"),),
                      propagation="shared:1", statfs=functools.partial(_disk_statfs, node_root))


def _disk_statfs(root: Dir) -> StatFs:
    return StatFs.of_bytes(NODE_DISK, NODE_OS + disk_usage(root), reserved=2_097_152 * KIB)


def _tmpfs_statfs(tree: Dir, size: int) -> StatFs:
    return StatFs.of_bytes(size, tree_size(tree))


def container_table(node_root: Dir, lowers: list[int], upper: int, uid: str, sandbox: str, container: str,
                    volumes: list[VolumeMount]) -> list[MountEntry]:
    """The container's ``/proc/self/mountinfo``: snapshots ``lowers`` (top first) under ``upper``."""
    disk = node_disk(node_root)
    table = runc_mounts.Table()
    fs = [f"{SNAPSHOTS}/{n}/fs" for n in lowers]
    table.add("/", "overlay", "overlay", flags=("relatime",), propagation="master:1", statfs=disk.statfs,
              fs_options=overlay_options(fs, f"{SNAPSHOTS}/{upper}/fs", f"{SNAPSHOTS}/{upper}/work"))
    runc_mounts.standard_mounts(table, memory=MEMORY, inode64=INODE64)
    binds = []
    for v in volumes:
        if v.kind == "node":
            binds.append(runc_mounts.Bind(v.target, disk, v.path, readonly=v.readonly))
        elif v.kind == "tmpfs":  # the kubelet mounts it on the node; the runtime binds it
            own = MountEntry(0, 0, table.anon(), "/", "tmpfs", "tmpfs", ("relatime",),
                             fs_options=tmpfs_options(v.size or MEMORY, inode64=INODE64),
                             statfs=functools.partial(_tmpfs_statfs, v.tree or Dir(), v.size or MEMORY))
            binds.append(runc_mounts.Bind(v.target, own, "/", readonly=v.readonly))
        else:
            source, _, fstype = v.device.partition(" ")
            own = MountEntry(0, 0, table.anon(), "/", fstype, source, ("relatime",),
                             statfs=functools.partial(_tmpfs_statfs, v.tree or Dir(), v.size or 10 * GIB))
            binds.append(runc_mounts.Bind(v.target, own, "/", readonly=v.readonly))
    pod_dir = f"/var/lib/kubelet/pods/{uid}"
    binds += [runc_mounts.Bind("/etc/hosts", disk, f"{pod_dir}/etc-hosts"),
              runc_mounts.Bind("/dev/termination-log", disk, f"{pod_dir}/containers/{container}/{sandbox[:8]}"),
              runc_mounts.Bind("/etc/hostname", disk, f"{SANDBOXES}/{sandbox}/hostname"),
              runc_mounts.Bind("/etc/resolv.conf", disk, f"{SANDBOXES}/{sandbox}/resolv.conf")]
    runc_mounts.user_mounts(table, [b for b in binds if b.host is not None] + [b for b in binds if b.host is None],
                            inode64=INODE64)
    runc_mounts.protect(table, memory=MEMORY, inode64=INODE64)
    return table.entries
