"""docker cp, export and import, and the archive files of save and load: files across the container boundary."""

from __future__ import annotations

import io
import re
import tarfile

import pytest

from storagekit import DockerHost


@pytest.fixture
def host():
    h = DockerHost()
    h.sh("docker pull busybox")
    h.sh("docker run -d --name box busybox sleep 1000")
    return h


def test_cp_into_a_container_goes_through_the_writable_layer(host):
    host.write("/root/notes.txt", "hello\n")
    r = host.sh("docker cp notes.txt box:/tmp/")
    assert (r.code, r.err) == (0, "")  # a notebook attaches no terminal: no progress
    host.terminal = True
    r = host.sh("docker cp notes.txt box:/tmp/")
    assert (r.code, r.err) == (0, "Successfully copied 6B to box:/tmp/\n")
    assert host.sh("docker exec box cat /tmp/notes.txt").out == "hello\n"
    assert host.sh("docker diff box").out == "C /tmp\nA /tmp/notes.txt\n"


def test_cp_out_of_a_container(host):
    host.sh("docker exec box sh -c 'echo data > /srv.txt'")
    assert host.sh("docker cp box:/srv.txt /root/copy.txt").code == 0
    assert host.read("/root/copy.txt") == b"data\n"
    r = host.sh("docker cp box:/nope /root/")
    assert (r.code, r.err) == (1, "Error response from daemon: Could not find the file /nope in container box\n")


def test_export_flattens_and_import_makes_one_layer(host):
    host.sh("docker exec box rm /etc/group")
    host.terminal = True
    assert host.sh("docker export box").err == "cowardly refusing to save to a terminal. Use the -o flag or redirect\n"
    host.terminal = False
    assert host.sh("docker export -o /root/box.tar box").code == 0
    assert int(host.sh("wc -c < /root/box.tar").out) < 5_000_000  # busybox's hard links stay links
    out = host.sh("docker import /root/box.tar flat:1").out
    assert re.fullmatch(r"sha256:[0-9a-f]{64}\n", out)
    rows = host.sh("docker history --format '{{.Size}} {{.Comment}}' flat:1").out
    assert rows.startswith("4.") and rows.rstrip().endswith("Imported from /root/box.tar")
    assert host.sh("docker run --rm flat:1 ls /etc/group").code != 0
    assert host.sh("docker image inspect -f '{{len .RootFS.Layers}}' flat:1").out == "1\n"


@pytest.mark.parametrize("output, problem", [
    ("/nowhere/box.tar", "invalid output path: stat /nowhere: no such file or directory"),
    ("/nowhere/deeper/box.tar", "invalid output path: stat /nowhere/deeper: no such file or directory"),
    ("missing/box.tar", "invalid output path: stat missing: no such file or directory"),
    ("/etc/hostname/box.tar", "invalid output path: stat /etc/hostname: not a directory"),
    ("/tmp", "cannot write to a directory"),
    ("/tmp/link", "cannot write to a symbolic link directly"),
])
@pytest.mark.parametrize("command, what", [("save busybox", "save image"), ("export box", "export container")])
def test_an_output_path_is_checked_before_the_daemon_is_asked(host, output, problem, command, what):
    """The client's own checks (docker 28.2.2 prints these words), before the image or container is looked up."""
    host.write("/etc/hostname", "host\n")
    host.sh("ln -s /tmp/box.tar /tmp/link")
    assert host.sh(f"docker {command} -o {output}") == (1, "", f"failed to {what}: {problem}\n")
    assert host.sh(f"docker {command}nothing -o {output}") == (1, "", f"failed to {what}: {problem}\n")


@pytest.mark.parametrize("command", ["save busybox", "export box"])
def test_an_archive_file_is_new_and_private(host, command):
    host.write("/root/box.tar", "old\n")
    assert host.sh(f"docker {command} -o /root/box.tar") == (0, "", "")
    assert host.sh("stat -c %a /root/box.tar").out == "600\n"
    gone = host.sh("docker export -o /root/gone.tar nothing")
    assert gone.err == "Error response from daemon: No such container: nothing\n"
    assert host.sh("ls /root/gone.tar").code != 0


@pytest.mark.parametrize("command", ["import /nowhere.tar", "load -i /nowhere.tar"])
def test_an_archive_that_cannot_be_opened_gets_go_words(host, command):
    assert host.sh(f"docker {command}") == (1, "", "open /nowhere.tar: no such file or directory\n")


@pytest.mark.parametrize("command", ["save busybox", "export box"])
def test_an_archive_on_stdout_streams_to_the_next_program(host, command):
    """The archive streams on: what ``tee`` writes, ``sha256sum`` reads and ``wc`` counts is one archive."""
    host.sh("docker exec box dd if=/dev/zero of=/big bs=1M count=300 status=none")
    piped = host.sh(f"docker {command} | tee /root/a.tar | sha256sum")
    assert piped.code == 0 and piped.out == host.sh("sha256sum < /root/a.tar").out
    assert host.sh("wc -c < /root/a.tar").out == host.sh(f"docker {command} | wc -c").out
    if command.startswith("export"):
        assert int(host.sh("wc -c < /root/a.tar").out) > 300 << 20
    else:  # an image's archive is the same whenever it is made
        assert host.sh(f"docker {command} -o /root/b.tar && sha256sum < /root/b.tar").out == piped.out


def test_export_tars_the_layers_not_the_mounts(host):
    """The daemon exports the container's root file system: the init layer's empty /etc files (0755, as
    ``initlayer.Setup`` makes them), not the files Docker bind-mounts over them, and no mount's content."""
    host.write("/srv/site/index.html", "hello\n")
    host.sh("docker run -d --name web -v /srv/site:/site busybox sleep 1000")
    assert host.sh("docker export -o /root/web.tar web").code == 0
    with tarfile.open(fileobj=io.BytesIO(host.read("/root/web.tar"))) as tar:
        members = {m.name: m for m in tar.getmembers()}
    for name in ("etc/hostname", "etc/hosts", "etc/resolv.conf", ".dockerenv", "dev/console"):
        assert (members[name].size, members[name].mode) == (0, 0o755), name
    assert members["etc/mtab"].linkname == "/proc/mounts"
    assert members["site"].isdir() and "site/index.html" not in members
    assert not [n for n in members if n.startswith(("proc/", "sys/", "dev/pts/"))]


@pytest.mark.parametrize(("terminal", "line", "progress"), [
    (True, "docker cp box:/etc/passwd /root/p", True),  # storagekit shell's prompt: stdout is a terminal
    (False, "docker cp box:/etc/passwd /root/p", False),  # a notebook attaches none
    (True, "docker cp box:/etc/passwd /root/p > /root/out", False),  # no terminal attached: no progress
    (True, "docker cp box:/etc/passwd /root/p | cat", False),
    (True, "docker cp -q box:/etc/passwd /root/p", False),
    (False, "docker cp --quiet=false box:/etc/passwd /root/p", True),
])
def test_cp_shows_progress_only_on_a_terminal(host, terminal, line, progress):
    host.terminal = terminal
    r = host.sh(line)
    assert r.code == 0
    assert r.err.startswith("Successfully copied ") == progress, r.err
