"""disk_usage: docker system df as bars on one scale, the reclaimable part apart, with df's own figures."""

from __future__ import annotations

import re

import pytest

import storagekit as sk
from storagekit.viz import disk_usage
from storagekit.viz.docker.usage import BAR
from tests.viz.docker.conftest import run
from tests.viz.dot import node_labels, render


def bars(g) -> dict[str, tuple[list[int], list[int], str]]:
    """Each row: the widths of its kept and reclaimable cells, and the figures printed beside them."""
    table = node_labels(g)["usage"]
    out = {}
    for name, cells, figures in re.findall(r'<TR><TD ALIGN="LEFT" WIDTH="100">([^<]*)</TD>(.*?)</TABLE></TD>'
                                           r'<TD ALIGN="LEFT">([^<]*)</TD></TR>', table):
        kept = [int(w) for w in re.findall(r'WIDTH="(\d+)"[^>]*BORDER="1">', cells)]
        free = [int(w) for w in re.findall(r'WIDTH="(\d+)"[^>]*BORDER="1" STYLE="dashed">', cells)]
        out[name] = (kept, free, figures)
    return out


@pytest.fixture(scope="module")
def host():
    host = sk.DockerHost()
    host.write("/src/e/Dockerfile", "FROM busybox\nRUN head -c 3000000 /dev/zero > /big\n")
    run(host, "docker pull -q busybox", "cd /src/e && docker build -q -t e .",
        "docker run --name old -v /scratch busybox sh -c 'head -c 1000000 /dev/zero > /scratch/f; echo hi > /note'",
        "docker run -d --name up -v kept:/data e sleep 1000", "docker volume create spare")
    return host


def test_each_row_of_system_df_is_a_bar_with_its_figures(host):
    df = host.sh("docker system df").out.splitlines()[1:]
    drawn = bars(disk_usage(host))
    assert list(drawn) == ["Images", "Containers", "Local Volumes", "Build Cache"]
    for line in df:
        kind, total, active, size, reclaimable = re.split(r"\s{2,}", line.strip())[:5]
        assert drawn[kind][2] == f"{size}, {reclaimable} reclaimable · {active} of {total} active"


@pytest.mark.parametrize("kind, kept, free", [
    # docker/cli counts as reclaimable all but the unique bytes of images in use: busybox's layer, shared by e
    ("Images", True, True),
    ("Containers", False, True),      # up wrote nothing; the stopped old holds 3 bytes
    ("Local Volumes", True, False),   # old, although stopped, still references its anonymous volume's 1MB
    ("Build Cache", True, False),     # the image e still holds the RUN layer
])
def test_kept_and_reclaimable_parts_appear_only_when_they_hold_bytes(host, kind, kept, free):
    row = bars(disk_usage(host))[kind]
    assert (bool(row[0]), bool(row[1])) == (kept, free)


def test_the_longest_bar_is_the_biggest_row_and_all_share_one_scale(host):
    drawn = bars(disk_usage(host))
    widths = {kind: sum(kept + free) for kind, (kept, free, _) in drawn.items()}
    assert max(widths.values()) == BAR == widths["Images"]
    assert render(disk_usage(host)).startswith(b"<?xml")


def test_an_empty_host_draws_four_empty_rows():
    drawn = bars(disk_usage(sk.DockerHost()))
    assert all(kept == free == [] for kept, free, _ in drawn.values())
    assert drawn["Images"][2] == "0B, 0B reclaimable · 0 of 0 active"
