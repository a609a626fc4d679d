"""The shells' own wording, one table per dialect, as bash 5.2 (interactive), dash 0.5 and BusyBox ash print it."""

from __future__ import annotations

import errno
import os

from storagekit.commands.shell.lexer import ShellSyntaxError

SYNTAX = {
    "bash": {
        "token": "syntax error near unexpected token `{tok}'",
        "eof": "syntax error: unexpected end of file",
        "quote": "unexpected EOF while looking for matching `{tok}'",
        "backquote": "unexpected EOF while looking for matching ``'",
        "paren": "unexpected EOF while looking for matching `)'",
        "brace": "unexpected EOF while looking for matching `}'",
        "forvar": "syntax error: bad for loop variable",
    },
    "dash": {
        "token": 'Syntax error: "{tok}" unexpected',
        "newline": "Syntax error: newline unexpected",
        "eof": "Syntax error: end of file unexpected",
        "quote": "Syntax error: Unterminated quoted string",
        "backquote": "Syntax error: EOF in backquote substitution",
        "paren": 'Syntax error: end of file unexpected (expecting ")")',
        "brace": "Syntax error: Missing '}'",
        "word": "Syntax error: word unexpected",
        "forvar": "Syntax error: Bad for loop variable",
    },
    "ash": {
        "token": 'syntax error: unexpected "{tok}"',
        "newline": "syntax error: unexpected newline",
        "eof": "syntax error: unexpected end of file",
        "quote": "syntax error: unterminated quoted string",
        "backquote": "syntax error: EOF in backquote substitution",
        "paren": 'syntax error: unexpected end of file (expecting ")")',
        "brace": "syntax error: missing '}'",
        "word": "syntax error: unexpected word",
        "forvar": "syntax error: bad for loop variable",
    },
}

UNSUPPORTED_NOTE = (
    "The simulated shell does not run {construct!r} (function definitions, and bash's [[ ]] and select); "
    "nothing from that line on was run."
)
UNMODELLED = "{program} ({path}) is in the image, but the simulator does not run it"
IN_BUILD = ": the build goes on as if it succeeded, and this step's layer holds nothing from it"
LOOP_BUDGET_NOTE = (
    "The simulated shell stopped the script after {budget:,} loop iterations: a real shell would still be running "
    "it (the simulation does not wait in sleep). Exit status 124, as timeout(1) reports a command it had to stop."
)

INTERNAL_FAULT = "the simulator could not run this command ({kind}); please report it with the command line.\n"
"""What a fault of the simulator itself says (after the note mark), instead of a traceback."""


def prefix(dialect: str, line: int, name: str | None = None) -> str:
    """How the shell starts its own messages: its ``$0`` as it was started (``sh -c`` says ``sh:``, Docker's
    shell form ``/bin/sh:``); ``bash -i`` shows no line number, dash always does."""
    if name is None:
        name = "bash" if dialect == "bash" else "/bin/sh"
    return f"{name}: {line}: " if dialect == "dash" else f"{name}: "


def syntax_error(exc: ShellSyntaxError, dialect: str, argv0: str | None = None) -> tuple[str, int]:
    """The message line and exit status for a parse error."""
    kind = exc.kind
    if dialect != "bash":
        if kind == "token" and exc.at_eof:
            kind = "eof"
        elif kind == "token" and exc.token == "newline":
            kind = "newline"
        elif kind == "token" and exc.word:
            kind = "word"
    if exc.expecting and dialect != "bash" and kind in ("token", "eof", "newline", "word"):
        found = {"eof": "end of file", "newline": "newline", "word": "word"}.get(kind, f'"{exc.token}"')
        text = (f"Syntax error: {found} unexpected (expecting {exc.expecting})" if dialect == "dash"
                else f"syntax error: unexpected {found} (expecting {exc.expecting})")
        return prefix(dialect, exc.line, argv0) + text, 2
    text = SYNTAX[dialect][kind].replace("{tok}", exc.token)
    status = 1 if dialect == "bash" and kind == "paren" else 2
    return prefix(dialect, exc.line, argv0) + text, status


def unsupported(construct: str, dialect: str, line: int, argv0: str | None = None) -> str:
    return f"{prefix(dialect, line, argv0)}{construct}: not supported by the simulated shell"


def expansion_error(kind: str, subject: str, detail: str, dialect: str, line: int, argv0: str | None = None) -> str:
    """``bad substitution``, ``${x?msg}``/``${x:?msg}`` (``detail`` is the message) and arithmetic errors."""
    if kind in ("unset", "null"):
        if not detail:
            null = "parameter null or not set" if dialect == "bash" else "parameter not set or null"
            detail = null if kind == "null" else "parameter not set"
        kind = "unset"
    if dialect == "bash":
        text = {
            "bad": f"{subject}: bad substitution",
            "unset": f"{subject}: {detail}",
            "zero": f'{subject}: division by 0 (error token is "{detail}")',
            "arith": f"{subject}: arithmetic syntax error",
        }[kind]
    elif dialect == "dash":
        text = {
            "bad": "Bad substitution",
            "unset": f"{subject}: {detail}",
            "zero": f'arithmetic expression: division by zero: "{subject}"',
            "arith": f'arithmetic expression: expecting primary: "{subject}"',
        }[kind]
    else:
        text = {
            "bad": "syntax error: bad substitution",
            "unset": f"{subject}: {detail}",
            "zero": "divide by zero",
            "arith": "arithmetic syntax error",
        }[kind]
    return prefix(dialect, line, argv0) + text


def redirect_error(target: str, code: int | None, reading: bool, dialect: str, line: int,
                   argv0: str | None = None) -> str:
    """Why a redirection could not be opened, e.g. ``bash: x/y: No such file or directory``."""
    code = code or errno.EIO
    reason = os.strerror(code)
    missing = code in (errno.ENOENT, errno.ENOTDIR)  # dash's and ash's errmsg() word both the same way
    if dialect == "bash":
        text = f"{target}: {reason}"
    elif dialect == "dash":
        text = (f"cannot open {target}: {'No such file' if missing else reason}" if reading
                else f"cannot create {target}: {'Directory nonexistent' if missing else reason}")
    else:
        text = (f"can't open {target}: {'no such file' if missing else reason}" if reading
                else f"can't create {target}: {'nonexistent directory' if missing else reason}")
    return prefix(dialect, line, argv0) + text


def not_found(name: str, code: int | None, dialect: str, line: int, argv0: str | None = None) -> str:
    """``command not found`` (127) in each shell's words; ``code`` is set when a path was given."""
    if dialect == "bash":
        return f"bash: {name}: {os.strerror(code) if code else 'command not found'}"
    return f"{prefix(dialect, line, argv0)}{name}: not found"


def cannot_execute(name: str, code: int, dialect: str, line: int, argv0: str | None = None) -> str:
    """A directory or a file without execute permission (126)."""
    reason = os.strerror(code) if dialect == "bash" else "Permission denied"
    return f"{prefix(dialect, line, argv0)}{name}: {reason}"


def heredoc_at_eof(delimiter: str, line: int) -> str:
    return f"bash: warning: here-document at line {line} delimited by end-of-file (wanted `{delimiter}')"


def write_error(program: str, builtin: bool, code: int, dialect: str, line: int,
                argv0: str | None = None) -> tuple[str | None, int]:
    """The line (None: nothing) and exit status when a program's output cannot be written (``echo x > /dev/full``).

    A builtin's failure is the shell's to report: dash calls any of them an I/O error, BusyBox names itself
    ``sh`` and its ``printf`` says nothing. Other programs say ``write error`` themselves; GNU ``ls`` exits 2
    for it, as for any serious trouble.
    """
    reason = os.strerror(code or errno.EIO)
    if not builtin:
        return f"{program}: write error: {reason}", 2 if program == "ls" and dialect != "ash" else 1
    if dialect == "dash":
        return f"{prefix(dialect, line, argv0)}{program}: {program}: I/O error", 1
    if dialect == "ash":
        return (None if program == "printf" else f"sh: write error: {reason}"), 1
    return f"{prefix(dialect, line, argv0)}{program}: write error: {reason}", 1


ENDLESS_NOTE = (
    "{path} never ends: a real {program} would read it until stopped (Ctrl-C); read a bounded amount instead, "
    "as head -c N {path} or dd if={path} bs=N count=1 do. Exit status 130, as after Ctrl-C."
)
MEMORY_NOTE = (
    "{program} stopped: it would hold {size} in memory at once, more than the simulation's {budget} MiB budget "
    "for one command. Read less at a time (head -c N, dd bs=N count=M, wc -c), or write to a file instead."
)


def memory_note(program: str, exc: MemoryError) -> str:
    """The note for a command stopped at the memory budget (or by the real interpreter running out of memory)."""
    from storagekit.fs.content import BUDGET
    from storagekit.sim.units import human_size

    size = getattr(exc, "size", None)
    return MEMORY_NOTE.format(program=program, size=human_size(size) if size else "more than it has",
                              budget=BUDGET >> 20)
