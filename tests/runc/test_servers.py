"""Which program a container's command ends up running (through ``sh -c`` and entrypoint scripts)."""

from __future__ import annotations

import pytest

from storagekit.runc.servers import main_program, split_setup


@pytest.mark.parametrize("argv, program", [
    (["nginx", "-g", "daemon off;"], ("nginx", ["-g", "daemon off;"])),
    (["sh", "-c", "exec nginx -g 'daemon off;'"], ("nginx", ["-g", "daemon off;"])),
    (["docker-entrypoint.sh", "mysqld"], ("mysqld", [])),
    (["/bin/sh", "-c", "A=1 sleep 5"], ("sleep", ["5"])),
])
def test_main_program(argv, program):
    assert main_program(argv) == program


@pytest.mark.parametrize("script, split", [
    ("echo hi > /x && sleep 3600", (["sh", "-c", "echo hi > /x "], "&&", ["sleep", "3600"])),
    ('echo "a;b" ; exec nginx -g "daemon off;"', (["sh", "-c", 'echo "a;b" '], ";", ["nginx", "-g", "daemon off;"])),
    ("mkdir -p /d\ntail -f /d/log", (["sh", "-c", "mkdir -p /d"], ";", ["tail", "-f", "/d/log"])),
    ("echo hi", None),
    ("echo 'x && y'", None),
    ("a && b &&", None),
    ("case $x in a) echo a;; esac", None),
])
def test_split_setup_finds_the_last_command_outside_quotes(script, split):
    assert split_setup(["sh", "-c", script]) == split
