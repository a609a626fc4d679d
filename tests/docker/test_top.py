"""The engine's ``ContainerTop`` (moby ``daemon/top_unix.go``) and the host pids behind it.

moby's words matched here: ``container <id> is not running`` (``errNotRunning``, a
409), ``Container <id> is restarting, wait until the container is running``
(``errContainerIsRestarting``) and ``specifying "<key>=<value>" is not allowed``
(``validatePSArgs``, checked before the container is looked up).
"""

from __future__ import annotations

import pytest

from storagekit import DockerHost
from storagekit.docker import top
from storagekit.docker.errors import Conflict, ContainerNotRunning, NoSuchContainer, System
from storagekit.sim.errors import NotSimulated

DAY = 86400
NOW = 1767603601  # 2026-01-05T09:00:01Z


@pytest.mark.parametrize("started,now,stime", [
    (NOW, NOW, "09:00"),
    (NOW - 3600, NOW, "08:00"),
    (NOW - DAY, NOW, "Jan04"),
    (NOW - 3 * DAY, NOW, "Jan02"),
    (NOW - 10 * DAY, NOW, "2025"),
    (NOW - 10 * DAY, NOW + 400 * DAY, "2025"),
])
def test_start_time_as_procps_prints_stime(started, now, stime):
    assert top.start_time(started, now) == stime


@pytest.mark.parametrize("uid,column", [(0, "root"), (65534, "nobody"), (101, "101"), (7, "systemd+")])
def test_user_column_names_the_host_user(uid, column):
    names = {0: "root", 65534: "nobody", 7: "systemd-resolve"}
    assert top.user_column(names, uid) == column


@pytest.fixture
def host():
    h = DockerHost()
    assert h.sh("docker run -d --name web nginx").code == 0
    assert h.sh("docker run -d -t --name sleeper -u 1000 busybox sleep 1000").code == 0
    assert h.sh("docker run --name done busybox true").code == 0
    return h


def test_each_start_forks_a_shim_then_the_main_process(host):
    web, sleeper, done = (host.engine.containers.resolve(n) for n in ("web", "sleeper", "done"))
    assert (web.shim_pid, web.pid, sleeper.shim_pid, sleeper.pid) == (1001, 1002, 1003, 1004)
    assert done.pid == 0 and host.engine.last_pid == 1006
    assert host.sh("docker inspect -f '{{.State.Pid}}' web sleeper done").out == "1002\n1004\n0\n"
    host.sh("docker restart sleeper")
    assert host.sh("docker inspect -f '{{.State.Pid}}' sleeper").out == "1008\n"


def test_ps_lines_of_the_main_process(host):
    full = top.container_top(host.engine, "web")
    assert full == top.TopResponse(top.FULL_TITLES, [["root", "1002", "1001", "0", "09:00", "?", "00:00:00",
                                                      "nginx -g daemon off;"]])
    assert top.container_top(host.engine, "sleeper", "-e -f").processes == [
        ["1000", "1004", "1003", "0", "09:00", "pts/0", "00:00:00", "sleep 1000"]]
    assert top.container_top(host.engine, "sleeper", "-A") == top.TopResponse(
        top.SHORT_TITLES, [["1004", "pts/0", "00:00:00", "sleep"]])


@pytest.mark.parametrize("name,ps_args,error,words", [
    ("done", "", ContainerNotRunning, "container {id} is not running"),
    ("nope", "", NoSuchContainer, "No such container: nope"),
    ("nope", "-o user=PID", System, 'specifying "user=PID" is not allowed'),
    ("web", "-o pid=PID", NotSimulated, None),
    ("web", "aux", NotSimulated, None),
])
def test_refusals(host, name, ps_args, error, words):
    with pytest.raises(error) as caught:
        top.container_top(host.engine, name, ps_args)
    if words:
        ident = host.engine.containers.resolve("done").id
        assert str(caught.value) == words.format(id=ident)


def test_a_restarting_container_is_refused(host):
    c = host.engine.containers.resolve("web")
    c.state = "restarting"
    with pytest.raises(Conflict, match=f"^Container {c.id} is restarting, wait until the container is running$"):
        top.container_top(host.engine, "web")


def test_the_pid_counter_is_state(host):
    snap = host.snapshot()
    host.sh("docker restart web")
    host.restore(snap)
    assert host.engine.last_pid == 1006
    assert host.sh("docker restart web").code == 0
    assert host.sh("docker inspect -f '{{.State.Pid}}' web").out == "1008\n"
