"""docker stats --no-stream: docker/cli 28's columns; what the simulator measures (bytes written to the writable
layer, the one process) is real, the rest reads zero and a note says so."""

from __future__ import annotations

import pytest

from storagekit import DockerHost

NOTE = "[storagekit] docker stats: CPU, memory and network use are not measured here and read 0.\n"


@pytest.fixture(scope="module")
def host():
    h = DockerHost()
    h.sh("docker pull busybox")
    h.sh("docker run -d --name web busybox sh -c 'echo hello > /f; sleep 1000'")
    h.sh("docker run --name done busybox true")
    return h


def test_running_containers(host):
    r = host.sh("docker stats --no-stream")
    assert r.out.splitlines()[0] == ("CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   "
                                     "BLOCK I/O   PIDS")
    assert r.out.splitlines()[1].split()[1:] == ["web", "0.00%", "0B", "/", "23.47GiB", "0.00%", "0B", "/", "0B",
                                                 "0B", "/", "6B", "1"]
    assert len(r.out.splitlines()) == 2 and (r.code, r.err) == (0, NOTE)


def test_all_and_format(host):
    r = host.sh("docker stats --no-stream -a --format '{{.Name}} {{.MemUsage}} {{.PIDs}}'")
    assert r.out == "done 0B / 0B 0\nweb 0B / 23.47GiB 1\n"  # newest first, as the container list
    r = host.sh("docker stats --no-stream --no-trunc --format '{{.Container}} {{len .ID}}' web")
    assert r.out == "web 64\n"


@pytest.mark.parametrize("line,err", [
    ("docker stats", "[storagekit] docker stats streams until it is interrupted, which is not simulated; use "
                     "docker stats --no-stream.\n"),
    ("docker stats --no-stream nope", "Error response from daemon: No such container: nope\n"),
])
def test_refusals(host, line, err):
    r = host.sh(line)
    assert (r.code, r.out, r.err) == (1, "", err)
