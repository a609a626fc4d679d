"""The kernel's two mount files, written from a table: format and escaping, checked against the real kernel.

The kernel cases mount real filesystems (an overlay with lowerdir, upperdir
and workdir; a tmpfs; a read-only bind) under names with spaces, commas and
backslashes, read the kernel's own line for each from ``/proc/self/mounts``
and ``/proc/self/mountinfo``, and compare it with the line written from the
equivalent :class:`MountEntry`.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from pathlib import Path

import pytest

from storagekit.fs.mounttable import (
    MountEntry,
    StatFs,
    mangle,
    mountinfo,
    overlay_options,
    owner,
    proc_mounts,
    show_option,
    tmpfs_options,
)

OVERLAY = MountEntry(75, 51, "0:40", "/", "overlay", "overlay", ("relatime",),
                     fs_options=overlay_options(["/d/l/A", "/d/l/B"], "/d/1/diff", "/d/1/work"), propagation="master:2")
VOLUME = MountEntry(92, 75, "8:1", "/data", "ext4", "/dev/sda1", ("relatime",), fs_options=(("errors", "remount-ro"),),
                    root="/var/lib/docker/volumes/data/_data", propagation="master:1")
BIND_RO = MountEntry(93, 75, "8:1", "/src", "ext4", "/dev/sda1", ("relatime",), readonly=True, root="/srv")
SHM = MountEntry(91, 77, "0:48", "/dev/shm", "tmpfs", "shm", ("nosuid", "nodev", "noexec", "relatime"),
                 fs_options=tmpfs_options(64 << 20))
MASKED = MountEntry(56, 76, "0:50", "/proc/acpi", "tmpfs", "tmpfs", ("relatime",), readonly=True, sb_readonly=True)

CASES = [
    # entry, /proc/mounts line, mountinfo line
    (OVERLAY, "overlay / overlay rw,relatime,lowerdir=/d/l/A:/d/l/B,upperdir=/d/1/diff,workdir=/d/1/work 0 0",
     "75 51 0:40 / / rw,relatime master:2 - overlay overlay rw,lowerdir=/d/l/A:/d/l/B,upperdir=/d/1/diff,"
     "workdir=/d/1/work"),
    (VOLUME, "/dev/sda1 /data ext4 rw,relatime,errors=remount-ro 0 0",
     "92 75 8:1 /var/lib/docker/volumes/data/_data /data rw,relatime master:1 - ext4 /dev/sda1 rw,errors=remount-ro"),
    (BIND_RO, "/dev/sda1 /src ext4 ro,relatime 0 0", "93 75 8:1 /srv /src ro,relatime - ext4 /dev/sda1 rw"),
    (SHM, "shm /dev/shm tmpfs rw,nosuid,nodev,noexec,relatime,size=65536k 0 0",
     "91 77 0:48 / /dev/shm rw,nosuid,nodev,noexec,relatime - tmpfs shm rw,size=65536k"),
    (MASKED, "tmpfs /proc/acpi tmpfs ro,relatime 0 0", "56 76 0:50 / /proc/acpi ro,relatime - tmpfs tmpfs ro"),
]


@pytest.mark.parametrize("entry, mounts_line, info_line", CASES, ids=[c[0].target for c in CASES])
def test_each_file_writes_an_entry_as_the_kernel_does(entry, mounts_line, info_line):
    assert proc_mounts([entry]) == mounts_line + "\n"
    assert mountinfo([entry]) == info_line + "\n"


@pytest.mark.parametrize("text, mangled, option", [
    ("/plain/path", "/plain/path", "/plain/path"),
    ("/with space", "/with\\040space", "/with\\040space"),
    ("/tab\there", "/tab\\011here", "/tab\\011here"),
    ("/new\nline", "/new\\012line", "/new\\012line"),
    ("/back\\slash", "/back\\134slash", "/back\\134slash"),
    ("/a,comma", "/a,comma", "/a\\054comma"),
    ("/colon:equals=", "/colon:equals=", "/colon:equals="),
])
def test_names_are_escaped_as_seq_escape_and_seq_show_option_do(text, mangled, option):
    assert mangle(text) == mangled
    assert show_option("lowerdir", text) == ",lowerdir=" + option


@pytest.mark.parametrize("args, expected", [
    ((64 << 20,), (("size", "65536k"),)),
    ((64 << 20, 0o755), (("size", "65536k"), ("mode", "755"))),
    ((0, 0o1777, 0, True), (("inode64", None),)),
    ((10 << 20, 0o700, 2560), (("size", "10240k"), ("nr_inodes", "2560"), ("mode", "700"))),
])
def test_tmpfs_shows_size_in_kib_and_mode_only_when_not_1777(args, expected):
    assert tmpfs_options(*args) == expected


def test_a_path_lives_on_the_last_mount_at_the_longest_target():
    entries = [OVERLAY, VOLUME, MountEntry(99, 75, "0:60", "/data", "tmpfs", "tmpfs")]
    assert owner(entries, "/data/x").mount_id == 99
    assert owner(entries, "/database").mount_id == 75
    assert owner([VOLUME], "/etc") is None


def test_statfs_counts_whole_blocks_and_keeps_the_reserve_from_avail():
    s = StatFs.of_bytes(100 * 4096, 10 * 4096 + 1, reserved=5 * 4096)
    assert (s.blocks, s.bfree, s.bavail) == (100, 89, 84)


# ----------------------------------------------------------------------------- the real kernel


def _can_mount() -> str | None:
    if os.geteuid() != 0:
        return "mounting needs root"
    with tempfile.TemporaryDirectory() as tmp:
        r = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", tmp], capture_output=True, text=True)
        if r.returncode:
            return f"mount(2) refused here: {r.stderr.strip()}"
        subprocess.run(["umount", tmp], check=True)
    return None


def _kernel_lines(target: str) -> tuple[str, str]:
    """The kernel's /proc/self/mounts line and mountinfo line (from the device field on) for ``target``."""
    escaped = mangle(target)
    mounts = next(line for line in Path("/proc/self/mounts").read_text().splitlines()
                  if line.split(" ")[1] == escaped)
    info = next(line for line in Path("/proc/self/mountinfo").read_text().splitlines()
                if line.split(" ")[4] == escaped)
    return mounts, info


def _release() -> tuple[int, int]:
    return tuple(int(n) for n in re.findall(r"\d+", os.uname().release)[:2])  # type: ignore[return-value]


@pytest.fixture
def scratch():
    problem = _can_mount()
    if problem:
        pytest.skip(problem)
    with tempfile.TemporaryDirectory(prefix="storagekit-mt-") as tmp:
        mounted: list[str] = []
        yield Path(tmp), mounted
        for target in reversed(mounted):
            subprocess.run(["umount", target], capture_output=True)


@pytest.mark.kernel
@pytest.mark.parametrize("lower_names", [["l/A", "l/B"], ["l/with space", "l/comma,here"], ["l/back\\slash"]])
def test_an_overlay_reads_back_as_the_kernel_shows_it(scratch, lower_names):
    tmp, mounted = scratch
    lowers = [tmp / n for n in lower_names]
    upper, work, merged = tmp / "1" / "diff", tmp / "1" / "work", tmp / "1" / "merged dir"
    for d in [*lowers, upper, work, merged]:
        d.mkdir(parents=True)
    given = [str(p).replace("\\", "\\\\").replace(",", "\\,") for p in lowers]  # as the mount option escapes them
    options = f"lowerdir={':'.join(given)},upperdir={upper},workdir={work}"
    subprocess.run(["mount", "-t", "overlay", "overlay", "-o", options, str(merged)], check=True, capture_output=True)
    mounted.append(str(merged))
    kernel_mounts, kernel_info = _kernel_lines(str(merged))
    fresh = "on" if _release() >= (6, 6) else ""  # uuid=auto made persistent at a fresh upper's first mount
    entry = MountEntry(0, 0, "0:0", str(merged), "overlay", "overlay", ("relatime",),
                       fs_options=overlay_options(given, str(upper), str(work), uuid=fresh))
    assert proc_mounts([entry]) == kernel_mounts + "\n"
    ours = mountinfo([entry]).rstrip("\n")
    assert ours.split(" - ")[1] == kernel_info.split(" - ")[1]  # the superblock's part
    assert ours.split(" ")[3:6] == kernel_info.split(" ")[3:6]  # root, target, the mount's flags


@pytest.mark.kernel
def test_an_overlay_mounted_again_drops_the_uuid_it_stored(scratch):
    tmp, mounted = scratch
    if _release() < (6, 6):
        pytest.skip("uuid=auto came with Linux 6.6")
    for d in ("l", "u", "w", "m"):
        (tmp / d).mkdir()
    options = f"lowerdir={tmp}/l,upperdir={tmp}/u,workdir={tmp}/w"
    subprocess.run(["mount", "-t", "overlay", "overlay", "-o", options, str(tmp / "m")], check=True)
    first = _kernel_lines(str(tmp / "m"))[0]
    subprocess.run(["umount", str(tmp / "m")], check=True)
    subprocess.run(["mount", "-t", "overlay", "overlay", "-o", options, str(tmp / "m")], check=True)
    mounted.append(str(tmp / "m"))
    again = _kernel_lines(str(tmp / "m"))[0]
    entry = MountEntry(0, 0, "0:0", str(tmp / "m"), "overlay", "overlay", ("relatime",),
                       fs_options=overlay_options([f"{tmp}/l"], f"{tmp}/u", f"{tmp}/w"))
    assert first.endswith(",uuid=on 0 0")
    assert proc_mounts([entry]) == again + "\n"


@pytest.mark.kernel
def test_a_tmpfs_and_a_read_only_bind_read_back_as_the_kernel_shows_them(scratch):
    tmp, mounted = scratch
    cache, src, view = tmp / "cache", tmp / "src", tmp / "a view"
    for d in (cache, src, view):
        d.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=10m,mode=755,nosuid,nodev,noexec", "tmpfs", str(cache)],
                   check=True)
    mounted.append(str(cache))
    kernel_mounts, _ = _kernel_lines(str(cache))
    inode64 = kernel_mounts.endswith(",inode64 0 0")  # the kernel's CONFIG_TMPFS_INODE64
    tmpfs = MountEntry(0, 0, "0:0", str(cache), "tmpfs", "tmpfs", ("nosuid", "nodev", "noexec", "relatime"),
                       fs_options=tmpfs_options(10 << 20, 0o755, inode64=inode64))
    assert proc_mounts([tmpfs]) == kernel_mounts + "\n"
    subprocess.run(["mount", "--bind", str(cache), str(view)], check=True)
    mounted.append(str(view))
    subprocess.run(["mount", "-o", "remount,bind,ro", str(view)], check=True)
    kernel_mounts, kernel_info = _kernel_lines(str(view))
    bind = MountEntry(0, 0, "0:0", str(view), "tmpfs", "tmpfs", ("nosuid", "nodev", "noexec", "relatime"),
                      readonly=True, fs_options=tmpfs_options(10 << 20, 0o755, inode64=inode64))
    assert proc_mounts([bind]) == kernel_mounts + "\n"
    assert mountinfo([bind]).split(" - ")[1] == kernel_info.split(" - ")[1] + "\n"  # the superblock stays rw
    assert " ro," in kernel_info.split(" - ")[0]
