"""Ordinary input outside kubectl gets the real tool's answer, never a fault of the simulator; text that is not
UTF-8 is bytes to every program, as on a real host; two threads on one host run their commands one at a time."""

from __future__ import annotations

import threading

import pytest

from storagekit import Cluster, DockerHost
from tests.reliability.harness import fingerprint, run

# (set-up lines, line, exit status, the end of stderr)
ORDINARY = [
    ([], "docker run -d --name web --read-only nginx", 0, ""),
    (["docker run -d --name web --read-only nginx"], "docker logs web", 0,
     'nginx: [emerg] mkdir() "/var/cache/nginx/client_temp" failed (30: Read-only file system)\n'),
    (["docker run -d --name web nginx"], "docker exec -w /etc/passwd web pwd", 127,
     'chdir to cwd ("/etc/passwd") set in config.json failed: not a directory: unknown\n'),
    (["docker run -d --name web nginx"], "docker exec -w /nowhere web pwd", 127,
     'chdir to cwd ("/nowhere") set in config.json failed: no such file or directory: unknown\n'),
    ([], "docker run -w /etc/passwd alpine pwd", 125,
     "Cannot mkdir: /etc/passwd is not a directory\n\nRun 'docker run --help' for more information\n"),
    (["rm -rf /var/lib/docker"], "docker run -d --name web nginx", 0, ""),
    (["docker run -d --name web nginx", "rm -rf /var/lib/docker"], "docker rm -f web", 0, ""),
    # the layers' files went with the data root, as they do on a real host: nothing is left to run
    (["docker pull -q alpine", "rm -rf /var/lib/docker"], "docker run --rm alpine echo hi", 127,
     'exec: "echo": executable file not found in $PATH: unknown\n\nRun \'docker run --help\' for more information\n'),
]


@pytest.mark.parametrize(("setup", "line", "code", "err"), ORDINARY)
def test_ordinary_input_gets_the_real_answer(setup, line, code, err):
    host = DockerHost()
    for before in setup:
        run(host, before)
    r = run(host, line)
    assert r.code == code and r.err.endswith(err), str(r)


def test_the_read_only_nginx_says_why_it_stopped():
    host = DockerHost()
    run(host, "docker run -d --name web --read-only nginx")
    assert "Exited (1)" in run(host, "docker ps -a").out
    assert run(host, "docker logs web").err.startswith("2026/01/05 09:00:01 [emerg] 1#1: mkdir() ")
    run(host, "docker run -d --name ok --read-only --tmpfs /run --tmpfs /var/cache/nginx nginx")
    assert "Up " in run(host, "docker ps --filter name=ok").out


# a line that is not UTF-8: U+D800 stands for the bytes ED A0 80, U+DCFF for the byte FF (os.fsencode's escape)
TEXT = [
    ("echo \ud800 | od -An -c", "", " 355 240 200  \\n\n"),
    ("printf '\\377' | wc -c", "", "1\n"),
    ("printf '\\303\\251\\n'", "", "é\n"),
    ("touch /tmp/\udcff; ls /tmp | od -An -c", "", " 377  \\n\n"),
    ("mkdir /tmp/\ud800 && ls /tmp", "", "\udced\udca0\udc80\n"),
    ("cat | od -An -c", "\ud800", " 355 240 200\n"),
    ("docker volume create \ud800", "", ""),
]


@pytest.mark.parametrize(("line", "stdin", "out"), TEXT)
def test_text_that_is_not_utf8_is_bytes(line, stdin, out):
    host = DockerHost()
    r = run(host, line, stdin or None)
    assert r.out == out
    assert run(host, "ls /tmp; ls -l /tmp; find /tmp; stat /tmp").code == 0  # nothing is poisoned afterwards


def test_a_name_that_is_not_utf8_shows_as_a_terminal_shows_it():
    host = DockerHost()
    run(host, "touch /tmp/a\udcffb")
    r = run(host, "ls /tmp")
    assert r.out == "a\udcffb\n" and str(r) == "a\ufffdb\n"
    host.write("/tmp/\ud800", "x")
    assert host.read("/tmp/\ud800") == b"x"
    assert run(host, "cat /tmp/\ud800").out == "x"


def test_a_refusal_leaves_the_host_as_it_was():
    host = DockerHost()
    for line in ("docker run -d --name web nginx", "docker volume create data"):
        run(host, line)
    for line in ("docker rm web", "docker volume rm nosuch", "docker rmi nginx", "docker exec -w /etc/passwd web pwd",
                 "docker exec web nosuch", "docker volume create \ud800", "docker network create -d nosuch x",
                 "docker rename web web", "docker cp /nowhere web:/tmp", "docker commit nosuch"):
        before = fingerprint(host)
        assert run(host, line).code != 0, line
        assert fingerprint(host) == before, line


@pytest.mark.parametrize("target", [DockerHost, Cluster])
def test_two_threads_run_their_commands_one_at_a_time(target):
    machine = target()
    lines = {name: f"for i in 1 2 3 4 5 6 7 8; do echo {name}$i; done" for name in ("a", "b", "c")}
    outputs: dict[str, list[str]] = {name: [] for name in lines}

    def work(name: str) -> None:
        for _ in range(30):
            outputs[name].append(machine.sh(lines[name]).out)

    threads = [threading.Thread(target=work, args=(name,)) for name in lines]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for name, outs in outputs.items():
        assert outs == ["".join(f"{name}{i}\n" for i in range(1, 9))] * 30


def test_a_fault_that_remains_is_always_said():
    """Where the simulator itself fails, the learner reads a [storagekit] line: in stderr or in the notes, which
    ``str`` (a terminal, the magics, the labs) and ``repr`` (a cell's last value) both show."""
    host = DockerHost()

    def broken(ctx, argv):
        raise ZeroDivisionError("division by zero")

    host.shell.programs["broken"] = broken
    r = host.sh("broken")
    assert r.code == 1 and r.notes and "[storagekit] " in str(r) and "notes=" in repr(r)
    host.shell.run_list = lambda *args: 1 / 0  # a fault of the shell itself, outside any program
    r = host.sh("echo hi")
    assert r.code == 1 and r.err.startswith("[storagekit] the simulator could not run this command (ZeroDivisionError)")
    del host.shell.run_list
    assert host.sh("echo hi").out == "hi\n"
