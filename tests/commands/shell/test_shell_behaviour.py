"""The simulated shell on its own: syntax, state between runs, program lookup, dialects."""

from __future__ import annotations

import pytest

from storagekit.commands.shell import COREUTILS, Shell, ShellResult
from storagekit.fs import Dir, File, FileSystem
from storagekit.fs.devices import dev_tree

NOW = 1_767_225_600  # 2026-01-01 00:00 UTC


def make_fs() -> FileSystem:
    fs = FileSystem(Dir(), clock=lambda: NOW)
    for d in ("/etc", "/root", "/tmp", "/bin", "/usr/bin"):
        fs.mkdir(d, parents=True)
    fs.put("/dev", dev_tree(NOW))
    fs.write("/etc/passwd", b"root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000::/home/app:/bin/sh\n")
    fs.write("/etc/group", b"root:x:0:\napp:x:1000:\n")
    fs.write("/etc/hostname", b"box\n")
    return fs


@pytest.fixture
def sh() -> Shell:
    return Shell(make_fs(), cwd="/root", clock=lambda: NOW)


@pytest.fixture
def bare() -> Shell:
    """A shell on a tree without /dev (a chroot nobody prepared)."""
    fs = make_fs()
    fs.discard("/dev")
    return Shell(fs, cwd="/root", clock=lambda: NOW)


# (line, out, err, code)
CASES = [
    ("echo hi", "hi\n", "", 0),
    ("echo $HOME ~ ~root ~/x", "/root /root /root /root/x\n", "", 0),
    ("A=1 B=2; echo $A$B", "12\n", "", 0),
    ("A=1 env | grep '^A='; echo ${A:-unset}", "A=1\nunset\n", "", 0),
    ("export A=3; env | grep '^A='", "A=3\n", "", 0),
    ("A=3; unset A; echo ${A-gone}", "gone\n", "", 0),
    ("echo ${U:=set}; echo $U", "set\nset\n", "", 0),
    ("echo ${U:?is missing}", "", "bash: U: is missing\n", 1),
    ("echo ${U:+alt} ${HOME:+alt}", "alt\n", "", 0),
    ("echo \"$(printf 'a   b')\" $(printf 'a   b')", "a   b a b\n", "", 0),
    ("echo $((3 * (2 + 1))) $((10 / 3)) $((1 < 2))", "9 3 1\n", "", 0),
    ("echo 'single $HOME' \"double $HOME\" \\$HOME", "single $HOME double /root $HOME\n", "", 0),
    ("echo a; echo b && echo c || echo d", "a\nb\nc\n", "", 0),
    ("false || false && echo x; echo $?", "1\n", "", 0),
    ("echo one two | wc -w", "2\n", "", 0),
    ("printf '%s-%s\\n' a b c", "a-b\nc-\n", "", 0),
    ("printf '%5.1f|%03d|%c\\n' 3.14159 7 xyz", "  3.1|007|x\n", "", 0),
    ("echo a >&2", "", "a\n", 0),
    ("ls /nope 2>&1 | cat", "ls: cannot access '/nope': No such file or directory\n", "", 0),
    ("echo x > /dev/null; cat < /dev/null; echo $?", "0\n", "", 0),
    ("cat <<< 'here string'", "here string\n", "", 0),
    ("echo a &> /tmp/both; cat /tmp/both", "a\n", "", 0),
    ("set -x; echo 'a b'", "a b\n", "+ echo 'a b'\n", 0),
    ("true; exit", "", "exit\n", 0),
    ("read A B <<EOF\n1 2 3\nEOF\necho $B", "2 3\n", "", 0),
    ("hostname; whoami; id", "box\nroot\nuid=0(root) gid=0(root) groups=0(root)\n", "", 0),
    ("date; date +%Y-%m-%d", "Thu Jan  1 00:00:00 UTC 2026\n2026-01-01\n", "", 0),
    ("uname -s; uname -m", "Linux\nx86_64\n", "", 0),
    ("command -v cd ls nosuch; echo $?", "cd\n/usr/bin/ls\n1\n", "", 0),
    ("type cd", "cd is a shell builtin\n", "", 0),
    ("echo `echo back` $(echo $(echo nested))", "back nested\n", "", 0),
    ("echo a\\\nb # comment", "ab\n", "", 0),
    ("seq 3 | xargs -n1 echo n", "n 1\nn 2\nn 3\n", "", 0),
    ("env -i A=1 env", "A=1\n", "", 0),
    ("env nosuch", "", "env: 'nosuch': No such file or directory\n", 127),
]


@pytest.mark.parametrize("line,out,err,code", CASES)
def test_lines(sh: Shell, line: str, out: str, err: str, code: int) -> None:
    assert sh.run(line) == ShellResult(code, out, err, [])


def test_background_jobs_run_in_order_with_a_note(sh: Shell) -> None:
    r = sh.run("echo a & echo b")
    assert (r.code, r.out) == (0, "a\nb\n")
    assert r.notes == ["Background jobs ('&') run to completion before the next command in the simulation."]


def test_state_persists_between_runs(sh: Shell) -> None:
    sh.run("mkdir -p /srv/app && cd /srv/app && export MODE=prod")
    assert sh.run("pwd; echo $MODE $PWD").out == "/srv/app\nprod /srv/app\n"
    assert sh.run("cd /tmp; cd -").out == "/srv/app\n"
    assert sh.run("cd; pwd").out == "/root\n"
    sh.run("false")
    assert sh.run("echo $?").out == "1\n"


def test_pipeline_runs_in_a_subshell(sh: Shell) -> None:
    assert sh.run("cd /tmp | true; pwd").out == "/root\n"


def test_stdin_goes_to_the_first_reader(sh: Shell) -> None:
    assert sh.run("echo start; cat; cat", stdin=b"data\n").out == "start\ndata\n"


def test_heredoc_writes_a_dockerfile(sh: Shell) -> None:
    r = sh.run("cat > Dockerfile <<EOF\nFROM debian:12\nRUN echo $HOME\nEOF\ncat Dockerfile")
    assert r.out == "FROM debian:12\nRUN echo /root\n"
    r = sh.run("cat <<'EOF' > D2\n$HOME\nEOF\ncat D2")
    assert r.out == "$HOME\n"


def test_dev_null_is_the_device_in_the_tree(bare: Shell) -> None:
    """/dev/null is a device of the file system, not a word the shell knows: where there is none, there is none."""
    r = bare.run("echo x >/dev/null; echo $?")
    assert (r.out, r.err) == ("1\n", "bash: /dev/null: No such file or directory\n")
    assert not bare.fs.exists("/dev")
    bare.fs.put("/dev", dev_tree(NOW))
    assert bare.run("echo x >/dev/null 2>/dev/null; ls /nope 2>/dev/null; echo $?").out == "2\n"
    assert bare.fs.read("/dev/null") == b""


def test_redirection_creates_the_file_even_if_the_command_fails(sh: Shell) -> None:
    assert sh.run("nosuch > out.txt").code == 127
    assert sh.fs.read("/root/out.txt") == b""


def test_glob_sorted_and_literal_when_no_match(sh: Shell) -> None:
    sh.run("mkdir g && cd g && touch b a C .h 'x y'")
    assert sh.run("echo *").out == "C a b x y\n"
    assert sh.run("echo [ab] ? *.none '*'").out == "a b C a b *.none *\n"
    assert sh.run("ls *' '*").out == "x y\n"


@pytest.mark.parametrize("line,construct", [
    ("f() { echo; }", "function definitions"),
    ("[[ -f x ]] && echo y", "[["),
])
def test_unsupported_syntax_is_refused_with_a_note(sh: Shell, line: str, construct: str) -> None:
    r = sh.run("touch before; " + line)
    assert r.code == 2 and r.out == ""
    assert r.err == f"bash: {construct}: not supported by the simulated shell\n"
    assert r.notes and "does not run" in r.notes[0]
    assert not sh.fs.exists("/root/before")


@pytest.mark.parametrize("dialect,err", [
    ("bash", "bash: foo: command not found\n"),
    ("dash", "/bin/sh: 1: foo: not found\n"),
    ("ash", "/bin/sh: foo: not found\n"),
])
def test_not_found_by_dialect(dialect: str, err: str) -> None:
    r = Shell(make_fs(), dialect=dialect).run("foo")
    assert (r.code, r.err) == (127, err)


SYNTAX = [
    ("echo ;;", "bash: syntax error near unexpected token `;;'", '/bin/sh: 1: Syntax error: ";;" unexpected',
     '/bin/sh: syntax error: unexpected ";;"'),
    ("echo a |", "bash: syntax error: unexpected end of file", "/bin/sh: 1: Syntax error: end of file unexpected",
     "/bin/sh: syntax error: unexpected end of file"),
    ("echo 'a", "bash: unexpected EOF while looking for matching `''",
     "/bin/sh: 1: Syntax error: Unterminated quoted string", "/bin/sh: syntax error: unterminated quoted string"),
    ("echo > ;", "bash: syntax error near unexpected token `;'", '/bin/sh: 1: Syntax error: ";" unexpected',
     '/bin/sh: syntax error: unexpected ";"'),
    ("echo ${x", "bash: unexpected EOF while looking for matching `}'", "/bin/sh: 1: Syntax error: Missing '}'",
     "/bin/sh: syntax error: missing '}'"),
    ("then", "bash: syntax error near unexpected token `then'", '/bin/sh: 1: Syntax error: "then" unexpected',
     '/bin/sh: syntax error: unexpected "then"'),
    ("touch x; echo $(echo ;;)", "bash: syntax error near unexpected token `;;'",
     '/bin/sh: 1: Syntax error: ";;" unexpected', '/bin/sh: syntax error: unexpected ";;"'),
]


@pytest.mark.parametrize("line,bash,dash,ash", SYNTAX)
def test_syntax_errors_by_dialect(line: str, bash: str, dash: str, ash: str) -> None:
    for dialect, err in (("bash", bash), ("dash", dash), ("ash", ash)):
        fs = make_fs()
        r = Shell(fs, cwd="/tmp", dialect=dialect).run(line)
        assert (r.code, r.out, r.err) == (2, "", err + "\n")
        assert not fs.exists("/tmp/x")


def test_dash_line_numbers() -> None:
    r = Shell(make_fs(), dialect="dash").run("echo a\n\nfoo")
    assert (r.out, r.err) == ("a\n", "/bin/sh: 3: foo: not found\n")


def test_dash_echo_interprets_escapes_and_not_dash_e() -> None:
    assert Shell(make_fs(), dialect="dash").run("echo -e 'a\\tb'").out == "-e a\tb\n"
    assert Shell(make_fs(), dialect="ash").run("echo -e 'a\\tb'").out == "a\tb\n"


def test_busybox_messages_under_ash() -> None:
    r = Shell(make_fs(), dialect="ash").run("rm /nope; ls /nope")
    assert r.err == "rm: can't remove '/nope': No such file or directory\nls: /nope: No such file or directory\n"


def image_fs() -> FileSystem:
    fs = make_fs()
    fs.write("/usr/bin/ls", b"\x7fELF", perm=0o755)
    fs.write("/usr/bin/python3", b"\x7fELF", perm=0o755)
    fs.write("/usr/bin/notexec", b"", perm=0o644)
    fs.symlink("/bin/busybox", "/bin/cat")
    fs.write("/bin/busybox", b"\x7fELF", perm=0o755)
    return fs


def test_path_lookup_runs_only_what_the_image_has() -> None:
    sh = Shell(image_fs(), dialect="dash", path_lookup=True, env={"PATH": "/usr/bin:/bin"})
    assert sh.run("ls /etc").out == "group\nhostname\npasswd\n"
    assert sh.run("cat /etc/hostname").out == "box\n"
    r = sh.run("mkdir /x")
    assert (r.code, r.err) == (127, "/bin/sh: 1: mkdir: not found\n")
    assert not sh.fs.exists("/x")
    r = sh.run("python3 -c 'print(1)'")  # present, not simulated: said, and never a success
    assert (r.code, r.out, r.err) == (1, "", "[storagekit] python3 (/usr/bin/python3) is in the image, but the "
                                             "simulator does not run it\n")
    assert sh.run("notexec").code == 127
    assert sh.run("echo builtin; cd /tmp; pwd").out == "builtin\n/tmp\n"


def test_commands_with_a_slash_are_looked_up_by_path() -> None:
    sh = Shell(image_fs(), path_lookup=True, env={"PATH": "/usr/bin"})
    assert sh.run("/usr/bin/ls /etc/hostname").out == "/etc/hostname\n"
    r = sh.run("./nothere")
    assert (r.code, r.err) == (127, "bash: ./nothere: No such file or directory\n")
    r = sh.run("/usr/bin/notexec")
    assert (r.code, r.err) == (126, "bash: /usr/bin/notexec: Permission denied\n")


def test_host_lookup_uses_the_programs_table() -> None:
    calls = []

    def docker(ctx, argv):
        calls.append(argv)
        ctx.out("ok\n")
        return 0

    sh = Shell(make_fs(), programs={**COREUTILS, "docker": docker})
    assert sh.run("docker ps -a | cat").out == "ok\n"
    assert calls == [["docker", "ps", "-a"]]


def test_program_errors_never_escape(sh: Shell) -> None:
    def broken(ctx, argv):
        raise RuntimeError("boom")

    sh.programs["broken"] = broken
    r = sh.run("broken; echo after")
    assert (r.code, r.out) == (0, "after\n")
    assert "boom" in r.notes[0]


def test_set_e_stops_and_set_o_pipefail(sh: Shell) -> None:
    assert sh.run("set -e; true && false || true; echo still").out == "still\n"
    assert sh.run("false; echo never").out == ""
    r = Shell(make_fs(), dialect="dash").run("set -o pipefail")
    assert (r.code, r.err) == (2, "/bin/sh: 1: set: Illegal option -o pipefail\n")


def test_assignment_prefix_is_per_command(sh: Shell) -> None:
    assert sh.run("X=1 env | grep ^X=; echo ${X:-none}").out == "X=1\nnone\n"


def test_files_written_by_redirection_go_through_the_fs(sh: Shell) -> None:
    sh.run("echo one > f; echo two >> f")
    node = sh.fs.stat("/root/f")
    assert isinstance(node, File) and sh.fs.read("/root/f") == b"one\ntwo\n"
