"""``docker volume create|ls|inspect|rm|prune``, as docker/cli 28 prints them against moby's volume service."""

from __future__ import annotations

import re

from storagekit.commands.docker.handlers.images import print_objects, print_rows
from storagekit.sim.units import human_size
from storagekit.docker.drivers import parse_version
from storagekit.docker.volumes.setup import users_of
from storagekit.docker.volumes.store import ANONYMOUS_LABEL, Volume
from storagekit.sim.clock import rfc3339
from storagekit.sim.errors import DockerError

LS_HEADERS = {"Driver": "DRIVER", "Name": "VOLUME NAME", "Scope": "SCOPE", "Mountpoint": "MOUNTPOINT",
              "Labels": "LABELS", "Links": "LINKS", "Size": "SIZE"}
LS_FILTERS = ("dangling", "driver", "label", "name")


def natural_key(name: str) -> list:
    """docker/cli's ``sortorder.NaturalLess``: runs of digits compare as numbers."""
    return [(0, int(part), part) if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|\D+", name)]


def volume_json(v: Volume) -> dict:
    """``GET /volumes/{name}`` for a local volume, in the API's field order."""
    return {"CreatedAt": rfc3339(v.created_at), "Driver": v.driver, "Labels": v.labels, "Mountpoint": v.mountpoint,
            "Name": v.name, "Options": v.options, "Scope": "local"}


def create(call) -> int:
    host, opts = call.backend, call.opts
    name = call.args[0] if call.args else ""
    if name and opts.get("name"):
        call.err("conflicting options: cannot specify a volume-name through both --name and as a positional arg\n")
        return 1
    name = name or opts.get("name") or ""
    labels = dict(label.partition("=")[::2] for label in opts.get("label") or [])
    try:
        volume = host.engine.volumes.create(name, driver=opts.get("driver") or "local", labels=labels,
                                            options=dict(opts.get("opt") or {}))
    except DockerError as exc:
        call.err(f"Error response from daemon: {exc.message}\n")
        return 1
    call.out(volume.name + "\n")
    return 0


def _check_filters(filters: list[tuple[str, str]]) -> dict[str, list[str]]:
    """The daemon checks the filters before it looks at any volume."""
    by_key: dict[str, list[str]] = {}
    for key, value in filters:
        if key not in LS_FILTERS:
            raise DockerError(f"invalid filter '{key}'")
        if key == "dangling" and value.lower() not in ("1", "true", "0", "false"):
            raise DockerError(f"invalid filter 'dangling=[{value}]'")
        by_key.setdefault(key, []).append(value)
    return by_key


def _matches(host, v: Volume, by_key: dict[str, list[str]]) -> bool:
    """Values of one key are OR-ed, different keys AND-ed (moby ``volume/service``)."""
    used = bool(users_of(host.engine.containers, v))
    tests = {
        "dangling": lambda val: (val.lower() in ("1", "true")) != used,
        "driver": lambda val: v.driver == val,
        "name": lambda val: bool(re.search(val, v.name)),
        "label": lambda val: _has_label(v, val),
    }
    return all(any(tests[k](val) for val in values) for k, values in by_key.items())


def _has_label(v: Volume, text: str) -> bool:
    key, eq, value = text.partition("=")
    labels = v.labels or {}
    return key in labels and (not eq or labels[key] == value)


def ls(call) -> int:
    host, opts = call.backend, call.opts
    try:
        wanted = _check_filters(list(opts.get("filter") or []))
    except DockerError as exc:
        call.err(f"Error response from daemon: {exc.message}\n")
        return 1
    chosen = sorted((v for v in host.engine.volumes if _matches(host, v, wanted)), key=lambda v: natural_key(v.name))
    rows = [{"Driver": v.driver, "Name": v.name, "Scope": "local", "Mountpoint": v.mountpoint,
             "Labels": ",".join(f"{k}={val}" for k, val in (v.labels or {}).items()), "Links": "N/A", "Size": "N/A",
             "_labels": v.labels or {}} for v in chosen]
    if opts.get("quiet"):
        call.out("".join(v.name + "\n" for v in chosen))
        return 0
    return print_rows(call, rows, LS_HEADERS, "table {{.Driver}}\t{{.Name}}")


def inspect(call) -> int:
    host = call.backend
    found, code = [], 0
    for name in call.args:
        try:
            found.append(volume_json(host.engine.volumes.get(name)))
        except DockerError as exc:
            call.err(f"Error response from daemon: {exc.message}\n")
            code = 1
    return print_objects(call, found) or code


def rm(call) -> int:
    host, code = call.backend, 0
    for name in call.args:
        try:
            volume = host.engine.volumes.get(name)
            host.engine.volumes.remove(volume, users_of(host.engine.containers, volume))
        except DockerError as exc:
            if call.opts.get("force") and exc.status == 404:
                call.out(name + "\n")
                continue
            call.err(f"Error response from daemon: {exc.message}\n")
            code = 1
            continue
        call.out(name + "\n")
    return code


def prune(call) -> int:
    """Anonymous volumes only since Engine 23 (API 1.42); older daemons remove every unused volume."""
    host, opts = call.backend, call.opts
    old_daemon = parse_version(host.engine.info.version) < (23, 0, 0)
    if opts.get("all") and old_daemon:
        call.err("--all is only supported with API v1.42 or higher\n")
        return 1
    everything = bool(opts.get("all"))
    filters = list(opts.get("filter") or [])
    for key, value in filters:
        if key not in ("label", "label!", "all"):
            call.err(f"Error response from daemon: invalid filter '{key}'\n")
            return 1
        if key == "all" and everything:
            call.err("conflicting options: cannot specify both --all and --filter all=1\n")
            return 1
        everything = everything or (key == "all" and value.lower() in ("1", "true"))
    if not opts.get("force"):
        which = "all local volumes" if opts.get("all") else "anonymous local volumes"
        call.out(f"WARNING! This will remove {which} not used by at least one container.\n"
                 "Are you sure you want to continue? [y/N] ")
        if call.ctx.stdin.decode(errors="replace").strip().lower() not in ("y", "yes"):
            return 0
    everything = everything or old_daemon
    removed, reclaimed = [], 0
    for v in list(host.engine.volumes):
        if users_of(host.engine.containers, v) or v.options or v.driver != "local":
            continue
        if not everything and ANONYMOUS_LABEL not in (v.labels or {}):
            continue
        if not all(_has_label(v, val) != (key == "label!") for key, val in filters if key.startswith("label")):
            continue
        reclaimed += host.engine.volumes.size(v)
        host.engine.volumes.remove(v, [])
        removed.append(v.name)
    out = "Deleted Volumes:\n" + "".join(n + "\n" for n in removed) + "\n" if removed else ""
    call.out(out + f"Total reclaimed space: {human_size(reclaimed, 4)}\n")
    return 0
