"""``grep``: GNU grep's and BusyBox's options, context lines (``-A``/``-B``/``-C`` with ``--`` between groups), and
their words for a bad pattern or count."""

from __future__ import annotations

import errno
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils.common import DieError, UsageError, getopt, prog, program, reason
from storagekit.commands.shell.coreutils.text import bre_to_python, read_operand, split_lines
from storagekit.fs.nodes import File, Symlink

LONG = {
    "ignore-case": "i", "invert-match": "v", "count": "c", "files-with-matches": "l", "line-number": "n",
    "recursive": "r", "dereference-recursive": "R", "quiet": "q", "silent": "q", "no-messages": "s",
    "extended-regexp": "E", "fixed-strings": "F", "basic-regexp": "G", "word-regexp": "w", "line-regexp": "x",
    "regexp=": "e", "only-matching": "o", "with-filename": "H", "no-filename": "h", "max-count=": "m",
    "after-context=": "A", "before-context=": "B", "context=": "C",
}

TAKE_VALUE = ("-A", "-B", "-C", "-m", "-e")
"""Options whose next word is their value, never a ``-NUM`` context option."""

GNU_REGEX_ERRORS = {
    "missing ), unterminated subpattern": "Unmatched ( or \\(",
    "unbalanced parenthesis": "Unmatched ) or \\)",
    "unterminated character set": "Invalid regular expression",
    "nothing to repeat": "Invalid preceding regular expression",
}
"""What GNU grep says where Python's ``re`` refuses a pattern (glibc's ``regerror`` texts)."""


@dataclass
class _Printer:
    """Where the output stands across files: what was printed last, so that ``--`` goes between groups."""

    ctx: ProcessContext
    after: int
    before: int
    only: bool
    busybox: bool
    printed_any: bool = False
    pending: int = 0
    last: int = -1
    label: str = ""
    held: list[tuple[int, str]] = field(default_factory=list)

    @property
    def context(self) -> bool:
        return bool(self.after or self.before)

    def start_file(self, label: str) -> None:
        self.label, self.pending, self.last, self.held = label, 0, -1, []

    def line(self, prefix: Callable[[int, str], str], n: int, body: str, selected: bool, matches: list[str]) -> None:
        if not selected:
            if self.pending:
                self.pending -= 1
                self._emit(prefix, "-", n, body)
            elif self.before:
                self.held = (self.held + [(n, body)])[-self.before:]
            return
        for held_n, held_body in self.held:
            self._emit(prefix, "-", held_n, held_body)
        self.held = []
        if self.only:
            self._separate(n)
            self.last = n
            for m in matches:
                self.ctx.out(f"{prefix(n, ':')}{m}\n")
        else:
            self._emit(prefix, ":", n, body)
        self.pending = self.after

    def _separate(self, n: int) -> None:
        if self.context and self.printed_any and n != self.last + 1:
            self.ctx.out("--\n")
        self.printed_any = True

    def _emit(self, prefix: Callable[[int, str], str], sep: str, n: int, body: str) -> None:
        self._separate(n)
        if sep == "-" and self.only and not self.busybox:  # GNU's -o shows no context lines, only the -- between
            self.last = n
            return
        self.last = n
        self.ctx.out(prefix(n, sep) + body + "\n")


def _context_length(ctx: ProcessContext, value: str) -> int:
    if not value.isdigit():
        raise DieError(f"invalid number '{value}'" if ctx.dialect == "busybox"
                       else f"{value}: invalid context length argument")
    return int(value)


def _compile(ctx: ProcessContext, patterns: list[str], flags: set[str]) -> re.Pattern:
    rx = []
    for p in patterns:
        p = re.escape(p) if "F" in flags else p if "E" in flags else bre_to_python(p)
        if "x" in flags:
            p = r"(?:" + p + r")\Z"
        rx.append(r"\b(?:" + p + r")\b" if "w" in flags else p)
    try:
        return re.compile("|".join(f"(?:{r})" for r in rx), re.I if "i" in flags else 0)
    except re.error as exc:
        if ctx.dialect == "busybox":
            raise DieError(f"bad regex '{patterns[0]}'") from None
        raise DieError(GNU_REGEX_ERRORS.get(exc.msg, "Invalid regular expression")) from None


@program(usage_status=2, busybox_status=2)
def grep(ctx: ProcessContext, argv: list[str]) -> int:
    busybox = ctx.dialect == "busybox"
    args = [("-C" + a[1:]) if re.fullmatch(r"-\d+", a) and not busybox and (i < 2 or argv[i - 1] not in TAKE_VALUE)
            else a for i, a in enumerate(argv)]
    name = prog(ctx, argv)
    try:
        opts, operands = getopt(args, "ivclnrRHhqsEFwxe:om:A:B:C:" if busybox else "ivclnrRHhqsEFGwxZe:om:A:B:C:",
                                {} if busybox else LONG)
    except UsageError as exc:  # GNU grep names its usage before the Try line
        if ctx.dialect != "busybox":
            ctx.err(f"{name}: {exc.message}\nUsage: {name} [OPTION]... PATTERNS [FILE]...\n")
            raise UsageError("") from None
        raise
    flags = {k for k, _ in opts}
    values = dict(opts)
    patterns = [v for k, v in opts if k == "e"]
    after = before = 0
    for key, value in opts:
        if key in "ABC":
            n = _context_length(ctx, value)
            after = n if key in "AC" else after
            before = n if key in "BC" else before
    limit = None
    if "m" in values:
        if not re.fullmatch(r"-?\d+", values["m"]):
            raise DieError(f"invalid number '{values['m']}'" if ctx.dialect == "busybox" else "invalid max count")
        limit = int(values["m"]) if int(values["m"]) >= 0 else None
    if not patterns:
        if not operands:
            if ctx.dialect != "busybox":
                ctx.err(f"Usage: {name} [OPTION]... PATTERNS [FILE]...\n")
            raise UsageError("")
        patterns = operands.pop(0).split("\n")
    regex = _compile(ctx, patterns, flags)
    recursive = bool(flags & {"r", "R"})
    files: list[str] = []
    for op in operands or (["."] if recursive else ["-"]):
        path = ctx.abspath(op) if op != "-" else "-"
        if recursive and op != "-" and ctx.fs.isdir(path):
            follow = "R" in flags or busybox  # BusyBox's -r reads the symlinks it meets, as GNU's -R does
            files += [op.rstrip("/") + p[len(path.rstrip("/")):] for p, n in ctx.fs.walk(path)
                      if isinstance(n, File) or (follow and isinstance(n, Symlink) and not ctx.fs.isdir(p))]
        else:
            files.append(op)
    show_name = ("H" in flags or len(files) > 1 or recursive) and "h" not in flags
    listing = bool(flags & {"q", "l", "c"})
    printer = _Printer(ctx, after, before, "o" in flags, busybox)
    matched, status = False, 0
    for op in files:
        try:
            if op != "-" and ctx.fs.isdir(ctx.abspath(op)):
                raise IsADirectoryError(errno.EISDIR, "Is a directory")
            text = read_operand(ctx, op)
        except OSError as exc:
            if "s" not in flags:
                ctx.err(f"{name}: {op}: {reason(exc)}\n")
            status = 2
            continue
        label = "(standard input)" if op == "-" else op
        printer.start_file(label)

        def prefix(n: int, sep: str, label: str = label) -> str:
            return (f"{label}{sep}" if show_name else "") + (f"{n}{sep}" if "n" in flags else "")

        count = 0
        for n, line in enumerate(split_lines(text), 1):
            if limit is not None and count >= limit:
                if listing or not printer.pending:
                    break
                printer.line(prefix, n, line.rstrip("\n"), False, [])
                continue
            body = line.rstrip("\n")
            selected = bool(regex.search(body)) != ("v" in flags)
            count += selected
            matched = matched or selected
            if listing:
                continue
            found = [m.group() for m in regex.finditer(body) if m.group()] if selected and "o" in flags else []
            printer.line(prefix, n, body, selected, found)
        if "q" in flags and matched:
            return 0
        if "l" in flags and count:
            ctx.out(label + ("\0" if "Z" in flags else "\n"))
        elif "c" in flags and "l" not in flags:
            ctx.out((f"{label}:" if show_name else "") + f"{count}\n")
    if status and not ("q" in flags and matched):
        return 2
    return 0 if matched else 1
