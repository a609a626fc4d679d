"""What a container's main process does when the kubelet starts it.

The command is the container's ``command`` (else the image's ENTRYPOINT)
followed by its ``args`` (else, without a ``command``, the image's CMD). As in
the Docker engine (:mod:`storagekit.docker.runtime`), a known server keeps
running and writes what the real one writes at start-up; a ``sh -c`` script
that ends by starting one runs its set-up first; anything else runs to
completion in the image's shell, with the Pod's volumes mounted, and exits
with its status, unless it reaches a ``sleep`` that would really wait (the
docs' ``while true; do ...; sleep 5; done``): that one is still running. An
image the catalogue does not hold is taken to run a server: the simulator
cannot know its programs.
"""

from __future__ import annotations

from typing import Callable

from storagekit.docker import runtime as servers
from storagekit.sim.process import DEFAULT_PATH

Runner = Callable[..., tuple[int | None, str, str]]


class StartError(Exception):
    """The runtime could not start the process (exit code 128, reason StartError)."""


def command_line(container: dict, config: dict) -> list[str]:
    command = list(container.get("command") or config.get("Entrypoint") or [])
    args = container.get("args") or ([] if container.get("command") else config.get("Cmd") or [])
    return command + list(args)


def environment(pod: dict, container: dict, config: dict) -> dict[str, str]:
    env = {"PATH": DEFAULT_PATH, "HOSTNAME": pod["metadata"]["name"], "HOME": "/root"}
    env.update(dict(e.split("=", 1) for e in config.get("Env") or [] if "=" in e))
    env.update({e["name"]: str(e.get("value", "")) for e in container.get("env") or [] if "name" in e})
    return env


def run_as(pod: dict, container: dict, config: dict | None) -> str:
    """Whom the container's processes run as, as a runc user spec: ``runAsUser`` (and ``runAsGroup``) of the
    container's securityContext over the Pod's, else the image's USER (containerd's ``generateUserString``)."""
    context = {**((pod.get("spec") or {}).get("securityContext") or {}), **(container.get("securityContext") or {})}
    if context.get("runAsUser") is None:
        return (config or {}).get("User", "")
    group = context.get("runAsGroup")
    return f"{context['runAsUser']}" + (f":{group}" if group is not None else "")


def start(fs, pod: dict, container: dict, config: dict | None, runner: Runner, now: str,
          background: list | None = None) -> tuple[int | None, list[str], bool]:
    """Run the container's main process in ``fs``: ``(None, logs, handles SIGTERM)`` while it runs, ``(exit code,
    logs, ...)`` once it has ended. :class:`StartError` when it cannot start at all. A script that waits in a
    ``sleep`` is left in ``background``, to be resumed as time passes."""
    if config is None:
        return None, [], True
    argv = command_line(container, config)
    if not argv:
        raise StartError("no command specified")
    env = environment(pod, container, config)
    cwd = container.get("workingDir") or config.get("WorkingDir") or "/"
    interactive = bool(container.get("stdin") and container.get("tty"))
    daemon = servers.classify_argv(argv, interactive)
    if daemon is None and not findable(fs, argv[0], env):
        raise StartError("failed to create containerd task: failed to create shim task: OCI runtime create failed: "
                         "runc create failed: unable to start container process: error during container init: "
                         f'exec: "{argv[0]}": executable file not found in $PATH: unknown')
    logs: list[str] = []
    if daemon is None:
        prelude = servers.split_setup(servers.past_entrypoint(argv))
        daemon = servers.classify_argv(prelude[2], False) if prelude else None
        if daemon is not None:
            code, out, err = _run(runner, fs, prelude[0], cwd, env, run_as(pod, container, config))
            logs = out.splitlines() + err.splitlines()
            if code and prelude[1] == "&&":
                return code, logs, False
    if daemon is None:  # runs until it ends, or until it sleeps for real (a loop with a sleep): then it runs on
        code, out, err = _run(runner, fs, servers.past_entrypoint(argv), cwd, env, run_as(pod, container, config),
                              blocking_sleep=True, background=background)
        return code, out.splitlines() + err.splitlines(), False  # a shell as PID 1 ignores SIGTERM
    code, lines = servers.start_daemon(pod["metadata"]["uid"], daemon, fs, env, now)
    return code, logs + [line.format(app="app") for _, line in lines], daemon.handles_term


def findable(fs, path: str, env: dict[str, str]) -> bool:
    """Whether runc would find the program: a path that is a file, or a name in one of ``PATH``'s directories."""
    if "/" in path:
        return fs.isfile(path)
    return any(fs.isfile(f"{d.rstrip('/')}/{path}") for d in env.get("PATH", DEFAULT_PATH).split(":") if d)


def _run(runner: Runner, fs, argv: list[str], cwd: str, env: dict[str, str], user: str,
         blocking_sleep: bool = False, background: list | None = None) -> tuple[int | None, str, str]:
    try:
        return runner(fs, argv, cwd=cwd, env=env, user=user, merge_stderr=False, blocking_sleep=blocking_sleep,
                      background=background)
    except Exception as exc:  # noqa: BLE001 - runc's refusal to start the process
        raise StartError(getattr(exc, "message", str(exc))) from None
