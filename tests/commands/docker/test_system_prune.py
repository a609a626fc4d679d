"""docker system prune: the question docker/cli 28 asks (as the real client printed it), what an answer from a pipe
does, and each kind of object it removes in the client's order."""

from __future__ import annotations

import pytest

from storagekit import DockerHost

QUESTION = """WARNING! This will remove:
  - all stopped containers
  - all networks not used by at least one container
{}
Are you sure you want to continue? [y/N] """


@pytest.fixture
def host():
    h = DockerHost()
    h.sh("docker pull busybox")
    h.sh("docker run --name web -v /data busybox true")
    h.sh("docker volume create keep")
    h.write("/src/d/Dockerfile", "FROM busybox\nRUN echo hi > /x\n")
    h.sh("docker build -q /src/d")
    return h


def _state(host):
    return [host.sh(c).out for c in ("docker ps -aq", "docker images -aq", "docker volume ls -q", "docker buildx du")]


@pytest.mark.parametrize("flags,lines", [
    ("", "  - all dangling images\n  - unused build cache\n"),
    ("-a", "  - all images without at least one container associated to them\n  - all build cache\n"),
    ("--volumes", "  - all anonymous volumes not used by at least one container\n  - all dangling images\n"
                  "  - unused build cache\n"),
])
@pytest.mark.parametrize("stdin", [None, b"", b"n\n", b"yes\n"])
def test_no_yes_changes_nothing(host, flags, lines, stdin):
    """Only ``y`` (either case) on the first line is a yes; an empty stdin, as from a pipe or a notebook, is a
    no: the question stays on stdout without a newline and the status is 0."""
    before = _state(host)
    r = host.sh(f"docker system prune {flags}", stdin=stdin)
    assert (r.code, r.out, r.err) == (0, QUESTION.format(lines), "")
    assert _state(host) == before


def test_yes_removes_in_the_clients_order(host):
    r = host.sh("docker system prune --volumes", stdin=b" Y \n")
    body = r.out.split("[y/N] ", 1)[1]
    assert body.startswith("Deleted Containers:\n") and "\n\nDeleted Volumes:\n" in body
    assert body.index("Deleted Volumes:") < body.index("Deleted Images:") < body.index("Deleted build cache")
    assert body.endswith("\nTotal reclaimed space: 3B\n")
    assert host.sh("docker ps -aq").out == "" and host.sh("docker volume ls -q").out == "keep\n"
    assert host.sh("docker images --format '{{.Repository}}'").out == "busybox\n"


def test_all_and_force(host):
    r = host.sh("docker system prune -af")
    assert "untagged: busybox:latest\n" in r.out and "\nTotal reclaimed space: " in r.out
    assert host.sh("docker images -aq").out == "" and host.sh("docker volume ls -q").out.count("\n") == 2


@pytest.mark.parametrize("flags,err", [
    ("--volumes --filter until=1h", 'ERROR: The "until" filter is not supported with "--volumes"\n'),
    ("--filter label=a", "[storagekit] docker system prune --filter is not simulated; prune one kind at a time "
                         "(docker volume prune --filter ...).\n"),
])
def test_refusals_change_nothing(host, flags, err):
    before = _state(host)
    r = host.sh(f"docker system prune -f {flags}")
    assert (r.code, r.out, r.err) == (1, "", err)
    assert _state(host) == before
