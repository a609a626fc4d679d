"""What a container's main process is in a Pod: its command line, its environment, and whom it runs as.

The command is the container's ``command`` (else the image's ENTRYPOINT)
followed by its ``args`` (else, without a ``command``, the image's CMD). The
container runtime starts it as it starts a Docker container's
(:mod:`storagekit.runc.process`), with the Pod's volumes mounted, as the user
its securityContext names and with the groups containerd works out from it
(:mod:`~storagekit.k8s.securitycontext`). An image the catalogue does not hold
is taken to run a server that ends on SIGTERM: the simulator cannot know its
programs.
"""

from __future__ import annotations

from storagekit.k8s import securitycontext
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


def additional_gids(fs, pod: dict, container: dict, config: dict | None, volumes: list[dict]) -> tuple[int, ...]:
    """The groups containerd gives the container's processes besides their own (the OCI spec's
    ``additionalGids``): the user's group, the groups the image's /etc/group lists the user in (not with
    ``supplementalGroupsPolicy: Strict``), and the Pod's supplemental groups (:mod:`~storagekit.k8s.securitycontext`,
    ``volumes`` being the PVs it claims); :class:`~storagekit.runc.process.StartError` for an unknown user."""
    cred, _ = runc.credentials(fs, securitycontext.run_as(pod, container, config))
    own = (cred.gid,) if securitycontext.strict_groups(pod) else cred.groups
    return tuple(sorted({*own, *securitycontext.supplemental_groups(pod, volumes)}))


def start(fs, pod: dict, container: dict, config: dict | None, runner: runc.Runner, now: str,
          volumes: list[dict]) -> runc.Started:
    """Start the container's main process in ``fs``; :class:`~storagekit.runc.process.StartError` when the runtime
    cannot."""
    if config is None:
        return runc.Started("", None, handles=UNKNOWN_SERVER_HANDLES)
    return runc.start(fs, command_line(container, config),
                      cwd=container.get("workingDir") or config.get("WorkingDir") or "/",
                      env=environment(pod, container, config), user=securitycontext.run_as(pod, container, config),
                      groups=additional_gids(fs, pod, container, config, volumes), runner=runner,
                      now=now, instance=pod["metadata"]["uid"], daemon=messages.CONTAINERD,
                      interactive=bool(container.get("stdin") and container.get("tty")))
