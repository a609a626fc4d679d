"""The daemon's volume service, asked directly: list filters, the in-use rule, rm, prune and its engine-version rule."""

from __future__ import annotations

import pytest

from storagekit.docker.engine import EngineInfo
from storagekit.docker.errors import InvalidFilter, NoSuchVolume, VolumeInUse
from tests.docker.conftest import Bench


class Volumes(Bench):
    """``data`` (team=db, tier=1) and ``cache`` (team=web) unused, ``logs`` mounted by a stopped container, an
    unused anonymous volume, one with driver options, and the container's own anonymous volume."""

    def __init__(self, version: str = "28.2.2") -> None:
        super().__init__()
        if version != "28.2.2":
            self.engine.info = EngineInfo(version=version)
        volumes = self.engine.volumes
        volumes.create("data", labels={"team": "db", "tier": "1"})
        volumes.create("cache", labels={"team": "web"})
        volumes.create("tuned", options={"type": "tmpfs", "device": "tmpfs"})
        self.loose = volumes.create("").name
        self.user = self.engine.create_container(self.base, "tiny", binds=["logs:/logs"], volumes=["/scratch"])
        self.held = next(mp.name for mp in self.user.mounts if mp.destination == "/scratch")

    def alias(self, name: str) -> str:
        """A 64-hex name replaced by what it stands for."""
        return {self.loose: "LOOSE", self.held: "HELD"}.get(name, name)

    def aliases(self, names) -> list[str]:
        return sorted(self.alias(n) for n in names)

    def listed(self, filters) -> list[str]:
        return self.aliases(v.name for v in self.engine.list_volumes(filters))


@pytest.fixture
def vols() -> Volumes:
    return Volumes()


def state(vols: Volumes) -> tuple:
    return tuple(vols.engine.volumes.volumes), tuple(sorted(vols.fs.listdir("/var/lib/docker/volumes")))


@pytest.mark.parametrize("filters, expected", [
    ([], ["HELD", "LOOSE", "cache", "data", "logs", "tuned"]),
    ([("dangling", "true")], ["LOOSE", "cache", "data", "tuned"]),
    ([("dangling", "1")], ["LOOSE", "cache", "data", "tuned"]),
    ([("dangling", "false")], ["HELD", "logs"]),
    ([("name", "^[a-z]+$")], ["cache", "data", "logs", "tuned"]),
    ([("name", "data"), ("name", "^c")], ["cache", "data"]),
    ([("label", "team")], ["cache", "data"]),
    ([("label", "team=db"), ("label", "tier=1")], ["data"]),
    ([("label", "team=db"), ("label", "team=web")], []),
    ([("driver", "local"), ("name", "^t")], ["tuned"]),
    ([("driver", "nfs")], []),
    ([("dangling", "true"), ("label", "team")], ["cache", "data"]),
])
def test_list_volumes_filters(vols, filters, expected):
    assert vols.listed(filters) == expected


@pytest.mark.parametrize("filters, message", [
    ([("color", "red")], "invalid filter 'color'"),
    ([("label!", "team")], "invalid filter 'label!'"),
    ([("dangling", "maybe")], "invalid filter 'dangling=[maybe]'"),
    ([("dangling", "true"), ("dangling", "0")], "invalid filter 'dangling=[true 0]'"),
])
def test_list_volumes_refuses_a_filter_it_does_not_take(vols, filters, message):
    with pytest.raises(InvalidFilter) as caught:
        vols.engine.list_volumes(filters)
    assert (caught.value.status, caught.value.message) == (400, message)


def test_a_volume_is_in_use_while_any_container_mounts_it(vols):
    engine = vols.engine
    assert engine.volume_in_use(engine.volumes.get("logs")) and not engine.volume_in_use(engine.volumes.get("data"))
    before = state(vols)
    with pytest.raises(VolumeInUse) as caught:
        engine.remove_volume("logs")
    assert caught.value.message == f"remove logs: volume is in use - [{vols.user.id}]"
    with pytest.raises(VolumeInUse):
        engine.remove_volume("logs", force=True)  # force does not override the in-use rule
    assert state(vols) == before
    engine.remove_container(vols.user)
    engine.remove_volume("logs")
    assert not vols.fs.exists("/var/lib/docker/volumes/logs")


def test_removing_a_missing_volume_is_no_error_only_with_force(vols):
    with pytest.raises(NoSuchVolume) as caught:
        vols.engine.remove_volume("nope")
    assert (caught.value.status, caught.value.message) == (404, "get nope: no such volume")
    vols.engine.remove_volume("nope", force=True)


@pytest.mark.parametrize("version, filters, expected", [
    ("28.2.2", [], ["LOOSE"]),
    ("28.2.2", [("all", "true")], ["LOOSE", "cache", "data"]),
    ("28.2.2", [("all", "T")], ["LOOSE", "cache", "data"]),  # read with strconv.ParseBool
    ("28.2.2", [("all", "false")], ["LOOSE"]),
    ("28.2.2", [("all", "1"), ("label", "team=db")], ["data"]),
    ("28.2.2", [("all", "1"), ("label!", "team=db")], ["LOOSE", "cache"]),
    ("28.2.2", [("all", "1"), ("label!", "team"), ("label!", "tier")], ["LOOSE", "cache"]),  # not every label!
    ("28.2.2", [("label", "team")], []),
    ("20.10.24", [], ["LOOSE", "cache", "data"]),  # before API 1.42 every unused local volume goes
    ("20.10.24", [("all", "true")], ["LOOSE", "cache", "data"]),
])
def test_prune_volumes(version, filters, expected):
    vols = Volumes(version)
    size = 5
    vols.fs.write("/var/lib/docker/volumes/data/_data/f", b"x" * size)
    removed, reclaimed = vols.engine.prune_volumes(filters)
    assert vols.aliases(removed) == expected
    assert reclaimed == (size if "data" in expected else 0)
    assert vols.aliases(v.name for v in vols.engine.volumes) == \
        sorted({"LOOSE", "cache", "data", "HELD", "logs", "tuned"} - set(expected))


@pytest.mark.parametrize("version, filters, message", [
    ("28.2.2", [("all", "x")], "invalid filter 'all': strconv.ParseBool: parsing \"x\": invalid syntax"),
    ("28.2.2", [("all", "1"), ("all", "0")], "invalid filter 'all=[1 0]': only one value is expected"),
    ("28.2.2", [("dangling", "true")], "invalid filter 'dangling'"),
    ("28.2.2", [("name", "x"), ("all", "x")], "invalid filter 'all': strconv.ParseBool: parsing \"x\": invalid syntax"),
    ("20.10.24", [("all", "1")], "invalid filter 'all=[1 true]': only one value is expected"),
])
def test_prune_volumes_refuses_before_removing_anything(version, filters, message):
    vols = Volumes(version)
    before = state(vols)
    with pytest.raises(InvalidFilter) as caught:
        vols.engine.prune_volumes(filters)
    assert caught.value.message == message
    assert state(vols) == before


def test_volume_json_is_the_inspect_document(vols):
    doc = vols.engine.volume_json(vols.engine.volumes.get("data"))
    assert doc == {"CreatedAt": "2026-01-05T09:00:00Z", "Driver": "local", "Labels": {"team": "db", "tier": "1"},
                   "Mountpoint": "/var/lib/docker/volumes/data/_data", "Name": "data", "Options": None,
                   "Scope": "local"}


def test_local_volumes_size_counts_users_and_bytes_and_skips_driver_options(vols):
    vols.fs.write("/var/lib/docker/volumes/logs/_data/log", b"x" * 10)
    usage = {vols.alias(u.volume.name): (u.ref_count, u.size)
             for u in vols.engine.local_volumes_size()}
    assert usage == {"LOOSE": (0, 0), "cache": (0, 0), "data": (0, 0), "HELD": (1, 0), "logs": (1, 10)}
