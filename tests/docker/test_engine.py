"""What the engine fetches: a tag the catalogue lacks of a repository it has is said to be a gap in the catalogue."""

from __future__ import annotations

import pytest

import storagekit as sk

NOTE = ("[storagekit] python:3.11 is not in the simulator's catalogue of real images (Docker Hub may have it); its "
        "python tags are: 3.12, ")


@pytest.mark.parametrize("line", [
    "docker pull python:3.11",
    "docker run --rm python:3.11 python3 --version",
    "docker create python:3.11",
])
def test_a_tag_missing_from_the_catalogue_is_a_note_not_a_denied_pull(line):
    host = sk.DockerHost()
    r = host.sh(line)
    assert r.code != 0
    assert NOTE in r.err and "pull access denied" not in r.err
    assert host.sh("docker ps -aq").out == "" and host.sh("docker images -q").out == ""


def test_a_build_from_it_says_the_same():
    host = sk.DockerHost()
    host.write("/src/Dockerfile", "FROM python:3.11\n")
    r = host.sh("cd /src && docker build .")
    assert r.code != 0 and NOTE in r.err


def test_an_unknown_repository_is_still_the_registrys_refusal():
    r = sk.DockerHost().sh("docker pull nosuchimage:1.0")
    assert r.err.startswith("Error response from daemon: pull access denied for nosuchimage")
