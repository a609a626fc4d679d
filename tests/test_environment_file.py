"""environment.yml is generated from pyproject.toml: check that it is current.

The command is the one in the Makefile (variable P2C_CMD), so the two cannot drift.
"""

from __future__ import annotations

import difflib
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def regeneration_command() -> list[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^P2C_CMD\s*:=\s*((?:.*\\\n)*.*)$", makefile, flags=re.MULTILINE)
    assert match, "Makefile has no P2C_CMD := ... line"
    return shlex.split(match.group(1).replace("\\\n", " "))


def test_environment_yml_matches_pyproject() -> None:
    command = regeneration_command()
    # the tool sits next to the interpreter when the venv is not on PATH (pytest run directly)
    found = shutil.which(command[0]) or shutil.which(command[0], path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip(f"{command[0]} is not installed (it comes with the [test] extra)")
    command[0] = found
    generated = subprocess.run(
        command, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    committed = (ROOT / "environment.yml").read_text(encoding="utf-8")
    if generated != committed:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                generated.splitlines(keepends=True),
                "environment.yml (committed)",
                "environment.yml (from pyproject.toml)",
            )
        )
        pytest.fail(f"environment.yml is stale: run make environment.yml\n{diff}", pytrace=False)
