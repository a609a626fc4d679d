"""COPY's destination rules and .dockerignore patterns, as the builders apply them."""

from __future__ import annotations

import pytest

from storagekit.fs.nodes import iter_tree
from tests.docker.build.test_cache_rules import build

FILES = {"a.txt": "a", "b.txt": "b", "src/main.py": "m", "src/lib/util.py": "u", "notes.md": "n"}


def added(image) -> set[str]:
    return {path for path, node in iter_tree(image.layers[-1].root) if not node.is_dir()}


@pytest.mark.parametrize("line,expected", [
    ("COPY a.txt /dest", {"/dest"}),
    ("COPY a.txt /dest/", {"/dest/a.txt"}),
    ("COPY src /dest", {"/dest/main.py", "/dest/lib/util.py"}),
    ("COPY src/ /dest/", {"/dest/main.py", "/dest/lib/util.py"}),
    ("COPY *.txt /dest/", {"/dest/a.txt", "/dest/b.txt"}),
    ("COPY a.txt b.txt /dest/", {"/dest/a.txt", "/dest/b.txt"}),
    ("COPY src/*.py /app/", {"/app/main.py"}),
])
def test_destination_rules(bench, line, expected):
    _, image = build(bench, f"FROM tiny\n{line}\n", FILES)
    assert added(image) == expected


def test_relative_destination_follows_workdir(bench):
    _, image = build(bench, "FROM tiny\nWORKDIR /srv\nCOPY a.txt data/\n", FILES)
    assert added(image) == {"/srv/data/a.txt"}


def test_several_sources_need_a_directory_destination(bench):
    from storagekit.docker import reference as refs
    from storagekit.docker.build.builder import BuildRequest
    from storagekit.docker.build.context import BuildContext

    for name, text in FILES.items():
        bench.write(f"/ctx/{name}", text)
    df = "FROM tiny\nCOPY a.txt b.txt /dest\n"
    bench.write("/ctx/Dockerfile", df)
    request = BuildRequest(df, "Dockerfile", BuildContext(bench.fs, "/ctx"))
    outcome, image = bench.engine.build(request, [refs.parse("x")])
    assert image is None
    assert outcome.error == ("When using COPY with more than one source file, the destination must be a directory "
                             "and end with a /")


@pytest.mark.parametrize("ignore,expected", [
    ("*.md\n", {"/app/Dockerfile", "/app/a.txt", "/app/b.txt", "/app/src/main.py", "/app/src/lib/util.py"}),
    ("src\n", {"/app/Dockerfile", "/app/a.txt", "/app/b.txt", "/app/notes.md"}),
    ("**/*.py\n", {"/app/Dockerfile", "/app/a.txt", "/app/b.txt", "/app/notes.md"}),
    ("*\n!a.txt\n", {"/app/a.txt"}),
    ("src\n!src/lib\n", {"/app/Dockerfile", "/app/a.txt", "/app/b.txt", "/app/notes.md", "/app/src/lib/util.py"}),
    ("# comment\n\nDockerfile\n*.txt\n", {"/app/notes.md", "/app/src/main.py", "/app/src/lib/util.py"}),
])
def test_dockerignore(bench, ignore, expected):
    _, image = build(bench, "FROM tiny\nCOPY . /app/\n", dict(FILES, **{".dockerignore": ignore}))
    assert added(image) - {"/app/.dockerignore"} == expected
