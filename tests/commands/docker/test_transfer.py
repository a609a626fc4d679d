"""docker cp, export and import: files across the container boundary."""

from __future__ import annotations

import re

import pytest

from storagekit import DockerHost


@pytest.fixture
def host():
    h = DockerHost()
    h.sh("docker pull busybox")
    h.sh("docker run -d --name box busybox sleep 1000")
    return h


def test_cp_into_a_container_goes_through_the_writable_layer(host):
    host.write("/root/notes.txt", "hello\n")
    r = host.sh("docker cp notes.txt box:/tmp/")
    assert (r.code, r.err) == (0, "Successfully copied 6B to box:/tmp/\n")
    assert host.sh("docker exec box cat /tmp/notes.txt").out == "hello\n"
    assert host.sh("docker diff box").out == "C /tmp\nA /tmp/notes.txt\n"


def test_cp_out_of_a_container(host):
    host.sh("docker exec box sh -c 'echo data > /srv.txt'")
    assert host.sh("docker cp box:/srv.txt /root/copy.txt").code == 0
    assert host.read("/root/copy.txt") == b"data\n"
    r = host.sh("docker cp box:/nope /root/")
    assert (r.code, r.err) == (1, "Error response from daemon: Could not find the file /nope in container box\n")


def test_export_flattens_and_import_makes_one_layer(host):
    host.sh("docker exec box rm /etc/group")
    assert host.sh("docker export box").err == "cowardly refusing to save to a terminal. Use the -o flag or redirect\n"
    assert host.sh("docker export -o /root/box.tar box").code == 0
    assert int(host.sh("wc -c < /root/box.tar").out) < 5_000_000  # busybox's hard links stay links
    out = host.sh("docker import /root/box.tar flat:1").out
    assert re.fullmatch(r"sha256:[0-9a-f]{64}\n", out)
    rows = host.sh("docker history --format '{{.Size}} {{.Comment}}' flat:1").out
    assert rows.startswith("4.") and rows.rstrip().endswith("Imported from /root/box.tar")
    assert host.sh("docker run --rm flat:1 ls /etc/group").code != 0
    assert host.sh("docker image inspect -f '{{len .RootFS.Layers}}' flat:1").out == "1\n"
