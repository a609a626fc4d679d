"""``docker info`` / ``docker system info``: the client and server summary as docker/cli 28 prints it.

Layout follows ``cli/command/system/info.go`` (``prettyPrintInfo``): a Client
section (version, context, CLI plugins), then the Server section built from the
Engine API's ``/info`` answer. ``--format`` runs a Go template over the same
data, with the API's field names (``Driver``, ``DriverStatus``,
``DockerRootDir``, ...) at the top level and the client's under ``ClientInfo``;
``--format json`` is ``{{json .}}``.

The storage lines come from the engine: ``Storage Driver`` is the graph
driver, or the containerd snapshotter (then ``driver-type:
io.containerd.snapshotter.v1`` is its only status line). Everything about the
machine itself is fixed, so the output is the same on every run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from storagekit.commands.docker.cli import GIT_COMMIT, VERSION, DaemonUnreachable, StatusError
from storagekit.commands.formats.gotemplate import Template, TemplateError
from storagekit.docker.drivers import HostSpec, driver_status, is_snapshotter, parse_version
from storagekit.docker.drivers.host import DATA_ROOT
from storagekit.sim.units import bytes_size

PLATFORM = "Docker Engine - Community"
CLI_PLUGINS = (
    ("buildx", "Docker Buildx", "v0.24.0", "/usr/libexec/docker/cli-plugins/docker-buildx"),
    ("compose", "Docker Compose", "v2.36.2", "/usr/libexec/docker/cli-plugins/docker-compose"),
)
"""The plugins the docker-ce packages install next to a 28.2 client."""
MEM_TOTAL = 25_201_000_000
"""Prints as ``23.47GiB`` (go-units ``BytesSize``: binary units, four significant digits)."""
NCPU = 2
CONTAINERD_COMMIT = "05044ec0a9a75232cad458027ca83437aae3f4da"
RUNC_COMMIT = "v1.2.5-0-g59923ef"
INIT_COMMIT = "de40ad0"
GO_VERSION = "go1.24.3"
BUILD_TIME = "Fri May 30 12:07:26 2025"
NETWORK_PLUGINS = ["bridge", "host", "ipvlan", "macvlan", "null", "overlay"]
LOG_PLUGINS = ["awslogs", "fluentd", "gcplogs", "gelf", "journald", "json-file", "local", "splunk", "syslog"]
SECURITY_OPTIONS = ["name=apparmor", "name=seccomp,profile=builtin", "name=cgroupns"]
INSECURE_CIDRS = ["::1/128", "127.0.0.0/8"]
DEPRECATED_DRIVERS = ("aufs", "devicemapper", "overlay")
"""moby ``daemon/info.go`` ``fillDriverInfo``: drivers that earn a warning below the output."""

_TYPES: dict[str, type] = {}


class GoStruct:
    """A Go struct as templates and ``json`` see it: fields in declaration order, no methods."""

    __go_type__ = "struct {}"

    def __init__(self, **fields) -> None:
        self.__dict__.update(fields)

    if TYPE_CHECKING:  # its fields are whatever it was made with
        def __getattr__(self, name: str) -> Any: ...


def struct(go_type: str, **fields) -> GoStruct:
    cls = _TYPES.get(go_type)
    if cls is None:
        cls = _TYPES[go_type] = type(go_type.rsplit(".", 1)[-1], (GoStruct,), {"__go_type__": go_type})
    return cls(**fields)


def _engine_id(host) -> str:
    """The daemon's ID is the UUID kept in ``/var/lib/docker/engine-id``."""
    try:
        raw = host.fs.read(f"{DATA_ROOT}/engine-id").decode().strip()
    except (OSError, AttributeError):
        raw = host.ids.hex("engine-id", 32)
    h = raw.replace("-", "").ljust(32, "0")[:32]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _containers(engine) -> tuple[int, int, int, int]:
    """Total, running, paused, stopped: read defensively so this works with or without a container store."""
    store = getattr(engine, "containers", None) or {}
    items = getattr(store, "containers", store)
    values = list(items.values()) if hasattr(items, "values") else list(items)
    states = [getattr(c, "state", "created") for c in values]
    paused = sum(s == "paused" for s in states)
    running = sum(s in ("running", "restarting") for s in states)
    return len(states), running, paused, len(states) - running - paused


def server_info(host) -> dict:
    """The Engine API's ``/info`` fields (moby ``api/types/system.Info``), in the API's order."""
    engine = host.engine
    info = engine.info
    spec = HostSpec()
    driver = info.storage_driver
    image_store = getattr(info, "image_store", "containerd" if is_snapshotter(driver) else "graphdriver")
    total, running, paused, stopped = _containers(engine)
    status = driver_status(driver, info.backing_filesystem, image_store=image_store,
                           d_type=getattr(info, "d_type", True), rootless=getattr(info, "rootless", False),
                           zfs_used=_zfs_used(host) if driver == "zfs" else 0)
    runtimes = {"io.containerd.runc.v2": struct("system.RuntimeWithStatus", path="runc"),
                "runc": struct("system.RuntimeWithStatus", path="runc")}
    return {
        "ID": _engine_id(host), "Containers": total, "ContainersRunning": running, "ContainersPaused": paused,
        "ContainersStopped": stopped, "Images": len(engine.images.images), "Driver": driver, "DriverStatus": status,
        "Plugins": struct("system.PluginsInfo", Volume=["local"], Network=list(NETWORK_PLUGINS), Authorization=None,
                          Log=list(LOG_PLUGINS)),
        "MemoryLimit": True, "SwapLimit": True, "CpuCfsPeriod": True, "CpuCfsQuota": True, "CPUShares": True,
        "CPUSet": True, "PidsLimit": True, "IPv4Forwarding": True, "Debug": False, "NFd": 27,
        "OomKillDisable": False, "NGoroutines": 45, "SystemTime": host.clock.isoformat(nanos=True),
        "LoggingDriver": "json-file", "CgroupDriver": "systemd", "CgroupVersion": "2", "NEventsListener": 0,
        "KernelVersion": getattr(info, "kernel_version", spec.kernel.release), "OperatingSystem": spec.os_name,
        "OSVersion": "12", "OSType": "linux", "Architecture": "x86_64",
        "IndexServerAddress": "https://index.docker.io/v1/",
        "RegistryConfig": struct("registry.ServiceConfig", InsecureRegistryCIDRs=list(INSECURE_CIDRS),
                                 IndexConfigs={"docker.io": struct("registry.IndexInfo", Name="docker.io", Mirrors=[],
                                                                   Secure=True, Official=True)},
                                 Mirrors=None),
        "NCPU": NCPU, "MemTotal": MEM_TOTAL, "GenericResources": None, "DockerRootDir": spec.data_root,
        "HttpProxy": "", "HttpsProxy": "", "NoProxy": "", "Name": "docker-host", "Labels": [],
        "ExperimentalBuild": False, "ServerVersion": info.version, "Runtimes": runtimes, "DefaultRuntime": "runc",
        "Swarm": struct("swarm.Info", NodeID="", NodeAddr="", LocalNodeState="inactive", ControlAvailable=False,
                        Error="", RemoteManagers=None),
        "LiveRestoreEnabled": False, "Isolation": "", "InitBinary": "docker-init",
        "ContainerdCommit": struct("system.Commit", ID=CONTAINERD_COMMIT),
        "RuncCommit": struct("system.Commit", ID=RUNC_COMMIT),
        "InitCommit": struct("system.Commit", ID=INIT_COMMIT),
        "SecurityOptions": list(SECURITY_OPTIONS), "CDISpecDirs": ["/etc/cdi", "/var/run/cdi"],
        "Warnings": _warnings(driver, info.version),
    }


def _zfs_used(host) -> int:
    """``Space Used By Parent``: what the pool under the data root holds, as ``df`` counts it."""
    mounts = host.host_mounts()
    pool = next((t for t, disk in mounts.disks.items() if disk.counted and mounts.owner(t).fstype == "zfs"), None)
    return mounts.used_bytes(pool) if pool is not None else 0


def _warnings(driver: str, version: str) -> list[str] | None:
    if driver not in DEPRECATED_DRIVERS:
        return None
    if parse_version(version) >= (23, 0, 0):
        return [f"\nWARNING: The {driver} storage-driver is deprecated, and will be removed in a future release.\n"
                "         Refer to the documentation for more information: https://docs.docker.com/go/storage-driver/"]
    return [f"WARNING: the {driver} storage-driver is deprecated, and will be removed in a future release."]


def client_info(debug: bool) -> GoStruct:
    plugins = [struct("manager.Plugin", SchemaVersion="0.1.0", Vendor="Docker Inc.", Version=version,
                      ShortDescription=short, Name=name, Path=path) for name, short, version, path in CLI_PLUGINS]
    return struct("system.clientInfo", Debug=debug, Platform=struct("system.platformInfo", Name=PLATFORM),
                  Version=VERSION, ApiVersion="1.50", DefaultAPIVersion="1.50", GitCommit=GIT_COMMIT,
                  GoVersion=GO_VERSION, Os="linux", Arch="amd64", BuildTime=BUILD_TIME, Context="default",
                  Plugins=plugins, Warnings=None)


def docker_info(host, debug: bool = False) -> GoStruct:
    """What ``--format`` templates see: ``/info`` fields at the top, the client under ``ClientInfo``."""
    return struct("system.dockerInfo", **server_info(host), ClientInfo=client_info(debug))


def _client_lines(c: GoStruct) -> list[str]:
    """The client's half of ``prettyPrintInfo``, printed before the daemon is asked."""
    out = [f"Client: {c.Platform.Name}", f" Version:    {c.Version}", f" Context:    {c.Context}",
           f" Debug Mode: {str(c.Debug).lower()}", " Plugins:"]
    for p in c.Plugins:
        out += [f"  {p.Name}: {p.ShortDescription} ({p.Vendor})", f"    Version:  {p.Version}",
                f"    Path:     {p.Path}"]
    return out + ["", "Server:"]


def pretty(data: GoStruct) -> str:
    """``prettyPrintInfo``: ``fmt.Fprintln`` puts one space between a label and its value."""
    s = data
    out = _client_lines(data.ClientInfo) + [f" Containers: {s.Containers}", f"  Running: {s.ContainersRunning}",
            f"  Paused: {s.ContainersPaused}", f"  Stopped: {s.ContainersStopped}", f" Images: {s.Images}",
            f" Server Version: {s.ServerVersion}", f" Storage Driver: {s.Driver}"]
    out += [f"  {k}: {v}" for k, v in s.DriverStatus]
    out += [f" Logging Driver: {s.LoggingDriver}", f" Cgroup Driver: {s.CgroupDriver}",
            f" Cgroup Version: {s.CgroupVersion}", " Plugins:", f"  Volume: {' '.join(s.Plugins.Volume)}",
            f"  Network: {' '.join(s.Plugins.Network)}", f"  Log: {' '.join(s.Plugins.Log)}", " CDI spec directories:"]
    out += [f"  {d}" for d in s.CDISpecDirs]
    out += [f" Swarm: {s.Swarm.LocalNodeState}", f" Runtimes: {' '.join(s.Runtimes)}",
            f" Default Runtime: {s.DefaultRuntime}", f" Init Binary: {s.InitBinary}",
            f" containerd version: {s.ContainerdCommit.ID}", f" runc version: {s.RuncCommit.ID}",
            f" init version: {s.InitCommit.ID}", " Security Options:"]
    for opt in s.SecurityOptions:
        fields = dict(kv.split("=", 1) for kv in opt.split(","))
        out.append(f"  {fields['name']}")
        if "profile" in fields:
            out.append(f"   Profile: {fields['profile']}")
    out += [f" Kernel Version: {s.KernelVersion}", f" Operating System: {s.OperatingSystem}", f" OSType: {s.OSType}",
            f" Architecture: {s.Architecture}", f" CPUs: {s.NCPU}", f" Total Memory: {bytes_size(s.MemTotal)}",
            f" Name: {s.Name}", f" ID: {s.ID}", f" Docker Root Dir: {s.DockerRootDir}",
            f" Debug Mode: {str(s.Debug).lower()}"]
    if data.ClientInfo.Debug:
        out += [f"  File Descriptors: {s.NFd}", f"  Goroutines: {s.NGoroutines}", f"  System Time: {s.SystemTime}",
                f"  EventsListeners: {s.NEventsListener}"]
    out += [f" Experimental: {str(s.ExperimentalBuild).lower()}", " Insecure Registries:"]
    out += [f"  {cidr}" for cidr in s.RegistryConfig.InsecureRegistryCIDRs]
    out += [f" Live Restore Enabled: {str(s.LiveRestoreEnabled).lower()}", "", ""]
    return "\n".join(out)


def system_info(call) -> int:
    """With no daemon the client still shows its own half, then the error under ``Server:``."""
    fmt = call.opts.get("format") or ""
    debug = bool(call.global_opts.get("debug"))
    try:
        data = docker_info(call.backend, debug=debug)
    except DaemonUnreachable:
        if not fmt:
            call.out("\n".join(_client_lines(client_info(debug))) + "\n")
        raise
    if not fmt:
        call.out(pretty(data))
        for warning in data.Warnings or []:
            call.err(warning + "\n")
        return 0
    if fmt == "json":
        fmt = "{{json .}}"
    try:
        template = Template(fmt)
    except TemplateError as exc:
        call.err(f"{exc}\n")
        return 64
    try:
        call.out(template.execute(data) + "\n")
    except TemplateError as exc:
        call.out(exc.partial + "\n")
        raise StatusError(exc.go_error) from None
    return 0
