"""storage_driver: the path select_driver took, each check and why, and the layout it produced."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.viz import storage_driver
from storagekit.viz.style import VERMILLION
from tests.viz.docker.conftest import run
from tests.viz.dot import edges, golden, node_attrs, node_labels, render


def steps(g) -> list[str]:
    """The decision's nodes from the start down, along the solid chain."""
    nxt = {tail: head for tail, head, attrs in edges(g) if not tail.startswith(("legend", "home", "result"))}
    out, node = [], "start"
    while node in nxt:
        node = nxt[node]
        out.append(node_labels(g)[node].split("\n")[0])
    return out


# (case, DockerHost keywords, the chain of decisions, the result's first line)
CASES = [
    ("a fresh Engine 28 on ext4", {}, ["image store: graph drivers", "priority list of Engine 28.2.2",
                                       "overlay2: selected"], "Storage Driver: overlay2"),
    ("a fresh Engine 29", {"engine_version": "29.0.0"}, ["image store: containerd", "overlayfs: selected"],
     "Storage Driver: overlayfs"),
    ("vfs configured", {"daemon_json": {"storage-driver": "vfs"}},
     ["vfs: configured", "image store: graph drivers", "vfs: selected"], "Storage Driver: vfs"),
    ("xfs without d_type", {"machine": "debian-12-xfs-ftype0"},
     ["image store: graph drivers", "priority list of Engine 28.2.2", "overlay2: skipped", "fuse-overlayfs: skipped",
      "btrfs: skipped", "zfs: skipped", "vfs: selected"], "Storage Driver: vfs"),
    ("btrfs is opt-in since 23.0", {"machine": "debian-12-btrfs"},
     ["image store: graph drivers", "priority list of Engine 28.2.2", "overlay2: selected"],
     "Storage Driver: overlay2"),
]


@pytest.mark.parametrize("case,kw,chain,result", CASES, ids=[c[0] for c in CASES])
def test_the_path_the_daemon_took(case, kw, chain, result):
    host = sk.DockerHost(**kw)
    g = storage_driver(host)
    assert steps(g) == chain + [result]


def test_why_a_check_failed_is_said():
    g = storage_driver(sk.DockerHost(machine="debian-12-xfs-ftype0"))
    golden("docker", "storage_driver_xfs", g)
    labels = node_labels(g)
    overlay = next(n for n, text in labels.items() if text.startswith("overlay2: skipped"))
    assert "the backing xfs filesystem is formatted without d_type support" in " ".join(labels[overlay].split("\n"))
    assert labels[overlay].endswith("without d_type (ftype=0)")


def test_a_daemon_that_cannot_start():
    host = sk.DockerHost(machine="centos-7.2", engine_version="20.10.24", daemon_json={"storage-driver": "overlay2"})
    g = storage_driver(host)
    golden("docker", "storage_driver_centos", g)
    labels = node_labels(g)
    assert steps(g)[-2:] == ["overlay2: failed", "the daemon exits"]
    assert labels["result"] == ("the daemon exits\nfailed to start daemon: error initializing graphdriver: driver\n"
                                "not supported: overlay2")
    assert node_attrs(g, "result")["color"] == VERMILLION and "home" not in labels


def test_the_layout_it_produced():
    host = sk.DockerHost()
    run(host, "docker run -d --name box busybox sleep 600")
    g = storage_driver(host)
    golden("docker", "storage_driver_overlay2", g)
    labels = node_labels(g)
    assert labels["home"].startswith("/var/lib/docker/overlay2/\n")
    assert labels["home sample"].startswith("3 directories: one per layer or container\n")
    assert labels["home l"] == "l/\n3 entries"


# (case, what root does to the driver's directory): the decision is still drawn, and no layout.
GONE = [
    ("removed", ["rm -rf /var/lib/docker/overlay2"]),
    ("a dangling link", ["rm -rf /var/lib/docker/overlay2", "ln -s /nowhere /var/lib/docker/overlay2"]),
    ("a file", ["rm -rf /var/lib/docker/overlay2", "touch /var/lib/docker/overlay2"]),
]


@pytest.mark.parametrize("case,lines", GONE, ids=[c[0] for c in GONE])
def test_a_driver_directory_that_is_no_longer_one_shows_no_layout(case, lines):
    host = sk.DockerHost()
    run(host, *lines)
    labels = node_labels(storage_driver(host))
    assert labels["result"].startswith("Storage Driver: overlay2\n") and "home" not in labels



def test_a_file_named_like_a_layer_is_a_plain_entry_and_not_the_sample():
    host = sk.DockerHost()
    run(host, "docker run -d --name box busybox sleep 600", "touch /var/lib/docker/overlay2/0")
    labels = node_labels(storage_driver(host))
    assert labels["home 0"] == "0"
    assert labels["home sample"].startswith("3 directories: one per layer or container\n")


@pytest.mark.exe
def test_it_renders():
    assert b"<svg" in render(storage_driver(sk.DockerHost(machine="debian-12-xfs-ftype0")))
