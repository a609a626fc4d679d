"""``df`` in both dialects, against real outputs.

BusyBox: given the ``/proc/mounts`` and the numbers a real container had
(dockerd 20.10, BusyBox 1.35), the simulated ``df``, ``df -h`` and ``df -T``
print what the real one printed, byte for byte. GNU: given this machine's own
mountinfo and ``statvfs``, the simulated ``df`` keeps the rows the real
coreutils ``df`` keeps (pseudo filesystems out, one row per device).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import storagekit as sk
from storagekit.commands.shell.coreutils.df import df
from tests.commands.shell.coreutils.mount_fakes import RECORDED, TableView, recorded_df_numbers, run, steady

PROC_MOUNTS = (RECORDED / "dockerd-20.10-runc-busybox-proc-mounts.txt").read_text()


@pytest.mark.parametrize("argv, recorded, numbers", [
    (["df"], "dockerd-20.10-runc-busybox-df.txt", "dockerd-20.10-runc-busybox-df.txt"),
    (["df", "-h"], "dockerd-20.10-runc-busybox-df-h.txt", "dockerd-20.10-runc-busybox-df.txt"),
    (["df", "-T"], "dockerd-20.10-runc-busybox-df-T.txt", "dockerd-20.10-runc-busybox-df-T.txt"),
])
def test_busybox_df_prints_what_the_real_one_printed(argv, recorded, numbers):
    fs = TableView({"/proc/mounts": PROC_MOUNTS}, recorded_df_numbers(numbers))
    assert run(df, fs, argv, "busybox") == (0, (RECORDED / recorded).read_text(), "")


@pytest.mark.parametrize("argv, out_lines, err, code", [
    (["df", "-t", "tmpfs"], ["/dev", "/sys/fs/cgroup", "/dev/shm", "/cache", "/proc/acpi", "/proc/keys",
                             "/proc/timer_list", "/sys/firmware"], "", 0),
    (["df", "-a"], None, "", 0),
    (["df", "-x"], None, "df: invalid option -- 'x'\n", 1),
])
def test_busybox_df_options(argv, out_lines, err, code):
    fs = TableView({"/proc/mounts": PROC_MOUNTS}, recorded_df_numbers("dockerd-20.10-runc-busybox-df.txt"))
    got = run(df, fs, argv, "busybox")
    assert got[0] == code and got[2].startswith(err)
    if out_lines is not None:
        assert [line.split()[-1] for line in got[1].splitlines()[1:]] == out_lines
    if argv == ["df", "-a"]:
        assert len(got[1].splitlines()) == 1 + len(PROC_MOUNTS.splitlines())  # every mount, blocks or not


@pytest.mark.parametrize("line, expected", [
    ("docker run --rm busybox df -m /", "Filesystem           1M-blocks      Used Available Use% Mounted on\n"),
    ("docker run --rm busybox df -P /", "Filesystem           1024-blocks    Used Available Capacity Mounted on\n"),
])
def test_busybox_df_headers(line, expected):
    host = sk.DockerHost()
    assert host.sh(line).out.splitlines()[0] + "\n" == expected


def test_busybox_df_of_a_file_finds_its_mount_by_device():
    host = sk.DockerHost()
    host.sh("docker pull -q busybox")
    out = host.sh("docker run --rm -v data:/data busybox df /data/. /etc/hostname /nowhere")
    rows = [line.split()[-1] for line in out.out.splitlines()[1:]]
    assert rows == ["/data", "/data"]  # the first mount of /dev/sda1 in the table, as find_mount_point takes it
    assert (out.code, out.err) == (1, "df: /nowhere: can't find mount point\n")


def test_tmpfs_numbers_follow_what_is_written_in_it():
    host = sk.DockerHost()
    host.sh("docker run -d --name tm --tmpfs /cache:size=10m busybox sleep 1000")
    host.sh("docker exec tm dd if=/dev/zero of=/cache/f bs=1024 count=2048")
    row = host.sh("docker exec tm df /cache").out.splitlines()[1].split()
    assert row == ["tmpfs", "10240", "2048", "8192", "20%", "/cache"]


def test_gnu_df_in_a_debian_container_keeps_one_row_per_device():
    """Of the disk's mounts coreutils keeps the one with the shortest mount point whose source is not deeper."""
    host = sk.DockerHost()
    out = host.sh("docker run --rm -v data:/data -v /srv:/src:ro debian df").out.splitlines()
    assert [(r.split()[0], r.split()[-1]) for r in out[1:]] == [
        ("overlay", "/"), ("tmpfs", "/dev"), ("shm", "/dev/shm"), ("/dev/sda1", "/src"), ("tmpfs", "/proc/acpi"),
        ("tmpfs", "/proc/scsi"), ("tmpfs", "/sys/firmware")]
    alone = host.sh("docker run --rm debian df -h").out.splitlines()
    assert ("/dev/sda1", "/etc/hosts") in [(r.split()[0], r.split()[-1]) for r in alone[1:]]


def test_the_hosts_df_lists_each_running_containers_overlay():
    host = sk.DockerHost()
    host.sh("docker run -d --name web nginx")
    last = host.sh("df -T").out.splitlines()[-1].split()
    c = host.engine.containers.resolve("web")
    assert (last[0], last[1], last[-1]) == ("overlay", "overlay", f"/var/lib/docker/overlay2/{c.mount_id}/merged")


def _real_df():
    out = subprocess.run(["df", "-P"], capture_output=True, text=True, env={"LC_ALL": "C"}).stdout.splitlines()
    return [(line.split()[0], line.split()[-1]) for line in out[1:]]


@pytest.mark.skipif(shutil.which("df") is None or not Path("/proc/self/mountinfo").exists(),
                    reason="needs coreutils df and /proc/self/mountinfo")
def test_gnu_df_keeps_the_rows_the_real_df_keeps_on_this_machine():
    table, real = steady(_real_df)
    code, out, _ = run(df, TableView({"/proc/self/mountinfo": table}, real=True), ["df", "-P"], "gnu")
    ours = [(line.split()[0], line.split()[-1]) for line in out.splitlines()[1:]]
    assert code == 0 and ours == real
