"""What the daemon lists for ``docker ps`` and ``docker images``, asked of the engine (moby ``daemon/list.go``)."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.docker.errors import InvalidFilter, InvalidParameter, NoSuchContainer
from storagekit.sim.errors import NotSimulated


@pytest.fixture(scope="module")
def host() -> sk.DockerHost:
    """Five containers, newest last: web1 and web2 run, done exited 0, failed exited 3, fresh was never started."""
    host = sk.DockerHost()
    for line in ("docker run -d --name web1 --label tier=front --label team=a busybox sleep 3600",
                 "docker run --name done busybox true",
                 "docker run -d --name web2 --label tier=front -v data:/data busybox sleep 3600",
                 "docker run --name failed busybox sh -c 'exit 3'",
                 "docker create --name fresh -v /srv:/srv busybox"):
        assert host.sh(line).code in (0, 3), line
    return host


def names(containers) -> list[str]:
    return [c.name for c in containers]


@pytest.mark.parametrize("filters, all_, limit, expected", [
    ([], False, 0, ["web2", "web1"]),
    ([], True, 0, ["fresh", "failed", "web2", "done", "web1"]),
    ([], False, 2, ["fresh", "failed"]),  # a limit shows stopped containers too, newest first
    ([("status", "exited")], False, 0, ["failed", "done"]),  # a status filter implies --all
    ([("status", "created"), ("status", "running")], False, 0, ["fresh", "web2", "web1"]),
    ([("name", "web")], False, 0, ["web2", "web1"]),
    ([("name", "web")], True, 0, ["web2", "web1"]),
    ([("name", "^web1$")], False, 0, ["web1"]),  # a regular expression, on the name without its slash too
    ([("name", "^/done")], True, 0, ["done"]),
    ([("exited", "0")], True, 0, ["done"]),
    ([("exited", "3"), ("exited", "0")], True, 0, ["failed", "done"]),
    ([("exited", "0")], False, 0, []),  # exited filters what is listed; it does not list stopped ones
    ([("label", "tier=front")], False, 0, ["web2", "web1"]),
    ([("label", "tier=front"), ("label", "team")], False, 0, ["web1"]),  # every label must hold
    ([("volume", "data")], False, 0, ["web2"]),
    ([("volume", "/data")], False, 0, ["web2"]),
    ([("volume", "/srv")], True, 0, ["fresh"]),
    ([("ancestor", "busybox")], True, 0, ["fresh", "failed", "web2", "done", "web1"]),
    ([("ancestor", "alpine")], True, 0, []),
    ([("before", "web2")], True, 0, ["done", "web1"]),
    ([("since", "web2")], True, 0, ["fresh", "failed"]),
    ([("since", "web1"), ("before", "fresh")], False, 0, ["web2"]),
])
def test_docker_ps_lists_what_moby_lists(host, filters, all_, limit, expected):
    assert names(host.engine.list_containers(filters, all=all_, limit=limit)) == expected


def test_an_id_filter_matches_a_prefix(host):
    web1 = host.engine.containers.resolve("web1")
    assert names(host.engine.list_containers([("id", web1.id[:6])])) == ["web1"]


@pytest.mark.parametrize("filters, error, message", [
    ([("colour", "red")], InvalidFilter, "invalid filter 'colour'"),
    ([("status", "sleeping")], InvalidFilter, "invalid value for state (sleeping): must be one of created, running"),
    ([("exited", "x")], InvalidParameter, 'strconv.Atoi: parsing "x": invalid syntax'),
    ([("before", "nosuch")], NoSuchContainer, "No such container: nosuch"),
    ([("network", "bridge")], NotSimulated, "the 'network' filter is not simulated: the simulator has no networks"),
    ([("publish", "80")], NotSimulated, "the 'publish' filter is not simulated: the simulator has no published"),
])
def test_a_bad_filter_is_refused_before_anything_is_listed(host, filters, error, message):
    with pytest.raises(error) as refused:
        host.engine.list_containers(filters)
    assert message in str(refused.value)


@pytest.fixture(scope="module")
def images() -> sk.DockerHost:
    host = sk.DockerHost()
    host.write("/src/Dockerfile", "FROM busybox\nLABEL app=demo\nRUN echo 1 > /one\n")
    for line in ("docker pull alpine", "docker pull busybox", "cd /src && docker build -t demo:1 .",
                 "docker tag demo:1 demo:latest",
                 "cd /src && echo 'RUN echo 2 > /two' >> Dockerfile && docker build -t demo:1 ."):
        assert host.sh(line).code == 0, line
    return host


def listed(host, filters=(), **kwargs) -> list[tuple[str, list[str]]]:
    return [(image.short_id, tags) for image, tags in host.engine.list_images(filters, **kwargs)]


def test_docker_images_lists_each_image_with_its_tags_newest_first(images):
    rows = listed(images)
    assert [tags for _, tags in rows] == [["demo:1"], ["demo:latest"], ["busybox:latest"], ["alpine:latest"]]


@pytest.mark.parametrize("filters, reference, expected", [
    ([("reference", "demo")], None, [["demo:1"], ["demo:latest"]]),
    ([("reference", "demo:lat*")], None, [["demo:latest"]]),
    ([], "busybox", [["busybox:latest"]]),
    ([("label", "app=demo")], None, [["demo:1"], ["demo:latest"]]),
    ([("label", "app=other")], None, []),
    ([("dangling", "true")], None, []),
    ([("dangling", "false")], None, [["demo:1"], ["demo:latest"], ["busybox:latest"], ["alpine:latest"]]),
    ([("since", "busybox")], None, [["demo:1"], ["demo:latest"]]),
    ([("before", "demo:latest")], None, [["busybox:latest"], ["alpine:latest"]]),
    ([("until", "1h")], None, [["busybox:latest"], ["alpine:latest"]]),  # made more than an hour ago
])
def test_docker_images_filters(images, filters, reference, expected):
    assert [tags for _, tags in listed(images, filters, reference=reference)] == expected


@pytest.mark.parametrize("filters, message", [
    ([("dangling", "maybe")], "invalid filter 'dangling=[maybe]'"),
    ([("size", "1")], "invalid filter 'size'"),
    ([("until", "soon")], 'failed to parse value as time or duration: "soon"'),
])
def test_docker_images_refuses_bad_filters(images, filters, message):
    with pytest.raises((InvalidFilter, InvalidParameter)) as refused:
        images.engine.list_images(filters)
    assert message in str(refused.value)


def test_container_prune_removes_every_stopped_container_and_counts_their_layers():
    host = sk.DockerHost()
    host.sh("docker run --name gone busybox sh -c 'echo hi > /f'")
    host.sh("docker run -d --name kept busybox sleep 3600")
    gone = host.engine.containers.resolve("gone").id
    removed, reclaimed = host.engine.prune_containers()
    assert (removed, reclaimed > 0) == ([gone], True)
    assert names(host.engine.list_containers(all=True)) == ["kept"]
