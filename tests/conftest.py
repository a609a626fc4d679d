"""Shared pytest set-up: skip marked tests whose requirements this machine lacks.

Markers are declared in pyproject.toml ([tool.pytest.ini_options]):
    kernel  needs root and a working ``mount -t overlay``
    exe     needs the Graphviz ``dot`` program on PATH
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile

import pytest


@functools.cache
def overlay_mount_problem() -> str | None:
    """Why a real overlay mount cannot be made here, or None if it can."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root"
    if shutil.which("mount") is None or shutil.which("umount") is None:
        return "needs mount and umount"
    with tempfile.TemporaryDirectory(prefix="storagekit-overlay-probe-") as tmp:
        dirs = {name: os.path.join(tmp, name) for name in ("lower", "upper", "work", "merged")}
        for path in dirs.values():
            os.mkdir(path)
        options = "lowerdir={lower},upperdir={upper},workdir={work}".format(**dirs)
        mounted = subprocess.run(
            ["mount", "-t", "overlay", "overlay", "-o", options, dirs["merged"]],
            capture_output=True,
            text=True,
        )
        if mounted.returncode != 0:
            return "mount -t overlay failed: " + (mounted.stderr.strip() or f"exit {mounted.returncode}")
        subprocess.run(["umount", dirs["merged"]], check=True)
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("exe") and shutil.which("dot") is None:
        pytest.skip("needs the Graphviz dot program on PATH (run `make setup`)")
    if item.get_closest_marker("kernel"):
        problem = overlay_mount_problem()
        if problem:
            pytest.skip(f"kernel test: {problem}")
