"""``DockerHost``: a simulated Linux host with Docker Engine, driven by the lines a learner types.

The host is a bash prompt on a Debian machine whose disk holds ``/var/lib/docker``;
``host.sh(line)`` runs one line there and returns what the real tools would
print. Each line advances the simulated clock by one second, so outputs are
identical from run to run.
"""

from __future__ import annotations

import functools
import json
from typing import NamedTuple

from storagekit.commands import system
from storagekit.commands.runner import run_in_rootfs
from storagekit.commands.shell.context import NOTE_MARK
from storagekit.commands.shell.coreutils import COREUTILS, mounts
from storagekit.commands.shell.redirect import encode, rendered, typed
from storagekit.docker.drivers import HOSTS, HostSpec, select_driver
from storagekit.docker.engine import DockerEngine, EngineInfo
from storagekit.docker.mounttable import HostMounts
from storagekit.docker.storage import DRIVERS, SNAPSHOTTERS
from storagekit.docker.volumes.store import VolumeStore
from storagekit.fs import Dir, FileSystem, View, users
from storagekit.fs import paths as fspaths
from storagekit.fs.capacity import Space
from storagekit.fs.devices import dev_tree
from storagekit.fs.mounts import Mount, MountNamespace
from storagekit.fs.mounttable import MountEntry
from storagekit.fs.procfs import ProcFS
from storagekit.sim.clock import Clock
from storagekit.sim.errors import StorageKitError
from storagekit.sim.events import EventLog
from storagekit.sim.ids import IdFactory
from storagekit.sim.serial import serialised
from storagekit.sim.snapshot import Snapshots

HOST_NAME = "docker-host"
DAEMON_JSON = "/etc/docker/daemon.json"
DOCKERD_PID = 812
HOST_DIRS = ["bin", "boot", "etc", "etc/docker", "home", "lib", "media", "mnt", "opt", "proc", "root", "run",
             "run/lock", "sbin",
             "srv", "sys", "tmp", "usr", "usr/bin", "usr/local", "usr/local/bin", "var", "var/lib", "var/log",
             "var/tmp"]


class _Output(NamedTuple):
    code: int
    out: str
    err: str


class Result(_Output):
    """What a command line did: its exit status and the text on stdout and stderr, compared and unpacked as that
    triple; and ``notes``, the simulator's own remarks (what it does not simulate, or does otherwise than a real
    host), which are never the tools' output."""

    notes: tuple[str, ...]

    def __new__(cls, code: int, out: str, err: str, notes: tuple[str, ...] = ()) -> Result:
        self = super().__new__(cls, code, out, err)
        self.notes = tuple(notes)
        return self

    @classmethod
    def of(cls, r) -> Result:
        """From a shell's result: each remark once, and none that the command already printed on stderr."""
        notes = dict.fromkeys(n.removeprefix(NOTE_MARK) for n in r.notes)
        return cls(r.code, r.out, r.err, tuple(n for n in notes if NOTE_MARK + n not in r.err))

    @property
    def remarks(self) -> str:
        """The notes as a terminal shows them, each on a line of its own after the output."""
        return "".join(f"{NOTE_MARK}{note}\n" for note in self.notes)

    def __repr__(self) -> str:
        """A cell that ends with ``host.sh(...)`` shows this: the notes too, so that no remark goes unseen."""
        shown = super().__repr__()
        return shown[:-1] + f", notes={self.notes!r})" if self.notes else shown

    def __str__(self) -> str:
        """What a terminal shows (bytes that are not UTF-8 as U+FFFD)."""
        return rendered(self.out + self.err + self.remarks)


class DockerHost(Snapshots):
    """A fresh simulated host running Docker Engine (by default with the overlay2 driver on ext4).

    >>> host = DockerHost()
    >>> host.sh("echo hello").out
    'hello\\n'
    >>> host.sh("nosuchtool").err
    'bash: nosuchtool: command not found\\n'

    The host is a value: ``snap = host.snapshot()`` keeps its whole state and
    ``host.restore(snap)`` brings it back; ``copy.deepcopy(host)`` is an
    independent host in the same state.
    """

    hostname = HOST_NAME
    """The machine's name, as its prompt shows it."""

    def __init__(self, *, engine_version: str = "28.2.2", machine: str | HostSpec = "debian-12",
                 daemon_json: dict | None = None, seed: str = "storagekit") -> None:
        """A fresh host; ``machine`` names its kernel and the filesystem under /var/lib/docker (see
        ``storagekit.docker.drivers.HOSTS``) and ``daemon_json`` is /etc/docker/daemon.json.

        The storage driver is chosen as that dockerd would choose it. If the daemon
        cannot start, the host still works and ``docker`` answers as a client with no
        daemon does; :attr:`daemon_log` says why.
        """
        self.spec = HOSTS[machine] if isinstance(machine, str) else machine
        self.engine_version = engine_version
        self.clock = Clock()
        self.ids = IdFactory(seed)
        self.events = EventLog()
        self.fs = FileSystem(Dir(), clock=self.clock)
        self._spaces: dict[str, Space] = {}
        self._make_host_tree()
        self.engine: DockerEngine | None = None
        """The running daemon's engine; None until a daemon has started."""
        self._engines: dict[str, DockerEngine] = {}
        self.volumes = VolumeStore(self.fs, self.ids, self.clock)
        """One engine state per image store and driver: what a daemon with that driver finds on disk."""
        self.daemon_journal: list[str] = []
        """Lines ``journalctl -u docker`` shows."""
        self.daemon_log = ""
        """Why the daemon did not start (its last line), or ``""`` when it runs."""
        if daemon_json:
            self.fs.write("/etc/docker/daemon.json", (json.dumps(daemon_json, indent=2) + "\n").encode())
        self.restart_daemon()
        from storagekit.commands.shell.interpreter import Shell

        programs = dict(COREUTILS)
        programs["docker"] = self._docker
        programs["mount"] = mounts.host_mount
        for name, tool in (("systemctl", system.systemctl), ("journalctl", system.journalctl)):
            programs[name] = functools.partial(tool, self)
        view = MountNamespace(self.fs, [Mount("/proc", ProcFS(self._mount_table, self.clock), "/", kind="proc")],
                              self._mount_table)
        # the shell runs on a namespace here as it does in every container (the runner's namespaces are untyped)
        self.shell = Shell(view, cwd="/root", programs=programs, dialect="bash",  # type: ignore[arg-type]
                           clock=self.clock, wait=self.time_passes)
        self._fraction = 0.0
        self.attached = None
        """The terminal session a ``docker run -it`` or ``docker exec -it`` has just opened, for the prompt to
        take over (see :mod:`storagekit.commands.session`)."""
        self.disabled_commands: frozenset[tuple[str, ...]] = frozenset()
        """Docker commands (``("volume", "create")``) an exercise takes away, refused in the simulator's voice."""
        self.fs.capacity = self._space_of  # from now on the disks fill up

    @property
    def terminal(self) -> bool:
        """Whether the learner types at a terminal (``storagekit shell`` on one): then stdin and the prompt's stdout
        are terminals, as ``isatty`` says. A notebook has none: a cell's output is a pipe, as for ``!cmd``."""
        return self.shell.tty

    @terminal.setter
    def terminal(self, value: bool) -> None:
        self.shell.tty = value

    def _make_host_tree(self) -> None:
        fs = self.fs
        for d in HOST_DIRS:
            fs.mkdir("/" + d, 0o700 if d == "root" else (0o1777 if d in ("tmp", "run/lock") else 0o755))
        fs.put("/dev", dev_tree(self.clock.now))
        fs.write("/etc/hostname", f"{HOST_NAME}\n".encode())
        fs.write("/etc/os-release", (
            b'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n'
            b'VERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n'))
        users.install(fs, groups=("docker:x:999:",))

    # ---------------------------------------------------------------- daemon

    @serialised
    def restart_daemon(self, daemon_json: dict | None = None) -> str:
        """Start dockerd again (``systemctl restart docker``), reading /etc/docker/daemon.json.

        ``daemon_json``, when given, is written to that file first. The daemon
        picks its storage anew: a driver's images and containers are visible only
        while that driver is in use, as on a real host. Returns the daemon's
        error line, or ``""`` when it started.
        """
        if daemon_json is not None:
            self.fs.mkdir("/etc/docker", exist_ok=True)
            self.fs.write("/etc/docker/daemon.json", (json.dumps(daemon_json, indent=2) + "\n").encode())
        if self.engine is not None and not self.daemon_log:
            self.stop_daemon()
        try:
            config = self.daemon_config()
        except ValueError as exc:
            self.daemon_log = f"unable to configure the Docker daemon with file {DAEMON_JSON}: {exc}"
            self.daemon_journal.append(self._journal_prefix() + self.daemon_log)
            return self.daemon_log
        selection = select_driver(self.engine_version, self.spec, configured=config.get("storage-driver"),
                                  prior_state=self._prior_state(),
                                  containerd_store=(config.get("features") or {}).get("containerd-snapshotter"))
        known = SNAPSHOTTERS if selection.image_store == "containerd" else DRIVERS
        if selection.ok and selection.driver not in known:
            raise StorageKitError(
                f"dockerd {self.engine_version} would use the {selection.driver!r} storage "
                f"({selection.image_store} store) here; the kit lays out the graph drivers {', '.join(DRIVERS)} "
                f"and the snapshotters {', '.join(SNAPSHOTTERS)} "
                "(storagekit.docker.drivers.select_driver shows the decision)"
            )
        self.selection = selection
        self.daemon_log = selection.message
        self._journal(selection)
        if selection.ok and selection.driver is not None:
            key = f"{selection.image_store}:{selection.driver}"
            if key not in self._engines:
                spec = self.spec
                self._engines[key] = DockerEngine(
                    self.fs, self.clock, self.ids, self.events, runner=self._run_in_image, volumes=self.volumes,
                    info=EngineInfo(version=self.engine_version, storage_driver=selection.driver,
                                    image_store=selection.image_store, backing_filesystem=spec.backing_fs,
                                    d_type=spec.d_type, rootless=spec.rootless, kernel_version=spec.kernel.release))
            self.engine = self._engines[key]
            self.engine.machine = self.host_mounts
        return self.daemon_log

    @serialised
    def stop_daemon(self) -> None:
        """``systemctl stop docker``: running containers are stopped as ``docker stop`` would, and the client can
        no longer connect."""
        if self.engine is not None and not self.daemon_log:
            for c in list(self.engine.containers):
                self.engine.stop_container(c)
        self.daemon_log = "dockerd stopped"
        self.daemon_journal.append(f'{self._journal_prefix()}time="{self.clock.isoformat(nanos=True)}" '
                                   'level=info msg="Processing signal \'terminated\'"')

    def _journal_prefix(self) -> str:
        return f"{self.clock.journal_time()} {HOST_NAME} dockerd[{DOCKERD_PID}]: "

    def _journal(self, selection) -> None:
        """What dockerd writes to the journal as it starts (moby's own log lines)."""
        t = f'time="{self.clock.isoformat(nanos=True)}"'
        head = self._journal_prefix()
        lines = [f'{head}{t} level=info msg="Starting up"']
        if selection.ok and selection.reason == "prior state":
            lines.append(f'{head}{t} level=info msg="[graphdriver] using prior storage driver: {selection.driver}"')
        if selection.ok:
            lines.append(f'{head}{t} level=info msg="Docker daemon" '
                         f'containerd-snapshotter={str(selection.image_store == "containerd").lower()} '
                         f'storage-driver={selection.driver} version={self.engine_version}')
            lines.append(f'{head}{t} level=info msg="API listen on /run/docker.sock"')
        else:
            lines.append(f"{head}{selection.message}")
            lines.append(f"{self.clock.journal_time()} {HOST_NAME} systemd[1]: docker.service: Main process exited, "
                         "code=exited, status=1/FAILURE")
            lines.append(f"{self.clock.journal_time()} {HOST_NAME} systemd[1]: docker.service: Failed with result "
                         "'exit-code'.")
        self.daemon_journal.extend(lines)

    def daemon_config(self) -> dict:
        """/etc/docker/daemon.json as the daemon reads it (``{}`` when absent); ValueError in Go's words if it is
        not JSON."""
        try:
            text = self.fs.read(DAEMON_JSON).decode(errors="replace")
        except OSError:
            return {}
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            rest = text[exc.pos:].lstrip()
            if not rest:
                raise ValueError("unexpected end of JSON input") from None
            wanted = "object key string" if exc.msg.startswith("Expecting property name") else "value"
            raise ValueError(f"invalid character {rest[0]!r} looking for beginning of {wanted}") from None
        if not isinstance(doc, dict):
            kind = {list: "array", str: "string", bool: "bool"}.get(type(doc), "number")
            raise ValueError(f"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}")
        return doc

    def _prior_state(self) -> set[str]:
        """Driver directories that already hold something in the data root (moby ``scanPriorDrivers``)."""
        found = set()
        for name in ("aufs", "btrfs", "devicemapper", "fuse-overlayfs", "overlay", "overlay2", "vfs", "zfs"):
            try:
                if self.fs.listdir(f"{self.spec.graph_root}/{name}"):
                    found.add(name)
            except OSError:
                continue
        return found

    # ------------------------------------------------------------ public API

    @serialised
    def sh(self, line: str, stdin: str | bytes | None = None) -> Result:
        """Run one line at the host's bash prompt (``cd`` persists between calls); a second passes first."""
        self.time_passes(1)
        return Result.of(self.shell.run(line, stdin))

    @serialised
    def time_passes(self, seconds: float) -> None:
        """The machine's clock moves on (fractions add up), and the running containers' waiting scripts with it,
        so whatever looks next (``docker logs``, ``cat`` of a volume's file) sees what they wrote meanwhile."""
        self._fraction += seconds
        whole = int(self._fraction)
        self._fraction -= whole
        self.clock.advance(whole)
        if self.engine is not None and not self.daemon_log:
            self.engine.catch_up()

    @serialised
    def write(self, path: str, data: str | bytes) -> None:
        """Put a file on the host, creating its parent directories."""
        path = fspaths.normalize(fspaths.join(self.shell.cwd, typed(path)))
        self.fs.mkdir(fspaths.parent(path), parents=True)
        self.fs.write(path, encode(typed(data)) if isinstance(data, str) else data)

    @serialised
    def read(self, path: str) -> bytes:
        """Read a file of the host; ``FileNotFoundError`` if it is missing."""
        path = fspaths.normalize(fspaths.join(self.shell.cwd, typed(path)))
        try:
            return self.fs.read(path)
        except OSError as exc:
            raise FileNotFoundError(exc.errno, exc.strerror, path) from None

    def host_mounts(self, starting=None) -> HostMounts:
        """The host's mounts now: its disks and pseudo filesystems, and the root filesystem of each running
        container and of ``starting`` (see :mod:`storagekit.docker.mounttable`)."""
        return HostMounts(self.fs, self.spec, self.engine if not self.daemon_log else None, self._hidden_trees,
                          starting)

    def _mount_table(self) -> list[MountEntry]:
        return self.host_mounts().entries

    def _space_of(self, path: str) -> Space:
        """The free space of the host's filesystem that ``path`` is on (its disk, ``/run``, ``/dev/shm``...)."""
        if not self._spaces:
            self._spaces = {target: Space(functools.partial(self._free_bytes, target))
                            for target in sorted(self.host_mounts().disks, key=len, reverse=True)}
        return next(space for target, space in self._spaces.items()
                    if path == target or path.startswith(target.rstrip("/") + "/"))

    def _free_bytes(self, target: str) -> int:
        st = self.host_mounts().statfs(target)
        return st.bavail * st.frsize

    def _hidden_trees(self) -> list[Dir]:
        """Datasets that hold data without being mounted (zfs keeps image layers so), for the pool's usage."""
        return [tree for engine in self._engines.values() for tree in getattr(engine.graph, "hidden_trees", list)()]

    def _read_only(self) -> list[Dir]:
        return [tree for engine in self._engines.values() for tree in engine.read_only_trees()]

    def _docker(self, ctx, argv: list[str]) -> int:
        from storagekit.commands.docker_program import docker_program

        return docker_program(self, ctx, argv)

    # ------------------------------------------------------------ processes

    def _run_in_image(self, fs: View, argv: list[str], **options):
        """The engine's runner: ``argv`` run by the image's shell (see :mod:`storagekit.commands.runner`)."""
        return run_in_rootfs(fs, argv, clock=self.clock, **options)
