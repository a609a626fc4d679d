"""Specs of ``docker system`` and the top-level ``info``, ``version``, ``events`` and ``inspect``.

As docker/cli 28 defines them: usage lines, help texts, flags and argument rules.
"""

from __future__ import annotations

from storagekit.commands.docker.command import Command, shortcut, no_args, min_args
from storagekit.commands.cli.flags import Flag
from storagekit.commands.docker.specs.common import FORMAT_HELP, INSPECT_FORMAT_HELP

_VERSION = (
    Flag("format", "string", INSPECT_FORMAT_HELP, short="f"),
)

_SYSTEM_DF = (
    Flag("format", "string", FORMAT_HELP),
    Flag("verbose", "bool", "Show detailed information on space usage", short="v"),
)

_SYSTEM_EVENTS = (
    Flag("filter", "filter", "Filter output based on conditions provided", short="f"),
    Flag("format", "string", INSPECT_FORMAT_HELP),
    Flag("since", "string", "Show all events created since timestamp"),
    Flag("until", "string", "Stream events until this timestamp"),
)

_SYSTEM_PRUNE = (
    Flag("all", "bool", "Remove all unused images not just dangling ones", short="a"),
    Flag("filter", "filter", "Provide filter values (e.g. \"label=<key>=<value>\")"),
    Flag("force", "bool", "Do not prompt for confirmation", short="f"),
    Flag("volumes", "bool", "Prune anonymous volumes"),
)

_INSPECT = (
    Flag("format", "string", INSPECT_FORMAT_HELP, short="f"),
    Flag("size", "bool", "Display total file sizes if the type is container", short="s"),
    Flag("type", "string", "Only inspect objects of the given type"),
)

SYSTEM_EVENTS = Command(
    ("system", "events"),
    "events [OPTIONS]",
    "Get real time events from the server",
    aliases_text="docker system events, docker events",
    flags=_SYSTEM_EVENTS,
    args_check=no_args,
)
SYSTEM_INFO = Command(
    ("system", "info"),
    "info [OPTIONS]",
    "Display system-wide information",
    aliases_text="docker system info, docker info",
    flags=_VERSION,
    args_check=no_args,
)

COMMANDS = [
    Command(
        ("version",),
        "version [OPTIONS]",
        "Show the Docker version information",
        flags=_VERSION,
        args_check=no_args,
        top=11,
    ),
    shortcut(SYSTEM_INFO, "info", top=12),
    Command(("system",), "system", "Manage Docker", args_check=no_args),
    Command(("system", "df"), "df [OPTIONS]", "Show docker disk usage", flags=_SYSTEM_DF, args_check=no_args),
    SYSTEM_EVENTS,
    SYSTEM_INFO,
    Command(
        ("system", "prune"),
        "prune [OPTIONS]",
        "Remove unused data",
        flags=_SYSTEM_PRUNE,
        args_check=no_args,
    ),
    shortcut(SYSTEM_EVENTS, "events"),
    Command(
        ("inspect",),
        "inspect [OPTIONS] NAME|ID [NAME|ID...]",
        "Return low-level information on Docker objects",
        flags=_INSPECT,
        args_check=min_args(1),
    ),
]
