"""A container's main process, as the OCI runtime starts it for the Docker engine and for a kubelet alike.

runc finds the program (a path, or a name on the container's ``$PATH``) or
refuses to start it. A known server (:mod:`storagekit.runc.servers`) keeps
running and writes what the real one writes; a ``sh -c`` script that ends by
starting one runs its set-up first. Anything else runs in the image's own
shell, which the command layer provides as the ``runner``: it runs until it
ends, or until it really waits (``while true; do date >> log; sleep 1; done``).
Then it is a :class:`Process`, plain data kept by the engine, which lets it go
on (:func:`catch_up`) as simulated time passes.

As PID 1, a process ignores every signal it has no handler for: SIGKILL
from outside (``docker kill``, the end of a grace period) always ends it, but
from inside the container even SIGKILL is dropped; a server ends on the
signals it handles; a shell or a ``sleep`` ignores SIGTERM, so ``docker stop``
and a Pod's deletion wait for the grace period and then kill it.
"""

from __future__ import annotations

import errno
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, Protocol, overload

from storagekit.fs import View, users
from storagekit.runc import messages
from storagekit.runc.servers import DAEMONS, classify_argv, main_program, past_entrypoint, split_setup, start_daemon
from storagekit.sim.process import CONTAINER_CAPABILITIES, DEFAULT_PATH, Credentials

RESUMES_PER_LOOK = 1000
"""At most this many passes of a waiting loop are caught up in one look (a 1 s loop after a long pause)."""


class StartError(Exception):
    """The runtime could not start the process; the message is what the daemon relays."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Process(Protocol):
    """A main process that waits (a script in a ``sleep``): data that its engine keeps and resumes."""

    code: int | None
    """Its exit status once it has ended; None while it runs."""
    wake_at: float | None
    """When its wait ends; None while it waits for ever (``tail -f``) or once it has ended."""
    now: float | None
    """Its own time: when its last wait ended (what ``date`` says in the pass that follows)."""

    def resume(self) -> None:
        """Its wait is over: it runs to its next wait, or to its end."""

    def take_output(self) -> tuple[str, str]:
        """What it has printed since the last call: ``(stdout, stderr)``."""

    def kill(self) -> None:
        """Its container stops: it is gone, wherever it was."""


class Runner(Protocol):
    """Runs ``argv`` in a file system with the image's shell (the command layer provides it), as :func:`credentials`
    says (``groups`` and ``caps`` as given to it), reading ``stdin``: ``(status, stdout, stderr)``.
    ``signal_main`` receives the signal a ``kill 1`` sends to the main process. With ``main=True``, for a
    container's main process, a wait stops it instead of passing at once, and it returns the :class:`Process`,
    ended or waiting. A ``build_step`` (a Dockerfile RUN) passes over a program the simulator does not run, where
    elsewhere it fails. Raises :class:`StartError` when the program cannot start."""

    @overload
    def __call__(self, fs: View, argv: list[str], *, cwd: str, env: dict[str, str], user: str,
                 groups: tuple[int, ...] | None = ..., caps: frozenset[str] | None = ..., merge_stderr: bool = ...,
                 signal_main: Callable[[str], None] | None = ..., stdin: bytes | None = ...,
                 main: Literal[False] = ..., build_step: bool = ...) -> tuple[int, str, str]: ...

    @overload
    def __call__(self, fs: View, argv: list[str], *, cwd: str, env: dict[str, str], user: str,
                 groups: tuple[int, ...] | None = ..., caps: frozenset[str] | None = ..., merge_stderr: bool = ...,
                 signal_main: Callable[[str], None] | None = ..., stdin: bytes | None = ...,
                 main: Literal[True]) -> Process: ...


@dataclass
class Started:
    """What starting a main process did."""

    program: str
    """The program that ends up as PID 1 (through ``sh -c`` and entrypoint scripts)."""
    code: int | None
    """Its exit status if it has ended already; None while it runs."""
    logs: list[tuple[str, str]] = field(default_factory=list)
    """What it printed: ``(stream, line)``."""
    server: str = ""
    """The known server that runs (:data:`~storagekit.runc.servers.DAEMONS`), ``shell`` for a script that waits."""
    process: Process | None = None
    """The script that waits, for the engine to resume."""
    handles: tuple[str, ...] = ()
    """The signals it has handlers for, while it runs."""
    cred: Credentials | None = None
    """Whom it runs as: its uid, gid and supplementary groups."""


def environment(hostname: str, *envs: list[str] | dict[str, str]) -> dict[str, str]:
    """The process's environment: ``PATH`` and ``HOSTNAME``, then each of ``envs`` over the last (the image's
    ``Env``, the container's), then ``HOME`` if none of them set it (runc adds it last)."""
    env = {"PATH": DEFAULT_PATH, "HOSTNAME": hostname}
    for more in envs:
        env.update(more if isinstance(more, dict) else dict(e.split("=", 1) for e in more or [] if "=" in e))
    env.setdefault("HOME", "/root")
    return env


def findable(fs: View, program: str, env: dict[str, str]) -> bool:
    """Whether runc finds the program: a path that is a file, or a name in one of ``$PATH``'s directories."""
    if "/" in program:
        return fs.isfile(program)
    return any(fs.isfile(posixpath.join(d, program)) for d in env.get("PATH", DEFAULT_PATH).split(":") if d)


def credentials(fs: View, user: str, groups: tuple[int, ...] | None = None, *, group_add: tuple[str, ...] = (),
                caps: frozenset[str] | None = None) -> tuple[Credentials, users.Passwd | None]:
    """Whom a container's process runs as: the user (``--user``, ``USER``, ``runAsUser``) must be one the
    container's own /etc/passwd knows, or a number (:class:`StartError` in runc's words); the groups are those its
    /etc/group lists the user in, unless the runtime resolved them itself (``groups``, the OCI spec's
    ``additionalGids``, as containerd does for a Pod), and then ``group_add`` (Docker's ``--group-add``, names
    looked up in the same /etc/group, after the user). Root gets ``caps`` (the spec's capabilities, the runtime's
    default set unless given)."""
    root_caps = CONTAINER_CAPABILITIES if caps is None else caps
    try:
        cred, entry = users.exec_user(fs, user, root_caps)
        extra = users.additional_groups(fs, group_add) if group_add else ()
    except users.UnknownUser as exc:
        raise StartError(str(exc)) from None
    if groups is not None or extra:
        cred = Credentials.of(cred.uid, cred.gid, tuple({*(cred.groups if groups is None else groups), *extra}),
                              root_caps)
    return cred, entry


def check_user(fs: View, user: str) -> None:
    """The daemon looks the user up before it starts anything: :class:`StartError` if :func:`credentials` cannot."""
    credentials(fs, user)


def check_exec(fs: View, argv: list[str], env: dict[str, str], user: str = "", *, group_add: tuple[str, ...] = (),
               caps: frozenset[str] | None = None, cwd: str | None = None) -> Credentials:
    """``exec`` in a running container: whom it runs as (:func:`credentials`), or :class:`StartError` with runc's
    words if there is no such user, group, program or working directory (``cwd``: an exec makes none)."""
    cred, _ = credentials(fs, user, group_add=group_add, caps=caps)
    if cwd is not None and not fs.isdir(cwd):
        code = errno.ENOTDIR if fs.exists(cwd) else errno.ENOENT
        raise StartError(messages.exec_failed(messages.chdir_failed(cwd, code)))
    if not findable(fs, argv[0], env):
        raise StartError(messages.exec_failed(messages.not_in_path(argv[0])))
    return cred


def start(fs: View, argv: list[str], *, cwd: str, env: dict[str, str], user: str, runner: Runner, now: str,
          instance: str, interactive: bool = False, daemon: str = messages.DOCKERD,
          groups: tuple[int, ...] | None = None, group_add: tuple[str, ...] = (),
          caps: frozenset[str] | None = None, stdin: bytes | None = None) -> Started:
    """Start the main process ``argv`` in ``fs`` (the container's mount namespace), as ``user`` with ``groups``,
    ``group_add`` and ``caps`` (:func:`credentials`), reading ``stdin`` (what ``docker run -i`` is given; an
    interactive shell that is given something reads it and ends, instead of waiting at its prompt).

    ``now`` stamps a server's start-up lines; ``instance`` (the container's or
    the Pod's id) seeds what a server makes; ``daemon`` says who relays a
    failure to start (:class:`StartError`).
    """
    if not argv:
        raise StartError("no command specified")
    if fs.exists(cwd) and not fs.isdir(cwd):  # what is missing is made (moby's SetupWorkingDirectory, runc's init)
        raise StartError(f"Cannot mkdir: {cwd} is not a directory" if daemon == messages.DOCKERD
                         else messages.create_failed(messages.chdir_failed(cwd, errno.ENOTDIR), daemon))
    cred = credentials(fs, user, groups, group_add=group_add, caps=caps)[0]
    started = Started(main_program(argv)[0], None, cred=cred)
    groups = cred.groups if group_add else groups
    server, server_argv = classify_argv(argv, interactive and not stdin), argv
    if server is None and not findable(fs, argv[0], env):
        raise StartError(messages.create_failed(messages.not_in_path(argv[0]), daemon))
    if server is None:  # a script that ends by starting a server runs its set-up first
        prelude = split_setup(past_entrypoint(argv))
        if prelude is not None:
            setup, joined_by, last = prelude
            server, server_argv = classify_argv(last, False), last
            if server is not None:
                code, out, err = runner(fs, setup, cwd=cwd, env=env, user=user, groups=groups, caps=caps,
                                        merge_stderr=False)
                started.logs = _lines(out, err)
                if code and joined_by == "&&":
                    started.code = code
                    return started
    if server is not None:
        started.code, lines = start_daemon(instance, server, fs, env, now, server_argv, cwd)
        started.logs += lines
        if started.code is None:
            started.server, started.handles = server.name, server.handles
        return started
    process = runner(fs, past_entrypoint(argv), cwd=cwd, env=env, user=user, groups=groups, caps=caps,
                     merge_stderr=False, stdin=stdin, main=True)
    started.logs = _lines(*process.take_output())
    started.code = process.code
    if process.code is None:
        started.server, started.process = "shell", process
    return started


def _lines(out: str, err: str) -> list[tuple[str, str]]:
    return [("stdout", line) for line in out.splitlines()] + [("stderr", line) for line in err.splitlines()]


def catch_up(process: Process, now: int, limit: int = RESUMES_PER_LOOK) -> list[tuple[int, str, str]]:
    """Let a waiting process go on to ``now``: each wait that has ended lets it run to the next (at most
    ``limit`` of them). Returns ``(when, stdout, stderr)`` of each pass; ``process.code`` says if it ended."""
    passes = []
    for _ in range(limit):
        woken = process.wake_at
        if process.code is not None or woken is None or woken > now:
            break
        process.resume()  # its own time is now when the wait ended
        passes.append((int(woken), *process.take_output()))
    return passes


def handled_signals(server: str) -> tuple[str, ...]:
    """The signals a running server has handlers for (none for a shell script or ``sleep``)."""
    daemon = DAEMONS.get(server)
    return daemon.handles if daemon is not None else ()


SIGNALS = {
    "HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "TRAP": 5, "ABRT": 6, "IOT": 6, "BUS": 7, "FPE": 8, "KILL": 9,
    "USR1": 10, "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15, "STKFLT": 16, "CHLD": 17, "CLD": 17,
    "CONT": 18, "STOP": 19, "TSTP": 20, "TTIN": 21, "TTOU": 22, "URG": 23, "XCPU": 24, "XFSZ": 25, "VTALRM": 26,
    "PROF": 27, "WINCH": 28, "IO": 29, "POLL": 29, "PWR": 30, "SYS": 31,
    "RTMIN": 34, **{f"RTMIN+{n}": 34 + n for n in range(1, 16)}, **{f"RTMAX-{n}": 64 - n for n in range(14, 0, -1)},
    "RTMAX": 64,
}
"""moby/sys/signal's ``SignalMap`` for Linux: the names ``--stop-signal``, STOPSIGNAL and ``docker kill -s``
take (with or without ``SIG``)."""


def parse_signal(text: str) -> str | None:
    """moby's ``signal.ParseSignal``: a name of :data:`SIGNALS` or any number but 0, as the name of the signal
    (``TERM`` for ``sigterm`` or ``15``; the number itself if it has no name); None if invalid."""
    if not re.fullmatch(r"[+-]?[0-9]+", text):
        name = text.upper().removeprefix("SIG")
        return name if name in SIGNALS else None
    number = int(text)
    if number == 0:
        return None
    return next((name for name, n in SIGNALS.items() if n == number), str(number))


def signal_outcome(handles: tuple[str, ...], signal: str) -> int | None:
    """The exit status when PID 1 gets ``signal`` (``kill 1`` from inside): KILL always ends it (137); a signal it
    handles ends it cleanly (0); PID 1 ignores any other (None)."""
    signal = parse_signal(signal) or signal.upper().removeprefix("SIG")
    if signal == "KILL":
        return 137
    return 0 if signal in handles else None


def signal_from_inside(handles: tuple[str, ...], signal: str) -> int | None:
    """The exit status when a process of the container itself signals PID 1 (``kill 1`` in ``docker exec`` or
    ``kubectl exec``): within its own PID namespace, PID 1 gets only the signals it has a handler for, so even
    SIGKILL, which no process can handle, is dropped (pid_namespaces(7)); from outside, see :func:`signal_outcome`."""
    if (parse_signal(signal) or signal.upper().removeprefix("SIG")) in ("KILL", "STOP"):
        return None
    return signal_outcome(handles, signal)


def stop_outcome(handles: tuple[str, ...], stop_signal: str | None, timeout: int) -> tuple[int, int]:
    """``(exit status, seconds it took)`` to stop a running process: its stop signal (the image's STOPSIGNAL,
    else SIGTERM), then SIGKILL once ``timeout`` has passed if it ignored it."""
    code = signal_outcome(handles, stop_signal or "SIGTERM")
    return (code, 1) if code is not None else (137, timeout)
