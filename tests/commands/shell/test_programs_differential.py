"""grep's context lines, awk, tar, shuf and date against the real programs: GNU grep, mawk (Debian's awk), GNU tar
and coreutils under ``bash`` and ``dash``, and BusyBox's applets under its ``sh``.

Each line runs in the same fresh directory as the shell's own differential cases (see
:mod:`tests.commands.shell.test_shell_differential`); a case is skipped, with the reason, where its real program is
not on this machine.
"""

from __future__ import annotations

import os
import shutil

import pytest

from tests.commands.shell.test_shell_differential import _real, _simulated

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

HAVE_BUSYBOX = shutil.which("busybox") is not None
HAVE_DASH = os.path.exists("/bin/dash")


def _check(shell: str, dialect: str, line: str) -> None:
    assert _simulated(dialect, line) == _real(shell, line)


@pytest.mark.skipif(not HAVE_DASH, reason="needs dash (/bin/dash) to run GNU grep under")
@pytest.mark.parametrize("line", GREP_CASES + GNU_GREP_CASES)
def test_grep_like_gnu_grep(line: str) -> None:
    _check("dash", "dash", line)


@pytest.mark.skipif(not HAVE_BUSYBOX, reason="needs busybox to compare with")
@pytest.mark.parametrize("line", GREP_CASES + BUSYBOX_GREP_CASES)
def test_grep_like_busybox_grep(line: str) -> None:
    _check("ash", "ash", line)
