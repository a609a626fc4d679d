"""Text that stands for bytes: what a Python string means to the shell, and how a terminal shows it."""

from __future__ import annotations

import pytest

from storagekit.commands.shell.redirect import encode, rendered, typed

# (text given from Python, the bytes it stands for, what a UTF-8 terminal shows)
TABLE = [
    ("abc", b"abc", "abc"),
    ("é", b"\xc3\xa9", "é"),
    ("a\udcffb", b"a\xffb", "a\ufffdb"),  # os.fsencode's escape of the byte FF
    ("\ud800", b"\xed\xa0\x80", "\ufffd\ufffd\ufffd"),  # a lone surrogate: its WTF-8 bytes
    ("\udfff\ud800x", b"\xed\xbf\xbf\xed\xa0\x80x", "\ufffd" * 6 + "x"),
]


@pytest.mark.parametrize(("text", "data", "shown"), TABLE)
def test_text_stands_for_bytes(text, data, shown):
    assert encode(typed(text)) == data
    assert rendered(typed(text)) == shown
    assert typed(typed(text)) == typed(text)
