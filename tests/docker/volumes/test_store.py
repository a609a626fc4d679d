"""The local driver's volumes: option rules in its words, and the mounts it would make (moby ``volume/local``)."""

from __future__ import annotations

import pytest

from storagekit import DockerHost
from storagekit.docker.errors import VolumeOptionInvalid
from storagekit.docker.volumes.store import check_options
from storagekit.sim.errors import NotSimulated

NFS = {"type": "nfs", "o": "addr=192.168.1.1,rw", "device": ":/exports/data"}


@pytest.mark.parametrize("options, refusal", [
    (None, None),
    ({}, None),
    (NFS, None),
    ({"type": "tmpfs", "device": "tmpfs", "o": "size=100m,uid=1000"}, None),
    ({"type": "none", "device": "/srv/data", "o": "bind"}, None),
    ({"size": "0"}, None),
    ({"tardis": "blue"}, 'create v1: invalid option: "tardis"'),
    ({**NFS, "Type": "nfs"}, 'create v1: invalid option: "Type"'),
    ({"type": "nfs"}, 'create v1: missing required option: "device"'),
    ({"device": ":/exports/data"}, 'create v1: missing required option: "type"'),
    ({"o": "addr=192.168.1.1"}, 'create v1: missing required option: "device"'),
    ({"o": "addr=192.168.1.1", "device": ":/exports"}, 'create v1: missing required option: "type"'),
    ({"size": "lots"}, "create v1: invalid size: 'lots'"),
])
def test_local_driver_options(options, refusal):
    if refusal is None:
        check_options("v1", options)
    else:
        with pytest.raises(VolumeOptionInvalid) as caught:
            check_options("v1", options)
        assert caught.value.message == refusal


def test_a_size_quota_is_declined_not_ignored():
    with pytest.raises(NotSimulated, match="size quota is not simulated"):
        check_options("v1", {"size": "10g"})


@pytest.mark.parametrize("line, message", [
    ("docker volume create --opt tardis=blue v1", 'create v1: invalid option: "tardis"'),
    ("docker volume create -o type=nfs v1", 'create v1: missing required option: "device"'),
    ("docker volume create -o size=10g v1", "[storagekit] a local volume's size quota is not simulated"),
])
def test_a_refused_create_leaves_no_volume(line, message):
    host = DockerHost()
    r = host.sh(line)
    assert r.code == 1 and message in r.err
    assert host.sh("docker volume ls -q").out == ""
    assert host.sh("ls /var/lib/docker/volumes").out == "metadata.db\n"
