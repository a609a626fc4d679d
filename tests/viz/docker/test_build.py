"""build_steps: the last build's steps, which came from the cache, and the input that broke it."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.viz import build_steps
from storagekit.viz.style import VERMILLION, node_id
from tests.viz.docker.conftest import run
from tests.viz.dot import edges, golden, node_attrs, node_labels, render


def test_the_cache_broke_at_copy_because_app_py_changed(flask_host):
    g = build_steps(flask_host)
    golden("docker", "build_steps_flask", g)
    record = flask_host.engine.last_build
    labels = node_labels(g)
    steps = [labels[node_id("step", s.key)] for s in record.steps]
    assert [s.split("\n")[1].split(" · ")[0] for s in steps[1:]] == ["CACHED", "CACHED", "ran"]
    copy = node_id("step", record.steps[-1].key)
    assert labels[copy].endswith("cache miss: app.py changed")
    assert node_attrs(g, copy)["color"] == VERMILLION
    why = [(head, attrs) for tail, head, attrs in edges(g) if tail == copy and attrs.get("style") == "dotted"]
    assert len(why) == 1 and why[0][1]["label"].startswith(" app.py changed \n ")
    assert labels[why[0][0]].startswith("in the cache, not reused:\nCOPY . /opt/source-code\n")
    assert "the cache broke at [4/4]: app.py changed" in g.source


def test_an_instruction_change_shows_the_old_step(tmp_path):
    host = sk.DockerHost()
    host.write("/src/Dockerfile", "FROM busybox\nRUN echo one > /n\nRUN echo done\n")
    run(host, "cd /src && docker build -t n .")
    host.write("/src/Dockerfile", "FROM busybox\nRUN echo two > /n\nRUN echo done\n")
    run(host, "cd /src && docker build -t n .")
    g = build_steps(host)
    golden("docker", "build_steps_instruction", g)
    labels = node_labels(g)
    record = host.engine.last_build
    first, after = (node_id("step", s.key) for s in record.steps[1:3])
    assert labels[first].endswith("cache miss: the instruction changed")
    assert labels[after].endswith("the step below ran again") and node_attrs(g, after)["color"] == "#E69F00"
    old = next(head for tail, head, attrs in edges(g) if tail == first and attrs.get("style") == "dotted")
    assert "RUN echo one > /n" in labels[old]


def test_a_build_argument_and_a_multi_stage_copy():
    host = sk.DockerHost()
    dockerfile = ("FROM alpine AS build\nARG GREETING=hello\nRUN echo $GREETING > /hi.txt\n"
                  "FROM busybox\nCOPY --from=build /hi.txt /hi.txt\n")
    host.write("/src/Dockerfile", dockerfile)
    run(host, "cd /src && docker build -t hi .", "cd /src && docker build --build-arg GREETING=salut -t hi .")
    g = build_steps(host)
    golden("docker", "build_steps_multi_stage", g)
    assert "cluster_stage_build" in g.source and "cluster_stage_stage-1" in g.source
    record = host.engine.last_build
    run_step = next(s for s in record.steps if "RUN" in s.name)
    why = next(attrs["label"] for tail, _, attrs in edges(g) if tail == node_id("step", run_step.key)
               and attrs.get("style") == "dotted")
    assert why == " build arg GREETING changed \n hello → salut "
    copy = record.steps[-1]
    assert any(attrs.get("label") == " --from" and head == node_id("step", copy.key) for _, head, attrs in edges(g))


def test_a_failed_build_ends_in_its_error():
    host = sk.DockerHost()
    host.write("/src/Dockerfile", "FROM busybox\nRUN exit 3\n")
    assert host.sh("cd /src && docker build .").code == 1
    labels = node_labels(build_steps(host))
    assert labels["error"].startswith("build failed\nprocess \"/bin/sh -c exit 3\"")


@pytest.mark.parametrize("setup,text", [
    ([], "No build yet"),
    (["cd /src && docker build -q -t b ."], "nothing built on busybox is in the cache"),
    (["cd /src && docker build -q -t b .", "cd /src && docker build -q --no-cache -t b ."], "--no-cache"),
])
def test_first_builds_and_no_cache_say_why_everything_ran(setup, text):
    host = sk.DockerHost()
    host.write("/src/Dockerfile", "FROM busybox\nRUN echo hi > /hi\n")
    run(host, *setup)
    assert text in build_steps(host).source


@pytest.mark.exe
def test_it_renders(flask_host):
    assert b"<svg" in render(build_steps(flask_host))


def test_a_classic_build_is_drawn_with_its_own_step_names_and_reasons():
    host = sk.DockerHost()
    host.write("/src/Dockerfile", "FROM busybox\nLABEL v=1\nRUN echo hi > /hi\n")
    run(host, "cd /src && DOCKER_BUILDKIT=0 docker build -q -t b .")
    host.write("/src/Dockerfile", "FROM busybox\nLABEL v=2\nRUN echo hi > /hi\n")
    run(host, "cd /src && DOCKER_BUILDKIT=0 docker build -q -t b .")
    g = build_steps(host)
    assert "the cache broke at Step 2/3: the instruction changed" in g.source
    assert any(text.startswith("in the cache, not reused:\nLABEL v=1") for text in node_labels(g).values())
