"""Permission denied, in each program's own words: the real programs run as an unprivileged user, side by side.

SETUP runs as root in both (the real one in a fresh directory, the simulated
one in a fresh tree); then the line runs as uid 1000, group 1000 and no other
group (what ``setpriv --reuid=1000 --regid=1000 --clear-groups`` gives) under
bash, dash and BusyBox sh, and as a process with those credentials in the
simulation. Compared: status, stdout,
stderr, and the tree afterwards (a refused call changes nothing).
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import tempfile

import pytest

from storagekit.commands.shell import Shell
from storagekit.fs import Dir, FileSystem
from storagekit.fs.devices import dev_tree
from storagekit.fs.nodes import File, Symlink
from storagekit.sim.process import Credentials

pytestmark = pytest.mark.kernel  # switching to another user needs root

UID = 1000
SETUP = """
mkdir private && echo secret > private/f && chmod 700 private
mkdir readonly && echo r > readonly/f && chmod 555 readonly
mkdir noread && echo n > noread/f && chmod 311 noread
mkdir sticky && chmod 1777 sticky && echo s > sticky/rootfile && chmod 666 sticky/rootfile
echo root > rootfile && chmod 644 rootfile
echo mine > secretfile && chmod 600 secretfile
printf '#!/bin/sh\\necho ran\\n' > noexec && chmod 644 noexec
printf '#!/bin/sh\\necho ran\\n' > exec && chmod 755 exec
mkdir open && chmod 777 open && echo x > open/rootowned && chown 1000:1000 open
mkdir mine && echo m > mine/f && chown -R 1000:1000 mine
mkdir unsearchable && echo u > unsearchable/f && mkdir unsearchable/d && chmod 644 unsearchable
"""
EVERY_SHELL = [
    "touch private/x", "touch readonly/x", "touch rootfile", "touch open/rootowned", "touch open/new mine/new",
    "echo x > private/x", "echo x > readonly/x", "echo x > rootfile", "echo x >> rootfile", "cat < secretfile",
    "echo x > open/x; cat open/x",
    "mkdir private/d", "mkdir readonly/d", "mkdir open/d mine/d",
    "rm rootfile", "rm -f rootfile", "rm readonly/f", "rm -r readonly", "rmdir readonly", "rm sticky/rootfile",
    "rm open/rootowned", "rm -r mine",
    "cp rootfile readonly/", "cp rootfile private/x", "cp secretfile mine/", "cp rootfile mine/",
    "cp -a mine/f sticky/rootfile", "cp -p mine/f sticky/rootfile", "cp -a rootfile mine/",
    "mv rootfile mine/", "mv mine/f readonly/", "mv mine/f open/",
    "ln rootfile mine/hl", "ln -s rootfile readonly/sl", "ln -s rootfile mine/sl", "ln -sf mine rootfile",
    "ln -f mine/f rootfile", "ln -sf x readonly/f",
    "chmod 777 rootfile", "chmod 700 mine/f", "chown root mine/f", "chgrp root mine/f", "chgrp 1000 rootfile",
    "chown 1000 mine/f",
    "cat secretfile", "cat private/f", "head -n1 secretfile", "wc -c secretfile", "cat rootfile",
    "ls private", "ls noread", "ls private/f", "ls -l private/f", "ls -R .", "ls unsearchable", "ls -l unsearchable",
    "ls -la unsearchable", "ls -i unsearchable", "ls -F unsearchable", "ls -R unsearchable",
    "./noexec", "./private/f", "sh noexec", "sh secretfile",
    "tee readonly/x < rootfile", "echo x | tee -a rootfile",
    "dd if=rootfile of=readonly/x", "dd if=secretfile of=mine/x",
    "test -r secretfile; echo $?", "test -w rootfile; echo $?", "test -x exec; echo $?",
    "test -r rootfile; echo $?", "[ -w open ]; echo $?", "[ -x noexec ]; echo $?", "[ -w mine/f ]; echo $?",
    "id",
]
# The GNU programs and the two shells that run them (BusyBox sh runs its own applets).
GNU_ONLY = ["mkdir -p private/a/b", "rm -rf private", "cp -r private mine/", "ls -l private", "stat private/f",
            "touch -d 2020-01-01 rootfile", "cd private", "du -s private", "find private"]
BUSYBOX_ONLY = ["touch -d 2020-01-01 rootfile", "touch -d 2020-01-01 open/rootowned", "ls -l private",
                "cd private", "mkdir -p private/a/b", "cp -r private mine/", "cp -a private mine/",
                "cp -a rootfile mine/", "cp -a private mine/p; ls -ld mine/p | cut -c1-10"]


@pytest.fixture(scope="module")
def user_name() -> str:
    try:
        return pwd.getpwuid(UID).pw_name
    except KeyError:
        return str(UID)


def _state(top: str) -> dict:
    """Every entry below ``top``: type, mode, owner and content (what a refused call must leave as it was)."""
    out = {}
    for base, dirs, files in os.walk(top):
        for name in dirs + files:
            path = os.path.join(base, name)
            st = os.lstat(path)
            content = None
            if stat.S_ISREG(st.st_mode):
                with open(path, "rb") as fh:
                    content = fh.read()
            elif stat.S_ISLNK(st.st_mode):
                content = os.readlink(path)
            out[os.path.relpath(path, top)] = (stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), st.st_uid,
                                               st.st_gid, content)
    return out


def _sim_state(fs: FileSystem, top: str) -> dict:
    out = {}
    for path, node in fs.walk(top):
        content = node.blob.read() if isinstance(node, File) else node.target if isinstance(node, Symlink) else None
        out[path[len(top) + 1:]] = (stat.S_IFMT(node.mode), node.perm, node.uid, node.gid, content)
    return out


def _drop() -> None:
    os.setgroups([])
    os.setgid(UID)
    os.setuid(UID)


def real(shell: str, line: str) -> tuple[int, str, str, dict]:
    with tempfile.TemporaryDirectory(prefix="storagekit-perm-") as tmp:
        os.chmod(tmp, 0o755)
        env = {"LC_ALL": "C", "PATH": "/usr/bin:/bin", "HOME": "/nonexistent", "TERM": "dumb"}
        subprocess.run(["/bin/sh", "-c", SETUP], cwd=tmp, env=env, check=True)
        argv, exe = {"bash": (["bash", "--norc", "--noprofile", "-ic", line], None),
                     "dash": (["/bin/sh", "-c", line], "/bin/dash"),
                     "ash": (["/bin/sh", "-c", line], shutil.which("busybox"))}[shell]
        r = subprocess.run(argv, executable=exe, cwd=tmp, env=env, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=20, preexec_fn=_drop)
        err = "".join(ln for ln in r.stderr.splitlines(keepends=True)
                      if "job control" not in ln and "terminal process group" not in ln)
        return r.returncode, r.stdout, err, _state(tmp)


def simulated(shell: str, line: str, user_name: str) -> tuple[int, str, str, dict]:
    fs = FileSystem(Dir(), clock=lambda: 0)
    fs.put("/dev", dev_tree())
    fs.mkdir("/etc")
    fs.write("/etc/passwd", f"root:x:0:0:root:/root:/bin/bash\n{user_name}:x:{UID}:{UID}::/nonexistent:/bin/sh\n"
             .encode())
    fs.write("/etc/group", f"root:x:0:\n{user_name}:x:{UID}:\n".encode())
    fs.mkdir("/w")
    assert Shell(fs, cwd="/w", dialect="dash").run(SETUP).code == 0
    env = {"LC_ALL": "C", "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}
    r = Shell(fs.as_user(Credentials.of(UID, UID)), cwd="/w", env=env, dialect=shell, user=user_name).run(line)
    return r.code, r.out, r.err, _sim_state(fs, "/w")


def _compare(shell: str, line: str, user_name: str) -> None:
    """stderr is compared line by line in any order: a program meets entries in the backing store's readdir order."""
    got, want = simulated(shell, line, user_name), real(shell, line)
    assert (got[0], got[1], sorted(got[2].splitlines()), got[3]) == (want[0], want[1], sorted(want[2].splitlines()),
                                                                    want[3])


@pytest.mark.parametrize("shell,line", [(sh, line) for sh in ("bash", "dash") for line in EVERY_SHELL + GNU_ONLY])
def test_gnu_programs_as_a_user(shell, line, user_name):
    _compare(shell, line, user_name)


@pytest.mark.skipif(shutil.which("busybox") is None, reason="needs busybox to compare with")
@pytest.mark.parametrize("line", EVERY_SHELL + BUSYBOX_ONLY)
def test_busybox_as_a_user(line, user_name):
    _compare("ash", line, user_name)
