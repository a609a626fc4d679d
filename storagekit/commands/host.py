"""``DockerHost``: a simulated Linux host with Docker Engine, driven by the lines a learner types.

The host is a bash prompt on a Debian machine whose disk holds ``/var/lib/docker``;
``host.sh(line)`` runs one line there and returns what the real tools would
print. Each line advances the simulated clock by one second, so outputs are
identical from run to run.
"""

from __future__ import annotations

import json
import shlex
from typing import NamedTuple

from storagekit.docker.drivers import HOSTS, HostSpec, select_driver
from storagekit.docker.engine import DockerEngine, EngineInfo
from storagekit.fs import Dir, FileSystem
from storagekit.fs import paths as fspaths
from storagekit.sim.clock import Clock
from storagekit.sim.errors import StorageKitError
from storagekit.sim.events import EventLog
from storagekit.sim.ids import IdFactory

HOST_NAME = "docker-host"
HOST_DIRS = ["bin", "boot", "dev", "etc", "home", "lib", "media", "mnt", "opt", "proc", "root", "run", "sbin",
             "srv", "sys", "tmp", "usr", "usr/bin", "usr/local", "usr/local/bin", "var", "var/lib", "var/log", "var/tmp"]


class Result(NamedTuple):
    """What a command line did: its exit status and the text on stdout and stderr."""

    code: int
    out: str
    err: str

    def __str__(self) -> str:
        return self.out + self.err


class DockerHost:
    """A fresh simulated host running Docker Engine with the overlay2 driver on ext4.

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
        spec = HOSTS[machine] if isinstance(machine, str) else machine
        config = dict(daemon_json or {})
        self.selection = select_driver(engine_version, spec, configured=config.get("storage-driver"),
                                       containerd_store=(config.get("features") or {}).get("containerd-snapshotter"))
        if self.selection.ok and self.selection.driver != "overlay2":
            raise StorageKitError(
                f"dockerd {engine_version} would use the {self.selection.driver!r} storage "
                f"({self.selection.image_store} store) here; this version of the kit lays out overlay2 only "
                "(storagekit.docker.drivers.select_driver shows the decision)"
            )
        self.daemon_log = self.selection.message
        self.clock = Clock()
        self.ids = IdFactory(seed)
        self.events = EventLog()
        self.fs = FileSystem(Dir(), clock=lambda: self.clock.now)
        self._make_host_tree()
        if config:
            self.fs.mkdir("/etc/docker")
            self.fs.write("/etc/docker/daemon.json", (json.dumps(config, indent=2) + "\n").encode())
        self.engine = DockerEngine(self.fs, self.clock, self.ids, self.events, runner=self._run_in_image,
                                   info=EngineInfo(version=engine_version, backing_filesystem=spec.backing_fs,
                                                   d_type=spec.d_type, rootless=spec.rootless,
                                                   kernel_version=spec.kernel.release))
        from storagekit.commands.shell.interpreter import Shell
        from storagekit.commands.shell.coreutils import COREUTILS

        programs = dict(COREUTILS)
        programs["docker"] = self._docker
        self.shell = Shell(self.fs, cwd="/root", programs=programs, dialect="bash", clock=lambda: self.clock.now)

    def _make_host_tree(self) -> None:
        fs = self.fs
        for d in HOST_DIRS:
            fs.mkdir("/" + d, 0o700 if d == "root" else (0o1777 if d == "tmp" else 0o755))
        fs.write("/etc/hostname", f"{HOST_NAME}\n".encode())
        fs.write("/etc/os-release", (
            'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n'
            'VERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n').encode())
        fs.write("/etc/passwd", b"root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n")
        fs.write("/etc/group", b"root:x:0:\ndocker:x:999:\nnogroup:x:65534:\n")

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
                      merge_stderr: bool = True) -> tuple[int, str, str]:
        """Run a command in an image's or a container's file system with the image's own shell.

        A build step's log interleaves both streams (``merge_stderr``); a container keeps them apart.
        """
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
        shell = Shell(fs, cwd=cwd, env=dict(env), programs=image_programs(), dialect=dialect, path_lookup=True,
                      clock=lambda: self.clock.now, user=user or "root")
        if len(argv) >= 3 and argv[1] == "-c" and argv[0] in ("/bin/sh", "/bin/bash", "sh", "bash"):
            line = argv[2]
        else:
            line = shlex.join(argv)
        r = shell.run(line, merge_stderr=merge_stderr)
        return r.code, r.out, r.err


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
