"""The golden-transcript files both client recorders write and both golden tests read.

One file a case, named after its command line: ``argv: [...]``, ``exit: N``, then
stdout and stderr exactly as the real client printed them.
"""

from __future__ import annotations

import json
import re


def filename(argv: list[str]) -> str:
    name = "_".join(argv) or "NOARGS"
    name = re.sub(r"[^A-Za-z0-9_.=-]", lambda m: f"%{ord(m.group(0)):02x}", name)
    return name + ".txt"


def render(argv: list[str], rc: int, out: str, err: str) -> str:
    return f"argv: {json.dumps(argv)}\nexit: {rc}\n--- stdout\n{out}--- stderr\n{err}"


def parse(text: str) -> tuple[list[str], int, str, str]:
    head, rest = text.split("\n--- stdout\n", 1)
    out, err = rest.split("--- stderr\n", 1)
    argv_line, exit_line = head.split("\n")
    return json.loads(argv_line[len("argv: "):]), int(exit_line[len("exit: "):]), out, err
