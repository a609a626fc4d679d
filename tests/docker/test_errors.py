"""Each daemon error: its errdefs category, the HTTP status moby answers with, and moby's words (v28.2.2)."""

from __future__ import annotations

import pytest

from storagekit.docker import errors as e

CID = "4f66ad9a0b2e" + "0" * 52
IMAGE = "sha256:" + "ab12cd34ef56" + "7" * 52

ERRORS = [
    # invalid parameter: 400
    (e.AmbiguousPrefix("4f"), e.InvalidParameter, 400, "multiple IDs found with provided prefix: 4f"),
    (e.InvalidContainerName("-x"), e.InvalidParameter, 400,
     "Invalid container name (-x), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"),
    (e.VolumeNameTooShort("a"), e.InvalidParameter, 400,
     "create a: volume name is too short, names should be at least two alphanumeric characters"),
    (e.VolumeNameInvalid("a b"), e.InvalidParameter, 400,
     'create a b: "a b" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are '
     "allowed. If you intended to pass a host directory, use absolute path"),
    (e.InvalidReference(), e.InvalidParameter, 400, "invalid reference format"),
    (e.InvalidReference("repository name (library/UP) must be lowercase"), e.InvalidParameter, 400,
     "invalid reference format: repository name (library/UP) must be lowercase"),
    (e.InvalidFilter("color"), e.InvalidParameter, 400, "invalid filter 'color'"),
    (e.InvalidFilter("dangling", "[maybe]"), e.InvalidParameter, 400, "invalid filter 'dangling=[maybe]'"),
    (e.InvalidFilter("all", reason='strconv.ParseBool: parsing "x": invalid syntax'), e.InvalidParameter, 400,
     "invalid filter 'all': strconv.ParseBool: parsing \"x\": invalid syntax"),
    (e.InvalidMount("volume", "field Target must not be empty"), e.InvalidParameter, 400,
     'invalid mount config for type "volume": field Target must not be empty'),
    (e.BindSourceNotFound("/data/other"), e.InvalidMount, 400,
     'invalid mount config for type "bind": bind source path does not exist: /data/other'),
    (e.InvalidVolumeSpec("/a:b:c:d"), e.InvalidParameter, 400, "invalid volume specification: '/a:b:c:d'"),
    (e.InvalidVolumeSpec("x:/", "why"), e.InvalidParameter, 400, "invalid volume specification: 'x:/': why"),
    (e.InvalidMode("rw,ro"), e.InvalidParameter, 400, "invalid mode: rw,ro"),
    (e.DuplicateMountPoint("/data"), e.InvalidParameter, 400, "Duplicate mount point: /data"),
    (e.NoCommand(), e.InvalidParameter, 400, "no command specified"),
    # forbidden: 403
    (e.ReservedName("scratch"), e.Forbidden, 403, "'scratch' is a reserved name"),
    # not found: 404
    (e.NoSuchContainer("web"), e.NotFound, 404, "No such container: web"),
    (e.NoSuchImage("nope:latest"), e.NotFound, 404, "No such image: nope:latest"),
    (e.NoSuchVolume("data"), e.NotFound, 404, "get data: no such volume"),
    (e.VolumePluginNotFound("data", "nfs"), e.NotFound, 404,
     'create data: error looking up volume plugin nfs: plugin "nfs" not found'),
    (e.PullAccessDenied("nosuch/app"), e.NotFound, 404,
     "pull access denied for nosuch/app, repository does not exist or may require 'docker login': denied: "
     "requested access to the resource is denied"),
    (e.ContainerFileNotFound("/etc/x", "web"), e.NotFound, 404, "Could not find the file /etc/x in container web"),
    # conflict: 409
    (e.ContainerNameInUse("web", CID), e.Conflict, 409,
     f'Conflict. The container name "/web" is already in use by container "{CID}". You have to remove (or rename) '
     "that container to be able to reuse that name."),
    (e.ContainerRunning("web"), e.Conflict, 409,
     'cannot remove container "/web": container is running: stop the container before removing or force remove'),
    (e.ContainerNotRunning(CID), e.Conflict, 409, f"container {CID} is not running"),
    (e.VolumeInUse("keep", [CID, "b" * 64]), e.Conflict, 409, f"remove keep: volume is in use - [{CID}, {'b' * 64}]"),
    (e.ImageDeleteConflict(IMAGE, "image has dependent child images", hard=True), e.Conflict, 409,
     "conflict: unable to delete ab12cd34ef56 (cannot be forced) - image has dependent child images"),
    (e.ImageDeleteConflict(IMAGE, "image is referenced in multiple repositories", hard=False), e.Conflict, 409,
     "conflict: unable to delete ab12cd34ef56 (must be forced) - image is referenced in multiple repositories"),
    (e.ImageInUse(IMAGE, CID, running=True), e.ImageDeleteConflict, 409,
     "conflict: unable to delete ab12cd34ef56 (cannot be forced) - image is being used by running container "
     "4f66ad9a0b2e"),
    (e.ImageInUse(IMAGE, CID, running=False), e.ImageDeleteConflict, 409,
     "conflict: unable to delete ab12cd34ef56 (must be forced) - image is being used by stopped container "
     "4f66ad9a0b2e"),
    (e.RepositoryReferenceInUse("busybox", CID, IMAGE), e.Conflict, 409,
     'conflict: unable to remove repository reference "busybox" (must force) - container 4f66ad9a0b2e is using its '
     "referenced image ab12cd34ef56"),
    # system: 500
    (e.System("unexpected EOF"), e.DockerError, 500, "unexpected EOF"),
]


@pytest.mark.parametrize("error, category, status, message", ERRORS, ids=[type(x[0]).__name__ for x in ERRORS])
def test_each_error_has_its_category_status_and_words(error, category, status, message):
    assert isinstance(error, category) and isinstance(error, e.DockerError)
    assert (error.status, error.message, str(error)) == (status, message, message)


def test_a_wrapped_error_keeps_its_kind_and_says_where():
    """As Go's errors.Wrap: the router's context in front, the cause's category kept (kill, rename)."""
    outer = e.ContainerNotRunning(CID).wrapped("cannot kill container: web")
    assert isinstance(outer, e.ContainerNotRunning) and outer.status == 409
    assert outer.message == str(outer) == f"cannot kill container: web: container {CID} is not running"


@pytest.mark.parametrize("runc, code", [
    ('exec: "nosuch": executable file not found in $PATH: unknown', 127),
    ('exec: "/app": stat /app: no such file or directory: unknown', 127),
    ("error mounting: not a directory: unknown", 127),
    ('exec: "/etc": permission denied: unknown', 126),
    ('exec: "/etc": is a directory: unknown', 126),
    ("something else went wrong: unknown", 128),
])
def test_the_exit_code_the_daemon_records_for_a_process_that_could_not_start(runc, code):
    error = e.ExecStartError(f"OCI runtime exec failed: exec failed: unable to start container process: {runc}")
    assert (error.exit_code, error.status) == (code, 400)
