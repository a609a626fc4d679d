"""How the shell starts a command: a builtin, or a program found by name or on ``$PATH``, with its context.

A program is ``program(ctx, argv) -> status`` (see
:mod:`~storagekit.commands.shell.context`); the shell gives it a
:class:`ShellContext`, through which ``env``, ``xargs`` and ``sh -c`` start
others. A name that leads to no program gets the shell's own message and
status (127 not found, 126 not executable).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from storagekit.commands.shell import builtins, messages
from storagekit.commands.shell.context import NOTE_MARK, ProcessContext, Program, StillRunning, Unmodelled
from storagekit.commands.shell.resume import Calls, Frame
from storagekit.fs import FileSystem, paths
from storagekit.fs.devices import Endless
from storagekit.fs.nodes import Dir, File

if TYPE_CHECKING:
    from storagekit.commands.shell.compound import Budget


@dataclass
class ShellContext(ProcessContext):
    """What the shell gives a program beyond :class:`ProcessContext`: who runs it, and a way to start others."""

    user: str = "root"
    spawn: Callable[..., int | None] | None = None
    """Run a program found on PATH (``env``, ``xargs``, ``sudo``): ``spawn(argv, env, stdin, as_user=None)``."""
    which: Callable[[str], str | None] | None = None
    run_line: Callable[..., int] | None = None
    """Run a line in a child shell of the given dialect (``sh -c``), its output going where this program's goes:
    ``run_line(line, dialect, env, stdin, as_user=None)``. ``as_user`` is ``(credentials, name)`` (``su``)."""
    calls: Calls | None = None
    """What ``spawn`` and ``run_line`` belong to."""


class NotRunnable(Exception):
    """A command name that does not lead to a program; carries the shell's message and exit status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message, self.status = message, status


class Launcher:
    """The part of :class:`~storagekit.commands.shell.interpreter.Shell` that finds and runs programs."""

    if TYPE_CHECKING:  # what it uses of the Shell it is part of
        fs: FileSystem
        cwd: str
        dialect: str
        path_lookup: bool
        clock: Callable[[], int]
        user: str
        blocking_sleep: bool
        build_step: bool
        signal_main: Callable[[str], None] | None
        wait: Callable[[float], None] | None
        programs: dict[str, Program]
        line: int
        name: str | None
        budget: Budget
        _depth: int
        _notes: list[str]
        _resume: list[Frame]

        @property
        def coreutils_dialect(self) -> str: ...
        def env(self) -> dict[str, str]: ...
        @property
        def resuming(self) -> bool: ...
        def resumed(self, kind: str) -> Frame | None: ...
        def note(self, text: str) -> None: ...

    def _context(self, env: dict[str, str], stdin, out: list, err: list) -> ShellContext:
        ctx = ShellContext(
            self.fs, self.cwd, env, stdin, self.coreutils_dialect, self.clock,
            stdout=out, stderr=err, notes=self._notes, user=self.user, blocking_sleep=self.blocking_sleep,
            signal_main=self.signal_main, wait=self.wait,
        )
        ctx.calls = Calls(self, ctx, out, err)
        ctx.spawn, ctx.run_line, ctx.which = ctx.calls.spawn, ctx.calls.run_line, self.which
        return ctx

    def execute(self, ctx: ProcessContext, argv: list[str]) -> int:
        """Run a builtin or a program with its context already set up (on resume: the one that waited)."""
        frame = self.resumed("exec")
        if frame is not None:
            builtin, path, program = frame.builtin, frame.path, frame.program
        else:
            builtin = builtins.lookup(argv[0], self.dialect)
        try:
            if builtin is not None:
                return builtin(self, ctx, argv)
            if frame is None:
                try:
                    path, program = self.locate(argv[0], ctx)
                except NotRunnable as exc:
                    ctx.err(exc.message + "\n")
                    return exc.status
            return self._run_program(ctx, argv, path, program)
        except StillRunning as stop:  # on resume the same program goes on, whatever PATH finds by then
            stop.frames.append(Frame("exec", builtin=builtin, path=None if builtin else path,
                                     program=None if builtin else program))
            raise

    def _run_program(self, ctx: ProcessContext, argv: list[str], path: str, program: Program | None) -> int:
        waited = self.resumed("waited")
        if waited is not None:  # the program's wait is over, and with it the program
            return waited.status
        calls = getattr(ctx, "calls", None)  # a ShellContext's
        if self.resuming and self._resume[-1].kind == "call" and calls is not None:
            calls.run_again()
        if program is None:  # never a silent success: the learner is told, on the program's stderr where it ran
            return self._unmodelled(ctx, messages.UNMODELLED.format(program=paths.basename(argv[0]), path=path))
        try:
            return program(ctx, argv)
        except Unmodelled as exc:
            return self._unmodelled(ctx, str(exc))
        except StillRunning as stop:
            if not stop.frames:
                stop.frames.append(Frame("waited", status=0))
            raise
        except Endless as exc:
            self.note(messages.ENDLESS_NOTE.format(path=exc.path, program=argv[0]))
            return 130
        except MemoryError as exc:  # past the budget (or out of memory): this program stops, the shell goes on
            self.note(messages.memory_note(argv[0], exc))
            return 1
        except Exception as exc:  # noqa: BLE001 - a broken program must not take the shell down
            self.note(f"the simulated {argv[0]!r} failed internally: {exc!r}")
            return 1

    def locate(self, name: str, ctx: ProcessContext) -> tuple[str, Program | None]:
        """The path of a program and its implementation (None: present in the tree but not simulated).

        Names with a ``/`` are paths; others are looked up in ``programs`` (the
        host) or along ``$PATH`` in the file system (an image). Raises
        :class:`NotRunnable` with the shell's message otherwise.
        """
        if "/" in name:
            path = ctx.abspath(name)
            try:
                node = ctx.fs.stat(path)
            except OSError as exc:
                if exc.errno == errno.EACCES:  # a directory on the way may not be searched
                    raise NotRunnable(messages.cannot_execute(name, exc.errno, self.dialect, self.line, self.name),
                                      126) from exc
                raise NotRunnable(messages.not_found(name, exc.errno, self.dialect, self.line, self.name), 127) from exc
            if isinstance(node, Dir) or not ctx.fs.access(path, os.X_OK):
                code = errno.EISDIR if isinstance(node, Dir) else errno.EACCES
                raise NotRunnable(messages.cannot_execute(name, code, self.dialect, self.line, self.name), 126)
            real = ctx.fs.realpath(path)
            return path, self.programs.get(paths.basename(path)) or self.programs.get(paths.basename(real))
        if name and not self.path_lookup and name in self.programs:
            return "/usr/bin/" + name, self.programs[name]
        if name and self.path_lookup:
            for d in (ctx.env.get("PATH") or "").split(":"):
                path = paths.join(ctx.abspath(d or "."), name)
                try:
                    node = ctx.fs.stat(path)
                except OSError:
                    continue
                if isinstance(node, File) and ctx.fs.access(path, os.X_OK):
                    real = ctx.fs.realpath(path)
                    return path, self.programs.get(name) or self.programs.get(paths.basename(real))
        raise NotRunnable(messages.not_found(name, None, self.dialect, self.line, self.name), 127)

    def _unmodelled(self, ctx: ProcessContext, note: str) -> int:
        """Status 1 and the note; in a build step the build goes on (status 0), so that realistic Dockerfiles
        still build."""
        ctx.err(NOTE_MARK + note + (messages.IN_BUILD if self.build_step else "") + "\n")
        return 0 if self.build_step else 1

    def unmodelled(self, name: str) -> bool:
        """Whether ``name`` leads to a program the image has but the simulator does not run."""
        if builtins.lookup(name, self.dialect) is not None:
            return False
        try:
            return self.locate(name, ProcessContext(self.fs, self.cwd, self.env()))[1] is None
        except NotRunnable:
            return False

    def which(self, name: str) -> str | None:
        """The path ``command -v`` prints for a program, or None."""
        if builtins.lookup(name, self.dialect) is not None and name not in self.programs:
            return None
        try:
            return self.locate(name, ProcessContext(self.fs, self.cwd, self.env()))[0]
        except NotRunnable:
            return None
