"""``docker save`` writes an OCI layout that real tools accept; ``docker load`` reads it back."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tarfile

import pytest

from tests.docker.build.test_cache_rules import SEED, build


def test_save_writes_an_oci_layout_whose_layer_digests_are_diff_ids(bench):
    _, image = build(bench, SEED, {"app.py": "x"}, tag="app:v1")
    data = bench.engine.save(["app:v1"]).read()
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        names = tar.getnames()
        index = json.load(tar.extractfile("index.json"))
        desc = index["manifests"][0]
        manifest = json.load(tar.extractfile("blobs/sha256/" + desc["digest"][7:]))
    assert {"oci-layout", "index.json", "manifest.json"} <= set(names)
    assert desc["annotations"]["io.containerd.image.name"] == "docker.io/library/app:v1"
    assert [d["digest"] for d in manifest["layers"]] == image.config["rootfs"]["diff_ids"]
    assert manifest["config"]["digest"] == image.id


def test_load_round_trip_on_a_fresh_host(bench):
    from tests.docker.conftest import Bench

    _, image = build(bench, SEED, {"app.py": "x"}, tag="app:v1")
    data = bench.engine.save(["app:v1"]).read()
    other = Bench()
    assert other.engine.load(data) == ["Loaded image: app:v1"]
    loaded = other.engine.images.resolve("app:v1")
    assert loaded.id == image.id
    assert [layer.diff_id for layer in loaded.layers] == [layer.diff_id for layer in image.layers]


@pytest.mark.skipif(shutil.which("umoci") is None, reason="umoci is not installed (apt-get install umoci)")
def test_umoci_unpacks_the_archive(bench, tmp_path):
    build(bench, SEED + "RUN rm /etc/os-release\n", {"app.py": "print('hello')\n"}, tag="app:v1")
    data = bench.engine.save(["app:v1"]).read()
    layout = tmp_path / "layout"
    layout.mkdir()
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(layout, filter="data")
    bundle = tmp_path / "bundle"
    run = subprocess.run(["umoci", "unpack", "--rootless", "--image", f"{layout}:v1", str(bundle)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    rootfs = bundle / "rootfs"
    assert (rootfs / "opt/source-code/app.py").read_text() == "print('hello')\n"
    assert not (rootfs / "etc/os-release").exists()
    assert not list(rootfs.rglob(".wh.*"))
