"""Running compound commands: ``if``, ``for``, ``while``/``until``, ``case``, ``{ }`` and ``( )``.

Their status is that of the last command they ran (0 when they ran none). A
compound command's own redirections apply to every command inside it: its
stdin is what ``read`` consumes line by line, its stdout the sink they write
to. Loops count their iterations against the shell's budget, so that an
endless loop ends the script instead of hanging the notebook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from storagekit.commands.shell import messages
from storagekit.commands.shell.expand import ExpansionError, Expander, fnmatch
from storagekit.commands.shell.parser import NAME, Case, Compound, For, Group, If, Loop
from storagekit.commands.shell.redirect import Redirections, RedirectError, Sink

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
    redirections = Redirections(shell.fs, shell.cwd, shell.dialect, node.line)
    saved_err, shell._err = shell._err, err
    try:
        fds = redirections.apply(node, Expander(shell), stdin, out, err)
    except ExpansionError as exc:
        _expansion_failed(shell, exc, err)
    except RedirectError as exc:
        err.buf.append(f"{exc}\n")
        return 2 if shell.dialect == "dash" else 1
    finally:
        shell._err = saved_err
    outer_stdin = shell._stdin
    shell._stdin = fds[0]
    try:
        status = _run(shell, node, fds[1], fds[2])
    finally:
        redirections.flush(fds)
        if not (fds[0] is stdin and stdin is outer_stdin):
            shell._stdin = outer_stdin  # a redirected or piped stdin ends with the command
    return status


def _expansion_failed(shell: Shell, exc: ExpansionError, err: Sink) -> None:
    """As for a simple command: interactive bash drops the rest of the line, sh exits with 2."""
    from storagekit.commands.shell.interpreter import AbortLine, ExitShell

    err.buf.append(messages.expansion_error(exc.kind, exc.subject, exc.detail, shell.dialect, shell.line) + "\n")
    if shell.dialect == "bash":
        raise AbortLine from exc
    raise ExitShell(2) from exc


def _run(shell: Shell, node: Compound, out: Sink, err: Sink) -> int:
    if isinstance(node, If):
        for condition, body in node.clauses:
            if _condition(shell, condition, out, err) == 0:
                return shell.run_list(body, out, err)
        return shell.run_list(node.otherwise, out, err) if node.otherwise is not None else 0
    if isinstance(node, Loop):
        return _loop(shell, node, out, err)
    if isinstance(node, For):
        return _for(shell, node, out, err)
    if isinstance(node, Case):
        return _case(shell, node, out, err)
    if isinstance(node, Group) and node.subshell:
        return _subshell(shell, node, out, err)
    return shell.run_list(node.body, out, err)


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
    status = 0
    shell.loop_depth += 1
    try:
        while True:
            shell.budget.tick()
            try:
                test = _condition(shell, node.condition, out, err)
            except LoopControl as ctl:  # ``while break; do``: the condition belongs to this loop too
                if ctl.levels > 1:
                    ctl.levels -= 1
                    raise
                if isinstance(ctl, BreakLoop):
                    return ctl.status
                continue
            if (test == 0) == node.until:
                return status
            status, going_on = _iterate(shell, node.body, out, err)
            if not going_on:
                return status
    finally:
        shell.loop_depth -= 1


def _for(shell: Shell, node: For, out: Sink, err: Sink) -> int:
    if not NAME.match(node.name):
        err.buf.append(f"bash: `{node.name}': not a valid identifier\n")
        return 1
    ex = Expander(shell)
    saved_err, shell._err = shell._err, err
    try:
        values = [f for w in node.words for f in ex.fields(w)] if node.words is not None else []
    except ExpansionError as exc:
        _expansion_failed(shell, exc, err)
    finally:
        shell._err = saved_err
    status = 0
    shell.loop_depth += 1
    try:
        for value in values:
            shell.budget.tick()
            shell.vars[node.name] = value
            status, going_on = _iterate(shell, node.body, out, err)
            if not going_on:
                break
    finally:
        shell.loop_depth -= 1
    return status


def _case(shell: Shell, node: Case, out: Sink, err: Sink) -> int:
    ex = Expander(shell)
    value = ex.single(node.word)
    for patterns, body in node.items:
        if any(fnmatch(value, ex.pattern(p)) for p in patterns):
            return shell.run_list(body, out, err)
    return 0


def _subshell(shell: Shell, node: Group, out: Sink, err: Sink) -> int:
    """``( )``: variables, options and ``cd`` inside stay inside; ``exit`` ends only the subshell."""
    from storagekit.commands.shell.interpreter import ExitShell

    saved = shell._save()
    child, shell.in_pipeline = shell.in_pipeline, True  # a child process, as a pipeline's parts are
    loops = shell.loop_depth
    if shell.dialect == "bash":
        shell.loop_depth = 0  # bash's subshell forgets the loops around it; dash's break ends the subshell
    try:
        return shell.run_list(node.body, out, err)
    except ExitShell as exc:
        return exc.code
    except LoopControl as ctl:  # ``break`` in a subshell inside a loop ends the subshell
        return ctl.status
    finally:
        shell._restore(saved)
        shell.in_pipeline, shell.loop_depth = child, loops
