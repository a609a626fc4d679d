"""Disk figures per storage driver: five containers from one 100 MB image, run by hand (``make bench``).

Prints, for each driver, what ``df`` says the image and the five containers
cost, what ``du`` says (it cannot see extents that btrfs and zfs share), and
how long the runs took.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storagekit import DockerHost
from storagekit.docker import reference as refs
from storagekit.docker.images import make_config
from storagekit.fs import Blob, Dir, FileSystem

MACHINES = {"overlay2": "debian-12", "vfs": "debian-12", "btrfs": "debian-12-btrfs", "zfs": "debian-12-zfs"}


def hundred_mb_image(host: DockerHost) -> None:
    """busybox plus two 50 MB layers, tagged ``hundred``."""
    assert host.sh("docker pull -q busybox").code == 0
    base = host.engine.images.lookup("busybox:latest")
    top, diff_ids = base.top_layer, list(base.config["rootfs"]["diff_ids"])
    for name in ("a", "b"):
        root = Dir()
        FileSystem(root).mkdir("/data")
        FileSystem(root).write(f"/data/{name}.bin", Blob.synthetic(50_000_000, name))
        top = host.engine.register_layer(root, top)
        diff_ids.append(top.diff_id)
    config = make_config(architecture="amd64", os="linux", created="2026-01-05T09:00:00Z",
                         container_config=base.config["config"], history=[], diff_ids=diff_ids)
    host.engine.tag(refs.parse("hundred:latest"), host.engine.commit(config, top))


def used_kib(host: DockerHost) -> int:
    return int(host.sh("df /var/lib/docker").out.splitlines()[1].split()[2])


def main() -> None:
    print(f"{'driver':10} {'image size':>11} {'df: image':>10} {'df: +5 containers':>18} {'du total':>9} {'5 runs':>9}")
    for driver, machine in MACHINES.items():
        host = DockerHost(machine=machine, daemon_json={"storage-driver": driver})
        before = used_kib(host)
        hundred_mb_image(host)
        size = host.sh("docker images hundred --format '{{.Size}}'").out.strip()
        built = used_kib(host)
        t = time.perf_counter()
        for i in range(5):
            assert host.sh(f"docker run -d --name c{i} hundred sleep 1000").code == 0
        runs = time.perf_counter() - t
        after = used_kib(host)
        du = host.sh("du -sh /var/lib/docker").out.split()[0]
        print(f"{driver:10} {size:>11} {(built - before) / 1024:8.1f} MB {(after - built) / 1024:16.1f} MB "
              f"{du:>9} {runs * 1e3:6.1f} ms")


if __name__ == "__main__":
    main()
