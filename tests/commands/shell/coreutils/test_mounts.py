"""``mount`` and ``findmnt``: listing as the real tools list, and refusing to mount in a container in their words.

util-linux is checked against the real ``mount`` and ``findmnt`` of this
machine, both reading its own ``/proc/self/mountinfo``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import storagekit as sk
from storagekit.commands.shell.coreutils.mounts import findmnt, getmntent, mount, parse_mountinfo
from tests.commands.shell.coreutils.mount_fakes import RECORDED, TableView, run, steady

MOUNTINFO = Path("/proc/self/mountinfo")


def test_getmntent_decodes_what_glibc_decodes_and_no_more():
    line = "overlay /a\\040b overlay rw,lowerdir=/x\\134\\054y:/t\\011u 0 0\n"
    (m,) = getmntent(line)
    assert (m.target, m.options) == ("/a b", "rw,lowerdir=/x\\\\054y:/t\tu")


def test_libmount_decodes_every_octal_escape_and_merges_the_options():
    line = "48 27 0:40 / /tmp/m\\040p rw,relatime - overlay overlay rw,lowerdir=/l/x\\134\\054y,uuid=on\n"
    (m,) = parse_mountinfo(line)
    assert (m.target, m.options, m.device) == ("/tmp/m p", "rw,relatime,lowerdir=/l/x\\,y,uuid=on", "0:40")


@pytest.mark.parametrize("image, line, expected, code", [
    ("busybox", "mount -t tmpfs tmpfs /mnt", "mount: permission denied (are you root?)\n", 1),
    ("busybox", "mount /mnt", "mount: can't read '/etc/fstab': No such file or directory\n", 1),
    ("debian", "mount -t tmpfs tmpfs /mnt", "mount: /mnt: permission denied.\n"
     "       dmesg(1) may have more information after failed mount system call.\n", 32),
    ("debian", "mount -o remount,ro /", "mount: /: permission denied.\n"
     "       dmesg(1) may have more information after failed mount system call.\n", 32),
])
def test_mounting_in_a_container_fails_in_each_tools_words(image, line, expected, code):
    host = sk.DockerHost()
    host.sh(f"docker pull -q {image}")
    r = host.sh(f"docker run --rm {image} {line}")
    assert (r.code, r.err) == (code, expected)


@pytest.mark.parametrize("line, expected", [
    ("df -Z", "df: invalid option -- 'Z'\nTry 'df --help' for more information.\n"),
    ("mount -Z", "mount: invalid option -- 'Z'\nTry 'mount --help' for more information.\n"),
    ("findmnt -Z", "findmnt: invalid option -- 'Z'\nTry 'findmnt --help' for more information.\n"),
    ("docker run --rm busybox df -Z", "df: invalid option -- 'Z'\nBusyBox v1.36.1 multi-call binary.\n\n"
                                      "Usage: df [OPTIONS]"),
    ("docker run --rm busybox mount -Z", "mount: invalid option -- 'Z'\nBusyBox v1.36.1 multi-call binary.\n\n"
                                         "Usage: mount [OPTIONS]"),
    ("docker run --rm debian mount -Z", "mount: invalid option -- 'Z'\nTry 'mount --help' for more information.\n"),
])
def test_a_bad_option_gets_each_tools_usage_message(line, expected):
    host = sk.DockerHost()
    host.sh("docker pull -q busybox; docker pull -q debian")
    r = host.sh(line)
    assert r.code == 1
    assert r.err.startswith(expected)


@pytest.mark.parametrize("image", ["busybox", "debian"])
def test_mount_shows_the_overlay_and_the_volume(image):
    host = sk.DockerHost()
    host.sh(f"docker pull -q {image}")
    out = host.sh(f"docker run --rm -v data:/data --tmpfs /cache:ro,size=1m {image} mount").out.splitlines()
    assert out[0].startswith("overlay on / type overlay (rw,relatime,lowerdir=/var/lib/docker/overlay2/l/")
    assert "/dev/sda1 on /data type ext4 (rw,relatime,errors=remount-ro)" in out
    assert "tmpfs on /cache type tmpfs (ro,nosuid,nodev,noexec,relatime,size=1024k,inode64)" in out


def test_busybox_mount_filters_by_type():
    fs = TableView({"/proc/mounts": (RECORDED / "dockerd-20.10-runc-busybox-proc-mounts.txt").read_text()})
    code, out, _ = run(mount, fs, ["mount", "-t", "proc"], "busybox")
    assert code == 0 and [line.split()[2] for line in out.splitlines()] == [
        "/proc", "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys"]


def test_the_hosts_mount_lists_and_does_not_mount():
    host = sk.DockerHost()
    host.sh("docker run -d --name web nginx")
    out = host.sh("mount -t overlay").out
    assert out.startswith("overlay on /var/lib/docker/overlay2/") and "/merged type overlay (rw,relatime," in out
    r = host.sh("mount -t tmpfs tmpfs /mnt")
    assert r.code == 32 and "does not change the host's mounts" in r.notes[0]


@pytest.mark.skipif(shutil.which("mount") is None or not MOUNTINFO.exists(), reason="needs util-linux mount")
def test_util_linux_mount_lists_as_the_real_one_does_on_this_machine():
    table, real = steady(lambda: subprocess.run(["mount"], capture_output=True, text=True, env={"LC_ALL": "C"}).stdout)
    code, out, _ = run(mount, TableView({"/proc/self/mountinfo": table}), ["mount"], "gnu")
    assert code == 0 and out == real


@pytest.mark.skipif(shutil.which("findmnt") is None or not MOUNTINFO.exists(), reason="needs util-linux findmnt")
@pytest.mark.parametrize("argv", [["findmnt", "-l"], ["findmnt", "-r", "-n"], ["findmnt", "-l", "-t", "tmpfs"]])
def test_findmnt_lists_as_the_real_one_does_on_this_machine(argv):
    table, real = steady(lambda: subprocess.run([*argv, "-o", "TARGET,SOURCE,FSTYPE,OPTIONS"], capture_output=True,
                                                text=True, env={"LC_ALL": "C"}).stdout)
    code, out, _ = run(findmnt, TableView({"/proc/self/mountinfo": table}), argv, "gnu")
    assert (code, out) == (0, real)
