"""A container's user, as runc's GetExecUser finds it in the image (table from libcontainer/user's tests)."""

from __future__ import annotations

import pytest

from storagekit.fs import Dir, FileSystem
from storagekit.fs.users import UnknownUser, additional_groups, exec_user, find_user, group_names, user_names
from storagekit.sim.process import CONTAINER_CAPABILITIES

PASSWD = "root:x:0:0:root:/root:/bin/bash\nadm:x:42:43:adm:/var/adm:/bin/false\napp:x:1000:1000::/home/app:/bin/sh\n" \
         "111:x:222:333::/home/odd:/bin/sh\n"
GROUP = "root:x:0:\nwheel:x:10:root,app\nadm:x:43:\napp:x:1000:\nstaff:x:50:app\n444:x:555:\n"


def image(passwd: str | None = PASSWD, group: str | None = GROUP) -> FileSystem:
    fs = FileSystem(Dir())
    fs.mkdir("/etc")
    if passwd is not None:
        fs.write("/etc/passwd", passwd.encode())
    if group is not None:
        fs.write("/etc/group", group.encode())
    return fs


@pytest.mark.parametrize("spec,uid,gid,groups", [
    ("", 0, 0, (0, 10)),                 # the image's default: root, with the groups that list root
    ("root", 0, 0, (0, 10)),
    ("app", 1000, 1000, (10, 50, 1000)),   # the kernel keeps them sorted
    ("1000", 1000, 1000, (10, 50, 1000)),  # a number is looked up too
    ("app:adm", 1000, 43, (43,)),          # an explicit group replaces the supplementary ones
    ("app:43", 1000, 43, (43,)),
    ("app:9999", 1000, 9999, (9999,)),     # a number needs no entry
    ("5000", 5000, 0, (0,)),               # an unknown number runs with group 0
    ("5000:5000", 5000, 5000, (5000,)),
    ("111", 111, 0, (0,)),                 # numbers are uids, never names
    ("222", 222, 333, (333,)),
    ("adm:444", 42, 444, (444,)),          # ...and a numeric group is a gid, not a group named "444"
])
def test_exec_user(spec, uid, gid, groups):
    cred, _ = exec_user(image(), spec, CONTAINER_CAPABILITIES)
    assert (cred.uid, cred.gid, cred.groups) == (uid, gid, groups)
    assert bool(cred.caps) is (uid == 0)


@pytest.mark.parametrize("spec,passwd,message", [
    ("nobody", PASSWD, "unable to find user nobody: no matching entries in passwd file"),
    ("app:nogroup", PASSWD, "unable to find group nogroup: no matching entries in group file"),
    ("root", None, "unable to find user root: no matching entries in passwd file"),  # FROM scratch
    ("4294967296", PASSWD, "uids and gids must be in range 0-2147483647"),
])
def test_exec_user_errors(spec, passwd, message):
    with pytest.raises(UnknownUser, match=f"^{message}$"):
        exec_user(image(passwd), spec)


def test_an_image_without_user_files_still_runs_numbers_and_the_default():
    assert exec_user(image(None, None), "")[0].uid == 0
    assert exec_user(image(None, None), "1000:1000")[0].groups == (1000,)


def test_names():
    fs = image()
    assert user_names(fs)[1000] == "app" and group_names(fs)[10] == "wheel"
    assert find_user(fs, "1000").name == "app" and find_user(fs, "nobody") is None


@pytest.mark.parametrize("wanted,gids", [
    (["wheel"], (10,)),
    (["50", "app"], (50, 1000)),          # by gid or by name, in the order asked
    (["4242"], (4242,)),                  # a number needs no entry
    (["444"], (555,)),                    # ...but a group named "444" comes first
    (["+7"], (7,)),                       # Go's ParseInt takes a sign
    ([], ()),
])
def test_additional_groups(wanted, gids):
    assert additional_groups(image(), wanted) == gids


@pytest.mark.parametrize("wanted,message", [
    (["nogroup"], "Unable to find group nogroup: no matching entries in group file"),
    (["wheel", "wheel"], "Unable to find group wheel: no matching entries in group file"),  # taken: not a match
    (["10", "wheel"], "Unable to find group wheel: no matching entries in group file"),
    (["2147483648"], "uids and gids must be in range 0-2147483647"),
    (["-1"], "uids and gids must be in range 0-2147483647"),
    (["99999999999999999999"], "Unable to find group 99999999999999999999: no matching entries in group file"),
])
def test_additional_groups_errors(wanted, message):
    """moby/sys/user's GetAdditionalGroups, capital U and all: the text ``docker start`` relays."""
    with pytest.raises(UnknownUser, match=f"^{message}$"):
        additional_groups(image(), wanted)


def test_additional_groups_without_a_group_file_takes_numbers_only():
    assert additional_groups(image(group=None), ["5"]) == (5,)
    with pytest.raises(UnknownUser):
        additional_groups(image(group=None), ["root"])
