"""Go's ``text/tabwriter``: elastic tabstops, as docker and kubectl align their tables.

Cells are terminated by ``\\t`` (or ``\\v``, a soft tab); tab-terminated cells
in adjacent lines form a column whose width is the widest cell plus padding,
at least ``minwidth``. The last cell of a line is not part of a column, so it
is never padded. This is a transcription of the algorithm (the recursive
``format`` over column blocks), not an approximation, because column widths
depend on later lines in ways that simple "pad to the widest" code gets wrong.

docker uses a fork that measures cells in terminal columns (East Asian wide
characters count two); pass ``width=display_width`` for that. Go's own
tabwriter counts runes, the default here. Text is ``str``, so the escape
character (Go's byte ``0xff``, which cannot occur in UTF-8) is the
non-character ``U+FFFF``.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Callable

__all__ = [
    "ALIGN_RIGHT", "DEBUG", "DISCARD_EMPTY_COLUMNS", "ESCAPE", "FILTER_HTML", "STRIP_ESCAPE",
    "TAB_INDENT", "TabWriter", "display_width",
]

FILTER_HTML, STRIP_ESCAPE, ALIGN_RIGHT, DISCARD_EMPTY_COLUMNS, TAB_INDENT, DEBUG = (1 << i for i in range(6))
ESCAPE = "\uffff"


def display_width(text: str) -> int:
    """Terminal columns, as go-runewidth counts them: wide CJK is 2, combining marks 0."""
    total = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


class _Cell:
    __slots__ = ("htab", "size", "width")

    def __init__(self, size: int = 0, width: int = 0, htab: bool = False):
        self.size, self.width, self.htab = size, width, htab


class TabWriter:
    """A write filter: :meth:`write` text in any pieces, then :meth:`flush` for the aligned result.

    Parameters are Go's: ``minwidth`` (minimal cell width including padding),
    ``tabwidth`` (width of a tab when padding with tabs), ``padding`` (added
    to each cell width), ``padchar`` and ``flags``.
    """

    def __init__(self, minwidth: int, tabwidth: int, padding: int, padchar: str = " ",
                 flags: int = 0, width: Callable[[str], int] = len):
        if minwidth < 0 or tabwidth < 0 or padding < 0:
            raise ValueError("negative minwidth, tabwidth, or padding")
        self.minwidth, self.tabwidth, self.padding = minwidth, tabwidth, padding
        self.padchar = padchar
        self.flags = flags & ~ALIGN_RIGHT if padchar == "\t" else flags
        self.measure = width
        self.output: list[str] = []
        self._reset()

    # -- state
    def _reset(self) -> None:
        self.buf = ""              # text of complete and incomplete cells, tabs removed
        self.pos = 0               # buffer position up to which cell.width is computed
        self.cell = _Cell()
        self.end_char = ""         # terminator of the escaped section we are in, if any
        self.lines: list[list[_Cell]] = [[]]
        self.widths: list[int] = []

    def _append(self, text: str) -> None:
        self.buf += text
        self.cell.size += len(text)

    def _update_width(self) -> None:
        self.cell.width += self.measure(self.buf[self.pos:])
        self.pos = len(self.buf)

    def _terminate_cell(self, htab: bool) -> int:
        self.cell.htab = htab
        self.lines[-1].append(self.cell)
        self.cell = _Cell()
        return len(self.lines[-1])

    def _start_escape(self, ch: str) -> None:
        self.end_char = {ESCAPE: ESCAPE, "<": ">", "&": ";"}[ch]

    def _end_escape(self) -> None:
        if self.end_char == ESCAPE:
            self._update_width()
            if not self.flags & STRIP_ESCAPE:
                self.cell.width -= 2  # the Escape characters take no room
        elif self.end_char == ";":
            self.cell.width += 1  # an entity counts as one character
        self.pos = len(self.buf)
        self.end_char = ""

    # -- output
    def _write_padding(self, textw: int, cellw: int, use_tabs: bool) -> None:
        if self.padchar == "\t" or use_tabs:
            if self.tabwidth == 0:
                return
            cellw = (cellw + self.tabwidth - 1) // self.tabwidth * self.tabwidth
            n = cellw - textw
            self.output.append("\t" * ((n + self.tabwidth - 1) // self.tabwidth))
            return
        self.output.append(self.padchar * (cellw - textw))

    def _write_lines(self, text: str, pos: int, line0: int, line1: int) -> int:
        for i in range(line0, line1):
            line = self.lines[i]
            use_tabs = bool(self.flags & TAB_INDENT)
            for j, c in enumerate(line):
                if j > 0 and self.flags & DEBUG:
                    self.output.append("|")
                if c.size == 0:
                    if j < len(self.widths):
                        self._write_padding(c.width, self.widths[j], use_tabs)
                    continue
                use_tabs = False
                if self.flags & ALIGN_RIGHT:
                    if j < len(self.widths):
                        self._write_padding(c.width, self.widths[j], False)
                    self.output.append(text[pos:pos + c.size])
                else:
                    self.output.append(text[pos:pos + c.size])
                    if j < len(self.widths):
                        self._write_padding(c.width, self.widths[j], False)
                pos += c.size
            if i + 1 == len(self.lines):
                # The last buffered line has no newline: write the pending cell as is.
                self.output.append(text[pos:pos + self.cell.size])
                pos += self.cell.size
            else:
                self.output.append("\n")
        return pos

    def _format(self, text: str, pos: int, line0: int, line1: int) -> int:
        column = len(self.widths)
        this = line0
        while this < line1:
            line = self.lines[this]
            if column >= len(line) - 1:
                this += 1
                continue
            # This line has a cell in this column: print what precedes the block.
            pos = self._write_lines(text, pos, line0, this)
            line0 = this
            width = self.minwidth
            discardable = True
            while this < line1:
                line = self.lines[this]
                if column >= len(line) - 1:
                    break
                c = line[column]
                width = max(width, c.width + self.padding)
                if c.width > 0 or c.htab:
                    discardable = False
                this += 1
            if discardable and self.flags & DISCARD_EMPTY_COLUMNS:
                width = 0
            self.widths.append(width)
            pos = self._format(text, pos, line0, this)
            self.widths.pop()
            line0 = this
        return self._write_lines(text, pos, line0, line1)

    def _flush_internal(self) -> None:
        if self.cell.size > 0:
            if self.end_char:
                self._end_escape()
            self._terminate_cell(False)
        self._format(self.buf, 0, 0, len(self.lines))
        self._reset()

    # -- public API
    def write(self, data: str) -> None:
        """Feed text; complete lines may be formatted and emitted early, as Go does."""
        n = 0
        for i, ch in enumerate(data):
            if not self.end_char:
                if ch in "\t\v\n\f":
                    self._append(data[n:i])
                    self._update_width()
                    n = i + 1
                    ncells = self._terminate_cell(ch == "\t")
                    if ch in "\n\f":
                        self.lines.append([])
                        if ch == "\f" or ncells == 1:
                            # A one-cell line cannot affect the columns below it.
                            self._flush_internal()
                            if ch == "\f" and self.flags & DEBUG:
                                self.output.append("---\n")
                elif ch == ESCAPE:
                    self._append(data[n:i])
                    self._update_width()
                    n = i + 1 if self.flags & STRIP_ESCAPE else i
                    self._start_escape(ch)
                elif ch in "<&" and self.flags & FILTER_HTML:
                    self._append(data[n:i])
                    self._update_width()
                    n = i
                    self._start_escape(ch)
            elif ch == self.end_char:
                j = i if ch == ESCAPE and self.flags & STRIP_ESCAPE else i + 1
                self._append(data[n:j])
                n = i + 1
                self._end_escape()
        self._append(data[n:])

    def flush(self) -> str:
        """Format everything buffered and return all output produced since the last flush."""
        self._flush_internal()
        result = "".join(self.output)
        self.output = []
        return result
