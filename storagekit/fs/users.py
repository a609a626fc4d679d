"""The users and groups of a root file system (``/etc/passwd``, ``/etc/group``), as libc and runc read them.

A container's user is looked up in its image, not on the host: ``--user
app``, ``USER app`` and ``docker exec -u app`` all go through runc's
``GetExecUser`` (:func:`exec_user`), which is also why ``--user 1000`` works
in an image that has no such user (and then runs with group 0).
"""

from __future__ import annotations

from dataclasses import dataclass

from storagekit.sim.process import CAPABILITIES, Credentials

MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class Passwd:
    name: str
    uid: int
    gid: int
    home: str
    shell: str


@dataclass(frozen=True)
class Group:
    name: str
    gid: int
    members: tuple[str, ...]


def install(fs, groups: tuple[str, ...] = ()) -> None:
    """The user database of a fresh Debian machine (a Docker host, a cluster's node): root and nobody, and the
    extra ``groups`` lines (``docker:x:999:``)."""
    fs.write("/etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n"
                            b"nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n")
    fs.write("/etc/group", "".join(["root:x:0:\n", *(g + "\n" for g in groups), "nogroup:x:65534:\n"]).encode())


class UnknownUser(ValueError):
    """A user or group the image does not have, in runc's words."""


def _lines(fs, path: str) -> list[list[str]] | None:
    try:
        text = fs.read(path).decode("utf-8", "surrogateescape")
    except OSError:
        return None
    return [line.split(":") for line in text.splitlines() if line and not line.startswith("#")]


def passwd(fs) -> list[Passwd] | None:
    """The entries of ``/etc/passwd`` (None if there is no such file); malformed lines are skipped, as libc does."""
    rows = _lines(fs, "/etc/passwd")
    if rows is None:
        return None
    return [Passwd(f[0], int(f[2]), int(f[3]), (f + ["", "", ""])[5], (f + ["", "", ""])[6]) for f in rows
            if len(f) >= 4 and f[2].isdigit() and f[3].isdigit()]


def groups(fs) -> list[Group] | None:
    rows = _lines(fs, "/etc/group")
    if rows is None:
        return None
    return [Group(f[0], int(f[2]), tuple(m for m in f[3].split(",") if m)) for f in rows
            if len(f) >= 4 and f[2].isdigit()]


def user_names(fs) -> dict[int, str]:
    """uid -> name, the first entry winning (``ls -l``'s owner column)."""
    names: dict[int, str] = {}
    for entry in passwd(fs) or []:
        names.setdefault(entry.uid, entry.name)
    return names


def group_names(fs) -> dict[int, str]:
    names: dict[int, str] = {}
    for entry in groups(fs) or []:
        names.setdefault(entry.gid, entry.name)
    return names


def find_user(fs, name: str) -> Passwd | None:
    """The first entry named ``name``, or for a number the first with that uid."""
    return next((e for e in passwd(fs) or [] if (e.uid == int(name) if name.isdigit() else e.name == name)), None)


def find_group(fs, name: str) -> Group | None:
    return next((g for g in groups(fs) or [] if (g.gid == int(name) if name.isdigit() else g.name == name)), None)


def id_of(fs, name: str, *, group: bool = False) -> int | None:
    """The uid (gid) ``name`` stands for: a number as it is, a name from the tree's files; None if unknown."""
    if name.isdigit():
        return int(name)
    if group:
        found_group = find_group(fs, name)
        return None if found_group is None else found_group.gid
    found_user = find_user(fs, name)
    return None if found_user is None else found_user.uid


def exec_user(fs, spec: str, root_caps: frozenset[str] = CAPABILITIES) -> tuple[Credentials, Passwd | None]:
    """runc's ``GetExecUser``: the credentials ``user[:group]`` (names or numbers, "" for root) runs with.

    A named user must be in ``/etc/passwd``; a number needs not be, and then keeps
    group 0. Without an explicit group, the user's entry gives the group and the
    groups that list the user give the supplementary ones. Root gets
    ``root_caps``, anyone else no capability. Raises :class:`UnknownUser`.
    """
    user, _, group = spec.partition(":")
    table = passwd(fs)
    if user == "":
        match = next((e for e in table or [] if e.uid == 0), None)
    else:
        match = find_user(fs, user) if table is not None else None
    uid, gid = 0, 0
    supplementary: tuple[int, ...] = ()
    if match is not None:
        uid, gid = match.uid, match.gid
    elif user and not user.isdigit():
        raise UnknownUser(f"unable to find user {user}: no matching entries in passwd file")
    elif user:
        uid = int(user)
        if uid > MAX_ID:
            raise UnknownUser("uids and gids must be in range 0-2147483647")
    if group or match is not None:
        listed = groups(fs) or []
        if group:
            found = find_group(fs, group)
            if found is None and not group.isdigit():
                raise UnknownUser(f"unable to find group {group}: no matching entries in group file")
            gid = found.gid if found is not None else int(group)
        elif match is not None:
            supplementary = tuple(g.gid for g in listed if match.name in g.members)
    groups_ = (gid,) + tuple(g for g in supplementary if g != gid)  # moby and containerd add the primary group
    return Credentials.of(uid, gid, groups_, root_caps), match


def additional_groups(fs, wanted: list[str] | tuple[str, ...]) -> tuple[int, ...]:
    """moby/sys/user's ``GetAdditionalGroups`` (``docker run --group-add``): each name or gid is looked up in the
    tree's ``/etc/group``; one that matches no entry may still be a plain number, which needs none.

    A group already taken by an earlier item does not count as a match, so naming one group twice (by name) ends
    in the number test and fails, as it does with the real code. Raises :class:`UnknownUser` in its words.
    """
    listed = groups(fs) or []
    gids: dict[int, None] = {}
    for item in wanted:
        match = next((g for g in listed if (g.name == item or str(g.gid) == item) and g.gid not in gids), None)
        if match is not None:
            gids[match.gid] = None
            continue
        number = _go_int(item)
        if number is None:
            raise UnknownUser(f"Unable to find group {item}: no matching entries in group file")
        if not 0 <= number <= MAX_ID:
            raise UnknownUser("uids and gids must be in range 0-2147483647")
        gids[number] = None
    return tuple(gids)


def _go_int(text: str) -> int | None:
    """Go's ``strconv.ParseInt(text, 10, 64)``: an optional sign and decimal digits, nothing else."""
    digits = text[1:] if text[:1] in "+-" else text
    if not digits or not digits.isascii() or not digits.isdigit():
        return None
    number = int(text)
    return number if -(2**63) <= number < 2**63 else None
