"""Which program a container's command ends up running (through ``sh -c`` and entrypoint scripts)."""

from __future__ import annotations

import pytest

from storagekit.fs import Dir, FileSystem
from storagekit.fs.mounts import Mount, MountNamespace
from storagekit.runc.servers import DAEMONS, main_program, split_setup, start_daemon


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


def _nginx_root(read_only: bool, writable: tuple[str, ...] = ()):
    image = FileSystem(Dir())
    for d in ("/run", "/var/cache/nginx", "/etc/nginx/conf.d"):
        image.mkdir(d, parents=True)
    image.write("/etc/nginx/conf.d/default.conf", b"server {\n}\n")
    if not read_only:
        return FileSystem(Dir(), [image.upper])
    root = FileSystem(None, [image.upper])
    return MountNamespace(root, [Mount(path, FileSystem(Dir()), "/", kind="tmpfs") for path in writable])


@pytest.mark.parametrize(("read_only", "writable", "code", "last"), [
    (False, (), None, "/docker-entrypoint.sh: Configuration complete; ready for start up"),
    (True, (), 1, 'nginx: [emerg] mkdir() "/var/cache/nginx/client_temp" failed (30: Read-only file system)'),
    (True, ("/var/cache/nginx",), 1, 'nginx: [emerg] open() "/run/nginx.pid" failed (30: Read-only file system)'),
    (True, ("/var/cache/nginx", "/run"), None, "/docker-entrypoint.sh: Configuration complete; ready for start up"),
])
def test_nginx_on_a_read_only_root_says_what_it_could_not_write(read_only, writable, code, last):
    status, lines = start_daemon("c1", DAEMONS["nginx"], _nginx_root(read_only, writable), {}, "2026-01-05T09:00:00Z")
    assert status == code and lines[-1][1] == last
    said = [text for _, text in lines]
    assert (DAEMONS["nginx"].edit_refused in said) == read_only
