"""The containerd image store: content blobs, numbered snapshots, and image IDs that name manifests."""

import json

from storagekit.commands.host import DockerHost
from storagekit.docker.content import CONTENT_ROOT, manifest_json
from storagekit.sim.ids import sha256_digest

SNAPSHOTS = "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots"


def fresh_29() -> DockerHost:
    host = DockerHost(engine_version="29.0.0")
    assert (host.selection.image_store, host.selection.driver) == ("containerd", "overlayfs")
    return host


def test_a_fresh_engine_29_keeps_images_in_containerd():
    host = fresh_29()
    host.sh("docker pull -q busybox")
    assert "image" not in host.fs.listdir("/var/lib/docker")
    assert "overlay2" not in host.fs.listdir("/var/lib/docker")
    image = host.engine.images.lookup("busybox:latest")
    blobs = set(host.fs.listdir(f"{CONTENT_ROOT}/blobs/sha256"))
    manifest = manifest_json(image)
    assert {image.config_digest[7:], sha256_digest(manifest)[7:], image.id[7:]} <= blobs
    assert host.fs.read(f"{CONTENT_ROOT}/blobs/sha256/{sha256_digest(manifest)[7:]}") == manifest
    layer_blob = json.loads(manifest)["layers"][0]["digest"][7:]
    assert layer_blob in blobs
    assert host.fs.listdir(SNAPSHOTS) == ["1"]
    assert host.fs.isfile(f"{SNAPSHOTS}/1/fs/bin/busybox") and host.fs.isdir(f"{SNAPSHOTS}/1/work")


def test_a_pulled_image_is_named_by_its_index_digest():
    host = fresh_29()
    out = host.sh("docker pull busybox").out
    digest = next(line.split()[1] for line in out.splitlines() if line.startswith("Digest:"))
    assert host.sh("docker images -q --no-trunc busybox").out == digest + "\n"
    assert host.sh("docker image inspect -f '{{.Id}}' busybox").out == digest + "\n"


def test_a_container_gets_an_init_snapshot_and_an_active_one():
    host = fresh_29()
    host.sh("docker run -d --name box busybox sleep 1000")
    assert host.fs.listdir(SNAPSHOTS) == ["1", "2", "3"]
    assert host.fs.isfile(f"{SNAPSHOTS}/2/fs/.dockerenv")  # <id>-init, committed
    host.sh("docker exec box sh -c 'echo hi > /note'")
    assert host.read(f"{SNAPSHOTS}/3/fs/note") == b"hi\n"  # <id>, the writable layer
    assert host.sh("docker inspect -f '{{json .GraphDriver}}' box").out == '{"Data":null,"Name":"overlayfs"}\n'
    host.sh("docker rm -f box")
    assert host.fs.listdir(SNAPSHOTS) == ["1"]


def test_switching_stores_hides_the_other_stores_images():
    host = DockerHost(engine_version="29.0.0", daemon_json={"features": {"containerd-snapshotter": False}})
    assert host.selection.driver == "overlay2"
    host.sh("docker pull -q busybox")
    host.restart_daemon({"features": {"containerd-snapshotter": True}})
    assert host.sh("docker info --format '{{.Driver}}'").out == "overlayfs\n"
    assert host.sh("docker images -q").out == ""
    assert "containerd-snapshotter=true" in host.sh("journalctl -u docker").out
    host.restart_daemon({"features": {"containerd-snapshotter": False}})
    assert host.sh("docker images --format '{{.Repository}}'").out == "busybox\n"


def test_the_native_snapshotter_copies_every_snapshot():
    host = DockerHost(engine_version="29.0.0", daemon_json={"storage-driver": "native"})
    assert (host.selection.image_store, host.selection.driver) == ("containerd", "native")
    host.sh("docker run -d --name box busybox sleep 1000")
    native = "/var/lib/containerd/io.containerd.snapshotter.v1.native/snapshots"
    assert host.fs.listdir(native) == ["1", "2", "3"]
    assert host.fs.isfile(f"{native}/3/bin/busybox")


def test_pull_output_has_no_waiting_or_checksum_lines():
    out = fresh_29().sh("docker pull python:3.12-slim").out
    assert "Waiting" not in out and "Verifying Checksum" not in out
    statuses = [line.split(": ", 1)[1] for line in out.splitlines() if line[:12].isalnum() and ": " in line]
    n = statuses.count("Pulling fs layer")
    assert n > 1 and statuses == ["Pulling fs layer"] * n + ["Download complete"] * n + ["Pull complete"] * n


def test_sizes_count_blocks_and_compressed_content():
    host = fresh_29()
    host.sh("docker run -d --name box busybox sleep 1000")
    engine = host.engine
    image = engine.images.lookup("busybox:latest")
    inspect_size = int(host.sh("docker image inspect -f '{{.Size}}' busybox").out)
    assert inspect_size < image.size  # compressed blobs only
    listed = host.sh("docker images --format '{{.Size}}' busybox").out.strip()
    assert listed == "6.19MB"  # the blobs plus the unpacked snapshot
    assert host.sh("docker ps -s --format '{{.Size}}'").out.startswith("4.1kB")  # the active snapshot's root dir


def test_a_buildkit_image_is_named_by_the_index_over_its_manifest_and_provenance():
    host = fresh_29()
    host.write("/root/app/Dockerfile", "FROM busybox\nRUN echo hi > /hi\n")
    r = host.sh("docker build -t hi /root/app")
    image = host.engine.images.lookup("hi:latest")
    index = host.fs.read(f"{CONTENT_ROOT}/blobs/sha256/{image.id[7:]}")
    assert sha256_digest(index) == image.id
    doc = json.loads(index)
    assert doc["manifests"][1]["annotations"]["vnd.docker.reference.type"] == "attestation-manifest"
    assert f"#6 exporting manifest list {image.id} done" in r.err
    assert "#6 unpacking to docker.io/library/hi:latest 0.1s done" in r.err
    assert host.sh("docker run --rm hi cat /hi").out == "hi\n"


def test_tree_path_names_the_numbered_snapshot():
    host = DockerHost(engine_version="29.0.0")
    host.sh("docker run -d --name box busybox sleep 600")
    engine = host.engine
    c = engine.containers.resolve("box")
    layer = c.image.top_layer
    assert engine.graph.tree_path(layer.cache_id).endswith("/snapshots/1/fs")
    assert host.fs.lstat(engine.graph.tree_path(c.mount_id)) is c.upper
    assert engine.graph.tree_path("no-such-snapshot") == ""


def test_the_data_root_names_snapshots_and_blobs_of_each_object():
    host = fresh_29()
    host.sh("docker run -d --name box busybox sleep 600")
    engine = host.engine
    c = engine.containers.resolve("box")
    snapshot, blob = engine.data_root.layer_paths(c.image.top_layer)
    assert snapshot == f"{SNAPSHOTS}/1" and blob.startswith(f"{CONTENT_ROOT}/blobs/sha256/")
    paths = engine.data_root.image_paths(c.image) + engine.data_root.container_paths(c) + [snapshot, blob]
    assert all(host.fs.exists(p) for p in paths)
    assert f"{CONTENT_ROOT}/blobs/sha256/{c.image.id[7:]}" in engine.data_root.image_paths(c.image)
    assert engine.graph.home_path == SNAPSHOTS.rsplit("/", 1)[0]
