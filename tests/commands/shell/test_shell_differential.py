"""The simulated shell against the real one: the same lines, the same out, err and exit status.

Each case first runs SETUP (in both), then the line, in a fresh directory:
real ``bash -i`` (the host's interactive shell), ``/bin/sh`` (dash, a RUN
step) or BusyBox ``sh`` with ``LC_ALL=C``. Dates in ``ls -l`` are masked.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile

import pytest

from storagekit.commands.shell import Shell
from storagekit.fs import Dir, FileSystem
from storagekit.fs.devices import dev_tree

SETUP = (
    "mkdir -p d/e empty && echo hello > f && printf 'b\\na\\nb\\nc\\n' > lines && touch d/e/x d/y .hidden"
    " && ln -s f link && ln -s nowhere dangling && printf '%05000d' 0 > big"
)
NOW = 1_767_225_600  # 2026-01-01

BASH_CASES = [
    "echo hello world",
    "echo -n a; echo b",
    "echo -e 'a\\tb\\x41'",
    "echo 'a\\tb'",
    "printf '%s|%5s|%-3d|%b|%x\\n' a b 3 'x\\ty' 255 extra",
    "printf '%d\\n' 12abc",
    "A=1; echo $A ${A} ${B:-dflt} ${#A} \"$A\"'$A'",
    "A='x  y'; echo $A; echo \"$A\"",
    "echo a\\ b \"c  d\" 'e'f",
    "false; echo $?; true; echo $?",
    "false && echo no || echo yes",
    "true || echo no; echo done",
    "echo one | cat | cat",
    "foo",
    "foo 2>/dev/null; echo $?",
    "./nothere",
    "cd nowhere",
    "cd f",
    "cd d && pwd | sed 's/.*\\///'",
    "echo ;;",
    "| echo",
    "echo a |",
    "echo a &&",
    "echo >",
    "echo 'abc",
    "echo \"abc",
    "echo $(echo",
    "echo ${",
    "echo ${a b}",
    "fi",
    "done",
    ")",
    "while",
    "echo x > out; cat out; echo y >> out; cat out",
    "cat < nope",
    "echo x > d",
    "echo x > no/such",
    "ls nope 2>&1; echo $?",
    "ls nope f 2>/dev/null",
    "cat <<EOF\nline $((1+2))\n\\$HOME\nEOF",
    "cat <<'EOF'\n$HOME `x`\nEOF",
    "cat <<EOF",
    "echo *",
    "echo d/*",
    "echo l?nes [fb]* 'l'*",
    "echo nomatch*",
    "echo .*",
    "ls",
    "ls -a",
    "ls -A d",
    "ls d f",
    "ls -R d",
    "ls -l",
    "ls -la d/e",
    "ls -lh big d",
    "ls -ld d link",
    "ls -s",
    "ls -1 link/",
    "ls -y",
    "ls --bogus",
    "cat f nope d",
    "cat -n lines",
    "cat -A lines",
    "head -n 2 lines",
    "head -2 lines f",
    "tail -n 1 lines",
    "tail -n +3 lines",
    "head -c 3 f",
    "head nope",
    "head -n x f",
    "wc lines",
    "wc -l lines f",
    "wc -c < lines",
    "sort lines",
    "sort -r lines | uniq",
    "sort lines | uniq -c",
    "sort -u lines",
    "grep b lines",
    "grep -c b lines f",
    "grep -n b lines",
    "grep -v b lines",
    "grep -i HELLO f",
    "grep -r x d; echo $?",
    "grep zzz lines; echo $?",
    "grep b nope; echo $?",
    "grep -l hello f lines",
    "grep '\\(b\\)' lines",
    "grep -E 'a|c' lines",
    "cut -d: -f1,3 <<EOF\na:b:c:d\nEOF",
    "echo hello | tr a-z A-Z",
    "echo hello | tr -d l",
    "echo hello | sed 's/l/L/g'",
    "echo hello | tee t1; cat t1",
    "rm nope",
    "rm d",
    "rm -f nope; echo $?",
    "rm -r d && ls",
    "rm -rv d",
    "rm",
    "rmdir d",
    "rmdir empty && ls",
    "rmdir nope",
    "mkdir d",
    "mkdir a/b",
    "mkdir -p a/b && ls a",
    "mkdir -p f/x",
    "mkdir -p dangling/x",
    "mkdir -p link/x",
    "ln -s loop loop; mkdir -p loop/x",
    "mkdir -v n1 n2",
    "mkdir -m 700 m && ls -ld m",
    "mkdir -m 999 q",
    "mkdir",
    "cp d z",
    "cp nope z",
    "cp f",
    "cp",
    "cp f g && cat g",
    "cp f f",
    "cp -r d d2 && ls -R d2",
    "cp -r d f",
    "cp -r d d/e",
    "cp f lines d && ls d",
    "cp f lines nope",
    "cp -v f g",
    "mv nope x",
    "mv f g && ls",
    "mv d d/e",
    "mv d f",
    "mv f f",
    "mv f lines d && ls d",
    "mv",
    "touch a/b",
    "touch",
    "touch t && ls t",
    "chmod 600 f && ls -l f",
    "chmod u+x,go-r f && ls -l f",
    "chmod +x f && ls -l f",
    "chmod 777",
    "chmod xyz f",
    "chmod 644 nope",
    "chown nobody f",
    "chown 0:nobody f",
    "chown 0:0 nope",
    "ln -s f d",
    "ln f f",
    "ln d hard",
    "ln nope x",
    "ln -s f s2 && readlink s2",
    "ln f h && ls -l f h",
    "find d",
    "find . -name '*x*'",
    "find d -type d",
    "find d -maxdepth 1",
    "find nope",
    "du -s d",
    "du -a d",
    "du -sh big",
    "du -c f big",
    "du nope",
    "stat nope",
    "basename /a/b.txt .txt; basename -a /x/y /z; dirname a/b; dirname /",
    "readlink link; readlink f; echo $?",
    "readlink -f d/../f | sed 's/.*\\///'",
    "realpath no/such",
    "seq 3; seq 2 4; seq 1 2 6; seq -s, 3",
    "md5sum f; sha256sum f",
    "md5sum nope",
    "sleep 0; sleep x",
    "sleep",
    "id -u",
    "test -f f && echo file; test -d d && echo dir; [ -e nope ] || echo none",
    "[ 1 -lt 2 ] && echo lt; [ a = b ]; echo $?",
    "test 1 -eq x",
    "[ a",
    "test -q a",
    "test a b c",
    "export 1a=2",
    "exit 3",
    "exit x",
    "echo a; exit 4; echo b",
    "type cd ls foo",
    "command -v cd ls",
    "X=5 env | grep ^X=",
    "env -Z",
    "seq 3 | xargs echo",
    "uname",
    "set -e; false; echo no",
    "set -o pipefail; false | true; echo $?",
    "false | true; echo $?",
    "! false; echo $?",
    "echo $((7/2)) $((7%3)) $((2**10)) $((-7/2))",
    "A=abc.tar.gz; echo ${A%.*} ${A%%.*} ${A#*.} ${A##*.}",
    "echo `echo back`",
    "echo a # comment",
    "echo a\\\nb",
    "echo ~nosuchuser",
    "ls -d */ .*",
    "ls -p; ls -F",
    "ls -l dangling link",
    "du -h --max-depth=1 . | sort -k2",
    "find . -type f | sort; find . -type l | sort",
    "grep -rn hello . | sort",
    "head -c 3 big; echo; wc -c big; tail -c 4 big",
    "cat nope 2>/dev/null || echo missing",
    "mkdir -p a/b/c && rmdir -p a/b/c && ls",
    "ln -sf lines link && readlink link",
    "cp -a d d3 && ls -lR d3",
    "mv d/y . && ls",
    "chmod -R 700 d && ls -lR d",
    "touch -c zz; ls zz",
    "rm -r .",
    "rmdir .",
    "rm -r /",
    "sed -n '2,3p' lines; sed '/b/d' lines; sed -e 's/a/A/' -e 's/c/C/' lines",
    "sed 's/b/X/;2q' lines",
    "sed -i 's/hello/bye/' f && cat f",
    "printf '%s\\n' a b | tr '\\n' ,",
    "echo a,b,c | cut -d, -f2-",
    "seq -w 8 10",
    "echo $'a'",
    "A=1; A=2 env | grep ^A=; echo $A",
    "echo '[x]' | grep -F '[x]'",
    "echo ${HOME:+set}",
    "chown 65534:0 f && ls -ln f lines",
    "chown 12345 f && ls -l f lines",
    "A='l*'; echo $A \"$A\"",
    "A=''; echo x $A \"$A\" y | cat -A",
    "A=' a '; echo x${A}y",
    "echo \"\" a | cat -A",
    "echo $((1/0)); echo next",
    "echo ${x:?oops}; echo next\necho line2",
    "cd empty && touch alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho"
    " sigma tau upsilon phi chi psi omega averyveryveryverylongfilename_number_one another_long && ls -C | cat -A"
    " && ls -x -w 60 && ls -C -w 30 && ls -Cw0 && ls -C1 && ls -xC d",
    "ls -C d; ls -x; ls -C nope",
    "echo ${a b} | cat; echo next",
]

UTF8_CASES = ["tree", "tree d", "tree -a", "tree -L 1", "tree -d", "tree nope", "tree f", "tree d/ f"]

DASH_CASES = [
    "mkdir -p dangling/x", "mkdir -p link/x", "mkdir -p f/x", "mkdir -p f", "ln -s loop loop; mkdir -p loop/x",
    "foo",
    "./nothere",
    "cd nowhere",
    "echo ;;",
    "| echo",
    "echo a |",
    "echo >",
    "echo 'abc",
    "echo $(echo",
    "echo ${",
    "fi",
    "echo x > no/such",
    "cat < nope",
    "echo x > d",
    "echo -e 'a\\tb'",
    "echo 'a\\tb'",
    "set -o pipefail",
    "export 1a=2",
    "exit x",
    "test 1 -eq x",
    "[ a",
    "printf '%d\\n' 1x",
    "type cd foo",
    "ls nope",
    "cat f nope",
    "rm d",
    "mkdir a/b",
    "echo a\necho ;;\necho b",
    "echo a &> out; wait; cat out; ls out",
    "foo\nbar",
    "echo > ;",
    "echo >\necho",
    "echo a\necho ${a b}\necho c",
    "set -e; ls nope; echo no",
    "cd d; pwd | sed 's/.*\\///'; cd - >/dev/null; ls | head -1",
    "A=1; export A; env | grep ^A=",
    "mkdir -p x/y && cp -r d x/y && find x | sort",
    "cp -a d d2 && rm -rf d && mv d2 d && ls -R",
    "ln -s d dl && ls dl && ls -l dl | cut -c1",
    "chmod 4755 f && ls -l f",
    "chmod 1777 empty && ls -ld empty",
    "grep -c . lines big",
    "du -s d empty",
    "printf 'x\\ty\\n' | cut -f2",
    "echo $((1/0)); echo next",
    "echo ${x:?oops}; echo next",
    "echo ${x?}; echo next",
    "cat <<EOF\nno end",
    "cat <<EOF\n$PATH/x\nEOF",
]

ASH_CASES = [
    "mkdir -p dangling/x", "mkdir -p link/x", "mkdir -p f/x", "mkdir -p f", "ln -s loop loop; mkdir -p loop/x",
    "foo",
    "cd nowhere",
    "echo ;;",
    "| echo",
    "echo a |",
    "echo 'abc",
    "echo $(echo",
    "echo ${",
    "echo x > no/such",
    "cat < nope",
    "echo -e 'a\\tb'",
    "exit x",
    "cat nope",
    "cat d",
    "ls nope",
    "rm nope",
    "rm d",
    "rmdir d",
    "rmdir nope",
    "mkdir a/b",
    "mkdir d",
    "mv nope x",
    "cp nope x",
    "cp d z",
    "ls -l d",
    "touch a/b",
    "cat -Z",
    "echo a\necho ;;",
    "echo ${a b}",
    "ls -la d/e",
    "rm -r d; ls",
    "cp f",
    "mkdir",
    "ls --bogus",
    "set -o pipefail; false | true; echo $?",
    "rmdir nope d",
    "echo $((1/0)); echo next",
    "echo ${x:?oops}; echo next",
]

# /dev as every program meets it: through the file system, in each shell's and program's words
DEVICE_CASES = [
    "echo x > /dev/full; echo $?",
    "echo x >> /dev/full; echo $?",
    "printf x > /dev/full; echo $?",
    "cat f > /dev/full; echo $?",
    "echo x 2>&1 >/dev/full | cat",
    "head -c 5 /dev/zero | od -c",
    "head -c 3 /dev/full | od -c",
    "head -c 8 /dev/urandom | wc -c",
    "head -n 2 /dev/urandom | wc -l",
    "echo x > /dev/null; echo $?; cat /dev/null | wc -c; wc -c < /dev/null",
    "dd if=/dev/zero of=/dev/full bs=1 count=1 status=noxfer; echo $?",
    "dd if=/dev/zero of=/dev/null bs=1k count=3 status=noxfer; echo $?",
    "cp f /dev/full; echo $?",
    "cp /dev/null e; ls -l e | cut -c1-10; cat e | wc -c",
    "ls -l /dev/null /dev/zero /dev/full | cut -c1-10",
]
GNU_DEVICE_CASES = ["ls > /dev/full; echo $?", "echo hi | tee /dev/full; echo $?"]


MASK_DATE = re.compile(r"[A-Z][a-z]{2} [ \d]\d (\d\d:\d\d| \d{4})")
MASK_BUSYBOX = re.compile(r"BusyBox v.* multi-call binary\.")


def _mask(text: str) -> str:
    """Dates differ run to run, and BusyBox's banner by build."""
    return MASK_BUSYBOX.sub("BusyBox", MASK_DATE.sub("DATE", text))


def _real(shell: str, line: str, locale: str = "C") -> tuple[int, str, str]:
    with tempfile.TemporaryDirectory(prefix="storagekit-diff-") as tmp:
        env = {"LC_ALL": locale, "PATH": "/usr/bin:/bin", "HOME": tmp, "TERM": "dumb"}
        subprocess.run(["/bin/sh", "-c", SETUP], cwd=tmp, env=env, check=True)
        if shell == "bash":
            argv, exe = ["bash", "--norc", "--noprofile", "-ic", line], None
        elif shell == "dash":
            argv, exe = ["/bin/sh", "-c", line], "/bin/dash"
        else:
            argv, exe = ["/bin/sh", "-c", line], shutil.which("busybox")
        r = subprocess.run(argv, executable=exe, cwd=tmp, env=env, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=20)
        err = "".join(ln for ln in r.stderr.splitlines(keepends=True)
                      if "job control" not in ln and "terminal process group" not in ln)
        return r.returncode, _mask(r.stdout), _mask(err)


def _simulated(dialect: str, line: str) -> tuple[int, str, str]:
    fs = FileSystem(Dir(), clock=lambda: NOW)
    fs.put("/dev", dev_tree(NOW))
    fs.mkdir("/etc")
    fs.write("/etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n"
                            b"nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n")
    fs.write("/etc/group", b"root:x:0:\nnogroup:x:65534:\n")
    fs.mkdir("/work")
    setup = Shell(fs, cwd="/work", dialect="dash", clock=lambda: NOW)
    assert setup.run(SETUP).code == 0
    env = {"LC_ALL": "C", "PATH": "/usr/bin:/bin", "HOME": "/work", "TERM": "dumb"}
    result = Shell(fs, cwd="/work", env=env, dialect=dialect, clock=lambda: NOW).run(line)
    return result.code, _mask(result.out), _mask(result.err)


def _check(shell: str, dialect: str, line: str) -> None:
    assert _simulated(dialect, line) == _real(shell, line)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs a real bash to compare with")
@pytest.mark.parametrize("line", BASH_CASES)
def test_like_interactive_bash(line: str) -> None:
    _check("bash", "bash", line)


@pytest.mark.skipif(not os.path.exists("/bin/dash"), reason="needs dash (/bin/dash) to compare with")
@pytest.mark.parametrize("line", DASH_CASES)
def test_like_dash(line: str) -> None:
    _check("dash", "dash", line)


@pytest.mark.skipif(shutil.which("busybox") is None, reason="needs busybox to compare with")
@pytest.mark.parametrize("line", ASH_CASES)
def test_like_busybox_sh(line: str) -> None:
    _check("ash", "ash", line)


@pytest.mark.skipif(shutil.which("tree") is None, reason="needs the tree program to compare with")
@pytest.mark.parametrize("line", UTF8_CASES)
def test_tree_like_the_tree_program(line: str) -> None:
    """tree draws with box characters in a UTF-8 locale, which is what a host terminal has."""
    assert _simulated("bash", line) == _real("bash", line, locale="C.UTF-8")


@pytest.mark.parametrize("shell,line", [(sh, line) for sh in ("bash", "dash", "ash") for line in DEVICE_CASES]
                         + [(sh, line) for sh in ("bash", "dash") for line in GNU_DEVICE_CASES])
def test_devices_like_the_real_shells(shell: str, line: str) -> None:
    if shell == "ash" and shutil.which("busybox") is None:
        pytest.skip("needs busybox to compare with")
    _check(shell, shell, line)
