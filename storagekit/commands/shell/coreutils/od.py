"""``od``: what is really in a file, byte by byte (``head -c 5 /dev/zero | od -c``). GNU's and BusyBox's are alike.

Sixteen bytes a line after the offset (octal, seven digits, unless ``-A``);
a run of lines equal to the one before is one ``*`` (unless ``-v``); the last
line is the offset where the input ended. ``-N`` and ``-j`` read a part, which
is the only way to read an endless device such as ``/dev/zero``.
"""

from __future__ import annotations

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.coreutils.common import UsageError, getopt, program, reason
from storagekit.commands.shell.coreutils.text import SUFFIXES

WIDTH = 16
DIGITS = {("o", 1): 3, ("o", 2): 6, ("o", 4): 11, ("x", 1): 2, ("x", 2): 4, ("x", 4): 8, ("u", 1): 3, ("u", 2): 5,
          ("u", 4): 10, ("d", 1): 4, ("d", 2): 6, ("d", 4): 11, ("c", 1): 3}
"""How many characters the widest value of each type takes; a field is one more."""
SHORTHANDS = {"b": ("o", 1), "c": ("c", 1), "d": ("u", 2), "o": ("o", 2), "x": ("x", 2)}
ESCAPES = {0: "\\0", 7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v"}
RADIX = {"o": ("o", 7), "d": ("d", 7), "x": ("x", 6), "n": ("", 0)}


def _type(spec: str) -> tuple[str, int]:
    kind, size = spec[:1], spec[1:] or ("1" if spec[:1] == "c" else "4" if spec[:1] in "doux" else "")
    if (kind, int(size) if size.isdigit() else 0) not in DIGITS:
        raise UsageError(f"invalid type string '{spec}'", try_help=False)
    return kind, int(size)


def _field(chunk: bytes, kind: str, size: int) -> str:
    if kind == "c":
        b = chunk[0]
        return ESCAPES.get(b, chr(b) if 32 <= b < 127 else f"{b:03o}")
    value = int.from_bytes(chunk.ljust(size, b"\0"), "little", signed=kind == "d")
    return format(value, {"o": f"0{DIGITS[kind, size]}o", "x": f"0{DIGITS[kind, size]}x"}.get(kind, "d"))


def _count(text: str) -> int:
    digits = text.rstrip("".join({c for s in SUFFIXES for c in s}))
    if not digits.isdigit() or text[len(digits):] not in SUFFIXES:
        raise UsageError(f"invalid argument '{text}'", try_help=False)
    return int(digits) * SUFFIXES[text[len(digits):]]


@program()
def od(ctx: ProcessContext, argv: list[str]) -> int:
    opts, operands = getopt(argv, "A:t:N:j:vbcdox", {"address-radix=": "A", "format=": "t", "read-bytes=": "N",
                                                      "skip-bytes=": "j", "output-duplicates": "v"})
    types = [SHORTHANDS[k] if k in SHORTHANDS else _type(v) for k, v in opts if k in SHORTHANDS or k == "t"]
    types = types or [("o", 2)]
    flags = dict(opts)
    if flags.get("A", "o") not in RADIX:
        raise UsageError(f"invalid output address radix '{flags['A']}'; it must be one character from [doxn]",
                         try_help=False)
    if len({size for _, size in types}) > 1:
        ctx.note("od with formats of different sizes at once is not simulated; give one -t at a time")
        return 1
    skip, limit = _count(flags.get("j", "0")), _count(flags["N"]) if "N" in flags else None
    data = b""
    status = 0
    for op in operands or ["-"]:
        try:
            data += ctx.stdin if op == "-" else ctx.fs.read(ctx.abspath(op), None if limit is None else skip + limit)
        except OSError as exc:
            ctx.err(f"od: {op}: {reason(exc)}\n")
            status = 1
    if skip > len(data):
        cannot = "can't" if ctx.dialect == "busybox" else "cannot"
        ctx.err(f"od: {cannot} skip past end of combined input\n")
        return 1
    data = data[skip:] if limit is None else data[skip:skip + limit]
    radix, digits = RADIX[flags.get("A", "o")]
    width = max(DIGITS[t] for t in types) + 1  # formats shown together line their fields up
    previous, starred = None, False
    for at in range(0, len(data), WIDTH):
        line = data[at:at + WIDTH]
        if line == previous and len(line) == WIDTH and "v" not in flags:
            if not starred:
                ctx.out("*\n")
                starred = True
            continue
        previous, starred = line, False
        for i, (kind, size) in enumerate(types):
            address = format(skip + at, f"0{digits}{radix}") if radix and not i else " " * digits
            fields = "".join(_field(line[j:j + size], kind, size).rjust(width) for j in range(0, len(line), size))
            ctx.out(address + fields + "\n")
    if radix:
        ctx.out(format(skip + len(data), f"0{digits}{radix}") + "\n")
    return status
