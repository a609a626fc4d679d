"""grep's context lines, awk, tar, shuf and date against the real programs: GNU grep, mawk (Debian's awk), GNU tar
and coreutils under ``bash`` and ``dash``, and BusyBox's applets under its ``sh``.

Each line runs in the same fresh directory as the shell's own differential cases (see
:mod:`tests.commands.shell.test_shell_differential`); a case is skipped, with the reason, where its real program is
not on this machine.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

from tests.commands.shell import test_shell_differential as shell_diff

TEXT = "printf 'a\\nb\\nx1\\nc\\nd\\ne\\nf\\nx2\\ng\\nx3\\nh\\n' > g; printf 'x\\ny\\n' > h; "

GREP_CASES = [
    TEXT + "grep -n -A1 x g",
    TEXT + "grep -B2 x g g",
    TEXT + "grep -C1 y g h",
    TEXT + "grep -A1 y g h h",
    TEXT + "grep -nB1 x2 g",
    TEXT + "grep -v -A1 '[a-h]' g",
    TEXT + "grep -c -A1 x g",
    TEXT + "grep -m1 -A2 x g",
    TEXT + "grep -m 1 x g h",
    TEXT + "grep -A x x g; echo $?",
    TEXT + "grep -C -1 x g; echo $?",
    TEXT + "grep -m x x g; echo $?",
    TEXT + "grep -x x1 g",
    TEXT + "grep -w -o 'x.' g",
    TEXT + "grep -ni X1 g",
    TEXT + "grep -E 'a(' g; echo $?",
    TEXT + "grep -A 1 -B 0 x3 g",
    TEXT + "grep -C 5 e g",
    TEXT + "grep --context=1 x1 g",
    TEXT + "grep -A1 x h | grep -c .",
    TEXT + "grep -Z; echo $?",
    TEXT + "grep; echo $?",
    TEXT + "cat g | grep -H -A1 x3",
    TEXT + "grep -rn x . | sort",
    TEXT + "grep -q x g nope; echo $?",
    TEXT + "grep -s x nope; echo $?",
]
GNU_GREP_CASES = [
    TEXT + "grep -o -C1 x. g",
    TEXT + "grep -2 x1 g",
    TEXT + "grep --bogus x g; echo $?",
    TEXT + "grep 'a[' g; echo $?",
    TEXT + "grep 'a\\(' g; echo $?",
]
BUSYBOX_GREP_CASES = [
    TEXT + "grep -o -C1 x. g",
    TEXT + "grep -E 'a[' g; echo $?",
]

TREE = "mkdir -p t/s && echo hi > t/s/f && "
TAR_CASES = [
    TREE + "tar cf a.tar -C t . && tar tf a.tar | sort",
    TREE + "tar cf a.tar -C t . && tar tvf a.tar | sort",
    TREE + "tar czf a.tgz t && tar tzf a.tgz | sort",
    TREE + "tar -czf a.tgz t/s && tar -t -z -f a.tgz",
    TREE + "tar cf - t | tar tf - | sort",
    TREE + "tar cvf - t/s/f > /dev/null",
    TREE + "tar cvf a.tar t/s",
    TREE + "tar cf x.tar; echo $?",
    TREE + "tar cf x.tar nope t/s/f; echo $?; tar tf x.tar",
    TREE + "tar xf nope.tar; echo $?",
    TREE + "tar cf a.tar t/s/f && mkdir r && tar xvf a.tar -C r && cat r/t/s/f && ls -l r/t/s",
    TREE + "chmod 640 t/s/f && tar czf a.tgz -C t/s . && mkdir r && tar xzf a.tgz -C r && ls -ln r",
    TREE + "chown 65534:65534 t/s/f && tar cf a.tar -C t s && mkdir r && tar xf a.tar -C r && ls -ln r/s",
    TREE + "tar cf a.tar t/s/f && tar xf a.tar -C nodir; echo $?",
    TREE + "tar cf a.tar t/s/f && tar xf a.tar nope; echo $?",
    TREE + "tar cf a.tar t && tar xvf a.tar t/s/f -C t; echo $?",
    TREE + "tar tf f; echo $?",
    TREE + "tar; echo $?",
    TREE + "tar tf; echo $?",
    TREE + "tar czf a.tgz . > /dev/null; echo $?",
    TREE + "tar cf a.tar \"$(pwd)/t/s/f\"; echo $?",
    TREE + "tar -Q; echo $?",
    TREE + "tar cf a.tar t/s/f && tar xzf a.tar; echo $?",
    TREE + "tar czf a.tgz t/s/f && tar xOf a.tgz",
    TREE + "tar cf a.tar t/s/f && tar xf a.tar -O",
    TREE + "ln -s f t/s/l && tar cf a.tar t/s/l && tar tvf a.tar && rm t/s/l && tar xf a.tar && ls -l t/s | cut -c1-10",
]
GNU_TAR_CASES = [
    TREE + "tar -cxf a; echo $?",
    TREE + "chown 65534:65534 t/s/f && tar cf a.tar t/s/f && tar tvf a.tar",
    TREE + "tar --create --file=a.tar t/s/f && tar --list --file a.tar",
    TREE + "tar --bogus; echo $?",
    TREE + "tar czf - t/s/f | tar tf -; echo $?",
]

HAVE_BUSYBOX = shutil.which("busybox") is not None
HAVE_DASH = os.path.exists("/bin/dash")


ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?")


def _masked(result: tuple[int, str, str]) -> tuple[int, str, str]:
    """``tar tv`` prints times as ISO dates, which differ run to run."""
    code, out, err = result
    return code, ISO_DATE.sub("DATE", out), ISO_DATE.sub("DATE", err)


def _check(shell: str, dialect: str, line: str) -> None:
    assert _masked(shell_diff._simulated(dialect, line)) == _masked(shell_diff._real(shell, line))


@pytest.mark.skipif(not HAVE_DASH, reason="needs dash (/bin/dash) to run GNU grep under")
@pytest.mark.parametrize("line", GREP_CASES + GNU_GREP_CASES)
def test_grep_like_gnu_grep(line: str) -> None:
    _check("dash", "dash", line)


@pytest.mark.skipif(not HAVE_BUSYBOX, reason="needs busybox to compare with")
@pytest.mark.parametrize("line", GREP_CASES + BUSYBOX_GREP_CASES)
def test_grep_like_busybox_grep(line: str) -> None:
    _check("ash", "ash", line)


@pytest.mark.skipif(not HAVE_DASH or shutil.which("tar") is None, reason="needs dash and GNU tar to compare with")
@pytest.mark.parametrize("line", TAR_CASES + GNU_TAR_CASES)
def test_tar_like_gnu_tar(line: str) -> None:
    _check("dash", "dash", line)


@pytest.mark.skipif(not HAVE_BUSYBOX, reason="needs busybox to compare with")
@pytest.mark.parametrize("line", TAR_CASES)
def test_tar_like_busybox_tar(line: str) -> None:
    _check("ash", "ash", line)
