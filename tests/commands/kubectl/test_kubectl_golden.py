"""The simulated kubectl prints exactly what the real kubectl v1.33 printed (see record_kubectl_golden.py).

Every recorded case is one the real client answered by itself, with no API
server: help texts, parse errors and the checks it makes before sending
anything. The simulator runs each against a fresh kind cluster.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import storagekit as sk
from storagekit.commands.kubectl import kubectl_program
from storagekit.commands.shell.context import ProcessContext
from tests.commands.golden import parse

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.txt"))


def kubectl(*argv: str) -> tuple[int, str, str]:
    """Run the simulated kubectl at the workstation, as its shell would, without the shell's quoting."""
    cluster = sk.Cluster.kind()
    ctx = ProcessContext(cluster.fs, "/root", {"HOME": "/root", "PATH": "/usr/bin:/bin"},
                         clock=lambda: cluster.clock.now)
    rc = kubectl_program(cluster, ctx, ["kubectl", *argv])
    return rc, "".join(ctx.stdout), "".join(ctx.stderr)


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_matches_real_client(path: Path) -> None:
    argv, rc, out, err = parse(path.read_text())
    assert kubectl(*argv) == (rc, out, err)
