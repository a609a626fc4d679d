"""Coreutils in the simulation: output formats, and what they do to an overlay (copy-up, whiteouts, EXDEV)."""

from __future__ import annotations

import hashlib

import pytest

from storagekit.commands.shell import Shell
from storagekit.fs import Dir, File, FileSystem
from storagekit.fs.nodes import Device, iter_tree, whiteout

NOW = 1_767_225_600  # 2026-01-01 00:00 UTC
OLD = NOW - 400 * 86400
PASSWD = b"root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000::/home/app:/bin/sh\n"
GROUP = b"root:x:0:\napp:x:1000:\n"


def lower_layer() -> Dir:
    layer = Dir()
    fs = FileSystem(layer, clock=lambda: OLD)
    fs.mkdir("/etc")
    fs.write("/etc/passwd", PASSWD)
    fs.write("/etc/group", GROUP)
    fs.mkdir("/app/data", parents=True)
    fs.write("/app/data/a.txt", b"x" * 5000)
    fs.write("/app/data/b.txt", b"b\n")
    fs.write("/app/run.sh", b"#!/bin/sh\n", perm=0o755)
    fs.chown("/app/run.sh", 1000, 1000)
    return layer


@pytest.fixture
def overlay() -> tuple[Shell, Dir]:
    upper = Dir()
    fs = FileSystem(upper, [lower_layer()], clock=lambda: NOW)
    return Shell(fs, dialect="dash", clock=lambda: NOW), upper


def upper_paths(upper: Dir) -> dict[str, str]:
    kinds = {Dir: "dir", File: "file", Device: "whiteout"}
    return {p: kinds[type(n)] for p, n in iter_tree(upper)}


def test_mv_of_a_lower_directory_copies_then_deletes(overlay) -> None:
    sh, upper = overlay
    r = sh.run("mv /app/data /app/moved")
    assert (r.code, r.err) == (0, "")
    assert upper_paths(upper) == {
        "/app": "dir", "/app/data": "whiteout", "/app/moved": "dir",
        "/app/moved/a.txt": "file", "/app/moved/b.txt": "file",
    }
    moved = sh.fs.stat("/app/moved/a.txt")
    assert moved.mtime == OLD and sh.fs.read("/app/moved/a.txt") == b"x" * 5000


def test_rm_r_of_a_lower_directory_leaves_one_whiteout(overlay) -> None:
    sh, upper = overlay
    assert sh.run("rm -r /app/data").code == 0
    assert upper_paths(upper) == {"/app": "dir", "/app/data": "whiteout"}
    assert sh.run("ls /app").out == "run.sh\n"


def test_chmod_copies_up_and_cp_makes_new_inodes(overlay) -> None:
    sh, upper = overlay
    sh.run("chmod 700 /app/run.sh; cp /app/run.sh /app/copy.sh; cp -a /app/run.sh /app/kept.sh")
    assert upper_paths(upper) == {"/app": "dir", "/app/run.sh": "file", "/app/copy.sh": "file", "/app/kept.sh": "file"}
    copy, kept = sh.fs.stat("/app/copy.sh"), sh.fs.stat("/app/kept.sh")
    assert (copy.perm, copy.uid, copy.mtime) == (0o700, 0, NOW)
    assert (kept.perm, kept.uid, kept.mtime) == (0o700, 1000, OLD)
    assert copy is not sh.fs.stat("/app/run.sh")


def test_writes_to_a_read_only_root_fail_with_erofs() -> None:
    sh = Shell(FileSystem(None, [lower_layer()]), dialect="dash")
    r = sh.run("touch /x; rm /app/run.sh; mkdir /d")
    assert r.err == (
        "touch: cannot touch '/x': Read-only file system\n"
        "rm: cannot remove '/app/run.sh': Read-only file system\n"
        "mkdir: cannot create directory '/d': Read-only file system\n"
    )


@pytest.fixture
def host() -> Shell:
    """The host's view of a container's upper dir: whiteouts are plain character devices there."""
    upper = Dir()
    Shell(FileSystem(upper, [lower_layer()], clock=lambda: NOW), clock=lambda: NOW).run("rm -r /app/data")
    fs = FileSystem(upper, clock=lambda: NOW)
    fs.mkdir("/etc")
    fs.write("/etc/passwd", PASSWD)
    fs.write("/etc/group", GROUP)
    return Shell(fs, cwd="/app", clock=lambda: NOW)


HOST_CASES = [
    ("ls -l", "total 0\nc--------- 1 root root 0, 0 Jan  1 00:00 data\n"),
    ("ls -l /etc", "total 8\n-rw-r--r-- 1 root root 22 Jan  1 00:00 group\n-rw-r--r-- 1 root root 67 Jan  1 00:00 passwd\n"),
    ("stat data | sed -n '2,4p'",
     "  Size: 0         \tBlocks: 0          IO Block: 4096   character special file\n"
     "Device: 0,45\tInode: INODE       Links: 1     Device type: 0,0\n"
     "Access: (0000/c---------)  Uid: (    0/    root)   Gid: (    0/    root)\n"),
    ("find / -type c", "/app/data\n"),
    ("tree /", "/\n├── app\n│\u00a0\u00a0 └── data\n└── etc\n    ├── group\n    └── passwd\n\n3 directories, 3 files\n"),
    ("du -a /app", "0\t/app/data\n4\t/app\n"),
]


@pytest.mark.parametrize("line,out", HOST_CASES)
def test_host_view_of_an_upper_dir(host: Shell, line: str, out: str) -> None:
    r = host.run(line)
    text = r.out
    if "Inode:" in text:
        ino = text.split("Inode: ")[1].split()[0]
        text = text.replace(ino.ljust(10), "INODE".ljust(10))
    assert (r.code, text, r.err) == (0, out, "")


@pytest.fixture
def disk() -> Shell:
    fs = FileSystem(lower_layer(), clock=lambda: NOW)
    return Shell(fs, cwd="/app", clock=lambda: NOW)


DISK_CASES = [
    ("ls -l", "total 8\ndrwxr-xr-x 2 root root 4096 Nov 27  2024 data\n-rwxr-xr-x 1 app  app    10 Nov 27  2024 run.sh\n"),
    ("ls -ln run.sh", "-rwxr-xr-x 1 1000 1000 10 Nov 27  2024 run.sh\n"),
    ("ls -F", "data/\nrun.sh*\n"),
    ("ls -s data", "total 12\n8 a.txt\n4 b.txt\n"),
    ("ls -lh data", "total 12K\n-rw-r--r-- 1 root root 4.9K Nov 27  2024 a.txt\n-rw-r--r-- 1 root root    2 Nov 27  2024 b.txt\n"),
    ("touch new; ls -l new", "-rw-r--r-- 1 root root 0 Jan  1 00:00 new\n"),
    ("du -sh /app; du -s --max-depth=0 .", "24K\t/app\n24\t.\n"),
    ("du -c data/a.txt run.sh", "8\tdata/a.txt\n4\trun.sh\n12\ttotal\n"),
    ("tree", ".\n├── data\n│\u00a0\u00a0 ├── a.txt\n│\u00a0\u00a0 └── b.txt\n└── run.sh\n\n2 directories, 3 files\n"),
    ("tree -L 1 /app", "/app\n├── data\n└── run.sh\n\n2 directories, 1 file\n"),
    ("tree -d", ".\n└── data\n\n2 directories\n"),
    ("find . -name '*.txt'", "./data/a.txt\n./data/b.txt\n"),
    ("find / -maxdepth 1 -type d", "/\n/app\n/etc\n"),
    ("stat -c '%n %s %a %U' run.sh", "run.sh 10 755 app\n"),
    ("chown root:app run.sh; stat -c %U:%G run.sh", "root:app\n"),
    ("chmod g-x,o= run.sh; stat -c %A run.sh", "-rwxr-----\n"),
    ("chmod -R go-rx data; stat -c %a data data/b.txt", "700\n600\n"),
    ("ln -s run.sh l; ls -l l; readlink l", "lrwxrwxrwx 1 root root 6 Jan  1 00:00 l -> run.sh\nrun.sh\n"),
    ("ln run.sh h; stat -c %h run.sh", "2\n"),
    ("sha256sum data/b.txt", hashlib.sha256(b"b\n").hexdigest() + "  data/b.txt\n"),
    ("md5sum < data/b.txt", hashlib.md5(b"b\n").hexdigest() + "  -\n"),
    ("mkdir /tmp; mktemp; mktemp -d", None),
    ("realpath data/../run.sh; readlink -f ./data/", "/app/run.sh\n/app/data\n"),
    ("cp -r data d2 && ls d2 && rm -rf d2 && ls", "a.txt\nb.txt\ndata\nrun.sh\n"),
    ("mv run.sh data/ && ls data", "a.txt\nb.txt\nrun.sh\n"),
    ("rm -rv data", "removed 'data/a.txt'\nremoved 'data/b.txt'\nremoved directory 'data'\n"),
    ("printf 'x,y\\n1,2\\n' | cut -d, -f2", "y\n2\n"),
    ("printf 'a\\nb\\n' | tail -n 1; printf 'a\\nb\\n' | head -1", "b\na\n"),
    ("printf 'b\\na\\n10\\n9\\n' | sort -n", "a\nb\n9\n10\n"),
    ("echo hello world | sed 's/o/0/'", "hell0 world\n"),
    ("echo 'a.b' | grep -F .; echo abc | grep -o b", "a.b\nb\n"),
]


@pytest.mark.parametrize("line,out", DISK_CASES)
def test_formats_on_a_plain_disk(disk: Shell, line: str, out: str | None) -> None:
    r = disk.run(line)
    assert (r.code, r.err) == (0, "")
    if out is not None:
        assert r.out == out


def test_mktemp_creates_distinct_names(disk: Shell) -> None:
    disk.fs.mkdir("/tmp")
    first, second = disk.run("mktemp").out.strip(), disk.run("mktemp -d").out.strip()
    assert first != second and first.startswith("/tmp/tmp.") and disk.fs.isfile(first) and disk.fs.isdir(second)


@pytest.mark.parametrize("line,err", [
    ("rm /nope", "rm: can't remove '/nope': No such file or directory\n"),
    ("rm /app", "rm: '/app' is a directory\n"),
    ("rmdir /app", "rmdir: '/app': Directory not empty\n"),
    ("mkdir /app", "mkdir: can't create directory '/app': File exists\n"),
    ("cat /nope", "cat: can't open '/nope': No such file or directory\n"),
    ("cat /app", "cat: read error: Is a directory\n"),
    ("cp /app /x", "cp: omitting directory '/app'\n"),
    ("cp /nope /x", "cp: can't stat '/nope': No such file or directory\n"),
    ("mv /nope /x", "mv: can't rename '/nope': No such file or directory\n"),
    ("ls /nope", "ls: /nope: No such file or directory\n"),
])
def test_busybox_wording(line: str, err: str) -> None:
    sh = Shell(FileSystem(lower_layer()), dialect="ash")
    r = sh.run(line)
    assert (r.code, r.err) == (1, err)


def test_busybox_ls_long_columns() -> None:
    sh = Shell(FileSystem(lower_layer(), clock=lambda: NOW), dialect="ash", clock=lambda: NOW)
    assert sh.run("ls -l /app").out == (
        "total 8\n"
        "drwxr-xr-x    2 root     root          4096 Nov 27  2024 data\n"
        "-rwxr-xr-x    1 app      app             10 Nov 27  2024 run.sh\n"
    )


def test_busybox_ls_shows_a_whiteout_like_busybox() -> None:
    layer = lower_layer()
    layer.children["app"].children["gone"] = whiteout(NOW)
    sh = Shell(FileSystem(layer, clock=lambda: NOW), dialect="ash", clock=lambda: NOW)
    assert sh.run("ls -l /app/gone").out == "c---------    1 root     root        0,   0 Jan  1 00:00 /app/gone\n"


def test_usage_errors_print_busybox_usage() -> None:
    r = Shell(FileSystem(lower_layer()), dialect="ash").run("rm")
    assert r.code == 1 and r.err.startswith("BusyBox v") and "Usage: rm [-irf] FILE..." in r.err
    r = Shell(FileSystem(lower_layer()), dialect="ash").run("rm -Z x")
    assert r.err.startswith("rm: invalid option -- 'Z'\nBusyBox v")


def test_inode_numbers_are_the_hosts_own_in_order_of_first_use():
    """Each host numbers its files itself, so two fresh hosts print the same numbers, and a copy goes on with the
    original's numbering."""
    import copy

    import storagekit as sk

    first, second = sk.DockerHost(), sk.DockerHost()
    line = "touch /tmp/a /tmp/b && ls -i /tmp/b /tmp/a && stat -c %i /etc/hostname"
    assert first.sh(line).out == second.sh(line).out == "1048577 /tmp/a\n1048578 /tmp/b\n1048579\n"
    twin = copy.deepcopy(first)
    assert twin.sh("touch /tmp/c; ls -i /tmp").out == first.sh("touch /tmp/c; ls -i /tmp").out
