"""Specs of ``docker volume``, as docker/cli 28 defines them."""

from __future__ import annotations

from storagekit.commands.docker.command import Command, no_args, min_args, max_args, exact_args
from storagekit.commands.cli.flags import Flag
from storagekit.commands.docker.opts import validate_label
from storagekit.commands.docker.specs.common import FORMAT_HELP, INSPECT_FORMAT_HELP

_VOLUME_CREATE = (
    Flag("name", "string", "Specify volume name", hidden=True),
    Flag(
        "availability",
        "string",
        "Cluster Volume availability (\"active\", \"pause\", \"drain\")",
        default="active",
    ),
    Flag("driver", "string", "Specify volume driver name", short="d", default="local"),
    Flag("group", "string", "Cluster Volume group (cluster volumes)"),
    Flag("label", "list", "Set metadata for a volume", check=validate_label),
    Flag("limit-bytes", "bytes", "Minimum size of the Cluster Volume in bytes"),
    Flag("opt", "map", "Set driver specific options", short="o", shown="map[]"),
    Flag("required-bytes", "bytes", "Maximum size of the Cluster Volume in bytes"),
    Flag("scope", "string", "Cluster Volume access scope (\"single\", \"multi\")", default="single"),
    Flag("secret", "map", "Cluster Volume secrets", shown="map[]"),
    Flag(
        "sharing",
        "string",
        "Cluster Volume access sharing (\"none\", \"readonly\", \"onewriter\", \"all\")",
        default="none",
    ),
    Flag("topology-preferred", "list", "A topology that the Cluster Volume would be preferred in"),
    Flag("topology-required", "list", "A topology that the Cluster Volume must be accessible from"),
    Flag("type", "string", "Cluster Volume access type (\"mount\", \"block\")", default="block"),
)

_VOLUME_INSPECT = (
    Flag("format", "string", INSPECT_FORMAT_HELP, short="f"),
)

_VOLUME_LS = (
    Flag("cluster", "bool", "Display only cluster volumes, and use cluster volume list formatting"),
    Flag("filter", "filter", "Provide filter values (e.g. \"dangling=true\")", short="f"),
    Flag("format", "string", FORMAT_HELP),
    Flag("quiet", "bool", "Only display volume names", short="q"),
)

_VOLUME_PRUNE = (
    Flag("all", "bool", "Remove all unused volumes, not just anonymous ones", short="a"),
    Flag("filter", "filter", "Provide filter values (e.g. \"label=<label>\")"),
    Flag("force", "bool", "Do not prompt for confirmation", short="f"),
)

_VOLUME_RM = (
    Flag("force", "bool", "Force the removal of one or more volumes", short="f"),
)

_VOLUME_UPDATE = (
    Flag(
        "availability",
        "string",
        "Cluster Volume availability (\"active\", \"pause\", \"drain\")",
        default="active",
    ),
)


COMMANDS = [
    Command(("volume",), "volume", "Manage volumes", args_check=no_args),
    Command(
        ("volume", "create"),
        "create [OPTIONS] [VOLUME]",
        "Create a volume",
        flags=_VOLUME_CREATE,
        args_check=max_args(1),
    ),
    Command(
        ("volume", "inspect"),
        "inspect [OPTIONS] VOLUME [VOLUME...]",
        "Display detailed information on one or more volumes",
        flags=_VOLUME_INSPECT,
        args_check=min_args(1),
    ),
    Command(
        ("volume", "ls"),
        "ls [OPTIONS]",
        "List volumes",
        aliases=("list",),
        flags=_VOLUME_LS,
        args_check=no_args,
    ),
    Command(
        ("volume", "prune"),
        "prune [OPTIONS]",
        "Remove unused local volumes",
        flags=_VOLUME_PRUNE,
        args_check=no_args,
    ),
    Command(
        ("volume", "rm"),
        "rm [OPTIONS] VOLUME [VOLUME...]",
        "Remove one or more volumes",
        long="Remove one or more volumes. You cannot remove a volume that is in use by a container.",
        aliases=("remove",),
        flags=_VOLUME_RM,
        args_check=min_args(1),
    ),
    Command(
        ("volume", "update"),
        "update [OPTIONS] [VOLUME]",
        "Update a volume (cluster volumes only)",
        flags=_VOLUME_UPDATE,
        args_check=exact_args(1),
    ),
]
