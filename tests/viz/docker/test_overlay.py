"""container_overlay: lowerdirs, upperdir and merged view; copy-ups, whiteouts, opaque dirs; the last command."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.viz import container_overlay
from storagekit.viz.style import VERMILLION
from tests.viz.docker.conftest import run
from tests.viz.dot import edges, golden, node_attrs, node_labels, render

CHANGES = ("docker exec box sh -c 'echo hi >> /etc/motd; rm /etc/issue; mkdir /data; echo x > /data/f; "
           "rm -rf /etc/apk; mkdir /etc/apk; echo new > /etc/apk/world'")


@pytest.fixture(scope="module")
def alpine():
    """A busy alpine container, then one more command after a mark: its before and after drawings."""
    host = sk.DockerHost()
    run(host, "docker run -d --name box alpine sleep 3600", CHANGES)
    before = container_overlay(host, "box", paths=["/etc"])
    mark = host.events.mark()
    run(host, "docker exec box sh -c 'echo y >> /etc/profile; rm /etc/shells; touch /tmp/new'")
    return host, mark, before


def layer_key(host) -> str:
    return "layer " + host.engine.containers.resolve("box").image.top_layer.chain_id[7:19]


def test_copy_ups_whiteouts_and_an_opaque_directory(alpine):
    host, _, _ = alpine
    g = container_overlay(host, "box")
    labels = node_labels(g)
    lower = layer_key(host)
    assert labels["upper /etc/motd"].endswith("copied up")
    assert labels["upper /etc/issue"] == "issue\nwhiteout c 0 0"
    assert labels["upper /etc/apk"] == "apk/\nopaque: hides the lower one"
    assert labels["upper /etc/apk/world"].endswith("· new")  # under the opaque dir: not a copy-up
    assert labels[f"{lower} /etc/apk/world"].startswith("world\n")  # still in the image, hidden
    links = {(t, h): attrs for t, h, attrs in edges(g)}
    assert links[(f"{lower} /etc/motd", "upper /etc/motd")]["label"] == " copy-up "
    assert links[("upper /etc/issue", f"{lower} /etc/issue")]["label"] == " hides "
    assert ("upper /etc/apk/world", f"{lower} /etc/apk/world") not in links
    assert labels["merged /etc/issue"] == "/etc/issue\nnot visible"
    assert labels["merged /etc/motd"].endswith("from the upperdir")
    assert (f"{lower} /etc/motd", "merged /etc/motd") not in links and ("upper /etc/motd", "merged /etc/motd") in links


def test_the_last_command_stands_out_and_node_ids_stay(alpine):
    host, mark, before = alpine
    after = container_overlay(host, "box", since=mark, paths=["/etc", "/tmp"])
    golden("docker", "container_overlay_alpine", after)
    assert "The last command: copied up /etc/profile; whiteout for /etc/shells; created /tmp/new" in after.source
    for node in ("upper /etc/profile", "upper /etc/shells", "upper /tmp/new", "merged /etc/profile"):
        assert node_attrs(after, node)["peripheries"] == "2"
    assert "peripheries" not in node_attrs(after, "upper /etc/motd")
    assert node_attrs(after, "upper /etc/shells")["color"] == VERMILLION
    shared = set(node_labels(before)) & set(node_labels(after))
    assert {"upper /etc/motd", "merged /etc/motd", "row upper", "row merged"} <= shared


def test_paths_limit_the_columns_and_show_what_shows_through(alpine):
    host, _, _ = alpine
    labels = node_labels(container_overlay(host, "box", paths=["/etc/passwd", "/data"]))
    columns = {n.split(" ", 1)[1] for n in labels if n.startswith("merged /")}
    assert columns == {"/etc/passwd", "/data/f"}  # /data itself holds a change, so it is no column of its own
    assert labels["merged /etc/passwd"].endswith("from a lower layer")


def test_the_flask_container_has_its_image_layers_below(flask_host):
    g = container_overlay(flask_host, "web1")
    labels = node_labels(g)
    rows = [n for n in labels if n.startswith("row layer")]
    assert labels["upper /etc/bash.bashrc"].endswith("copied up")
    assert labels["upper /var/log/app/log"].endswith("· new") and labels["upper /etc/issue.net"].endswith("c 0 0")
    assert 1 <= len(rows) <= 4 and labels["row init"].startswith("lowerdir: init layer")
    assert labels["row upper"].startswith("upperdir: web1's writable layer")


@pytest.mark.parametrize("kw,top", [
    ({"daemon_json": {"storage-driver": "vfs"}}, "box's copy, written in place"),
    ({"machine": "debian-12-btrfs", "daemon_json": {"storage-driver": "btrfs"}}, "box's copy, written in place"),
    ({"engine_version": "29.0.0"}, "upperdir: box's writable layer"),
])
def test_each_driver_draws_its_own_way(kw, top):
    host = sk.DockerHost(**kw)
    run(host, "docker run -d --name box busybox sleep 600")
    mark = host.events.mark()
    run(host, "docker exec box sh -c 'echo hi >> /etc/passwd; rm /etc/group'")
    g = container_overlay(host, "box", since=mark)
    labels = node_labels(g)
    assert any(text.startswith(top) for text in labels.values())
    if "vfs" in str(kw) or "btrfs" in str(kw):
        assert labels["container /etc/group"] == "/etc/group\ndeleted: absent from the copy"
        assert labels["container /etc/passwd"].endswith("changed in place")
        assert "no copy-up, no whiteout" in g.source
    else:
        assert labels["upper /etc/group"] == "group\nwhiteout c 0 0"
        assert "snapshots/" in labels["row upper"]


def test_an_untouched_container_says_so():
    host = sk.DockerHost()
    run(host, "docker create --name quiet busybox")
    assert "The writable layer is empty" in container_overlay(host, "quiet").source


@pytest.mark.exe
def test_it_renders(alpine):
    host, mark, _ = alpine
    assert b"<svg" in render(container_overlay(host, "box", since=mark))
