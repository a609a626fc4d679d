"""A container's HostConfig as moby 28 keeps it: the daemon's defaults, its refusals at create, the capabilities."""

from __future__ import annotations

import pytest

from storagekit.docker import hostconfig
from storagekit.docker.errors import InvalidParameter
from storagekit.sim.errors import NotSimulated
from storagekit.sim.process import CONTAINER_CAPABILITIES, LINUX_CAPABILITIES


def test_the_daemon_fills_in_its_defaults():
    hc = hostconfig.host_config({})
    assert (hc["NetworkMode"], hc["LogConfig"], hc["ShmSize"], hc["IpcMode"], hc["CgroupnsMode"], hc["Runtime"]) == (
        "bridge", {"Type": "json-file", "Config": {}}, 64 * 1024 * 1024, "private", "private", "runc")
    assert (hc["MemorySwappiness"], hc["PidsLimit"], hc["OomKillDisable"]) == (None, None, False)
    assert hc["MaskedPaths"][:2] == ["/proc/asound", "/proc/acpi"] and hc["ReadonlyPaths"][-1] == "/proc/sysrq-trigger"
    assert not {"Annotations", "StorageOpt", "Tmpfs", "Sysctls", "KernelMemory", "Mounts", "Init"} & set(hc)


def test_what_the_request_sets_stays_and_omitted_fields_appear_when_set():
    hc = hostconfig.host_config({"ShmSize": 1 << 27, "GroupAdd": ["audio"], "Tmpfs": {"/t": ""}, "PidsLimit": 100,
                                 "KernelMemory": 1 << 20, "Privileged": True})
    assert (hc["ShmSize"], hc["GroupAdd"], hc["Tmpfs"], hc["PidsLimit"]) == (1 << 27, ["audio"], {"/t": ""}, 100)
    assert "KernelMemory" not in hc  # the daemon has dropped it since API 1.42
    assert (hc["MaskedPaths"], hc["ReadonlyPaths"]) == (None, None)  # a privileged container has none
    with pytest.raises(KeyError):
        hostconfig.host_config({"Shm": 1})


@pytest.mark.parametrize("fields, error", [
    ({"AutoRemove": True, "RestartPolicy": {"Name": "always", "MaximumRetryCount": 0}},
     "can't create 'AutoRemove' container with restart policy"),
    ({"RestartPolicy": {"Name": "sometimes", "MaximumRetryCount": 0}},
     "invalid restart policy: unknown policy 'sometimes'; use one of 'no', 'always', 'on-failure', or "
     "'unless-stopped'"),
    ({"RestartPolicy": {"Name": "always", "MaximumRetryCount": 3}},
     "invalid restart policy: maximum retry count can only be used with 'on-failure'"),
    ({"RestartPolicy": {"Name": "no", "MaximumRetryCount": -1}},
     "invalid restart policy: maximum retry count can only be used with 'on-failure' and cannot be negative"),
    ({"RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": -1}},
     "invalid restart policy: maximum retry count cannot be negative"),
    ({"CapAdd": ["CAP_FOO"]}, 'unknown capability: "CAP_FOO"'),
    ({"CapDrop": ["bogus"]}, 'unknown capability: "CAP_BOGUS"'),
    ({"Isolation": "hyperv"}, "invalid isolation 'hyperv' on linux"),
    ({"Annotations": {"": "x"}}, "invalid Annotations: the empty string is not permitted as an annotation key"),
    ({"Runtime": "kata"}, "unknown or invalid runtime name: kata"),
    ({"Runtime": "/usr/bin/runc"}, "unknown or invalid runtime name: /usr/bin/runc"),
])
def test_the_daemon_refuses_at_create(fields, error):
    with pytest.raises(InvalidParameter, match=f"^{error}$".replace("(", r"\(").replace(")", r"\)")):
        hostconfig.validate(hostconfig.host_config(fields))


@pytest.mark.parametrize("fields", [
    {"RestartPolicy": {"Name": "on-failure", "MaximumRetryCount": 3}},
    {"Runtime": "io.containerd.kata.v2"},  # taken on trust until the container starts
])
def test_what_the_daemon_takes_but_the_simulator_does_not_run_is_declined(fields):
    with pytest.raises(NotSimulated):
        hostconfig.validate(hostconfig.host_config(fields))


def test_what_it_takes():
    for fields in ({}, {"Isolation": "default", "Runtime": "io.containerd.runc.v2", "CapAdd": ["ALL"],
                        "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0}}):
        hostconfig.validate(hostconfig.host_config(fields))


@pytest.mark.parametrize("fields, added, dropped", [
    ({}, set(), set()),
    ({"CapDrop": ["CAP_CHOWN"]}, set(), {"CAP_CHOWN"}),
    ({"CapAdd": ["sys_admin"], "CapDrop": ["kill"]}, {"CAP_SYS_ADMIN"}, {"CAP_KILL"}),
    ({"CapAdd": ["ALL"], "CapDrop": ["CAP_MKNOD"]}, set(LINUX_CAPABILITIES) - CONTAINER_CAPABILITIES,
     {"CAP_MKNOD"}),
    ({"CapDrop": ["ALL"], "CapAdd": ["CAP_CHOWN"]}, set(), CONTAINER_CAPABILITIES - {"CAP_CHOWN"}),
    ({"Privileged": True, "CapDrop": ["ALL"]}, set(LINUX_CAPABILITIES) - CONTAINER_CAPABILITIES, set()),
])
def test_capabilities_are_the_default_set_tweaked(fields, added, dropped):
    """moby's ``TweakCapabilities``: ALL on either side wins over the default set; privileged gets every one."""
    caps = hostconfig.capabilities(hostconfig.host_config(fields))
    assert (caps - CONTAINER_CAPABILITIES, CONTAINER_CAPABILITIES - caps) == (added, dropped)
