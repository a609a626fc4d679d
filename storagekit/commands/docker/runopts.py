"""What the docker client makes of the flags of ``docker run`` and ``docker create`` before it asks the daemon.

docker/cli's ``parse`` (``cli/command/container/opts.go``) turns the flags into
the create request's ``Config`` and ``HostConfig``, refusing in its own words
what it cannot read (an ``--expose`` with a colon, an env file that is not
there, ``--rm`` with a restart policy). Each flag here has one of three fates:

* simulated: it changes what the container does or shows, as it does in Docker;
* recorded: it is kept in ``Config``/``HostConfig`` as Docker keeps it, and in
  Docker too it would change nothing else the simulation shows;
* declined (:data:`NOT_SIMULATED`): Docker would do something the simulator does
  not model, so the command stops with a ``[storagekit]`` note and a non-zero
  status, after the client's own checks and before anything is made.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from storagekit.commands.docker import volumespec
from storagekit.commands.docker.cli import Call, StatusError, with_help
from storagekit.sim.errors import NotSimulated, errno_text
from storagekit.sim.goquote import go_quote

PULL_POLICIES = ("always", "missing", "never")

_NETWORK = "the simulated host has no network beyond each container's address on the default bridge"
_RESOURCES = "the simulated host neither limits nor accounts CPU, memory, block I/O, devices or processes"
_NAMESPACES = "every container here has namespaces of its own; sharing them with the host or another container"
_HEALTH = "health checks are not run here"
NOT_SIMULATED: dict[str, str] = {
    **dict.fromkeys(("dns", "dns-opt", "dns-option", "dns-search"),
                    "the container's /etc/resolv.conf is always the daemon's default one"),
    **dict.fromkeys(("ip", "ip6", "link", "link-local-ip", "mac-address", "net", "net-alias", "network",
                     "network-alias", "publish", "publish-all"), _NETWORK),
    **dict.fromkeys(("blkio-weight", "blkio-weight-device", "cgroup-parent", "cpu-period", "cpu-quota",
                     "cpu-rt-period", "cpu-rt-runtime", "cpu-shares", "cpus", "cpuset-cpus", "cpuset-mems",
                     "device-cgroup-rule", "device-read-bps", "device-read-iops", "device-write-bps",
                     "device-write-iops", "memory", "memory-reservation", "memory-swap", "memory-swappiness",
                     "oom-kill-disable", "oom-score-adj", "pids-limit", "ulimit"), _RESOURCES),
    **dict.fromkeys(("cgroupns", "ipc", "pid", "userns", "uts"), _NAMESPACES + " is not simulated"),
    **dict.fromkeys(("health-cmd", "health-interval", "health-retries", "health-start-interval",
                     "health-start-period", "health-timeout"), _HEALTH),
    "device": "the simulated host has no devices to pass to a container",
    "gpus": "the simulated host has no GPUs",
    "privileged": "a privileged container sees every device of the host, which is not simulated "
                  "(--cap-add ALL gives every capability)",
    "security-opt": "seccomp, AppArmor, SELinux and no-new-privileges are not simulated (users, groups, "
                    "capabilities and file modes are)",
    "sysctl": "kernel parameters are not simulated",
    "init": "the container's command is PID 1 here; an init process in front of it is not simulated",
    "log-driver": "containers log with json-file here",
    "log-opt": "containers log with json-file here, keeping every line",
    "use-api-socket": "the simulated host has no Docker API socket to mount",
    "platform": "the simulated host runs linux/amd64 images only",
    "disable-content-trust": "image signatures (Docker Content Trust) are not simulated",
}
"""Flags the simulator declines, and why. ``docker run`` and ``docker create`` share them."""

HARMLESS: dict[str, tuple[Any, ...]] = {
    "cgroupns": ("private",), "ipc": ("private",), "network": ("default", "bridge"), "net": ("default", "bridge"),
    "log-driver": ("json-file",), "platform": ("linux/amd64", "linux", "amd64"), "disable-content-trust": (True,),
}
"""Values of declined flags that ask for what the daemon does anyway (its defaults): those are taken."""


def decline(call: Call) -> None:
    """:class:`NotSimulated` for the first flag given that :data:`NOT_SIMULATED` names, unless its value is one
    of :data:`HARMLESS`."""
    for name in sorted(call.given):
        if name not in NOT_SIMULATED:
            continue
        value = call.opts.get(name)
        values = value if isinstance(value, list) else [value]
        if name in HARMLESS and all(v in HARMLESS[name] for v in values):
            continue
        raise NotSimulated(f"docker {call.command.name} --{name} is not simulated: {NOT_SIMULATED[name]}.")


def check_pull(call: Call) -> str:
    """docker/cli's ``validatePullOpt``."""
    pull = call.opts.get("pull") or "missing"
    if pull not in PULL_POLICIES:
        raise with_help(f"invalid pull option: '{pull}': must be one of \"always\", \"missing\" or \"never\"",
                        call.command.name)
    return pull


def parse(call: Call) -> dict[str, Any]:
    """docker/cli's ``parse``: the keyword arguments of ``create_container`` for this command line, or the
    client's refusal (``docker: ...`` and a pointer to ``--help``, status 125) in the order it checks."""
    try:
        return _parse(call)
    except ValueError as exc:
        raise with_help(str(exc), call.command.name) from None


def _parse(call: Call) -> dict[str, Any]:
    opts = call.opts
    attach = list(opts.get("attach") or [])
    swappiness = opts.get("memory-swappiness", -1)
    if swappiness != -1 and not 0 <= swappiness <= 100:
        raise ValueError(f"invalid value: {swappiness}. Valid memory swappiness range is 0-100")
    binds, anonymous = volumespec.route(list(opts.get("volume") or []), call.ctx.cwd)
    tmpfs = dict(t.partition(":")[::2] for t in opts.get("tmpfs") or [])
    entry = opts.get("entrypoint")
    exposed = _exposed_ports(opts.get("expose") or [])
    env = read_kv_files(call, opts.get("env-file") or [], lookup=call.env.get) + list(opts.get("env") or [])
    labels = read_kv_files(call, opts.get("label-file") or [], lookup=None) + list(opts.get("label") or [])
    for flag, word, valid in (("pid", "PID", _container_or("host")), ("uts", "UTS", ("", "host").__contains__),
                              ("userns", "USER", ("", "host").__contains__),
                              ("cgroupns", "CGROUP", ("", "private", "host").__contains__)):
        if not valid(opts.get(flag) or ""):
            raise ValueError(f"--{flag}: invalid {word} mode")
    restart = _restart_policy(opts.get("restart") or "")
    if opts.get("log-driver") == "none" and opts.get("log-opt"):
        raise ValueError("invalid logging opts for driver none")
    for item in opts.get("security-opt") or []:
        key, sep, value = item.partition("=")
        if not sep and key != "no-new-privileges":
            key, sep, value = item.partition(":")
        if (not sep or not value) and key != "no-new-privileges":
            raise ValueError(f"Invalid --security-opt: {go_quote(item)}")
    storage = {}
    for item in opts.get("storage-opt") or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError("invalid storage option")
        storage[key] = value
    health = _healthcheck(call)
    if opts.get("rm") and restart["Name"] not in ("", "no"):
        raise ValueError("conflicting options: cannot specify both --restart and --rm")
    detached = opts.get("detach", False)
    if detached and attach:
        raise StatusError("conflicting options: cannot specify both --attach and --detach")
    streams = {s: (s in attach if attach else s != "stdin") and not detached for s in ("stdin", "stdout", "stderr")}
    streams["stdin"] = (streams["stdin"] or opts.get("interactive", False)) and not detached
    config = {
        "Hostname": opts.get("hostname") or "", "Domainname": opts.get("domainname") or "",
        "AttachStdin": streams["stdin"], "AttachStdout": streams["stdout"], "AttachStderr": streams["stderr"],
        "ExposedPorts": exposed, "StdinOnce": streams["stdin"] and opts.get("interactive", False),
        "Healthcheck": health, "StopSignal": opts.get("stop-signal") or "",
        **({"StopTimeout": opts.get("stop-timeout")} if call.changed("stop-timeout") else {}),
    }
    host_config = {
        "ContainerIDFile": opts.get("cidfile") or "", "RestartPolicy": restart,
        "ExtraHosts": list(opts.get("add-host") or []) or None, "CapAdd": _capabilities(opts.get("cap-add")),
        "CapDrop": _capabilities(opts.get("cap-drop")), "GroupAdd": list(opts.get("group-add") or []) or None,
        "StorageOpt": storage or None, "ShmSize": opts.get("shm-size") or 0, "Runtime": opts.get("runtime") or "",
        "Isolation": opts.get("isolation") or "", "Annotations": dict(opts.get("annotation") or {}) or None,
    }
    return {
        "name": opts.get("name") or "", "cmd": list(call.args[1:]) or None,
        "entrypoint": ([entry] if entry else []) if call.changed("entrypoint") else None,
        "env": env, "workdir": opts.get("workdir") or "", "user": opts.get("user") or "",
        "tty": opts.get("tty", False), "open_stdin": opts.get("interactive", False),
        "read_only": opts.get("read-only", False), "auto_remove": opts.get("rm", False), "binds": binds,
        "volumes": anonymous, "mounts": volumespec.mounts(list(opts.get("mount") or []), call.ctx.cwd), "tmpfs": tmpfs,
        "volumes_from": list(opts.get("volumes-from") or []), "volume_driver": opts.get("volume-driver") or "",
        "labels": dict(label.partition("=")[::2] for label in labels), "config": config, "host_config": host_config,
    }


def _capabilities(names: list[str] | None) -> list[str] | None:
    """The API client's ``normalizeCapabilities``: upper case, ``CAP_`` in front (but ``ALL``), no repeats,
    sorted; the daemon says which it does not know."""
    normalized = {n if n == "ALL" or n.startswith("CAP_") else "CAP_" + n for n in (x.upper() for x in names or [])}
    return sorted(normalized) or None


def _container_or(*words: str) -> Callable[[str], bool]:
    """``PidMode.Valid``: empty, one of ``words``, or ``container:`` and a name."""
    return lambda v: v in ("", *words) or (v.startswith("container:") and len(v) > len("container:"))


def read_kv_files(call: Call, files: list[str], lookup: Callable[[str], str | None] | None) -> list[str]:
    """docker/cli's ``kvfile.Parse`` of each ``--env-file`` / ``--label-file``, read on the client's side: one
    ``KEY=value`` a line, ``#`` comments and blank lines skipped; a bare ``KEY`` takes the client's own value of
    it (``--env-file``), or is left out. ValueError in its words."""
    found: list[str] = []
    for name in files:
        try:
            data = call.ctx.fs.read(call.ctx.abspath(name))
        except OSError as exc:
            raise ValueError(f"open {name}: {errno_text(exc)}") from None
        for number, raw in enumerate(data.split(b"\n"), 1):
            try:
                line = raw.decode("utf-8").removeprefix("\ufeff" if number == 1 else "").lstrip()
            except UnicodeDecodeError:
                raise ValueError(f"invalid env file ({name}): invalid utf8 bytes at line {number}: "
                                 f"[{' '.join(str(b) for b in raw)}]") from None
            if not line or line.startswith("#"):
                continue
            key, eq, _ = line.partition("=")
            if not key:
                raise ValueError(f"invalid env file ({name}): no variable name on line '{line}'")
            if any(c in key for c in " \t"):
                raise ValueError(f"invalid env file ({name}): variable '{key}' contains whitespaces")
            if eq:
                found.append(line)
            elif lookup is not None and lookup(line) is not None:
                found.append(f"{key}={lookup(line)}")
    return found


def _exposed_ports(values: list[str]) -> dict[str, dict]:
    """``--expose PORT[/PROTO]`` or a range ``START-END[/PROTO]``, as go-connections' ``SplitProtoPort`` and
    ``ParsePortRange`` read them (the protocol is taken as given)."""
    ports: dict[str, dict] = {}
    for value in values:
        if ":" in value:
            raise ValueError(f"invalid port format for --expose: {value}")
        parts = value.split("/")
        proto, port = ("", "") if not parts[0] else ("tcp", parts[0]) if len(parts) == 1 or not parts[1] else (
            parts[1], parts[0])
        try:
            if not port:
                raise ValueError("empty string specified for ports")
            bounds = [_uint16(p) for p in port.split("-")[:2]]
            if bounds[-1] < bounds[0]:
                raise ValueError(f"invalid range specified for port: {port}")
        except ValueError as exc:
            raise ValueError(f"invalid range format for --expose: {value}, error: {exc}") from None
        for n in range(bounds[0], bounds[-1] + 1):
            ports.setdefault(f"{n}/{proto}", {})
    return ports


def _uint16(text: str) -> int:
    """Go's ``strconv.ParseUint(text, 10, 16)``."""
    if not re.fullmatch(r"[0-9]+", text):
        raise ValueError(f"strconv.ParseUint: parsing {go_quote(text)}: invalid syntax")
    if int(text) > 65535:
        raise ValueError(f"strconv.ParseUint: parsing {go_quote(text)}: value out of range")
    return int(text)


def _restart_policy(text: str) -> dict[str, Any]:
    """docker/cli's ``ParseRestartPolicy``: ``NAME[:MAX-RETRIES]``; the daemon checks the name."""
    if not text:
        return {"Name": "", "MaximumRetryCount": 0}
    name, colon, count = text.partition(":")
    if colon and not name:
        raise ValueError("invalid restart policy format: no policy provided before colon")
    retries = 0
    if count:
        if not re.fullmatch(r"[+-]?[0-9]+", count):
            raise ValueError("invalid restart policy format: maximum retry count must be an integer")
        retries = int(count)
    return {"Name": name, "MaximumRetryCount": retries}


def _healthcheck(call: Call) -> dict | None:
    """``--no-healthcheck`` records a ``NONE`` test (the image's HEALTHCHECK is off); the ``--health-*`` flags
    are declined, but their conflicts and negative values are the client's to refuse first."""
    opts = call.opts
    have = bool(opts.get("health-cmd")) or any(opts.get(f"health-{k}") for k in (
        "interval", "timeout", "start-period", "retries", "start-interval"))
    if opts.get("no-healthcheck"):
        if have:
            raise ValueError("--no-healthcheck conflicts with --health-* options")
        return {"Test": ["NONE"]}
    for key in ("interval", "timeout", "retries", "start-period", "start-interval"):
        if (opts.get(f"health-{key}") or 0) < 0:
            raise ValueError(f"--health-{key} cannot be negative")
    return None
