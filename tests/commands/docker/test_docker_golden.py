"""The simulated client prints exactly what the real docker 28 client printed (see record_docker_golden.py).

The real client had no daemon to ask, so every case is decided on the client's side: the handlers are registered,
and must answer without an engine behind them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import storagekit.commands.docker.handlers  # noqa: F401  (registers the handlers)
from tests.commands.docker.dockercli_helpers import docker
from tests.commands.golden import parse

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.txt"))


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_matches_real_client(path: Path) -> None:
    argv, rc, out, err = parse(path.read_text())
    got = docker(*argv)
    assert (got.out, got.err, got.rc) == (out, err, rc)
