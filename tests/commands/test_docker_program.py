"""With dockerd stopped, each docker command fails where the real client first calls the daemon, in its words."""

from __future__ import annotations

import pytest

from storagekit import DockerHost

NO_DAEMON = "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n"
RUN_HELP = "\nRun 'docker run --help' for more information\n"

# (command line, exit status, stdout, stderr), recorded from the docker 28.2.2 client with no daemon listening
CASES = [
    ("docker ps", 1, "", NO_DAEMON),
    ("docker run -v x:/y busybox", 125, "", "docker: " + NO_DAEMON + RUN_HELP),
    ("docker run -v data_volume mysql", 125, "", "docker: " + NO_DAEMON + RUN_HELP),
    ("docker run --mount TYPE=bind,source=.,target=/x busybox", 125, "", "docker: " + NO_DAEMON + RUN_HELP),
    ("docker run -i busybox", 125, "", "docker: " + NO_DAEMON + RUN_HELP),
    ("docker run -t busybox", 125, "", "docker: " + NO_DAEMON + RUN_HELP),
    ("docker run -it busybox", 1, "", "the input device is not a TTY\n"),
    ("docker run -v '' busybox", 125, "", "docker: invalid empty volume spec\n" + RUN_HELP),
    ("docker create busybox", 1, "", NO_DAEMON),
    ("docker volume ls", 1, "", NO_DAEMON),
    ("docker volume create v1", 1, "", NO_DAEMON),
    ("docker start -a x", 1, "", NO_DAEMON),
    ("docker cp x:/a /tmp/b", 1, "", NO_DAEMON),
    ("docker commit web UPPER", 1, "", "invalid reference format: repository name (library/UPPER) must be lowercase\n"),
    ("docker images", 1, "", NO_DAEMON),
    ("docker logs x", 1, "", NO_DAEMON),
    ("docker exec x ls", 1, "", NO_DAEMON),
    ("docker system df", 1, "", NO_DAEMON),
    ("docker tag a b", 1, "", NO_DAEMON),
    ("docker -v", 0, "Docker version 28.2.2, build e6534b4\n", ""),
    ("docker info --format '{{.ID}}'", 1, "", NO_DAEMON),
]


@pytest.fixture(scope="module")
def host() -> DockerHost:
    h = DockerHost()
    assert h.sh("systemctl stop docker").code == 0
    return h


@pytest.mark.parametrize(("line", "code", "out", "err"), CASES, ids=[c[0] for c in CASES])
def test_a_stopped_daemon_answers_as_the_client_does(host, line, code, out, err):
    r = host.sh(line)
    assert (r.code, r.out, r.err) == (code, out, err)


def test_info_shows_the_clients_half_first(host):
    r = host.sh("docker info")
    assert (r.code, r.err) == (1, NO_DAEMON)
    assert r.out.startswith("Client: Docker Engine - Community\n Version:    28.2.2\n Context:    default\n")
    assert r.out.endswith("\nServer:\n")


def test_the_daemon_answers_again_once_started(host):
    assert host.sh("systemctl start docker").code == 0
    assert host.sh("docker volume ls -q").code == 0
    assert host.sh("systemctl stop docker").code == 0


@pytest.mark.parametrize(("line", "out", "err"), [
    ("docker inspect x", "[]\n", NO_DAEMON),
    ("docker image inspect x y", "[]\n", NO_DAEMON * 2),
    ("docker rm a b", "", NO_DAEMON * 2),
    ("docker stop a b", "", NO_DAEMON * 2),
    ("docker start a b", "", NO_DAEMON * 2 + "Error: failed to start containers: a, b\n"),
])
def test_each_name_asks_the_daemon_on_its_own(host, line, out, err):
    r = host.sh(line)
    assert (r.code, r.out, r.err) == (1, out, err)
