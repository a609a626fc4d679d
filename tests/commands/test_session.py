"""On a terminal, docker run -it and docker exec -it open the container's shell at its own prompt until exit."""

from __future__ import annotations

import pytest

from storagekit import DockerHost


@pytest.fixture
def host() -> DockerHost:
    h = DockerHost()
    h.terminal = True
    for image in ("busybox", "debian"):
        h.sh(f"docker pull -q {image}")
    return h


def test_run_it_opens_the_containers_shell_and_exit_ends_the_container(host):
    r = host.sh("docker run -it --name box busybox")
    assert (r.code, r.out, r.err) == (0, "", "")
    session, host.attached = host.attached, None
    assert session.prompt() == "/ # "
    assert session.run("cd /tmp && echo hi > f").code == 0
    assert session.prompt() == "/tmp # "
    assert session.run("cat f").out == "hi\n"
    assert session.run("exit 3") is None
    assert host.sh("docker ps -a --format '{{.Names}} {{.Status}}'").out.startswith("box Exited (3)")


def test_exec_it_leaves_the_container_running(host):
    host.sh("docker run -d --name web debian sleep 1000")
    assert host.sh("docker exec -it web bash").code == 0
    session, host.attached = host.attached, None
    hostname = host.sh("docker inspect -f '{{.Config.Hostname}}' web").out.strip()
    assert session.prompt() == f"root@{hostname}:/# "
    assert session.run("ls /nope").code == 2
    assert session.run("exit") is None
    assert host.sh("docker inspect -f '{{.State.Status}}' web").out == "running\n"


@pytest.mark.parametrize("line", ["docker run -it busybox echo hi", "docker exec -it web ls /"])
def test_a_command_that_is_not_a_shell_just_runs(host, line):
    host.sh("docker run -d --name web busybox sleep 1000")
    r = host.sh(line)
    assert r.code == 0 and r.out and host.attached is None


def test_input_from_a_pipe_is_not_a_terminal(host):
    r = host.sh("echo ls | docker run -it busybox")
    assert (r.code, r.err) == (1, "the input device is not a TTY\n")
