"""Each storage driver's directories under /var/lib/docker, its inspect data, and what removal leaves."""

import json

import pytest

from storagekit.commands.host import DockerHost

MACHINE = {"btrfs": "debian-12-btrfs", "zfs": "debian-12-zfs", "fuse-overlayfs": "rootless-old-kernel"}
ROOT = "/var/lib/docker"


def host_with(driver: str) -> DockerHost:
    host = DockerHost(machine=MACHINE.get(driver, "debian-12"), daemon_json={"storage-driver": driver})
    assert host.daemon_log == "", host.daemon_log
    return host


def inspect(host, what: str) -> dict:
    return json.loads(host.sh(f"docker inspect {what}").out)[0]


@pytest.mark.parametrize("driver, listing", [
    ("overlay2", "l"), ("vfs", "dir"), ("btrfs", "subvolumes"), ("zfs", "graph"), ("fuse-overlayfs", "l"),
])
def test_each_driver_has_its_home_and_its_image_dir(driver, listing):
    host = host_with(driver)
    host.sh("docker pull -q busybox")
    assert listing in host.sh(f"ls {ROOT}/{driver}").out.split()
    assert host.fs.isdir(f"{ROOT}/image/{driver}/layerdb/sha256")
    others = {"overlay2", "vfs", "btrfs", "zfs", "fuse-overlayfs"} - {driver}
    assert not others & set(host.fs.listdir(ROOT))


def test_vfs_keeps_a_whole_tree_per_layer_and_per_container():
    host = host_with("vfs")
    host.sh("docker run -d --name box busybox sleep 1000")
    c = host.engine.containers.resolve("box")
    dirs = host.fs.listdir(f"{ROOT}/vfs/dir")
    assert set(dirs) == {layer.cache_id for layer in c.image.layers} | {c.mount_id, f"{c.mount_id}-init"}
    rw = f"{ROOT}/vfs/dir/{c.mount_id}"
    assert host.fs.isfile(f"{rw}/bin/busybox") and host.fs.isfile(f"{rw}/.dockerenv")
    assert inspect(host, "box")["GraphDriver"] == {"Data": None, "Name": "vfs"}
    host.sh("docker exec box sh -c 'echo hi > /inside'")
    assert host.read(f"{rw}/inside") == b"hi\n"  # no copy-up: the container writes into its own tree
    assert host.read(f"{ROOT}/image/vfs/layerdb/mounts/{c.id}/mount-id").decode() == c.mount_id
    host.sh("docker rm -f box")
    assert set(host.fs.listdir(f"{ROOT}/vfs/dir")) == {layer.cache_id for layer in c.image.layers}


def test_btrfs_subvolumes_share_the_image_files():
    host = host_with("btrfs")
    host.sh("docker run -d --name box busybox sleep 1000")
    c = host.engine.containers.resolve("box")
    layer = c.image.layers[-1].cache_id
    image_copy = host.fs.lstat(f"{ROOT}/btrfs/subvolumes/{layer}/bin/busybox")
    container_copy = host.fs.lstat(f"{ROOT}/btrfs/subvolumes/{c.mount_id}/bin/busybox")
    assert image_copy is not container_copy and image_copy.blob is container_copy.blob
    assert inspect(host, "box")["GraphDriver"] == {"Data": None, "Name": "btrfs"}


def test_zfs_mounts_a_dataset_only_while_the_container_runs():
    host = host_with("zfs")
    host.sh("docker create --name box busybox sleep 1000")
    c = host.engine.containers.resolve("box")
    assert host.fs.listdir(f"{ROOT}/zfs/graph") == []
    host.sh("docker start box")
    assert host.fs.listdir(f"{ROOT}/zfs/graph") == [c.mount_id]
    assert inspect(host, "box")["GraphDriver"]["Data"] == {
        "Dataset": f"zpool-docker/{c.mount_id}", "Mountpoint": f"{ROOT}/zfs/graph/{c.mount_id}"}
    assert f"zpool-docker/{c.mount_id}" in host.sh("df").out
    host.sh("docker stop box")
    assert host.fs.listdir(f"{ROOT}/zfs/graph") == []


@pytest.mark.parametrize("driver", ["overlay2", "fuse-overlayfs"])
def test_overlay_drivers_name_their_dirs_in_inspect(driver):
    host = host_with(driver)
    host.sh("docker run -d --name box busybox sleep 1000")
    data = inspect(host, "box")["GraphDriver"]["Data"]
    assert sorted(data) == ["LowerDir", "MergedDir", "UpperDir", "WorkDir"]
    for key in ("UpperDir", "WorkDir", "MergedDir"):
        assert data[key].startswith(f"{ROOT}/{driver}/") and host.fs.isdir(data[key])
    image = inspect(host, "busybox")["GraphDriver"]
    assert image["Name"] == driver and image["Data"]["UpperDir"].startswith(f"{ROOT}/{driver}/")


@pytest.mark.parametrize("driver, etc_listed", [("overlay2", False), ("vfs", True), ("btrfs", True),
                                                ("zfs", True), ("fuse-overlayfs", True)])
def test_docker_diff_follows_the_drivers_algorithm(driver, etc_listed):
    host = host_with(driver)
    host.sh("docker run -d --name box busybox sleep 1000")
    host.sh("docker exec box sh -c 'echo x >> /etc/passwd'")
    assert ("C /etc\n" in host.sh("docker diff box").out) is etc_listed
    assert "C /etc/passwd" in host.sh("docker diff box").out


@pytest.mark.parametrize("driver", ["overlay2", "vfs", "zfs"])
def test_commit_turns_the_changes_into_one_layer_with_a_whiteout(driver):
    host = host_with(driver)
    host.sh("docker run -d --name box busybox sleep 1000")
    host.sh("docker exec box sh -c 'rm /etc/group; echo new > /added'")
    host.sh("docker commit box snap")
    r = host.sh("docker run --rm snap sh -c 'cat /added; ls /etc/group'")
    assert r.out == "new\n" and "No such file" in r.err
    top = host.engine.images.lookup("snap:latest").layers[-1].root
    assert top.children["etc"].children["group"].is_whiteout()


def test_whole_tree_copies_keep_hard_links():
    """busybox's applets are hard links to one binary; a full copy must not turn them into hundreds of files."""
    host = host_with("vfs")
    host.sh("docker run -d --name box busybox sleep 1000")
    c = host.engine.containers.resolve("box")
    tree = f"{ROOT}/vfs/dir/{c.mount_id}"
    assert host.fs.lstat(f"{tree}/bin/ls") is host.fs.lstat(f"{tree}/bin/busybox")
    assert host.fs.lstat(f"{tree}/bin/ls").nlink > 200
    host.sh("docker export box -o /tmp/box.tar")
    assert len(host.read("/tmp/box.tar")) < 5_000_000


@pytest.mark.parametrize("driver", ["overlay2", "vfs", "btrfs", "fuse-overlayfs"])
def test_tree_path_is_where_a_layer_and_a_container_keep_their_files(driver):
    host = host_with(driver)
    host.sh("docker run -d --name box busybox sleep 600")
    host.sh("docker exec box touch /made-here")
    engine = host.engine
    c = engine.containers.resolve("box")
    layer = c.image.top_layer
    whole_tree = engine.graph.trees[layer.cache_id] if driver in ("vfs", "btrfs") else layer.root
    assert host.fs.lstat(engine.graph.tree_path(layer.cache_id)) is whole_tree
    assert "made-here" in host.fs.listdir(engine.graph.tree_path(c.mount_id))
    assert host.fs.isdir(engine.graph.tree_path(f"{c.mount_id}-init") + "/etc")


@pytest.mark.parametrize("driver", ["overlay2", "vfs", "btrfs", "fuse-overlayfs"])
def test_the_data_root_says_where_each_object_is_stored(driver):
    host = host_with(driver)
    host.sh("docker run -d --name box busybox sleep 600")
    engine = host.engine
    c = engine.containers.resolve("box")
    layer, image = c.image.top_layer, c.image
    files, meta = engine.data_root.layer_paths(layer)
    layer_dirs = {"overlay2": "overlay2", "fuse-overlayfs": "fuse-overlayfs", "vfs": "vfs/dir",
                  "btrfs": "btrfs/subvolumes"}
    assert files == f"{ROOT}/{layer_dirs[driver]}/{layer.cache_id}"  # the driver names it by cache-id
    assert host.fs.read(f"{meta}/cache-id").decode() == layer.cache_id  # layerdb names it by chainID
    assert meta.endswith(layer.chain_id[7:])
    assert all(host.fs.exists(p) for p in engine.data_root.image_paths(image) + engine.data_root.container_paths(c))
    assert engine.graph.home_path == f"{ROOT}/{driver}"


@pytest.mark.parametrize("driver, opts, code, err", [
    ("overlay2", "--storage-opt size=1G", 125, "--storage-opt is supported only for overlay over xfs with 'pquota' "
                                               "mount option"),
    ("overlay2", "--storage-opt Foo=1", 125, "Unknown option foo"),
    ("fuse-overlayfs", "--storage-opt size=1G", 125, "--storage-opt is not supported"),
    ("vfs", "--storage-opt size=1G", 125, "Filesystem does not support, or has not enabled quotas"),
    ("vfs", "--storage-opt foo=1", 125, "Storage opt foo not supported"),
    ("btrfs", "--storage-opt size=0", 125, "btrfs: invalid storage size: 0B"),
    ("btrfs", "--storage-opt size=abc", 125, "invalid size: 'abc'"),
    ("btrfs", "--storage-opt size=1G --storage-opt Foo=1", 125, "Unknown option foo"),
    ("btrfs", "--storage-opt foo=1", 0, ""),  # read only when there is a size: kept, unused
    ("zfs", "--storage-opt foo=1", 125, "Unknown option foo"),
    ("btrfs", "--storage-opt size=1G", 1, "[storagekit] --storage-opt size is not simulated"),
    ("zfs", "--storage-opt size=1G", 1, "[storagekit] --storage-opt size is not simulated"),
])
def test_each_driver_takes_storage_options_its_own_way(driver, opts, code, err):
    """moby's ``CreateReadWrite`` per driver: overlay2 wants XFS with pquota for a size, vfs has no quota here, btrfs
    and zfs would set one (a quota the simulated disks do not have). Nothing is made when it refuses."""
    host = host_with(driver)
    host.sh("docker pull -q busybox")
    before = host.sh(f"ls {ROOT}/containers").out
    r = host.sh(f"docker run {opts} busybox true")
    assert r.code == code
    assert err in r.err
    if code:
        assert host.sh(f"ls {ROOT}/containers").out == before


def test_the_containerd_store_keeps_storage_options_and_uses_none():
    host = DockerHost(engine_version="29.0.0")
    host.sh("docker pull -q busybox")
    assert host.sh("docker run --name quota --storage-opt size=1G busybox true").code == 0
    assert host.sh("docker inspect -f '{{json .HostConfig.StorageOpt}}' quota").out == '{"size":"1G"}\n'
