"""Speed and memory figures for the Docker engine, run by hand (``make bench``).

Each figure is printed next to its target; none of them is asserted, because
timings depend on the machine. Run on an otherwise idle machine.
"""

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


def timed(fn, repeat: int = 5) -> float:
    """Median wall time of ``fn()`` in seconds."""
    samples = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def synthetic_base(host: DockerHost, name: str, files: int, total_bytes: int) -> None:
    """Register a one-layer image with ``files`` files sharing ``total_bytes``, plus a shell."""
    root = Dir()
    fs = FileSystem(root)
    fs.mkdir("/bin")
    fs.write("/bin/dash", Blob.synthetic(125560, "dash"), perm=0o755)
    fs.symlink("dash", "/bin/sh")
    fs.mkdir("/usr/bin", parents=True)
    for tool in ("mkdir", "touch", "cp", "rm", "cat", "ls", "echo"):
        fs.write(f"/usr/bin/{tool}", Blob.synthetic(40000, tool), perm=0o755)
    per_dir = 100
    size = max(1, total_bytes // files)
    for i in range(files):
        d = f"/usr/share/data/d{i // per_dir:03d}"
        if i % per_dir == 0:
            fs.mkdir(d, parents=True)
        fs.write(f"{d}/f{i:05d}", Blob.synthetic(size, f"{name}:{i}"))
    layer = host.engine.register_layer(root, None)
    config = make_config(architecture="amd64", os="linux", created="2025-07-21T00:00:00Z",
                         container_config={"Env": ["PATH=/usr/local/bin:/usr/bin:/bin"], "Cmd": ["/bin/sh"]},
                         history=[{"created": "2025-07-21T00:00:00Z", "created_by": "ADD rootfs.tar / # buildkit"}],
                         diff_ids=[layer.diff_id])
    image = host.engine.commit(config, layer, repo_digests=[f"{name}@sha256:" + "0" * 64])
    host.engine.tag(refs.parse(name), image)


def forty_instructions() -> str:
    lines = ["FROM base10k"]
    for i in range(13):
        lines += [f"RUN mkdir -p /app/s{i} && echo step{i} > /app/s{i}/out.txt", f"ENV STEP{i}={i}",
                  f"COPY file{i % 4}.txt /app/c{i}/"]
    return "\n".join(lines) + "\n"


def bench_build() -> float:
    host = DockerHost()
    synthetic_base(host, "base10k", 10_000, 50_000_000)
    for i in range(4):
        host.write(f"/src/b/file{i}.txt", f"content {i}\n")
    host.write("/src/b/Dockerfile", forty_instructions())
    counter = iter(range(1000))

    def build() -> None:
        r = host.sh(f"cd /src/b && docker build --no-cache -t b{next(counter)} .")
        assert r.code == 0, r.err[-2000:]

    return timed(build, repeat=3)


def bench_save() -> float:
    host = DockerHost()
    synthetic_base(host, "big", 2_000, 100_000_000)
    return timed(lambda: host.engine.save(["big"]), repeat=3)


def bench_fresh_host() -> float:
    DockerHost()  # imports and catalogue indexes loaded once, as in a notebook
    return timed(DockerHost, repeat=20)


def bench_memory() -> tuple[float, int]:
    tracemalloc.start()
    host = DockerHost()
    names = ["ubuntu:22.04", "ubuntu:24.04", "debian:bookworm", "debian:bookworm-slim", "python:3.12-slim",
             "nginx", "alpine:3.20", "alpine:3.21", "busybox", "hello-world"]
    for name in names:
        r = host.sh(f"docker pull {name}")
        assert r.code == 0, r.err
    gc.collect()
    current, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return current / 1e6, len(host.engine.images.images)


def bench_layer_tree() -> float:
    from storagekit.docker.catalogue import images

    spec = images.layer_spec("buildpack-deps-bookworm-full-20250721")
    return timed(lambda: spec.build_tree(0), repeat=5)


def main() -> None:
    print(f"catalogue layer of 11,749 entries -> tree:   {bench_layer_tree() * 1000:8.1f} ms   (target < 50 ms)")
    print(f"fresh DockerHost():                          {bench_fresh_host() * 1000:8.1f} ms   (target < 50 ms)")
    print(f"40-instruction build over a 10,000-file base: {bench_build():8.2f} s    (target < 1 s)")
    print(f"docker save of a 100 MB image:               {bench_save():8.2f} s    (target < 2 s)")
    mb, count = bench_memory()
    print(f"memory of a host with {count} images:           {mb:8.1f} MB   (target < 100 MB)")


if __name__ == "__main__":
    main()
