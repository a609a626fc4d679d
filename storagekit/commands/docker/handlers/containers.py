"""``docker run``, ``create``, ``start``, ``stop``, ``restart``, ``kill``, ``rm``, ``ps``, ``exec``, ``diff``, ``logs``.

``run`` reports the daemon's refusals as docker/cli's ``toStatusError`` does
(``docker: Error response from daemon: ...`` then ``Run 'docker run --help' for
more information``, exit 125; 126/127 when the process cannot start); every
other command lets them reach the dispatcher (``Error response from daemon:
...``, exit 1).
"""

from __future__ import annotations

from collections.abc import Iterable

from storagekit.commands.docker import runopts
from storagekit.commands.docker.cli import DaemonUnreachable, StatusError, for_each, to_status_error, with_help
from storagekit.commands.docker.handlers.images import container_json, inspect_each, print_rows
from storagekit.commands.session import TerminalSession
from storagekit.docker import reference as refs
from storagekit.docker import sizes
from storagekit.docker.errors import (
    DockerError,
    ExecStartError,
    InvalidParameter,
    InvalidReference,
    NoSuchImage,
    NotFound,
)
from storagekit.runc import process as runc
from storagekit.runc.servers import SHELLS, main_program
from storagekit.sim.units import human_duration, human_size, time_ago

PS_HEADERS = {"ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND", "CreatedAt": "CREATED AT",
              "RunningFor": "CREATED", "Ports": "PORTS", "Status": "STATUS", "Size": "SIZE", "Names": "NAMES",
              "State": "STATE", "Labels": "LABELS", "Mounts": "MOUNTS", "Networks": "NETWORKS",
              "LocalVolumes": "LOCAL VOLUMES"}
PS_TABLE = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
PS_TABLE_SIZE = PS_TABLE + "\t{{.Size}}"


def _image_for_run(call, text: str, pull: str):
    """The image to run: pulled first with ``--pull always``, or when missing (``Unable to find image ...
    locally``) unless ``--pull never``; ``-q`` keeps the pull quiet."""
    host = call.backend
    image = host.engine.images.lookup(text)
    if image is not None and pull != "always":
        return image
    shown = refs.parse(text).with_default_tag()
    if image is None and pull == "never":
        raise NoSuchImage(str(shown))
    quiet = call.opts.get("quiet", False)
    if image is None and not quiet:
        call.err(f"Unable to find image '{shown}' locally\n")
    pulled, lines, _ = host.engine.pull(text)
    digest = pulled.repo_digests[0].split("@")[1] if pulled.repo_digests else ""
    status = "Image is up to date for" if image is pulled else "Downloaded newer image for"
    if not quiet:
        call.err("\n".join([f"{shown.tag}: Pulling from {shown.path}", *lines, f"Digest: {digest}",
                            f"Status: {status} {shown}"]) + "\n")
    return pulled


def check_tty(call, attach_stdin: bool, tty: bool) -> bool:
    """docker/cli's ``In.CheckTty``: a client attaching its input to a terminal in the container needs a terminal
    of its own. A notebook's input never is one (nor a pipe or a file), so ``-it`` stops here; on a terminal
    (``storagekit shell``) it is true that the learner will type into the container."""
    if not (attach_stdin and tty):
        return False
    if not getattr(call.backend, "terminal", False) or call.ctx.given_stdin:
        raise StatusError("the input device is not a TTY")
    return True


def _create(call, refuse=StatusError):
    """docker/cli's ``runCreate`` / ``runRun`` up to the container's creation: the client's checks, what the
    simulator declines, the ``--cidfile``, the image, then the daemon's create. ``refuse`` words the client's
    own refusals after its parse (``docker run`` points at ``--help``)."""
    host = call.backend
    pull = runopts.check_pull(call)
    request = runopts.parse(call)
    runopts.decline(call)
    if call.command.name == "run" and not call.opts.get("detach"):
        check_tty(call, request["config"]["AttachStdin"], request["tty"])
    cidfile = call.opts.get("cidfile") or ""
    if cidfile and call.ctx.fs.lexists(call.ctx.abspath(cidfile)):
        raise refuse(f"container ID file found, make sure the other container isn't running or delete {cidfile}")
    image_ref = call.args[0]
    refs.parse(image_ref)
    image = _image_for_run(call, image_ref, pull)
    container = host.engine.create_container(image, image_ref, **request)
    if cidfile:
        call.ctx.fs.write(call.ctx.abspath(cidfile), container.id.encode())
    return container


def create(call) -> int:
    try:
        container = _create(call)
    except InvalidReference as exc:  # the client's own parse of the image reference
        raise StatusError(exc.message) from None
    call.out(container.id + "\n")
    return 0


def _attached(call, c, entries, shown=("stdout", "stderr")) -> int:
    """What a client attached to ``c`` shows: the lines of ``entries`` on the streams it is attached to, then the
    exit status; a container still running would hold the client there, which the simulator says in a note."""
    for _, stream, line in entries:
        if stream in shown:
            (call.out if stream == "stdout" else call.err)(line + "\n")
    if c.running:
        call.ctx.note(f"docker would stay attached to {c.name} here while it runs; the simulator shows what it "
                      f"printed so far, and the container stays Up (docker stop {c.name} ends it)")
        return 0
    return c.exit_code


@to_status_error
def run(call) -> int:
    """In the foreground, what the container printed on the streams it is attached to (``-a``)."""
    host = call.backend
    container = _create(call, lambda text: with_help(text, "run"))
    config = container.config
    attached_stdin = config["OpenStdin"] and config["AttachStdin"]
    if not call.opts.get("detach", False):
        host.engine.attach_container(container)
    host.engine.start_container(container, call.ctx.stdin if attached_stdin else None)
    if call.opts.get("detach", False):
        call.out(container.id + "\n")
        code = 0
    elif config["Tty"] and attached_stdin and container.running and container.process == "shell":
        host.attached = TerminalSession(host, container, [container.path, *container.args], main=True)
        code = 0
    else:
        code = _attached(call, container, container.logs,
                         [s for s in ("stdout", "stderr") if config["Attach" + s.capitalize()]])
    if container.host_config.get("AutoRemove") and not container.running:
        host.engine.remove_container(container, volumes=True)
    return code


def start(call) -> int:
    """With ``-a`` (or ``-i``) the client attaches to the one container, starts it and shows what it prints from
    then on, ending with its exit status; otherwise each refusal is printed as it comes, then the names that did
    not start (docker/cli ``RunStart``, ``startContainersWithoutAttachments``)."""
    if call.opts.get("attach") or call.opts.get("interactive"):
        if len(call.args) > 1:
            raise StatusError("you cannot start and attach multiple containers at once")
        engine = call.backend.engine
        c = engine.containers.resolve(call.args[0])
        seen = len(c.logs)
        engine.attach_container(c)
        engine.start_container(c, call.ctx.stdin if call.opts.get("interactive") and c.config.get("OpenStdin")
                               else None)
        code = _attached(call, c, c.logs[seen:])
        if code:
            raise StatusError("", code)
        return 0
    failed = for_each(call, lambda name: _start(call.backend.engine, name), forgive=(DockerError, DaemonUnreachable))
    if failed:
        raise StatusError(f"Error: failed to start containers: {', '.join(failed)}")
    return 0


def _start(engine, name: str) -> None:
    engine.start_container(engine.containers.resolve(name))


def _stopper(call, then=None):
    """Stop each named container as ``docker stop`` does: ``-t`` if given (else the container's own timeout, else
    10 s), ``-s`` (refused by the daemon for each container when it cannot read it); ``then`` goes on with the
    stopped one. Each name asks the daemon anew, as the client does (so a stopped daemon answers each)."""
    timeout = int(call.opts["timeout"]) if call.changed("timeout") else None
    signal = call.opts.get("signal") or ""

    def stop_one(name: str) -> None:
        engine = call.backend.engine
        c = engine.containers.resolve(name)
        if signal and runc.parse_signal(signal) is None:
            raise InvalidParameter(f"invalid signal: {signal}")
        engine.stop_container(c, timeout, signal)
        if then is not None:
            then(c)
    return stop_one


def stop(call) -> int:
    for_each(call, _stopper(call))
    return 0


def restart(call) -> int:
    for_each(call, _stopper(call, call.backend.engine.restart_container))
    return 0


def kill(call) -> int:
    signal = call.opts.get("signal") or "KILL"
    for_each(call, lambda name: _engine_do(call, "kill_container", name, signal))
    return 0


def rm(call) -> int:
    """With ``-f`` a container that is not there is reported but no failure (docker/cli 28)."""
    force = call.opts.get("force", False)
    for_each(call, lambda name: _engine_do(call, "remove_container", name, force=force,
                                           volumes=call.opts.get("volumes", False)),
             forgive=NotFound if force else ())
    return 0


def _engine_do(call, action: str, name: str, *args, **kwargs) -> None:
    """One request about the container ``name``, sent to the daemon on its own."""
    engine = call.backend.engine
    getattr(engine, action)(engine.containers.resolve(name), *args, **kwargs)


def rename(call) -> int:
    engine = call.backend.engine
    engine.rename_container(engine.containers.resolve(call.args[0]), call.args[1])
    return 0


def _status(host, c) -> str:
    now = host.clock.now
    if c.state == "running":
        return "Up " + human_duration(now - (c.started_at or now))
    if c.state == "created":
        return "Created"
    return f"Exited ({c.exit_code}) {time_ago(now - (c.finished_at or now))}"


def _mounts_column(c, no_trunc: bool) -> str:
    """``{{.Mounts}}``: each mount's volume name, or its source for a bind, shortened to 15 characters."""
    names = [mp.name or mp.source for mp in c.mounts if mp.listed]
    return ",".join(n if no_trunc or len(n) <= 15 else n[:14] + "…" for n in names)


def ps_rows(host, *, show_all: bool, no_trunc: bool, size: bool, filters: Iterable[tuple[str, str]] = (),
            limit: int = 0) -> list[dict]:
    rows = []
    for c in host.engine.list_containers(filters, all=show_all, limit=limit):
        command = c.command if no_trunc else (c.command if len(c.command) <= 20 else c.command[:19] + "…")
        ports = ", ".join(sorted((c.config.get("ExposedPorts") or {}).keys()))
        rows.append({
            "ID": c.id if no_trunc else c.short_id, "Image": c.image_ref, "Command": f'"{command}"',
            "CreatedAt": host.clock.datetime(c.created).strftime("%Y-%m-%d %H:%M:%S +0000 UTC"),
            "RunningFor": time_ago(host.clock.now - c.created), "Ports": ports, "Status": _status(host, c),
            "Size": "{} (virtual {})".format(*map(human_size, sizes.container_sizes(host.engine, c))) if size else "",
            "Names": c.name, "State": c.state, "Labels": "", "Mounts": _mounts_column(c, no_trunc),
            "Networks": "bridge", "LocalVolumes": str(sum(1 for mp in c.mounts if mp.driver == "local")),
        })
    return rows


def ps(call) -> int:
    opts = call.opts
    last = opts.get("last") or -1
    rows = ps_rows(call.backend, show_all=opts.get("all", False), no_trunc=opts.get("no-trunc", False),
                   size=opts.get("size", False), filters=list(opts.get("filter") or []),
                   limit=1 if opts.get("latest") else max(last, 0))
    if opts.get("quiet"):
        call.out("".join(r["ID"] + "\n" for r in rows))
        return 0
    return print_rows(call, rows, PS_HEADERS, PS_TABLE_SIZE if opts.get("size") else PS_TABLE)


def exec_(call) -> int:
    """A process that cannot start is reported on the exec's own stream, not as an API error, and the exit status is
    the one the daemon recorded for it; with ``-d`` it runs on its own, its output unseen, and a failure to start is
    the daemon's answer. ``-i`` gives it what the client reads on its stdin; ``-it`` needs a terminal, and on one
    a shell opens at its own prompt (:mod:`storagekit.commands.session`)."""
    engine = call.backend.engine
    try:
        env = runopts.read_kv_files(call, call.opts.get("env-file") or [], lookup=call.env.get)
    except ValueError as exc:
        raise StatusError(str(exc)) from None
    c = engine.containers.resolve(call.args[0])  # a missing container is the first answer, as docker/cli asks
    detached = call.opts.get("detach", False)
    if not detached and check_tty(call, call.opts.get("interactive", False), call.opts.get("tty", False)) \
            and main_program(list(call.args[1:]))[0] in SHELLS and "-c" not in call.args[2:]:
        opts = call.opts
        call.backend.attached = TerminalSession(call.backend, c, list(call.args[1:]), main=False,
                                                workdir=opts.get("workdir") or "", user=opts.get("user") or "",
                                                env=env + list(opts.get("env") or []))
        return 0
    try:
        code, out, err = engine.exec_in(c, list(call.args[1:]), workdir=call.opts.get("workdir") or "",
                                        env=env + list(call.opts.get("env") or []), user=call.opts.get("user") or "",
                                        privileged=call.opts.get("privileged", False), tty=call.opts.get("tty", False),
                                        stdin=call.ctx.stdin if call.opts.get("interactive") and not detached else None)
    except ExecStartError as exc:
        if detached:
            raise
        call.err(exc.message + "\n")
        return exc.exit_code
    if detached:
        return 0
    call.out(out)
    call.err(err)
    return code


def diff(call) -> int:
    host = call.backend
    c = host.engine.containers.resolve(call.args[0])
    call.out("".join(f"{kind} {path}\n" for kind, path in host.engine.container_changes(c)))
    return 0


def logs(call) -> int:
    host = call.backend
    c = host.engine.containers.resolve(call.args[0])
    entries = c.logs
    tail = (call.opts.get("tail") or "all").strip()
    if tail != "all":
        try:
            n = int(tail)
        except ValueError:
            n = -1
        if n >= 0:
            entries = entries[-n:] if n else []
    for t, stream, line in entries:
        stamp = host.clock.isoformat(t, nanos=True) + " " if call.opts.get("timestamps") else ""
        (call.out if stream == "stdout" else call.err)(stamp + line + "\n")
    if call.opts.get("follow") and c.running:
        call.ctx.note("docker logs -f would keep waiting for more lines here; the simulator shows what there is so far")
    return 0


def container_inspect(call) -> int:
    return inspect_each(call, lambda name: container_json(call.backend.engine, name, call.opts.get("size", False)))


def prune(call) -> int:
    if not call.confirmed("WARNING! This will remove all stopped containers.\nAre you sure you want to continue?"):
        return 0
    removed, reclaimed = call.backend.engine.prune_containers()
    out = "Deleted Containers:\n" + "".join(i + "\n" for i in removed) + "\n" if removed else ""
    call.out(out + f"Total reclaimed space: {human_size(reclaimed, 4)}\n")
    return 0


def commit(call) -> int:
    """The API client parses the new name before it asks the daemon (moby ``client.ContainerCommit``), so a bad
    one is refused before any layer is made."""
    host = call.backend
    repo = call.args[1] if len(call.args) > 1 else ""
    if repo:
        try:
            ref = refs.parse(repo)
        except InvalidReference as exc:
            raise StatusError(exc.message) from None
        if ref.digest:
            raise StatusError("refusing to create a tag with a digest reference")
    c = host.engine.containers.resolve(call.args[0])
    image = host.engine.commit_container(c, repo,
                                         message=call.opts.get("message") or "", author=call.opts.get("author") or "")
    call.out(image.id + "\n")
    return 0

