"""``docker top``: a running container's processes as the host's ``ps`` lists them (moby ``daemon/top_unix.go``).

moby asks the runtime for the pids of the container's task, runs ``ps`` with
the options given (``-ef`` by default) in the host's pid namespace, and keeps
the lines whose PID is one of them. So the pids are the host's, not the 1 the
process sees inside its namespace, and the UID column names the user as the
host's ``/etc/passwd`` knows the uid (a uid the host has no name for is a number).

Host pids come from the host's counter (:func:`fork`), which only grows: a
container started gets one for its ``containerd-shim-runc-v2`` and the next one
for its main process (``State.Pid``). The simulated task is that main process
alone, with the command line it runs once an official image's entrypoint script has handed over (``exec "$@"``);
what a server forks for itself (nginx's workers) and the title it gives itself are not simulated.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from storagekit.docker.containers import Container
from storagekit.docker.errors import Conflict, ContainerNotRunning, System
from storagekit.fs import users
from storagekit.runc.servers import past_entrypoint
from storagekit.sim.errors import NotSimulated

PIDS_AT_BOOT = 1000
"""The last pid the host's boot and its daemons took before the first container starts."""
PS_ARGS_PID = re.compile(r"\s+([^\s]*)=\s*(PID[^\s]*)")
"""``validatePSArgs``: ``-o key=PID...`` may only rename the ``pid`` column."""
PS_SELECTION = re.compile(r"-[eAf]+")
"""The ``ps`` options simulated: every process (``-e``, ``-A``) and the full format (``-f``)."""
FULL_TITLES = ["UID", "PID", "PPID", "C", "STIME", "TTY", "TIME", "CMD"]
SHORT_TITLES = ["PID", "TTY", "TIME", "CMD"]


@dataclass(frozen=True)
class TopResponse:
    """``container.TopResponse``: the ``ps`` titles and, per process, its fields (the last one joined by spaces)."""

    titles: list[str]
    processes: list[list[str]]


def fork(engine) -> int:
    """The host's next pid."""
    engine.last_pid += 1
    return engine.last_pid


def container_top(engine, name: str, ps_args: str = "") -> TopResponse:
    """``ContainerTop``: the options checked first, then the container, which must be running."""
    ps_args = ps_args or "-ef"
    for key, value in PS_ARGS_PID.findall(ps_args):
        if key != "pid":
            raise System(f'specifying "{key}={value}" is not allowed')
    c = engine.containers.resolve(name)
    if not c.running:
        raise ContainerNotRunning(c.id)
    if c.state == "restarting":
        raise Conflict(f"Container {c.id} is restarting, wait until the container is running")
    args = ps_args.split(" ")
    if not all(PS_SELECTION.fullmatch(arg) for arg in args):
        raise NotSimulated(f"docker top with ps options {ps_args!r}: only -e, -A and -f (as in -ef) are simulated")
    full = any("f" in arg for arg in args)
    engine.events_service.container(c, "top")
    return TopResponse(FULL_TITLES if full else SHORT_TITLES, [_ps_fields(engine, c, full)])


def _ps_fields(engine, c: Container, full: bool) -> list[str]:
    """The main process's line as procps prints it: no CPU time used yet, ``?`` for no terminal."""
    tty = "pts/0" if c.config.get("Tty") else "?"
    argv = past_entrypoint([c.path, *c.args])
    if not full:
        return [str(c.pid), tty, "00:00:00", argv[0].rsplit("/", 1)[-1][:15]]
    return [user_column(users.user_names(engine.fs), c.uid), str(c.pid), str(c.shim_pid), "0",
            start_time(c.started_at or 0, engine.clock.now), tty, "00:00:00", " ".join(argv)]


def user_column(names: dict[int, str], uid: int) -> str:
    """procps' UID column: the host's name for the uid, cut to 7 characters and ``+`` when longer than 8."""
    name = names.get(uid)
    if name is None:
        return str(uid)
    return name if len(name) <= 8 else name[:7] + "+"


def start_time(started: int, now: int) -> str:
    """procps' STIME: ``HH:MM`` the same day, ``MonDD`` the same year, else the year (the host keeps UTC)."""
    then, today = (dt.datetime.fromtimestamp(t, tz=dt.timezone.utc) for t in (started, now))
    if then.year != today.year:
        return then.strftime("%Y")
    return then.strftime("%H:%M") if then.timetuple().tm_yday == today.timetuple().tm_yday else then.strftime("%b%d")
