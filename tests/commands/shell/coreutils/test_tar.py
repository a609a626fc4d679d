"""``tar`` in the volume backup recipe of Docker's documentation, and the archives it writes being real tar bytes."""

from __future__ import annotations

import gzip
import io
import tarfile

import pytest

import storagekit as sk


@pytest.fixture(scope="module")
def backed_up() -> sk.DockerHost:
    host = sk.DockerHost()
    host.sh("docker volume create vol")
    r = host.sh("docker run --rm -v vol:/data busybox sh -c "
                "'mkdir /data/d && echo hi > /data/d/x && chown 1000:1000 /data/d/x && chmod 640 /data/d/x'")
    assert r.code == 0, r
    r = host.sh("cd /root && docker run --rm -v vol:/data -v $(pwd):/backup busybox "
                "tar czf /backup/data.tgz -C /data .")
    assert (r.code, r.out, r.err) == (0, "", ""), r
    return host


def test_the_backup_is_a_real_gzipped_tar(backed_up: sk.DockerHost) -> None:
    data = backed_up.fs.read("/root/data.tgz")
    with tarfile.open(fileobj=io.BytesIO(gzip.decompress(data))) as archive:
        listed = [(m.name, m.mode, m.uid, m.gid, m.size) for m in archive]
    assert listed == [(".", 0o755, 0, 0, 0), ("./d", 0o755, 0, 0, 0), ("./d/x", 0o640, 1000, 1000, 3)]
    assert len(gzip.decompress(data)) % 10240 == 0, "padded to whole 10 KiB records, as tar writes"


@pytest.mark.parametrize("image,listing", [
    ("debian:12", "-rw-r----- 1 1000 1000 3 Jan  5 09:00 x\n"),
    ("alpine", "-rw-r-----    1 1000     1000             3 Jan  5 09:00 x\n"),
])
def test_restoring_keeps_modes_and_owners(backed_up: sk.DockerHost, image: str, listing: str) -> None:
    host = sk.DockerHost()
    host.restore(backed_up.snapshot())
    r = host.sh(f"cd /root && docker run --rm -v vol2:/restore -v $(pwd):/backup {image} "
                "sh -c 'tar xzf /backup/data.tgz -C /restore && ls -l /restore/d | tail -n 1'")
    assert (r.code, r.out) == (0, listing), r


@pytest.mark.parametrize("line,err", [
    ("tar czf /nope/x.tgz -C /data .", "tar: /nope/x.tgz: Cannot open: No such file or directory\n"
                                       "tar: Error is not recoverable: exiting now\n"),
    ("tar xzf /root/nope.tgz -C /tmp", "tar (child): /root/nope.tgz: Cannot open: No such file or directory\n"
                                       "tar (child): Error is not recoverable: exiting now\n"
                                       "tar: Child returned status 2\ntar: Error is not recoverable: exiting now\n"),
    ("tar xzf /root/data.tgz -C /restore", "tar: /restore: Cannot open: No such file or directory\n"
                                           "tar: Error is not recoverable: exiting now\n"),
])
def test_a_refused_tar_changes_nothing(backed_up: sk.DockerHost, line: str, err: str) -> None:
    host = sk.DockerHost()
    host.restore(backed_up.snapshot())
    before = host.sh("ls -laR / 2>/dev/null | md5sum").out
    r = host.sh(line)
    assert (r.code, r.out, r.err) == (2, "", err)
    assert host.sh("ls -laR / 2>/dev/null | md5sum").out == before


def test_gnu_tar_will_not_write_an_archive_to_the_terminal() -> None:
    host = sk.DockerHost()
    host.terminal = True  # storagekit shell on a real terminal; a notebook's output is a pipe
    r = host.sh("tar cz /etc/hostname")
    assert (r.code, r.out, r.err) == (2, "", "tar: Refusing to write archive contents to terminal "
                                             "(missing -f option?)\ntar: Error is not recoverable: exiting now\n")
    assert sk.DockerHost().sh("tar cz /etc/hostname | tar tz").out == "etc/hostname\n"


@pytest.mark.parametrize("line, code, out, files", [
    # checked against GNU tar 1.34: -v names the members as the archive has them, and skips the stripped ones
    ("tar xvf /b.tar --strip 1", 0, "data/d/\ndata/d/x\n", "d d/x"),
    ("tar xf /b.tar --strip-components=2", 0, "", "x"),
    ("tar xf /b.tar --strip-components 3", 0, "", ""),
    ("tar tf /b.tar --strip 1", 0, "data/\ndata/d/\ndata/d/x\n", ""),
    ("tar xf /b.tar --strip-components=abc", 2, "", ""),
    ("tar xf /b.tar --strip-components=-1", 2, "", ""),
])
def test_strip_components_drops_leading_names_on_extract(line: str, code: int, out: str, files: str) -> None:
    """The restore half of Docker's recipe: ``cd /dbdata && tar xvf /backup/backup.tar --strip 1``."""
    host = sk.DockerHost()
    host.write("/data/d/x", "hi\n")
    assert host.sh("cd / && tar cf /b.tar data && mkdir /out").code == 0
    r = host.sh(f"cd /out && {line}")
    assert (r.code, r.out) == (code, out), r
    if code:
        value = line.split("=")[-1]
        assert r.err == (f"tar: {value}: Invalid number of elements\n"
                         "Try 'tar --help' or 'tar --usage' for more information.\n")
    assert host.sh("cd /out && find . -mindepth 1 | sort").out.split() == [f"./{f}" for f in files.split()]
