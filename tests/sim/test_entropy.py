"""The host's random numbers: the same on two fresh hosts, and carried by snapshots and copies as its clock is."""

from __future__ import annotations

import copy

import storagekit as sk

LINE = "shuf -i 1-50 | md5sum; echo $RANDOM; awk 'BEGIN { print rand() }'; mktemp -u"
LINES = [LINE, "docker run --rm alpine sh -c 'echo $RANDOM; shuf -e a b c d e f'"]


def test_two_fresh_hosts_print_the_same_bytes() -> None:
    first, second = sk.DockerHost(), sk.DockerHost()
    for line in LINES:
        assert first.sh(line) == second.sh(line)


def test_draws_go_on_so_two_lines_differ() -> None:
    host = sk.DockerHost()
    assert host.sh(LINE).out != host.sh(LINE).out


def test_a_restored_host_draws_what_it_drew_after_the_snapshot() -> None:
    host = sk.DockerHost()
    host.sh(LINE)
    snap = host.snapshot()
    after = host.sh(LINE)
    host.restore(snap)
    assert host.sh(LINE) == after


def test_a_copied_host_has_its_own_generator_in_the_same_state() -> None:
    host = sk.DockerHost()
    twin = copy.deepcopy(host)
    assert twin.sh(LINE) == host.sh(LINE)
    assert twin.clock.entropy is not host.clock.entropy
