"""The Engine API's Go types that ``docker inspect`` documents are made of, as moby's ``api/types`` declares them.

One line a struct: its JSON field names in declaration order (embedded
structs flattened, as encoding/json does). ``?`` marks ``omitempty``; ``*``
a pointer, which only ``nil`` empties (a pointer to 0 or false is written);
``:T`` a field of struct type T, ``:[]T`` a list of them. :func:`struct`
shapes a document by these lines, so ``docker inspect`` and ``{{json}}`` write
what the daemon writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from storagekit.sim.gostruct import GoStruct

GO_TYPES = """
ContainerInspect: Id Created Path Args State*:State Image ResolvConfPath HostnamePath HostsPath LogPath Name
    RestartCount Driver Platform MountLabel ProcessLabel AppArmorProfile ExecIDs HostConfig*:HostConfig
    GraphDriver:DriverData SizeRw?* SizeRootFs?* Mounts:[]MountPoint Config*:Config NetworkSettings*
    ImageManifestDescriptor?*
State: Status Running Paused Restarting OOMKilled Dead Pid ExitCode Error StartedAt FinishedAt Health?*
MountPoint: Type? Name? Source Destination Driver? Mode RW Propagation
HostConfig: Binds ContainerIDFile LogConfig:LogConfig NetworkMode PortBindings RestartPolicy:RestartPolicy AutoRemove
    VolumeDriver VolumesFrom ConsoleSize Annotations? CapAdd CapDrop CgroupnsMode Dns DnsOptions DnsSearch
    ExtraHosts GroupAdd IpcMode Cgroup Links OomScoreAdj PidMode Privileged PublishAllPorts ReadonlyRootfs
    SecurityOpt StorageOpt? Tmpfs? UTSMode UsernsMode ShmSize Sysctls? Runtime? Isolation
    CpuShares Memory NanoCpus CgroupParent BlkioWeight BlkioWeightDevice BlkioDeviceReadBps BlkioDeviceWriteBps
    BlkioDeviceReadIOps BlkioDeviceWriteIOps CpuPeriod CpuQuota CpuRealtimePeriod CpuRealtimeRuntime CpusetCpus
    CpusetMems Devices DeviceCgroupRules DeviceRequests KernelMemory? KernelMemoryTCP? MemoryReservation
    MemorySwap MemorySwappiness* OomKillDisable* PidsLimit* Ulimits CpuCount CpuPercent IOMaximumIOps
    IOMaximumBandwidth
    Mounts?:[]Mount MaskedPaths ReadonlyPaths Init?*
LogConfig: Type Config
RestartPolicy: Name MaximumRetryCount
Mount: Type? Source? Target? ReadOnly? Consistency? BindOptions?*:BindOptions VolumeOptions?*:VolumeOptions
    ImageOptions?*:ImageOptions TmpfsOptions?*:TmpfsOptions ClusterOptions?*
BindOptions: Propagation? NonRecursive? CreateMountpoint? ReadOnlyNonRecursive? ReadOnlyForceRecursive?
VolumeOptions: NoCopy? Labels? Subpath? DriverConfig?*:Driver
Driver: Name? Options?
ImageOptions: Subpath?
TmpfsOptions: SizeBytes? Mode? Options?
DriverData: Data Name
Config: Hostname Domainname User AttachStdin AttachStdout AttachStderr ExposedPorts? Tty OpenStdin StdinOnce Env
    Cmd Healthcheck?* ArgsEscaped? Image Volumes WorkingDir Entrypoint NetworkDisabled? MacAddress? OnBuild Labels
    StopSignal? StopTimeout?* Shell?
ImageInspect: Id RepoTags RepoDigests Parent Comment Created? Container? ContainerConfig?* DockerVersion Author
    Config* Architecture Variant? Os OsVersion? Size VirtualSize? GraphDriver:DriverData RootFS:RootFS
    Metadata:ImageMetadata Descriptor?* Manifests?
RootFS: Type? Layers?
ImageMetadata: LastTagTime
Volume: ClusterVolume?* CreatedAt? Driver Labels Mountpoint Name Options Scope Status? UsageData?*:UsageData
UsageData: RefCount Size
"""


class Field:
    def __init__(self, spec: str) -> None:
        name, _, kind = spec.partition(":")
        self.omitempty = "?" in name
        self.pointer = "*" in name
        self.name = name.rstrip("?*")
        self.many = kind.startswith("[]")
        self.kind = kind.removeprefix("[]")

    def empty(self, value: Any) -> bool:
        """encoding/json's ``isEmptyValue``: a pointer only when nil; otherwise false, 0, "" or an empty list/map."""
        if value is None:
            return True
        if self.pointer:
            return False
        return value is False or (isinstance(value, (int, float)) and value == 0) or \
            (isinstance(value, (str, list, tuple, Mapping)) and not value)


def _parse(text: str) -> dict[str, list[Field]]:
    types: dict[str, list[Field]] = {}
    for block in text.strip().replace("\n    ", " ").splitlines():
        name, _, fields = block.partition(":")
        types[name] = [Field(spec) for spec in fields.split()]
    return types


TYPES = _parse(GO_TYPES)


def omitempty(type_name: str) -> tuple[str, ...]:
    """The fields of ``type_name`` tagged ``omitempty``."""
    return tuple(f.name for f in TYPES[type_name] if f.omitempty)


def struct(type_name: str, doc: Mapping[str, Any]) -> GoStruct:
    """``doc`` as a value of the Go type: fields in declaration order, empty ``omitempty`` ones left out, nested
    structs shaped too. A key the type does not declare is a fault of the caller (KeyError)."""
    fields = TYPES[type_name]
    unknown = set(doc) - {f.name for f in fields}
    if unknown:
        raise KeyError(f"{type_name} has no field {', '.join(sorted(unknown))}")
    out = GoStruct()
    for f in fields:
        if f.name not in doc:
            continue
        value = doc[f.name]
        if f.omitempty and f.empty(value):
            continue
        if f.kind and value is not None:
            value = [struct(f.kind, v) for v in value] if f.many else struct(f.kind, value)
        out[f.name] = value
    return out
