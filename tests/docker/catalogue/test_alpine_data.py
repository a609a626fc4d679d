"""The alpine, busybox and hello-world data files follow the shared layer and image formats."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from storagekit.docker.catalogue import alpine

DATA = Path(alpine.__file__).with_name("data")
REPOS = ("alpine", "busybox", "hello-world")


def layer(layer_id: str) -> dict:
    return json.loads(gzip.decompress((DATA / "layers" / f"{layer_id}.json.gz").read_bytes()))


def images(repo: str) -> dict:
    return json.loads((DATA / "images" / f"{repo}.json").read_text())


@pytest.mark.parametrize("repo", REPOS)
def test_image_documents(repo):
    doc = images(repo)
    assert doc["repository"] == repo and doc["provenance"]
    for image in doc["images"]:
        assert image["architecture"] == "amd64" and image["os"] == "linux" and image["created"].endswith("Z")
        assert set(image["config"]) >= {"Env", "Cmd", "Entrypoint", "WorkingDir", "Labels", "ExposedPorts", "Volumes",
                                        "User", "StopSignal"}
        layered = [h for h in image["history"] if not h.get("empty_layer")]
        assert len(layered) == len(image["layers"])
        for layer_id in image["layers"]:
            assert layer(layer_id)["id"] == layer_id


@pytest.mark.parametrize("repo", REPOS)
def test_layer_entries_sorted_parents_first(repo):
    for image in images(repo)["images"]:
        for layer_id in image["layers"]:
            entries = layer(layer_id)["entries"]
            paths = [e[0] for e in entries]
            assert len(paths) == len(set(paths))
            seen = set()
            for path, kind, mode, _uid, _gid, size, target, *text in entries:
                parent = path.rsplit("/", 1)[0]
                assert not parent or parent in seen, path
                seen.add(path)
                assert kind in "dflhcwo" and isinstance(mode, int)
                if text:
                    assert size == len(text[0].encode())
                if kind == "l":
                    assert size == len(target.encode())
                if kind == "h":
                    assert target in seen


def test_alpine_tags_and_config():
    doc = images("alpine")
    tags = {t: i for i in doc["images"] for t in i["tags"]}
    assert {"3.20", "3.21", "3.22", "latest"} <= set(tags)
    assert tags["latest"] is tags["3.22"]
    img = tags["3.21"]
    assert img["config"]["Cmd"] == ["/bin/sh"]
    assert img["history"][0] == {"created": img["created"], "comment": "buildkit.dockerfile.v0",
                                 "created_by": "ADD alpine-minirootfs-3.21.4-x86_64.tar.gz / # buildkit"}


def test_alpine_minirootfs_contents():
    entries = {e[0]: e for e in layer("alpine-3.21.4-minirootfs")["entries"]}
    files = [e for e in entries.values() if e[1] == "f"]
    links = [e for e in entries.values() if e[1] == "l"]
    total = sum(e[5] for e in files)
    assert 7_500_000 < total < 8_200_000  # docker images shows alpine:3.21 as 7.8 MB
    assert 80 <= len(files) <= 100 and len(links) > 250
    assert entries["/bin/sh"][6] == "/bin/busybox" and entries["/bin/ls"][6] == "/bin/busybox"
    assert entries["/lib/libc.musl-x86_64.so.1"][6] == "ld-musl-x86_64.so.1"
    assert entries["/etc/alpine-release"][7] == "3.21.4\n"
    assert 'PRETTY_NAME="Alpine Linux v3.21"' in entries["/usr/lib/os-release"][7]
    assert entries["/etc/os-release"][6] == "../usr/lib/os-release"
    assert entries["/etc/passwd"][7].startswith("root:x:0:0:root:/root:/bin/sh\n")
    assert entries["/etc/shadow"][2] == 0o640 and entries["/etc/shadow"][4] == 42
    assert entries["/tmp"][2] == 0o1777 and entries["/root"][2] == 0o700
    assert entries["/etc/apk/repositories"][7] == ("https://dl-cdn.alpinelinux.org/alpine/v3.21/main\n"
                                                   "https://dl-cdn.alpinelinux.org/alpine/v3.21/community\n")
    db = entries["/lib/apk/db/installed"][7]
    names = [n for n, _ in alpine.parse_installed(db)]
    assert len(names) == 15 and "busybox" in names and "musl" in names
    assert "\nP:busybox\nV:1.37.0-r12\nA:x86_64\n" in db and "\nF:bin\nR:busybox\na:0:0:755\nZ:Q1" in db
    assert "/var/cache/apk" in entries and entries["/var/cache/apk"][1] == "d"


def test_busybox_hard_links_and_size():
    doc = images("busybox")
    tags = {t: i for i in doc["images"] for t in i["tags"]}
    assert {"latest", "1.37", "1.36"} <= set(tags) and tags["latest"]["config"]["Cmd"] == ["sh"]
    entries = layer(tags["latest"]["layers"][0])["entries"]
    first = next(e for e in entries if e[0] == "/bin/[")
    assert first[1] == "f"
    linked = [e for e in entries if e[1] == "h"]
    assert len(linked) > 200 and all(e[6] == "/bin/[" for e in linked)
    assert {"/bin/sh", "/bin/ls", "/bin/busybox"} <= {e[0] for e in linked}
    assert 4_100_000 < sum(e[5] for e in entries if e[1] == "f") < 4_500_000


def test_hello_world():
    img = images("hello-world")["images"][0]
    assert img["config"]["Cmd"] == ["/hello"] and "latest" in img["tags"]
    assert layer(img["layers"][0])["entries"] == [["/hello", "f", 0o775, 0, 0, 13256, ""]]


def test_catalogue_releases():
    releases = alpine.load()
    assert set(releases) == {"3.20", "3.21", "3.22"}
    rel = alpine.release_for("3.21.4")
    assert rel.packages["busybox"].version == "1.37.0-r12"
    assert rel.provider("so:libz.so.1").name == "zlib" and rel.provider("cmd:curl").name == "curl"
    for name in rel.base:
        for dep in rel.packages[name].depends:
            assert dep == "/bin/sh" or rel.provider(alpine.dep_name(dep)) is not None, (name, dep)
