"""The mysql image data: tags of 2025-07-21, the Dockerfile's layers and config, sizes near Docker Hub's."""

from __future__ import annotations

import pytest

from storagekit import DockerHost
from storagekit.docker.catalogue import images
from storagekit.fs.nodes import Dir, File, Symlink

# docker images on 2025: mysql:8.0 (8.0.43) 780MB; 9.3.0 about 1.17GB with the containerd store (blobs included)
SIZES = {"mysql:8.4": (8.4e8 * 0.85, 8.4e8 * 1.05), "mysql:8.0": (7.0e8, 8.6e8), "mysql:latest": (7.8e8, 9.5e8)}
VERSIONS = {"8.4": "8.4.5", "8.4.5": "8.4.5", "lts": "8.4.5", "8": "8.4.5", "8.0": "8.0.42", "8.0.42-oracle": "8.0.42",
            "9": "9.3.0", "latest": "9.3.0", "innovation": "9.3.0", "oraclelinux9": "9.3.0"}


def tree(reference: str) -> Dir:
    """The image's layers merged (later layers win), whiteouts not needed here."""
    root = Dir(0o755)
    for lid in images.find_image(reference).layer_ids:
        _merge(root, images.layer_spec(lid).build_tree(0))
    return root


def _merge(into: Dir, layer: Dir) -> None:
    for name, node in layer.children.items():
        have = into.children.get(name)
        if isinstance(node, Dir) and isinstance(have, Dir):
            have.mode, have.uid, have.gid = node.mode, node.uid, node.gid
            _merge(have, node)
        else:
            into.children[name] = node


def lookup(root: Dir, path: str):
    node = root
    for part in path.strip("/").split("/"):
        node = node.children[part]
    return node


@pytest.mark.parametrize("tag,version", VERSIONS.items())
def test_tags_resolve_to_versions_of_the_date(tag, version):
    spec = images.find_image(f"mysql:{tag}")
    assert spec is not None and version in spec.tags
    assert f"MYSQL_VERSION={version}-1.el9" in spec.config["Env"]


@pytest.mark.parametrize("reference", ["mysql:8.4", "mysql:8.0", "mysql:9"])
def test_config_and_history(reference):
    spec = images.find_image(reference)
    cfg = spec.config
    assert cfg["Volumes"] == {"/var/lib/mysql": {}}
    assert cfg["ExposedPorts"] == {"3306/tcp": {}, "33060/tcp": {}}
    assert cfg["Entrypoint"] == ["docker-entrypoint.sh"] and cfg["Cmd"] == ["mysqld"]
    assert [e.split("=")[0] for e in cfg["Env"]] == ["PATH", "GOSU_VERSION", "MYSQL_MAJOR", "MYSQL_VERSION",
                                                      "MYSQL_SHELL_VERSION"]
    layered = [h for h in spec.history if not h.get("empty_layer")]
    assert len(layered) == len(spec.layer_ids) and spec.layer_ids[0] == "oraclelinux-9-slim-20250721"
    assert all(h["comment"] == "buildkit.dockerfile.v0" for h in spec.history)
    assert all(h["created_by"].endswith("# buildkit") for h in layered)
    by = [h["created_by"] for h in spec.history]
    assert by[:2] == ["ADD oraclelinux-9-slim-amd64-rootfs.tar.xz / # buildkit", 'CMD ["/bin/bash"]']
    assert "VOLUME [/var/lib/mysql]" in by and by[-1] == 'CMD ["mysqld"]'
    assert "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit" in by


@pytest.mark.parametrize("reference", ["mysql:8.4", "mysql:8.0", "mysql:latest"])
def test_layers_build_and_size_near_docker_hub(reference):
    spec = images.find_image(reference)
    for lid in spec.layer_ids:
        assert isinstance(images.layer_spec(lid).build_tree(0), Dir)
    low, high = SIZES[reference]
    assert low <= spec.size <= high
    assert 1.0e8 <= images.layer_spec("oraclelinux-9-slim-20250721").size <= 1.25e8


def test_filesystem_of_mysql_8_4():
    root = tree("mysql:8.4")
    data = lookup(root, "/var/lib/mysql")
    assert isinstance(data, Dir) and not data.children and (data.uid, data.gid) == (999, 999)
    assert data.mode & 0o7777 == 0o1777
    assert isinstance(lookup(root, "/var/run"), Symlink) and lookup(root, "/run/mysqld").uid == 999
    assert isinstance(lookup(root, "/docker-entrypoint-initdb.d"), Dir)
    assert "mysql:x:999:999::/var/lib/mysql:/bin/bash\n" in lookup(root, "/etc/passwd").blob.read().decode()
    assert lookup(root, "/etc/group").blob.read().decode().endswith("mysql:x:999:\n")
    cnf = lookup(root, "/etc/my.cnf").blob.read().decode()
    assert "socket=/var/run/mysqld/mysqld.sock" in cnf and cnf.endswith("!includedir /etc/mysql/conf.d/\n")
    assert 'PRETTY_NAME="Oracle Linux Server 9.6"' in lookup(root, "/usr/lib/os-release").blob.read().decode()
    entry = lookup(root, "/usr/local/bin/docker-entrypoint.sh")
    assert entry.blob.size == 13_827 and entry.blob.read().startswith(b"#!/bin/bash\n")
    assert 60e6 <= lookup(root, "/usr/sbin/mysqld").blob.size <= 70e6
    assert 2.0e6 <= lookup(root, "/usr/local/bin/gosu").blob.size <= 2.5e6
    assert isinstance(lookup(root, "/usr/bin/mysqlsh"), File) and isinstance(lookup(root, "/usr/bin/mysqldump"), File)


def test_8_0_keeps_the_entrypoint_symlink():
    assert lookup(tree("mysql:8.0"), "/entrypoint.sh").target == "usr/local/bin/docker-entrypoint.sh"


def test_pull_and_history_end_to_end():
    host = DockerHost()
    pulled = host.sh("docker pull mysql:8.4")
    assert pulled.code == 0 and "Status: Downloaded newer image for mysql:8.4" in pulled.out
    assert "Already exists" in host.sh("docker pull mysql:8.0").out
    history = host.sh("docker history mysql:8.4").out
    for text in ('CMD ["mysqld"]', "EXPOSE map[3306/tcp:{} 33060/tcp:{}]", "VOLUME [/var/lib/mysql]",
                 "ENV MYSQL_VERSION=8.4.5-1.el9", "ENV GOSU_VERSION=1.17",
                 "ADD oraclelinux-9-slim-amd64-rootfs.tar.xz"):
        assert text in history
    assert len(history.strip().splitlines()) == 1 + len(images.find_image("mysql:8.4").history)
    assert "782MB" in host.sh("docker images mysql").out
