"""dd, fallocate and head -c over /dev: the ways to make big files, with GNU's and BusyBox's wording."""

import pytest

from storagekit.commands.shell import Shell
from storagekit.fs import Dir, FileSystem
from storagekit.fs.devices import dev_tree

NOW = 1_767_225_600


def shell(dialect="bash") -> tuple[Shell, FileSystem]:
    root = Dir()
    root.children["dev"] = dev_tree(NOW)
    fs = FileSystem(root, clock=lambda: NOW)
    fs.mkdir("/tmp")
    fs.write("/tmp/src", b"0123456789" * 100)
    return Shell(fs, dialect=dialect, clock=lambda: NOW), fs


@pytest.mark.parametrize("line, size, stderr", [
    ("dd if=/dev/zero of=/tmp/big bs=1M count=100", 104857600,
     "100+0 records in\n100+0 records out\n104857600 bytes (105 MB, 100 MiB) copied, 0.0501692 s, 2.1 GB/s\n"),
    ("dd if=/dev/zero of=/tmp/z bs=512 count=1", 512,
     "1+0 records in\n1+0 records out\n512 bytes copied, 0.000237244 s, 2.2 MB/s\n"),
    ("dd if=/tmp/src of=/tmp/part bs=300", 1000, "3+1 records in\n3+1 records out\n1000 bytes (1.0 kB) copied, "
                                                  "0.000237476 s, 4.2 MB/s\n"),
    ("dd if=/tmp/src of=/tmp/skip bs=100 skip=2 count=3 status=none", 300, ""),
    ("dd if=/dev/urandom of=/tmp/r bs=1K count=3 status=noxfer", 3072, "3+0 records in\n3+0 records out\n"),
])
def test_gnu_dd(line, size, stderr):
    sh, fs = shell()
    r = sh.run(line)
    assert (r.code, r.err) == (0, stderr)
    out = line.split("of=")[1].split()[0]
    assert fs.stat(out).size == size


def test_dd_copies_the_right_bytes():
    sh, fs = shell()
    sh.run("dd if=/tmp/src of=/tmp/skip bs=100 skip=2 count=3 status=none")
    assert fs.read("/tmp/skip") == (b"0123456789" * 100)[200:500]
    sh.run("dd if=/dev/zero of=/tmp/z bs=10 count=2 status=none")
    assert fs.read("/tmp/z") == bytes(20)


def test_busybox_dd_wording():
    sh, _ = shell("ash")
    assert sh.run("dd if=/dev/zero of=/tmp/big bs=1M count=100").err == (
        "100+0 records in\n100+0 records out\n104857600 bytes (100.0MB) copied, 0.050169 seconds, 1.9GB/s\n")


@pytest.mark.parametrize("line, err", [
    ("dd foo", "dd: unrecognized operand 'foo'\nTry 'dd --help' for more information.\n"),
    ("dd if=/nope of=/tmp/x", "dd: failed to open '/nope': No such file or directory\n"),
    ("dd if=/dev/zero of=/tmp/x bs=1Q", "dd: invalid number: '1Q'\n"),
    ("dd if=/dev/zero of=/dev/full count=1", "dd: error writing '/dev/full': No space left on device\n1+0 records in\n"
                                             "0+0 records out\n0 bytes copied, 0.000237 s, 0.0 kB/s\n"),
])
def test_dd_errors(line, err):
    sh, fs = shell()
    r = sh.run(line)
    assert (r.code, r.err) == (1, err)
    assert not fs.exists("/tmp/x")


def test_random_bytes_repeat_from_run_to_run_but_differ_from_zero():
    a, b = shell()[0], shell()[0]
    ra, rb = a.run("head -c 64 /dev/urandom"), b.run("head -c 64 /dev/urandom")
    assert ra.out == rb.out and len(ra.out.encode("utf-8", "surrogateescape")) == 64
    assert ra.out != "\0" * 64


@pytest.mark.parametrize("line, out", [
    ("head -c 5 /dev/zero | wc -c", "5\n"),
    ("head -c 1K /dev/zero | wc -c", "1024\n"),
    ("head -c 2M /dev/urandom | wc -c", "2097152\n"),
    ("cat /dev/null | wc -c", "0\n"),
])
def test_reading_devices(line, out):
    assert shell()[0].run(line).out == out


@pytest.mark.parametrize("line", ["cat /dev/zero", "wc -c /dev/urandom", "dd if=/dev/full of=/tmp/f",
                                  "sort < /dev/zero", "head -n 1 /dev/zero"])
def test_reading_an_endless_device_to_its_end_is_stopped_with_a_note(line):
    """The real program would read until interrupted; the simulation says so and stops as Ctrl-C would."""
    sh, fs = shell()
    r = sh.run(line + "; echo $?")
    assert (r.out, r.err) == ("130\n", "") and "never ends" in r.notes[0]
    assert not fs.exists("/tmp/f")


def test_writes_to_dev_null_vanish():
    sh, fs = shell()
    assert sh.run("echo gone > /dev/null").code == 0
    assert fs.stat("/dev/null").size == 0


def test_fallocate():
    sh, fs = shell()
    assert sh.run("fallocate -l 50M /tmp/f").code == 0
    assert fs.stat("/tmp/f").size == 50 * 1024 * 1024
    r = sh.run("fallocate /tmp/g")
    assert r.code == 1 and "no length argument specified" in r.err


def _small_disk(dialect: str, size: int) -> tuple[Shell, FileSystem]:
    """The shell on a filesystem of ``size`` bytes (a tmpfs mounted with ``size=``)."""
    from storagekit.fs.capacity import Space
    from storagekit.fs.usage import disk_usage

    sh, fs = shell(dialect)
    space = Space(lambda: size - disk_usage(fs.upper, shared_extents=True) + disk_usage(fs.upper.children["dev"],
                                                                                      shared_extents=True))
    fs.capacity = lambda path: space
    return sh, fs


@pytest.mark.parametrize("dialect, err", [
    # both seen on a real tmpfs mounted with size=64k (GNU coreutils 9.1, BusyBox 1.36)
    ("bash", "dd: error writing '/tmp/f': No space left on device\n65+0 records in\n64+0 records out\n"
             "65536 bytes (66 kB, 64 KiB) copied, 0.000268208 s, 244 MB/s\n"),
    ("ash", "dd: error writing '/tmp/f': No space left on device\n65+0 records in\n64+0 records out\n"),
])
def test_dd_fills_the_filesystem_and_keeps_what_it_wrote(dialect, err):
    sh, fs = _small_disk(dialect, 64 * 1024 + len(b"0123456789" * 100) // 4096 * 4096 + 4096)
    r = sh.run("dd if=/dev/zero of=/tmp/f bs=1k count=128")
    assert (r.code, r.err) == (1, err)
    assert fs.stat("/tmp/f").size == 65536
    assert sh.run("echo more >> /tmp/f").err == ("bash: echo: write error: No space left on device\n"
                                                 if dialect == "bash" else "sh: write error: No space left on device\n")


def test_a_write_bigger_than_the_disk_stops_at_its_capacity():
    sh, fs = _small_disk("bash", 40 << 30)
    r = sh.run("dd if=/dev/zero of=/tmp/big bs=1M count=102400")
    # /tmp/src holds one block: the last megabyte goes in short of it
    assert r.code == 1 and r.err.startswith("dd: error writing '/tmp/big': No space left on device\n"
                                            "40960+0 records in\n40959+1 records out\n"
                                            "42949668864 bytes (43 GB, 40 GiB) copied")
    assert fs.stat("/tmp/big").size == (40 << 30) - 4096
