"""docker port: docker/cli 28's own checks and words; no container publishes a port here (``-p`` is declined,
networking beyond each container's address is not simulated), so the listing is empty, as Docker's is then."""

from __future__ import annotations

import pytest

from storagekit import DockerHost


@pytest.fixture(scope="module")
def host():
    h = DockerHost()
    h.sh("docker pull nginx")
    h.sh("docker run -d --name web nginx")
    return h


@pytest.mark.parametrize("line,code,out,err", [
    ("docker port web", 0, "", ""),
    ("docker container port web", 0, "", ""),
    ("docker port web 80", 1, "", "Error: No public port '80' published for web\n"),
    ("docker port web 80/udp", 1, "", "Error: No public port '80/udp' published for web\n"),
    ("docker port web http", 1, "", 'Error: invalid port (http): strconv.ParseUint: parsing "http": invalid syntax\n'),
    ("docker port web 70000", 1, "", "Error: invalid port (70000): strconv.ParseUint: parsing \"70000\": value out "
                                     "of range\n"),
    ("docker port nope", 1, "", "Error response from daemon: No such container: nope\n"),
])
def test_port(host, line, code, out, err):
    r = host.sh(line)
    assert (r.code, r.out, r.err) == (code, out, err)


def test_publishing_is_declined_before_anything_is_made(host):
    r = host.sh("docker run -d --name pub -p 8080:80 nginx")
    assert r.code != 0 and "--publish is not simulated" in r.err
    assert "pub" not in host.sh("docker ps -a --format '{{.Names}}'").out.split()
