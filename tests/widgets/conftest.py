"""Helpers for driving labs without a browser: count what a widget sends, press Enter in a text box."""

from __future__ import annotations

import pytest


class Sent:
    """The state updates one widget sends to the front end (its comm messages), by trait."""

    def __init__(self, widget) -> None:
        self.messages: list[dict] = []
        send = widget.comm.send

        def counting(data=None, *args, **kwargs):
            self.messages.append(data)
            return send(data, *args, **kwargs)

        widget.comm.send = counting

    def updates(self, trait: str) -> int:
        return sum(1 for m in self.messages if m.get("method") == "update" and trait in m.get("state", {}))


@pytest.fixture
def sent():
    return Sent


def press_enter(text) -> None:
    """What the front end sends when Enter is pressed in a Text widget."""
    text._handle_custom_msg({"event": "submit"}, [])
