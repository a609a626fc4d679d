"""What the daemon makes of a container's mounts: ``-v`` strings, ``--mount`` objects, ``--tmpfs`` entries.

Every way of asking for a mount ends as a :class:`MountPoint`, and every rule
lives in one function here, with moby's words (``daemon/volume/mounts``):

* ``parse_bind`` reads a ``HostConfig.Binds`` entry (``-v SRC:DST[:MODE]``) as
  ``ParseMountRaw`` does: at most three parts, a mode made of at most one of
  each kind of option, an absolute source is a bind and anything else a volume
  name; then the same checks as for ``--mount``, with the raw string in front.
* ``parse_mount`` checks an API ``Mount`` object (``--mount``) as
  ``validateMountConfig`` does; only here must a bind source already exist.
* ``parse_tmpfs`` reads a ``HostConfig.Tmpfs`` entry (``--tmpfs DST[:OPTS]``).

So ``-v`` and ``--mount`` differ exactly where Docker differs: ``-v`` creates a
missing bind source and knows ``nocopy``; ``--mount`` refuses a missing source
and spells it ``volume-nocopy``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field

from storagekit.docker.errors import BindSourceNotFound, InvalidMode, InvalidMount, InvalidVolumeSpec

RW_MODES = {"rw", "ro"}
LABEL_MODES = {"z", "Z"}
PROPAGATION_MODES = {"private", "rprivate", "shared", "rshared", "slave", "rslave"}
COPY_MODES = {"nocopy"}
CONSISTENCY_MODES = {"consistent", "cached", "delegated", "default"}
DEFAULT_PROPAGATION = "rprivate"


@dataclass
class MountPoint:
    """One mount of a container, as the daemon records it (moby ``volume/mounts.MountPoint``)."""

    type: str
    destination: str
    source: str = ""
    name: str = ""
    driver: str = ""
    rw: bool = True
    mode: str = ""
    propagation: str = ""
    copy_data: bool = True
    subpath: str = ""
    create_source: bool = False
    """A ``-v`` bind whose missing source the daemon creates as a directory."""
    tmpfs_options: str = ""
    tmpfs_size: int = 0
    tmpfs_mode: int = 0o1777
    spec: dict = field(default_factory=dict)
    """The API ``Mount`` object this came from (``HostConfig.Mounts``), if any."""
    anonymous: bool = False
    """Asked for without a name (``-v /path``, ``VOLUME``, ``--mount`` without ``source``): ``docker rm -v`` and
    ``--rm`` remove such volumes (moby checks the mount's source, not the volume's label)."""
    listed: bool = True
    """Whether ``docker inspect`` lists it under ``Mounts`` (a ``--tmpfs`` mount is only in ``HostConfig.Tmpfs``)."""

    @property
    def target(self) -> str:
        """Where runc mounts it inside the root: the daemon keeps a relative destination as given (``-v data`` is
        an anonymous volume at ``data``), and runc 1.2 joins it to the root with only a warning."""
        return posixpath.normpath(posixpath.join("/", self.destination))

    def inspect(self) -> dict:
        """The ``Mounts`` entry of ``docker container inspect`` (``Name`` and ``Driver`` only for volumes)."""
        doc = {"Type": self.type, "Name": self.name, "Source": self.source, "Destination": self.destination,
               "Driver": self.driver, "Mode": self.mode, "RW": self.rw, "Propagation": self.propagation}
        if self.type != "volume":
            del doc["Name"], doc["Driver"]
        return doc


def _valid_mode(mode: str) -> bool:
    if not mode:
        return True
    counts = [0] * 5
    for item in mode.split(","):
        for i, group in enumerate((RW_MODES, LABEL_MODES, PROPAGATION_MODES, COPY_MODES, CONSISTENCY_MODES)):
            if item in group:
                counts[i] += 1
                break
        else:
            return False
    return max(counts) <= 1


def _check_target(kind: str, target: str) -> None:
    if not target:
        raise InvalidMount(kind, "field Target must not be empty")
    if posixpath.normpath(target) == "/":
        raise InvalidMount(kind, "invalid specification: destination can't be '/'")
    if not target.startswith("/"):
        raise InvalidMount(kind, f"invalid mount path: '{target}' mount path must be absolute")


def parse_mount(spec: dict, *, exists: Callable[[str], bool] | None = None) -> MountPoint:
    """Check an API ``Mount`` (``--mount``); ``exists`` tells whether a bind source is there (None: not checked)."""
    kind = spec.get("Type", "")
    target = spec.get("Target", "")
    source = spec.get("Source", "")
    volume_opts, bind_opts, tmpfs_opts = spec.get("VolumeOptions"), spec.get("BindOptions"), spec.get("TmpfsOptions")
    if kind not in ("bind", "volume", "tmpfs"):
        raise InvalidMount(kind, "mount type unknown")
    _check_target(kind, target)
    for present, name, allowed in ((volume_opts, "VolumeOptions", "volume"), (bind_opts, "BindOptions", "bind"),
                                   (tmpfs_opts, "TmpfsOptions", "tmpfs")):
        if present is not None and kind != allowed:
            raise InvalidMount(kind, f"field {name} must not be specified")
    mp = MountPoint(type=kind, destination=posixpath.normpath(target), rw=not spec.get("ReadOnly"), spec=spec)
    if kind == "bind":
        if not source:
            raise InvalidMount(kind, "field Source must not be empty")
        propagation = (bind_opts or {}).get("Propagation", "")
        if propagation and propagation not in PROPAGATION_MODES:
            raise InvalidMount(kind, f"invalid propagation mode: {propagation}")
        if not source.startswith("/"):
            raise InvalidMount(kind, f"invalid mount path: '{source}' mount path must be absolute")
        create = bool((bind_opts or {}).get("CreateMountpoint"))
        if exists is not None and not create and not exists(source):
            raise BindSourceNotFound(source)
        mp.source, mp.create_source = posixpath.normpath(source), create
        mp.propagation = propagation or DEFAULT_PROPAGATION
    elif kind == "volume":
        subpath = (volume_opts or {}).get("Subpath", "")
        if subpath:
            if not source:
                raise InvalidMount(kind, "must not set Subpath when using anonymous volumes")
            if subpath.startswith("/") or ".." in subpath.split("/"):
                raise InvalidMount(kind, "subpath must be a relative path within the volume")
        mp.name, mp.subpath, mp.anonymous = source, subpath, not source
        mp.driver = ((volume_opts or {}).get("DriverConfig") or {}).get("Name") or "local"
        mp.copy_data = not (volume_opts or {}).get("NoCopy", False)
    else:
        if source:
            raise InvalidMount(kind, "field Source must not be specified")
        size = (tmpfs_opts or {}).get("SizeBytes", 0)
        mode = (tmpfs_opts or {}).get("Mode", 0)
        mp.tmpfs_size, mp.tmpfs_mode = size, mode or 0o1777
        mp.tmpfs_options = ",".join(o for o in (f"size={tmpfs_size_option(size)}" if size else "",
                                                f"mode={mode:o}" if mode else "",
                                                "ro" if spec.get("ReadOnly") else "") if o)
    return mp


def tmpfs_size_option(size: int) -> str:
    """The daemon writes tmpfs sizes in the largest whole binary unit (``1m``, ``64k``)."""
    for unit, factor in (("g", 1 << 30), ("m", 1 << 20), ("k", 1 << 10)):
        if size % factor == 0:
            return f"{size // factor}{unit}"
    return str(size)


def parse_bind(raw: str, volume_driver: str = "") -> MountPoint:
    """A ``HostConfig.Binds`` entry (``-v``), as moby's ``ParseMountRaw`` reads it."""
    parts = raw.split(":", 3)
    if not parts[0] or len(parts) == 4:
        raise InvalidVolumeSpec(raw)
    mode = ""
    if len(parts) == 1:
        source, target = "", parts[0]
    elif len(parts) == 2:
        if _valid_mode(parts[1]):
            raise InvalidVolumeSpec(raw)  # a mode with no destination, such as /foo:rw
        source, target = parts
    else:
        source, target, mode = parts
    if not _valid_mode(mode):
        raise InvalidMode(mode)
    items = mode.split(",") if mode else []
    spec: dict = {"Type": "bind" if source.startswith("/") else "volume", "Source": source, "Target": target,
                  "ReadOnly": "ro" in items}
    if spec["Type"] == "volume" and volume_driver:
        spec.setdefault("VolumeOptions", {})["DriverConfig"] = {"Name": volume_driver}
    if "nocopy" in items:
        spec.setdefault("VolumeOptions", {})["NoCopy"] = True
    propagation = next((i for i in items if i in PROPAGATION_MODES), "")
    if propagation:
        spec["BindOptions"] = {"Propagation": propagation}
    try:
        mp = parse_mount(spec)
    except InvalidMount as exc:
        raise InvalidVolumeSpec(raw, exc.message) from None
    mp.mode, mp.spec = mode, {}
    mp.create_source = mp.type == "bind"
    return mp


def parse_tmpfs(target: str, options: str) -> MountPoint:
    """A ``HostConfig.Tmpfs`` entry (``--tmpfs DST[:OPTS]``); options are ``mount -t tmpfs -o`` ones, which the
    daemon hands to the kernel as they are."""
    _check_target("tmpfs", target)
    size, mode = 0, 0o1777
    for item in [o for o in options.split(",") if o]:
        key, _, value = item.partition("=")
        if key == "size":
            size = _tmpfs_size(value)
        elif key == "mode" and value and not value.strip("01234567"):
            mode = int(value, 8)
    mp = MountPoint(type="tmpfs", destination=posixpath.normpath(target), rw="ro" not in options.split(","),
                    listed=False)
    mp.tmpfs_options, mp.tmpfs_size, mp.tmpfs_mode = options, size, mode
    return mp


def _tmpfs_size(value: str) -> int:
    """``size=`` as the kernel reads it: bytes, or ``k``/``m``/``g`` (``%`` of RAM is taken as unlimited here)."""
    units = {"k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
    if value and value[-1].lower() in units and value[:-1].isdigit():
        return int(value[:-1]) * units[value[-1].lower()]
    return int(value) if value.isdigit() else 0
