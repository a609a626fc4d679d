"""Specs of ``docker network``; listed so help and errors are complete, though the course does not model networking."""

from __future__ import annotations

from storagekit.commands.docker.command import Command, no_args, min_args, exact_args
from storagekit.commands.cli.flags import Flag
from storagekit.commands.docker.specs.common import FORMAT_HELP, INSPECT_FORMAT_HELP

_NETWORK_CONNECT = (
    Flag("alias", "strings", "Add network-scoped alias for the container"),
    Flag("driver-opt", "strings", "driver options for the network"),
    Flag(
        "gw-priority",
        "int",
        "Highest gw-priority provides the default gateway. Accepts positive and negative values.",
    ),
    Flag("ip", "string", "IPv4 address (e.g., \"172.30.100.104\")"),
    Flag("ip6", "string", "IPv6 address (e.g., \"2001:db8::33\")"),
    Flag("link", "list", "Add link to another container"),
    Flag("link-local-ip", "strings", "Add a link-local address for the container"),
)

_NETWORK_CREATE = (
    Flag("attachable", "bool", "Enable manual container attachment"),
    Flag("aux-address", "map", "Auxiliary IPv4 or IPv6 addresses used by Network driver", shown="map[]"),
    Flag("config-from", "string", "The network from which to copy the configuration"),
    Flag("config-only", "bool", "Create a configuration only network"),
    Flag("driver", "string", "Driver to manage the Network", short="d", default="bridge"),
    Flag("gateway", "strings", "IPv4 or IPv6 Gateway for the master subnet"),
    Flag("ingress", "bool", "Create swarm routing-mesh network"),
    Flag("internal", "bool", "Restrict external access to the network"),
    Flag("ip-range", "strings", "Allocate container ip from a sub-range"),
    Flag("ipam-driver", "string", "IP Address Management Driver", default="default"),
    Flag("ipam-opt", "map", "Set IPAM driver specific options", shown="map[]"),
    Flag("ipv4", "bool", "Enable or disable IPv4 address assignment", default=True),
    Flag("ipv6", "bool", "Enable or disable IPv6 address assignment"),
    Flag("label", "list", "Set metadata on a network"),
    Flag("opt", "map", "Set driver specific options", short="o", shown="map[]"),
    Flag("scope", "string", "Control the network's scope"),
    Flag("subnet", "strings", "Subnet in CIDR format that represents a network segment"),
)

_NETWORK_DISCONNECT = (
    Flag("force", "bool", "Force the container to disconnect from a network", short="f"),
)

_NETWORK_INSPECT = (
    Flag("format", "string", INSPECT_FORMAT_HELP, short="f"),
    Flag("verbose", "bool", "Verbose output for diagnostics", short="v"),
)

_NETWORK_LS = (
    Flag("filter", "filter", "Provide filter values (e.g. \"driver=bridge\")", short="f"),
    Flag("format", "string", FORMAT_HELP),
    Flag("no-trunc", "bool", "Do not truncate the output"),
    Flag("quiet", "bool", "Only display network IDs", short="q"),
)

_NETWORK_PRUNE = (
    Flag("filter", "filter", "Provide filter values (e.g. \"until=<timestamp>\")"),
    Flag("force", "bool", "Do not prompt for confirmation", short="f"),
)

_NETWORK_RM = (
    Flag("force", "bool", "Do not error if the network does not exist", short="f"),
)


COMMANDS = [
    Command(("network",), "network", "Manage networks", args_check=no_args),
    Command(
        ("network", "connect"),
        "connect [OPTIONS] NETWORK CONTAINER",
        "Connect a container to a network",
        flags=_NETWORK_CONNECT,
        args_check=exact_args(2),
    ),
    Command(
        ("network", "create"),
        "create [OPTIONS] NETWORK",
        "Create a network",
        flags=_NETWORK_CREATE,
        args_check=exact_args(1),
    ),
    Command(
        ("network", "disconnect"),
        "disconnect [OPTIONS] NETWORK CONTAINER",
        "Disconnect a container from a network",
        flags=_NETWORK_DISCONNECT,
        args_check=exact_args(2),
    ),
    Command(
        ("network", "inspect"),
        "inspect [OPTIONS] NETWORK [NETWORK...]",
        "Display detailed information on one or more networks",
        flags=_NETWORK_INSPECT,
        args_check=min_args(1),
    ),
    Command(
        ("network", "ls"),
        "ls [OPTIONS]",
        "List networks",
        aliases=("list",),
        flags=_NETWORK_LS,
        args_check=no_args,
    ),
    Command(
        ("network", "prune"),
        "prune [OPTIONS]",
        "Remove all unused networks",
        flags=_NETWORK_PRUNE,
        args_check=no_args,
    ),
    Command(
        ("network", "rm"),
        "rm NETWORK [NETWORK...]",
        "Remove one or more networks",
        aliases=("remove",),
        flags=_NETWORK_RM,
        args_check=min_args(1),
    ),
]
