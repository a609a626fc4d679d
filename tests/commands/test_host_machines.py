"""A host's engine version, machine and daemon.json decide its storage driver, as dockerd decides."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.sim.errors import StorageKitError


def test_default_host_runs_overlay2_on_ext4():
    host = sk.DockerHost()
    assert host.sh("docker info --format '{{.Driver}}'").out == "overlay2\n"
    assert host.selection.driver == "overlay2" and not host.daemon_log


def test_a_daemon_that_cannot_start_leaves_a_client_without_a_daemon():
    host = sk.DockerHost(engine_version="20.10.24", machine="centos-7.2", daemon_json={"storage-driver": "overlay2"})
    assert host.daemon_log == "failed to start daemon: error initializing graphdriver: driver not supported: overlay2"
    r = host.sh("docker images")
    assert (r.code, r.err) == (1, "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker "
                                  "daemon running?\n")
    assert host.sh("cat /etc/docker/daemon.json").out == '{\n  "storage-driver": "overlay2"\n}\n'
    assert host.sh("docker --version").code == 0


def test_drivers_the_kit_does_not_lay_out_are_refused_clearly():
    with pytest.raises(StorageKitError, match="'aufs' storage \\(graphdriver store\\)"):
        sk.DockerHost(engine_version="1.12.6", machine="ubuntu-16.04")
