"""Container operations of the daemon: create, start, stop, kill, exec, rm, rename, commit.

Mixed into :class:`storagekit.docker.engine.DockerEngine`. Each operation checks
everything that can refuse it before changing anything, and keeps the host's
``/var/lib/docker`` (the driver's directories, ``layerdb/mounts``, ``containers/``)
in step with the container's state. Processes start, wait and end as the
container runtime says (:mod:`storagekit.runc`), as they do in a Pod.
"""

from __future__ import annotations

import dataclasses
import functools
import posixpath
import re
from collections.abc import Mapping, Sequence
from typing import Any

from storagekit.docker import apitypes, hostconfig, top
from storagekit.docker import reference as refs
from storagekit.docker.containers import Container, generate_name, init_layer
from storagekit.docker.drivers.host import HostSpec
from storagekit.docker.errors import (
    ContainerNameInUse,
    ContainerNotRunning,
    ContainerRunning,
    ExecStartError,
    InvalidContainerName,
    InvalidMode,
    InvalidParameter,
    NoCommand,
    System,
)
from storagekit.docker.images import Image, make_config
from storagekit.docker.layers import MAX_DEPTH_EXCEEDED, overlay_room
from storagekit.docker.mounttable import HostMounts, container_table
from storagekit.docker.state import EngineState
from storagekit.docker.volumes import setup, spec
from storagekit.fs import FileSystem
from storagekit.fs.devices import dev_tree
from storagekit.fs.mounts import Mount, MountNamespace
from storagekit.fs.mounttable import MountEntry
from storagekit.fs.nodes import Dir
from storagekit.fs.procfs import ProcFS, sys_tree
from storagekit.fs.usage import disk_usage
from storagekit.runc import process as runc
from storagekit.sim.errors import NotSimulated

STOP_TIMEOUT = 10


def container_env(c: Container, *more: Sequence[str], tty: bool | None = None) -> dict[str, str]:
    """A process's environment (moby's ``CreateDaemonEnvironment``): Docker's PATH, the hostname, ``TERM=xterm``
    with a terminal (``-t``), then the config's Env and ``more`` over them."""
    term = ["TERM=xterm"] if (c.config.get("Tty") if tty is None else tty) else []
    return runc.environment(c.config["Hostname"], term, c.config.get("Env") or [], *(list(m) for m in more))


class ContainerOps(EngineState):

    # ----------------------------------------------------------------- create

    def create_container(self, image: Image, image_ref: str, *, name: str = "", cmd: list[str] | None = None,
                         entrypoint: list[str] | None = None, env: Sequence[str] = (), workdir: str = "",
                         user: str = "", tty: bool = False, open_stdin: bool = False, read_only: bool = False,
                         auto_remove: bool = False, binds: Sequence[str] = (), mounts: Sequence[dict] = (),
                         tmpfs: dict[str, str] | None = None, volumes: Sequence[str] = (),
                         volumes_from: Sequence[str] = (), volume_driver: str = "",
                         labels: dict[str, str] | None = None, config: Mapping[str, Any] | None = None,
                         host_config: Mapping[str, Any] | None = None) -> Container:
        """Everything that can refuse the container is checked before anything is made. ``labels`` (``--label``)
        go over the image's own, as moby's ``mergeAndVerifyConfig`` merges them. ``config`` and ``host_config``
        are further fields of the request's ``Config`` and ``HostConfig`` (``Hostname``, ``StopSignal``,
        ``GroupAdd``, ``CapAdd``...), in the API's names."""
        cfg = image.config.get("config") or {}
        given = dict(config or {})
        hc = hostconfig.host_config({
            "Binds": list(binds) or None, "AutoRemove": auto_remove, "VolumeDriver": volume_driver,
            "VolumesFrom": list(volumes_from) or None, "ReadonlyRootfs": read_only, "Mounts": list(mounts) or None,
            "Tmpfs": dict(tmpfs) if tmpfs else None, **(host_config or {})})
        if given.get("StopSignal") and runc.parse_signal(given["StopSignal"]) is None:
            raise InvalidParameter(f"invalid signal: {given['StopSignal']}")
        hostconfig.validate(hc)
        if workdir:  # moby's translateWorkingDir
            if not workdir.startswith("/"):
                raise InvalidParameter(f"the working directory '{workdir}' is invalid, it needs to be an absolute path")
            workdir = posixpath.normpath(workdir)
        if name:
            if not re.fullmatch(r"/?[a-zA-Z0-9][a-zA-Z0-9_.-]+", name):
                raise InvalidContainerName(name)
            name = name.lstrip("/")
            self.containers.check_name(name)
        self.graph.check_storage_opt(hc.get("StorageOpt") or {})
        if image.top_layer is not None and not overlay_room(image.top_layer, above=1):
            raise System(MAX_DEPTH_EXCEEDED)  # the init layer fits on the image, the container's own does not
        entry = list(entrypoint) if entrypoint is not None else list(cfg.get("Entrypoint") or [])
        command = list(cmd) if cmd else ([] if entrypoint is not None else list(cfg.get("Cmd") or []))
        argv = entry + command
        if not argv:
            raise NoCommand()
        requested = [m for source in volumes_from for m in self._volumes_from(source)]
        requested += [spec.parse_bind(b, volume_driver) for b in binds]
        requested += [spec.parse_mount(m, exists=self.fs.lexists) for m in mounts]
        requested += [spec.parse_tmpfs(target, opts) for target, opts in (tmpfs or {}).items()]
        wanted = list(cfg.get("Volumes") or {}) + [v for v in volumes if v not in (cfg.get("Volumes") or {})]
        points = setup.register(self.volumes, requested, wanted)
        setup.check_image_paths([layer.root for layer in reversed(image.layers)],
                                [p.destination for p in points if p not in requested])
        cid = self.ids.hex("container")
        given_keys = {item.partition("=")[0] for item in env}  # moby's merge: the request's, then the image's others
        merged_env = list(env) + [e for e in cfg.get("Env") or [] if e.partition("=")[0] not in given_keys]
        container_config: dict[str, Any] = {
            "Hostname": given.get("Hostname") or cid[:12], "Domainname": given.get("Domainname", ""),
            "User": user or cfg.get("User", ""), "AttachStdin": given.get("AttachStdin", False),
            "AttachStdout": given.get("AttachStdout", True), "AttachStderr": given.get("AttachStderr", True),
            "ExposedPorts": dict(sorted({**(cfg.get("ExposedPorts") or {}), **(given.get("ExposedPorts") or {})}
                                        .items())) or None,
            "Tty": tty, "OpenStdin": open_stdin, "StdinOnce": given.get("StdinOnce", False), "Env": merged_env,
            "Cmd": command or None, "Healthcheck": given.get("Healthcheck") or cfg.get("Healthcheck"),
            "Image": image_ref, "Volumes": {v: {} for v in wanted} or None,
            "WorkingDir": workdir or cfg.get("WorkingDir", ""),
            "Entrypoint": entry or None, "OnBuild": None, "Labels": {**(cfg.get("Labels") or {}), **(labels or {})},
            "StopSignal": given.get("StopSignal") or cfg.get("StopSignal"), "StopTimeout": given.get("StopTimeout"),
        }
        container_config = {k: v for k, v in container_config.items()
                            if v is not None or k in ("Cmd", "Entrypoint", "OnBuild", "Volumes")}
        container = Container(
            id=cid, name=name or generate_name(self.ids, self.containers.names()), image=image, image_ref=image_ref,
            path=argv[0], args=argv[1:], config=container_config, host_config=hc, created=self.clock.now,
            mount_id=self.ids.hex("cache-id"), upper=Dir(), init=init_layer(self.clock.now),
        )
        setup.create_volumes(self.volumes, points, [p for p in points if p not in requested])
        for mp in points:
            if mp.type == "bind" and mp.create_source and not self.fs.lexists(mp.source):
                self.fs.mkdir(mp.source, 0o755, parents=True)  # -v makes a missing source, as root
        setup.populate(self.fs, [layer.root for layer in reversed(image.layers)], points)
        container.mounts = points
        self.containers.add(container)
        if image.top_layer is not None:
            self.layers.retain(image.top_layer)
        self.graph.create_rw(container, list(image.layers), self.ids)
        self.data_root.add_container(container)
        self._save_container(container)
        self.events.emit("ContainerCreated", cid, name=container.name)
        self.events_service.container(container, "create")
        return container

    def _save_container(self, c: Container) -> None:
        self.data_root.write_container_state(c, self.container_json(c))

    # ---------------------------------------------------------------- running

    def container_fs(self, c: Container) -> MountNamespace:
        """What the container's processes see: the overlay, Docker's bind-mounted /etc files, and runc's /dev."""
        fs = c.rootfs(clock=self.clock, events=self.events)
        if c.host_config.get("ReadonlyRootfs"):
            fs = FileSystem(None, [c.upper, *c.lowers], clock=self.clock)
        if self.fs.capacity is not None:  # the upper directory is on the disk that holds the data root
            fs.capacity = functools.partial(_space_at, self.fs.capacity, self.data_root.root)
        base = f"{self.data_root.root}/containers/{c.id}"
        mounts = [Mount(f"/etc/{name}", self.fs, f"{base}/{name}") for name in ("resolv.conf", "hostname", "hosts")]
        if c.dev is None:
            c.dev = dev_tree(self.clock.now)
        mounts.append(Mount("/dev", FileSystem(c.dev, clock=self.clock), "/", kind="tmpfs"))
        mounts += setup.namespace_mounts(self.fs, c, self.clock)
        table = functools.partial(self.mount_table, c)  # a copy of the host copies it with its engine
        mounts.append(Mount("/proc", ProcFS(table, self.clock), "/", kind="proc"))
        mounts.append(Mount("/sys", FileSystem(None, [sys_tree(self.clock.now)]), "/", readonly=True, kind="sysfs"))
        return MountNamespace(fs, mounts, table)

    def host_mounts(self, starting: Container | None = None) -> HostMounts:
        """The mount table of the host the daemon runs on (``machine``, given by the host), or of a default
        Debian 12 host; ``starting`` is a container whose root is mounted before it is running."""
        if self.machine is not None:
            return self.machine(starting)
        return HostMounts(self.fs, HostSpec(), self, list, starting)

    def mount_table(self, c: Container) -> list[MountEntry]:
        """What the container's ``/proc/self/mountinfo`` lists."""
        def used(target: str) -> int:
            return disk_usage(c.tmpfs[target], shared_extents=True) if target in c.tmpfs else 0

        return container_table(self.host_mounts(c), self, c, used)

    def start_container(self, c: Container, stdin: bytes | None = None) -> None:
        """Start the main process: a known server stays Up, a script runs until it ends or waits (then it is Up
        too, and goes on as time passes); see :mod:`storagekit.runc.process`. ``stdin`` is what a client attached
        to its input sends (``docker run -i``)."""
        if c.running:
            return
        setup.make_mountpoints(c.rootfs(clock=self.clock), self.fs, c.mounts)
        self._log_volume_mounts(c, "mount")
        try:
            started = runc.start(self.container_fs(c), [c.path, *c.args], cwd=c.config.get("WorkingDir") or "/",
                                 env=container_env(c), user=c.config.get("User", ""), runner=self.runner,
                                 now=self.clock.isoformat(), instance=c.id,
                                 interactive=bool(c.config.get("OpenStdin")),
                                 group_add=tuple(c.host_config.get("GroupAdd") or ()),
                                 caps=hostconfig.capabilities(c.host_config), stdin=stdin)
        except runc.StartError as exc:
            self._log_volume_mounts(c, "unmount")  # moby's Cleanup after a failed start
            self._failed_to_start(c, ExecStartError(exc.message))
        c.started_at, c.finished_at, c.exit_code, c.error = self.clock.now, None, 0, ""
        c.shim_pid, c.pid, c.uid = top.fork(self), top.fork(self), started.cred.uid if started.cred else 0
        c.logs.extend((self.clock.now, stream, line) for stream, line in started.logs)
        self.events_service.container(c, "start")
        if started.code is None:
            c.state, c.process = "running", started.server
            if started.process is not None:
                self.background[c.id] = started.process
            self.graph.mount(c)
            self.data_root.mount_container(c)
        else:
            self._exited(c, started.code)
        self._save_container(c)
        self.events.emit("ContainerStarted", c.id, program=started.program)

    def _log_volume_mounts(self, c: Container, action: str) -> None:
        """The ``mount`` moby logs for each volume as it sets up a start, or the ``unmount`` as it cleans up."""
        for mp in c.mounts:
            if mp.type != "volume":
                continue
            if action == "mount":
                self.events_service.volume(mp.name, "mount", container=c.id, destination=mp.destination,
                                           driver=mp.driver or "local", propagation=mp.propagation,
                                           **{"read/write": "true" if mp.rw else "false"})
            else:
                self.events_service.volume(mp.name, "unmount", container=c.id, driver=mp.driver or "local")

    def restart_container(self, c: Container) -> None:
        """The start half of ``docker restart``, after the stop."""
        c.restart_count += 1
        self.start_container(c)
        self.events_service.container(c, "restart")

    def attach_container(self, c: Container) -> None:
        """A client attaches to the container's output (``docker run`` without ``-d``, ``docker start -a``)."""
        self.events_service.container(c, "attach")

    def _failed_to_start(self, c: Container, error: ExecStartError) -> None:
        """moby's ``containerStart`` on failure: the container stays created, with the error and an exit code
        (``setExitCodeFromError``) in its state; one made with ``--rm`` is removed. Raises ``error``."""
        c.exit_code, c.error = error.exit_code, error.message
        self._save_container(c)
        if c.host_config.get("AutoRemove"):
            self.remove_container(c, force=True, volumes=True)
        raise error

    def catch_up(self) -> None:
        """Let each running container's waiting main process go on to the present: every wait that has ended lets
        it run to the next (its output to the logs, stamped when it printed it); one that ends exits its
        container."""
        for cid, process in list(self.background.items()):
            c = next((x for x in self.containers if x.id == cid), None)
            if c is None:
                continue
            for when, out, err in runc.catch_up(process, self.clock.now):
                c.logs.extend((when, "stdout", line) for line in out.splitlines())
                c.logs.extend((when, "stderr", line) for line in err.splitlines())
            if process.code is not None:
                self._exited(c, process.code)
                self._save_container(c)

    def process_ended(self, c: Container, code: int) -> None:
        """The main process ended of itself (an interactive shell's ``exit``): the container exits with its status."""
        self._exited(c, code)
        self._save_container(c)
        self.events.emit("ContainerStopped", c.id, exit_code=code)

    def _exited(self, c: Container, code: int) -> None:
        process = self.background.pop(c.id, None)
        if process is not None:  # whatever ended the container ended its waiting process
            process.kill()
        c.state, c.exit_code, c.finished_at, c.process, c.dev = "exited", code, self.clock.now, "", None
        c.pid = c.shim_pid = 0
        c.tmpfs.clear()  # tmpfs lives in memory: what was there is gone
        self.graph.unmount(c)
        self.data_root.unmount_container(c)
        self._log_volume_mounts(c, "unmount")
        self.events_service.container(c, "die", exitCode=str(code),
                                      execDuration=str(max(0, self.clock.now - (c.started_at or self.clock.now))))

    def stop_container(self, c: Container, timeout: int | None = None, signal: str = "") -> int:
        """Returns the seconds the stop took (the grace period when PID 1 ignores its stop signal): ``timeout``,
        else the container's own (``--stop-timeout``), else 10 s. The stop signal is ``signal`` (``docker stop
        -s``), else the container's (``--stop-signal``, STOPSIGNAL), else SIGTERM."""
        if not c.running:
            return 0
        if timeout is None:
            timeout = c.config.get("StopTimeout", STOP_TIMEOUT)
        handles, signal = runc.handled_signals(c.process), signal or c.config.get("StopSignal") or "SIGTERM"
        if timeout < 0 and runc.signal_outcome(handles, signal) is None:
            raise NotSimulated("a stop with a negative timeout waits for ever for a process that ignores its stop "
                               "signal; that wait is not simulated.")
        code, seconds = runc.stop_outcome(handles, signal, timeout)
        self._log_kill(c, signal)
        self.clock.advance(seconds)
        if runc.signal_outcome(handles, signal) is None:
            self._log_kill(c, "KILL")  # the grace period ran out
        self._exited(c, code)
        self._save_container(c)
        self.events.emit("ContainerStopped", c.id, exit_code=code)
        self.events_service.container(c, "stop")
        return seconds

    def _log_kill(self, c: Container, signal: str) -> None:
        name = runc.parse_signal(signal) or signal
        self.events_service.container(c, "kill", signal=str(runc.SIGNALS.get(name, name)))

    def kill_container(self, c: Container, signal: str = "KILL") -> None:
        if not c.running:
            raise ContainerNotRunning(c.id).wrapped(f"cannot kill container: {c.name}")
        code = runc.signal_outcome(runc.handled_signals(c.process), signal)
        self._log_kill(c, signal)
        if code is None:
            return  # PID 1 ignores a signal it has no handler for: the container runs on
        self._exited(c, code)
        self._save_container(c)

    def exec_in(self, c: Container, argv: list[str], *, workdir: str = "", env: Sequence[str] = (),
                user: str = "", privileged: bool = False, stdin: bytes | None = None,
                tty: bool = False) -> tuple[int, str, str]:
        """``docker exec``: as the container's user unless ``user`` says otherwise, always with its ``--group-add``
        groups (moby's ``getUser`` adds them to every process); ``privileged`` gives the process every
        capability; it reads ``stdin`` (``-i``); with ``tty`` (``-t``) its ``TERM`` is ``xterm``."""
        if not c.running:
            raise ContainerNotRunning(c.id)
        exec_id = self.ids.hex("exec")
        command = f"{argv[0]} {' '.join(argv[1:])}"
        self.events_service.container(c, f"exec_create: {command}", execID=exec_id)
        self.events_service.container(c, f"exec_start: {command}", execID=exec_id)
        base = container_env(c, env, tty=tty)
        fs = self.container_fs(c)
        signals: list[str] = []
        caps = hostconfig.capabilities({**c.host_config, "Privileged": privileged or c.host_config["Privileged"]})
        try:
            user = user or c.config.get("User", "")  # exec runs as the container's user unless told otherwise
            cwd = workdir or c.config.get("WorkingDir") or "/"
            cred = runc.check_exec(fs, argv, base, user, group_add=tuple(c.host_config.get("GroupAdd") or ()),
                                   caps=caps, cwd=cwd)
            result = self.runner(fs, argv, cwd=cwd, env=base, user=user,
                                 groups=cred.groups, caps=caps, merge_stderr=False, signal_main=signals.append,
                                 stdin=stdin)
        except runc.StartError as exc:
            raise ExecStartError(exc.message) from None
        self.events_service.container(c, "exec_die", execID=exec_id, exitCode=str(result[0]))
        code = runc.signal_from_inside(runc.handled_signals(c.process), signals[-1]) if signals else None
        if code is not None:  # kill 1 ended the main process, and the container with it
            self._exited(c, code)
            self.events.emit("ContainerStopped", c.id, exit_code=code)
        self._save_container(c)
        return result

    # ---------------------------------------------------------------- removal

    def remove_container(self, c: Container, *, force: bool = False, volumes: bool = False) -> None:
        """``docker rm``; with ``volumes`` (``-v``, ``--rm``) its anonymous volumes go too, unless another
        container still uses them."""
        if c.running and not force:
            raise ContainerRunning(c.name)
        if c.running:
            self.kill_container(c)
        del self.containers.containers[c.id]
        if volumes:
            for mp in c.mounts:
                volume = self.volumes.volumes.get(mp.name) if mp.type == "volume" and mp.anonymous else None
                if volume is not None and not setup.users_of(self.containers, volume):
                    self.volumes.remove(volume, [])
        self.graph.remove_rw(c)
        self.data_root.remove_container(c)
        self._release(c.image.top_layer)
        self.events.emit("ContainerRemoved", c.id)
        self.events_service.container(c, "destroy")

    def _volumes_from(self, text: str) -> list:
        """``--volumes-from NAME[:ro|rw]``: the other container's volumes and binds, at the same targets."""
        name, _, mode = text.partition(":")
        if mode and mode not in ("ro", "rw"):
            raise InvalidMode(mode)
        source = self.containers.resolve(name)
        points = []
        for mp in source.mounts:
            if mp.type == "tmpfs":
                continue
            copy = dataclasses.replace(mp, rw=mp.rw if not mode else mode == "rw", spec=dict(mp.spec))
            copy.create_source = copy.anonymous = False  # the volume is the other container's to remove
            points.append(copy)
        return points

    def rename_container(self, c: Container, new: str) -> None:
        new = new.lstrip("/")
        if new == c.name:
            raise InvalidParameter("Renaming a container with the same name as its current name")
        try:
            self.containers.check_name(new)
        except ContainerNameInUse as exc:
            raise exc.wrapped("Error when allocating new name") from None
        old, c.name = c.name, new
        self._save_container(c)
        self.events_service.container(c, "rename", oldName="/" + old)

    def commit_container(self, c: Container, repo: str = "", *, message: str = "", author: str = "",
                         changes_cfg: dict | None = None) -> Image:
        """``docker commit``: the upper directory becomes one new layer on top of the container's image."""
        from storagekit.fs.tar import tarred_copy

        ref = refs.parse(repo).with_default_tag() if repo else None  # refused before any layer is made
        image = c.image
        layer_root = tarred_copy(c.layer_tree(self.clock.now))  # a copy, as a real commit tars it
        top = self.register_layer(layer_root, image.top_layer)
        cfg = dict(image.config.get("config") or {})
        cfg.update(changes_cfg or {})
        history = list(image.config.get("history") or [])
        row = {"created": self.clock.isoformat(), "created_by": c.command}
        if author:
            row["author"] = author
        if message:
            row["comment"] = message
        history.append(row)
        config = make_config(architecture="amd64", os="linux", created=self.clock.isoformat(), container_config=cfg,
                             history=history, diff_ids=[layer.diff_id for layer in top.chain],
                             extra={"author": author} if author else None)
        committed = self.commit(config, top, parent=image.id)
        self.log_image_event(committed.id, committed.id, "create")
        if ref is not None:
            self.tag(ref, committed)
        self.events_service.container(c, "commit", comment=message, imageID=committed.id,
                                      imageRef=str(ref) if ref is not None else "")
        return committed

    def container_changes(self, c: Container) -> list[tuple[str, str]]:
        return c.changes()

    def container_json(self, c: Container) -> dict:
        """``GET /containers/{id}/json``, the fields the course reads."""
        root = self.data_root.root
        return apitypes.struct("ContainerInspect", {
            "Id": c.id, "Created": self.clock.isoformat(c.created, nanos=True), "Path": c.path, "Args": c.args,
            "State": {
                "Status": c.state, "Running": c.state == "running", "Paused": False, "Restarting": False,
                "OOMKilled": False, "Dead": False, "Pid": c.pid if c.running else 0, "ExitCode": c.exit_code,
                "Error": c.error,
                "StartedAt": self.clock.isoformat(c.started_at, nanos=True) if c.started_at else "0001-01-01T00:00:00Z",
                "FinishedAt": self.clock.isoformat(c.finished_at,
                                                   nanos=True) if c.finished_at else "0001-01-01T00:00:00Z",
            },
            "Image": c.image.id,
            "ResolvConfPath": f"{root}/containers/{c.id}/resolv.conf",
            "HostnamePath": f"{root}/containers/{c.id}/hostname",
            "HostsPath": f"{root}/containers/{c.id}/hosts",
            "LogPath": f"{root}/containers/{c.id}/{c.id}-json.log",
            "Name": "/" + c.name, "RestartCount": c.restart_count, "Driver": self.graph.name, "Platform": "linux",
            "MountLabel": "", "ProcessLabel": "", "AppArmorProfile": "", "ExecIDs": None,
            "HostConfig": c.host_config,
            "GraphDriver": {"Data": self.graph.container_data(c), "Name": self.graph.name},
            "Mounts": [mp.inspect() for mp in sorted(c.mounts, key=lambda m: m.destination) if mp.listed],
            "Config": c.config,
        })


def _space_at(capacity, where: str, path: str):
    """The space of the filesystem at ``where``, whatever the path inside the container."""
    return capacity(where)
