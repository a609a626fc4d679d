"""The runner both engines are given: a program run in an image's file system by the image's own shell.

A build step's RUN, ``docker exec``, ``kubectl exec`` and a container's main
process all run this way (dash, bash or BusyBox ash, whichever ``/bin/sh``
is). A main process may really wait (``sleep 5`` in a loop): it is then a
:class:`ShellProcess`, plain data that the engine resumes as simulated time
passes (:func:`storagekit.runc.process.catch_up`), and that is copied with
its host.
"""

from __future__ import annotations

import shlex

from storagekit.commands.shell.apps import PROGRAMS as APPLICATIONS
from storagekit.commands.shell.context import NOTE_MARK, StillRunning
from storagekit.commands.shell.coreutils import COREUTILS
from storagekit.commands.shell.interpreter import Shell
from storagekit.commands.shell.packages import PROGRAMS as PACKAGE_MANAGERS
from storagekit.fs import FileSystem
from storagekit.runc import messages
from storagekit.runc.process import StartError, credentials
from storagekit.sim.clock import Clock


def run_in_rootfs(fs, argv: list[str], *, cwd: str, env: dict[str, str], user: str, clock: Clock,
                  groups: tuple[int, ...] | None = None, caps: frozenset[str] | None = None,
                  merge_stderr: bool = True, signal_main=None, stdin: bytes | None = None, main: bool = False,
                  build_step: bool = False):
    """Run a command in an image's or a container's file system with the image's shell: ``(status, stdout,
    stderr)``, or with ``main`` the container's main process, ended or waiting (a :class:`ShellProcess`).

    A build step's log interleaves both streams (``merge_stderr``); a
    container keeps them apart. ``signal_main`` receives the signal a ``kill
    1`` sends to the container's main process. It runs as ``user`` with
    ``groups`` and ``caps`` (:func:`storagekit.runc.process.credentials`), reading ``stdin``. :class:`StartError`
    when runc finds no such program or user. A ``build_step`` passes over what the simulator does not run.
    """
    if main:
        process = ShellProcess(clock, merge_stderr)
        process.start(*_shell_for(fs, argv, cwd, env, user, groups, caps, process.time, True, signal_main), stdin)
        return process
    shell, line = _shell_for(fs, argv, cwd, env, user, groups, caps, clock, False, signal_main)
    shell.build_step = build_step
    r = shell.run(line, stdin, merge_stderr=merge_stderr)
    if merge_stderr:
        return r.code, r.out + remarks(r.notes), r.err
    return r.code, r.out, r.err + remarks(r.notes)


def remarks(notes: list[str]) -> str:
    """The simulator's remarks about a process, marked, as lines of its stderr: a container's output is all that
    reaches the learner (``docker run``, ``docker logs``, a build step's log, ``kubectl logs``)."""
    return "".join(f"{NOTE_MARK}{note.removeprefix(NOTE_MARK)}\n" for note in dict.fromkeys(notes))


class ShellProcess:
    """A container's main process run by the image's shell, which may stop in a wait and go on later.

    Everything it needs to go on is here: the shell with its variables and
    where the script stopped, and the clock it reads. While it waits,
    ``wake_at`` says until when; once resumed, its own time is when its wait
    ended, so each pass of a loop happens (and ``date`` says) when it would have.
    """

    def __init__(self, clock: Clock, merge_stderr: bool) -> None:
        self.clock = clock
        self.merge = merge_stderr
        self.shell: Shell | None = None
        self.code: int | None = None
        self.wake_at: float | None = None
        self.now: float | None = None
        self._out: list[str] = []
        self._err: list[str] = []

    def time(self) -> int:
        """What the process's clock says: when its last wait ended, or the host's time before it first waited."""
        return int(self.now) if self.now is not None else self.clock.now

    def start(self, shell: Shell, line: str, stdin: bytes | None = None) -> None:
        self.shell = shell
        self._run(lambda: shell.run(line, stdin, merge_stderr=self.merge))

    def resume(self) -> None:
        assert self.shell is not None, "only a started process waits, so only a started one is resumed"
        self.now, self.wake_at = self.wake_at, None
        self._run(self.shell.resume)

    def _run(self, run) -> None:
        try:
            r = run()
        except StillRunning as stop:
            self._out.append(stop.out)
            self._err.append(stop.err)
            (self._out if self.merge else self._err).append(remarks(stop.notes))
            start = self.now if self.now is not None else self.clock.now
            self.wake_at = None if stop.seconds is None else start + stop.seconds
            return
        self._out.append(r.out)
        self._err.append(r.err)
        (self._out if self.merge else self._err).append(remarks(r.notes))
        self.code = r.code
        self.shell = None  # it has ended: nothing of it is left to keep

    def take_output(self) -> tuple[str, str]:
        out, err = "".join(self._out), "".join(self._err)
        self._out.clear()
        self._err.clear()
        return out, err

    def kill(self) -> None:
        if self.code is None:
            self.code, self.shell, self.wake_at = 137, None, None


def _shell_for(fs, argv: list[str], cwd: str, env: dict[str, str], user: str, groups: tuple[int, ...] | None,
               caps: frozenset[str] | None, clock, blocking_sleep: bool, signal_main) -> tuple[Shell, str]:
    """The image's own shell (dash, bash or busybox ash), ready to run ``argv`` as one line."""
    try:
        sh = fs.realpath("/bin/sh")
    except OSError:
        sh = ""
    program = argv[0] if argv else ""
    if program.startswith("/") and not fs.isfile(program):
        raise StartError(messages.run_failed(messages.no_such_file(program)))
    dialect = "ash" if "busybox" in sh or _same_file(fs, "/bin/sh", "/bin/busybox") else (
        "bash" if sh.endswith("bash") else "dash")
    if argv[:1] in (["bash"], ["/bin/bash"]) and argv[1:2] in ([], ["-c"]) and fs.isfile("/bin/bash"):
        dialect = "bash"  # bash runs bash, whatever /bin/sh is
    if not fs.isdir(cwd):
        fs.mkdir(cwd, parents=True)
    cred, entry = credentials(fs, user, groups, caps=caps)
    name = entry.name if entry is not None else (user.partition(":")[0] or "root")
    shell = Shell(fs.as_user(cred), cwd=cwd, env=dict(env), programs=image_programs(), dialect=dialect,
                  path_lookup=True, clock=clock, user=name, blocking_sleep=blocking_sleep, signal_main=signal_main)
    if len(argv) >= 3 and argv[1] == "-c" and argv[0] in ("/bin/sh", "/bin/bash", "sh", "bash"):
        shell.name = argv[0]
        return shell, argv[2]
    return shell, shlex.join(argv)


def interactive_shell(fs, argv: list[str], *, cwd: str, env: dict[str, str], user: str, clock) -> Shell:
    """The image's shell that a terminal talks to (``docker run -it``, ``docker exec -it``), kept between lines."""
    return _shell_for(fs, argv, cwd, env, user, None, None, clock, False, None)[0]


def image_programs() -> dict:
    """Programs a RUN step can execute when the image has them: coreutils, the package managers, applications."""
    return {**COREUTILS, **PACKAGE_MANAGERS, **APPLICATIONS}


def _same_file(fs: FileSystem, a: str, b: str) -> bool:
    """Whether two names are one inode (BuildKit images hard-link applets to /bin/busybox)."""
    try:
        return fs.stat(a) is fs.stat(b)
    except OSError:
        return False
