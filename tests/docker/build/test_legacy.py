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


def record(host):
    """Each step of the last build as (status, why it ran)."""
    return [(step.status, str(step.miss) if step.miss else "") for step in host.engine.last_build.steps]


RAN = ("DONE", "the step below ran again")


@pytest.mark.parametrize("change, expected", [
    (None, [("DONE", ""), ("CACHED", ""), ("CACHED", ""), ("CACHED", ""), ("CACHED", "")]),
    (("app.txt", "v2\n"), [("DONE", ""), ("CACHED", ""), ("CACHED", ""), ("CACHED", ""), ("DONE", ". changed")]),
    (("Dockerfile", DF.replace("stage=one", "stage=two")),
     [("DONE", ""), ("CACHED", ""), ("DONE", "the instruction changed"), RAN, RAN]),
    (("Dockerfile", DF + "RUN exit 4\n"),
     [("DONE", ""), ("CACHED", ""), ("CACHED", ""), ("CACHED", ""), ("CACHED", ""),
      ("ERROR", "nothing built on this parent is in the cache")]),
])
def test_the_record_of_a_rebuild_says_which_steps_came_from_the_cache_and_why_the_first_miss_missed(
        host, change, expected):
    classic(host)
    if change:
        host.write(f"/src/app/{change[0]}", change[1])
    classic(host)
    assert host.engine.last_build.builder == "classic"
    assert record(host) == expected


def test_the_record_of_a_first_build_and_of_no_cache(host):
    classic(host)
    steps = host.engine.last_build.steps
    assert [s.name for s in steps] == ["Step 1/5 : FROM busybox", "Step 2/5 : RUN mkdir /data && echo hi > /data/x",
                                       "Step 3/5 : LABEL stage=one", "Step 4/5 : RUN echo more > /data/y",
                                       "Step 5/5 : COPY . /app"]
    assert record(host)[1] == ("DONE", "nothing built on this parent is in the cache")
    assert [s.layer is not None for s in steps] == [True, True, False, True, True]  # LABEL adds no layer
    assert host.engine.last_build.tags == ("legacy:latest",)
    assert host.engine.last_build.image_id == host.engine.images.lookup("legacy").id
    classic(host, "--no-cache")
    assert record(host)[1:] == [("DONE", "--no-cache")] * 4


def test_a_changed_copy_names_the_sources_and_both_digests_and_the_image_not_reused(host):
    classic(host)
    before = host.engine.last_build.steps[-1]
    host.write("/src/app/app.txt", "v2\n")
    classic(host)
    miss = host.engine.last_build.steps[-1].miss
    assert (miss.input, miss.name) == ("file", ".")
    assert miss.before != miss.after
    assert miss.previous.layer is before.layer
    assert miss.previous.description.startswith("COPY dir:")


VOLUME_DF = [
    # (Dockerfile after FROM busybox, a path, what `ls` lists there in BuildKit's image (None: its build fails) and
    # in the classic builder's)
    ("RUN mkdir /data && echo a > /data/a\nVOLUME /data\nRUN echo b > /data/b\n", "/data", "a b", "a"),
    # the step container's volume makes the mount point; BuildKit makes none, so its RUN finds no /data
    ("VOLUME /data\nRUN echo b > /data/b\n", "/data", None, ""),
    ("RUN mkdir -p /srv/www && echo a > /srv/www/a\nVOLUME /srv/www\nRUN rm /srv/www/a && echo c > /srv/www/c\n",
     "/srv/www", "c", "a"),
    ("VOLUME /data\nCOPY app.txt /data/\n", "/data", "app.txt", "app.txt"),
    ("RUN mkdir /data\nVOLUME /data\nRUN echo b > /data/b && echo kept > /kept\n", "/", "bin data dev etc home "
     "kept lib lib64 proc root sys tmp usr var", "bin data dev etc home kept lib lib64 proc root sys tmp usr var"),
]


@pytest.mark.parametrize("body, path, buildkit, legacy", VOLUME_DF)
def test_a_run_after_volume_writes_into_the_volume_only_with_the_classic_builder(host, body, path, buildkit, legacy):
    """The classic builder's RUN container mounts an anonymous volume at each VOLUME path, so what the step writes
    there is lost with that volume; BuildKit keeps it (Dockerfile reference, "Notes about specifying volumes")."""
    host.write("/src/app/Dockerfile", "FROM busybox\n" + body)
    assert classic(host).code == 0
    built = host.sh("cd /src/app && docker build -q -t kit .")
    assert built.code == (1 if buildkit is None else 0)
    for image, expected in (("kit", buildkit), ("legacy", legacy)):
        if expected is not None:
            listed = host.sh(f"docker run --rm --entrypoint ls {image} {path}")
            assert listed.out.split() == expected.split(), image
    assert host.sh("docker volume ls -q").out == ""
