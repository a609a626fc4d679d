"""How a script that waits goes on later: its place in the script, kept as plain data.

A container's main process may reach a ``sleep`` (or ``tail -f``) that really
waits. The program raises :class:`~storagekit.commands.shell.context.StillRunning`;
on its way out, each level of the interpreter that it passes (the line, the
loop, the pipeline stage, the command) adds a :class:`Frame` saying where it
was and what it needs to go on. The shell keeps these frames, so a waiting
process is data that can be copied with its host. When the wait is over,
:meth:`~storagekit.commands.shell.interpreter.Shell.resume` walks the same
levels again, each taking its frame back (:meth:`Resumable.resumed`) and going
straight to where it stopped.

Two places re-run a little instead of keeping Python state: an expansion
whose command substitution waited (``x=$(sleep 5; date)``) runs again with the
substitutions that had finished giving their saved output, and a program that
starts others (``env``, ``xargs``, ``sh -c``) runs again with the programs it
had finished giving their saved status; what it printed meanwhile was printed
already and is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from storagekit.commands.shell.context import StillRunning

if TYPE_CHECKING:
    from storagekit.commands.shell.interpreter import Shell
    from storagekit.commands.shell.launch import Launcher, ShellContext


_T = TypeVar("_T")
_S = TypeVar("_S", bound="int | None")


class Frame:
    """Where one level of the interpreter was when the process began to wait (``kind``), and its state."""

    def __init__(self, kind: str, **state) -> None:
        self.kind = kind
        self.__dict__.update(state)

    if TYPE_CHECKING:  # its state is whatever its level keeps
        def __getattr__(self, name: str) -> Any: ...

    def __repr__(self) -> str:
        return f"Frame({self.kind})"


class Resumable:
    """What a :class:`~storagekit.commands.shell.interpreter.Shell` needs to stop in a wait and go on later."""

    _resume: list[Frame]
    """While resuming, the frames not taken back yet (the innermost first)."""
    _replay: list | None
    """Within an expansion, the output and status of each command substitution done so far."""

    if TYPE_CHECKING:  # what it uses of the Shell it is part of
        blocking_sleep: bool

        def _save(self) -> tuple: ...
        def _restore(self, saved: tuple) -> None: ...

    def resumed(self, kind: str) -> Frame | None:
        """While resuming: this level's frame, taken back (None when the process runs on normally)."""
        if self._resume and self._resume[-1].kind == kind:
            return self._resume.pop()
        return None

    @property
    def resuming(self) -> bool:
        return bool(self._resume)

    def expand(self, fn: Callable[[], _T]) -> _T:
        """Run the expansion ``fn``. If a command substitution in it waits, the expansion runs again from its
        start on resume, with the variables it began with and the finished substitutions' saved results."""
        if not self.blocking_sleep:  # nothing in it can wait
            return fn()
        frame = self.resumed("expand")
        saved = frame.saved if frame else self._save()
        if frame:
            self._restore(saved)
        outer, self._replay = self._replay, [0, list(frame.done) if frame else []]
        try:
            return fn()
        except StillRunning as stop:
            stop.frames.append(Frame("expand", saved=saved, done=self._replay[1]))
            raise
        finally:
            self._replay = outer

    def replayed_substitution(self) -> tuple[str, int] | None:
        """The saved ``(output, status)`` of the next command substitution, while an expansion runs again."""
        if self._replay is None or self._replay[0] >= len(self._replay[1]):
            return None
        self._replay[0] += 1
        return self._replay[1][self._replay[0] - 1]

    def substituted(self, text: str, status: int) -> None:
        if self._replay is not None:
            self._replay[1].append((text, status))
            self._replay[0] += 1


class Calls:
    """How a program starts others: ``spawn`` (a program on PATH, for ``env``, ``xargs``, ``sudo``) and
    ``run_line`` (a child shell, for ``sh -c``). Their output goes where the program's goes.

    One per program run. When a program started this way waits, the program
    runs again on resume: the calls it had finished return their saved status
    at once, and the one that waited goes on.
    """

    def __init__(self, shell: Launcher, ctx: ShellContext, out: list, err: list[str]) -> None:
        self.shell, self.ctx, self.out, self.err = shell, ctx, out, err
        self.done: list[int | None] = []
        self.replay: list[Any] = []
        """On resume, the saved status of each call the program had finished (``spawn`` gives None for none)."""

    def run_again(self) -> None:
        """The program is about to run again on resume: replay its finished calls, and drop what it prints
        before it gets back to the call that waited (that was printed already)."""
        self.replay = list(self.shell._resume[-1].done)
        self.ctx.stdout, self.ctx.stderr = [], []

    def _call(self, go_on: Callable[[Frame | None], _S], frame_state: Callable[[], dict]) -> _S:
        if len(self.done) < len(self.replay):
            status = self.replay[len(self.done)]
        else:
            frame = self.shell.resumed("call")
            if frame is not None:
                self.ctx.stdout, self.ctx.stderr = self.out, self.err
            try:
                status = go_on(frame)
            except StillRunning as stop:
                stop.frames.append(Frame("call", done=list(self.done), **frame_state()))
                raise
        self.done.append(status)
        return status

    def spawn(self, argv: list[str], environ: dict[str, str], data: bytes, as_user=None) -> int | None:
        """Run a program found on PATH (not a builtin), as ``env`` and ``xargs`` do; None if there is none.
        ``as_user`` (``(credentials, name)``) runs it as that user (``sudo -u``)."""
        from storagekit.commands.shell.launch import NotRunnable

        found: list = []

        def go_on(frame: Frame | None) -> int | None:
            sub = self.shell._context(environ, data, self.out, self.err)
            if as_user is not None:
                sub.fs, sub.user = self.shell.fs.as_user(as_user[0]), as_user[1]
            if frame is not None:
                path, program = frame.path, frame.program
            else:
                try:
                    path, program = self.shell.locate(argv[0], sub)
                except NotRunnable:
                    return None
            found[:] = [path, program]
            return self.shell._run_program(sub, argv, path, program)

        return self._call(go_on, lambda: {"path": found[0], "program": found[1]})

    def run_line(self, line: str, dialect: str, environ: dict[str, str], data: bytes, as_user=None,
                 name: str | None = None) -> int:
        """Run a line in a child shell of the given dialect (``sh -c``), started as ``name`` (its ``$0``);
        ``as_user`` as for :meth:`spawn` (``su``)."""
        from storagekit.commands.shell.interpreter import Shell

        shell = self.shell
        children: list[Shell] = []

        def go_on(frame: Frame | None) -> int:
            if frame is not None:
                child = frame.child
                children.append(child)
                return self._finish(child, child.resume)
            fs, user = (shell.fs, shell.user) if as_user is None else (shell.fs.as_user(as_user[0]), as_user[1])
            child = Shell(fs, cwd=shell.cwd, env=dict(environ), programs=shell.programs, dialect=dialect,
                          path_lookup=shell.path_lookup, clock=shell.clock, user=user,
                          blocking_sleep=shell.blocking_sleep, signal_main=shell.signal_main,
                          build_step=shell.build_step)
            child._depth, child.budget, child.name = shell._depth + 1, shell.budget, name
            if child._depth > 20:
                self.err.append(f"{dialect}: maximum nesting of shells exceeded\n")
                return 1
            children.append(child)
            return self._finish(child, lambda: child.run(line, data))

        return self._call(go_on, lambda: {"child": children[-1]})

    def _finish(self, child: Shell, run: Callable) -> int:
        try:
            r = run()
        except StillRunning as stop:  # what the child printed before it waits is the parent's output too
            self.out.append(stop.out)
            self.err.append(stop.err)
            self.shell._notes.extend(stop.notes)
            stop.frames = []  # the child keeps its own frames
            raise
        self.out.append(r.out)
        self.err.append(r.err)
        self.shell._notes.extend(r.notes)
        return r.code
