"""A refused docker command leaves no trace: no container, no volume, no name taken, no image, no file."""

from __future__ import annotations

import pytest

from storagekit import DockerHost

REFUSALS = [
    # (command line, what the learner sees on stderr)
    ("docker run --name web busybox", 'Conflict. The container name "/web" is already in use'),
    ("docker run -v 'a b:/y' busybox", "includes invalid characters for a local volume name"),
    ("docker run -v newvol:/d -v /tmp:tmp busybox", "mount path must be absolute"),
    ("docker create -v newvol:/d --mount type=bind,source=/nope,target=/e busybox",
     "bind source path does not exist: /nope"),
    ("docker run -v newvol:/x -v /srv:/x busybox", "Duplicate mount point: /x"),
    ("docker run -v newvol:/d -w rel busybox", "it needs to be an absolute path"),
    ("docker run -v newvol:/d --name a busybox", "Invalid container name (a)"),
    ("docker run -v 'C:\\x:/y' busybox", "invalid mode: /y"),
    ("docker run -v 'c:/a:/b:ro' busybox", "invalid volume specification: 'c:/a:/b:ro'"),
    ("docker commit web busybox@sha256:" + "0" * 64, "refusing to create a tag with a digest reference"),
    ("docker run -v '' busybox", "invalid empty volume spec"),
    ("docker run -v newvol:/d nosuchimage", "pull access denied for nosuchimage"),
    ("docker run -it -v newvol:/d busybox", "the input device is not a TTY"),
    ("docker create -v newvol:/d --tmpfs rel busybox", "mount path must be absolute"),
    ("docker commit web UPPER", "repository name (library/UPPER) must be lowercase"),
    ("docker commit web 'a::b'", "invalid reference format"),
    ("docker commit nosuch img", "No such container: nosuch"),
    ("docker tag busybox UPPER", "repository name (library/UPPER) must be lowercase"),
    ("docker tag nosuch img", "No such image: nosuch"),
    ("docker volume create x", "volume name is too short"),
    ("docker cp web:/nope /tmp/x", "Could not find the file /nope in container web"),
    ("docker cp /nope web:/tmp", "/nope"),
    ("docker export -o /tmp web", "failed to export container: cannot write to a directory"),
    ("docker start -a nosuch", "No such container: nosuch"),
    ("docker rm web", "container is running: stop the container before removing or force remove"),
    ("docker rename web web", "Renaming a container with the same name as its current name"),
    ("docker rename web db", 'Error when allocating new name: Conflict. The container name "/db" is already in use'),
    ("docker exec -it web sh", "the input device is not a TTY"),
    ("docker start -a web db", "you cannot start and attach multiple containers at once"),
]


@pytest.fixture(scope="module")
def host() -> DockerHost:
    h = DockerHost()
    h.sh("docker pull -q busybox")
    assert h.sh("docker run -d --name web busybox sleep 1000").code == 0
    assert h.sh("docker create --name db busybox").code == 0
    return h


def state(host: DockerHost) -> tuple:
    """Everything a refusal could leave behind: the daemon's objects and the files under its data root."""
    engine = host.engine
    files = host.sh("find /var/lib/docker /tmp /srv -maxdepth 4").out
    return (sorted(engine.containers.containers), sorted(c.name for c in engine.containers),
            sorted(engine.volumes.volumes), sorted(engine.images.images), host.sh("docker images -a -q").out, files)


@pytest.mark.parametrize(("line", "words"), REFUSALS, ids=[line for line, _ in REFUSALS])
def test_a_refusal_changes_nothing(host, line, words):
    before = state(host)
    r = host.sh(line)
    assert r.code != 0, r.out
    assert words in r.err
    assert "[storagekit]" not in r.err
    assert state(host) == before
