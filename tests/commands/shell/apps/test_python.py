"""python3 and pip say the versions the image's data records, and run only programs that print."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.commands.shell.apps.python import Declined, run_prints


@pytest.fixture(scope="module")
def host():
    host = sk.DockerHost()
    host.sh("docker pull -q python:3.12 && docker pull -q python:3.13-slim")
    host.write("/src/Dockerfile", "FROM debian:bookworm\nRUN apt-get update && apt-get install -y python3 python3-pip")
    host.sh("cd /src && docker build -q -t deb .")
    host.write("/src/alpine/Dockerfile", "FROM alpine:3.21\nRUN apk add --no-cache python3 py3-pip\n")
    host.sh("cd /src/alpine && docker build -q -t alp .")
    return host


@pytest.mark.parametrize("line, out", [
    ("docker run --rm python:3.12 python3 --version", "Python 3.12.10\n"),
    ("docker run --rm python:3.12 python --version", "Python 3.12.10\n"),
    ("docker run --rm python:3.13-slim python3.13 -V", "Python 3.13.11\n"),
    ("docker run --rm python:3.12 pip --version",
     "pip 25.1.1 from /usr/local/lib/python3.12/site-packages/pip (python 3.12)\n"),
    ("docker run --rm python:3.12 python3 -m pip --version",
     "pip 25.1.1 from /usr/local/lib/python3.12/site-packages/pip (python 3.12)\n"),
    ("docker run --rm deb python3 --version", "Python 3.11.2\n"),  # Debian 12's python3.11-minimal 3.11.2-6+deb12u6
    ("docker run --rm deb pip --version", "pip 23.0.1 from /usr/lib/python3/dist-packages/pip (python 3.11)\n"),
])
def test_versions_come_from_the_images_data(host, line, out):
    assert host.sh(line) == (0, out, "")


def test_alpines_python_is_apks_package(host):
    r = host.sh("docker run --rm alp python3 --version")
    db = host.sh("docker run --rm alp cat /lib/apk/db/installed").out
    version = db.split("\nP:python3\nV:")[1].split("-")[0]
    assert r == (0, f"Python {version}\n", "")


def test_python_is_not_there_without_python_is_python3(host):
    assert host.sh("docker run --rm deb sh -c 'python --version'").code == 127


@pytest.mark.parametrize("source, out", [
    ("print('hello')", "hello\n"),
    ("print('a' + 'b', 1 + 2 * 3)", "ab 7\n"),
    ("print(f'{2 ** 8} items', 7 / 2, 7 // 2, -3 % 2)", "256 items 3.5 3 1\n"),
    ("print(f'{3.14159:.2f}', f'{\"x\"!r}')", "3.14 'x'\n"),
    ("print('a', 'b', sep='-', end='!')\nprint()", "a-b!\n"),
    ("print(None, True, 'x' * 3)", "None True xxx\n"),
])
def test_programs_that_only_print_run(source, out):
    assert run_prints(source) == out


@pytest.mark.parametrize("source", [
    "import os", "x = 1\nprint(x)", "print(open('/etc/passwd').read())", "print(1/0)", "print('a' + 1)",
    "print(2 ** 100000)", "print('x' * 10**9)", "print(", "print(*[1])",
])
def test_anything_else_is_declined(source):
    with pytest.raises(Declined):
        run_prints(source)


@pytest.mark.parametrize("line, code, err", [
    ("docker run --rm python:3.12 python3 -c 'import flask'", 1,
     "[storagekit] -c: line 1 is not a print() call; the simulated python3 runs only print() of literals, string "
     "concatenation, f-strings and arithmetic\n"),
    ("docker run --rm python:3.12 python3 /app.py", 2,
     "python3: can't open file '/app.py': [Errno 2] No such file or directory\n"),
    ("docker run --rm python:3.12 pip show flask", 1, "[storagekit] pip show is not simulated; nothing changed\n"),
])
def test_a_decline_is_a_failure_with_a_note(host, line, code, err):
    assert host.sh(line)[::2] == (code, err)


def test_a_script_and_stdin_run_too(host):
    host.write("/src/py/s.py", "print(40 + 2)\n")
    assert host.sh("docker run --rm -v /src/py:/py python:3.12 python3 /py/s.py").out == "42\n"
    assert host.sh("docker run -i --rm python:3.12 python3", stdin="print('in')\n").out == "in\n"
    assert host.sh("docker run --rm python:3.12").code == 0  # no terminal: the REPL reads an empty stdin and ends
