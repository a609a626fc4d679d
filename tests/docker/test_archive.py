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


class _Reader:
    """A file object over a blob's chunks, for tarfile's stream mode: nothing but the current chunk is held."""

    def __init__(self, chunks) -> None:
        self.chunks, self.rest = chunks, b""

    def read(self, n: int = -1) -> bytes:
        while n < 0 or len(self.rest) < n:
            chunk = next(self.chunks, None)
            if chunk is None:
                break
            self.rest += chunk
        out, self.rest = (self.rest, b"") if n < 0 else (self.rest[:n], self.rest[n:])
        return out


def test_save_streams_a_large_image_in_bounded_memory(bench):
    """A 192 MiB layer is saved, every byte read and every blob checked against its name, holding a few MiB."""
    import hashlib
    import tracemalloc

    from storagekit.docker import reference as refs
    from storagekit.docker.images import make_config
    from storagekit.fs import Blob, Dir, FileSystem

    root = Dir()
    fs = FileSystem(root)
    fs.write("/big", Blob.synthetic(192 << 20, "big"))
    fs.write("/small", b"hello\n")
    layer = bench.engine.register_layer(root, None)
    config = make_config(architecture="amd64", os="linux", created="2025-07-21T00:00:00Z", container_config={},
                         history=[{"created": "2025-07-21T00:00:00Z", "created_by": "ADD rootfs.tar /"}],
                         diff_ids=[layer.diff_id])
    bench.engine.tag(refs.parse("big"), bench.engine.commit(config, layer))
    archive = bench.engine.save(["big"])
    tracemalloc.start()
    try:
        checked = {}
        with tarfile.open(fileobj=_Reader(archive.chunks()), mode="r|") as tar:
            for member in tar:
                if member.name.startswith("blobs/sha256/") and member.isfile():
                    h, f = hashlib.sha256(), tar.extractfile(member)
                    while chunk := f.read(1 << 20):
                        h.update(chunk)
                    checked[member.name[13:]] = h.hexdigest()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert archive.size > 192 << 20
    assert layer.diff_id[7:] in checked and all(name == digest for name, digest in checked.items())
    assert peak < 24 << 20, f"saving held {peak >> 20} MiB"
