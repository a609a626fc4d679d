"""Compound commands (``if``, loops, ``case``, groups, subshells) as dash, bash and BusyBox ash run them.

The tables give script -> stdout, stderr, status in the simulated shell; the
differential test at the end runs the scripts through the real shells found
on this machine and expects the same three answers.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile

import pytest

from storagekit.commands.shell import Shell, StillRunning
from storagekit.fs import Dir, FileSystem
from storagekit.fs.devices import dev_tree

NOW = 1_767_225_600  # 2026-01-01 00:00 UTC
FILES = {"lines": b"one\ntwo  words\n three\n", "db": b"x", "partial": b"a\nb"}


def make_fs() -> FileSystem:
    fs = FileSystem(Dir(), clock=lambda: NOW)
    fs.put("/dev", dev_tree(NOW))
    fs.mkdir("/w")
    fs.mkdir("/data")
    for name, data in FILES.items():
        fs.write(f"/w/{name}", data)
    return fs


def run(script: str, dialect: str = "dash", **kwargs) -> tuple[str, str, int]:
    shell = Shell(make_fs(), cwd="/w", env={"PATH": "/usr/bin:/bin", "HOME": "/w"}, dialect=dialect, **kwargs)
    r = shell.run(script)
    return r.out, r.err, r.code


# (script, stdout, stderr, status) under dash
DASH = [
    ("for i in 1 2 3; do echo $i; done", "1\n2\n3\n", "", 0),
    ("for f in /w/*; do cat \"$f\"; echo; done", "x\none\ntwo  words\n three\n\na\nb\n", "", 0),
    ("for f in /none/*; do echo \"$f\"; done", "/none/*\n", "", 0),
    ("if [ -f /w/db ]; then echo reuse; else echo init; fi", "reuse\n", "", 0),
    ("if [ -f /w/nodb ]; then echo reuse; else echo init; fi", "init\n", "", 0),
    ("if false; then echo 1; elif true; then echo 2; else echo 3; fi", "2\n", "", 0),
    ("i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i", "3\n", "", 0),
    ("i=0; until [ $i -ge 2 ]; do echo $i; i=$((i+1)); done", "0\n1\n", "", 0),
    ("for i in 1 2 3; do for j in a b; do [ $i = 2 ] && break 2; echo $i$j; done; done; echo $?", "1a\n1b\n0\n", "", 0),
    ("for i in 1 2; do for j in a b c; do [ $j = b ] && continue 2; echo $i$j; done; done", "1a\n2a\n", "", 0),
    ("for i in 1 2; do break 7; done; echo $i", "1\n", "", 0),
    ("n=0; while :; do n=$((n+1)); [ $n -eq 4 ] && break; done; echo $n", "4\n", "", 0),
    ("case foo.txt in *.sh|*.py) echo script;; *.txt) echo text;; *) echo other;; esac", "text\n", "", 0),
    ("case zz in a|b) echo ab;; *) echo any;; esac", "any\n", "", 0),
    ("case 'a*' in 'a*') echo quoted;; a*) echo glob;; esac", "quoted\n", "", 0),
    ("case a in (a|b) echo paren; esac", "paren\n", "", 0),
    ("x=3; case $x in [0-9]) echo digit ;; esac", "digit\n", "", 0),
    ("while read line; do echo \"[$line]\"; done < lines", "[one]\n[two  words]\n[three]\n", "", 0),
    ("while read a b; do echo \"$a|$b\"; done < lines", "one|\ntwo|words\nthree|\n", "", 0),
    ("cat lines | while read -r l; do echo \"> $l\"; done", "> one\n> two  words\n> three\n", "", 0),
    ("while read l; do echo \"<$l>\"; done < partial; echo \"last=$l\"", "<a>\nlast=b\n", "", 0),
    ("printf 'k:v:w\\n' | { IFS=: read a b; echo \"$a|$b\"; }", "k|v:w\n", "", 0),
    ("for i in 1 2; do echo $i; done > out; cat out", "1\n2\n", "", 0),
    ("{ echo a; ls nope; } > out 2>&1; cat out", "a\nls: cannot access 'nope': No such file or directory\n", "", 0),
    ("{ echo one; echo two; } | wc -l", "2\n", "", 0),
    ("echo x | { read v; echo got $v; }", "got x\n", "", 0),
    ("x=1; (x=2; cd /; echo $x; pwd); echo $x; pwd", "2\n/\n1\n/w\n", "", 0),
    ("(exit 3); echo $?", "3\n", "", 0),
    ("{ cd /; }; pwd", "/\n", "", 0),
    ("false; if false; then :; fi; echo $?", "0\n", "", 0),
    ("false; while false; do :; done; echo $?", "0\n", "", 0),
    ("false; for i in; do :; done; echo $?", "0\n", "", 0),
    ("case x in y) ;; esac; echo $?", "0\n", "", 0),
    ("if (exit 4); then :; else echo $?; fi", "4\n", "", 0),
    ("for i in 1 2 3\ndo\n  echo \"n=$i\"\ndone", "n=1\nn=2\nn=3\n", "", 0),
    ("for i in a b; do\n  case $i in\n    a) echo first\n       ;;\n    b)\n       echo second;;\n  esac\ndone",
     "first\nsecond\n", "", 0),
    ("while read l; do echo $l; done <<EOF\nalpha\nbeta\nEOF", "alpha\nbeta\n", "", 0),
    ("v=$(for i in 1 2 3; do printf $i; done); echo \"$v\"", "123\n", "", 0),
    ("set -e; for i in 1 2; do false; echo no; done; echo after", "", "", 1),
    ("set -e; if false; then :; fi; while false; do :; done; false || true; echo yes", "yes\n", "", 0),
    ("set -e; { false && true; }; echo hi", "hi\n", "", 0),
    ("set -e; (false); echo no", "", "", 1),
    ("break; echo $?", "0\n", "", 0),
    ("for i in 1 2; do break 0; done; echo no", "", "/bin/sh: 1: break: Illegal number: 0\n", 2),
    ("i=0; echo $((i+=5)) $((i*=2)) $i $((i>5 ? 1 : 0)) $((0 && 1/0))", "5 10 10 1 0\n", "", 0),
    ("echo $((i++))", "", '/bin/sh: 1: arithmetic expression: expecting primary: "i++"\n', 2),
    ("[ b \\> a ] && echo greater", "greater\n", "", 0),
]

# (script, stdout, stderr, status) under interactive bash
BASH = [
    ("i=0; echo $((i++)) $((i++)) $((++i)) $i $((2**10))", "0 1 3 3 1024\n", "", 0),
    ("for i in 1 2; do break 0; done; echo $?", "1\n", "bash: break: 0: loop count out of range\n", 0),
    ("continue; echo $?", "0\n", "bash: continue: only meaningful in a `for', `while', or `until' loop\n", 0),
    ("echo a; for 1 in a; do echo; done; echo b", "a\nb\n", "bash: `1': not a valid identifier\n", 0),
    ("(exit 3); echo $?", "3\n", "", 0),
    ("for i in a b; do (echo $i; break 2>/dev/null; echo in); done", "a\nin\nb\nin\n", "", 0),
]

# (script, bash, dash, ash): the error line, status 2 in each
SYNTAX = [
    ("while", "bash: syntax error: unexpected end of file",
     '/bin/sh: 1: Syntax error: end of file unexpected (expecting "do")',
     '/bin/sh: syntax error: unexpected end of file (expecting "do")'),
    ("for i in 1 2; do echo $i", "bash: syntax error: unexpected end of file",
     '/bin/sh: 1: Syntax error: end of file unexpected (expecting "done")',
     '/bin/sh: syntax error: unexpected end of file (expecting "done")'),
    ("if true; done", "bash: syntax error near unexpected token `done'",
     '/bin/sh: 1: Syntax error: "done" unexpected (expecting "then")',
     '/bin/sh: syntax error: unexpected "done" (expecting "then")'),
    ("if true; then fi", "bash: syntax error near unexpected token `fi'", '/bin/sh: 1: Syntax error: "fi" unexpected',
     '/bin/sh: syntax error: unexpected "fi"'),
    ("for i in 1 2; echo", "bash: syntax error near unexpected token `echo'",
     '/bin/sh: 1: Syntax error: word unexpected (expecting "do")',
     '/bin/sh: syntax error: unexpected word (expecting "do")'),
    ("case x in a) echo", "bash: syntax error: unexpected end of file",
     '/bin/sh: 1: Syntax error: end of file unexpected (expecting ";;")',
     '/bin/sh: syntax error: unexpected end of file (expecting ";;")'),
    ("case x; esac", "bash: syntax error near unexpected token `;'",
     '/bin/sh: 1: Syntax error: ";" unexpected (expecting "in")',
     '/bin/sh: syntax error: unexpected ";" (expecting "in")'),
    ("{ echo a }", "bash: syntax error: unexpected end of file",
     '/bin/sh: 1: Syntax error: end of file unexpected (expecting "}")',
     '/bin/sh: syntax error: unexpected end of file (expecting "}")'),
    ("(echo) c", "bash: syntax error near unexpected token `c'", "/bin/sh: 1: Syntax error: word unexpected",
     "/bin/sh: syntax error: unexpected word"),
    ("()", "bash: syntax error near unexpected token `)'", '/bin/sh: 1: Syntax error: ")" unexpected',
     '/bin/sh: syntax error: unexpected ")"'),
    ("touch x; if true; then echo a; fi; fi", "bash: syntax error near unexpected token `fi'",
     '/bin/sh: 1: Syntax error: "fi" unexpected', '/bin/sh: syntax error: unexpected "fi"'),
    ("for i in a; do\ntouch x\n", "bash: syntax error: unexpected end of file",
     '/bin/sh: 3: Syntax error: end of file unexpected (expecting "done")',
     '/bin/sh: syntax error: unexpected end of file (expecting "done")'),
]


@pytest.mark.parametrize("script,out,err,status", DASH)
def test_dash(script: str, out: str, err: str, status: int) -> None:
    assert run(script, "dash") == (out, err, status)


@pytest.mark.parametrize("script,out,err,status", BASH)
def test_bash(script: str, out: str, err: str, status: int) -> None:
    assert run(script, "bash") == (out, err, status)


@pytest.mark.parametrize("script,bash,dash,ash", SYNTAX)
def test_syntax_errors(script: str, bash: str, dash: str, ash: str) -> None:
    for dialect, err in (("bash", bash), ("dash", dash), ("ash", ash)):
        fs = make_fs()
        r = Shell(fs, cwd="/w", dialect=dialect).run(script)
        assert (r.out, r.err, r.code) == ("", err + "\n", 2)
        assert not fs.exists("/w/x"), "nothing runs before the whole command has been read"


def test_for_loop_variable_must_be_a_name_in_sh() -> None:
    assert run("for 1 in a; do echo; done")[1:] == ("/bin/sh: 1: Syntax error: Bad for loop variable\n", 2)
    assert run("for 1 in a; do echo; done", "ash")[1:] == ("/bin/sh: syntax error: bad for loop variable\n", 2)


def test_endless_loop_stops_at_the_budget_with_a_note() -> None:
    fs = make_fs()
    r = Shell(fs, cwd="/w", dialect="dash").run("i=0; while true; do i=$((i+1)); echo $i; done > /data/n; echo next")
    assert (r.code, r.out) == (124, "")
    assert r.err.startswith("[storagekit] The simulated shell stopped the script after 10,000 loop iterations")
    assert r.notes and "10,000 loop iterations" in r.notes[0]
    assert fs.read("/data/n").decode().split()[-1] == "10000", "what the loop wrote stays"


def test_budget_counts_nested_loops_and_child_shells_together() -> None:
    shell = Shell(make_fs(), cwd="/w", dialect="dash")
    shell.loop_budget = 50
    r = shell.run("for i in 1 2 3 4 5 6 7 8 9 10; do sh -c 'for j in 1 2 3 4 5 6 7; do :; done'; done")
    assert r.code == 124
    assert shell.run("for i in 1 2 3; do :; done; echo fresh").out == "fresh\n", "each run has its own budget"


def test_sleep_returns_at_once_without_blocking() -> None:
    _, err, status = run("while true; do echo tick >> /data/log; sleep 5; done")
    assert status == 124 and err.startswith("[storagekit] The simulated shell stopped the script")


def test_blocking_sleep_raises_still_running_and_keeps_the_effects() -> None:
    fs = make_fs()
    shell = Shell(fs, cwd="/w", dialect="dash", blocking_sleep=True, clock=lambda: NOW)
    with pytest.raises(StillRunning) as info:
        shell.run('echo start; while true; do echo "$(date +%Y)" >> /data/log; sleep 5; done; echo never')
    assert (info.value.out, info.value.err, info.value.program) == ("start\n", "", "sleep")
    assert fs.read("/data/log") == b"2026\n"
    with pytest.raises(StillRunning):
        shell.run("for i in 1 2; do echo $i; done > /data/o; { echo in; (sleep infinity); echo no; } > /data/p")
    assert (fs.read("/data/o"), fs.read("/data/p")) == (b"1\n2\n", b"in\n")
    assert shell.run("sleep 0; sleep 3 & echo bg").out == "bg\n", "sleep 0 and a background sleep do not block"


def test_blocking_tail_f_and_child_shell_output() -> None:
    fs = make_fs()
    shell = Shell(fs, cwd="/w", dialect="dash", blocking_sleep=True)
    with pytest.raises(StillRunning) as info:
        shell.run("tail -f lines")
    assert (info.value.out, info.value.program) == ("one\ntwo  words\n three\n", "tail")
    with pytest.raises(StillRunning) as info:
        shell.run("sh -c 'echo child; sleep 1'; echo no")
    assert info.value.out == "child\n"


# ----------------------------------------------------------- real shells

DIFFERENTIAL = [
    "for i in 1 2 3; do echo $i; done",
    "for f in ./*; do echo \"$f\"; done",
    "if [ -f db ]; then echo reuse; else echo init; fi",
    "if [ -f nodb ]; then echo reuse; elif [ -d . ]; then echo dir; else echo init; fi",
    "i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i",
    "i=0; until [ $i -ge 3 ]; do echo $i; i=$((i+1)); done",
    "for i in 1 2 3; do for j in a b c; do if [ $j = b ]; then continue 2; fi; if [ $i = 3 ]; then break 2; fi; "
    "echo $i$j; done; done; echo end $?",
    "case foo.txt in *.sh|*.py) echo script;; *.txt) echo text;; *) echo other;; esac",
    "x=hello; case \"$x\" in h*o) echo match ;; esac",
    "case 'a*' in 'a*') echo quoted;; a*) echo glob;; esac",
    "while read line; do echo \"[$line]\"; done < lines",
    "while read a b; do echo \"$a|$b\"; done < lines",
    "cat lines | while read -r l; do echo \"> $l\"; done",
    "printf 'a\\nb' | while read l; do echo \"<$l>\"; done; echo \"last=$l\"",
    # a program that does not read its stdin leaves it to the next read; one that does takes what the pipe holds
    "cat lines | while read l; do ls > /dev/null; cat /dev/null; echo \"[$l]\"; done",
    "while read l; do mkdir -p d; echo \"[$l]\"; done < lines",
    "printf 'a\\nb\\nc\\n' | while read x; do head -n1; echo got $x; done",
    "printf '  lead  trail  \\n' | { read r; echo \"[$r]\"; }",
    "printf 'k:v:w\\n' | { IFS=: read a b; echo \"$a|$b\"; }",
    "for i in 1 2; do echo $i; done > out; cat out",
    "{ echo a; ls nope; } > out 2>&1; cat out",
    "x=1; (x=2; cd /; echo $x $(pwd)); echo $x",
    "(exit 3); echo $?",
    "if (exit 1); then echo yes; else echo no $?; fi",
    "false; while false; do :; done; echo $?",
    "false; if false; then :; fi; echo $?",
    "for i in 1 2 3\ndo\n  echo \"n=$i\"\ndone",
    "for i in a b; do\n  case $i in\n    a) echo first\n       ;;\n    b)\n       echo second;;\n  esac\ndone",
    "while read l; do echo $l; done <<EOF\nalpha\nbeta\nEOF",
    "set -e; for i in 1 2; do false; echo no; done; echo after",
    "set -e; if false; then echo no; fi; echo yes",
    "set -e; { false && true; }; echo hi",
    "set -e; (false); echo no",
    "true && { echo x; false; } || echo y",
    "! { false; }; echo $?",
    "for i in 1 2 3; do echo $i | while read n; do if [ $n = 2 ]; then break; fi; echo in $n; done; done",
    "echo $((1+2*3)) $((10%3)) $(( (1+2)*3 )) $((1<2 && 3>2)) $((5>3?10:20))",
    "i=5; echo $((i+=2)) $i; : $((i=i*2)); echo $i",
    "break; echo $?",
    "for i in 1 2; do break 0; done; echo $?",
    "for i in 1; do continue 3; done; echo $?",
    "echo before\nfor i in 1 2; do\n  echo $i\ndone\nif true; then\n  echo a\nfi fi\necho after",
    "echo before\nwhile true; do\n  echo x",
    "while", "for i in 1 2; do echo $i", "if true; done", "if true; then fi", "for i in 1 2; echo", "case x in",
    "case x in a) echo", "case x; esac", "{ echo a }", "( echo a", "(echo) c", "()", "if true; then echo a; else; fi",
    "if; then echo; fi", "while true do echo; done", "case x in a) echo; b) echo;; esac", "for 1 in a; do echo; done",
    "if\nthen",
]
SHELLS = {"bash": "bash", "dash": "dash", "ash": "busybox"}


def _real(dialect: str, script: str) -> tuple[str, str, int]:
    exe = shutil.which(SHELLS[dialect])
    if exe is None:
        pytest.skip(f"{SHELLS[dialect]} is not installed: nothing to compare the {dialect} dialect with")
    with tempfile.TemporaryDirectory(prefix="storagekit-compound-") as tmp:
        for name, data in FILES.items():
            with open(f"{tmp}/{name}", "wb") as fh:
                fh.write(data)
        if dialect == "bash":
            argv, exe = ["bash", "--norc", "--noprofile", "-ic", script], None
        else:
            argv = ["/bin/sh", "-c", script]  # as /bin/sh, so the messages start as the simulated ones do
        env = {"LC_ALL": "C", "PATH": "/usr/bin:/bin", "HOME": tmp, "TERM": "dumb"}
        r = subprocess.run(argv, executable=exe, cwd=tmp, env=env, capture_output=True, text=True,
                           stdin=subprocess.DEVNULL, timeout=20)
    err = "".join(ln for ln in r.stderr.splitlines(keepends=True)
                  if "job control" not in ln and "terminal process group" not in ln)
    return r.stdout, err, r.returncode


@pytest.mark.parametrize("dialect", sorted(SHELLS))
@pytest.mark.parametrize("script", DIFFERENTIAL)
def test_same_as_the_real_shell(dialect: str, script: str) -> None:
    assert run(script, dialect) == _real(dialect, script)
