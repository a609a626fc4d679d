"""What the OCI runtime says when a container's process cannot start, and how the layers above relay it.

runc reports ``unable to start container process`` (``error during container
init`` when the container is being created, not for an exec); the containerd
shim and the daemon prefix what they were doing. dockerd creates a task
``for container``; containerd's CRI plugin (the kubelet's runtime) creates a
``containerd task``. Every text ends as the daemons send it, with runc's
``: unknown`` error code.
"""

from __future__ import annotations

import os

from storagekit.sim.goquote import go_quote

DOCKERD = "failed to create task for container"
"""How dockerd words a failed start."""
CONTAINERD = "failed to create containerd task"
"""How containerd's CRI plugin (a kubelet's container runtime) words it."""


def not_in_path(program: str) -> str:
    """Go's ``exec.LookPath`` found no such program on ``$PATH`` (or no such file for a path)."""
    return f'exec: "{program}": executable file not found in $PATH'


def no_such_file(program: str) -> str:
    """A program given by its path that is not there, as runc's own stat reports it."""
    return f'exec: "{program}": stat {program}: no such file or directory'


def chdir_failed(cwd: str, code: int) -> str:
    """The process's working directory is not a directory there (runc's init ``chdir``s into it)."""
    return f"chdir to cwd ({go_quote(cwd)}) set in config.json failed: {os.strerror(code).lower()}"


def mount_failed(source: str, target: str, reason: str) -> str:
    return f'error mounting "{source}" to rootfs at "{target}": {reason}'


def create_failed(detail: str, daemon: str = DOCKERD) -> str:
    """``docker start`` / a kubelet's container start: runc could not create the container."""
    return (f"{daemon}: failed to create shim task: OCI runtime create failed: runc create failed: unable to start "
            f"container process: error during container init: {detail}: unknown")


def exec_failed(detail: str) -> str:
    """``docker exec`` / ``kubectl exec``: runc could not start the process in the running container."""
    return f"OCI runtime exec failed: exec failed: unable to start container process: {detail}: unknown"


def run_failed(detail: str) -> str:
    """A build step's container (BuildKit runs ``runc run``)."""
    return f"runc run failed: unable to start container process: error during container init: {detail}"
