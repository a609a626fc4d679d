"""Go's ``%q``: how docker, kubectl and the daemon quote a string, a rune or a list in their messages.

Both engines' errors and both CLIs quote values as Go's ``strconv.Quote`` does,
so there is one implementation for all of them.

>>> go_quote('say "hi"\\n'), go_quote_rune("'"), go_quote_list(["flask", "run"])
('"say \\\\"hi\\\\"\\\\n"', "'\\\\''", '["flask" "run"]')
"""

from __future__ import annotations

_SHORT_ESCAPES = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v"}


def _escape(ch: str, quote: str) -> str:
    code = ord(ch)
    if ch == quote or ch == "\\":
        return "\\" + ch
    if ch.isprintable():
        return ch
    if ch in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[ch]
    if code < 0x20 or code == 0x7F:
        return f"\\x{code:02x}"
    if 0xD800 <= code <= 0xDFFF:
        return "\\ufffd"  # not a character Go could hold: it decodes to the replacement rune
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def go_quote(s: str, limit: int | None = None) -> str:
    """``strconv.Quote`` (``%q``); ``limit`` truncates to that many runes first (``%.Nq``)."""
    if limit is not None:
        s = s[:limit]
    return '"' + "".join(_escape(ch, '"') for ch in s) + '"'


def go_quote_rune(c: str) -> str:
    """``%q`` of one character, as pflag prints an unknown shorthand letter."""
    return "'" + _escape(c, "'") + "'"


def go_quote_list(items: list[str]) -> str:
    """``%q`` of a string slice: ``["flask" "run"]``."""
    return "[" + " ".join(go_quote(i) for i in items) + "]"
