"""sh, bash and dash as programs, and sudo: child shells that share the file system and the programs."""

import pytest

from storagekit import DockerHost
from storagekit.commands.shell import Shell
from storagekit.fs import Dir, FileSystem


@pytest.fixture
def shell():
    fs = FileSystem(Dir())
    fs.mkdir("/tmp")
    return Shell(fs, cwd="/tmp")


@pytest.mark.parametrize("line, out", [
    ("sh -c 'echo a; echo b'", "a\nb\n"),
    ("bash -c 'x=1; echo $x'", "1\n"),
    ("sh -c 'exit 3'; echo $?", "3\n"),
    ("echo 'echo from-script' > s.sh; sh s.sh", "from-script\n"),
    ("echo 'echo piped' | sh", "piped\n"),
    ("sudo sh -c 'echo hi > f'; cat f", "hi\n"),
    ("sudo -E echo kept", "kept\n"),
])
def test_child_shells(shell, line, out):
    assert shell.run(line).out == out


def test_errors(shell):
    assert shell.run("sh nope.sh").err == "sh: 0: cannot open nope.sh: No such file or directory\n"
    assert shell.run("bash -c").err == "bash: -c: option requires an argument\n"
    assert shell.run("sudo nosuch").err == "sudo: nosuch: command not found\n"
    assert shell.run("sudo").err.startswith("usage: sudo -h | -K | -k | -V\n")


def test_curl_reaches_nginx_in_its_container_only():
    host = DockerHost()
    host.sh("docker run -d --name web -v /srv/site:/usr/share/nginx/html nginx")
    host.write("/srv/site/index.html", "<h1>mine</h1>\n")
    assert host.sh("docker exec web curl -s http://localhost/").out == "<h1>mine</h1>\n"
    assert "404 Not Found" in host.sh("docker exec web curl -s http://localhost/missing").out
    r = host.sh("docker exec web curl -sf http://localhost/missing")
    assert (r.code, r.err) == (22, "curl: (22) The requested URL returned error: 404\n")
    host.sh("docker run -d --name other debian sleep 100")
    r = host.sh("docker exec other sh -c 'apt-get update >/dev/null; apt-get install -y curl >/dev/null 2>&1; curl "
                "http://localhost/'")
    assert "curl: (7) Failed to connect to localhost port 80 after 0 ms: Couldn't connect to server" in r.err
    assert host.sh("docker exec web ls -l /bin").out.startswith("lrwxrwxrwx")  # usr-merge kept in nginx's layers


@pytest.mark.parametrize("files, path, status", [
    ({"index.html": "<h1>mine</h1>"}, "/", 200),
    ({"index.html": "<h1>mine</h1>"}, "/index.html", 200),
    ({"index.html": "<h1>mine</h1>"}, "/missing.html", 404),
    ({}, "/", 403),                          # a directory without index.html, and autoindex is off
    ({"docs/index.html": "d"}, "/docs/", 200),
    ({"docs/readme.txt": "d"}, "/docs/", 403),
    ({}, "/nosuch/", 404),
])
def test_nginx_answers_from_its_web_root_as_nginx_does(files, path, status):
    host = DockerHost()
    host.sh("mkdir -p /srv/site")
    for name, text in files.items():
        host.write(f"/srv/site/{name}", text)
    host.sh("docker run -d --name web -v /srv/site:/usr/share/nginx/html nginx")
    head = host.sh(f"docker exec web curl -s -I http://localhost{path}").out.splitlines()[0]
    reason = {200: "OK", 403: "Forbidden", 404: "Not Found"}[status]
    assert head == f"HTTP/1.1 {status} {reason}"
    if status != 200:
        assert f"<title>{status} {reason}</title>" in host.sh(f"docker exec web curl -s http://localhost{path}").out


@pytest.mark.parametrize("image, line, err", [
    # a shell's messages begin with its $0 as it was started, as dash, bash and busybox ash print them
    ("busybox", "sh -c 'echo x > /ro/f'", "sh: can't create /ro/f: Read-only file system\n"),
    ("busybox", "/bin/sh -c 'echo x > /ro/f'", "/bin/sh: can't create /ro/f: Read-only file system\n"),
    ("debian:12", "sh -c 'echo x > /ro/f'", "sh: 1: cannot create /ro/f: Read-only file system\n"),
    ("debian:12", "dash -c 'echo x > /ro/f'", "dash: 1: cannot create /ro/f: Read-only file system\n"),
    ("debian:12", "bash -c 'echo x > /ro/f'", "bash: /ro/f: Read-only file system\n"),
    ("debian:12", "sh -c nosuch", "sh: 1: nosuch: not found\n"),
    ("busybox", "sh -c nosuch", "sh: nosuch: not found\n"),
])
def test_a_shell_names_itself_as_it_was_started(image, line, err):
    host = DockerHost()
    host.sh(f"mkdir /ro; docker pull -q {image}")
    r = host.sh(f"docker run --rm -v /ro:/ro:ro {image} {line}")
    assert r.err == err
