"""The error types a user can cause, each carrying the real tool's words.

    StorageKitError
     +-- UsageError           a command line the real tool refuses before doing anything
     +-- DockerError          the daemon answered with an error (``status`` mirrors its HTTP code)
     +-- BuildError           a build stopped (parse error, failed step, missing file)

Errors are raised before any state changes, or the operation that raised them
restores the state it touched, so a refused command leaves the host as it was.
"""

from __future__ import annotations


class StorageKitError(Exception):
    """Root of every error a learner's input can cause."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(StorageKitError):
    """Refused by the command-line parser (unknown flag, wrong argument count)."""

    def __init__(self, message: str, *, status: int = 125) -> None:
        super().__init__(message)
        self.status = status


class DockerError(StorageKitError):
    """The Docker daemon refused a request; ``status`` is the HTTP status it would send."""

    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class NotFound(DockerError):
    def __init__(self, message: str) -> None:
        super().__init__(message, status=404)


class Conflict(DockerError):
    def __init__(self, message: str) -> None:
        super().__init__(message, status=409)


class BuildError(StorageKitError):
    """A build failed; the message is what BuildKit prints after ``ERROR:``."""
