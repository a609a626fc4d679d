"""Values docker checks while parsing flags (docker/cli's ``opts`` package): mounts, env, labels, hosts, ulimits.

The real client rejects ``--mount type=bind,src=/a`` or ``-e =x`` before it talks
to the daemon, with these exact words; a course about volumes and bind mounts
needs the same answers, and handlers get mounts already structured.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from storagekit.commands.cli.values import go_csv, parse_int
from storagekit.sim.strconv import parse_bool
from storagekit.sim.units import ram_in_bytes

WHITESPACE = " \t"
ULIMITS = ("core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss",
           "rtprio", "rttime", "sigpending", "stack")
_RECURSIVE = {"enabled": None, "disabled": "NonRecursive", "writable": "ReadOnlyNonRecursive",
              "readonly": "ReadOnlyForceRecursive"}


def parse_mount(value: str, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """``--mount`` (``MountOpt.Set``) into the Engine API's ``Mount`` object; a relative ``source`` is made
    absolute later, where the client's working directory is known (:func:`volumespec.mounts`)."""
    mount: dict[str, Any] = {"Type": "volume", "Source": "", "Target": "", "ReadOnly": False}

    def options(kind: str) -> dict[str, Any]:
        return mount.setdefault(f"{kind}Options", {})

    for item in go_csv(value):
        key, eq, val = item.partition("=")
        key = key.lower()  # docker/cli 28 reads the keys case-insensitively
        if not eq:
            if key in ("readonly", "ro"):
                mount["ReadOnly"] = True
            elif key == "volume-nocopy":
                options("Volume")["NoCopy"] = True
            elif key == "bind-nonrecursive":
                options("Bind")["NonRecursive"] = True
            else:
                raise ValueError(f"invalid field '{item}' must be a key=value pair")
            continue
        if key == "type":
            mount["Type"] = val.lower()
        elif key in ("source", "src"):
            mount["Source"] = val
        elif key in ("target", "dst", "destination"):
            mount["Target"] = val
        elif key in ("readonly", "ro", "bind-nonrecursive", "volume-nocopy"):
            try:
                flag = parse_bool(val)
            except ValueError:
                raise ValueError(f"invalid value for {key}: {val}") from None
            if key in ("readonly", "ro"):
                mount["ReadOnly"] = flag
            elif key == "bind-nonrecursive":
                options("Bind")["NonRecursive"] = flag
            else:
                options("Volume")["NoCopy"] = flag
        elif key == "consistency":
            mount["Consistency"] = val.lower()
        elif key == "bind-propagation":
            options("Bind")["Propagation"] = val.lower()
        elif key == "bind-recursive":
            if val not in _RECURSIVE:
                raise ValueError(f'invalid value for {key}: {val} (must be "enabled", "disabled", "writable",'
                                 ' or "readonly")')
            bind = options("Bind")
            recursive_field = _RECURSIVE[val]
            if recursive_field is not None:
                bind[recursive_field] = True
        elif key == "volume-subpath":
            options("Volume")["Subpath"] = val
        elif key in ("volume-label", "volume-opt"):
            name, _, setting = val.partition("=")
            volume = options("Volume")
            target = volume.setdefault("Labels", {}) if key == "volume-label" else \
                volume.setdefault("DriverConfig", {}).setdefault("Options", {})
            if name:
                target[name] = setting
        elif key == "volume-driver":
            options("Volume").setdefault("DriverConfig", {})["Name"] = val
        elif key == "image-subpath":
            options("Image")["Subpath"] = val
        elif key == "tmpfs-size":
            try:
                options("Tmpfs")["SizeBytes"] = ram_in_bytes(val)
            except ValueError:
                raise ValueError(f"invalid value for {key}: {val}") from None
        elif key == "tmpfs-mode":
            if not val or val.strip("01234567") or int(val, 8) >= 1 << 32:
                raise ValueError(f"invalid value for {key}: {val}")
            options("Tmpfs")["Mode"] = int(val, 8)
        else:
            raise ValueError(f"unexpected key '{key}' in '{item}'")
    _check_mount(mount)
    return {k: v for k, v in mount.items() if k == "Type" or v not in ("", False)}  # the API's omitempty fields


def _check_mount(mount: dict[str, Any]) -> None:
    kind = mount["Type"]
    if not kind:
        raise ValueError("type is required")
    if not mount["Target"]:
        raise ValueError("target is required")
    for prefix, own in (("volume", "volume"), ("bind", "bind"), ("tmpfs", "tmpfs"), ("image", "image")):
        if f"{prefix.capitalize()}Options" in mount and kind != own:
            raise ValueError(f"cannot mix '{prefix}-*' options with mount type '{kind}'")
    bind = mount.get("BindOptions", {})
    for key, name in (("ReadOnlyNonRecursive", "writable"), ("ReadOnlyForceRecursive", "readonly")):
        if bind.get(key) and not mount["ReadOnly"]:
            raise ValueError(f"option 'bind-recursive={name}' requires 'readonly' to be specified in conjunction")
    if bind.get("ReadOnlyForceRecursive") and bind.get("Propagation") != "rprivate":
        raise ValueError("option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified"
                         " in conjunction")


def validate_env(value: str, env: Mapping[str, str] | None = None) -> str:
    """``-e NAME`` takes NAME's value from the client's own environment, as the real client does."""
    key, eq, _ = value.partition("=")
    if not key:
        raise ValueError(f"invalid environment variable: {value}")
    if not eq and env is not None and key in env:
        return f"{key}={env[key]}"
    return value


def validate_attach(value: str, env: Mapping[str, str] | None = None) -> str:
    """``-a STREAM``: one of the three, in any case (kept in lower case)."""
    if value.lower() not in ("stdin", "stdout", "stderr"):
        raise ValueError("valid streams are STDIN, STDOUT and STDERR")
    return value.lower()


def validate_label(value: str, env: Mapping[str, str] | None = None) -> str:
    key = value.partition("=")[0].strip(WHITESPACE)
    if not key:
        raise ValueError(f"invalid label '{value}': empty name")
    if any(c in WHITESPACE for c in key):
        raise ValueError(f"label '{key}' contains whitespaces")
    return value


def validate_ip(value: str, env: Mapping[str, str] | None = None) -> str:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        raise ValueError(f"IP address is not correctly formatted: {value}") from None


def validate_extra_host(value: str, env: Mapping[str, str] | None = None) -> str:
    """``--add-host name=ip`` or ``name:ip``; returns the ``name:ip`` form the API takes."""
    name, sep, addr = value.partition("=")
    if not sep:
        name, sep, addr = value.partition(":")
    if not sep or not name or ":" in name:
        raise ValueError(f'bad format for add-host: "{value}"')
    if addr != "host-gateway":
        if len(addr) > 2 and addr[0] == "[" and addr[-1] == "]":
            addr = addr[1:-1]
        try:
            validate_ip(addr)
        except ValueError:
            raise ValueError(f'invalid IP address in add-host: "{addr}"') from None
    return f"{name}:{addr}"


def parse_ulimit(value: str, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """go-units ``ParseUlimit``: ``nofile=1024[:2048]``."""
    name, eq, limits = value.partition("=")
    if not eq:
        raise ValueError(f"invalid ulimit argument: {value}")
    if name not in ULIMITS:
        raise ValueError(f"invalid ulimit type: {name}")
    parts = limits.split(":")
    if len(parts) > 2:
        raise ValueError(f"too many limit value arguments - {limits}, can only have up to two, `soft[:hard]`")
    hard = parse_int(parts[1], base=10) if len(parts) == 2 else None
    soft = parse_int(parts[0], base=10)
    hard = soft if hard is None else hard
    if hard != -1 and soft > hard:
        raise ValueError(f"ulimit soft limit must be less than or equal to hard limit: {soft} > {hard}")
    return {"Name": name, "Soft": soft, "Hard": hard}
