"""What the docker client does with ``-v`` before it asks the daemon: check the spec, sort it, fix relative paths.

docker/cli's ``volumespec`` parser refuses an empty spec, an empty section
between colons and more than three sections; a value with a source goes into
``HostConfig.Binds`` (a ``.``-prefixed relative source made absolute first, as
CLI 28.2 does), one without into ``Config.Volumes`` as an anonymous volume. The
daemon then applies its own rules (:mod:`storagekit.docker.volumes.spec`).

:func:`mount_forms` writes one mount both ways, ``-v`` and ``--mount``.
"""

from __future__ import annotations

from dataclasses import dataclass

from storagekit.docker.volumes.spec import tmpfs_size_option
from storagekit.fs import paths


def parse(value: str) -> tuple[str, str]:
    """``(source, target)`` as the client reads a ``-v`` value (docker/cli ``loader.ParseVolume``); ValueError in
    its words.

    A letter followed by a colon is read as a Windows drive wherever it starts a
    section, so ``C:\\x:/y`` has the source ``C:\\x``; what comes after the target
    is options, which the client leaves to the daemon.
    """
    if not value:
        raise ValueError("invalid empty volume spec")
    if len(value) <= 2:
        return "", value  # always an anonymous volume's target (".", "/a")
    fields: list[str] = []
    buffer = ""
    for char in [*value, ""]:
        if char == ":" and len(buffer) == 1 and buffer.isalpha():
            buffer += char
        elif char in (":", ""):
            if not buffer:
                raise ValueError(f"invalid spec: {value}: empty section between colons")
            if len(fields) == 2 and char == ":":
                raise ValueError(f"invalid spec: {value}: too many colons")
            fields.append(buffer)
            buffer = ""
        else:
            buffer += char
    return (fields[0], fields[1]) if len(fields) > 1 else ("", fields[0])


def _is_file_path(source: str) -> bool:
    """docker/cli's ``isFilePath``: a bind's source, rather than a volume's name."""
    if source[0] in "./~":
        return True
    if len(source) == 1:
        return False
    return source.startswith("\\\\") or (source[0].isalpha() and source[1] == ":")


def absolute(source: str, cwd: str) -> str:
    """The client makes a ``.``-prefixed relative host path absolute (``filepath.Abs``), for ``-v`` since docker/cli
    23 and for ``--mount``'s ``source`` too; any other relative text is left to the daemon (a volume's name)."""
    if source.startswith(".") and not source.startswith("/"):
        return paths.normalize(paths.join(cwd, source))
    return source


def mounts(values: list[dict], cwd: str) -> list[dict]:
    """The ``--mount`` objects as the client sends them, each ``.``-prefixed ``Source`` made absolute."""
    return [{**m, "Source": absolute(m["Source"], cwd)} if m.get("Source") else m for m in values]


def route(values: list[str], cwd: str) -> tuple[list[str], list[str]]:
    """``(Binds, anonymous targets)`` for the ``-v`` values, in the order given: a value with a source goes to
    the daemon as typed, except that a bind's ``.``-prefixed relative host part becomes absolute."""
    binds, anonymous = [], []
    for value in values:
        source, _target = parse(value)
        if not source:
            anonymous.append(value)
            continue
        host_part, _, rest = value.partition(":")
        if _is_file_path(source):
            host_part = absolute(host_part, cwd)
        binds.append(f"{host_part}:{rest}")
    return binds, anonymous


@dataclass(frozen=True)
class MountForms:
    """One mount written both ways: the short flag (``-v``, or ``--tmpfs`` for memory), and ``--mount``."""

    short: str | None
    """``-v data:/app:ro`` or ``--tmpfs /run:size=64m``; None where the short flag cannot say it."""
    long: str
    """``--mount type=volume,source=data,target=/app,readonly``."""
    notes: tuple[str, ...]
    """Where the two forms do not do the same thing."""


def mount_forms(mount: dict) -> MountForms:
    """The same Engine API ``Mount`` (what ``--mount`` parses into) as a short flag and as ``--mount``.

    The forms agree on what the daemon mounts; ``notes`` says where they part:
    ``-v`` creates a missing bind source and ``--mount`` refuses it, a
    ``--tmpfs`` mount is left out of ``docker inspect``'s ``Mounts``, and some
    options exist only in ``--mount``.
    """
    kind, source, target = mount.get("Type", "volume"), mount.get("Source", ""), mount.get("Target", "")
    readonly = bool(mount.get("ReadOnly"))
    volume, bind, tmpfs = (mount.get(k) or {} for k in ("VolumeOptions", "BindOptions", "TmpfsOptions"))
    fields = [f"type={kind}", *([f"source={source}"] if source else []), f"target={target}"]
    fields += ["readonly"] if readonly else []
    modes = ["ro"] if readonly else []
    notes: list[str] = []
    short_ok = True
    if kind == "volume":
        if volume.get("NoCopy"):
            fields.append("volume-nocopy")
            modes.append("nocopy")
        extra = [k for k in ("Subpath", "Labels", "DriverConfig") if volume.get(k)]
        fields += _volume_extras(volume)
        if extra:
            short_ok = False
            notes.append("-v has no way to give " + ", ".join(_LONG_NAMES[k] for k in extra) + "; only --mount does")
        if source.startswith("/"):
            short_ok = False
            notes.append(f"-v reads a source that starts with / as a bind mount, so {source} cannot name a volume")
        if not source and modes:
            short_ok = False
            notes.append("-v takes options only after a source, so an anonymous volume cannot be read-only "
                         "or nocopy with -v")
    elif kind == "bind":
        propagation = bind.get("Propagation", "")
        if propagation:
            fields.append(f"bind-propagation={propagation}")
            modes.append(propagation)
        if any(bind.get(k) for k in ("NonRecursive", "ReadOnlyNonRecursive", "ReadOnlyForceRecursive",
                                      "CreateMountpoint")):
            short_ok = False
            notes.append("-v has no way to set the bind-recursive options; only --mount does")
        notes.append(f"-v creates a missing {source or 'source'} on the host as an empty directory; --mount refuses "
                     f"it: bind source path does not exist: {source or 'SOURCE'}")
    short: str | None
    if kind == "tmpfs":
        size = f"size={tmpfs_size_option(tmpfs['SizeBytes'])}" if tmpfs.get("SizeBytes") else ""
        options = ",".join(o for o in (size, f"mode={tmpfs['Mode']:o}" if tmpfs.get("Mode") else "",
                                       "ro" if readonly else "") if o)
        fields += [f"tmpfs-size={tmpfs_size_option(tmpfs['SizeBytes'])}"] if tmpfs.get("SizeBytes") else []
        fields += [f"tmpfs-mode={tmpfs['Mode']:o}"] if tmpfs.get("Mode") else []
        notes.append("-v cannot make a tmpfs; --tmpfs can, but docker inspect lists only --mount's tmpfs under Mounts")
        short = f"--tmpfs {target}" + (f":{options}" if options else "")
    else:
        spec = f"{source}:{target}" if source else target
        short = f"-v {spec}" + (":" + ",".join(modes) if modes else "") if short_ok else None
    return MountForms(short, "--mount " + ",".join(_csv_field(f) for f in fields), tuple(notes))


_LONG_NAMES = {"Subpath": "volume-subpath", "Labels": "volume-label", "DriverConfig": "volume-driver/volume-opt"}


def _volume_extras(volume: dict) -> list[str]:
    fields = [f"volume-subpath={volume['Subpath']}"] if volume.get("Subpath") else []
    fields += [f"volume-label={k}={v}" for k, v in sorted((volume.get("Labels") or {}).items())]
    driver = volume.get("DriverConfig") or {}
    fields += [f"volume-driver={driver['Name']}"] if driver.get("Name") else []
    fields += [f"volume-opt={k}={v}" for k, v in sorted((driver.get("Options") or {}).items())]
    return fields


def _csv_field(text: str) -> str:
    """One ``--mount`` field as Go's CSV reader needs it: quoted when it holds a comma or a quote."""
    if "," in text or '"' in text:
        return '"' + text.replace('"', '""') + '"'
    return text
