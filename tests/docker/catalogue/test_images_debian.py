"""The Debian-family images of the catalogue: references, shared layers, trees and believable sizes."""

from __future__ import annotations

import pytest

from storagekit.docker.catalogue import images
from storagekit.fs.nodes import Device, Dir, File, Symlink, iter_tree, tree_size


@pytest.mark.parametrize("ref", ["ubuntu", "ubuntu:24.04", "library/ubuntu:latest", "docker.io/library/ubuntu:noble",
                                 "index.docker.io/library/ubuntu"])
def test_references_name_the_same_image(ref):
    spec = images.find_image(ref)
    assert spec.repository == "ubuntu" and "24.04" in spec.tags


def test_digest_references():
    spec = images.find_image("ubuntu:22.04")
    assert images.find_image(f"ubuntu@{spec.repo_digest}") is spec
    assert images.find_image(f"docker.io/library/ubuntu:22.04@{spec.repo_digest}") is spec
    assert images.find_image("ubuntu@sha256:" + "0" * 64) is None


def test_unknown_reserved_and_foreign_references():
    assert images.find_image("scratch") is None
    assert images.find_image("nosuchimage") is None
    assert images.find_image("ubuntu:18.04") is None
    assert images.find_image("quay.io/library/ubuntu") is None
    assert images.find_image("Ubuntu") is None
    assert {"debian", "ubuntu", "python", "nginx"} <= set(images.list_repositories())


def test_history_rows_match_layers():
    for repo in images.list_repositories():
        for spec in images._repositories()[repo]:
            rows = [h for h in spec.history if not h.get("empty_layer")]
            assert len(rows) == len(spec.layer_ids), (repo, spec.tags)
            for lid in spec.layer_ids:
                assert images.layer_spec(lid).id == lid


def test_images_built_on_the_same_base_share_its_layer():
    slim = images.find_image("debian:bookworm-slim").layer_ids[0]
    assert images.find_image("python:3.12-slim").layer_ids[0] == slim
    assert images.find_image("nginx").layer_ids[0] == slim
    assert images.find_image("python:3.12").layer_ids[0] == images.find_image("debian:bookworm").layer_ids[0]


def test_configs_are_the_official_ones():
    assert images.find_image("ubuntu:22.04").config["Cmd"] == ["/bin/bash"]
    assert images.find_image("ubuntu:22.04").config["Labels"]["org.opencontainers.image.version"] == "22.04"
    assert images.find_image("debian").config["Cmd"] == ["bash"]
    py = images.find_image("python:3.12-slim").config
    assert py["Cmd"] == ["python3"] and "LANG=C.UTF-8" in py["Env"] and py["Env"][0].startswith("PATH=/usr/local/bin:")
    ng = images.find_image("nginx").config
    assert (ng["Entrypoint"], ng["Cmd"], ng["StopSignal"], ng["ExposedPorts"]) == (
        ["/docker-entrypoint.sh"], ["nginx", "-g", "daemon off;"], "SIGQUIT", {"80/tcp": {}})


@pytest.mark.parametrize("ref, real_mb", [
    ("debian:bookworm", 117), ("debian:bookworm-slim", 74.8), ("ubuntu:22.04", 77.9), ("ubuntu:24.04", 78.1),
    ("python:3.12-slim", 130), ("python:3.12", 1020), ("nginx", 192),
])
def test_sizes_are_close_to_docker_images(ref, real_mb):
    assert abs(images.find_image(ref).size / 1e6 - real_mb) / real_mb < 0.11


def test_build_tree_is_the_layer():
    spec = images.layer_spec("buildpack-deps-bookworm-full-20250721")  # 11,749 entries
    root = spec.build_tree(1753056000)
    files = {id(n) for _, n in iter_tree(root) if isinstance(n, File)}
    assert len(files) <= spec.file_count
    assert tree_size(root) == spec.size


def test_base_tree_has_real_kinds_and_contents():
    root = images.layer_spec("debian-bookworm-20250721").build_tree(0)
    nodes = dict(iter_tree(root))
    assert isinstance(nodes["/bin"], Symlink) and nodes["/bin"].target == "usr/bin"
    assert isinstance(nodes["/dev"], Dir) and not nodes["/dev"].children
    assert nodes["/etc/debian_version"].blob.read() == b"12.15\n"
    assert b"docker-clean" not in nodes["/etc/apt/apt.conf.d/docker-clean"].blob.read()
    assert b"DPkg::Post-Invoke" in nodes["/etc/apt/apt.conf.d/docker-clean"].blob.read()
    assert nodes["/usr/bin/perl"].nlink == 2 and nodes["/usr/bin/perl"] is nodes["/usr/bin/perl5.36.0"]
    assert not any(isinstance(n, Device) for n in nodes.values())
    assert nodes["/var/lib/apt/lists"].children == {}
    shadow = nodes["/etc/shadow"]
    assert (shadow.perm, shadow.gid) == (0o640, 42)


def test_ubuntu_identity():
    nodes = dict(iter_tree(images.layer_spec(images.find_image("ubuntu:24.04").layer_ids[0]).build_tree(0)))
    assert b'VERSION_CODENAME=noble' in nodes["/usr/lib/os-release"].blob.read()
    assert b"ubuntu:x:1000:1000" in nodes["/etc/passwd"].blob.read()
    assert "/etc/apt/sources.list.d/debian.sources" not in nodes
