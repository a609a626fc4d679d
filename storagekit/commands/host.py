"""``DockerHost``: a simulated Linux host with Docker Engine, driven by the lines a learner types.

The host is a bash prompt on a Debian machine whose disk holds ``/var/lib/docker``;
``host.sh(line)`` runs one line there and returns what the real tools would
print. Each line advances the simulated clock by one second, so outputs are
identical from run to run.
"""

from __future__ import annotations

import functools
import json
import shlex
from typing import NamedTuple

from storagekit.commands import system
from storagekit.docker.drivers import HOSTS, HostSpec, select_driver
from storagekit.docker.engine import DockerEngine, EngineInfo
from storagekit.docker.storage import DRIVERS, SNAPSHOTTERS
from storagekit.docker.volumes.store import VolumeStore
from storagekit.fs import Dir, FileSystem, users
from storagekit.fs.devices import dev_tree
from storagekit.fs import paths as fspaths
from storagekit.sim.clock import Clock
from storagekit.sim.errors import StorageKitError
from storagekit.sim.events import EventLog
from storagekit.sim.ids import IdFactory
from storagekit.sim.process import CONTAINER_CAPABILITIES

HOST_NAME = "docker-host"
DAEMON_JSON = "/etc/docker/daemon.json"
DOCKERD_PID = 812
HOST_DIRS = ["bin", "boot", "etc", "etc/docker", "home", "lib", "media", "mnt", "opt", "proc", "root", "run", "sbin",
             "srv", "sys", "tmp", "usr", "usr/bin", "usr/local", "usr/local/bin", "var", "var/lib", "var/log", "var/tmp"]


class Result(NamedTuple):
    """What a command line did: its exit status and the text on stdout and stderr."""

    code: int
    out: str
    err: str

    def __str__(self) -> str:
        return self.out + self.err


class DockerHost:
    """A fresh simulated host running Docker Engine (by default with the overlay2 driver on ext4).

    >>> host = DockerHost()
    >>> host.sh("echo hello").out
    'hello\\n'
    >>> host.sh("nosuchtool").err
    'bash: nosuchtool: command not found\\n'
    """

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
        self.fs = FileSystem(Dir(), clock=lambda: self.clock.now)
        self._make_host_tree()
        self.engine: DockerEngine | None = None
        """The running daemon's engine; None until a daemon has started."""
        self._engines: dict[str, DockerEngine] = {}
        self.volumes = VolumeStore(self.fs, self.ids, self.clock)
        """One engine state per image store and driver: what a daemon with that driver finds on disk."""
        self.daemon_journal: list[str] = []
        """Lines ``journalctl -u docker`` shows."""
        if daemon_json:
            self.fs.write("/etc/docker/daemon.json", (json.dumps(daemon_json, indent=2) + "\n").encode())
        self.restart_daemon()
        from storagekit.commands.shell.coreutils import COREUTILS
        from storagekit.commands.shell.interpreter import Shell

        programs = dict(COREUTILS)
        programs["docker"] = self._docker
        for name, tool in (("df", system.df), ("systemctl", system.systemctl), ("journalctl", system.journalctl)):
            programs[name] = functools.partial(tool, self)
        self.shell = Shell(self.fs, cwd="/root", programs=programs, dialect="bash", clock=lambda: self.clock.now)

    def _make_host_tree(self) -> None:
        fs = self.fs
        for d in HOST_DIRS:
            fs.mkdir("/" + d, 0o700 if d == "root" else (0o1777 if d == "tmp" else 0o755))
        fs.put("/dev", dev_tree(self.clock.now))
        fs.write("/etc/hostname", f"{HOST_NAME}\n".encode())
        fs.write("/etc/os-release", (
            'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n'
            'VERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n').encode())
        users.install(fs, groups=("docker:x:999:",))

    # ---------------------------------------------------------------- daemon

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
        if selection.ok:
            key = f"{selection.image_store}:{selection.driver}"
            if key not in self._engines:
                spec = self.spec
                self._engines[key] = DockerEngine(
                    self.fs, self.clock, self.ids, self.events, runner=self._run_in_image, volumes=self.volumes,
                    info=EngineInfo(version=self.engine_version, storage_driver=selection.driver,
                                    image_store=selection.image_store, backing_filesystem=spec.backing_fs,
                                    d_type=spec.d_type, rootless=spec.rootless, kernel_version=spec.kernel.release))
            self.engine = self._engines[key]
        return self.daemon_log

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
        """/etc/docker/daemon.json as the daemon reads it (``{}`` when absent); ValueError in Go's words if it is not JSON."""
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
            raise ValueError(f"invalid character {rest[0]!r} looking for beginning of value") from None
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

    def sh(self, line: str, stdin: str | bytes | None = None) -> Result:
        """Run one line at the host's bash prompt (``cd`` persists between calls)."""
        self.clock.advance(1)
        data = stdin.encode() if isinstance(stdin, str) else stdin
        r = self.shell.run(line, data)
        return Result(r.code, r.out, r.err)

    def write(self, path: str, data: str | bytes) -> None:
        """Put a file on the host, creating its parent directories."""
        path = fspaths.normalize(fspaths.join(self.shell.cwd, path))
        self.fs.mkdir(fspaths.parent(path), parents=True)
        self.fs.write(path, data.encode() if isinstance(data, str) else data)

    def read(self, path: str) -> bytes:
        """Read a file of the host; ``FileNotFoundError`` if it is missing."""
        path = fspaths.normalize(fspaths.join(self.shell.cwd, path))
        try:
            return self.fs.read(path)
        except OSError as exc:
            raise FileNotFoundError(exc.errno, exc.strerror, path) from None

    def _docker(self, ctx, argv: list[str]) -> int:
        from storagekit.commands.docker_program import docker_program

        return docker_program(self, ctx, argv)

    # ------------------------------------------------------------ RUN steps

    def _run_in_image(self, fs: FileSystem, argv: list[str], *, cwd: str, env: dict[str, str], user: str,
                      merge_stderr: bool = True, blocking_sleep: bool = False,
                      signal_main=None, background: list | None = None) -> tuple[int | None, str, str]:
        return run_in_rootfs(fs, argv, cwd=cwd, env=env, user=user, clock=lambda: self.clock.now,
                             merge_stderr=merge_stderr, blocking_sleep=blocking_sleep, signal_main=signal_main,
                             background=background)


def run_in_rootfs(fs, argv: list[str], *, cwd: str, env: dict[str, str], user: str, clock,
                  merge_stderr: bool = True, blocking_sleep: bool = False,
                  signal_main=None, background: list | None = None) -> tuple[int | None, str, str]:
    """Run a command in an image's or a container's file system with the image's own shell.

    A build step's log interleaves both streams (``merge_stderr``); a container keeps them apart.

    ``blocking_sleep`` is for a container's main process: the first ``sleep``
    (or ``tail -f``) that would really wait means the process is still
    running, and the status comes back as None with what it printed so far.
    What it did before stays done (files written), so an engine learns that
    its container is Up without knowing anything of shells. Given a
    ``background`` list, the waiting process is kept: a
    :class:`BackgroundProcess` is appended to it, which the engine resumes as
    simulated time passes. ``signal_main`` receives the signal a ``kill 1``
    sends to the container's main process.
    """
    from storagekit.commands.shell.context import StillRunning

    if background is not None and blocking_sleep:
        process = BackgroundProcess(lambda wait_for, own_clock: _shell_for(fs, argv, cwd, env, user, own_clock, True,
                                                                           signal_main, wait_for), clock, merge_stderr)
        if process.error is not None:
            raise process.error
        if process.done:
            return process.result
        background.append(process)
        return None, *process.take_output()
    shell, line = _shell_for(fs, argv, cwd, env, user, clock, blocking_sleep, signal_main, None)
    try:
        r = shell.run(line, merge_stderr=merge_stderr)
    except StillRunning as running:
        return None, running.out, running.err
    return r.code, r.out, r.err


def _shell_for(fs, argv: list[str], cwd: str, env: dict[str, str], user: str, clock, blocking_sleep: bool,
               signal_main, wait_for):
    """The image's own shell (dash, bash or busybox ash), ready to run ``argv`` as one line."""
    from storagekit.commands.shell.interpreter import Shell

    from storagekit.docker.build.builder import ProcessStartError

    try:
        sh = fs.realpath("/bin/sh")
    except OSError:
        sh = ""
    program = argv[0] if argv else ""
    if program.startswith("/") and not fs.isfile(program):
        raise ProcessStartError(
            "runc run failed: unable to start container process: error during container init: "
            f'exec: "{program}": stat {program}: no such file or directory'
        )
    dialect = "ash" if "busybox" in sh or _same_file(fs, "/bin/sh", "/bin/busybox") else (
        "bash" if sh.endswith("bash") else "dash")
    if not fs.isdir(cwd):
        fs.mkdir(cwd, parents=True)
    try:  # runc: the user is looked up in the image, and the process runs with its ids and no more capabilities
        cred, entry = users.exec_user(fs, user, CONTAINER_CAPABILITIES)
    except users.UnknownUser as exc:
        raise ProcessStartError(str(exc)) from None
    name = entry.name if entry is not None else (user.partition(":")[0] or "root")
    shell = Shell(fs.as_user(cred), cwd=cwd, env=dict(env), programs=image_programs(), dialect=dialect,
                  path_lookup=True, clock=clock, user=name, blocking_sleep=blocking_sleep, signal_main=signal_main,
                  wait_for=wait_for)
    if len(argv) >= 3 and argv[1] == "-c" and argv[0] in ("/bin/sh", "/bin/bash", "sh", "bash"):
        return shell, argv[2]
    return shell, shlex.join(argv)


class _Killed(BaseException):
    """Unwinds a background process that its container no longer runs."""


class BackgroundProcess:
    """A container's main process that sleeps: it runs in a thread of its own and stops at each ``sleep`` until
    the engine says the simulated time has come (:meth:`resume`). Only one side runs at a time, so what it does is
    as deterministic as the rest of the simulation.
    """

    def __init__(self, make_shell, clock, merge_stderr: bool) -> None:
        import threading

        self._clock, self._merge = clock, merge_stderr
        self._go, self._ready = threading.Semaphore(0), threading.Semaphore(0)
        self.wake_at: float | None = None
        """When the sleep it waits in ends (None: it waits for ever, as in ``tail -f``)."""
        self.now: float | None = None
        """The process's own time once resumed: when its sleep ended, so each pass of a loop happens (and ``date``
        says) when it would have."""
        self.done, self.result = False, (0, "", "")
        self.error: BaseException | None = None
        """What stopped the process from starting at all (the runtime's refusal), raised to the engine."""
        self._shell = None
        self._taken = (0, 0)
        self._killed = False
        self._make_shell = make_shell
        threading.Thread(target=self._main, daemon=True).start()
        self._ready.acquire()

    def _time(self) -> int:
        return int(self.now) if self.now is not None else self._clock()

    def _wait(self, seconds: float | None) -> None:
        self.wake_at = None if seconds is None else self._time() + seconds
        self._shell.budget.used = 0  # a loop that sleeps is not a busy loop
        self._ready.release()
        self._go.acquire()
        if self._killed:
            raise _Killed()

    def _main(self) -> None:
        try:
            self._shell, line = self._make_shell(self._wait, self._time)
            r = self._shell.run(line, merge_stderr=self._merge)
            out, err = self.take_output(r.out, r.err)
            self.result = (r.code, out, err)
        except _Killed:
            self.result = (137, "", "")
        except Exception as exc:  # noqa: BLE001 - e.g. runc finding no such program: the engine reports it
            if self._shell is None:
                self.error = exc
            else:
                self.result = (128, "", f"{exc}\n")
        except BaseException as exc:  # noqa: BLE001 - reported as the process's failure, never lost in the thread
            self.result = (128, "", f"{exc}\n")
        finally:
            self.done = True
            self._ready.release()

    def take_output(self, out: str | None = None, err: str | None = None) -> tuple[str, str]:
        """What the process printed since the last call (stdout, stderr)."""
        if out is None:
            out, err = self._shell.output_so_far()
        seen_out, seen_err = self._taken
        self._taken = (len(out), len(err))
        return out[seen_out:], err[seen_err:]

    def due(self, now: float) -> bool:
        return not self.done and self.wake_at is not None and self.wake_at <= now

    def resume(self) -> tuple[int | None, str, str]:
        """Let the sleep end; the process runs to its next sleep or to its end. Its status (None while it runs) and
        what it printed meanwhile."""
        self.now = self.wake_at
        self._go.release()
        self._ready.acquire()
        if self.done:
            return self.result
        return None, *self.take_output()

    def kill(self) -> None:
        if not self.done:
            self._killed = True
            self._go.release()
            self._ready.acquire()


def image_programs() -> dict:
    """Programs a RUN step can execute when the image has them: coreutils and the package managers."""
    import importlib

    from storagekit.commands.shell.coreutils import COREUTILS

    programs = dict(COREUTILS)
    for module in ("apt", "pip", "apk"):
        try:
            programs.update(importlib.import_module(f"storagekit.docker.catalogue.{module}").PROGRAMS)
        except (ImportError, AttributeError):
            continue
    return programs


def _same_file(fs: FileSystem, a: str, b: str) -> bool:
    """Whether two names are one inode (BuildKit images hard-link applets to /bin/busybox)."""
    try:
        return fs.stat(a) is fs.stat(b)
    except OSError:
        return False
