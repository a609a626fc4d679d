"""Random input never breaks the shell, and a line refused as a syntax error changes nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storagekit.commands.shell import Shell, ShellResult
from storagekit.fs import Dir, File, FileSystem
from storagekit.fs.nodes import Symlink, iter_tree

REFUSED = ("syntax error", "Syntax error", "unexpected EOF", "not supported by the simulated shell")
TOKENS = [
    "echo", "cat", "ls", "-l", "rm", "-r", "mkdir", "-p", "touch", "cp", "mv", "cd", "a", "b/c", "x y", "$A", "${A",
    "${A:-x}", "$(", ")", "`", "'", '"', "\\", ";", ";;", "&&", "||", "|", "&", ">", ">>", "<", "2>&1", "<<", "EOF",
    "\n", "#", "*", "?", "[a]", "~", "if", "then", "fi", "for", "do", "done", "{", "}", "(", "A=1", "export", "exit",
    "set", "-e", "printf", "%d", "%s", "test", "[", "]", "$((", "1+2", "))", "sed", "s/a/b/", "grep", "find", "du",
]
SAFE_CHARS = "ab01 \t\n$'\"\\`;&|<>(){}[]*?~#=-!%:/.,+^"


def fresh_fs() -> FileSystem:
    fs = FileSystem(Dir(), clock=lambda: 1000)
    fs.mkdir("/w/a/b", parents=True)
    fs.write("/w/a/f", b"a\nb\n")
    fs.symlink("a/f", "/w/l")
    return fs


def snapshot(fs: FileSystem) -> list[tuple]:
    out = []
    for path, node in iter_tree(fs.upper):
        detail = node.blob.read() if isinstance(node, File) else node.target if isinstance(node, Symlink) else None
        out.append((path, type(node).__name__, node.mode, node.uid, node.mtime, detail))
    return out


lines = st.one_of(
    st.text(alphabet=SAFE_CHARS, max_size=40),
    st.lists(st.sampled_from(TOKENS), max_size=12).map(" ".join),
    st.lists(st.sampled_from(TOKENS), max_size=12).map("".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=lines, dialect=st.sampled_from(["bash", "dash", "ash"]))
def test_never_raises(line: str, dialect: str) -> None:
    sh = Shell(fresh_fs(), cwd="/w", dialect=dialect)
    result = sh.run(line)
    assert isinstance(result, ShellResult)
    assert isinstance(result.code, int) and 0 <= result.code <= 255
    assert isinstance(result.out, str) and isinstance(result.err, str)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=lines.filter(lambda s: "\n" not in s), dialect=st.sampled_from(["bash", "dash", "ash"]))
def test_refused_lines_change_nothing(line: str, dialect: str) -> None:
    fs = fresh_fs()
    before = snapshot(fs)
    result = Shell(fs, cwd="/w", dialect=dialect).run(line)
    if result.code == 2 and result.out == "" and result.err.count("\n") == 1 and any(r in result.err for r in REFUSED):
        assert snapshot(fs) == before
