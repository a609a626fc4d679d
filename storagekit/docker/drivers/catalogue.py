"""The graph drivers each Docker Engine release knows, in the order it tries them, and their start-up checks.

Every rule names where it was read. moby sources are ``moby/moby`` paths;
"derived" marks behaviour inferred from code or observed logs rather than read
in one place.

Priority lists (``daemon/graphdriver/driver_linux.go``, the ``priority`` value):

============  ===========================================================  ==========================================
Engine        List                                                         Source
============  ===========================================================  ==========================================
1.x to 1.12   aufs, btrfs, zfs, devicemapper, overlay, vfs                 driver_linux.go on the 1.12.x branch
1.13          aufs, btrfs, zfs, overlay2, overlay, devicemapper, vfs       PR 27932 "promote overlay(2) graphdriver"
17.08         btrfs, zfs, overlay2, aufs, overlay, devicemapper, vfs       PR 34430 (docker/docs issue 4141 names
                                                                           17.08); docker-ce 18.03 driver_linux.go
20.10         btrfs, zfs, overlay2, fuse-overlayfs, aufs, overlay,         driver_linux.go v20.10.x
              devicemapper, vfs
23.0          overlay2, fuse-overlayfs, btrfs, zfs, aufs, overlay,         PR 42661 "promote overlay2, make Btrfs and
              devicemapper, vfs                                            ZFS opt-in"
24.0          overlay2, fuse-overlayfs, btrfs, zfs, devicemapper, vfs      aufs and overlay removed (docker/cli
                                                                           docs/deprecated.md; PR 45359)
25.0          overlay2, fuse-overlayfs, btrfs, zfs, vfs                    devicemapper removed; current driver_linux.go
============  ===========================================================  ==========================================

Deprecated drivers are skipped when choosing automatically since 19.03
(PR 38019), and from 23.0 their prior state no longer starts the daemon unless
the driver is configured (PR 43378).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from storagekit.docker.drivers.host import HostSpec

Version = tuple[int, int, int]

# The daemon's error values (``daemon/graphdriver/driver.go``). All three count
# as "not supported": automatic selection moves on to the next driver.
ERR_NOT_SUPPORTED = "driver not supported"
ERR_PREREQUISITES = "prerequisites for driver not satisfied (wrong filesystem?)"
ERR_INCOMPATIBLE_FS = "backing file system is unsupported for this graph driver"
NO_BACKEND_OLD = "No supported storage backend found"
NO_BACKEND = "no supported storage driver found"
"""23.0 lower-cased the message and renamed "backend" to "driver" (PR 43378's error clean-up, derived)."""


@dataclass(frozen=True)
class Era:
    since: Version
    priority: tuple[str, ...]
    source: str


ERAS: tuple[Era, ...] = (
    Era((1, 0, 0), ("aufs", "btrfs", "zfs", "devicemapper", "overlay", "vfs"),
        "moby daemon/graphdriver/driver_linux.go, 1.12.x branch"),
    Era((1, 13, 0), ("aufs", "btrfs", "zfs", "overlay2", "overlay", "devicemapper", "vfs"),
        "moby PR 27932 (promote overlay(2) graphdriver)"),
    Era((17, 8, 0), ("btrfs", "zfs", "overlay2", "aufs", "overlay", "devicemapper", "vfs"),
        "moby PR 34430 (promote overlay2 over aufs); docker-ce 18.03 "
        "components/engine/daemon/graphdriver/driver_linux.go"),
    Era((20, 10, 0), ("btrfs", "zfs", "overlay2", "fuse-overlayfs", "aufs", "overlay", "devicemapper", "vfs"),
        "moby daemon/graphdriver/driver_linux.go v20.10"),
    Era((23, 0, 0), ("overlay2", "fuse-overlayfs", "btrfs", "zfs", "aufs", "overlay", "devicemapper", "vfs"),
        "moby PR 42661 (storage-driver: promote overlay2, make Btrfs and ZFS opt-in)"),
    Era((24, 0, 0), ("overlay2", "fuse-overlayfs", "btrfs", "zfs", "devicemapper", "vfs"),
        "docker/cli docs/deprecated.md (aufs and legacy overlay removed in 24.0)"),
    Era((25, 0, 0), ("overlay2", "fuse-overlayfs", "btrfs", "zfs", "vfs"),
        "moby daemon/graphdriver/driver_linux.go (current); devicemapper removed in 25.0"),
)

INTRODUCED: dict[str, Version] = {"overlay2": (1, 12, 0), "fuse-overlayfs": (20, 10, 0)}
REMOVED: dict[str, Version] = {"aufs": (24, 0, 0), "overlay": (24, 0, 0), "devicemapper": (25, 0, 0)}
DEPRECATED: dict[str, Version] = {"devicemapper": (18, 9, 0), "overlay": (18, 9, 0), "aufs": (19, 3, 0)}
"""docker/cli ``docs/deprecated.md``: when each driver was deprecated."""
SKIP_DEPRECATED_SINCE: Version = (19, 3, 0)
"""PR 38019 "Skip deprecated storage-drivers in auto-selection" (moby master after 18.09)."""
REFUSE_DEPRECATED_PRIOR_SINCE: Version = (23, 0, 0)
"""PR 43378 "require storage-driver to be set if the driver is deprecated"."""
MOUNT_PROBE_SINCE: Version = (20, 10, 0)
"""PR 40210: overlay support is tested by mounting, not by a list of refused filesystems."""
DTYPE_REQUIRED_SINCE: Version = (17, 12, 0)
"""docker/cli docs/deprecated.md: overlay/overlay2 on a backing fs without d_type, removed in 17.12."""


def parse_version(text: str | Version) -> Version:
    """``"20.10.24"``, ``"17.09.1-ce"``, ``"29.0"`` -> a comparable tuple."""
    if isinstance(text, tuple):
        return text
    nums = [int(n) for n in re.findall(r"\d+", text.split("-")[0])[:3]]
    if not nums:
        raise ValueError(f"not an engine version: {text!r}")
    return tuple(nums + [0] * (3 - len(nums)))  # type: ignore[return-value]


def era(version: str | Version) -> Era:
    v = parse_version(version)
    return [e for e in ERAS if e.since <= v][-1] if v >= ERAS[0].since else ERAS[0]


def priority_list(engine_version: str | Version) -> tuple[str, ...]:
    """The drivers an engine tries, best first, when nothing is configured and no state exists.

    >>> priority_list("1.12.6")
    ('aufs', 'btrfs', 'zfs', 'devicemapper', 'overlay', 'vfs')
    >>> priority_list("28.2.2")
    ('overlay2', 'fuse-overlayfs', 'btrfs', 'zfs', 'vfs')
    """
    return era(engine_version).priority


def is_built_in(name: str, version: Version) -> bool:
    """Whether the engine registers this driver (removed and not-yet-written drivers are unknown names)."""
    if name == "vfs" or name in ("btrfs", "zfs"):
        return True
    if name in REMOVED and version >= REMOVED[name]:
        return False
    if name in INTRODUCED:
        return version >= INTRODUCED[name]
    return name in ("aufs", "overlay", "devicemapper")


def is_removed(name: str, version: Version) -> bool:
    return name in REMOVED and version >= REMOVED[name]


def is_deprecated(name: str, version: Version) -> bool:
    return name in DEPRECATED and version >= DEPRECATED[name] and not is_removed(name, version)


def removed_error(name: str) -> str:
    """``checkRemoved`` in 24.0+; text as daemons print it (observed logs for aufs and overlay)."""
    return (f"[graphdriver] ERROR: the {name} storage-driver has been deprecated and removed; "
            "visit https://docs.docker.com/go/storage-driver/ for more information")


def deprecated_prior_error(name: str) -> str:
    """PR 43378 (23.0): prior state of a deprecated driver needs an explicit choice (the doubled "the" is real)."""
    return (f"prior storage driver {name} is deprecated and will be removed in a future release; update the the "
            "daemon configuration and explicitly choose this storage driver to continue using it; visit "
            "https://docs.docker.com/go/storage-driver/ for more information")


def several_error(root: str, names: list[str], version: Version) -> str:
    """Several drivers' state in the data root; 23.0 dropped the "Please" (PR 43378).

    moby joins the names in Go map order, which varies from run to run; they are sorted here.
    """
    please = "" if version >= REFUSE_DEPRECATED_PRIOR_SINCE else "Please "
    return (f"{root} contains several valid graphdrivers: {', '.join(sorted(names))}; "
            f"{please}cleanup or explicitly choose storage driver (-s <DRIVER>)")


def dtype_error(driver: str, backing_fs: str) -> str:
    """``overlayutils.ErrDTypeNotSupported``: a not-supported error, so automatic selection skips the driver."""
    msg = (f"{driver}: the backing {backing_fs} filesystem is formatted without d_type support, which leads to "
           "incorrect behavior.")
    if backing_fs == "xfs":
        msg += " Reformat the filesystem with ftype=1 to enable d_type support."
    if backing_fs == "extfs":
        msg += " Reformat the filesystem (or use tune2fs) with -O filetype flag to enable d_type support."
    return msg + " Backing filesystems without d_type support are not supported."


@dataclass(frozen=True)
class Probe:
    """The result of a driver's ``Init`` on this host: ``error`` is the daemon's text, ``why`` the plain reason."""

    error: str = ""
    why: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


OK = Probe()


def _overlay_mount(name: str, host: HostSpec, version: Version) -> Probe:
    """What an overlay mount on the data root would do (``overlayutils.SupportsOverlay`` and older checks)."""
    k = host.kernel
    if "overlay" not in k.modules:
        return Probe(ERR_NOT_SUPPORTED, "the kernel has no overlay module")
    if name != "overlay" and not k.overlay_multi_lower:
        return Probe(ERR_NOT_SUPPORTED, "overlay2 needs several lower directories per mount (kernel 4.0, or RHEL 7.3+)")
    if host.rootless and not k.at_least(5, 11):
        return Probe(ERR_NOT_SUPPORTED, "overlay mounts in a user namespace need kernel 5.11")
    fs = host.backing_fs
    if version >= MOUNT_PROBE_SINCE:
        if fs in ("overlayfs", "zfs"):
            return Probe(ERR_NOT_SUPPORTED,
                         f"an overlay mount on {fs} fails (failed to mount overlay: invalid argument)")
    else:
        refused = ("overlayfs", "zfs") if name == "overlay2" else ("overlayfs", "zfs", "btrfs")
        if fs in refused or (fs == "btrfs" and not k.at_least(4, 7)):
            return Probe(ERR_INCOMPATIBLE_FS, f"'{name}' is not supported over {fs}")
    return OK


def probe(name: str, host: HostSpec, version: str | Version) -> Probe:
    """Run driver ``name``'s start-up checks against ``host`` as engine ``version`` would.

    Sources: ``overlay2/overlay.go`` and ``overlayutils`` (mount test, d_type),
    ``btrfs/btrfs.go`` and ``zfs/zfs.go`` (``ErrPrerequisites`` unless the data
    root is on that filesystem), ``fuse-overlayfs/fuseoverlayfs.go`` (binary on
    ``$PATH``, kernel 4.18), ``aufs/aufs.go`` (module, refused backing filesystems).
    """
    v = parse_version(version)
    k, fs = host.kernel, host.backing_fs
    if name in ("overlay2", "overlay"):
        mount = _overlay_mount(name, host, v)
        if not mount.ok:
            return mount
        if not host.d_type and v >= DTYPE_REQUIRED_SINCE:
            return Probe(dtype_error(name, fs), f"{fs} formatted without d_type (ftype=0)")
        return OK
    if name == "btrfs":
        return OK if fs == "btrfs" else Probe(ERR_PREREQUISITES, f"{host.data_root} is on {fs}, not btrfs")
    if name == "zfs":
        return OK if fs == "zfs" else Probe(ERR_PREREQUISITES, f"{host.data_root} is on {fs}, not a ZFS dataset")
    if name == "aufs":
        if "aufs" not in k.modules:
            return Probe(ERR_NOT_SUPPORTED, "the kernel has no aufs module (not in mainline Linux)")
        if host.rootless:
            return Probe(ERR_NOT_SUPPORTED, "aufs cannot be mounted without root")
        if fs in ("btrfs", "overlayfs"):
            return Probe(ERR_INCOMPATIBLE_FS, f"aufs is not supported over {fs}")
        return OK
    if name == "devicemapper":
        if host.rootless:
            return Probe(ERR_NOT_SUPPORTED, "device-mapper needs root")
        if "dm_thin_pool" not in k.modules:
            return Probe(ERR_NOT_SUPPORTED, "the kernel has no dm_thin_pool module")
        return OK
    if name == "fuse-overlayfs":
        if not host.fuse_overlayfs:
            return Probe(ERR_NOT_SUPPORTED, 'exec: "fuse-overlayfs": executable file not found in $PATH')
        if "fuse" not in k.modules or not k.at_least(4, 18):
            return Probe(ERR_NOT_SUPPORTED, "fuse-overlayfs needs FUSE and kernel 4.18")
        return OK
    if name == "vfs":
        return OK
    return Probe(ERR_NOT_SUPPORTED, f"no driver named {name!r} is registered (nor a plugin)")
