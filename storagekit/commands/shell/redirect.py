"""File descriptors of a simple command: where fds 1 and 2 go, and what fd 0 holds.

Output is buffered per destination and written through the FileSystem when
the command ends; two fds sent to the same place share one buffer, so
``>log 2>&1`` keeps the order in which a program wrote its lines.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence

from storagekit.commands.shell import messages
from storagekit.commands.shell.expand import Expander
from storagekit.commands.shell.parser import Command, Compound
from storagekit.fs import FileSystem, paths
from storagekit.fs.content import SMALL, Blob

ENCODING = ("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    return text.encode(*ENCODING)


def decode(data: bytes) -> str:
    return data.decode(*ENCODING)


def typed(text: str) -> str:
    """Text given from Python (a line typed, stdin, a file's name) in the shell's form, whose every character
    stands for bytes: a surrogate escape (U+DC80-U+DCFF) for the undecodable byte it escapes, as ``os.fsencode``
    takes it; any other lone surrogate, which no terminal can send, for the bytes WTF-8 gives it (U+D800 is
    ``ED A0 80``), which are not UTF-8 and so become escapes in turn."""
    try:
        text.encode(*ENCODING)
        return text
    except UnicodeEncodeError:
        return decode(b"".join(c.encode("utf-8", "surrogatepass" if "\ud800" <= c < "\udc80" or c > "\udcff"
                                        else "surrogateescape") for c in text))


def rendered(text: str) -> str:
    """What a UTF-8 terminal shows for the shell's text: each undecodable byte as U+FFFD."""
    return encode(text).decode("utf-8", "replace")


def text_of(buf: Sequence[str | Blob]) -> str:
    """What a buffer holds as text; lazy content is read here (:class:`ContentTooLarge` past the budget)."""
    return "".join(piece if isinstance(piece, str) else decode(piece.read()) for piece in buf)


def content_of(buf: Sequence[str | Blob]) -> bytes | Blob:
    """What a buffer holds as bytes, or as lazy content if a program wrote some (nothing of it is read)."""
    if all(isinstance(piece, str) for piece in buf):
        return encode("".join(buf))  # type: ignore[arg-type]
    return Blob.concat(encode(piece) if isinstance(piece, str) else piece for piece in buf)


class Sink:
    """Where a file descriptor's output goes: a buffer, written to ``path`` (if any) when the command ends."""

    def __init__(self, buf: list | None = None, path: str | None = None) -> None:
        self.buf: list[str | Blob] = buf if buf is not None else []
        self.path = path

    def text(self) -> str:
        return text_of(self.buf)

    def content(self) -> bytes | Blob:
        return content_of(self.buf)


class RedirectError(Exception):
    """A redirection that cannot be opened; the message is the shell's whole line."""


class Redirections:
    def __init__(self, fs: FileSystem, cwd: str, dialect: str, line: int, name: str | None = None) -> None:
        self.fs, self.cwd, self.dialect, self.line, self.name = fs, cwd, dialect, line, name

    def apply(self, cmd: Command | Compound, ex: Expander, stdin: bytes | Blob, out: Sink, err: Sink) -> dict:
        """Apply the redirections in order; returns fd 0 as bytes and the other fds as sinks."""
        fds: dict = {0: stdin, 1: out, 2: err}
        for r in cmd.redirs:
            if r.heredoc is not None:
                doc = r.heredoc
                if doc.unterminated and self.dialect == "bash":
                    err.buf.append(messages.heredoc_at_eof(doc.delimiter, doc.line) + "\n")
                fds[r.fd] = encode(ex.heredoc(doc.body, doc.quoted))
                continue
            target = ex.single(r.target)
            if r.op == "<<<":
                fds[r.fd] = encode(target + "\n")
            elif r.op in (">&", "<&") and (target.isdigit() or target == "-"):
                fd = int(target) if target.isdigit() else -1
                if r.fd != 0 and fd != 0:
                    fds[r.fd] = fds.get(fd, Sink()) if fd > 0 else Sink()
            elif r.op in ("<", "<>") and r.fd == 0:
                fds[0] = self._read(target)
            elif r.op in ("&>", "&>>", ">&"):
                fds[1] = fds[2] = self._open(target, r.op == "&>>")
            else:
                fds[r.fd] = self._open(target, r.op == ">>")
        return fds

    def flush(self, fds: dict) -> OSError | None:
        """Write what the command sent to files (appending: the file was created or truncated when opened).

        Returns the first write error (``ENOSPC`` on a full tmpfs): the program would have seen it.
        """
        failed = None
        for fd, sink in fds.items():
            if fd and sink.path and sink.buf:
                data, sink.buf[:] = sink.content(), []
                try:
                    self.fs.write(sink.path, data, append=True)
                except OSError as exc:
                    failed = failed or exc
        return failed

    def _read(self, target: str) -> bytes | Blob:
        """``< FILE``: its content, left lazy when large (``wc -c < big`` reads nothing)."""
        try:
            content = self.fs.blob(paths.join(self.cwd, target))
            return content if content.size > SMALL else content.read()
        except OSError as exc:
            raise RedirectError(messages.redirect_error(target, exc.errno, True, self.dialect, self.line,
                                                        self.name)) from exc

    def _open(self, target: str, append: bool) -> Sink:
        path = paths.join(self.cwd, target)
        try:
            if self.fs.isdir(path):
                raise OSError(errno.EISDIR, os.strerror(errno.EISDIR), path)
            self.fs.write(path, b"", append=append)  # open(O_CREAT|O_TRUNC or O_APPEND): created, emptied, or kept
        except OSError as exc:
            raise RedirectError(messages.redirect_error(target, exc.errno, False, self.dialect, self.line,
                                                        self.name)) from exc
        return Sink(path=path)
