"""A container's ``HostConfig`` as the daemon keeps it and ``docker inspect`` shows it, and the checks it passes.

The docker 28 client sends every field of the API's ``HostConfig`` (empty
lists, zeros, ``null``s: what ``docker create`` POSTs to ``/containers/create``);
the daemon then fills in its defaults (``adaptContainerSettings``: a 64 MiB
``/dev/shm``, private IPC and cgroup namespaces on a cgroup v2 host, the
``runc`` runtime, the ``json-file`` log driver; ``createContainerOSSpecificSettings``:
the masked and read-only ``/proc`` paths) and drops what it does not keep (a
swappiness or pids limit of "unset"). Fields whose JSON tag says ``omitempty``
appear only when set. The key order is the Go struct's, which is the order
``docker inspect`` prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from storagekit.docker import apitypes
from storagekit.docker.errors import InvalidParameter
from storagekit.sim.errors import NotSimulated
from storagekit.sim.process import CONTAINER_CAPABILITIES, LINUX_CAPABILITIES

DEFAULT_SHM_SIZE = 64 * 1024 * 1024
"""moby ``config.DefaultShmSize``."""
MASKED_PATHS = ["/proc/asound", "/proc/acpi", "/proc/interrupts", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
                "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
                "/sys/devices/virtual/powercap"]
"""moby ``oci.DefaultSpec``'s masked paths (a virtual machine's CPUs have no ``thermal_throttle`` to add)."""
READONLY_PATHS = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
RUNTIMES = ("runc", "io.containerd.runc.v2")
"""The runtimes a daemon without a ``runtimes`` section in daemon.json knows; ``runc`` is its default."""
RESTART_POLICIES = ("no", "always", "on-failure", "unless-stopped")

_OMIT_EMPTY = apitypes.omitempty("HostConfig")
"""Fields tagged ``json:",omitempty"``: absent from the request and from ``docker inspect`` unless set."""


def client_request() -> dict[str, Any]:
    """The ``HostConfig`` the docker 28 client sends for ``docker create IMAGE`` with no flags, in the Go struct's
    order (omitted fields at their places, empty)."""
    return {
        "Binds": None, "ContainerIDFile": "", "LogConfig": {"Type": "", "Config": {}}, "NetworkMode": "default",
        "PortBindings": {}, "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0}, "AutoRemove": False,
        "VolumeDriver": "", "VolumesFrom": None, "ConsoleSize": [0, 0], "Annotations": None, "CapAdd": None,
        "CapDrop": None, "CgroupnsMode": "", "Dns": [], "DnsOptions": [], "DnsSearch": [], "ExtraHosts": None,
        "GroupAdd": None, "IpcMode": "", "Cgroup": "", "Links": None, "OomScoreAdj": 0, "PidMode": "",
        "Privileged": False, "PublishAllPorts": False, "ReadonlyRootfs": False, "SecurityOpt": None,
        "StorageOpt": None, "Tmpfs": None, "UTSMode": "", "UsernsMode": "", "ShmSize": 0, "Sysctls": None,
        "Runtime": "", "Isolation": "",
        "CpuShares": 0, "Memory": 0, "NanoCpus": 0, "CgroupParent": "", "BlkioWeight": 0, "BlkioWeightDevice": [],
        "BlkioDeviceReadBps": [], "BlkioDeviceWriteBps": [], "BlkioDeviceReadIOps": [], "BlkioDeviceWriteIOps": [],
        "CpuPeriod": 0, "CpuQuota": 0, "CpuRealtimePeriod": 0, "CpuRealtimeRuntime": 0, "CpusetCpus": "",
        "CpusetMems": "", "Devices": [], "DeviceCgroupRules": None, "DeviceRequests": None, "KernelMemory": 0,
        "KernelMemoryTCP": 0, "MemoryReservation": 0, "MemorySwap": 0, "MemorySwappiness": -1,
        "OomKillDisable": False, "PidsLimit": 0, "Ulimits": [], "CpuCount": 0, "CpuPercent": 0, "IOMaximumIOps": 0,
        "IOMaximumBandwidth": 0, "Mounts": None, "MaskedPaths": None, "ReadonlyPaths": None, "Init": None,
    }


def host_config(request: Mapping[str, Any]) -> dict[str, Any]:
    """The ``HostConfig`` the daemon keeps for a create request that sets ``request`` (API field names; the rest as
    :func:`client_request`): the request, then the daemon's defaults where it left a field empty."""
    unknown = sorted(set(request) - set(client_request()))
    if unknown:
        raise KeyError(f"not HostConfig fields: {', '.join(unknown)}")
    hc = {**client_request(), **request}
    if hc["NetworkMode"] in ("", "default"):
        hc["NetworkMode"] = "bridge"
    log = hc["LogConfig"]
    hc["LogConfig"] = {"Type": log.get("Type") or "json-file", "Config": log.get("Config") or {}}
    hc["ShmSize"] = hc["ShmSize"] or DEFAULT_SHM_SIZE
    hc["IpcMode"] = hc["IpcMode"] or "private"
    hc["CgroupnsMode"] = hc["CgroupnsMode"] or "private"  # a cgroup v2 host
    hc["Runtime"] = hc["Runtime"] or "runc"
    hc["KernelMemory"] = hc["KernelMemoryTCP"] = 0  # gone from API 1.42
    if hc["MemorySwappiness"] == -1:
        hc["MemorySwappiness"] = None
    if hc["PidsLimit"] is not None and hc["PidsLimit"] <= 0:
        hc["PidsLimit"] = None
    if not hc["Privileged"]:
        hc["MaskedPaths"] = list(MASKED_PATHS) if hc["MaskedPaths"] is None else hc["MaskedPaths"]
        hc["ReadonlyPaths"] = list(READONLY_PATHS) if hc["ReadonlyPaths"] is None else hc["ReadonlyPaths"]
    return {k: v for k, v in hc.items() if not (k in _OMIT_EMPTY and not v and v is not False)}


def validate(hc: Mapping[str, Any]) -> None:
    """What moby's ``validateHostConfig`` and ``verifyPlatformContainerSettings`` refuse at create
    (``InvalidParameter`` in their words), for the fields the simulator keeps. A containerd shim other than runc's
    (which the daemon takes on trust until the container starts) and a restart policy are :class:`NotSimulated`."""
    policy = hc["RestartPolicy"]
    if hc["AutoRemove"] and policy["Name"] not in ("", "no"):
        raise InvalidParameter("can't create 'AutoRemove' container with restart policy")
    _check_restart_policy(policy["Name"], policy["MaximumRetryCount"])
    normalize_capabilities(hc.get("CapAdd") or [])
    normalize_capabilities(hc.get("CapDrop") or [])
    if hc["Isolation"] not in ("", "default"):
        raise InvalidParameter(f"invalid isolation '{hc['Isolation']}' on linux")
    if "" in (hc.get("Annotations") or {}):
        raise InvalidParameter("invalid Annotations: the empty string is not permitted as an annotation key")
    runtime = hc["Runtime"]
    if runtime not in RUNTIMES:
        if "/" in runtime or not runtime.partition(".")[0] or "." not in runtime:  # isPermissibleC8dRuntimeName
            raise InvalidParameter(f"unknown or invalid runtime name: {runtime}")
        raise NotSimulated(f"the runtime '{runtime}' is not simulated: containers here run with runc.")
    if policy["Name"] not in ("", "no"):
        raise NotSimulated(f"the restart policy '{policy['Name']}' is not simulated: a container here stays "
                           "stopped once it has stopped, until it is started again.")


def _check_restart_policy(name: str, retries: int) -> None:
    """The API types' ``ValidateRestartPolicy``."""
    if name in ("no", "always", "unless-stopped"):
        if retries:
            negative = " and cannot be negative" if retries < 0 else ""
            raise InvalidParameter(f"invalid restart policy: maximum retry count can only be used with 'on-failure'"
                                   f"{negative}")
    elif name == "on-failure":
        if retries < 0:
            raise InvalidParameter("invalid restart policy: maximum retry count cannot be negative")
    elif name:
        raise InvalidParameter(f"invalid restart policy: unknown policy '{name}'; use one of 'no', 'always', "
                               "'on-failure', or 'unless-stopped'")


def normalize_capabilities(names: Iterable[str]) -> list[str]:
    """moby ``caps.NormalizeLegacyCapabilities``: upper case, ``CAP_`` in front, ``ALL`` kept; an unknown name is
    refused."""
    normalized = []
    for name in names:
        name = name.upper()
        if name != "ALL" and not name.startswith("CAP_"):
            name = "CAP_" + name
        if name != "ALL" and name not in LINUX_CAPABILITIES:
            raise InvalidParameter(f'unknown capability: "{name}"')
        normalized.append(name)
    return normalized


def capabilities(hc: Mapping[str, Any]) -> frozenset[str]:
    """The capabilities a container's root gets (moby ``caps.TweakCapabilities``): the default set, less
    ``--cap-drop``, plus ``--cap-add``; ``ALL`` on either side means every capability the kernel has."""
    if hc.get("Privileged"):
        return frozenset(LINUX_CAPABILITIES)
    add = normalize_capabilities(hc.get("CapAdd") or [])
    drop = normalize_capabilities(hc.get("CapDrop") or [])
    if not add and not drop:
        return CONTAINER_CAPABILITIES
    if "ALL" in add:
        return frozenset(c for c in LINUX_CAPABILITIES if c not in drop)
    if "ALL" in drop:
        return frozenset(add)
    return frozenset(c for c in CONTAINER_CAPABILITIES if c not in drop) | frozenset(add)
