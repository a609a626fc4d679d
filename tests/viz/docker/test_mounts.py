"""container_mounts: each mount point wired to a named or anonymous volume, a host path or tmpfs."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.viz import container_mounts
from storagekit.viz.style import node_id
from tests.viz.docker.conftest import run
from tests.viz.dot import edges, golden, node_attrs, node_labels, render


@pytest.fixture(scope="module")
def mounts():
    host = sk.DockerHost()
    host.write("/src/site/index.html", "<h1>hi</h1>\n")
    run(host, "docker volume create data_volume",
        "docker run -d --name db -e MYSQL_ROOT_PASSWORD=pw -v data_volume:/var/lib/mysql "
        "-v /src/site:/usr/share/nginx/html:ro --mount type=volume,target=/cache "
        "--tmpfs /run/secrets:size=64m mysql",
        "docker run -d --name web --mount type=bind,source=/src/site,target=/usr/share/nginx/html "
        "-v data_volume:/data:ro -v /logs nginx")
    return host


def wire(g, target: str) -> tuple[str, dict]:
    """What the mount point at ``target`` is wired to, and the wire's attributes."""
    return next((head, attrs) for tail, head, attrs in edges(g) if tail == f"mount {target}"
                and not head.startswith("mount "))


def test_every_kind_of_mount(mounts):
    g = container_mounts(mounts, "db")
    golden("docker", "container_mounts_db", g)
    labels = node_labels(g)
    volume, attrs = wire(g, "/var/lib/mysql")
    assert volume == node_id("volume", "data_volume") and attrs["label"] == " -v data_volume:/var/lib/mysql "
    assert labels[volume].startswith("volume data_volume\n/var/lib/docker/volumes/data_volume/_data\n")
    assert labels[volume].endswith("also web")
    anonymous, attrs = wire(g, "/cache")
    assert labels[anonymous].startswith("anonymous volume ") and attrs["label"] == " --mount type=volume,target=/cache "
    assert node_attrs(g, anonymous)["shape"] == "cylinder"
    bind, attrs = wire(g, "/usr/share/nginx/html")
    assert labels[bind] == "host path\n/src/site\n1 file · 12B" and attrs["style"] == "dashed"
    assert labels["mount /usr/share/nginx/html"] == "/usr/share/nginx/html\nbind · read-only"
    tmpfs, attrs = wire(g, "/run/secrets")
    assert labels[tmpfs].startswith("tmpfs (memory)\nsize=64m\n")
    assert attrs["label"] == " --tmpfs /run/secrets:size=64m "
    assert labels["mount docker files"] == "/etc/hostname\n/etc/hosts\n/etc/resolv.conf"


def test_image_content_hidden_under_a_mount_is_counted(mounts):
    g = container_mounts(mounts, "web")
    golden("docker", "container_mounts_web", g)
    labels = node_labels(g)
    image = mounts.engine.containers.resolve("web").image
    from storagekit.fs import FileSystem
    under = sum(1 for _ in FileSystem(None, [lay.root for lay in reversed(image.layers)]).walk("/usr/share/nginx/html"))
    assert under >= 1
    hidden = "1 image entry" if under == 1 else f"{under} image entries"
    assert labels["mount /usr/share/nginx/html"] == f"/usr/share/nginx/html\nbind\nhides {hidden}"
    anonymous, attrs = wire(g, "/logs")
    assert attrs["label"] == " -v /logs " and labels[anonymous].startswith("anonymous volume ")
    assert labels["mount /data"] == "/data\nvolume · read-only" and node_attrs(g, "mount /data")["penwidth"] == "2"


def test_a_stopped_container_s_tmpfs_is_empty():
    host = sk.DockerHost()
    run(host, "docker run --name job --tmpfs /scratch busybox sh -c 'echo x > /scratch/f'")
    labels = node_labels(container_mounts(host, "job"))
    assert labels[node_id("tmpfs", host.engine.containers.resolve("job").id, "/scratch")] == \
        "tmpfs (memory)\nno size limit\nempty: the container is not running"


@pytest.mark.parametrize("flags, root", [
    ("", "/\noverlay: image layers\n+ writable layer 0B"),
    ("--read-only ", "/ · read-only (--read-only)\noverlay: image layers\n+ writable layer 0B"),
])
def test_a_read_only_root_filesystem_is_marked(flags, root):
    host = sk.DockerHost()
    run(host, f"docker run -d --name app {flags}-v /srv/data:/data busybox sleep infinity")
    g = container_mounts(host, "app")
    assert node_labels(g)["mount /"] == root
    assert (node_attrs(g, "mount /").get("penwidth") == "2") is bool(flags)


@pytest.mark.exe
def test_it_renders(mounts):
    assert b"<svg" in render(container_mounts(mounts, "db"))


def test_volumes_from_another_container():
    host = sk.DockerHost()
    run(host, "docker run -d --name first -v data:/data busybox sleep 100",
        "docker run -d --name second --volumes-from first busybox sleep 100")
    g = container_mounts(host, "second")
    volume, attrs = wire(g, "/data")
    assert attrs["label"] == " --volumes-from " and node_labels(g)[volume].endswith("also first")


def test_a_volume_the_local_driver_mounts_says_what_it_mounts():
    host = sk.DockerHost()
    run(host, "docker volume create --opt type=nfs --opt o=addr=192.168.1.10,rw --opt device=:/exports/shop shop_nfs",
        "docker create --name user -v shop_nfs:/data busybox")
    volume, _ = wire(container_mounts(host, "user"), "/data")
    assert node_labels(container_mounts(host, "user"))[volume] == (
        "volume shop_nfs\n/var/lib/docker/volumes/shop_nfs/_data\nmounts nfs :/exports/shop (addr=192.168.1.10,rw)")
