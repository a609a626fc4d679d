"""A container's mounts against a real one's.

``data/dockerd-20.10-runc-busybox-*.txt`` were recorded on this kind of
machine (kernel 6.18, cgroup v1) from dockerd 20.10.24 with runc, in a BusyBox
container started as::

    docker run --rm --network none -v data:/data -v /tmp/mvd/src:/src:ro --tmpfs /cache:size=10m bb:local \\
        /bin/sh -c 'cat /proc/mounts; echo ---; cat /proc/self/mountinfo; echo ---; mount; echo ---; df'

The simulated container is asked for the same mounts. What the two machines
differ in is left out of the comparison: the host's disk (``/dev/vda`` with its
options there, ``/dev/sda1`` here), its cgroup version (v1 mounts one cgroup
per controller, Debian 12's v2 one ``cgroup2``), whether tmpfs shows
``inode64``, and which masked ``/proc`` entries the kernel has.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import storagekit as sk
from storagekit.commands.shell.coreutils.mounts import getmntent
from storagekit.fs.mounttable import mangle

DATA = Path(__file__).parent / "data"
RUN = "docker run --rm -v data:/data -v /srv:/src:ro --tmpfs /cache:size=10m busybox"
DISK = {"/dev/vda", "/dev/sda1"}


def _normal(line: str) -> tuple[str, str, str, str]:
    """A mount as both machines would show it: the disk named alike, without its own options or ``inode64``."""
    source, target, fstype, opts = line.split(" ")[:4]
    if source in DISK:
        source, opts = "DISK", ",".join(o for o in opts.split(",") if o in ("rw", "ro", "relatime"))
    opts = ",".join(o for o in opts.split(",") if o != "inode64")
    if fstype == "overlay":
        opts = ",".join(o.split("=")[0] for o in opts.split(","))  # the directories differ, not their order
    return source, target, fstype, opts


@pytest.fixture(scope="module")
def simulated() -> str:
    host = sk.DockerHost()
    host.sh("docker pull -q busybox")
    r = host.sh(f"{RUN} cat /proc/mounts")
    assert r.code == 0, r.err
    return r.out


def _comparable(lines: list[str]) -> list[tuple[str, str, str, str]]:
    both = {_normal(line)[1] for line in (DATA / "dockerd-20.10-runc-busybox-proc-mounts.txt").read_text().splitlines()}
    return [_normal(line) for line in lines if _normal(line)[1] in both and "cgroup" not in line]


def test_the_same_mounts_in_the_same_order_with_the_same_flags_and_options(simulated):
    real = (DATA / "dockerd-20.10-runc-busybox-proc-mounts.txt").read_text().splitlines()
    ours = _comparable(simulated.splitlines())
    theirs = [m for m in _comparable(real) if m[1] in {o[1] for o in ours}]
    assert ours == theirs
    assert len(ours) >= 20


def test_only_the_machines_differences_are_left_out(simulated):
    real = {_normal(line)[1] for line in (DATA / "dockerd-20.10-runc-busybox-proc-mounts.txt").read_text().splitlines()}
    ours = {_normal(line)[1] for line in simulated.splitlines()}
    assert real - ours == {f"/sys/fs/cgroup/{c}" for c in ("cpu", "cpuacct", "cpuset", "memory", "devices", "freezer",
                                                           "blkio", "pids", "systemd")}
    assert ours - real == {"/proc/sysrq-trigger", "/proc/interrupts", "/proc/kcore", "/proc/scsi"}


def test_busybox_mount_prints_the_table_as_the_real_one_did():
    real_table = (DATA / "dockerd-20.10-runc-busybox-proc-mounts.txt").read_text()
    real_mount = (DATA / "dockerd-20.10-runc-busybox-mount.txt").read_text()
    ours = "".join(f"{m.source} on {m.target} type {m.fstype} ({m.options})\n" for m in getmntent(real_table))
    assert ours == real_mount


def test_the_overlay_line_names_the_l_links_and_the_containers_own_directories():
    host = sk.DockerHost()
    host.sh("docker run -d --name web -v data:/data nginx")
    c = host.engine.containers.resolve("web")
    line = host.sh("docker exec web cat /proc/mounts").out.splitlines()[0]
    links = host.read(f"/var/lib/docker/overlay2/{c.mount_id}/lower").decode().split(":")
    lowerdir = ":".join(f"/var/lib/docker/overlay2/{link}" for link in links)
    assert line == (f"overlay / overlay rw,relatime,lowerdir={lowerdir},"
                    f"upperdir=/var/lib/docker/overlay2/{c.mount_id}/diff,"
                    f"workdir=/var/lib/docker/overlay2/{c.mount_id}/work 0 0")
    host_line = next(x for x in host.sh("cat /proc/mounts").out.splitlines() if x.startswith("overlay "))
    assert host_line.split(" ")[1] == mangle(f"/var/lib/docker/overlay2/{c.mount_id}/merged")
    assert host_line.split(" ")[3] == line.split(" ")[3]  # one superblock, seen from both sides
