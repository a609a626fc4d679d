"""``docker volume create|ls|inspect|rm|prune``, as docker/cli 28 prints them against moby's volume service.

The rules (which volumes a filter selects, which are in use, what prune takes)
are the engine's (:mod:`storagekit.docker.volumes.service`); these handlers read
the command line, ask, and print.
"""

from __future__ import annotations

from storagekit.commands.docker.cli import StatusError, for_each
from storagekit.commands.docker.handlers.images import inspect_each, print_rows
from storagekit.docker.drivers import parse_version
from storagekit.docker.volumes.service import ANONYMOUS_ONLY_SINCE
from storagekit.sim.sortorder import natural_key
from storagekit.sim.units import human_size

LS_HEADERS = {"Driver": "DRIVER", "Name": "VOLUME NAME", "Scope": "SCOPE", "Mountpoint": "MOUNTPOINT",
              "Labels": "LABELS", "Links": "LINKS", "Size": "SIZE"}


def create(call) -> int:
    host, opts = call.backend, call.opts
    name = call.args[0] if call.args else ""
    if name and opts.get("name"):
        raise StatusError("conflicting options: cannot specify a volume-name through both --name and as a positional "
                          "arg")
    name = name or opts.get("name") or ""
    labels = dict(label.partition("=")[::2] for label in opts.get("label") or [])
    volume = host.engine.volumes.create(name, driver=opts.get("driver") or "local", labels=labels,
                                        options=dict(opts.get("opt") or {}))
    call.out(volume.name + "\n")
    return 0


def ls(call) -> int:
    chosen = sorted(call.backend.engine.list_volumes(call.opts.get("filter") or []), key=lambda v: natural_key(v.name))
    if call.opts.get("quiet"):
        call.out("".join(v.name + "\n" for v in chosen))
        return 0
    rows = [{"Driver": v.driver, "Name": v.name, "Scope": "local", "Mountpoint": v.mountpoint,
             "Labels": ",".join(f"{k}={val}" for k, val in (v.labels or {}).items()), "Links": "N/A", "Size": "N/A",
             "_labels": v.labels or {}} for v in chosen]
    return print_rows(call, rows, LS_HEADERS, "table {{.Driver}}\t{{.Name}}")


def inspect(call) -> int:
    return inspect_each(call, lambda name: call.backend.engine.volume_json(call.backend.engine.volumes.get(name)))


def rm(call) -> int:
    force = call.opts.get("force", False)
    for_each(call, lambda name: call.backend.engine.remove_volume(name, force=force))
    return 0


def prune(call) -> int:
    """The client's part: its own checks, the question, and asking with ``all=true`` for ``--all``."""
    engine, opts = call.backend.engine, call.opts
    filters = list(opts.get("filter") or [])
    old_daemon = parse_version(engine.info.version) < ANONYMOUS_ONLY_SINCE
    if opts.get("all"):
        if old_daemon:
            raise StatusError("--all is only supported with API v1.42 or higher")
        if any(key == "all" for key, _ in filters):
            raise StatusError("conflicting options: cannot specify both --all and --filter all=1")
        filters.append(("all", "true"))
    which = "all local volumes" if opts.get("all") or old_daemon else "anonymous local volumes"
    if not call.confirmed(f"WARNING! This will remove {which} not used by at least one container.\n"
                          "Are you sure you want to continue?"):
        return 0
    removed, reclaimed = engine.prune_volumes(filters)
    out = "Deleted Volumes:\n" + "".join(n + "\n" for n in removed) + "\n" if removed else ""
    call.out(out + f"Total reclaimed space: {human_size(reclaimed, 4)}\n")
    return 0
