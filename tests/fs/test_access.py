"""The kernel's permission checks (``storagekit.fs.access``), as ``FileSystem`` applies them for a process.

The table cases name one rule each; the kernel cases make the same tree on
disk and in memory, then make the same system calls as an unprivileged user
(uid 1000, group 1000 and no other) and as root, and compare errno and the tree
after each call.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile

import pytest

from storagekit.fs import Dir, FileSystem
from storagekit.fs.access import R_OK, W_OK, X_OK, permitted
from storagekit.fs.nodes import File
from storagekit.sim.process import CONTAINER_CAPABILITIES, ROOT, Credentials

USER = Credentials.of(1000, 1000, (1000,))
OTHER = Credentials.of(2000, 2000, (2000,))
MEMBER = Credentials.of(2000, 2000, (2000, 1000))
CONTAINER_ROOT = Credentials.of(0, 0, (0,), CONTAINER_CAPABILITIES)
NO_DAC = Credentials(0, 0, (0,), frozenset({"CAP_CHOWN"}))


def node(mode: int, uid: int = 1000, gid: int = 1000, directory: bool = False):
    n = Dir(mode, uid, gid) if directory else File(perm=mode, uid=uid, gid=gid)
    return n


@pytest.mark.parametrize("cred,mode,want,directory,allowed", [
    (USER, 0o600, R_OK | W_OK, False, True),       # the owner's bits
    (USER, 0o077, R_OK, False, False),             # the owner's bits only, even if others may
    (MEMBER, 0o640, R_OK, False, True),            # a supplementary group counts
    (MEMBER, 0o640, W_OK, False, False),
    (OTHER, 0o604, R_OK, False, True),
    (OTHER, 0o640, R_OK, False, False),
    (ROOT, 0o000, R_OK | W_OK, False, True),       # CAP_DAC_OVERRIDE
    (ROOT, 0o600, X_OK, False, False),             # ...but no execute without any x bit
    (ROOT, 0o601, X_OK, False, True),
    (ROOT, 0o000, X_OK, True, True),               # directories are searched regardless
    (CONTAINER_ROOT, 0o000, R_OK | W_OK, False, True),  # a container's root has CAP_DAC_OVERRIDE too
    (NO_DAC, 0o000, R_OK, False, False),           # root without the capabilities is just uid 0
    (Credentials(0, 0, (), frozenset({"CAP_DAC_READ_SEARCH"})), 0o000, R_OK | X_OK, True, True),
    (Credentials(0, 0, (), frozenset({"CAP_DAC_READ_SEARCH"})), 0o000, W_OK, True, False),
    (Credentials(0, 0, (), frozenset({"CAP_DAC_READ_SEARCH"})), 0o000, R_OK, False, True),
])
def test_permitted(cred, mode, want, directory, allowed):
    assert permitted(node(mode, directory=directory), cred, want) is allowed


def test_a_process_that_is_not_root_has_no_capabilities():
    assert Credentials.of(1000, 1000, root_caps=CONTAINER_CAPABILITIES).caps == frozenset()
    assert Credentials.of(0, 0, root_caps=CONTAINER_CAPABILITIES).capable("CAP_CHOWN")
    assert not CONTAINER_ROOT.capable("CAP_DAC_READ_SEARCH")


def tree() -> FileSystem:
    """The tree the kernel cases also make on disk (owners and modes only matter)."""
    fs = FileSystem(Dir(), clock=lambda: 5)
    for path, mode, uid in [("/private", 0o700, 0), ("/readonly", 0o555, 0), ("/sticky", 0o1777, 0),
                            ("/mine", 0o755, 1000), ("/open", 0o777, 0), ("/sgid", 0o2775, 0)]:
        fs.mkdir(path, mode)
        fs.chown(path, uid, 1000 if path in ("/mine", "/sgid") else 0)
        fs.chmod(path, mode)
    for path, mode, uid in [("/private/f", 0o644, 0), ("/readonly/f", 0o644, 0), ("/sticky/root", 0o666, 0),
                            ("/sticky/mine", 0o644, 1000), ("/mine/f", 0o644, 1000), ("/root", 0o644, 0),
                            ("/open/root", 0o666, 0), ("/mine/setuid", 0o4755, 1000), ("/secret", 0o600, 0)]:
        fs.write(path, b"x\n")
        fs.chown(path, uid, 1000 if uid else 0)
        fs.chmod(path, mode)
    return fs


def test_what_a_user_creates_is_theirs_and_a_setgid_directory_lends_its_group():
    fs = tree()
    user = fs.as_user(USER)
    user.write("/open/new", b"")
    user.mkdir("/sgid/d")
    user.write("/sgid/f", b"")
    assert (fs.lstat("/open/new").uid, fs.lstat("/open/new").gid) == (1000, 1000)
    assert fs.lstat("/sgid/f").gid == 1000 and fs.lstat("/sgid/d").mode & stat.S_ISGID
    assert fs.lstat("/sgid").gid == 1000


def test_a_change_of_owner_drops_setuid_even_for_root():
    fs = tree()
    fs.chown("/mine/setuid", 1000, 1000)
    assert not fs.lstat("/mine/setuid").mode & stat.S_ISUID


def test_a_bind_mount_is_searched_from_its_source_down():
    fs = tree()
    fs.mkdir("/private/shared", 0o777)
    inside = fs.as_user(USER, entry="/private/shared")
    inside.write("/private/shared/x", b"ok")  # /private (0700) is above the source: never searched
    with pytest.raises(PermissionError):
        fs.as_user(USER).write("/private/shared/y", b"no")


def test_access_answers_as_test_does():
    fs = tree().as_user(USER)
    assert fs.access("/mine/f", W_OK) and not fs.access("/root", W_OK) and fs.access("/root", R_OK)
    assert not fs.access("/private/f", R_OK) and not fs.access("/nowhere", R_OK)
    assert not FileSystem(None, [Dir()]).access("/", W_OK)  # a read-only file system


# ------------------------------------------------------------------ against the kernel

CALLS = [  # (name, arguments): run in this order, as the user, after each the trees are compared
    ("write", ("/private/x",)), ("write", ("/readonly/x",)), ("write", ("/root",)), ("write", ("/open/root",)),
    ("write", ("/open/mine",)), ("read", ("/secret",)), ("read", ("/private/f",)), ("read", ("/root",)),
    ("mkdir", ("/readonly/d",)), ("mkdir", ("/mine/d",)), ("mkdir", ("/mine",)), ("mkdir", ("/readonly/f",)),
    ("unlink", ("/root",)), ("unlink", ("/readonly/f",)), ("unlink", ("/sticky/root",)),
    ("unlink", ("/sticky/mine",)), ("unlink", ("/open",)), ("rmdir", ("/readonly",)), ("rmdir", ("/mine/d",)),
    ("rename", ("/open/root", "/open/moved")), ("rename", ("/sticky/root", "/sticky/moved")),
    ("rename", ("/mine/f", "/open/f")), ("rename", ("/open/f", "/mine/f")),
    ("rename", ("/mine/d2", "/open/d2")), ("mkdir", ("/mine/d2",)), ("rename", ("/mine/d2", "/open/d2")),
    ("chmod", ("/root", 0o777)), ("chmod", ("/mine/f", 0o600)), ("chmod", ("/mine/f", 0o2644)),
    ("chown", ("/mine/f", 0, -1)), ("chown", ("/mine/f", -1, 0)), ("chown", ("/mine/f", -1, 1000)),
    ("chown", ("/mine/f", 1000, -1)), ("chown", ("/root", 1000, -1)),
    ("chown", ("/root", 0, -1)), ("chown", ("/root", -1, 0)),  # a non-owner may not even keep the owner
    ("utime", ("/open/root", None)), ("utime", ("/open/root", 7)), ("utime", ("/root", None)),
    ("utime", ("/mine/f", 7)),
    ("link", ("/root", "/mine/hard")), ("link", ("/open/root", "/mine/hard")), ("link", ("/mine/f", "/mine/h2")),
    ("symlink", ("x", "/readonly/s")), ("symlink", ("x", "/mine/s")),
    ("mknod", ("/mine/null",)), ("listdir", ("/private",)), ("listdir", ("/mine",)),
]


def _real_call(name: str, args: tuple, top: str) -> None:
    p = [os.path.join(top, a.lstrip("/")) if isinstance(a, str) and a.startswith("/") else a for a in args]
    if name == "write":
        with open(p[0], "wb") as fh:
            fh.write(b"w")
    elif name == "read":
        with open(p[0], "rb") as fh:
            fh.read()
    elif name == "utime":
        os.utime(p[0], None if p[1] is None else (p[1], p[1]))
    elif name == "mknod":
        os.mknod(p[0], stat.S_IFCHR | 0o666, os.makedev(1, 3))
    else:
        getattr(os, {"listdir": "listdir"}.get(name, name))(*p)


def _sim_call(fs: FileSystem, name: str, args: tuple) -> None:
    if name == "write":
        fs.write(args[0], b"w")
    elif name == "read":
        fs.read(args[0])
    elif name == "mknod":
        fs.mknod(args[0], 1, 3, 0o666 & ~0o022)  # the kernel applies the umask; FileSystem takes the final mode
    elif name == "chown":
        fs.chown(*args)
    else:
        getattr(fs, name)(*args)


def _real_tree(top: str) -> dict:
    out = {}
    for base, dirs, files in os.walk(top):
        for n in dirs + files:
            st = os.lstat(os.path.join(base, n))
            content = open(os.path.join(base, n), "rb").read() if stat.S_ISREG(st.st_mode) else None
            out["/" + os.path.relpath(os.path.join(base, n), top)] = (stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode),
                                                                      st.st_uid, st.st_gid, content)
    return out


def _sim_tree(fs: FileSystem) -> dict:
    return {p: (stat.S_IFMT(n.mode), n.perm, n.uid, n.gid, n.blob.read() if isinstance(n, File) else None)
            for p, n in fs.walk("/")}


def _build_real(top: str, fs: FileSystem) -> None:
    for path, n in fs.walk("/"):
        full = os.path.join(top, path.lstrip("/"))
        if isinstance(n, Dir):
            os.mkdir(full)
        else:
            with open(full, "wb") as fh:
                fh.write(n.blob.read())
        os.chown(full, n.uid, n.gid)
        os.chmod(full, n.perm)


@pytest.mark.kernel
@pytest.mark.parametrize("who", ["user", "root"])
def test_system_calls_against_the_kernel(who):
    """errno of each call, and the tree after it, as the kernel gives them (fs.protected_hardlinks=1)."""
    with open("/proc/sys/fs/protected_hardlinks") as fh:
        if fh.read().strip() != "1":
            pytest.skip("the kernel here does not protect hard links (Debian's default does)")
    sim = tree()
    cred = USER if who == "user" else ROOT
    view = sim.as_user(cred)
    top = tempfile.mkdtemp(prefix="storagekit-access-")
    os.chmod(top, 0o755)
    try:
        _build_real(top, sim)
        problems = []
        for name, args in CALLS:
            r, w = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child makes the call as the process would
                code = 0
                try:
                    if who == "user":
                        os.setgroups([1000])
                        os.setgid(1000)
                        os.setuid(1000)
                    _real_call(name, args, top)
                except OSError as exc:
                    code = exc.errno
                os.write(w, str(code).encode())
                os._exit(0)
            os.close(w)
            os.waitpid(pid, 0)
            real_errno = int(os.read(r, 16) or b"0")
            os.close(r)
            try:
                _sim_call(view, name, args)
                sim_errno = 0
            except OSError as exc:
                sim_errno = exc.errno
            if real_errno != sim_errno:
                problems.append(f"{name}{args}: kernel {errno.errorcode.get(real_errno, real_errno)} / "
                                f"simulator {errno.errorcode.get(sim_errno, sim_errno)}")
            real_state, sim_state = _real_tree(top), _sim_tree(sim)
            for key in sorted(set(real_state) | set(sim_state)):
                if real_state.get(key) != sim_state.get(key):
                    problems.append(f"after {name}{args}: {key}: kernel {real_state.get(key)} / "
                                    f"simulator {sim_state.get(key)}")
        assert not problems, "\n".join(problems)
    finally:
        shutil.rmtree(top, ignore_errors=True)
