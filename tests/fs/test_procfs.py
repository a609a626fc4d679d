"""``/proc``'s mount files are made from the table when read, and take no writes."""

from __future__ import annotations

import errno

import pytest

from storagekit.fs import Dir, FileSystem
from storagekit.fs.mounts import Mount, MountNamespace
from storagekit.fs.mounttable import MountEntry, StatFs
from storagekit.fs.procfs import ProcFS


def namespace(table: list[MountEntry]) -> MountNamespace:
    root = FileSystem(Dir())
    root.mkdir("/data")
    return MountNamespace(root, [Mount("/proc", ProcFS(lambda: table), "/", kind="proc")], lambda: table)


ROOT = MountEntry(1, 0, "0:40", "/", "overlay", "overlay", ("relatime",), statfs=lambda: StatFs(100, 60, 50))
DATA = MountEntry(2, 1, "8:1", "/data", "ext4", "/dev/sda1", ("relatime",), statfs=lambda: StatFs(10, 5, 5))


def test_the_files_show_the_table_as_it_is_when_read():
    table = [ROOT]
    ns = namespace(table)
    assert ns.read("/proc/mounts") == b"overlay / overlay rw,relatime 0 0\n"
    table.append(DATA)
    assert ns.read("/proc/self/mountinfo").decode().splitlines()[1] == \
        "2 1 8:1 / /data rw,relatime - ext4 /dev/sda1 rw"
    assert ns.readlink("/proc/mounts") == "self/mounts" and ns.stat("/proc/self/mounts").size == 0


@pytest.mark.parametrize("call", [lambda ns: ns.write("/proc/mounts", b"x"), lambda ns: ns.mkdir("/proc/new")])
def test_procfs_takes_no_writes(call):
    with pytest.raises(OSError) as err:
        call(namespace([ROOT]))
    assert err.value.errno == errno.EACCES


def test_statfs_and_st_dev_come_from_the_mount_a_path_is_on():
    ns = namespace([ROOT, DATA])
    assert ns.statfs("/data") == StatFs(10, 5, 5) and ns.statfs("/") == StatFs(100, 60, 50)
    assert (ns.device_of("/data"), ns.device_of("/proc")) == ("8:1", "0:40")
    with pytest.raises(OSError):
        ns.statfs("/nowhere")
