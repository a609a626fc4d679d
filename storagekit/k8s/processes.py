"""What a container's main process is in a Pod: its command line and its environment.

The command is the container's ``command`` (else the image's ENTRYPOINT)
followed by its ``args`` (else, without a ``command``, the image's CMD). The
container runtime starts it as it starts a Docker container's
(:mod:`storagekit.runc.process`), with the Pod's volumes mounted. An image the
catalogue does not hold is taken to run a server that ends on SIGTERM: the
simulator cannot know its programs.
"""

from __future__ import annotations

from storagekit.runc import messages
from storagekit.runc import process as runc

UNKNOWN_SERVER_HANDLES = ("TERM", "INT", "QUIT")
"""What the program of an image the catalogue does not hold is taken to handle."""


def command_line(container: dict, config: dict) -> list[str]:
    command = list(container.get("command") or config.get("Entrypoint") or [])
    args = container.get("args") or ([] if container.get("command") else config.get("Cmd") or [])
    return command + list(args)


def environment(pod: dict, container: dict, config: dict) -> dict[str, str]:
    """The image's ``Env``, then the container's ``env``, over the runtime's defaults; the hostname is the Pod's
    name."""
    return runc.environment(pod["metadata"]["name"], config.get("Env") or [],
                            {e["name"]: str(e.get("value", "")) for e in container.get("env") or [] if "name" in e})


def run_as(pod: dict, container: dict, config: dict | None) -> str:
    """Whom the container's processes run as, as a runc user spec: ``runAsUser`` (and ``runAsGroup``) of the
    container's securityContext over the Pod's, else the image's USER (containerd's ``generateUserString``)."""
    context = {**((pod.get("spec") or {}).get("securityContext") or {}), **(container.get("securityContext") or {})}
    if context.get("runAsUser") is None:
        return (config or {}).get("User", "")
    group = context.get("runAsGroup")
    return f"{context['runAsUser']}" + (f":{group}" if group is not None else "")


def start(fs, pod: dict, container: dict, config: dict | None, runner: runc.Runner, now: str) -> runc.Started:
    """Start the container's main process in ``fs``; :class:`~storagekit.runc.process.StartError` when the runtime
    cannot."""
    if config is None:
        return runc.Started("", None, handles=UNKNOWN_SERVER_HANDLES)
    return runc.start(fs, command_line(container, config),
                      cwd=container.get("workingDir") or config.get("WorkingDir") or "/",
                      env=environment(pod, container, config), user=run_as(pod, container, config), runner=runner,
                      now=now, instance=pod["metadata"]["uid"], daemon=messages.CONTAINERD,
                      interactive=bool(container.get("stdin") and container.get("tty")))
