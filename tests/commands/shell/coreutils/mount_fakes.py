"""A process's view of a mount table for the ``df`` and ``mount`` tests: recorded files, or the machine's own."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from storagekit.commands.shell.context import ProcessContext
from storagekit.fs.mounttable import StatFs

T = TypeVar("T")
RECORDED = Path(__file__).parents[3] / "runc" / "data"


class TableView:
    """What ``df`` and ``mount`` use of a file system: the mount files, ``statfs`` and ``st_dev``."""

    def __init__(self, files: dict[str, str], numbers: dict[str, StatFs] | None = None, real: bool = False) -> None:
        self.files, self.numbers, self.real = files, numbers or {}, real

    def read(self, path: str) -> bytes:
        if path in self.files:
            return self.files[path].encode()
        raise FileNotFoundError(2, "No such file or directory", path)

    def statfs(self, path: str) -> StatFs:
        if self.real:
            s = os.statvfs(path)
            return StatFs(s.f_blocks, s.f_bfree, s.f_bavail, s.f_frsize)
        return self.numbers.get(path, StatFs(0, 0, 0))

    def exists(self, path: str) -> bool:
        return os.path.exists(path) if self.real else True

    def realpath(self, path: str) -> str:
        return os.path.realpath(path) if self.real else path

    def device_of(self, path: str) -> str:
        if not self.real:
            return ""
        st = os.stat(path)
        return f"{os.major(st.st_dev)}:{os.minor(st.st_dev)}"


def run(program, fs: TableView, argv: list[str], dialect: str) -> tuple[int, str, str]:
    out: list[str] = []
    err: list[str] = []
    ctx = ProcessContext(fs, "/", {}, b"", dialect, lambda: 0, stdout=out, stderr=err)  # type: ignore[arg-type]
    code = program(ctx, argv)
    return code, "".join(out), "".join(err)


def recorded_df_numbers(name: str) -> dict[str, StatFs]:
    """``statfs`` numbers back from a recorded BusyBox ``df`` (1K blocks)."""
    numbers = {}
    for line in (RECORDED / name).read_text().splitlines()[1:]:
        f = line.split()
        total, used, avail = int(f[-5]), int(f[-4]), int(f[-3])
        numbers[f[-1]] = StatFs(total, total - used, avail, 1024)
    return numbers


def steady(real_tool: Callable[[], T], table: Path = Path("/proc/self/mountinfo")) -> tuple[str, T]:
    """The machine's mount table and a real tool's output made from that same table (read again until no mount
    came or went meanwhile)."""
    for _ in range(5):
        before = table.read_text()
        out = real_tool()
        if table.read_text() == before:
            return before, out
    raise AssertionError("the machine's mounts kept changing")
