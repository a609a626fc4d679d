"""What the Kubernetes API server answers when it refuses a request (apimachinery ``api/errors``).

    APIError (storagekit.sim.errors)
     +-- StatusError            a ``metav1.Status`` with ``reason`` and ``status`` (the HTTP code)
          +-- BadRequest        400  the body cannot be decoded (a wrong type, an unknown field, bad base64)
          +-- Forbidden         403  an admission plugin says no
          +-- NotFound          404  ``persistentvolumeclaims "x" not found``
          +-- MethodNotAllowed  405  the resource does not take that verb
          +-- AlreadyExists     409  ``persistentvolumeclaims "x" already exists``
          +-- Conflict          409  the object changed since it was read
          +-- RequestEntityTooLarge  413  the body is over 3 MiB
          +-- Invalid           422  validation failed, one field error or several

Each class builds the message as apimachinery's ``New...`` constructor does,
from the resource (``persistentvolumeclaims``, ``statefulsets.apps``) and the
name. Things the cluster reports later (a claim that stays Pending, a second
attach) are events on the object, not errors. How kubectl prints these
(``Error from server (NotFound): ...``) is kubectl's business.
"""

from __future__ import annotations

from collections.abc import Sequence

from storagekit.sim.errors import APIError
from storagekit.sim.goquote import go_quote


class StatusError(APIError):
    """The API server refused a request; ``reason`` names why, as ``metav1.StatusReason`` does."""

    reason = ""
    kind = ""
    """``details.kind``: the resource (or, for Invalid, the kind) the refusal is about."""
    name = ""
    """``details.name``: the object's name, if the refusal is about one."""


class BadRequest(StatusError):
    status, reason = 400, "BadRequest"


class Forbidden(StatusError):
    """``NewForbidden``: ``{resource} "{name}" is forbidden: {why}``."""

    status, reason = 403, "Forbidden"

    def __init__(self, resource: str, name: str, why: str) -> None:
        super().__init__(f"{resource} {go_quote(name)} is forbidden: {why}")
        self.kind, self.name = resource, name


class NotFound(StatusError):
    """``NewNotFound``: ``{resource} "{name}" not found``."""

    status, reason = 404, "NotFound"

    def __init__(self, resource: str, name: str) -> None:
        super().__init__(f"{resource} {go_quote(name)} not found")
        self.kind, self.name = resource, name


class MethodNotAllowed(StatusError):
    """``NewMethodNotSupported``: the resource does not take the verb."""

    status, reason = 405, "MethodNotAllowed"

    def __init__(self, resource: str, action: str) -> None:
        super().__init__(f"{action} is not supported on resources of kind {go_quote(resource)}")
        self.kind = resource


class AlreadyExists(StatusError):
    """``NewAlreadyExists``: ``{resource} "{name}" already exists``."""

    status, reason = 409, "AlreadyExists"

    def __init__(self, resource: str, name: str) -> None:
        super().__init__(f"{resource} {go_quote(name)} already exists")
        self.kind, self.name = resource, name


class Conflict(StatusError):
    """``NewConflict``: the update was made against an older version of the object."""

    status, reason = 409, "Conflict"

    def __init__(self, resource: str, name: str, why: str) -> None:
        super().__init__(f"Operation cannot be fulfilled on {resource} {go_quote(name)}: {why}")
        self.kind, self.name = resource, name


class RequestEntityTooLarge(StatusError):
    """``NewRequestEntityTooLargeError``: the request body is over the server's limit, read no further."""

    status, reason = 413, "RequestEntityTooLarge"

    def __init__(self, limit: int) -> None:
        super().__init__(f"Request entity too large: limit is {limit}")


class Invalid(StatusError):
    """``NewInvalid``: the object failed validation; ``causes`` are its field errors, in order.

    The message names the kind with its group (``StatefulSet.apps "web" is
    invalid: ...``), one cause as it is and several in brackets, as Go prints an
    error aggregate; ``kind`` is the bare kind, which kubectl shows.
    """

    status, reason = 422, "Invalid"

    def __init__(self, kind: str, name: str, causes: Sequence[object], group: str = "") -> None:
        texts = list(dict.fromkeys(str(c) for c in causes))
        shown = texts[0] if len(texts) == 1 else "[" + ", ".join(texts) + "]"
        qualified = f"{kind}.{group}" if group else kind
        super().__init__(f"{qualified} {go_quote(name)} is invalid" + (f": {shown}" if texts else ""))
        self.kind, self.name, self.causes = kind, name, list(causes)
