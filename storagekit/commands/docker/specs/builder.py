"""Specs of ``docker builder`` as docker/cli 28 defines it: the legacy builder's group.

Only reached when BuildKit is turned off (``DOCKER_BUILDKIT=0``) or buildx is
missing; otherwise docker hands ``docker builder ...`` to buildx.
"""

from __future__ import annotations

from dataclasses import replace

from storagekit.commands.docker.command import Command, no_args
from storagekit.commands.cli.flags import Flag
from storagekit.commands.docker.specs.image import IMAGE_BUILD

_BUILDER_PRUNE = (
    Flag("all", "bool", "Remove all unused build cache, not just dangling ones", short="a"),
    Flag("filter", "filter", "Provide filter values (e.g. \"until=24h\")"),
    Flag("force", "bool", "Do not prompt for confirmation", short="f"),
    Flag("keep-storage", "bytes", "Amount of disk space to keep for cache"),
)


COMMANDS = [
    Command(("builder",), "builder", "Manage builds", args_check=no_args),
    replace(IMAGE_BUILD, path=("builder", "build"), canonical=("image", "build"), children=[]),
    Command(("builder", "prune"), "prune", "Remove build cache", flags=_BUILDER_PRUNE, args_check=no_args),
]
