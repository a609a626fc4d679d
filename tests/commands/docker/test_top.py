"""``docker top`` end to end: the client's table, and the daemon's refusals in the client's words.

The real 28.2.2 client, given ``{"Titles": [...], "Processes": [...]}`` by a daemon
for ``GET /v1.50/containers/web/top`` (``?ps_args=...`` only when options follow the
name), printed::

    UID                 PID                     PPID                C                   STIME   ...   CMD
    root                1002                    1001                0                   09:00   ...   nginx -g ...
    systemd-resolve     123456789012345678901   1                   0                   Jan05   ...   sleep 1000

(cells at least 20 wide, 3 more than the widest, CMD unpadded), and for a 409
``Error response from daemon: container abc is not running`` with status 1.
"""

from __future__ import annotations

import pytest

from storagekit import DockerHost


def _row(*cells: str) -> str:
    return "".join(cell.ljust(20) for cell in cells[:-1]) + cells[-1] + "\n"


@pytest.fixture(scope="module")
def host():
    h = DockerHost()
    assert h.sh("docker run -d --name web nginx").code == 0
    assert h.sh("docker run -d -t --name sleeper -u 1000 busybox sleep 1000").code == 0
    assert h.sh("docker run --name done busybox true").code == 0
    return h


@pytest.mark.parametrize("line,out", [
    ("docker top web", _row("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD")
     + _row("root", "1002", "1001", "0", "09:00", "?", "00:00:00", "nginx -g daemon off;")),
    ("docker container top sleeper -ef", _row("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD")
     + _row("1000", "1004", "1003", "0", "09:00", "pts/0", "00:00:00", "sleep 1000")),
    ("docker top sleeper -e", _row("PID", "TTY", "TIME", "CMD") + _row("1004", "pts/0", "00:00:00", "sleep")),
    ("docker top web ''", _row("UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD")
     + _row("root", "1002", "1001", "0", "09:00", "?", "00:00:00", "nginx -g daemon off;")),
])
def test_top_prints_the_ps_lines(host, line, out):
    r = host.sh(line)
    assert (r.code, r.out, r.err) == (0, out, "")


@pytest.mark.parametrize("line,err", [
    ("docker top done", "Error response from daemon: container {done} is not running\n"),
    ("docker top nope", "Error response from daemon: No such container: nope\n"),
    ("docker top nope -o user=PID", 'Error response from daemon: specifying "user=PID" is not allowed\n'),
    ("docker top", "docker: 'docker top' requires at least 1 argument\n\nUsage:  docker top CONTAINER [ps OPTIONS]\n"
                   "\nSee 'docker top --help' for more information\n"),
])
def test_refusals_in_the_clients_words(host, line, err):
    state = "docker inspect -f '{{.State.Status}} {{.State.Pid}}' web sleeper done"
    before = host.sh(state).out, host.engine.last_pid
    r = host.sh(line)
    assert (r.code, r.out, r.err) == (1, "", err.format(done=host.engine.containers.resolve("done").id))
    assert (host.sh(state).out, host.engine.last_pid) == before


def test_ps_options_beyond_ef_say_they_are_not_simulated(host):
    r = host.sh("docker top web aux")
    assert r.code != 0 and r.out == "" and r.err.startswith("[storagekit] ")
