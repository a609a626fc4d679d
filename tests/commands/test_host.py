"""The host's own machine: a Debian box whose /dev holds the devices every program meets."""

from __future__ import annotations

import pytest

import storagekit as sk

ZEROS = "0000000  \\0  \\0  \\0  \\0  \\0\n0000005\n"


def test_the_host_has_a_dev():
    host = sk.DockerHost()
    r = host.sh("echo x > /dev/full")
    assert (r.code, r.out, r.err) == (1, "", "bash: echo: write error: No space left on device\n")
    assert host.sh("head -c 5 /dev/zero | od -c").out == ZEROS
    assert host.sh("echo gone > /dev/null; cat /dev/null | wc -c").out == "0\n"
    assert host.sh("ls -l /dev/null").out.split()[:6] == ["crw-rw-rw-", "1", "root", "root", "1,", "3"]


def test_reading_an_endless_device_stops_with_a_note():
    host = sk.DockerHost()
    r = host.sh("cat /dev/full")
    assert (r.code, r.out, r.err) == (130, "", "")
    assert "never ends" in r.notes[0]


def test_containers_and_pods_meet_the_same_devices():
    host = sk.DockerHost()
    r = host.sh("docker run --rm busybox sh -c 'echo x > /dev/full; head -c 5 /dev/zero | od -c'")
    assert (r.code, r.out, r.err.splitlines()[-1]) == (0, ZEROS, "sh: write error: No space left on device")
    r = host.sh("docker run --rm debian:12 sh -c 'cat /etc/hostname > /dev/full'")
    assert (r.code, r.err.splitlines()[-1]) == (1, "cat: write error: No space left on device")
    kind = sk.Cluster.kind()
    kind.sh("kubectl run box --image=busybox --restart=Never -- sleep 3600")
    r = kind.sh("kubectl exec box -- sh -c 'head -c 5 /dev/zero | od -c; echo x > /dev/full'")
    assert (r.code, r.out, r.err) == (1, ZEROS, "sh: write error: No space left on device\n"
                                             "command terminated with exit code 1\n")


def test_the_simulators_remarks_come_with_the_result_apart_from_the_output():
    host = sk.DockerHost()
    r = host.sh("seq 1 2000000 | wc -l")
    assert r == (0, "1000000\n", "")  # compared and unpacked as the tools' triple
    assert r.notes == ("seq printed only its first 1000000 numbers: the simulation keeps all output in memory.",)
    assert str(r) == "1000000\n[storagekit] seq printed only its first 1000000 numbers: the simulation keeps all " \
                     "output in memory.\n"


def test_a_remark_the_command_already_printed_is_not_said_twice():
    r = sk.DockerHost().sh("docker plugin ls")
    assert (r.code, r.err, r.notes) == (1, "[storagekit] 'docker plugin ls' is not simulated yet.\n", ())


@pytest.mark.parametrize("line", [
    "docker run --rm busybox free",
    "docker run --rm busybox sh -c 'free; echo after'",
])
def test_a_program_an_image_has_but_the_simulator_does_not_run_fails_and_says_so(line):
    host = sk.DockerHost()
    host.sh("docker pull -q busybox")
    r = host.sh(line)
    assert "[storagekit] free (/bin/free) is in the image, but the simulator does not run it\n" in r.err
    assert r.code == 1 or r.out == "after\n"  # a script goes on, as after any failed command


def test_a_build_step_that_runs_what_is_not_simulated_fails_with_the_remark_in_its_log():
    host = sk.DockerHost()
    host.write("/src/Dockerfile", "FROM busybox\nRUN free\n")
    r = host.sh("cd /src && docker build --progress=plain .")
    assert r.code == 1
    assert "[storagekit] free (/bin/free) is in the image, but the simulator does not run it" in r.err
    assert 'ERROR: process "/bin/sh -c free" did not complete successfully: exit code: 1' in r.err


LOOKERS = [
    # (how the learner looks, the line count it prints)
    "docker exec lp wc -l /data/log",
    "docker run --rm -v logs:/data busybox wc -l /data/log",
    "wc -l /var/lib/docker/volumes/logs/_data/log",
    "docker cp -q lp:/data/log /tmp/log >/dev/null; wc -l /tmp/log",
    "docker logs lp | wc -l",
]


@pytest.mark.parametrize("look", LOOKERS)
def test_a_looping_container_has_written_a_line_a_second_whoever_looks(look):
    """The clock moves a second a line and as long as each sleep at the prompt: a container's loop writes as many
    lines as seconds have passed (plus the first), whichever command reads them first."""
    host = sk.DockerHost()
    host.sh("docker pull -q busybox")
    started = host.sh("docker run -d --name lp -v logs:/data busybox sh -c "
                      "'while true; do date >> /data/log; date; sleep 1; done'")
    assert started.code == 0, started.err
    t0 = host.clock.now
    assert host.sh("sleep 5").code == 0
    r = host.sh(look)
    assert r.code == 0, r.err
    assert int(r.out.split()[0]) == host.clock.now - t0 + 1
