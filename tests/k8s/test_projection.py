"""The kubelet's files for configMap, secret, downwardAPI and projected volumes, and its atomic writer."""

from __future__ import annotations

import base64

import pytest

from storagekit.fs import Dir, FileSystem
from storagekit.k8s.apiserver import _base64_error
from storagekit.k8s.projection import MountError, payload, pinned, write_atomic


class Store:
    def __init__(self, *objects):
        self.objects = {(o["kind"], o["metadata"]["namespace"], o["metadata"]["name"]): o for o in objects}

    def get(self, kind, name, ns=""):
        return self.objects.get((kind, ns, name))


CM = {"kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "default"}, "data": {"a": "1", "b.conf": "x=2\n"},
      "binaryData": {"logo": base64.b64encode(b"\x89PNG").decode()}}
SECRET = {"kind": "Secret", "metadata": {"name": "db", "namespace": "default"},
          "data": {"password": base64.b64encode(b"hunter2").decode()}}
POD = {"metadata": {"name": "app", "namespace": "default", "uid": "u-1", "labels": {"tier": "web", "app": "shop"},
                    "annotations": {}}, "spec": {"serviceAccountName": "default"}}


@pytest.mark.parametrize("volume, files", [
    ({"configMap": {"name": "cfg"}}, {"a": (b"1", 0o644), "b.conf": (b"x=2\n", 0o644), "logo": (b"\x89PNG", 0o644)}),
    ({"configMap": {"name": "cfg", "defaultMode": 0o400, "items": [{"key": "a", "path": "sub/one"},
                                                                   {"key": "b.conf", "path": "b", "mode": 0o600}]}},
     {"sub/one": (b"1", 0o400), "b": (b"x=2\n", 0o600)}),
    ({"secret": {"secretName": "db"}}, {"password": (b"hunter2", 0o644)}),
    ({"configMap": {"name": "missing", "optional": True}}, {}),
    ({"configMap": {"name": "cfg", "optional": True, "items": [{"key": "nope", "path": "n"}]}}, {}),
    ({"downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}},
                                {"path": "name", "fieldRef": {"fieldPath": "metadata.name"}}]}},
     {"labels": (b'app="shop"\ntier="web"', 0o644), "name": (b"app", 0o644)}),
    ({"projected": {"sources": [{"configMap": {"name": "cfg", "items": [{"key": "a", "path": "a"}]}},
                                {"secret": {"name": "db"}},
                                {"downwardAPI": {"items": [{"path": "ns",
                                                            "fieldRef": {"fieldPath": "metadata.namespace"}}]}}]}},
     {"a": (b"1", 0o644), "password": (b"hunter2", 0o644), "ns": (b"default", 0o644)}),
])
def test_payload(volume, files):
    assert payload(Store(CM, SECRET), POD, volume) == files


@pytest.mark.parametrize("volume, message", [
    ({"configMap": {"name": "missing"}}, 'configmap "missing" not found'),
    ({"secret": {"secretName": "missing"}}, 'secret "missing" not found'),
    ({"configMap": {"name": "cfg", "items": [{"key": "nope", "path": "n"}]}},
     "configmap references non-existent config key: nope"),
    ({"secret": {"secretName": "db", "items": [{"key": "user", "path": "u"}]}},
     "references non-existent secret key: user"),
])
def test_payload_refusals_are_the_kubelets_words(volume, message):
    with pytest.raises(MountError) as err:
        payload(Store(CM, SECRET), POD, volume)
    assert str(err.value) == message


def test_the_token_is_a_jwt_naming_the_pod():
    files = payload(Store(), POD, {"projected": {"sources": [{"serviceAccountToken": {"path": "token"}}]}})
    _header, claims, _signature = files["token"][0].split(b".")
    decoded = base64.urlsafe_b64decode(claims + b"=" * (-len(claims) % 4))
    assert b'"sub":"system:serviceaccount:default:default"' in decoded and b'"uid":"u-1"' in decoded


def test_the_atomic_writer_swaps_a_timestamped_directory():
    now = [1767603600]
    fs = FileSystem(Dir(), clock=lambda: now[0])
    assert write_atomic(fs, "/v", {"a": (b"1", 0o644), "b": (b"2", 0o600)}, "seed")
    first = fs.readlink("/v/..data")
    assert first.startswith("..2026_01_05_09_00_00.")
    assert sorted(fs.listdir("/v")) == sorted([first, "..data", "a", "b"])
    assert fs.readlink("/v/a") == "..data/a" and fs.read("/v/a") == b"1" and fs.stat("/v/b").perm == 0o600
    assert not write_atomic(fs, "/v", {"a": (b"1", 0o644), "b": (b"2", 0o600)}, "seed")  # nothing changed
    held, path = pinned(fs, "/v/a")  # a subPath mount keeps the file it started with
    now[0] += 60
    assert write_atomic(fs, "/v", {"a": (b"one", 0o644)}, "seed")
    second = fs.readlink("/v/..data")
    assert second != first and second.startswith("..2026_01_05_09_01_00.")
    assert sorted(fs.listdir("/v")) == sorted([second, "..data", "a"])  # the old directory and b are gone
    assert fs.read("/v/a") == b"one" and held.read(path) == b"1"


@pytest.mark.parametrize("text, offset", [
    ("YWJj", None), ("YWI=", None), ("YQ==", None), ("", None), ("YW\nJj", None),
    ("YWJ", 0), ("YWJjZA", 4), ("a!bc", 1), ("YQ=x", 2), ("YQ=", 3), ("YQ==YQ==", 4), ("Y===", 1),
])
def test_secret_data_is_refused_where_gos_base64_decoder_stops(text, offset):
    assert _base64_error(text) == offset
