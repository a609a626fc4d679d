"""The shell: runs parsed lines against a FileSystem, with the messages of bash, dash or BusyBox ash.

``dialect`` decides the shell's own words: ``bash`` is the host's interactive
bash (as ``bash -i`` prints them), ``dash`` is Debian's ``/bin/sh -c`` of a
Dockerfile ``RUN`` step, ``ash`` is BusyBox's ``/bin/sh``. The programs it runs
print GNU coreutils messages under bash and dash, BusyBox ones under ash.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from storagekit.commands.shell import builtins, compound, messages, randomvar
from storagekit.commands.shell.context import NOTE_MARK, Program, StillRunning
from storagekit.commands.shell.coreutils import COREUTILS
from storagekit.commands.shell.expand import Expander, ExpansionError
from storagekit.commands.shell.launch import Launcher, NotRunnable, ShellContext
from storagekit.commands.shell.lexer import ShellSyntaxError
from storagekit.commands.shell.parser import AndOr, Command, Compound, Parser, Pipeline, Unsupported
from storagekit.commands.shell.redirect import RedirectError, Redirections, Sink, encode, text_of, typed
from storagekit.commands.shell.resume import Frame, Resumable
from storagekit.fs import FileSystem, paths, users
from storagekit.fs.content import Blob
from storagekit.fs.devices import Endless
from storagekit.sim.clock import Clock
from storagekit.sim.entropy import Entropy
from storagekit.sim.process import DEFAULT_PATH

MAX_DEPTH = 32
__all__ = ["NotRunnable", "Shell", "ShellContext", "ShellResult"]


@dataclass
class ShellResult:
    """What a line printed and its exit status; ``notes`` are the simulator's own remarks, not shell output."""

    code: int
    out: str
    err: str
    notes: list[str] = field(default_factory=list)


class ExitShell(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class AbortLine(Exception):
    """Stop the commands of the current line (interactive bash after an expansion error); status 1."""


class Shell(Resumable, Launcher):
    """A shell session over ``fs``: ``run`` one line at a time; ``cd``, variables and ``$?`` carry over.

    ``programs`` maps command names to implementations (coreutils by default).
    With ``path_lookup`` the shell searches ``$PATH`` in ``fs`` as it would
    inside an image, so only what the image has can run.

    ``blocking_sleep`` is for a container's main process: a ``sleep`` (or
    ``tail -f``) that would really wait raises :class:`StillRunning` out of
    ``run``, the process being still alive at that point; :meth:`resume` goes
    on from there once the wait is over (see :mod:`~storagekit.commands.shell.resume`).
    Without it a sleep returns at once, and loops stop after ``loop_budget``
    iterations per run (a loop that waits starts its count again).

    ``build_step`` is for a Dockerfile ``RUN``: a program the simulator does
    not run is passed over (status 0, the note a line of the step's log) so
    that realistic Dockerfiles still build; elsewhere it fails (status 1).
    """

    loop_budget = 10_000

    def __init__(
        self,
        fs: FileSystem,
        *,
        cwd: str = "/",
        env: dict[str, str] | None = None,
        programs: dict[str, Program] | None = None,
        dialect: str = "bash",
        path_lookup: bool = False,
        clock: Callable[[], int] = lambda: 0,
        user: str = "root",
        blocking_sleep: bool = False,
        signal_main: Callable[[str], None] | None = None,
        build_step: bool = False,
        wait: Callable[[float], None] | None = None,
    ) -> None:
        if dialect not in ("bash", "dash", "ash"):
            raise ValueError(f"unknown shell dialect {dialect!r}")
        self.fs = fs
        self.cwd = paths.normalize(cwd)
        self.dialect = dialect
        self.path_lookup = path_lookup
        self.tty = False
        self.name: str | None = None
        """``$0`` as the shell was started (``sh``, ``/bin/sh``, ``bash``), which begins its messages; None for the
        dialect's usual name."""
        """Whether the shell's own stdout is a terminal: a notebook's cell output is not (a pipe, as for ``!cmd``);
        ``storagekit shell`` on a real terminal is."""
        self.clock = clock
        self._random: randomvar.BashRandom | randomvar.AshRandom | None = None
        self.user = user
        self.blocking_sleep = blocking_sleep
        self.signal_main = signal_main
        self.build_step = build_step
        self.wait = wait
        self.budget = compound.Budget(self.loop_budget)
        self.loop_depth = 0
        """How many loops enclose the running command (what ``break``/``continue`` may leave)."""
        self.in_condition = 0
        """Above 0 where a failure is an answer, not an error: ``set -e`` does not apply there."""
        self.read_consumed = 0
        """How many bytes of stdin the last ``read`` took (it takes one line and leaves the rest)."""
        self.programs: dict[str, Program] = dict(COREUTILS) if programs is None else programs
        self.vars: dict[str, str] = {}
        if env is None:
            home = self.home_of(user) or ("/root" if user == "root" else f"/home/{user}")
            env = {"HOME": home, "PATH": DEFAULT_PATH, "PWD": self.cwd}
            if dialect == "bash":
                env.update(USER=user, SHELL="/bin/bash")
        self.vars = dict(env)
        self.exported: set[str] = set(self.vars)
        self.options: set[str] = set()
        self.status = 0
        self.line = 1
        self.in_pipeline = False
        self._depth = 0
        self._stdin = b""
        self._out: list[str] = []
        self._err = Sink()
        self._notes: list[str] = []
        self._subst_status: int | None = None
        self._merge = False
        self._resume: list[Frame] = []
        self._suspended: list[Frame] = []
        """Where the line stopped when it began to wait: the frames :meth:`resume` starts from."""
        self._replay: list | None = None

    # ------------------------------------------------------------ public

    def run(self, line: str, stdin: bytes | str | None = None, *, merge_stderr: bool = False) -> ShellResult:
        """Run a line (which may hold several lines, e.g. with a here-document) and collect its output.

        ``merge_stderr`` interleaves both streams in ``out`` in the order they were
        written, as a build step's log shows them. Text given as ``str`` stands for bytes (see
        :func:`~storagekit.commands.shell.redirect.typed`), and the output is text of that form.
        """
        self._out, self._notes, self._merge = [], [], merge_stderr
        self._err = Sink(self._out) if merge_stderr else Sink()
        self._stdin = encode(typed(stdin)) if isinstance(stdin, str) else stdin or b""
        line = typed(line)
        if self._depth == 0:
            self.budget = compound.Budget(self.loop_budget)
        return self._top(line)

    def resume(self) -> ShellResult:
        """Go on with the line that raised :class:`StillRunning`, from where it waited: what it prints from
        now on, and its status; or :class:`StillRunning` again at its next wait."""
        self._resume, self._suspended = self._suspended, []
        return self._top(None)

    @property
    def waiting(self) -> bool:
        """Whether the last line stopped in a wait, to :meth:`resume` later."""
        return bool(self._suspended)

    def _top(self, line: str | None) -> ShellResult:
        try:
            status = self.run_source(line, Sink(self._out), self._err)
        except RecursionError:
            self._depth = 0
            self._err.buf.append(f"{self.prefix()}expression nested too deeply\n")
            status = 2
        except compound.LoopBudgetExceeded:
            note = messages.LOOP_BUDGET_NOTE.format(budget=self.budget.limit)
            self._err.buf.append(f"{NOTE_MARK}{note}\n")  # on stderr, and kept as a note if that was redirected
            self.note(note)
            status = 124
        except MemoryError as exc:  # the budget, or Python itself: the line stops, the shell stays usable
            self._depth = 0
            self.note(messages.memory_note("the command line", exc))
            status = 1
        except Exception as exc:  # noqa: BLE001 - a fault of the simulator is said, never raised at the learner
            self._depth = 0
            self._err.buf.append(NOTE_MARK + messages.INTERNAL_FAULT.format(kind=type(exc).__name__))
            self.note(f"{line!r}: {exc!r}")
            status = 1
        except StillRunning as stop:  # what it printed until now goes with the news; the frames stay here
            stop.out, stop.notes = text_of(self._out), list(self._notes)
            stop.err = "" if self._merge else self._err.text()
            self._suspended, self._resume = stop.frames, []
            self._out.clear()
            self._err.buf.clear()
            self._notes.clear()
            self.budget.used = 0  # a loop that waits is not a busy loop
            raise
        finally:
            self._resume = []
        self.status = status
        try:
            out, err = text_of(self._out), "" if self._merge else self._err.text()
        except MemoryError as exc:  # what it printed is more than a notebook can show
            self.note(messages.memory_note("its output", exc))
            out, err, self.status = "", "", 1
        return ShellResult(self.status, out, err, self._notes)

    @property
    def coreutils_dialect(self) -> str:
        return "busybox" if self.dialect == "ash" else "gnu"

    def prefix(self) -> str:
        """How the shell starts its own messages."""
        return messages.prefix(self.dialect, self.line, self.name)

    @property
    def interactive_top(self) -> bool:
        """Whether a command runs in the top-level shell (not in ``$(...)``, a pipeline or a subshell)."""
        return self._depth == 1 and not self.in_pipeline

    def note(self, text: str) -> None:
        if text not in self._notes:
            self._notes.append(text)

    # ------------------------------------------------- state for expansion

    def get_var(self, name: str) -> str | None:
        if name == "?":
            return str(self.status)
        if name == "$":
            return "1"
        if name == "#":
            return "0"
        if name == "0":
            return "bash" if self.dialect == "bash" else "/bin/sh"
        if name in ("@", "*", "!"):
            return ""
        if name == "-":
            return "".join(sorted(o for o in self.options if len(o) == 1))
        if name == "RANDOM" and self.random_numbers() is not None:
            return str(self.random_numbers().next())  # type: ignore[union-attr]
        return self.vars.get(name)

    def set_var(self, name: str, value: str) -> None:
        self.vars[name] = value
        if name == "RANDOM" and self.random_numbers() is not None:
            self.random_numbers().seed(int(value) if value.lstrip("-").isdigit() else 0)  # type: ignore[union-attr]

    def random_numbers(self) -> randomvar.BashRandom | randomvar.AshRandom | None:
        """The shell's ``$RANDOM`` generator (None in dash), first seeded from the host's generator."""
        if self._random is None and self.dialect != "dash":
            clock = self.clock
            draw = clock.entropy if isinstance(clock, Clock) else Entropy()
            self._random = randomvar.generator(self.dialect, draw.getrandbits(32))
        return self._random

    def env(self) -> dict[str, str]:
        return {k: v for k, v in self.vars.items() if k in self.exported}

    def home_of(self, user: str) -> str | None:
        if not user and "HOME" in self.vars:
            return self.vars["HOME"]
        user = user or self.user
        table = users.passwd(self.fs)
        if table is None:
            return "/root" if user == "root" else None
        return next((entry.home for entry in table if entry.name == user), None)

    def substitute(self, source: str) -> str:
        """``$(...)``: run in a subshell (state restored afterwards) and return its output."""
        replayed = self.replayed_substitution()
        if replayed is not None:
            text, self._subst_status = replayed
            return text
        frame = self.resumed("subst")
        out = frame.out if frame else Sink()
        saved = self._save()
        stdin, self._stdin = self._stdin, b""
        loops, self.loop_depth = self.loop_depth, 0
        if frame:
            self._restore(frame.inner)
            self._stdin = frame.stdin
        try:
            self._subst_status = self.run_source(source, out, self._err)
        except StillRunning as stop:
            stop.frames.append(Frame("subst", out=out, inner=self._save(), stdin=self._stdin))
            raise
        finally:
            self._restore(saved)
            self._stdin, self.loop_depth = stdin, loops
        self.substituted(out.text(), self._subst_status)
        return out.text()

    # ------------------------------------------------------------ running

    def _save(self) -> tuple:
        return self.cwd, dict(self.vars), set(self.exported), set(self.options), self.line

    def _restore(self, saved: tuple) -> None:
        self.cwd, self.vars, self.exported, self.options, self.line = saved

    def run_source(self, source: str | None, out: Sink, err: Sink) -> int:
        """Parse and run ``source`` line by line (as sh reads a script), writing to the given sinks."""
        if self._depth >= MAX_DEPTH:
            err.buf.append(f"{self.prefix()}maximum nesting of command substitution exceeded\n")
            return 2
        self._depth += 1
        frame = self.resumed("source")
        parser = frame.parser if frame else Parser(source or "", self.dialect)
        status = self.status
        try:
            while True:
                items = frame.items if frame else None
                frame = None
                try:
                    items = items or parser.parse_next()
                except ShellSyntaxError as exc:
                    self.line = exc.line
                    text, status = messages.syntax_error(exc, self.dialect, self.name)
                    err.buf.append(text + "\n")
                    return status
                except Unsupported as exc:
                    err.buf.append(messages.unsupported(exc.construct, self.dialect, self.line, self.name) + "\n")
                    self.note(messages.UNSUPPORTED_NOTE.format(construct=exc.construct))
                    return 2
                if items is None:
                    return status
                try:
                    status = self.run_list(items, out, err)
                except AbortLine:
                    status = self.status = 1
                except StillRunning as stop:
                    stop.frames.append(Frame("source", parser=parser, items=items))
                    raise
        except ExitShell as exc:
            return exc.code
        finally:
            self._depth -= 1

    def run_list(self, items: list[AndOr], out: Sink, err: Sink) -> int:
        """Run and-or lists one after the other; ``$?`` follows each. An empty list leaves the status 0."""
        frame = self.resumed("list")
        status = 0
        for i in range(frame.index if frame else 0, len(items)):
            try:
                status = self.status = self._and_or(items[i], out, err)
            except StillRunning as stop:
                stop.frames.append(Frame("list", index=i))
                raise
        return status

    def _and_or(self, item: AndOr, out: Sink, err: Sink) -> int:
        blocking = self.blocking_sleep
        if item.background:
            self.note("Background jobs ('&') run to completion before the next command in the simulation.")
            self.blocking_sleep = False  # the script goes on while a background job sleeps
        pipes = [("", item.first), *item.rest]
        frame = self.resumed("and-or")
        start = frame.index if frame else 0
        status, last = 0, pipes[start][1]
        try:
            for i in range(start, len(pipes)):
                op, pipe = pipes[i]
                if (i > start or not frame) and op and (op == "&&") != (status == 0):
                    continue
                exempt = i < len(pipes) - 1 or pipe.negate  # a failure before && or || is an answer
                self.in_condition += exempt
                try:
                    status, last = self._pipeline(pipe, out, err), pipe
                except StillRunning as stop:
                    stop.frames.append(Frame("and-or", index=i))
                    raise
                finally:
                    self.in_condition -= exempt
        finally:
            self.blocking_sleep = blocking
        tail = last.commands[-1]
        if (status and "e" in self.options and not self.in_condition and last is pipes[-1][1] and not last.negate
                and (isinstance(tail, Command) or getattr(tail, "subshell", False))):
            raise ExitShell(status)  # inside other compound commands, set -e has acted already
        return status

    def _command(self, cmd: Command | Compound, stdin: bytes | Blob, out: Sink, err: Sink) -> int:
        if isinstance(cmd, Command):
            return self._simple(cmd, stdin, out, err)
        if isinstance(stdin, Blob):  # a compound command's ``read`` takes it line by line: it is read here
            stdin = stdin.read()
        return compound.run(self, cmd, stdin, out, err)

    def _pipeline(self, pipe: Pipeline, out: Sink, err: Sink) -> int:
        if len(pipe.commands) == 1:
            status = self._command(pipe.commands[0], self._stdin, out, err)
        else:
            frame = self.resumed("pipe")
            saved = self._save()
            data, failed, status, start = ((frame.data, frame.failed, 0, frame.index) if frame
                                           else (self._stdin, 0, 0, 0))
            outer, self.in_pipeline = self.in_pipeline, True
            if frame:
                self._restore(frame.inner)
            try:
                for i in range(start, len(pipe.commands)):
                    cmd = pipe.commands[i]
                    last = i == len(pipe.commands) - 1
                    sink = frame.sink if frame and i == start else (out if last else Sink())
                    try:
                        status = self._command(cmd, data, sink, err)
                    except StillRunning as stop:  # each part is a process of its own: it keeps its state
                        stop.frames.append(Frame("pipe", index=i, data=data, failed=failed, sink=sink,
                                                 inner=self._save()))
                        raise
                    except ExitShell as exc:
                        status = exc.code
                    except AbortLine:
                        status = 1
                    except compound.LoopControl as ctl:  # each part runs in its own process
                        status = ctl.status
                    failed = status or failed
                    data = sink.content()  # lazy content stays lazy on its way through the pipe
            finally:
                self._restore(saved)
                self.in_pipeline = outer
            if "pipefail" in self.options and failed and not status:
                status = failed
        return int(not status) if pipe.negate else status

    def _simple(self, cmd: Command, stdin: bytes | Blob, out: Sink, err: Sink) -> int:
        self.line = cmd.line
        frame = self.resumed("simple")
        if frame is not None:
            return self._execute_simple(cmd, frame.argv, frame.env, frame.fds, frame.redirections)
        ex = Expander(self)
        redirections = Redirections(self.fs, self.cwd, self.dialect, self.line, self.name)
        self._subst_status = None
        saved_err, self._err = self._err, err

        def expand() -> tuple:
            argv = [f for w in cmd.words for f in ex.fields(w)]
            assigns = [(name, ex.single(w)) for name, w in cmd.assigns]
            if cmd.redirs and argv and self.unmodelled(argv[0]):  # what it would write is not known: no file
                return argv, assigns, {0: stdin, 1: out, 2: err}
            return argv, assigns, redirections.apply(cmd, ex, stdin, out, err)

        try:
            argv, assigns, fds = self.expand(expand)
        except ExpansionError as exc:
            err.buf.append(messages.expansion_error(exc.kind, exc.subject, exc.detail, self.dialect, self.line,
                                                    self.name) + "\n")
            if self.dialect == "bash":
                raise AbortLine from exc  # interactive bash drops the rest of the line
            raise ExitShell(2) from exc  # a non-interactive sh exits
        except RedirectError as exc:
            err.buf.append(f"{exc}\n")
            return 2 if self.dialect == "dash" else 1
        except ShellSyntaxError as exc:
            text, status = messages.syntax_error(exc, self.dialect, self.name)
            err.buf.append(text + "\n")
            return status
        except Unsupported as exc:
            err.buf.append(messages.unsupported(exc.construct, self.dialect, self.line, self.name) + "\n")
            return 2
        except Endless as exc:  # ``< /dev/zero``: the program would read it for ever
            self.note(messages.ENDLESS_NOTE.format(path=exc.path, program="program"))
            return 130
        finally:
            self._err = saved_err
        if "x" in self.options:
            fds[2].buf.append("+ " + " ".join(_trace_quote(a) for a in [f"{n}={v}" for n, v in assigns] + argv) + "\n")
        if not argv:
            for name, value in assigns:
                self.set_var(name, value)
            redirections.flush(fds)
            return self._subst_status or 0
        env = self.env()
        env.update(assigns)
        return self._execute_simple(cmd, argv, env, fds, redirections)

    def _execute_simple(self, cmd: Command, argv: list[str], env: dict[str, str], fds: dict,
                        redirections: Redirections) -> int:
        ctx = self._context(env, fds[0], fds[1].buf, fds[2].buf)
        ctx.stdout_tty = self.tty and fds[1].buf is self._out and fds[1].path is None
        try:
            status = self.execute(ctx, argv)
        except StillRunning as stop:  # what it wrote until now is in its files
            stop.frames.append(Frame("simple", argv=argv, env=env, fds=fds, redirections=redirections))
            raise
        finally:
            failed = redirections.flush(fds)
        if failed is not None:  # the program's write failed: it says so and exits
            builtin = builtins.lookup(argv[0], self.dialect) is not None
            text, status = messages.write_error(argv[0], builtin, failed.errno or 0, self.dialect, cmd.line, self.name)
            if text:
                fds[2].buf.append(text + "\n")
                redirections.flush({2: fds[2]})
        if fds[0] is self._stdin and argv[0] == "read":
            self._stdin = self._stdin[self.read_consumed:]
        elif fds[0] is self._stdin and builtins.lookup(argv[0], self.dialect) is None and ctx.stdin_read:
            self._stdin = b""
        return status


def _trace_quote(arg: str) -> str:
    return arg if re.fullmatch(r"[A-Za-z0-9_./=:,+@%^-]+", arg) else "'" + arg.replace("'", "'\\''") + "'"
