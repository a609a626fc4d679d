"""What the Docker daemon answers when it refuses a request, named as moby names it.

    APIError (storagekit.sim.errors)
     +-- DockerError                 the daemon refused; ``status`` is the HTTP status of its answer
          +-- InvalidParameter       400  the request itself is wrong
          |    +-- AmbiguousPrefix           several containers start with that id prefix
          |    +-- InvalidContainerName
          |    +-- VolumeNameTooShort, VolumeNameInvalid
          |    +-- InvalidReference          an image reference outside the grammar
          |    +-- InvalidFilter             a ``--filter`` key or value the endpoint does not take
          |    +-- InvalidMount              a ``--mount`` the daemon refuses
          |    |    +-- BindSourceNotFound
          |    +-- InvalidVolumeSpec         a ``-v`` string the daemon refuses
          |    +-- InvalidMode
          |    +-- DuplicateMountPoint
          |    +-- NoCommand
          |    +-- ExecStartError            the runtime could not start the process (exit 126/127)
          +-- Forbidden              403
          |    +-- ReservedName
          +-- NotFound               404
          |    +-- NoSuchContainer, NoSuchImage, NoSuchVolume
          |    +-- VolumePluginNotFound
          |    +-- PullAccessDenied
          |    +-- ContainerFileNotFound
          +-- Conflict               409  the request clashes with the state things are in
          |    +-- ContainerNameInUse
          |    +-- ContainerRunning, ContainerNotRunning
          |    +-- VolumeInUse
          |    +-- ImageDeleteConflict       ``conflict: unable to delete ...``
          |    |    +-- ImageInUse
          |    +-- RepositoryReferenceInUse  ``conflict: unable to remove repository reference ...``
          +-- System                 500  the daemon failed doing what was asked

The categories are moby's ``errdefs`` kinds and the statuses those kinds map to
(``api/server/httpstatus``). The named classes carry moby's message templates,
filled from the ids; moby's source file is named in each docstring. Where moby
raises an unnamed ``errdefs.InvalidParameter(errors.New(...))``, so do we, with
the category class and the same words. How a client prints these
(``Error response from daemon: ...``) is the client's business, not the daemon's.
"""

from __future__ import annotations

from storagekit.sim.errors import APIError

CONTAINER_NAME_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]"
"""moby ``daemon/names``: what a container or local volume name may be made of."""
NOTHING_TO_RUN = ("not a directory", "executable file not found", "no such file or directory",
                  "system cannot find the file specified", "failed to run runc create/exec call")
"""What the runtime says when a process has nothing to run (``isInvalidCommand``, plus ENOTDIR)."""


class DockerError(APIError):
    """The Docker daemon refused a request (the root of every category below)."""


class InvalidParameter(DockerError):
    status = 400


class Forbidden(DockerError):
    status = 403


class NotFound(DockerError):
    status = 404


class Conflict(DockerError):
    status = 409


class System(DockerError):
    status = 500


# ------------------------------------------------------------- invalid parameter


class AmbiguousPrefix(InvalidParameter):
    """More than one container id starts with the prefix given (``container/view.go``)."""

    def __init__(self, prefix: str) -> None:
        super().__init__(f"multiple IDs found with provided prefix: {prefix}")


class InvalidContainerName(InvalidParameter):
    """``daemon/names.go`` ``reserveName``."""

    def __init__(self, name: str) -> None:
        super().__init__(f"Invalid container name ({name}), only {CONTAINER_NAME_CHARS} are allowed")


class VolumeNameTooShort(InvalidParameter):
    """The local driver's name check (``volume/local``), as the volume service reports it for ``create``."""

    def __init__(self, name: str) -> None:
        super().__init__(f"create {name}: volume name is too short, names should be at least two alphanumeric "
                         "characters")


class VolumeNameInvalid(InvalidParameter):
    """The local driver's name check (``volume/local``), as the volume service reports it for ``create``."""

    def __init__(self, name: str) -> None:
        super().__init__(f'create {name}: "{name}" includes invalid characters for a local volume name, only '
                         f'"{CONTAINER_NAME_CHARS}" are allowed. If you intended to pass a host directory, use '
                         "absolute path")


class VolumeOptionInvalid(InvalidParameter):
    """The local driver's option check (``volume/local`` ``validateOpts``), as the volume service reports it."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"create {name}: {reason}")


class InvalidReference(InvalidParameter):
    """distribution/reference's ``ErrReferenceInvalidFormat``, with its reason when it has one."""

    def __init__(self, reason: str = "") -> None:
        super().__init__("invalid reference format" + (f": {reason}" if reason else ""))


class InvalidFilter(InvalidParameter):
    """``api/types/filters`` ``invalidFilter``: an unknown key, or a value the key cannot take, and why."""

    def __init__(self, key: str, value: str | None = None, reason: str = "") -> None:
        shown = f"{key}={value}" if value is not None else key
        super().__init__(f"invalid filter '{shown}'" + (f": {reason}" if reason else ""))


class InvalidMount(InvalidParameter):
    """``volume/mounts`` ``errMountConfig``: a mount the daemon will not set up."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f'invalid mount config for type "{kind}": {detail}')


class BindSourceNotFound(InvalidMount):
    """A ``--mount type=bind`` whose source is not there (``-v`` would have created it)."""

    def __init__(self, path: str) -> None:
        super().__init__("bind", f"bind source path does not exist: {path}")


class InvalidVolumeSpec(InvalidParameter):
    """``volume/mounts`` ``errInvalidSpec``; ``reason`` is what the matching ``--mount`` check said."""

    def __init__(self, raw: str, reason: str = "") -> None:
        super().__init__(f"invalid volume specification: '{raw}'" + (f": {reason}" if reason else ""))


class InvalidMode(InvalidParameter):
    """``volume/mounts`` ``errInvalidMode``: the options after the last colon of ``-v`` or ``--volumes-from``."""

    def __init__(self, mode: str) -> None:
        super().__init__(f"invalid mode: {mode}")


class DuplicateMountPoint(InvalidParameter):
    """Two mounts at one target (``daemon/errors.go``)."""

    def __init__(self, destination: str) -> None:
        super().__init__(f"Duplicate mount point: {destination}")


class NoCommand(InvalidParameter):
    """Neither the image nor the request gives a command (``daemon/create.go``)."""

    def __init__(self) -> None:
        super().__init__("no command specified")


class ExecStartError(InvalidParameter):
    """The runtime could not start the process; the text is runc's, as the daemon relays it.

    ``exit_code`` is what the daemon records for it (``daemon/errors.go``
    ``setExitCodeFromError``): 126 when the file cannot be run, 127 when there
    is nothing to run, 128 for anything else.
    """

    @property
    def exit_code(self) -> int:
        text = self.message.lower()
        if "permission denied" in text or "is a directory" in text:
            return 126
        if any(s in text for s in NOTHING_TO_RUN):
            return 127
        return 128


# ----------------------------------------------------------------------- forbidden


class ReservedName(Forbidden):
    """``scratch`` names no image that can be pulled (``distribution/errors.go``)."""

    def __init__(self, name: str) -> None:
        super().__init__(f"'{name}' is a reserved name")


# ----------------------------------------------------------------------- not found


class NoSuchContainer(NotFound):
    """``daemon/errors.go`` ``objNotFoundError``: no container by that name, id or id prefix."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"No such container: {ref}")


class NoSuchImage(NotFound):
    """``daemon/images`` ``ErrImageDoesNotExist``; ``ref`` is the familiar reference (``ubuntu:latest``)."""

    def __init__(self, ref: str) -> None:
        super().__init__(f"No such image: {ref}")


class NoSuchVolume(NotFound):
    """The volume service's ``errNoSuchVolume``, for the operation that looked (``get``)."""

    def __init__(self, name: str, op: str = "get") -> None:
        super().__init__(f"{op} {name}: no such volume")


class VolumePluginNotFound(NotFound):
    """A volume driver no plugin provides (``volume/drivers``)."""

    def __init__(self, name: str, driver: str) -> None:
        super().__init__(f'create {name}: error looking up volume plugin {driver}: plugin "{driver}" not found')


class PullAccessDenied(NotFound):
    """The registry denied the pull (``distribution/errors.go`` ``notFoundError``)."""

    def __init__(self, repository: str) -> None:
        super().__init__(f"pull access denied for {repository}, repository does not exist or may require "
                         "'docker login': denied: requested access to the resource is denied")


class ContainerFileNotFound(NotFound):
    """``docker cp`` of a path the container does not have (``daemon/errors.go``)."""

    def __init__(self, path: str, container: str) -> None:
        super().__init__(f"Could not find the file {path} in container {container}")


# ------------------------------------------------------------------------ conflict


class ContainerNameInUse(Conflict):
    """``daemon/errors.go`` ``nameConflictError``."""

    def __init__(self, name: str, owner_id: str) -> None:
        super().__init__(f'Conflict. The container name "/{name}" is already in use by container "{owner_id}". '
                         "You have to remove (or rename) that container to be able to reuse that name.")


class ContainerRunning(Conflict):
    """``docker rm`` without ``-f`` of a container that runs (Engine 28's ``cleanupContainer``)."""

    def __init__(self, name: str, state: str = "running") -> None:
        super().__init__(f'cannot remove container "/{name}": container is {state}: '
                         "stop the container before removing or force remove")


class ContainerNotRunning(Conflict):
    """``daemon/errors.go`` ``errNotRunning``: ``exec`` or ``kill`` needs a running container."""

    def __init__(self, container_id: str) -> None:
        super().__init__(f"container {container_id} is not running")


class VolumeInUse(Conflict):
    """The volume service's ``errVolumeInUse``, naming the containers that still reference the volume."""

    def __init__(self, name: str, container_ids: list[str]) -> None:
        super().__init__(f"remove {name}: volume is in use - [{', '.join(container_ids)}]")


class ImageDeleteConflict(Conflict):
    """``daemon/images/image_delete.go`` ``imageDeleteConflict``: ``hard`` ones not even ``-f`` overrides."""

    def __init__(self, image_id: str, reason: str, *, hard: bool) -> None:
        force = "cannot be forced" if hard else "must be forced"
        super().__init__(f"conflict: unable to delete {_short(image_id)} ({force}) - {reason}")


class ImageInUse(ImageDeleteConflict):
    """A container (a running one: a hard conflict) uses the image."""

    def __init__(self, image_id: str, container_id: str, *, running: bool) -> None:
        state = "running" if running else "stopped"
        super().__init__(image_id, f"image is being used by {state} container {container_id[:12]}", hard=running)


class RepositoryReferenceInUse(Conflict):
    """Untagging the last name of an image a container uses would leave it dangling: ``-f`` is needed."""

    def __init__(self, reference: str, container_id: str, image_id: str) -> None:
        super().__init__(f'conflict: unable to remove repository reference "{reference}" (must force) - container '
                         f"{container_id[:12]} is using its referenced image {_short(image_id)}")


def _short(image_id: str) -> str:
    """``stringid.TruncateID``: 12 hex digits, without ``sha256:``."""
    return image_id.removeprefix("sha256:")[:12]
