"""Container operations of the daemon: create, start, stop, kill, exec, rm, rename, commit.

Mixed into :class:`storagekit.docker.engine.DockerEngine`. Each operation checks
everything that can refuse it before changing anything, and keeps the host's
``/var/lib/docker`` (the driver's directories, ``layerdb/mounts``, ``containers/``)
in step with the container's state.
"""

from __future__ import annotations

import dataclasses
import re

from storagekit.docker import reference as refs
from storagekit.docker import runtime
from storagekit.docker.containers import Container, ContainerStore, generate_name, init_layer
from storagekit.docker.images import Image, make_config
from storagekit.docker.volumes import setup, spec
from storagekit.fs import FileSystem, users
from storagekit.fs.devices import dev_tree
from storagekit.fs.mounts import Mount, MountNamespace
from storagekit.fs.nodes import Dir
from storagekit.sim.errors import Conflict, DockerError
from storagekit.sim.process import DEFAULT_PATH

STOP_TIMEOUT = 10



def container_env(c: Container) -> dict[str, str]:
    """The process environment: the config's Env, with Docker's default PATH when the image sets none."""
    env = {"PATH": DEFAULT_PATH, "HOSTNAME": c.id[:12], "HOME": "/root"}
    env.update(dict(e.split("=", 1) for e in c.config.get("Env") or [] if "=" in e))
    return env


class ExecStartError(DockerError):
    """The container's process could not start; the text is runc's, as the daemon relays it."""


def _check_user(fs, user: str) -> None:
    """The daemon looks the user up in the container's own /etc/passwd before it starts anything."""
    try:
        users.exec_user(fs, user)
    except users.UnknownUser as exc:
        raise ExecStartError(str(exc)) from None


class ContainerOps:
    containers: ContainerStore

    # ----------------------------------------------------------------- create

    def create_container(self, image: Image, image_ref: str, *, name: str = "", cmd: list[str] | None = None,
                         entrypoint: list[str] | None = None, env: list[str] = (), workdir: str = "", user: str = "",
                         tty: bool = False, open_stdin: bool = False, read_only: bool = False,
                         auto_remove: bool = False, binds: list[str] = (), mounts: list[dict] = (),
                         tmpfs: dict[str, str] | None = None, volumes: list[str] = (), volumes_from: list[str] = (),
                         volume_driver: str = "") -> Container:
        """Everything that can refuse the container is checked before anything is made."""
        cfg = image.config.get("config") or {}
        if name:
            if not re.fullmatch(r"/?[a-zA-Z0-9][a-zA-Z0-9_.-]+", name):
                raise DockerError(f"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
            name = name.lstrip("/")
            self.containers.check_name(name)
        entry = list(entrypoint) if entrypoint is not None else list(cfg.get("Entrypoint") or [])
        command = list(cmd) if cmd else ([] if entrypoint is not None else list(cfg.get("Cmd") or []))
        argv = entry + command
        if not argv:
            raise DockerError("no command specified")
        requested = [m for source in volumes_from for m in self._volumes_from(source)]
        requested += [spec.parse_bind(b, volume_driver) for b in binds]
        requested += [spec.parse_mount(m, exists=self.fs.lexists) for m in mounts]
        requested += [spec.parse_tmpfs(target, opts) for target, opts in (tmpfs or {}).items()]
        wanted = list(cfg.get("Volumes") or {}) + [v for v in volumes if v not in (cfg.get("Volumes") or {})]
        points = setup.register(self.volumes, requested, wanted)
        setup.check_image_paths([layer.root for layer in reversed(image.layers)],
                                [p.destination for p in points if p not in requested])
        cid = self.ids.hex("container")
        merged_env = list(cfg.get("Env") or [])
        for item in env:
            key = item.split("=", 1)[0]
            merged_env = [e for e in merged_env if e.split("=", 1)[0] != key] + [item]
        config = {
            "Hostname": cid[:12], "Domainname": "", "User": user or cfg.get("User", ""), "AttachStdin": False,
            "AttachStdout": True, "AttachStderr": True, "ExposedPorts": cfg.get("ExposedPorts"), "Tty": tty,
            "OpenStdin": open_stdin, "StdinOnce": False, "Env": merged_env, "Cmd": command or None,
            "Image": image_ref, "Volumes": {v: {} for v in wanted} or None,
            "WorkingDir": workdir or cfg.get("WorkingDir", ""),
            "Entrypoint": entry or None, "OnBuild": None, "Labels": cfg.get("Labels") or {},
            "StopSignal": cfg.get("StopSignal"),
        }
        config = {k: v for k, v in config.items() if v is not None or k in ("Cmd", "Entrypoint", "OnBuild", "Volumes")}
        host_config = {"Binds": list(binds) or None, "NetworkMode": "bridge",
                       "RestartPolicy": {"Name": "no", "MaximumRetryCount": 0}, "AutoRemove": auto_remove,
                       "VolumeDriver": volume_driver, "VolumesFrom": list(volumes_from) or None,
                       "ReadonlyRootfs": read_only, "Mounts": list(mounts) or None}
        if tmpfs:
            host_config["Tmpfs"] = dict(tmpfs)
        container = Container(
            id=cid, name=name or generate_name(self.ids, self.containers.names()), image=image, image_ref=image_ref,
            path=argv[0], args=argv[1:], config=config, host_config=host_config, created=self.clock.now,
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
        return container

    def _save_container(self, c: Container) -> None:
        self.data_root.write_container_state(c, self.container_json(c))

    # ---------------------------------------------------------------- running

    def container_fs(self, c: Container) -> MountNamespace:
        """What the container's processes see: the overlay, Docker's bind-mounted /etc files, and runc's /dev."""
        fs = c.rootfs(clock=lambda: self.clock.now, events=self.events)
        if c.host_config.get("ReadonlyRootfs"):
            fs = FileSystem(None, [c.upper, *c.lowers], clock=lambda: self.clock.now)
        base = f"{self.data_root.root}/containers/{c.id}"
        mounts = [Mount(f"/etc/{name}", self.fs, f"{base}/{name}") for name in ("resolv.conf", "hostname", "hosts")]
        if c.dev is None:
            c.dev = dev_tree(self.clock.now)
        mounts.append(Mount("/dev", FileSystem(c.dev, clock=lambda: self.clock.now), "/", kind="tmpfs"))
        mounts += setup.namespace_mounts(self.fs, c, lambda: self.clock.now)
        return MountNamespace(fs, mounts)

    def start_container(self, c: Container) -> None:
        """Start the main process: a known server stays Up; anything else runs now and exits."""
        if c.running:
            return
        env = container_env(c)
        setup.make_mountpoints(c.rootfs(clock=lambda: self.clock.now), self.fs, c.mounts)
        fs = self.container_fs(c)
        _check_user(fs, c.config.get("User", ""))
        daemon = runtime.classify(c, interactive=bool(c.config.get("OpenStdin")))
        prelude = None
        if daemon is None:  # a script that ends by starting a server runs its set-up first
            prelude = runtime.split_setup(runtime.past_entrypoint([c.path, *c.args]))
            daemon = runtime.classify_argv(prelude[2], interactive=False) if prelude else None
            prelude = prelude if daemon is not None else None
        program, _ = runtime.main_program([c.path, *c.args])
        if daemon is None and not self._findable(fs, c.path, env):
            raise ExecStartError(
                "failed to create task for container: failed to create shim task: OCI runtime create failed: runc "
                "create failed: unable to start container process: error during container init: "
                f'exec: "{c.path}": executable file not found in $PATH: unknown'
            )
        c.started_at, c.finished_at, c.pid = self.clock.now, None, 1
        if prelude is not None:
            code, out, err = self.runner(fs, prelude[0], cwd=c.config.get("WorkingDir") or "/", env=env,
                                         user=c.config.get("User", ""), merge_stderr=False)
            c.logs.extend((self.clock.now, "stdout", line) for line in out.splitlines())
            c.logs.extend((self.clock.now, "stderr", line) for line in err.splitlines())
            if code and prelude[1] == "&&":
                daemon = None
                self._exited(c, code)
        if daemon is not None:
            code, lines = runtime.start_daemon(c.id, daemon, fs, env, self.clock.isoformat())
            for stream, line in lines:
                c.logs.append((self.clock.now, stream, line))
            if code is None:
                c.state, c.process = "running", daemon.name
                self.graph.mount(c)
                self.data_root.mount_container(c)
            else:
                self._exited(c, code)
        elif prelude is None:  # runs until it ends, or until it sleeps for real: then it is Up
            waiting: list = []
            code, out, err = self.runner(fs, runtime.past_entrypoint([c.path, *c.args]),
                                         cwd=c.config.get("WorkingDir") or "/", env=env,
                                         user=c.config.get("User", ""), merge_stderr=False, blocking_sleep=True,
                                         background=waiting)
            if waiting:
                self.background[c.id] = waiting[0]
            c.logs.extend((self.clock.now, "stdout", line) for line in out.splitlines())
            c.logs.extend((self.clock.now, "stderr", line) for line in err.splitlines())
            if code is None:
                c.state, c.process = "running", "shell"
                self.graph.mount(c)
                self.data_root.mount_container(c)
            else:
                self._exited(c, code)
        self._save_container(c)
        self.events.emit("ContainerStarted", c.id, program=program)

    def _findable(self, fs: FileSystem, path: str, env: dict[str, str]) -> bool:
        if "/" in path:
            return fs.isfile(path)
        return any(fs.isfile(f"{d.rstrip('/')}/{path}") for d in env.get("PATH", "/usr/bin:/bin").split(":") if d)

    def catch_up(self) -> None:
        """Let each running container's sleeping main process go on to the present: every sleep that has ended
        lets it run to the next (its output to the logs), and one that ends exits its container."""
        for cid, process in list(self.background.items()):
            c = next((x for x in self.containers if x.id == cid), None)
            for _ in range(1000):
                if c is None or not process.due(self.clock.now):
                    break
                code, out, err = process.resume()
                c.logs.extend((self.clock.now, "stdout", line) for line in out.splitlines())
                c.logs.extend((self.clock.now, "stderr", line) for line in err.splitlines())
                if code is not None:
                    self.background.pop(cid, None)
                    self._exited(c, code)
                    self._save_container(c)
                    break

    def _exited(self, c: Container, code: int) -> None:
        process = self.background.pop(c.id, None)
        if process is not None:  # whatever ended the container ended its waiting process
            process.kill()
        c.state, c.exit_code, c.finished_at, c.pid, c.process, c.dev = "exited", code, self.clock.now, 0, "", None
        c.tmpfs.clear()  # tmpfs lives in memory: what was there is gone
        self.graph.unmount(c)
        self.data_root.unmount_container(c)

    def stop_container(self, c: Container, timeout: int = STOP_TIMEOUT) -> int:
        """Returns the seconds the stop took (the grace period when PID 1 ignores SIGTERM)."""
        if not c.running:
            return 0
        code, seconds = runtime.stop_outcome(c, c.process, timeout)
        self.clock.advance(seconds)
        self._exited(c, code)
        self._save_container(c)
        self.events.emit("ContainerStopped", c.id, exit_code=code)
        return seconds

    def kill_container(self, c: Container, signal: str = "KILL") -> None:
        if not c.running:
            raise Conflict(f"cannot kill container: {c.name}: container {c.id} is not running")
        self._exited(c, 137 if signal.upper().removeprefix("SIG") in ("KILL", "9") else 143)
        self._save_container(c)

    def exec_in(self, c: Container, argv: list[str], *, workdir: str = "", env: list[str] = (), user: str = "") -> tuple[int, str, str]:
        if not c.running:
            raise Conflict(f"container {c.id} is not running")
        base = container_env(c)
        base.update(dict(e.split("=", 1) for e in env if "=" in e))
        fs = self.container_fs(c)
        _check_user(fs, user or c.config.get("User", ""))
        if not self._findable(fs, argv[0], base):
            raise ExecStartError(
                "OCI runtime exec failed: exec failed: unable to start container process: "
                f'exec: "{argv[0]}": executable file not found in $PATH: unknown'
            )
        signals: list[str] = []
        result = self.runner(fs, argv, cwd=workdir or c.config.get("WorkingDir") or "/", env=base, user=user,
                             merge_stderr=False, signal_main=signals.append)
        daemon = runtime.DAEMONS.get(c.process)
        code = runtime.signal_outcome(daemon is not None and daemon.handles_term, signals[-1]) if signals else None
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
            raise Conflict(f'cannot remove container "/{c.name}": container is running: '
                           "stop the container before removing or force remove")
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

    def _volumes_from(self, text: str) -> list:
        """``--volumes-from NAME[:ro|rw]``: the other container's volumes and binds, at the same targets."""
        name, _, mode = text.partition(":")
        if mode and mode not in ("ro", "rw"):
            raise DockerError(f"invalid mode for volumes-from: {mode}")
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
        try:
            self.containers.check_name(new)
        except Conflict as exc:
            raise Conflict(f"Error when allocating new name: {exc.message}") from None
        c.name = new
        self._save_container(c)

    def commit_container(self, c: Container, repo: str = "", *, message: str = "", author: str = "",
                         changes_cfg: dict | None = None) -> Image:
        """``docker commit``: the upper directory becomes one new layer on top of the container's image."""
        from storagekit.fs.tar import layer_tar, read_layer_tar

        image = c.image
        layer_root = read_layer_tar(layer_tar(c.layer_tree(self.clock.now)))  # a copy, as a real commit tars it
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
        if repo:
            self.tag(refs.parse(repo).with_default_tag(), committed)
        return committed

    def container_changes(self, c: Container) -> list[tuple[str, str]]:
        return c.changes()

    def container_json(self, c: Container) -> dict:
        """``GET /containers/{id}/json``, the fields the course reads."""
        root = self.data_root.root
        return {
            "Id": c.id, "Created": self.clock.isoformat(c.created, nanos=True), "Path": c.path, "Args": c.args,
            "State": {
                "Status": c.state, "Running": c.state == "running", "Paused": False, "Restarting": False,
                "OOMKilled": False, "Dead": False, "Pid": c.pid if c.running else 0, "ExitCode": c.exit_code, "Error": "",
                "StartedAt": self.clock.isoformat(c.started_at, nanos=True) if c.started_at else "0001-01-01T00:00:00Z",
                "FinishedAt": self.clock.isoformat(c.finished_at, nanos=True) if c.finished_at else "0001-01-01T00:00:00Z",
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
        }

