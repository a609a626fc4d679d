"""Running compound commands: ``if``, ``for``, ``while``/``until``, ``case``, ``{ }`` and ``( )``.

Their status is that of the last command they ran (0 when they ran none). A
compound command's own redirections apply to every command inside it: its
stdin is what ``read`` consumes line by line, its stdout the sink they write
to. Loops count their iterations against the shell's budget, so that an
endless loop ends the script instead of hanging the notebook.

Each of them can be where a container's script waits (``while true; do ...;
sleep 5; done``): it then leaves a frame saying where it was (which branch,
which pass, condition or body), to go on from there on resume.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storagekit.commands.shell import messages
from storagekit.commands.shell.context import StillRunning
from storagekit.commands.shell.expand import Expander, ExpansionError, fnmatch
from storagekit.commands.shell.parser import NAME, Case, Compound, For, Group, If, Loop
from storagekit.commands.shell.redirect import RedirectError, Redirections, Sink
from storagekit.commands.shell.resume import Frame

if TYPE_CHECKING:
    from storagekit.commands.shell.interpreter import Shell


class LoopControl(Exception):
    """``break``/``continue`` leaving ``levels`` enclosing loops (the innermost one continues for ``continue``)."""

    def __init__(self, levels: int, status: int = 0) -> None:
        super().__init__(levels)
        self.levels, self.status = levels, status


class BreakLoop(LoopControl):
    pass


class ContinueLoop(LoopControl):
    pass


class LoopBudgetExceeded(Exception):
    """A script looped past the iteration budget; ``Shell.run`` ends it with status 124 and a note."""


class Budget:
    """Loop iterations of one script run, shared with the child shells it starts (``sh -c`` in a loop)."""

    def __init__(self, limit: int) -> None:
        self.limit, self.used = limit, 0

    def tick(self) -> None:
        self.used += 1
        if self.used > self.limit:
            raise LoopBudgetExceeded(self.limit)


def run(shell: Shell, node: Compound, stdin: bytes, out: Sink, err: Sink) -> int:
    """Run ``node`` with its redirections applied; what reached a file stays there even if it is interrupted."""
    shell.line = node.line
    frame = shell.resumed("compound")
    if frame is None:
        redirections = Redirections(shell.fs, shell.cwd, shell.dialect, node.line, shell.name)
        saved_err, shell._err = shell._err, err
        try:
            fds = shell.expand(lambda: redirections.apply(node, Expander(shell), stdin, out, err))
        except ExpansionError as exc:
            _expansion_failed(shell, exc, err)
        except RedirectError as exc:
            err.buf.append(f"{exc}\n")
            return 2 if shell.dialect == "dash" else 1
        finally:
            shell._err = saved_err
        if not isinstance(fds[0], bytes):  # ``read`` in the body takes it line by line: it is read here
            fds[0] = fds[0].read()
        outer_stdin = shell._stdin
        own_stdin = not (fds[0] is stdin and stdin is outer_stdin)  # a redirected or piped stdin ends with it
        shell._stdin = fds[0]
    else:
        redirections, fds, outer_stdin, own_stdin = frame.redirections, frame.fds, frame.outer_stdin, frame.own_stdin
        shell._stdin = frame.stdin
    try:
        status = _run(shell, node, fds[1], fds[2])
    except StillRunning as stop:
        stop.frames.append(Frame("compound", redirections=redirections, fds=fds, outer_stdin=outer_stdin,
                                 own_stdin=own_stdin, stdin=shell._stdin))
        raise
    finally:
        redirections.flush(fds)
        if own_stdin:
            shell._stdin = outer_stdin
    return status


def _expansion_failed(shell: Shell, exc: ExpansionError, err: Sink) -> None:
    """As for a simple command: interactive bash drops the rest of the line, sh exits with 2."""
    from storagekit.commands.shell.interpreter import AbortLine, ExitShell

    err.buf.append(messages.expansion_error(exc.kind, exc.subject, exc.detail, shell.dialect, shell.line,
                                            shell.name) + "\n")
    if shell.dialect == "bash":
        raise AbortLine from exc
    raise ExitShell(2) from exc


def _run(shell: Shell, node: Compound, out: Sink, err: Sink) -> int:
    if isinstance(node, If):
        return _if(shell, node, out, err)
    if isinstance(node, Loop):
        return _loop(shell, node, out, err)
    if isinstance(node, For):
        return _for(shell, node, out, err)
    if isinstance(node, Case):
        return _case(shell, node, out, err)
    assert isinstance(node, Group)  # the last kind of compound command
    if node.subshell:
        return _subshell(shell, node, out, err)
    return shell.run_list(node.body, out, err)


def _if(shell: Shell, node: If, out: Sink, err: Sink) -> int:
    """Each condition in turn until one holds, then its body (``else``: the last branch, with no condition)."""
    frame = shell.resumed("if")
    start, part = (frame.branch, frame.part) if frame else (0, "condition")
    branches = [*node.clauses, (None, node.otherwise)]
    for k in range(start, len(branches)):
        condition, body = branches[k]
        try:
            if part == "condition" and condition is not None and _condition(shell, condition, out, err) != 0:
                continue
            part = "body"
            return shell.run_list(body, out, err) if body is not None else 0
        except StillRunning as stop:
            stop.frames.append(Frame("if", branch=k, part=part))
            raise
    return 0


def _condition(shell: Shell, items: list, out: Sink, err: Sink) -> int:
    """A condition's failure is an answer, not an error: ``set -e`` does not apply inside it."""
    shell.in_condition += 1
    try:
        return shell.run_list(items, out, err)
    finally:
        shell.in_condition -= 1


def _iterate(shell: Shell, body: list, out: Sink, err: Sink) -> tuple[int, bool]:
    """One pass of a loop body: its status, and whether the loop goes on."""
    try:
        return shell.run_list(body, out, err), True
    except LoopControl as ctl:
        if ctl.levels > 1:
            ctl.levels -= 1
            raise
        return ctl.status, isinstance(ctl, ContinueLoop)


def _loop(shell: Shell, node: Loop, out: Sink, err: Sink) -> int:
    frame = shell.resumed("loop")
    status, part = (frame.status, frame.part) if frame else (0, "")
    shell.loop_depth += 1
    try:
        while True:
            try:
                if part != "body":
                    if part != "condition":
                        shell.budget.tick()
                    part = "condition"
                    try:
                        test = _condition(shell, node.condition, out, err)
                    except LoopControl as ctl:  # ``while break; do``: the condition belongs to this loop too
                        if ctl.levels > 1:
                            ctl.levels -= 1
                            raise
                        if isinstance(ctl, BreakLoop):
                            return ctl.status
                        part = ""
                        continue
                    if (test == 0) == node.until:
                        return status
                part = "body"
                status, going_on = _iterate(shell, node.body, out, err)
                part = ""
                if not going_on:
                    return status
            except StillRunning as stop:
                stop.frames.append(Frame("loop", part=part, status=status))
                raise
    finally:
        shell.loop_depth -= 1


def _for(shell: Shell, node: For, out: Sink, err: Sink) -> int:
    if not NAME.match(node.name):
        err.buf.append(f"bash: `{node.name}': not a valid identifier\n")
        return 1
    frame = shell.resumed("for")
    if frame is None:
        ex = Expander(shell)
        saved_err, shell._err = shell._err, err
        try:
            values = shell.expand(lambda: [f for w in node.words or () for f in ex.fields(w)])
        except ExpansionError as exc:
            _expansion_failed(shell, exc, err)
        finally:
            shell._err = saved_err
    status, start, values = (frame.status, frame.index, frame.values) if frame else (0, 0, values)
    shell.loop_depth += 1
    try:
        for i in range(start, len(values)):
            if not (frame and i == start):
                shell.budget.tick()
                shell.vars[node.name] = values[i]
            try:
                status, going_on = _iterate(shell, node.body, out, err)
            except StillRunning as stop:
                stop.frames.append(Frame("for", values=values, index=i, status=status))
                raise
            if not going_on:
                break
    finally:
        shell.loop_depth -= 1
    return status


def _case(shell: Shell, node: Case, out: Sink, err: Sink) -> int:
    frame = shell.resumed("case")

    def choose() -> int | None:
        ex = Expander(shell)
        value = ex.single(node.word)
        return next((k for k, (patterns, _) in enumerate(node.items)
                     if any(fnmatch(value, ex.pattern(p)) for p in patterns)), None)

    chosen = frame.branch if frame else shell.expand(choose)
    if chosen is None:
        return 0
    try:
        return shell.run_list(node.items[chosen][1], out, err)
    except StillRunning as stop:
        stop.frames.append(Frame("case", branch=chosen))
        raise


def _subshell(shell: Shell, node: Group, out: Sink, err: Sink) -> int:
    """``( )``: variables, options and ``cd`` inside stay inside; ``exit`` ends only the subshell."""
    from storagekit.commands.shell.interpreter import ExitShell

    frame = shell.resumed("subshell")
    saved = shell._save()
    child, shell.in_pipeline = shell.in_pipeline, True  # a child process, as a pipeline's parts are
    loops = shell.loop_depth
    if shell.dialect == "bash":
        shell.loop_depth = 0  # bash's subshell forgets the loops around it; dash's break ends the subshell
    if frame:
        shell._restore(frame.inner)
    try:
        return shell.run_list(node.body, out, err)
    except StillRunning as stop:
        stop.frames.append(Frame("subshell", inner=shell._save()))
        raise
    except ExitShell as exc:
        return exc.code
    except LoopControl as ctl:  # ``break`` in a subshell inside a loop ends the subshell
        return ctl.status
    finally:
        shell._restore(saved)
        shell.in_pipeline, shell.loop_depth = child, loops
