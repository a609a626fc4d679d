"""Each API server refusal: its reason, its HTTP status, and apimachinery's words."""

from __future__ import annotations

import pytest

from storagekit.k8s import errors as e
from storagekit.k8s.validation import FieldError

REQUIRED = FieldError("spec.accessModes", "Required", detail="at least 1 access mode is required")
ZERO = FieldError("spec.resources[storage]", "Invalid", "0", "must be greater than zero")

ERRORS = [
    (e.BadRequest('PersistentVolumeClaim in version "v1" cannot be handled as a PersistentVolumeClaim: x'),
     "BadRequest", 400, 'PersistentVolumeClaim in version "v1" cannot be handled as a PersistentVolumeClaim: x'),
    (e.Forbidden("persistentvolumeclaims", "data", "Only bound persistent volume claims can be expanded"),
     "Forbidden", 403,
     'persistentvolumeclaims "data" is forbidden: Only bound persistent volume claims can be expanded'),
    (e.NotFound("persistentvolumeclaims", "x"), "NotFound", 404, 'persistentvolumeclaims "x" not found'),
    (e.NotFound("statefulsets.apps", "web"), "NotFound", 404, 'statefulsets.apps "web" not found'),
    (e.MethodNotAllowed("events", "update"), "MethodNotAllowed", 405,
     'update is not supported on resources of kind "events"'),
    (e.AlreadyExists("storageclasses.storage.k8s.io", "fast"), "AlreadyExists", 409,
     'storageclasses.storage.k8s.io "fast" already exists'),
    (e.Conflict("persistentvolumeclaims", "data", "the object has been modified; please apply your changes to the "
                "latest version and try again"), "Conflict", 409,
     'Operation cannot be fulfilled on persistentvolumeclaims "data": the object has been modified; please apply '
     "your changes to the latest version and try again"),
    (e.Invalid("PersistentVolumeClaim", "c1", [REQUIRED]), "Invalid", 422,
     'PersistentVolumeClaim "c1" is invalid: spec.accessModes: Required value: at least 1 access mode is required'),
    (e.Invalid("PersistentVolumeClaim", "c1", [REQUIRED, ZERO]), "Invalid", 422,
     'PersistentVolumeClaim "c1" is invalid: [spec.accessModes: Required value: at least 1 access mode is required, '
     'spec.resources[storage]: Invalid value: "0": must be greater than zero]'),
    (e.Invalid("StatefulSet", "web", [REQUIRED, REQUIRED], group="apps"), "Invalid", 422,
     'StatefulSet.apps "web" is invalid: spec.accessModes: Required value: at least 1 access mode is required'),
]


@pytest.mark.parametrize("error, reason, status, message", ERRORS, ids=[type(x[0]).__name__ for x in ERRORS])
def test_each_refusal_has_its_reason_status_and_words(error, reason, status, message):
    assert isinstance(error, e.StatusError)
    assert (error.reason, error.status, error.message, str(error)) == (reason, status, message, message)


def test_invalid_keeps_what_kubectl_prints_from():
    """kubectl shows the bare kind and every cause; the message names the group and drops repeated causes."""
    error = e.Invalid("StatefulSet", "web", [REQUIRED, ZERO], group="apps")
    assert (error.kind, error.name, error.causes) == ("StatefulSet", "web", [REQUIRED, ZERO])
