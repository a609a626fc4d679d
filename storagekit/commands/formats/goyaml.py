"""YAML as ``kubectl -o yaml`` writes it: sigs.k8s.io/yaml, which turns the object into JSON, reads that back
with go-yaml v2 and writes it with go-yaml v2's emitter (emitterc.go, a port of libyaml's).

What the emitter does, and this module with it:

* block style, two-space indents, a sequence under a mapping key not indented
  (``key:\\n- item``), empty collections as ``{}`` and ``[]``, keys in go-yaml's
  order (:func:`.goresolve.key_order`);
* a string is plain unless it would read back as something else (``"10"``,
  ``"yes"``: double-quoted, :func:`.goresolve.stays_plain`) or YAML's syntax
  forbids it plain (``'a: b'``, ``'- x'``, ``' lead'``: single-quoted); what
  single quotes cannot hold (tabs, other control characters, characters beyond
  U+FFFF, a space next to a line break) is double-quoted with escapes;
* a string with a line feed is a literal block (``|``, ``|-``, ``|+``, ``|2-``
  when it starts with a space), unless it ends with a space or holds one of the
  characters above;
* long plain and quoted strings are folded at a space once the line is past
  80 columns, continuing two columns deeper than their key; keys never fold,
  and a key over 128 bytes or with a line break is written ``? key`` / ``: value``.

The trip through JSON shows too: numbers come back as go-yaml reads them
(:func:`.goresolve.number_text`), and a raw NEL (U+0085) in a JSON string is a
line break to go-yaml's scanner, folded as YAML folds a quoted scalar.
"""

from __future__ import annotations

import json
import re

from .gofmt import go_json
from .goresolve import key_order, number_text, stays_plain

BEST_WIDTH = 80
"""go-yaml v2's ``best_width``: a scalar folds at the first space past this column."""

_BREAKS = "\r\n\x85\u2028\u2029"
_ESCAPES = {"\0": "0", "\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r", "\x1b": "e",
            '"': '"', "\\": "\\", "\x85": "N", "\xa0": "_", "\u2028": "L", "\u2029": "P"}
_UNREADABLE = re.compile("[\x7f-\x84\x86-\x9f\ufffe\uffff]")
"""Characters ``encoding/json`` leaves raw that go-yaml's reader refuses (it takes only YAML's printable set)."""
_NEL_RUN = re.compile(" *\x85[ \x85]*")


class YAMLError(ValueError):
    """The object cannot make the trip: kubectl prints ``error: MESSAGE`` and nothing else."""


class _Plain(str):
    """A number, boolean or null, written as it is."""


def dump(value) -> str:
    """One document, as kubectl prints it (no leading ``---``); :class:`YAMLError` where kubectl fails."""
    if any(_UNREADABLE.search(s) for s in _strings(value)):
        # go-yaml's reader checks the text in 512-byte chunks, ahead of the scanner: within a chunk its refusal
        # comes before the scanner's and parser's (see _Decoder); it is taken to come first in any object
        raise YAMLError("yaml: control characters are not allowed")
    emitter = _Emitter()
    emitter.node(_Decoder().value(value), -1)
    emitter.write_indent(-1)
    return "".join(emitter.out)


class _Decoder:
    """What go-yaml reads back from the JSON text of a value, and where it gives up. It meets the text in
    ``encoding/json``'s order (keys sorted), in which only a raw NEL starts a new line."""

    def __init__(self) -> None:
        self.nels = 0

    def value(self, value):
        if isinstance(value, dict):
            keys = {k if isinstance(k, str) else json.dumps(k): k for k in value}  # JSON's keys are strings
            decoded = {}
            for k in sorted(keys):
                key = self.string(k)
                if "\x85" in k or len(go_json(k)) > 1024:  # a flow key must fit on a line, and in 1024 characters
                    raise YAMLError(f"yaml: {f'line {self.nels}: ' if self.nels else ''}"
                                    "did not find expected ',' or '}'")
                decoded[key] = self.value(value[keys[k]])
            return decoded
        if isinstance(value, (list, tuple)):
            return [self.value(v) for v in value]
        if isinstance(value, str):
            return self.string(value)
        if value is None or isinstance(value, bool):
            return _Plain(_scalar_word(value))
        return _Plain(number_text(value))

    def string(self, s: str) -> str:
        """The string a double-quoted JSON string reads as: a run of spaces and NELs folds to one space, or to
        one line feed fewer than it has NELs; a line that then starts with ``---`` or ``...`` ends the document."""
        for m in _NEL_RUN.finditer(s):
            self.nels += m.group().count("\x85")
            after = s[m.end():m.end() + 4]
            if m.group().endswith("\x85") and after[:3] in ("---", "...") and after[3:] in (" ", "\x85"):
                raise YAMLError(f"yaml: line {self.nels + 1}: found unexpected document indicator")
        return _NEL_RUN.sub(lambda m: "\n" * (m.group().count("\x85") - 1) or " ", s)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def _scalar_word(value) -> str:
    return "null" if value is None else ("true" if value else "false")


class _Scalar:
    """emitterc.go's ``yaml_emitter_analyze_scalar``: which styles can carry the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.multiline = any(c in _BREAKS for c in text)
        self.block_plain = self.single_quoted = self.block = True
        if not text:
            self.block = False
            return
        indicators = text.startswith(("---", "..."))
        special = space_break = break_space = False
        previous = ""  # "space", "break" or ""
        for i, c in enumerate(text):
            followed_by_blank = i + 1 == len(text) or text[i + 1] in " \t"
            if i == 0:
                indicators |= c in "#,[]{}&*!|>'\"%@`" or (c in "?:-" and followed_by_blank)
            else:
                indicators |= (c == ":" and followed_by_blank) or (c == "#" and text[i - 1] in " \t\0" + _BREAKS)
            special |= not _printable(c)
            if c == " ":
                break_space |= previous == "break"
                previous = "space"
            elif c in _BREAKS:
                space_break |= previous == "space"
                previous = "break"
            else:
                previous = ""
        edges = text[0] in " " + _BREAKS or text[-1] in " " + _BREAKS
        if edges or self.multiline or indicators:
            self.block_plain = False
        if text[-1] == " ":
            self.block = False
        if break_space or space_break or special:
            self.block_plain = self.single_quoted = False
        if space_break or special:
            self.block = False

    def style(self, wanted: str, simple_key: bool) -> str:
        """``yaml_emitter_select_scalar_style`` for a block context: the wanted style, or the next that fits."""
        if wanted == "plain" and (not self.block_plain or (simple_key and not self.text)):
            wanted = "single"
        if wanted == "single" and not self.single_quoted:
            wanted = "double"
        if wanted == "literal" and (not self.block or simple_key):
            wanted = "double"
        return wanted


def _printable(c: str) -> bool:
    """go-yaml's ``is_printable``, which takes nothing beyond U+FFFF (emoji are escaped)."""
    o = ord(c)
    return o == 0x0A or 0x20 <= o <= 0x7E or 0xA0 <= o <= 0xD7FF or (0xE000 <= o <= 0xFFFD and o != 0xFEFF)


class _Emitter:
    """The emitter's output and the state its writers consult: column, and whether the last thing written
    was white space or indentation."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.column = 0
        self.whitespace = self.indention = True

    def put(self, text: str) -> None:
        self.out.append(text)
        self.column += len(text)

    def put_break(self, char: str = "\n") -> None:
        self.out.append(char)
        self.column = 0

    def write_indent(self, indent: int) -> None:
        indent = max(indent, 0)
        if not self.indention or self.column > indent or (self.column == indent and not self.whitespace):
            self.put_break()
        self.put(" " * (indent - self.column))
        self.whitespace = self.indention = True

    def indicator(self, text: str, need_whitespace: bool, is_whitespace=False, is_indention=False) -> None:
        if need_whitespace and not self.whitespace:
            self.put(" ")
        self.put(text)
        self.whitespace = is_whitespace
        self.indention = self.indention and is_indention

    # ---------------------------------------------------------------- nodes

    def node(self, value, indent: int, in_mapping: bool = False) -> None:
        if isinstance(value, dict) and value:
            self.mapping(value, 0 if indent < 0 else indent + 2)
        elif isinstance(value, list) and value:
            indentless = in_mapping and not self.indention
            self.sequence(value, 0 if indent < 0 else indent + (0 if indentless else 2))
        elif isinstance(value, (dict, list)):
            self.indicator("{" if isinstance(value, dict) else "[", True, True)
            self.indicator("}" if isinstance(value, dict) else "]", False)
        else:
            self.scalar(_Scalar(value), indent, simple_key=False)

    def sequence(self, items: list, indent: int) -> None:
        for item in items:
            self.write_indent(indent)
            self.indicator("-", True, False, True)
            self.node(item, indent)

    def mapping(self, items: dict, indent: int) -> None:
        for key in key_order(items):
            self.write_indent(indent)
            scalar = _Scalar(key)
            if not scalar.multiline and len(key.encode()) <= 128:
                self.scalar(scalar, indent, simple_key=True)
                self.indicator(":", False)
            else:
                self.indicator("?", True, False, True)
                self.scalar(scalar, indent, simple_key=False)
                self.write_indent(indent)
                self.indicator(":", True, False, True)
            self.node(items[key], indent, in_mapping=True)

    def scalar(self, scalar: _Scalar, indent: int, simple_key: bool) -> None:
        text = scalar.text
        wanted = "plain" if isinstance(text, _Plain) else \
            "literal" if "\n" in text else "plain" if stays_plain(text) else "double"
        style = scalar.style(wanted, simple_key)
        indent = 2 if indent < 0 else indent + 2  # where a folded or block scalar's lines continue
        if style == "literal":
            self.literal(text, indent)
        else:
            getattr(self, style)(text, indent, not simple_key)
            self.whitespace = self.indention = False

    # ---------------------------------------------------------------- scalar writers

    def plain(self, text: str, indent: int, fold: bool) -> None:
        """Plain text never holds a line break, nor a space at either end."""
        if not self.whitespace:
            self.put(" ")
        self.indention = spaces = False
        for i, c in enumerate(text):
            if c == " " and fold and not spaces and self.column > BEST_WIDTH and text[i + 1] != " ":
                self.write_indent(indent)
            else:
                self.put(c)
            spaces = c == " "

    def single(self, text: str, indent: int, fold: bool) -> None:
        """Single quotes never hold a line feed (that text is a literal block or double-quoted); the other
        breaks (U+2028, U+2029) are written as they are, and the next line indented."""
        self.indicator("'", True)
        spaces = breaks = False
        for i, c in enumerate(text):
            if c == " ":
                if fold and not spaces and self.column > BEST_WIDTH and 0 < i < len(text) - 1 and text[i + 1] != " ":
                    self.write_indent(indent)
                else:
                    self.put(c)
                spaces = True
            elif c in _BREAKS:
                self.put_break(c)
                self.indention = breaks = True
            else:
                if breaks:
                    self.write_indent(indent)
                self.put("''" if c == "'" else c)
                self.indention = spaces = breaks = False
        self.indicator("'", False)

    def double(self, text: str, indent: int, fold: bool) -> None:
        """Escapes for what is not printable, breaks, ``"`` and ``\\`` (for every character when the text
        starts with a byte order mark: go-yaml looks for it at the start whatever the position)."""
        self.indicator('"', True)
        bom = text.startswith("\ufeff")
        spaces = False
        for i, c in enumerate(text):
            if bom or not _printable(c) or c in _BREAKS or c in '"\\':
                self.put("\\" + _escape(c))
                spaces = False
            elif c == " ":
                if fold and not spaces and self.column > BEST_WIDTH and 0 < i < len(text) - 1:
                    self.write_indent(indent)
                    if text[i + 1] == " ":
                        self.put("\\")  # a space starting a continuation line would be dropped
                else:
                    self.put(c)
                spaces = True
            else:
                self.put(c)
                spaces = False
        self.indicator('"', False)

    def literal(self, text: str, indent: int) -> None:
        """``|``, with ``2`` when the text starts with a space or break, and ``-`` (no final break) or ``+``
        (more than one) to say how it ends."""
        self.indicator("|", True)
        if text[0] in " " + _BREAKS:
            self.indicator("2", False)
        if text[-1] not in _BREAKS:
            self.indicator("-", False)
        elif len(text) == 1 or text[-2] in _BREAKS:
            self.indicator("+", False)
        self.put_break()
        self.indention = self.whitespace = breaks = True
        for c in text:
            if c in _BREAKS:
                self.put_break(c)
                self.indention = breaks = True
            else:
                if breaks:
                    self.write_indent(indent)
                self.put(c)
                self.indention = breaks = False


def _escape(c: str) -> str:
    o = ord(c)
    return _ESCAPES.get(c) or (f"x{o:02X}" if o <= 0xFF else f"u{o:04X}" if o <= 0xFFFF else f"U{o:08X}")
