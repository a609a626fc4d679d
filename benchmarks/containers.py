"""Speed and memory figures for containers and copy-on-write, run by hand (``make bench``)."""

from __future__ import annotations

import gc
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storagekit import DockerHost
from storagekit.docker import reference as refs
from storagekit.docker.images import make_config
from storagekit.fs import Blob, Dir, FileSystem


def deep_image(host: DockerHost, layers: int = 50, files: int = 100_000) -> None:
    """A 50-layer image holding 100,000 files, a 1 MB file in the lowest layer, and a shell."""
    parent = None
    per_layer = files // layers
    diff_ids = []
    for n in range(layers):
        root = Dir()
        fs = FileSystem(root)
        if n == 0:
            fs.mkdir("/bin")
            fs.write("/bin/dash", Blob.synthetic(125560, "dash"), perm=0o755)
            fs.symlink("dash", "/bin/sh")
            fs.mkdir("/data", parents=True)
            fs.write("/data/big.bin", Blob.synthetic(1 << 20, "big"))
        for i in range(per_layer):
            d = f"/srv/l{n:02d}/d{i // 100:03d}"
            if i % 100 == 0:
                fs.mkdir(d, parents=True)
            fs.write(f"{d}/f{i:05d}", Blob.synthetic(100, f"{n}:{i}"))
        parent = host.engine.register_layer(root, parent)
        diff_ids.append(parent.diff_id)
    config = make_config(architecture="amd64", os="linux", created="2025-07-21T00:00:00Z",
                         container_config={"Cmd": ["sleep", "infinity"]},
                         history=[{"created": "2025-07-21T00:00:00Z",
                                   "created_by": f"layer {i}"} for i in range(layers)],
                         diff_ids=diff_ids)
    image = host.engine.commit(config, parent)
    host.engine.tag(refs.parse("deep"), image)


def median_of(fn, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    host = DockerHost()
    t = time.perf_counter()
    deep_image(host)
    print(f"(setting up the 50-layer, 100,000-file image took {time.perf_counter() - t:.1f} s)")
    host.sh("docker run -d --name c1 deep")
    c = host.engine.containers.resolve("c1")
    fs = host.engine.container_fs(c)
    paths = [f"/srv/l{n:02d}/d{(n * 7) % 20:03d}/f{(n * 7 % 20) * 100:05d}" for n in range(50)]
    lookups = []
    for _ in range(20):
        for p in paths:
            start = time.perf_counter()
            fs.lstat(p)
            lookups.append(time.perf_counter() - start)
    median = statistics.median(lookups) * 1e6
    print(f"path lookup, median over {len(lookups)}:            {median:8.1f} µs  (target < 20 µs)")
    copyups = []
    for n in range(20):
        c2 = host.engine.create_container(host.engine.images.resolve("deep"), "deep", name=f"cu{n}")
        fs2 = host.engine.container_fs(c2)
        start = time.perf_counter()
        fs2.write("/data/big.bin", b"x", append=True)
        copyups.append(time.perf_counter() - start)
    print(f"first write to a 1 MB lower file (copy-up):   {statistics.median(copyups) * 1e3:8.2f} ms  (target < 1 ms)")
    for i in range(200):
        fs.write(f"/tmp-{i}.txt", b"x" * 10)
    print(f"docker diff:                                 {median_of(lambda: host.sh('docker diff c1'), 5) * 1e3:8.1f} "
          "ms  (target < 100 ms)")
    for n in range(100):
        host.engine.create_container(host.engine.images.resolve("deep"), "deep", name=f"many{n}")
    print(f"docker ps -s with {len(host.engine.containers.containers)} containers:          "
          f"{median_of(lambda: host.sh('docker ps -a -s'), 5) * 1e3:8.1f} ms  (target < 200 ms)")
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for n in range(200):
        host.engine.create_container(host.engine.images.resolve("deep"), "deep", name=f"idle{n}")
    gc.collect()
    per = (tracemalloc.get_traced_memory()[0] - before) / 200
    tracemalloc.stop()
    print(f"memory per idle container:                   {per / 1024:8.1f} KB  (target < 50 KB, beyond its upper dir)")


if __name__ == "__main__":
    main()
