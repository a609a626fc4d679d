"""What ``docker create`` asks the daemon for, flag by flag, against what the real docker 28.2.2 client sent.

``golden/create_requests.json`` holds the request bodies the real client POSTed
to a stand-in daemon (``record_create_requests.py``). Each case is created here
too, and the container's ``HostConfig`` must be what the daemon makes of the real
request; its ``Config`` must carry what the flags put in the real one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import storagekit as sk
from storagekit.docker import hostconfig

RECORDED = json.loads((Path(__file__).parent / "golden" / "create_requests.json").read_text())
BASELINE = RECORDED["create busybox"]


def created(line: str):
    host = sk.DockerHost(engine_version="29.0.0") if "--storage-opt" in line else sk.DockerHost()
    host.sh("docker pull -q busybox")
    r = host.sh(f"docker {line}")
    assert (r.code, r.err) == (0, ""), r.err
    return host.engine.containers.resolve(r.out.strip())


def test_the_clients_empty_request_is_the_real_ones():
    assert hostconfig.client_request() | BASELINE["HostConfig"] == hostconfig.client_request()
    assert list(BASELINE["HostConfig"]) == [k for k in hostconfig.client_request() if k in BASELINE["HostConfig"]]


@pytest.mark.parametrize("line", list(RECORDED), ids=list(RECORDED))
def test_a_container_has_the_host_config_the_daemon_makes_of_the_real_request(line):
    c = created(line)
    assert c.host_config == hostconfig.host_config(RECORDED[line]["HostConfig"])


@pytest.mark.parametrize("line", list(RECORDED), ids=list(RECORDED))
def test_a_container_has_the_config_the_real_client_asked_for(line):
    """Where the flags changed the request's ``Config``; the daemon adds the image's other ``Env`` after the given."""
    c = created(line)
    wanted = {k: v for k, v in RECORDED[line]["Config"].items() if BASELINE["Config"].get(k) != v}
    env = wanted.pop("Env", [])
    assert {k: c.config.get(k) for k in wanted} == wanted
    assert c.config["Env"][:len(env)] == env
