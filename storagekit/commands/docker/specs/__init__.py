"""The docker/cli 28 command tree, assembled from the per-group spec modules."""

from __future__ import annotations

from storagekit.commands.docker.command import HELP_FLAG, Command
from storagekit.commands.cli.flags import Flag
from storagekit.commands.docker.specs import (
    builder, buildx, container, image, network, other, service, swarm, system, volume,
)

GLOBAL_OPTIONS = (
    Flag("config", "string", "Location of client config files", default="/root/.docker"),
    Flag(
        "context",
        "string",
        "Name of the context to use to connect to the daemon (overrides DOCKER_HOST env var and default context set"
        ' with "docker context use")',
        short="c",
    ),
    Flag("debug", "bool", "Enable debug mode", short="D"),
    Flag("host", "list", "Daemon socket to connect to", short="H"),
    Flag("log-level", "string", 'Set the logging level ("debug", "info", "warn", "error", "fatal")', short="l",
         default="info"),
    Flag("tls", "bool", "Use TLS; implied by --tlsverify"),
    Flag("tlscacert", "string", "Trust certs signed only by this CA", default="/root/.docker/ca.pem"),
    Flag("tlscert", "string", "Path to TLS certificate file", default="/root/.docker/cert.pem"),
    Flag("tlskey", "string", "Path to TLS key file", default="/root/.docker/key.pem"),
    Flag("tlsverify", "bool", "Use TLS and verify the remote"),
    Flag("version", "bool", "Print version information and quit", short="v"),
)
"""The root command's own flags; subcommands do not accept them (they are not persistent, unlike ``--help``)."""

HELP_COMMAND = Command(("help",), "help [command]", "Help about the command", hidden=True)


def build_tree() -> Command:
    """Link every spec under its parent and return the root ``docker`` command."""
    root = Command((), "docker [OPTIONS] COMMAND [ARG...]", "A self-sufficient runtime for containers",
                   flags=GLOBAL_OPTIONS, persistent=(HELP_FLAG,))
    by_path: dict[tuple[str, ...], Command] = {(): root}
    groups = (image, container, volume, system, builder, buildx, network, swarm, service, other)
    specs = [HELP_COMMAND, *(c for g in groups for c in g.COMMANDS)]
    for cmd in sorted(specs, key=lambda c: len(c.path)):
        parent = by_path[cmd.path[:-1]]
        cmd.parent = parent
        parent.children.append(cmd)
        by_path[cmd.path] = cmd
    for cmd in by_path.values():
        cmd.children.sort(key=lambda c: c.name)
    return root
