"""The root of the error types a user can cause, shared by both engines.

    StorageKitError
     +-- APIError             a server refused a request; ``status`` is the HTTP status it answers with
     |    +-- storagekit.docker.errors.DockerError      the Docker daemon (moby's errdefs categories)
     |    +-- storagekit.k8s.errors.StatusError         the Kubernetes API server (apimachinery's reasons)
     +-- BuildError           a build stopped (parse error, failed step, missing file)
     +-- NotSimulated         the real server would take the request; the simulator does not model it

Each engine names its errors in its own module, after the real ones, with the
real words filled in from the ids. Nothing here knows how a client prints them:
``docker`` says ``Error response from daemon: ...``, ``kubectl`` says
``Error from server (NotFound): ...``, each in one place of its own.

Errors are raised before any state changes, or the operation that raised them
restores the state it touched, so a refused command leaves the host as it was.
"""

from __future__ import annotations

import errno
import os


class StorageKitError(Exception):
    """Root of every error a learner's input can cause."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class APIError(StorageKitError):
    """A request the server refused; ``status`` is the HTTP status of its answer."""

    status = 500

    def wrapped(self, context: str) -> APIError:
        """The same error with ``context: `` in front, as Go's ``errors.Wrap`` keeps the cause's kind."""
        outer = type(self).__new__(type(self))  # not copy.copy: that calls __init__ again, with other arguments
        outer.__dict__.update(self.__dict__)
        outer.message = f"{context}: {self.message}"
        outer.args = (outer.message,)
        return outer


class BuildError(StorageKitError):
    """A build failed; the message is what BuildKit prints after ``ERROR:``."""


class NotSimulated(StorageKitError):
    """A request the real server accepts and the simulator does not model. Clients say so in the simulator's own
    voice (``[storagekit] ...``) with a non-zero status, never as the real tool and never as a silent success."""


def errno_text(exc: OSError) -> str:
    """How Go words a failed system call (``syscall.Errno``'s ``Error()``): the C library's text, in lower case, as
    docker's and the kubelet's messages quote it (``open /x: no such file or directory``)."""
    return os.strerror(exc.errno or errno.EIO).lower()
