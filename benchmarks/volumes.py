"""Speed figures for mounts, run by hand (``make bench``): parsing specs and filling a volume from an image."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storagekit import DockerHost
from storagekit.commands.docker.opts import parse_mount as client_mount
from storagekit.commands.docker.volumespec import route
from storagekit.docker import reference as refs
from storagekit.docker.images import make_config
from storagekit.docker.volumes.spec import parse_bind, parse_mount
from storagekit.fs import Blob, Dir, FileSystem

SPECS = ["data:/var/lib/data", "/srv/site:/usr/share/nginx/html:ro", "/cache", "./src:/app:rw,z",
         "name:/x:nocopy", "/h:/c:ro,rslave"]
MOUNTS = ["type=volume,source=data,target=/data,volume-nocopy", "type=bind,src=/etc,dst=/host-etc,readonly",
          "type=tmpfs,dst=/run,tmpfs-size=64m,tmpfs-mode=1770", "src=vol,dst=/v,volume-label=a=b"]


def parse_10000() -> float:
    """10,000 specs through the client's and the daemon's checks, as docker run does."""
    start = time.perf_counter()
    for i in range(10_000):
        if i % 2:
            binds, _ = route([SPECS[i % len(SPECS)]], "/root")
            for b in binds:
                parse_bind(b)
        else:
            parse_mount(client_mount(MOUNTS[i % len(MOUNTS)]), exists=lambda p: True)
    return time.perf_counter() - start


def image_with_10000_files(host: DockerHost) -> None:
    root = Dir()
    fs = FileSystem(root)
    for i in range(10_000):
        d = f"/srv/data/d{i // 100:03d}"
        if i % 100 == 0:
            fs.mkdir(d, parents=True)
        fs.write(f"{d}/f{i:05d}", Blob.synthetic(1000, str(i)))
    layer = host.engine.register_layer(root, None)
    config = make_config(architecture="amd64", os="linux", created="2026-01-05T09:00:00Z",
                         container_config={"Cmd": ["true"], "Volumes": {"/srv/data": {}}}, history=[],
                         diff_ids=[layer.diff_id])
    host.engine.tag(refs.parse("tenk"), host.engine.commit(config, layer))


def main() -> None:
    runs = [parse_10000() for _ in range(5)]
    print(f"parse and validate 10,000 mount specs:      {statistics.median(runs) * 1e3:8.1f} ms  (target < 500 ms)")
    host = DockerHost()
    image_with_10000_files(host)
    image = host.engine.images.lookup("tenk:latest")
    fills = []
    for n in range(5):
        start = time.perf_counter()
        host.engine.create_container(image, "tenk", name=f"fill{n}", binds=[f"vol{n}:/srv/data"])
        fills.append(time.perf_counter() - start)
    files = host.sh("find /var/lib/docker/volumes/vol0/_data -type f | wc -l").out.strip()
    print(f"create a container, filling a volume of {files} files: {statistics.median(fills) * 1e3:6.1f} ms  "
          "(target < 200 ms)")


if __name__ == "__main__":
    main()
