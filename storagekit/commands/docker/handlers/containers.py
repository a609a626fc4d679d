"""``docker run``, ``create``, ``start``, ``stop``, ``restart``, ``kill``, ``rm``, ``ps``, ``exec``, ``diff``, ``logs``.

``run`` reports the daemon's refusals as docker/cli's ``toStatusError`` does
(``docker: Error response from daemon: ...`` then ``Run 'docker run --help' for
more information``, exit 125; 126/127 when the process cannot start); every
other command lets them reach the dispatcher (``Error response from daemon:
...``, exit 1).
"""

from __future__ import annotations

from collections.abc import Iterable

from storagekit.commands.docker import volumespec
from storagekit.commands.docker.cli import StatusError, for_each, to_status_error, with_help
from storagekit.commands.docker.handlers.images import container_json, inspect_each, print_rows
from storagekit.docker import reference as refs
from storagekit.docker import sizes
from storagekit.docker.errors import DockerError, ExecStartError, InvalidReference, NotFound
from storagekit.sim.units import human_duration, human_size, time_ago

PS_HEADERS = {"ID": "CONTAINER ID", "Image": "IMAGE", "Command": "COMMAND", "CreatedAt": "CREATED AT",
              "RunningFor": "CREATED", "Ports": "PORTS", "Status": "STATUS", "Size": "SIZE", "Names": "NAMES",
              "State": "STATE", "Labels": "LABELS", "Mounts": "MOUNTS", "Networks": "NETWORKS",
              "LocalVolumes": "LOCAL VOLUMES"}
PS_TABLE = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}"
PS_TABLE_SIZE = PS_TABLE + "\t{{.Size}}"


def _image_for_run(call, text: str):
    """The image to run, pulled first (``Unable to find image ... locally``) when missing."""
    host = call.backend
    image = host.engine.images.lookup(text)
    if image is not None:
        return image
    shown = refs.parse(text).with_default_tag()
    call.err(f"Unable to find image '{shown}' locally\n")
    image, lines, _ = host.engine.pull(text)
    digest = image.repo_digests[0].split("@")[1] if image.repo_digests else ""
    call.err("\n".join([f"{shown.tag}: Pulling from {shown.path}", *lines, f"Digest: {digest}",
                        f"Status: Downloaded newer image for {shown}"]) + "\n")
    return image


def _create(call):
    host, opts = call.backend, call.opts
    image_ref = call.args[0]
    refs.parse(image_ref)
    try:
        binds, anonymous = volumespec.route(list(opts.get("volume") or []), call.ctx.cwd)
    except ValueError as exc:  # the client's own parse: refused before the daemon is asked
        raise with_help(str(exc), call.command.name) from None
    tmpfs = dict(t.partition(":")[::2] for t in opts.get("tmpfs") or [])
    image = _image_for_run(call, image_ref)
    entry = opts.get("entrypoint")
    return host.engine.create_container(
        image, image_ref, name=opts.get("name") or "", cmd=list(call.args[1:]) or None,
        entrypoint=([entry] if entry else []) if call.changed("entrypoint") else None,
        env=list(opts.get("env") or []), workdir=opts.get("workdir") or "", user=opts.get("user") or "",
        tty=opts.get("tty", False), open_stdin=opts.get("interactive", False), read_only=opts.get("read-only", False),
        auto_remove=opts.get("rm", False), binds=binds, volumes=anonymous, mounts=list(opts.get("mount") or []),
        tmpfs=tmpfs, volumes_from=list(opts.get("volumes-from") or []), volume_driver=opts.get("volume-driver") or "",
        labels=dict(label.partition("=")[::2] for label in opts.get("label") or []),
    )


def create(call) -> int:
    try:
        container = _create(call)
    except InvalidReference as exc:  # the client's own parse of the image reference
        raise StatusError(exc.message) from None
    call.out(container.id + "\n")
    return 0


@to_status_error
def run(call) -> int:
    host = call.backend
    container = _create(call)
    host.engine.start_container(container)
    detached = call.opts.get("detach", False)
    if detached:
        call.out(container.id + "\n")
    else:
        for _, stream, line in container.logs:
            (call.out if stream == "stdout" else call.err)(line + "\n")
        if container.running:
            call.ctx.note(f"'{container.name}' keeps running in the foreground on a real host; "
                          "here the prompt comes back and the container stays Up (stop it with docker stop).")
    code = container.exit_code if not container.running and not detached else 0
    if container.host_config.get("AutoRemove") and not container.running:
        host.engine.remove_container(container, volumes=True)
    return code


def start(call) -> int:
    """Each refusal is printed as it comes, then the names that did not start (docker/cli
    ``startContainersWithoutAttachments``)."""
    engine = call.backend.engine
    failed = for_each(call, lambda name: engine.start_container(engine.containers.resolve(name)), forgive=DockerError)
    if failed:
        raise StatusError(f"Error: failed to start containers: {', '.join(failed)}")
    return 0


def stop(call) -> int:
    timeout = call.opts.get("timeout")
    engine = call.backend.engine
    for_each(call, lambda name: engine.stop_container(engine.containers.resolve(name),
                                                      10 if timeout in (None, -1) else int(timeout)))
    return 0


def restart(call) -> int:
    engine = call.backend.engine

    def go(name: str) -> None:
        c = engine.containers.resolve(name)
        engine.stop_container(c)
        c.restart_count += 1
        engine.start_container(c)
    for_each(call, go)
    return 0


def kill(call) -> int:
    engine, signal = call.backend.engine, call.opts.get("signal") or "KILL"
    for_each(call, lambda name: engine.kill_container(engine.containers.resolve(name), signal))
    return 0


def rm(call) -> int:
    """With ``-f`` a container that is not there is reported but no failure (docker/cli 28)."""
    engine = call.backend.engine
    force = call.opts.get("force", False)
    for_each(call, lambda name: engine.remove_container(engine.containers.resolve(name), force=force,
                                                        volumes=call.opts.get("volumes", False)),
             forgive=NotFound if force else ())
    return 0


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
    the one the daemon recorded for it."""
    engine = call.backend.engine
    c = engine.containers.resolve(call.args[0])
    try:
        code, out, err = engine.exec_in(c, list(call.args[1:]), workdir=call.opts.get("workdir") or "",
                                        env=list(call.opts.get("env") or []), user=call.opts.get("user") or "")
    except ExecStartError as exc:
        call.err(exc.message + "\n")
        return exc.exit_code
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
    return 0


def container_inspect(call) -> int:
    engine = call.backend.engine
    return inspect_each(call, lambda name: container_json(engine, name, call.opts.get("size", False)))


def prune(call) -> int:
    if not call.confirmed("WARNING! This will remove all stopped containers.\nAre you sure you want to continue?"):
        return 0
    removed, reclaimed = call.backend.engine.prune_containers()
    out = "Deleted Containers:\n" + "".join(i + "\n" for i in removed) + "\n" if removed else ""
    call.out(out + f"Total reclaimed space: {human_size(reclaimed, 4)}\n")
    return 0


def commit(call) -> int:
    host = call.backend
    c = host.engine.containers.resolve(call.args[0])
    image = host.engine.commit_container(c, call.args[1] if len(call.args) > 1 else "",
                                         message=call.opts.get("message") or "", author=call.opts.get("author") or "")
    call.out(image.id + "\n")
    return 0

