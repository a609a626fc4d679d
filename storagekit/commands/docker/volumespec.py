"""What the docker client does with ``-v`` before it asks the daemon: check the spec, sort it, fix relative paths.

docker/cli's ``volumespec`` parser refuses an empty spec, an empty section
between colons and more than three sections; a value with a source goes into
``HostConfig.Binds`` (a ``.``-prefixed relative source made absolute first, as
CLI 28.2 does), one without into ``Config.Volumes`` as an anonymous volume. The
daemon then applies its own rules (:mod:`storagekit.docker.volumes.spec`).
"""

from __future__ import annotations

from storagekit.fs import paths


def check(value: str) -> None:
    """The client's own refusals (``volumespec.Parse``); ValueError in its words."""
    if not value:
        raise ValueError("invalid empty volume spec")
    if len(value) <= 2:
        return  # always an anonymous volume's target (".", "/a")
    parts = value.split(":")
    if any(not p for p in parts):
        raise ValueError(f"invalid spec: {value}: empty section between colons")
    if len(parts) > 3:
        raise ValueError(f"invalid spec: {value}: too many colons")


def route(values: list[str], cwd: str) -> tuple[list[str], list[str]]:
    """``(Binds, anonymous targets)`` for the ``-v`` values, in the order given."""
    binds, anonymous = [], []
    for value in values:
        check(value)
        source, sep, rest = value.partition(":")
        if not sep or len(value) <= 2:
            anonymous.append(value)
            continue
        if source.startswith(".") and not source.startswith("/"):
            source = paths.normalize(paths.join(cwd, source))
        binds.append(f"{source}:{rest}")
    return binds, anonymous
