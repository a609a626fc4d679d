"""apk on the alpine image's file system: transcripts, the database, the world file and the index cache."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from storagekit.commands.shell.context import ProcessContext
from storagekit.docker.catalogue import alpine
from storagekit.commands.shell.packages.apk import PROGRAMS
from storagekit.fs import Dir, FileSystem
from storagekit.fs.nodes import Blob, File

LAYERS = Path(alpine.__file__).with_name("data") / "layers"
MAIN = "fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz\n"
COMMUNITY = "fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/community/x86_64/APKINDEX.tar.gz\n"


def alpine_fs(version: str = "3.21.4") -> FileSystem:
    """A container's file system: a writable layer over the minirootfs."""
    lower = FileSystem(Dir())
    doc = json.loads(gzip.decompress((LAYERS / f"alpine-{version}-minirootfs.json.gz").read_bytes()))
    for path, kind, mode, _, _, size, target, *text in doc["entries"]:
        if kind == "d":
            lower.mkdir(path, mode)
        elif kind == "l":
            lower.symlink(target, path)
        else:
            lower.write(path, Blob.from_bytes(text[0].encode()) if text else Blob.synthetic(size, path), perm=mode)
    return FileSystem(Dir(), [lower.upper])


def run(fs: FileSystem, line: str) -> tuple[int, str, str]:
    ctx = ProcessContext(fs, dialect="busybox")
    code = PROGRAMS["apk"](ctx, line.split())
    return code, "".join(ctx.stdout), "".join(ctx.stderr)


def upper_bytes(fs: FileSystem, below: str = "") -> int:
    node = fs.upper
    for part in filter(None, below.split("/")):
        node = node.children[part]
    stack, total = [node], 0
    while stack:
        d = stack.pop()
        for child in d.children.values():
            if isinstance(child, Dir):
                stack.append(child)
            elif isinstance(child, File):
                total += child.size
    return total


def test_add_bash_transcript_and_files():
    fs = alpine_fs()
    code, out, err = run(fs, "apk add bash")
    assert (code, err) == (0, "")
    assert out == (MAIN + COMMUNITY + "(1/4) Installing ncurses-terminfo-base (6.5_p20241006-r3)\n"
                   "(2/4) Installing libncursesw (6.5_p20241006-r3)\n(3/4) Installing readline (8.2.13-r0)\n"
                   "(4/4) Installing bash (5.2.37-r0)\nExecuting bash-5.2.37-r0.post-install\n"
                   "Executing busybox-1.37.0-r12.trigger\nOK: 9 MiB in 19 packages\n")
    assert fs.stat("/bin/bash").size == 1_038_520
    assert fs.readlink("/usr/lib/libreadline.so.8") == "libreadline.so.8.2"
    assert fs.read("/etc/apk/world").decode().split() == ["alpine-baselayout", "alpine-keys", "alpine-release",
                                                         "apk-tools", "bash", "busybox", "musl-utils"]
    names = [n for n, _ in alpine.parse_installed(fs.read("/lib/apk/db/installed").decode())]
    assert names[-4:] == ["ncurses-terminfo-base", "libncursesw", "readline", "bash"]


def test_index_cache_unless_no_cache():
    fs = alpine_fs()
    run(fs, "apk add bash")
    cached = fs.listdir("/var/cache/apk")
    assert len(cached) == 2 and all(n.startswith("APKINDEX.") and n.endswith(".tar.gz") for n in cached)
    assert upper_bytes(fs, "/var/cache/apk") > 2_000_000
    _, out, _ = run(fs, "apk add curl")  # the saved indexes are used: no fetch
    assert not out.startswith("fetch")
    fs = alpine_fs()
    run(fs, "apk add --no-cache bash")
    assert fs.listdir("/var/cache/apk") == []
    assert upper_bytes(fs) < 1_700_000


def test_padded_counter_for_ten_or_more():
    _, out, _ = run(alpine_fs(), "apk add --no-cache git")
    assert "( 1/11) Installing brotli-libs" in out and "(11/11) Installing git (2.47.2-r0)" in out


def test_unknown_package():
    fs = alpine_fs()
    code, out, err = run(fs, "apk add --no-cache foo")
    assert code == 1
    assert out == MAIN + COMMUNITY
    assert err == "ERROR: unable to select packages:\n  foo (no such package):\n    required by: world[foo]\n"
    assert "foo" not in fs.read("/etc/apk/world").decode()


def test_update_and_info():
    fs = alpine_fs()
    code, out, _ = run(fs, "apk update")
    assert code == 0 and out.startswith(MAIN + COMMUNITY + "v3.21.4-")
    assert out.endswith("OK: 25396 distinct packages available\n")
    _, out, _ = run(fs, "apk info")
    assert out.split() == list(alpine.release_for("3.21").base)


def test_del_restores_the_base():
    fs = alpine_fs()
    run(fs, "apk add --no-cache bash")
    code, out, _ = run(fs, "apk del bash")
    assert code == 0
    assert out.startswith("(1/4) Purging bash (5.2.37-r0)\nExecuting bash-5.2.37-r0.pre-deinstall\n")
    assert out.endswith("OK: 7 MiB in 15 packages\n")
    assert not fs.lexists("/bin/bash")
    assert "bash" not in fs.read("/etc/apk/world").decode()


@pytest.mark.parametrize("version,busybox", [("3.20.7", "1.36.1-r30"), ("3.22.1", "1.37.0-r18")])
def test_other_releases(version, busybox):
    fs = alpine_fs(version)
    branch = version.rsplit(".", 1)[0]
    _, out, _ = run(fs, "apk add --no-cache python3")
    assert out.startswith(f"fetch https://dl-cdn.alpinelinux.org/alpine/v{branch}/main/x86_64/APKINDEX.tar.gz\n")
    assert f"Executing busybox-{busybox}.trigger\n" in out
    assert fs.isfile("/usr/lib/python3.12/EXTERNALLY-MANAGED")
