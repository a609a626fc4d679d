"""The classic builder (DOCKER_BUILDKIT=0): intermediate images, its cache probe, its transcript."""

from __future__ import annotations

import re

import pytest

from storagekit import DockerHost

DF = "FROM busybox\nRUN mkdir /data && echo hi > /data/x\nLABEL stage=one\nRUN echo more > /data/y\nCOPY . /app\n"


@pytest.fixture
def host():
    h = DockerHost()
    h.write("/src/app/app.txt", "v1\n")
    h.write("/src/app/Dockerfile", DF)
    h.write("/src/app/.dockerignore", "Dockerfile\n")
    h.sh("docker pull busybox")
    return h


def classic(host, extra=""):
    return host.sh(f"cd /src/app && DOCKER_BUILDKIT=0 docker build {extra} -t legacy .")


def step_results(out: str) -> list[str]:
    """For each step after FROM: 'cache' if it said ``---> Using cache``, else 'ran'."""
    blocks = re.split(r"^Step \d+/\d+ : ", out, flags=re.M)[2:]
    return ["cache" if " ---> Using cache" in b else "ran" for b in blocks]


def test_transcript_shape_and_deprecation_notice(host):
    r = classic(host)
    assert r.code == 0
    assert r.err.startswith("DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n")
    assert r.out.startswith("Sending build context to Docker daemon  ")
    assert "Step 1/5 : FROM busybox\n ---> " in r.out
    assert re.search(r"Step 2/5 : RUN mkdir /data && echo hi > /data/x\n ---> Running in [0-9a-f]{12}\n", r.out)
    assert re.search(r" ---> Removed intermediate container [0-9a-f]{12}\n ---> [0-9a-f]{12}\n", r.out)
    assert r.out.rstrip().endswith("Successfully tagged legacy:latest")


def test_unchanged_rebuild_uses_cache_everywhere(host):
    classic(host)
    assert step_results(classic(host).out) == ["cache", "cache", "cache", "cache"]


def test_a_changed_label_invalidates_every_later_step(host):
    classic(host)
    host.write("/src/app/Dockerfile", DF.replace("stage=one", "stage=two"))
    assert step_results(classic(host).out) == ["cache", "ran", "ran", "ran"]


def test_buildkit_keeps_the_later_run_cached_for_the_same_change(host):
    host.sh("cd /src/app && docker build -t bk .")
    host.write("/src/app/Dockerfile", DF.replace("stage=one", "stage=two"))
    err = host.sh("cd /src/app && docker build -t bk .").err
    assert err.count("CACHED") == 3


def test_intermediate_images_show_with_all(host):
    classic(host)
    plain = host.sh("docker images -q").out.split()
    every = host.sh("docker images -aq").out.split()
    assert len(every) == len(plain) + 3  # four steps after FROM; the last one is the tagged image


def test_failed_run_exits_with_its_status(host):
    host.write("/src/app/Dockerfile", "FROM busybox\nRUN nosuch\n")
    r = classic(host)
    assert r.code == 127
    assert r.err.endswith("The command '/bin/sh -c nosuch' returned a non-zero code: 127\n")
    assert "/bin/sh: nosuch: not found\n" in r.out


def test_missing_copy_source_in_classic_words(host):
    host.write("/src/app/Dockerfile", "FROM busybox\nCOPY missing.txt /x\n")
    r = classic(host)
    assert r.code == 1
    assert r.err.endswith("COPY failed: file not found in build context or excluded by .dockerignore: stat "
                          "missing.txt: file does not exist\n")
