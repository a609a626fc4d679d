"""Where a cluster's data lives: each node's disk, each Pod's containers, and the storage behind each volume.

Every node has its own filesystem: a hostPath or ``local`` volume is a
directory there, so a Pod moved to another node sees another directory, and
local-path's volumes live under ``/var/local-path-provisioner`` on the node the
scheduler chose. Network and CSI volumes keep their data in the cluster's
storage, reachable from any node. An ``emptyDir`` is a directory under the
kubelet's pod directory (memory with ``medium: Memory``) and goes with the Pod;
so do the read-only files of configMap, secret, downwardAPI and projected
volumes, which the kubelet rewrites when their objects change (see
:mod:`~storagekit.k8s.projection`). A Pod's ``fsGroup`` is given the volumes
that take it as they are set up (:mod:`~storagekit.k8s.ownership`).
A container's root filesystem is its image's layers (from the catalogue) under
a writable layer of its own.

When a volume with the Delete policy disappears, its data goes with it;
Retain keeps it.
"""

from __future__ import annotations

import functools
import hashlib

from storagekit.fs import Dir, FileSystem, paths, users
from storagekit.fs.capacity import Space
from storagekit.fs.devices import dev_tree
from storagekit.fs.mounts import Mount, MountNamespace
from storagekit.fs.nodes import File, tree_size
from storagekit.fs.procfs import ProcFS, sys_tree
from storagekit.k8s import mounttable, ownership, processes, projection
from storagekit.k8s.claims import capacity, pod_claims, volume_claim
from storagekit.runc import process as runc
from storagekit.sim.errors import errno_text
from storagekit.sim.process import Credentials

KUBELET_PODS = "/var/lib/kubelet/pods"
NODE_DIRS = ("/mnt", "/tmp", "/var/lib/kubelet/pods", "/var/local-path-provisioner")


def _sandbox_id(uid: str) -> str:
    """The Pod sandbox's id, as containerd names its directory (derived from the Pod here)."""
    return hashlib.sha256(f"sandbox:{uid}".encode()).hexdigest()


class ContainerNotFound(Exception):
    pass


def _check_host_path(fs: FileSystem, path: str, kind: str) -> str:
    """The kubelet's hostPath type check (``checkTypeInternal``): "" when the path is what the type asks for."""
    import stat

    node = fs.stat(path) if fs.exists(path) else None
    if kind == "DirectoryOrCreate" and node is None:
        fs.mkdir(path, 0o755, parents=True)
        return ""
    if kind == "FileOrCreate" and node is None:
        try:
            fs.write(path, b"", perm=0o644)
        except OSError as exc:
            return f"open {path}: {errno_text(exc)}"
        return ""
    wanted = {"Directory": (stat.S_ISDIR, "a directory"), "DirectoryOrCreate": (stat.S_ISDIR, "a directory"),
              "File": (stat.S_ISREG, "a file"), "FileOrCreate": (stat.S_ISREG, "a file"),
              "Socket": (stat.S_ISSOCK, "a socket file"), "CharDevice": (stat.S_ISCHR, "a character device"),
              "BlockDevice": (stat.S_ISBLK, "a block device")}
    if kind not in wanted:
        return f"{kind} is an invalid volume type"
    test, noun = wanted[kind]
    return "" if node is not None and test(node.mode) else f"hostPath type check failed: {path} is not {noun}"


def _make_sub_path(fs: FileSystem, volume: str, path: str) -> None:
    """The kubelet makes a missing ``subPath`` with the mode of the volume's root, setgid included (``makeMounts``,
    ``SafeMakeDir``): where the Pod's fsGroup may write, it may write in the new directory too."""
    mode = fs.stat(volume).mode & 0o7777
    for built in paths.prefixes(path)[len(paths.prefixes(volume)):]:
        if not fs.lexists(built):
            fs.mkdir(built, mode)
            fs.chmod(built, mode)  # mkdir leaves setgid to the parent; the kubelet sets the bits it wants


class ClusterRuntime:
    def __init__(self, clock, runner: runc.Runner) -> None:
        self.clock, self.runner = clock, runner
        self.nodes: dict[str, FileSystem] = {}
        self.storage: dict[str, Dir] = {}
        """Data of network and CSI volumes, by PV name."""
        self.uppers: dict[tuple[str, str], Dir] = {}
        """Containers' writable layers, by (pod uid, container name)."""
        self.devs: dict[tuple[str, str], Dir] = {}
        """The ``/dev`` runc gives each running container, by (pod uid, container name)."""
        self.memory: dict[tuple[str, str], Dir] = {}
        """``emptyDir`` volumes with ``medium: Memory``, by (pod uid, volume name)."""
        self.logs: dict[tuple[str, str], list[str]] = {}
        """What each container printed, by (pod uid, container name)."""
        self.previous_logs: dict[tuple[str, str], list[str]] = {}
        """What the container's previous instance printed, before its last restart (``kubectl logs -p``)."""
        self.pins: dict[tuple[str, str, int], tuple[FileSystem, str]] = {}
        """``subPath`` mounts of projected files, bound when the container started: (pod uid, container, mount)."""
        self.signals: dict[tuple[str, str], str] = {}
        """A signal sent to a container's main process (``kill 1`` in ``kubectl exec``), for the kubelet to see."""
        self.handles: dict[tuple[str, str], tuple[str, ...]] = {}
        """The signals each main process has handlers for: as PID 1 it ignores the others (SIGTERM for a shell)."""
        self.background: dict[tuple[str, str], runc.Process] = {}
        """Main processes waiting in a ``sleep`` (a loop's), resumed as simulated time passes."""
        self.backoff: dict[tuple[str, str], int] = {}
        """When a crashed container may restart (the kubelet's back-off), by (pod uid, container name)."""
        self.projected: dict[tuple[str, str], tuple] = {}
        """What each projected volume was last written from, by (pod uid, volume name)."""
        self.users: dict[tuple[str, str], Credentials] = {}
        """Whom each container's main process runs as, by (pod uid, container name)."""
        self.mounted: dict[tuple[str, str], str] = {}
        """The PV each running Pod has mounted, by (pod uid, volume name): its fsGroup was applied at that mount."""
        self.image_of: dict[tuple[str, str], str] = {}
        """The image each container runs, by (pod uid, container name)."""
        self.snapshots: dict[tuple[str, str], int] = {}
        """containerd's snapshot numbers on each node, by (node, image layer or container): counted up as the node
        unpacks a layer or prepares a container's writable layer."""
        self._images: dict[str, tuple[list[Dir], dict] | None] = {}
        self._volumes: dict[str, dict] = {}
        """The volumes as last seen, so that the data of a Delete volume goes once the volume has gone."""
        self._volumes_seen = 0
        """The store's revision when :attr:`_volumes` was last brought up to date."""

    def add_node(self, name: str) -> FileSystem:
        fs = FileSystem(Dir(), clock=self.clock)
        for d in NODE_DIRS:
            fs.mkdir(d, parents=True)
        fs.put("/dev", dev_tree(self.clock.now))
        fs.mkdir("/etc")
        users.install(fs)
        self.nodes[name] = fs
        return fs

    def image(self, reference: str) -> tuple[list[Dir], dict] | None:
        """The image's layer trees (topmost first) and its config, or None if the catalogue has no such image."""
        if reference not in self._images:
            from storagekit.docker import reference as refs
            from storagekit.docker.catalogue import images as catalogue
            from storagekit.sim.clock import parse_rfc3339

            try:
                spec = catalogue.find_image(refs.parse(reference).with_default_tag().canonical)
            except Exception:  # noqa: BLE001 - an unparsable name is simply not in the catalogue
                spec = None
            self._images[reference] = None if spec is None else (
                [catalogue.layer_spec(layer_id).build_tree(parse_rfc3339(spec.created))
                 for layer_id in reversed(spec.layer_ids)], dict(spec.config or {}))
        return self._images[reference]

    def read_only_trees(self) -> list[Dir]:
        """The catalogue images' layers, which containers only read: snapshots of the cluster share them."""
        return [tree for entry in self._images.values() if entry is not None for tree in entry[0]]

    # ------------------------------------------------------------------ volumes

    def _source(self, store, pod: dict, volume: dict) -> tuple[FileSystem, str, bool]:
        """``(filesystem, path, read only)`` behind one of the Pod's volumes, made if it must be."""
        node = self.nodes[pod["spec"]["nodeName"]]
        uid = pod["metadata"]["uid"]
        name = volume.get("name", "")
        if volume.get("persistentVolumeClaim") is not None or volume.get("ephemeral") is not None:
            pvc = store.get("PersistentVolumeClaim", volume_claim(pod, volume), pod["metadata"]["namespace"])
            pv = store.get("PersistentVolume", pvc["spec"]["volumeName"])
            fs, path = self.volume_location(pv, node)
            readonly = bool((volume.get("persistentVolumeClaim") or {}).get("readOnly"))
            self._mount_claimed(store, pod, name, pv, fs, path, readonly)
            return fs, path, readonly
        kind = projection.source_kind(volume)
        if kind is not None:
            path = f"{KUBELET_PODS}/{uid}/volumes/{projection.PLUGIN_DIRS[kind]}/{name}"
            try:
                if projection.write_atomic(node, path, projection.payload(store, pod, volume), f"{uid}/{name}"):
                    ownership.set_volume_ownership(node, path, ownership.fs_group(pod), readonly=True)
            except projection.MountError:  # the object went: the files it showed stay
                node.mkdir(path, 0o1777, parents=True, exist_ok=True)
            return node, path, True
        if volume.get("hostPath") is not None:
            path = volume["hostPath"].get("path", "/")
            if not node.exists(path):  # the runtime makes a missing source a directory
                node.mkdir(path, parents=True)
            return node, path, False
        if volume.get("emptyDir") is not None:  # made once for the Pod, and given its fsGroup then
            if (volume["emptyDir"] or {}).get("medium") == "Memory":
                made = (uid, name) not in self.memory
                tree = self.memory.setdefault((uid, name), Dir(0o1777))
                fs, path = FileSystem(tree, clock=self.clock), "/"
                size = mounttable.memory_volume_size(pod, volume)  # a write past its size= fails with ENOSPC
                space = Space(lambda: size - tree_size(tree))
                fs.capacity = lambda _path: space
            else:
                fs, path = node, f"{KUBELET_PODS}/{uid}/volumes/kubernetes.io~empty-dir/{name}"
                made = not node.exists(path)
                node.mkdir(path, 0o777, parents=True, exist_ok=True)
            if made:
                ownership.set_volume_ownership(fs, path, ownership.fs_group(pod))
            return fs, path, False
        raise ContainerNotFound(f"volume {name!r} has a source the simulator does not mount")

    def _mount_claimed(self, store, pod: dict, name: str, pv: dict, fs: FileSystem, path: str,
                       readonly: bool) -> None:
        """The kubelet's first mount of a claimed PV for this Pod: the fsGroup ownership change, where the volume
        takes it; a ``local`` volume that other Pods have mounted keeps its group, with a warning if it differs."""
        key, volume = (pod["metadata"]["uid"], name), pv["metadata"]["name"]
        if key in self.mounted:
            return
        shared = any(v == volume and k[0] != key[0] for k, v in self.mounted.items())
        self.mounted[key] = volume
        group = ownership.fs_group(pod)
        if group is None:
            return
        if ownership.persistent_volume_owned(pv, readonly, shared):
            ownership.set_volume_ownership(fs, path, group, readonly=readonly, policy=ownership.change_policy(pod))
        elif shared and pv["spec"].get("local") is not None and fs.stat(path).gid != group:
            store.record(pod, "Warning", "AlreadyMountedVolume", f"The requested fsGroup is {group}, but the volume "
                         f"{volume} has GID {fs.stat(path).gid}. The volume may not be shareable.", "kubelet")

    def claimed_volumes(self, store, pod: dict) -> list[dict]:
        """The PVs bound to the claims the Pod uses."""
        ns = pod["metadata"]["namespace"]
        claims = [store.get("PersistentVolumeClaim", n, ns) for n in pod_claims(pod)]
        return [pv for pvc in claims if pvc and (pv := store.get("PersistentVolume",
                                                               pvc["spec"].get("volumeName") or "")) is not None]

    def hostpath_problem(self, store, pod: dict) -> tuple[str, str] | None:
        """``(volume, reason)`` for the first hostPath (the Pod's own, or its claim's volume) whose ``type`` check
        fails on the Pod's node; the ``...OrCreate`` types make what is missing, as the kubelet does."""
        node = self.nodes.get(pod["spec"].get("nodeName", ""))
        if node is None:
            return None
        for volume in pod["spec"].get("volumes") or []:
            source, claim = volume.get("hostPath"), volume_claim(pod, volume)
            if source is None and claim is not None:
                pvc = store.get("PersistentVolumeClaim", claim, pod["metadata"]["namespace"])
                pv = store.get("PersistentVolume",
                               ((pvc or {}).get("spec") or {}).get("volumeName", "")) if pvc else None
                source = (pv or {}).get("spec", {}).get("hostPath")
            if source and source.get("type"):
                reason = _check_host_path(node, source.get("path", ""), source["type"])
                if reason:
                    return volume.get("name", ""), reason
        return None

    def local_path_setup(self, node: str, path: str) -> None:
        """What local-path's helper Pod runs on the node chosen for a new volume (kind's ``setup`` script,
        ``mkdir -m 0777 -p "$VOL_DIR"``): a directory every user may write to."""
        fs = self.nodes.get(node)
        if fs is not None:
            fs.mkdir(path, parents=True, exist_ok=True)
            fs.chmod(path, 0o777)

    def volume_files(self, store, pod: dict, volume: dict) -> tuple[str, Dir | None]:
        """Where the files of one of a scheduled Pod's volumes are (``node1:/srv/data``, ``memory``, ``volume
        pvc-…``) and their tree as it is now (None before the kubelet made it); for diagrams, so it makes
        nothing."""
        node_name, uid, name = pod["spec"].get("nodeName", ""), pod["metadata"]["uid"], volume.get("name", "")
        node = self.nodes.get(node_name)
        if node is None:
            return "", None
        claim = volume_claim(pod, volume)
        if claim is not None:
            pvc = store.get("PersistentVolumeClaim", claim, pod["metadata"]["namespace"])
            pv = store.get("PersistentVolume", (pvc or {}).get("spec", {}).get("volumeName") or "")
            if pv is None:
                return "", None
            source = pv["spec"].get("hostPath") or pv["spec"].get("local")
            if source is None:
                return f"volume {pv['metadata']['name']}", self.storage.get(pv["metadata"]["name"])
            path = source["path"]
        elif (kind := projection.source_kind(volume)) is not None:
            path = f"{KUBELET_PODS}/{uid}/volumes/{projection.PLUGIN_DIRS[kind]}/{name}"
        elif volume.get("hostPath") is not None:
            path = volume["hostPath"].get("path", "/")
        elif (volume.get("emptyDir") or {}).get("medium") == "Memory":
            return f"{node_name}'s memory", self.memory.get((uid, name))
        else:
            path = f"{KUBELET_PODS}/{uid}/volumes/kubernetes.io~empty-dir/{name}"
        entry = node.lstat(path) if node.lexists(path) else None
        return f"{node_name}:{path}", entry if isinstance(entry, Dir) else None

    def volume_location(self, pv: dict, node: FileSystem) -> tuple[FileSystem, str]:
        """Where a PV's files are: a directory on the node, or the cluster's storage for the volume."""
        self._volumes[pv["metadata"]["name"]] = pv
        spec = pv["spec"]
        if "hostPath" in spec or "local" in spec:
            path = (spec.get("hostPath") or spec.get("local"))["path"]
            if not node.exists(path):
                node.mkdir(path, parents=True)
            return node, path
        root = self.storage.setdefault(pv["metadata"]["name"], Dir(0o755))
        return FileSystem(root, clock=self.clock), "/"

    def container_fs(self, store, pod: dict, container: dict) -> MountNamespace:
        """What a container's processes see: its image under its writable layer, with the Pod's volumes mounted,
        and ``/proc`` showing them all."""
        image = self.image(container.get("image", ""))
        key = (pod["metadata"]["uid"], container["name"])
        upper = self.uppers.setdefault(key, Dir())
        root = FileSystem(upper, image[0] if image else [Dir()], clock=self.clock)
        volumes = {v.get("name"): v for v in pod["spec"].get("volumes") or []}
        dev = self.devs.setdefault(key, dev_tree(self.clock.now))  # runc's /dev, for as long as the container runs
        mounts = [Mount("/dev", FileSystem(dev, clock=self.clock), "/", kind="tmpfs")]
        seen: list[mounttable.VolumeMount] = []
        for i, m in enumerate(container.get("volumeMounts") or []):
            volume = volumes[m["name"]]
            fs, path, readonly = self._source(store, pod, volume)
            if m.get("subPath"):
                base, path = path, path.rstrip("/") + "/" + m["subPath"]
                if projection.source_kind(volume) is None:
                    _make_sub_path(fs, base, path)
                else:
                    fs, path = self.pins.setdefault((*key, i), projection.pinned(fs, path))
            target = m.get("mountPath", "/")
            if not root.lexists(target):
                source_is_file = isinstance(fs.lstat(path), File)
                root.mkdir(target.rsplit("/", 1)[0] or "/", parents=True)
                root.write(target, b"") if source_is_file else root.mkdir(target)
            mounts.append(Mount(target, fs, path, readonly or bool(m.get("readOnly"))))
            seen.append(self._seen_as(pod, fs, path, target, readonly or bool(m.get("readOnly")), volume))
        table = functools.partial(self.mount_table, pod["spec"]["nodeName"], key, tuple(seen))
        mounts.append(Mount("/proc", ProcFS(table, self.clock), "/", kind="proc"))
        mounts.append(Mount("/sys", FileSystem(None, [sys_tree(self.clock.now)]), "/", readonly=True, kind="sysfs"))
        namespace = MountNamespace(root, mounts, table)
        for target in mounttable.KUBELET_FILES:  # their mount points, made as runc makes them
            if not namespace.lexists(target):
                namespace.mkdir(paths.parent(target), parents=True)
                namespace.write(target, b"")
        return namespace

    def _seen_as(self, pod: dict, fs: FileSystem, path: str, target: str, readonly: bool,
                 volume: dict) -> mounttable.VolumeMount:
        """What a volume's mount is, for the table: a directory on the node, memory, or the volume's device."""
        if volume.get("secret") is not None or volume.get("projected") is not None or fs.upper in [
                d for d in self.memory.values()]:
            return mounttable.VolumeMount(target, "tmpfs", readonly=readonly, tree=fs.upper,
                                          size=mounttable.memory_volume_size(pod, volume))
        pv = next((n for n, d in self.storage.items() if d is fs.upper), None)
        if pv is not None:
            spec = (self._volumes.get(pv) or {}).get("spec") or {}
            nfs = spec.get("nfs")
            device = f"{nfs.get('server', '')}:{nfs.get('path', '/')} nfs4" if nfs else f"/dev/disk/by-id/{pv} ext4"
            size = 0 if nfs else int(capacity(self._volumes[pv]).value)  # an NFS export's size is the server's
            return mounttable.VolumeMount(target, "device", readonly=readonly, tree=fs.upper, device=device,
                                          size=size)
        return mounttable.VolumeMount(target, "node", path, readonly)

    def mount_table(self, node: str, key: tuple[str, str], volumes: tuple) -> list:
        """The container's mounts as its ``/proc/self/mountinfo`` lists them."""
        image = self.image_of.get(key, "")
        lowers = [n for (where, what), n in sorted(self.snapshots.items(), key=lambda item: -item[1])
                  if where == node and what.startswith(f"layer:{image}#")]
        upper = self.snapshots.get((node, f"rw:{key[0]}/{key[1]}"), 0)
        return mounttable.container_table(self.nodes[node].upper or Dir(), lowers, upper, key[0],
                                          _sandbox_id(key[0]), key[1], list(volumes))

    def _prepare_snapshots(self, node: str, key: tuple[str, str], reference: str) -> None:
        """The node unpacks the image's layers once (a snapshot each, bottom first) and prepares a new writable
        snapshot for each start of the container."""
        self.image_of[key] = reference
        image = self.image(reference)
        for i in reversed(range(len(image[0]) if image else 1)):  # image[0] lists the top layer first
            self.snapshots.setdefault((node, f"layer:{reference}#{i}"), self._next_snapshot(node))
        self.snapshots[(node, f"rw:{key[0]}/{key[1]}")] = self._next_snapshot(node)

    def _next_snapshot(self, node: str) -> int:
        return 1 + max((n for (where, _), n in self.snapshots.items() if where == node), default=0)

    def _refresh(self, store, pod: dict) -> None:
        """The kubelet's sync of a running Pod: rewrite projected files whose objects changed."""
        uid = pod["metadata"]["uid"]
        for volume in pod["spec"].get("volumes") or []:
            if projection.source_kind(volume) is None:
                continue
            stamp = projection.inputs(store, pod, volume)
            if self.projected.get((uid, volume.get("name", ""))) != stamp:
                self._source(store, pod, volume)
                self.projected[(uid, volume.get("name", ""))] = stamp

    def start(self, store, pod: dict, container: dict, *, restart: bool = False) -> int | None:
        """Start the container's main process in a new writable layer (a restarted container loses what it wrote
        outside its volumes, and binds its subPath files anew); None while it runs, else its exit status.
        :class:`~storagekit.runc.process.StartError` when it cannot start."""
        key = (pod["metadata"]["uid"], container["name"])
        if restart:
            self.previous_logs[key] = self.logs.get(key, [])
            for pin in [p for p in self.pins if p[:2] == key]:
                del self.pins[pin]
        self.stop(key)
        self.uppers[key] = Dir()
        self.devs.pop(key, None)
        self.logs[key] = []
        image = self.image(container.get("image", ""))
        self._prepare_snapshots(pod["spec"]["nodeName"], key, container.get("image", ""))
        fs = self.container_fs(store, pod, container)
        started = processes.start(fs, pod, container, image[1] if image else None, self.runner, self.clock.isoformat(),
                                  self.claimed_volumes(store, pod))
        self.handles[key] = started.handles
        if started.cred is not None:
            self.users[key] = started.cred
        if started.process is not None:
            self.background[key] = started.process
        self.logs[key] = [line for _, line in started.logs]
        return started.code

    def stop(self, key: tuple[str, str]) -> None:
        """End a container's main process that is still waiting in the background."""
        process = self.background.pop(key, None)
        if process is not None:
            process.kill()

    def due(self) -> bool:
        """Whether a waiting main process's wait has ended."""
        return any(p.wake_at is not None and p.wake_at <= self.clock.now for p in self.background.values())

    def advance(self, pod: dict, container: dict) -> int | None:
        """Let a waiting main process run each wait that has ended (its output goes to the logs); its exit status
        if it ended, else None."""
        key = (pod["metadata"]["uid"], container["name"])
        process = self.background.get(key)
        if process is None:
            return None
        for _, out, err in runc.catch_up(process, self.clock.now):
            self.logs.setdefault(key, []).extend(out.splitlines() + err.splitlines())
        if process.code is not None:
            del self.background[key]
        return process.code

    def ends_on(self, key: tuple[str, str], signal: str) -> bool:
        """Whether the container's main process ends when it gets ``signal`` (an unknown one is taken to)."""
        return key not in self.handles or runc.signal_outcome(self.handles[key], signal) is not None

    def started(self, pod: dict, container: dict) -> bool:
        return (pod["metadata"]["uid"], container["name"]) in self.uppers

    # ------------------------------------------------------------------ cleanup

    def scrub(self, pv: dict) -> None:
        """What the recycler Pod does to a recycled volume: empty it, keeping the directory. (It runs on one node;
        the simulator scrubs a hostPath on every node that has it, which is the same thing on the one-node
        clusters hostPath recycling is meant for.)"""
        root = self.storage.get(pv["metadata"]["name"])
        if root is not None:
            root.children.clear()
        path = (pv["spec"].get("hostPath") or {}).get("path")
        if not path:
            return
        for fs in self.nodes.values():
            if fs.isdir(path):
                for name in fs.listdir(path):
                    fs.discard(f"{path.rstrip('/')}/{name}")

    def sync(self, store) -> None:
        """Refresh the projected files of running Pods; forget Pods that are gone (their writable layers and
        emptyDirs) and the data of deleted Delete volumes."""
        pods = store.list("Pod")
        for pod in pods:
            if (pod.get("status") or {}).get("phase") == "Running":
                self._refresh(store, pod)
        live = {p["metadata"]["uid"] for p in pods}
        mounting = {p["metadata"]["uid"] for p in pods if (p.get("status") or {}).get("phase") not in ("Succeeded",
                                                                                                       "Failed")}
        for key in [k for k in self.mounted if k[0] not in mounting]:  # a finished Pod's volumes are unmounted
            del self.mounted[key]
        for key in [k for k in self.uppers if k[0] not in live]:
            self.stop(key)
            del self.uppers[key]
            self.logs.pop(key, None)
            self.previous_logs.pop(key, None)
        for table in (self.memory, self.projected, self.backoff, self.signals, self.handles, self.devs, self.users,
                      self.image_of):
            for key in [k for k in table if k[0] not in live]:
                del table[key]
        for snap in [k for k in self.snapshots if k[1].startswith("rw:") and k[1][3:].split("/")[0] not in live]:
            del self.snapshots[snap]  # the container's writable snapshot goes with it; image layers stay
        for pin in [p for p in self.pins if p[0] not in live]:  # keyed by (pod uid, container, mount)
            del self.pins[pin]
        for fs in self.nodes.values():
            for uid in [u for u in fs.listdir(KUBELET_PODS) if u not in live]:
                fs.discard(f"{KUBELET_PODS}/{uid}")
        written, self._volumes_seen = store.written_since("PersistentVolume", self._volumes_seen), store.revision
        for _ns, name in written:
            current = store.get("PersistentVolume", name)
            if current is not None:
                self._volumes[name] = current
                continue
            pv = self._volumes.pop(name, None)
            if pv is None:
                continue
            if pv["spec"].get("persistentVolumeReclaimPolicy") == "Delete":
                self.storage.pop(name, None)
                path = (pv["spec"].get("hostPath") or pv["spec"].get("local") or {}).get("path")
                for fs in self.nodes.values():
                    if path:
                        fs.discard(path)
