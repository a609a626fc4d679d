"""Specs of the swarm commands (``swarm``, ``node``, ``config``, ``secret``, ``stack``).

The course does not model swarm; they are here so help and errors are complete.
"""

from __future__ import annotations

from storagekit.commands.docker.command import Command, no_args, min_args, exact_args, range_args
from storagekit.commands.cli.flags import Flag
from storagekit.commands.docker.specs.common import FORMAT_HELP, INSPECT_FORMAT_HELP

_CONFIG_CREATE = (
    Flag("label", "list", "Config labels", short="l"),
    Flag("template-driver", "string", "Template driver"),
)

_CONFIG_INSPECT = (
    Flag("format", "string", INSPECT_FORMAT_HELP, short="f"),
    Flag("pretty", "bool", "Print the information in a human friendly format"),
)

_CONFIG_LS = (
    Flag("filter", "filter", "Filter output based on conditions provided", short="f"),
    Flag("format", "string", FORMAT_HELP),
    Flag("quiet", "bool", "Only display IDs", short="q"),
)

_NODE_PS = (
    Flag("filter", "filter", "Filter output based on conditions provided", short="f"),
    Flag("format", "string", "Pretty-print tasks using a Go template"),
    Flag("no-resolve", "bool", "Do not map IDs to Names"),
    Flag("no-trunc", "bool", "Do not truncate output"),
    Flag("quiet", "bool", "Only display task IDs", short="q"),
)

_NODE_RM = (
    Flag("force", "bool", "Force remove a node from the swarm", short="f"),
)

_NODE_UPDATE = (
    Flag("availability", "string", "Availability of the node (\"active\", \"pause\", \"drain\")"),
    Flag("label-add", "list", "Add or update a node label (\"key=value\")"),
    Flag("label-rm", "list", "Remove a node label if exists"),
    Flag("role", "string", "Role of the node (\"worker\", \"manager\")"),
)

_SECRET_CREATE = (
    Flag("driver", "string", "Secret driver", short="d"),
    Flag("label", "list", "Secret labels", short="l"),
    Flag("template-driver", "string", "Template driver"),
)

_STACK_CONFIG = (
    Flag("compose-file", "strings", "Path to a Compose file, or \"-\" to read from stdin", short="c"),
    Flag("skip-interpolation", "bool", "Skip interpolation and output only merged config"),
)

_STACK_DEPLOY = (
    Flag("compose-file", "strings", "Path to a Compose file, or \"-\" to read from stdin", short="c"),
    Flag(
        "detach",
        "bool",
        "Exit immediately instead of waiting for the stack services to converge",
        short="d",
        default=True,
    ),
    Flag("prune", "bool", "Prune services that are no longer referenced"),
    Flag("quiet", "bool", "Suppress progress output", short="q"),
    Flag(
        "resolve-image",
        "string",
        "Query the registry to resolve image digest and supported platforms (\"always\", \"changed\", \"never\")",
        default="always",
    ),
    Flag("with-registry-auth", "bool", "Send registry authentication details to Swarm agents"),
)

_STACK_LS = (
    Flag("format", "string", FORMAT_HELP),
)

_STACK_PS = (
    Flag("filter", "filter", "Filter output based on conditions provided", short="f"),
    Flag("format", "string", FORMAT_HELP),
    Flag("no-resolve", "bool", "Do not map IDs to Names"),
    Flag("no-trunc", "bool", "Do not truncate output"),
    Flag("quiet", "bool", "Only display task IDs", short="q"),
)

_STACK_RM = (
    Flag("detach", "bool", "Do not wait for stack removal", short="d", default=True),
)

_SWARM_CA = (
    Flag(
        "ca-cert",
        "string",
        "Path to the PEM-formatted root CA certificate to use for the new cluster",
        metavar="pem-file",
    ),
    Flag(
        "ca-key",
        "string",
        "Path to the PEM-formatted root CA key to use for the new cluster",
        metavar="pem-file",
    ),
    Flag(
        "cert-expiry",
        "duration",
        "Validity period for node certificates (ns|us|ms|s|m|h)",
        default=7776000.0,
        shown="2160h0m0s",
    ),
    Flag(
        "detach",
        "bool",
        "Exit immediately instead of waiting for the root rotation to converge",
        short="d",
    ),
    Flag(
        "external-ca",
        "list",
        "Specifications of one or more certificate signing endpoints",
        metavar="external-ca",
    ),
    Flag("quiet", "bool", "Suppress progress output", short="q"),
    Flag(
        "rotate",
        "bool",
        "Rotate the swarm CA - if no certificate or key are provided, new ones will be generated",
    ),
)

_SWARM_INIT = (
    Flag("advertise-addr", "string", "Advertised address (format: \"<ip|interface>[:port]\")"),
    Flag(
        "autolock",
        "bool",
        "Enable manager autolocking (requiring an unlock key to start a stopped manager)",
    ),
    Flag(
        "availability",
        "string",
        "Availability of the node (\"active\", \"pause\", \"drain\")",
        default="active",
    ),
    Flag(
        "cert-expiry",
        "duration",
        "Validity period for node certificates (ns|us|ms|s|m|h)",
        default=7776000.0,
        shown="2160h0m0s",
    ),
    Flag(
        "data-path-addr",
        "string",
        "Address or interface to use for data path traffic (format: \"<ip|interface>\")",
    ),
    Flag(
        "data-path-port",
        "uint32",
        "Port number to use for data path traffic (1024 - 49151). If no value is set or is set to 0, the default port (4789) is used.",
    ),
    Flag(
        "default-addr-pool",
        "list",
        "default address pool in CIDR format",
        metavar="ipNetSlice",
        shown="[]",
    ),
    Flag("default-addr-pool-mask-length", "uint32", "default address pool subnet mask length", default=24),
    Flag(
        "dispatcher-heartbeat",
        "duration",
        "Dispatcher heartbeat period (ns|us|ms|s|m|h)",
        default=5.0,
        shown="5s",
    ),
    Flag(
        "external-ca",
        "list",
        "Specifications of one or more certificate signing endpoints",
        metavar="external-ca",
    ),
    Flag("force-new-cluster", "bool", "Force create a new cluster from current state"),
    Flag(
        "listen-addr",
        "string",
        "Listen address (format: \"<ip|interface>[:port]\")",
        default="0.0.0.0:2377",
        metavar="node-addr",
        shown="0.0.0.0:2377",
    ),
    Flag("max-snapshots", "uint", "Number of additional Raft snapshots to retain"),
    Flag("snapshot-interval", "uint", "Number of log entries between Raft snapshots", default=10000),
    Flag("task-history-limit", "int", "Task history retention limit", default=5),
)

_SWARM_JOIN = (
    Flag("advertise-addr", "string", "Advertised address (format: \"<ip|interface>[:port]\")"),
    Flag(
        "availability",
        "string",
        "Availability of the node (\"active\", \"pause\", \"drain\")",
        default="active",
    ),
    Flag(
        "data-path-addr",
        "string",
        "Address or interface to use for data path traffic (format: \"<ip|interface>\")",
    ),
    Flag(
        "listen-addr",
        "string",
        "Listen address (format: \"<ip|interface>[:port]\")",
        default="0.0.0.0:2377",
        metavar="node-addr",
        shown="0.0.0.0:2377",
    ),
    Flag("token", "string", "Token for entry into the swarm"),
)

_SWARM_JOIN_TOKEN = (
    Flag("quiet", "bool", "Only display token", short="q"),
    Flag("rotate", "bool", "Rotate join token"),
)

_SWARM_LEAVE = (
    Flag("force", "bool", "Force this node to leave the swarm, ignoring warnings", short="f"),
)

_SWARM_UNLOCK_KEY = (
    Flag("quiet", "bool", "Only display token", short="q"),
    Flag("rotate", "bool", "Rotate unlock key"),
)

_SWARM_UPDATE = (
    Flag("autolock", "bool", "Change manager autolocking setting (true|false)"),
    Flag(
        "cert-expiry",
        "duration",
        "Validity period for node certificates (ns|us|ms|s|m|h)",
        default=7776000.0,
        shown="2160h0m0s",
    ),
    Flag(
        "dispatcher-heartbeat",
        "duration",
        "Dispatcher heartbeat period (ns|us|ms|s|m|h)",
        default=5.0,
        shown="5s",
    ),
    Flag(
        "external-ca",
        "list",
        "Specifications of one or more certificate signing endpoints",
        metavar="external-ca",
    ),
    Flag("max-snapshots", "uint", "Number of additional Raft snapshots to retain"),
    Flag("snapshot-interval", "uint", "Number of log entries between Raft snapshots", default=10000),
    Flag("task-history-limit", "int", "Task history retention limit", default=5),
)


COMMANDS = [
    Command(("config",), "config", "Manage Swarm configs", args_check=no_args, swarm="manager"),
    Command(
        ("config", "create"),
        "create [OPTIONS] CONFIG file|-",
        "Create a config from a file or STDIN",
        flags=_CONFIG_CREATE,
        args_check=exact_args(2),
    ),
    Command(
        ("config", "inspect"),
        "inspect [OPTIONS] CONFIG [CONFIG...]",
        "Display detailed information on one or more configs",
        flags=_CONFIG_INSPECT,
        args_check=min_args(1),
    ),
    Command(
        ("config", "ls"),
        "ls [OPTIONS]",
        "List configs",
        aliases=("list",),
        flags=_CONFIG_LS,
        args_check=no_args,
    ),
    Command(
        ("config", "rm"),
        "rm CONFIG [CONFIG...]",
        "Remove one or more configs",
        aliases=("remove",),
        args_check=min_args(1),
    ),
    Command(("node",), "node", "Manage Swarm nodes", args_check=no_args, swarm="manager"),
    Command(
        ("node", "demote"),
        "demote NODE [NODE...]",
        "Demote one or more nodes from manager in the swarm",
        args_check=min_args(1),
    ),
    Command(
        ("node", "inspect"),
        "inspect [OPTIONS] self|NODE [NODE...]",
        "Display detailed information on one or more nodes",
        flags=_CONFIG_INSPECT,
        args_check=min_args(1),
    ),
    Command(
        ("node", "ls"),
        "ls [OPTIONS]",
        "List nodes in the swarm",
        aliases=("list",),
        flags=_CONFIG_LS,
        args_check=no_args,
    ),
    Command(
        ("node", "promote"),
        "promote NODE [NODE...]",
        "Promote one or more nodes to manager in the swarm",
        args_check=min_args(1),
    ),
    Command(
        ("node", "ps"),
        "ps [OPTIONS] [NODE...]",
        "List tasks running on one or more nodes, defaults to current node",
        flags=_NODE_PS,
    ),
    Command(
        ("node", "rm"),
        "rm [OPTIONS] NODE [NODE...]",
        "Remove one or more nodes from the swarm",
        aliases=("remove",),
        flags=_NODE_RM,
        args_check=min_args(1),
    ),
    Command(
        ("node", "update"),
        "update [OPTIONS] NODE",
        "Update a node",
        flags=_NODE_UPDATE,
        args_check=exact_args(1),
    ),
    Command(("secret",), "secret", "Manage Swarm secrets", args_check=no_args, swarm="manager"),
    Command(
        ("secret", "create"),
        "create [OPTIONS] SECRET [file|-]",
        "Create a secret from a file or STDIN as content",
        flags=_SECRET_CREATE,
        args_check=range_args(1, 2),
    ),
    Command(
        ("secret", "inspect"),
        "inspect [OPTIONS] SECRET [SECRET...]",
        "Display detailed information on one or more secrets",
        flags=_CONFIG_INSPECT,
        args_check=min_args(1),
    ),
    Command(
        ("secret", "ls"),
        "ls [OPTIONS]",
        "List secrets",
        aliases=("list",),
        flags=_CONFIG_LS,
        args_check=no_args,
    ),
    Command(
        ("secret", "rm"),
        "rm SECRET [SECRET...]",
        "Remove one or more secrets",
        aliases=("remove",),
        args_check=min_args(1),
    ),
    Command(("stack",), "stack", "Manage Swarm stacks", args_check=no_args, swarm="manager"),
    Command(
        ("stack", "config"),
        "config [OPTIONS]",
        "Outputs the final config file, after doing merges and interpolations",
        flags=_STACK_CONFIG,
        args_check=no_args,
    ),
    Command(
        ("stack", "deploy"),
        "deploy [OPTIONS] STACK",
        "Deploy a new stack or update an existing stack",
        aliases=("up",),
        flags=_STACK_DEPLOY,
        args_check=exact_args(1),
    ),
    Command(
        ("stack", "ls"),
        "ls [OPTIONS]",
        "List stacks",
        aliases=("list",),
        flags=_STACK_LS,
        args_check=no_args,
    ),
    Command(
        ("stack", "ps"),
        "ps [OPTIONS] STACK",
        "List the tasks in the stack",
        flags=_STACK_PS,
        args_check=exact_args(1),
    ),
    Command(
        ("stack", "rm"),
        "rm [OPTIONS] STACK [STACK...]",
        "Remove one or more stacks",
        aliases=("remove", "down"),
        flags=_STACK_RM,
        args_check=min_args(1),
    ),
    Command(
        ("stack", "services"),
        "services [OPTIONS] STACK",
        "List the services in the stack",
        flags=_CONFIG_LS,
        args_check=exact_args(1),
    ),
    Command(("swarm",), "swarm", "Manage Swarm", args_check=no_args, swarm=""),
    Command(
        ("swarm", "ca"),
        "ca [OPTIONS]",
        "Display and rotate the root CA",
        flags=_SWARM_CA,
        args_check=no_args,
    ),
    Command(("swarm", "init"), "init [OPTIONS]", "Initialize a swarm", flags=_SWARM_INIT, args_check=no_args),
    Command(
        ("swarm", "join"),
        "join [OPTIONS] HOST:PORT",
        "Join a swarm as a node and/or manager",
        flags=_SWARM_JOIN,
        args_check=exact_args(1),
    ),
    Command(
        ("swarm", "join-token"),
        "join-token [OPTIONS] (worker|manager)",
        "Manage join tokens",
        flags=_SWARM_JOIN_TOKEN,
        args_check=exact_args(1),
    ),
    Command(("swarm", "leave"), "leave [OPTIONS]", "Leave the swarm", flags=_SWARM_LEAVE, args_check=no_args),
    Command(("swarm", "unlock"), "unlock", "Unlock swarm", args_check=no_args),
    Command(
        ("swarm", "unlock-key"),
        "unlock-key [OPTIONS]",
        "Manage the unlock key",
        flags=_SWARM_UNLOCK_KEY,
        args_check=no_args,
    ),
    Command(
        ("swarm", "update"),
        "update [OPTIONS]",
        "Update the swarm",
        flags=_SWARM_UPDATE,
        args_check=no_args,
    ),
]
