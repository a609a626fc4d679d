"""layer_files: a layer's files as dive shows them, large trees kept readable, wasted space as dive counts it."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.viz import layer_files
from storagekit.viz.docker.files import BUDGET
from tests.viz.docker.conftest import run
from tests.viz.dot import edges, golden, node_attrs, node_labels, render

APP = "mmumshad/my-custom-app"


def test_the_copy_layer_adds_the_application(flask_host):
    g = layer_files(flask_host, APP)
    golden("docker", "layer_files_copy", g)
    labels = node_labels(g)
    assert labels["file /opt/source-code/app.py"].endswith("added")
    assert labels["file /opt/source-code/Dockerfile"].endswith("added")
    assert labels["file /opt"].endswith("modified")
    assert node_attrs(g, "file /opt/source-code/app.py")["fillcolor"] == "#CCF0E6"
    assert ("file /opt", "file /opt/source-code") in [(t, h) for t, h, _ in edges(g)]
    assert "layer 4 of 4 (COPY . /opt/source-code): what this layer changed" in g.source


def test_a_large_layer_stays_readable(flask_host):
    g = layer_files(flask_host, APP, 1)
    golden("docker", "layer_files_apt", g)
    labels = node_labels(g)
    tree = [n for n in labels if n.startswith(("file ", "more "))]
    assert len(tree) <= BUDGET + 1
    assert labels["file /usr"].startswith("usr/\n404MB · modified")
    assert any(n.startswith("more ") and "changed" in labels[n] for n in tree)
    assert labels["file /usr/lib"] == "lib/\n280MB · modified: 2762 added, 2 modified below"  # not opened
    assert labels["file /etc/ssl/certs"] == "certs/\n167kB · added · 113 entries"


def test_wasted_space_as_dive_counts_it(flask_host):
    g = layer_files(flask_host, APP, 1)
    assert "Wasted space as dive counts it: 322kB in 1 path" in g.source
    assert "a directory removed whole counts 0 B" in g.source
    assert node_labels(g)["wasted"] == "wasted: /var/lib/dpkg/status 322kB"


def test_scope_all_compares_with_the_base_layer(flask_host):
    only = node_labels(layer_files(flask_host, APP, 2, path="/usr/local"))
    so_far = node_labels(layer_files(flask_host, APP, 2, scope="all", path="/usr/local"))
    assert only["file /usr/local"].endswith("modified") and "unmodified" not in only["file /usr/local"]
    assert so_far["file /usr/local/lib"].split("\n")[1].startswith(("5.",
                                                                    "6.")) or "added" in so_far["file /usr/local/lib"]
    assert "what layers 2 to 3 changed" in layer_files(flask_host, APP, 2, scope="all").source


def test_path_and_depth_choose_the_subtree(flask_host):
    g = layer_files(flask_host, APP, 1, path="/var", depth=1)
    labels = node_labels(g)
    assert "file /var" in labels and "file /usr" not in labels
    assert all(n.count("/") <= 2 for n in labels if n.startswith("file "))


@pytest.mark.parametrize("kwargs,error", [
    ({"layer": 9}, IndexError), ({"scope": "everything"}, ValueError), ({"path": "/no/such/dir"}, ValueError)])
def test_a_bad_request_is_refused_in_words(flask_host, kwargs, error):
    with pytest.raises(error):
        layer_files(flask_host, APP, **kwargs)


@pytest.fixture(scope="module")
def alpine_waste():
    """An alpine image whose layers rewrite, delete and replace files: dive counts some of it, not all."""
    host = sk.DockerHost()
    host.write("/src/Dockerfile", "FROM alpine\nRUN echo one > /etc/motd && mkdir -p /data/cache && "
               "echo aaaa > /data/cache/a && echo bbbb > /data/cache/b\nRUN echo two >> /etc/motd && rm /etc/issue "
               "&& rm -rf /data/cache\n")
    run(host, "cd /src && docker build -t waste .")
    return host


def test_removed_and_rewritten_files(alpine_waste):
    g = layer_files(alpine_waste, "waste")
    golden("docker", "layer_files_alpine", g)
    labels = node_labels(g)
    assert labels["file /etc/issue"].endswith("removed\nwasted: in layers 1, 3")
    assert labels["file /etc/motd"].split("\n")[1] == "8B · modified"
    assert "wasted: in layers 1, 2, 3" in labels["file /etc/motd"]
    assert labels["file /data/cache"].startswith("cache/\n10B · removed")
    assert "wasted" not in labels["file /data/cache"]  # a directory removed whole: dive does not count it


def test_the_base_layer_has_nothing_to_compare_with(alpine_waste):
    g = layer_files(alpine_waste, "waste", 0)
    assert "(the base: nothing below to compare with)" in g.source
    assert not any(label.endswith(("added", "modified", "removed")) for label in node_labels(g).values())


@pytest.mark.exe
def test_it_renders(flask_host):
    assert b"<svg" in render(layer_files(flask_host, APP, 1))
