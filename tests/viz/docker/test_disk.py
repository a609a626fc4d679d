"""data_root: /var/lib/docker as a tree, each directory wired to the layer, image, container or volume it stores."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.docker.storage.snapshotter import CONTAINERD_ROOT
from storagekit.viz import data_root
from storagekit.viz.style import node_id
from tests.viz.docker.conftest import run
from tests.viz.dot import edges, golden, node_labels, render

ROOT = "/var/lib/docker"


def stored_by(g, node: str) -> set[str]:
    return {tail for tail, head, attrs in edges(g) if head == node and attrs.get("style") == "dotted"}


def test_a_layer_has_two_names_cache_id_and_chain_id(flask_host):
    g = data_root(flask_host)
    golden("docker", "data_root_flask", g)
    labels = node_labels(g)
    layer = flask_host.engine.images.resolve("mmumshad/my-custom-app").layers[1]
    name = node_id("layer", layer.chain_id)
    assert stored_by(g, name) == {f"dir {ROOT}/overlay2/{layer.cache_id}",
                                  f"dir {ROOT}/image/overlay2/layerdb/sha256/{layer.chain_id[7:]}"}
    assert labels[name].split("\n")[1:] == [f"diffID {layer.diff_id[7:19]} · chainID {layer.chain_id[7:19]}",
                                            f"cache-id {layer.cache_id[:12]} · 414MB"]
    assert labels[f"dir {ROOT}/overlay2/{layer.cache_id}"].startswith(f"{layer.cache_id[:12]}…/")
    assert "chainID = sha256(parent's chainID" in labels["why two names"]


def test_containers_images_and_volumes_are_wired_to_their_directories(flask_host):
    g = data_root(flask_host)
    web1 = flask_host.engine.containers.resolve("web1")
    assert {f"dir {ROOT}/containers/{web1.id}", f"dir {ROOT}/overlay2/{web1.mount_id}",
            f"dir {ROOT}/overlay2/{web1.mount_id}-init"} <= stored_by(g, node_id("container", web1.id))
    image = flask_host.engine.images.resolve("mmumshad/my-custom-app-2")
    assert f"dir {ROOT}/image/overlay2/imagedb/content/sha256/{image.id[7:]}" in stored_by(g,
                                                                                           node_id("image", image.id))
    assert node_labels(g)[f"dir {ROOT}/overlay2"].startswith("overlay2/\n")


def test_depth_opens_a_sample_of_each_kind_of_directory(flask_host):
    shallow, deep = node_labels(data_root(flask_host, depth=2)), node_labels(data_root(flask_host))
    opened = [n for n in deep if n.startswith(f"dir {ROOT}/overlay2/") and n.endswith("/link")]
    assert len(opened) == 1  # one layer directory shows what all of them hold
    assert not any(n.endswith("/link") for n in shallow)
    assert any(n.startswith(f"dir {ROOT}/image/overlay2/layerdb/sha256/") for n in shallow)  # wired: always listed
    assert deep[f"dir {ROOT}/buildkit"] == "buildkit/\n147kB · 6 entries"  # stores nothing drawn: not opened


@pytest.mark.parametrize("kw,home", [
    ({"daemon_json": {"storage-driver": "vfs"}}, f"{ROOT}/vfs/dir"),
    ({"machine": "debian-12-btrfs", "daemon_json": {"storage-driver": "btrfs"}}, f"{ROOT}/btrfs/subvolumes"),
])
def test_whole_tree_drivers_keep_a_directory_per_layer_and_container(kw, home):
    host = sk.DockerHost(**kw)
    run(host, "docker run -d --name box busybox sleep 600", "docker volume create keep")
    g = data_root(host)
    labels = node_labels(g)
    box = host.engine.containers.resolve("box")
    assert f"dir {home}/{box.mount_id}-init" in labels and f"dir {home}/{box.mount_id}" in labels
    layer = box.image.top_layer
    assert f"dir {home}/{layer.cache_id}" in stored_by(g, node_id("layer", layer.chain_id))
    assert stored_by(g, node_id("volume", "keep")) == {f"dir {ROOT}/volumes/keep"}


def test_the_containerd_store_draws_snapshots_and_blobs():
    host = sk.DockerHost(engine_version="29.0.0")
    run(host, "docker run -d --name box busybox sleep 600")
    g = data_root(host)
    golden("docker", "data_root_containerd", g)
    labels = node_labels(g)
    layer = host.engine.containers.resolve("box").image.top_layer
    snapshots = f"{CONTAINERD_ROOT}/io.containerd.snapshotter.v1.overlayfs/snapshots"
    stores = stored_by(g, node_id("layer", layer.chain_id))
    assert f"dir {snapshots}/1" in stores and any("/blobs/sha256/" in d for d in stores)
    assert labels[node_id("layer", layer.chain_id)].split("\n")[2].startswith("snapshot 1 · ")
    assert f"dir {ROOT}/image" not in labels


@pytest.mark.exe
def test_it_renders(flask_host):
    assert b"<svg" in render(data_root(flask_host))
