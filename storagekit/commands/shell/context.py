"""What a program sees when the simulated shell runs it: its file system, cwd, environment and streams.

Every program (coreutils, ``apt-get``, ``docker``) is a function
``program(ctx, argv) -> exit status``; it reads ``ctx.stdin`` (the shell notes
that it did) and writes with ``ctx.out`` / ``ctx.err``. Programs never print to the real terminal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from storagekit.fs import FileSystem, paths

NOTE_MARK = "[storagekit] "
"""What marks the simulator's own voice wherever it is printed, so it is never taken for a real tool's output."""


class StillRunning(BaseException):
    """A container's main process reached a wait (``sleep 5``, ``tail -f``) that really waits: it is still running.

    Raised only when the shell runs with ``blocking_sleep``. It derives from
    BaseException so that no ``except Exception`` on the way (a program's
    guard, a compound command) swallows it. Whatever the script did before
    stays done. ``seconds`` is how long it waits (None: for ever, as ``tail
    -f`` does); ``out``, ``err`` and ``notes`` hold what it printed until then
    (``Shell.run`` fills them in on the way out), and ``frames`` where each
    level of the script was, to go on from there (see
    :mod:`~storagekit.commands.shell.resume`).
    """

    def __init__(self, program: str = "sleep", seconds: float | None = None) -> None:
        super().__init__(program)
        self.program = program
        self.seconds = seconds
        self.out = ""
        self.err = ""
        self.notes: list[str] = []
        self.frames: list = []


class Program(Protocol):
    def __call__(self, ctx: ProcessContext, argv: list[str]) -> int: ...


@dataclass
class ProcessContext:
    fs: FileSystem
    cwd: str = "/"
    env: dict[str, str] = field(default_factory=dict)
    given_stdin: bytes = b""
    """What is waiting on the program's stdin; it reads it as :attr:`stdin`."""
    dialect: str = "gnu"
    """Which userland prints the messages: ``gnu`` (coreutils, Debian/Ubuntu) or ``busybox`` (Alpine, BusyBox)."""
    clock: Callable[[], int] = lambda: 0
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Remarks from the simulator itself (never printed as if a real tool said them)."""
    stdout_tty: bool = False
    """Whether stdout is the learner's terminal (not a pipe or a file), as ``isatty(1)`` would say."""
    blocking_sleep: bool = False
    """Whether a real wait (``sleep 5``, ``tail -f``) raises :class:`StillRunning` instead of returning at once."""
    signal_main: Callable[[str], None] | None = None
    """How ``kill 1`` reaches the container's main process (a signal name such as ``TERM``); None outside one."""
    wait: Callable[[float], None] | None = None
    """How a wait that returns (``sleep 5`` at the host's prompt) lets that much time pass on the machine's clock,
    for its containers too; None where time is not the learner's (a build step, an exec)."""

    stdin_read: bool = False
    """Whether the program read its stdin. One that did took what a pipe or a file held (a block read takes all a
    short input has); one that did not left it for the next command, as ``while read`` loops rely on."""

    @property
    def stdin(self) -> bytes:
        self.stdin_read = True
        return self.given_stdin

    def out(self, text: str) -> None:
        self.stdout.append(text)

    def err(self, text: str) -> None:
        self.stderr.append(text)

    def abspath(self, path: str) -> str:
        """An operand's absolute path, its ``..`` taken as the kernel takes them (see :func:`paths.physical`)."""
        if not path:
            return self.cwd
        joined = paths.join(self.cwd, path)
        return paths.physical(joined, self.fs.realpath) if ".." in joined else paths.normalize(joined)

    def note(self, text: str) -> None:
        self.notes.append(text)
