"""The file tree stays a tree: ``.``, ``..`` and ``/`` resolve as the kernel resolves them in every program, on the
host and in a container, and no line can store an entry named ``/``, ``.`` or ``..``, or hang a directory in itself.

The expected answers are those of GNU coreutils 9.1 on Linux 6.x, run as root in a scratch tree."""

from __future__ import annotations

import io
import tarfile

import pytest

from storagekit import DockerHost
from storagekit.fs import Dir
from storagekit.fs.nodes import File
from storagekit.fs.tar import read_layer_tar
from tests.reliability.harness import host_trees, run, tree_errors

# (line, exit status, stderr) as the real tools answer them
CASES = [
    ("touch /", 0, ""),
    ("touch /root/..", 0, ""),
    ("cd /root; touch ..", 0, ""),
    ("touch / /. // /./ /root/../..", 0, ""),
    ("chmod 755 /root/..", 0, ""),
    ("chown root /tmp/..", 0, ""),
    ("mkdir /", 1, "mkdir: cannot create directory '/': File exists\n"),
    ("mkdir /root/..", 1, "mkdir: cannot create directory '/root/..': File exists\n"),
    ("mkdir /tmp/.", 1, "mkdir: cannot create directory '/tmp/.': File exists\n"),
    ("mkdir -p / /. /.. /tmp/../tmp", 0, ""),
    ("rmdir /tmp/.", 1, "rmdir: failed to remove '/tmp/.': Invalid argument\n"),
    ("rmdir /tmp/..", 1, "rmdir: failed to remove '/tmp/..': Directory not empty\n"),
    ("rmdir / //", 1, "rmdir: failed to remove '/': Device or resource busy\n"
                      "rmdir: failed to remove '//': Device or resource busy\n"),
    ("rm -r /tmp/..", 1, "rm: refusing to remove '.' or '..' directory: skipping '/tmp/..'\n"),
    ("echo hi > /", 1, "bash: /: Is a directory\n"),
    ("echo hi > /tmp/.", 1, "bash: /tmp/.: Is a directory\n"),
    ("ln -s /tmp /", 1, "ln: failed to create symbolic link '/tmp': File exists\n"),
    ("cp /etc/hostname /..", 0, ""),
    ("mv /tmp /..", 1, "mv: '/tmp' and '/../tmp' are the same file\n"),
]


# in a scratch tree /s holding a/b/, a/f and x/, as GNU coreutils 9.1 answered there
SCRATCH = [
    ("cp -r a/.. x", 1, "cp: cannot copy a directory, 'a/..', into itself, 'x/.'\n", "x"),
    ("cp -r a/b/.. x/", 0, "", "x/f"),
    ("cp a/f a/.", 1, "cp: 'a/f' and 'a/./f' are the same file\n", "a/f"),
    ("mv a/b/. x", 1, "mv: cannot move 'a/b/.' to 'x/.': Device or resource busy\n", "a/b"),
    ("mv a/b/.. x", 1, "mv: cannot move 'a/b/..' to 'x/..': Device or resource busy\n", "a/b"),
    ("mv x/. a", 1, "mv: cannot move 'x/.' to 'a/.': Device or resource busy\n", "x"),
    ("ln -s f a/.", 1, "ln: failed to create symbolic link 'a/./f': File exists\n", "a/f"),
    ("rmdir x/..", 1, "rmdir: failed to remove 'x/..': Directory not empty\n", "x"),
    ("rmdir x/.", 1, "rmdir: failed to remove 'x/.': Invalid argument\n", "x"),
    ("touch a/b/..", 0, "", "a/b"),
    ("mkdir -p x/../y/./z/..", 0, "", "y/z"),
]


@pytest.mark.parametrize(("line", "code", "err", "there"), SCRATCH)
def test_dot_and_dotdot_in_a_scratch_tree(line, code, err, there):
    host = DockerHost()
    run(host, "mkdir -p /s/a/b /s/x && echo hi > /s/a/f && cd /s")
    r = run(host, line)
    assert (r.code, r.err) == (code, err)
    assert run(host, f"test -e {there}").code == 0
    assert run(host, "ls /s").out == "a\nx\n" + "y\n" * line.startswith("mkdir")
    assert tree_errors(host.fs.upper) == []


@pytest.mark.parametrize(("line", "code", "err"), CASES)
def test_dot_and_slash_resolve_as_the_kernel_does(line, code, err):
    host = DockerHost()
    r = run(host, line)
    assert (r.code, r.err) == (code, err)
    assert tree_errors(host.fs.upper) == []
    assert run(host, "ls -a / | head -2").out == ".\n..\n"
    assert run(host, "find / -maxdepth 1 -name / | wc -l").out == "1\n"


HOSTILE = ["touch /", "touch /root/..", "cd /root && touch ..", "chmod 755 /root/..", "mkdir -p /a/../b/./c",
           "cp -r /etc /etc/..", "mv /tmp/x /. 2>/dev/null; true", "ln -s . /loop", "ln -s /loop2 /loop2"]


def test_inside_a_container_too():
    host = DockerHost()
    run(host, "docker run -d --name web nginx")
    for line in HOSTILE:
        run(host, f"docker exec web sh -c '{line}'")
    run(host, "docker run --rm -v /:/host alpine sh -c 'touch /host/. /host/.. /.. && mkdir -p /host/x/../y'")
    for tree in host_trees(host):
        assert tree_errors(tree) == []
    listing = run(host, "find /var/lib/docker | wc -l")
    assert int(listing.out) < 50_000
    assert run(host, "ls -R / | wc -l").code == 0


def test_a_symlink_loop_is_eloop_not_a_hang():
    host = DockerHost()
    run(host, "ln -s /loop /loop; ln -s . /tmp/self")
    assert run(host, "cat /loop").err == "cat: /loop: Too many levels of symbolic links\n"
    assert run(host, "find -L /tmp | head -3").code == 0
    assert run(host, "ls /tmp/self/self/self/self").code == 0


@pytest.mark.parametrize("path", ["/", "//", "/.", "/tmp/..", "/tmp/x/../.."])
def test_no_program_can_link_an_entry_of_those_names(path):
    """The root, however spelt, is never linked anew: the one guard every new entry passes (``_place``, ``rename``,
    a mount's ``attach``)."""
    host = DockerHost()
    host.fs.mkdir("/tmp/x")
    with pytest.raises(OSError):
        host.fs.attach(path, Dir())
    with pytest.raises(OSError):
        host.fs.put(path, File())
    assert tree_errors(host.fs.upper) == []


@pytest.mark.parametrize("name", [".wh..", ".wh...", ".wh.", "./..", "a/../.."])
def test_a_layer_tar_cannot_smuggle_one_in(name):
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w") as tar:
        tar.addfile(tarfile.TarInfo(name))
    assert tree_errors(read_layer_tar(data.getvalue())) == []
