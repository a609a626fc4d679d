"""The host's own machine: a Debian box whose /dev holds the devices every program meets."""

from __future__ import annotations

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
    assert "never ends" in host.shell._notes[0]


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
