"""Specs of ``docker service``; listed so help and errors are complete."""

from __future__ import annotations

from dataclasses import replace

from storagekit.commands.cli.flags import Flag
from storagekit.commands.docker.command import Command, exact_args, min_args, no_args
from storagekit.commands.docker.specs.common import FORMAT_HELP, INSPECT_FORMAT_HELP, LOGS_SINCE_HELP

_SHARED = (
    Flag("cap-add", "list", "Add Linux capabilities"),
    Flag("cap-drop", "list", "Drop Linux capabilities"),
    Flag("credential-spec", "string",
         "Credential spec for managed service account (Windows only)", metavar="credential-spec"),
    Flag("detach", "bool", "Exit immediately instead of waiting for the service to converge", short="d"),
    Flag("endpoint-mode", "string", "Endpoint mode (vip or dnsrr)"),
    Flag("entrypoint", "string", "Overwrite the default ENTRYPOINT of the image", metavar="command"),
    Flag("health-cmd", "string", "Command to run to check health"),
    Flag("health-interval", "duration", "Time between running the check (ms|s|m|h)"),
    Flag("health-retries", "int", "Consecutive failures needed to report unhealthy"),
    Flag("health-start-interval", "duration", "Time between running the check during the start period (ms|s|m|h)"),
    Flag("health-start-period", "duration",
         "Start period for the container to initialize before counting retries towards unstable (ms|s|m|h)"),
    Flag("health-timeout", "duration", "Maximum time to allow one check to run (ms|s|m|h)"),
    Flag("hostname", "string", "Container hostname"),
    Flag("init", "bool", "Use an init inside each service container to forward signals and reap processes"),
    Flag("isolation", "string", "Service container isolation mode"),
    Flag("limit-cpu", "decimal", "Limit CPUs"),
    Flag("limit-memory", "bytes", "Limit Memory"),
    Flag("limit-pids", "int", "Limit maximum number of processes (default 0 = unlimited)"),
    Flag("log-driver", "string", "Logging driver for service"),
    Flag("log-opt", "list", "Logging driver options"),
    Flag("max-concurrent", "uint", "Number of job tasks to run concurrently (default equal to --replicas)"),
    Flag("no-healthcheck", "bool", "Disable any container-specified HEALTHCHECK"),
    Flag("no-resolve-image", "bool", "Do not query the registry to resolve image digest and supported platforms"),
    Flag("oom-score-adj", "int", "Tune host's OOM preferences (-1000 to 1000) "),
    Flag("quiet", "bool", "Suppress progress output", short="q"),
    Flag("read-only", "bool", "Mount the container's root filesystem as read only"),
    Flag("replicas", "uint", "Number of tasks"),
    Flag("replicas-max-per-node", "uint", "Maximum number of tasks per node (default 0 = unlimited)"),
    Flag("reserve-cpu", "decimal", "Reserve CPUs"),
    Flag("reserve-memory", "bytes", "Reserve Memory"),
    Flag("restart-condition", "string", "Restart when condition is met (\"none\", \"on-failure\", \"any\")"),
    Flag("restart-delay", "duration", "Delay between restart attempts (ns|us|ms|s|m|h)"),
    Flag("restart-max-attempts", "uint", "Maximum number of restarts before giving up"),
    Flag("restart-window", "duration", "Window used to evaluate the restart policy (ns|us|ms|s|m|h)"),
    Flag("rollback-delay", "duration", "Delay between task rollbacks (ns|us|ms|s|m|h)"),
    Flag("rollback-failure-action", "string", "Action on rollback failure (\"pause\", \"continue\")"),
    Flag("rollback-max-failure-ratio", "float", "Failure rate to tolerate during a rollback"),
    Flag("rollback-monitor", "duration", "Duration after each task rollback to monitor for failure (ns|us|ms|s|m|h)"),
    Flag("rollback-order", "string", "Rollback order (\"start-first\", \"stop-first\")"),
    Flag("rollback-parallelism", "uint",
         "Maximum number of tasks rolled back simultaneously (0 to roll back all at once)"),
    Flag("stop-grace-period", "duration", "Time to wait before force killing a container (ns|us|ms|s|m|h)"),
    Flag("stop-signal", "string", "Signal to stop the container"),
    Flag("tty", "bool", "Allocate a pseudo-TTY", short="t"),
    Flag("update-delay", "duration", "Delay between updates (ns|us|ms|s|m|h)"),
    Flag("update-failure-action", "string", "Action on update failure (\"pause\", \"continue\", \"rollback\")"),
    Flag("update-max-failure-ratio", "float", "Failure rate to tolerate during an update"),
    Flag("update-monitor", "duration", "Duration after each task update to monitor for failure (ns|us|ms|s|m|h)"),
    Flag("update-order", "string", "Update order (\"start-first\", \"stop-first\")"),
    Flag("update-parallelism", "uint", "Maximum number of tasks updated simultaneously (0 to update all at once)"),
    Flag("user", "string", "Username or UID (format: <name|uid>[:<group|gid>])", short="u"),
    Flag("with-registry-auth", "bool", "Send registry authentication details to swarm agents"),
    Flag("workdir", "string", "Working directory inside the container", short="w"),
)
"""The flags ``service create`` and ``service update`` share (docker/cli's ``addServiceFlags``)."""

_CREATE_DEFAULTS = {
    "endpoint-mode": ("vip", None),
    "restart-condition": ("any", None),
    "restart-delay": (5.0, "5s"),
    "rollback-delay": (0.0, "0s"),
    "rollback-failure-action": ("pause", None),
    "rollback-max-failure-ratio": (0.0, "0"),
    "rollback-monitor": (5.0, "5s"),
    "rollback-order": ("stop-first", None),
    "rollback-parallelism": (1, None),
    "stop-grace-period": (10.0, "10s"),
    "update-delay": (0.0, "0s"),
    "update-failure-action": ("pause", None),
    "update-max-failure-ratio": (0.0, "0"),
    "update-monitor": (5.0, "5s"),
    "update-order": ("stop-first", None),
    "update-parallelism": (1, None),
}
"""What ``create`` starts a shared flag at, with the text help shows for it (``buildServiceDefaultFlagMapping``);
``update`` changes only what it is given, so its flags have no defaults."""

_SERVICE_CREATE = tuple(replace(f, default=_CREATE_DEFAULTS[f.name][0], shown=_CREATE_DEFAULTS[f.name][1])
                        if f.name in _CREATE_DEFAULTS else f for f in _SHARED) + (
    Flag("config", "list", "Specify configurations to expose to the service", metavar="config"),
    Flag("constraint", "list", "Placement constraints"),
    Flag("container-label", "list", "Container labels"),
    Flag("dns", "list", "Set custom DNS servers"),
    Flag("dns-option", "list", "Set DNS options"),
    Flag("dns-search", "list", "Set custom DNS search domains"),
    Flag("env", "list", "Set environment variables", short="e"),
    Flag("env-file", "list", "Read in a file of environment variables"),
    Flag("generic-resource", "list", "User defined resources"),
    Flag("group", "list", "Set one or more supplementary user groups for the container"),
    Flag("host", "list", "Set one or more custom host-to-IP mappings (host:ip)"),
    Flag("label", "list", "Service labels", short="l"),
    Flag("mode", "string",
         "Service mode (\"replicated\", \"global\", \"replicated-job\", \"global-job\")", default="replicated"),
    Flag("mount", "mount", "Attach a filesystem mount to the service"),
    Flag("name", "string", "Service name"),
    Flag("network", "list", "Network attachments", metavar="network"),
    Flag("placement-pref", "list", "Add a placement preference", metavar="pref"),
    Flag("publish", "list", "Publish a port as a node port", short="p", metavar="port"),
    Flag("secret", "list", "Specify secrets to expose to the service", metavar="secret"),
    Flag("sysctl", "list", "Sysctl options"),
    Flag("ulimit", "ulimit", "Ulimit options", shown="[]"),
)


_SERVICE_INSPECT = (
    Flag("format", "string", INSPECT_FORMAT_HELP, short="f"),
    Flag("pretty", "bool", "Print the information in a human friendly format"),
)

_SERVICE_LOGS = (
    Flag("details", "bool", "Show extra details provided to logs"),
    Flag("follow", "bool", "Follow log output", short="f"),
    Flag("no-resolve", "bool", "Do not map IDs to Names in output"),
    Flag("no-task-ids", "bool", "Do not include task IDs in output"),
    Flag("no-trunc", "bool", "Do not truncate output"),
    Flag("raw", "bool", "Do not neatly format logs"),
    Flag("since", "string", LOGS_SINCE_HELP),
    Flag("tail", "string", "Number of lines to show from the end of the logs", short="n", default="all"),
    Flag("timestamps", "bool", "Show timestamps", short="t"),
)

_SERVICE_LS = (
    Flag("filter", "filter", "Filter output based on conditions provided", short="f"),
    Flag("format", "string", FORMAT_HELP),
    Flag("quiet", "bool", "Only display IDs", short="q"),
)

_SERVICE_PS = (
    Flag("filter", "filter", "Filter output based on conditions provided", short="f"),
    Flag("format", "string", "Pretty-print tasks using a Go template"),
    Flag("no-resolve", "bool", "Do not map IDs to Names"),
    Flag("no-trunc", "bool", "Do not truncate output"),
    Flag("quiet", "bool", "Only display task IDs", short="q"),
)

_SERVICE_ROLLBACK = (
    Flag("detach", "bool", "Exit immediately instead of waiting for the service to converge", short="d"),
    Flag("quiet", "bool", "Suppress progress output", short="q"),
)

_SERVICE_SCALE = (
    Flag("detach", "bool", "Exit immediately instead of waiting for the service to converge", short="d"),
)

_SERVICE_UPDATE = _SHARED + (
    Flag("args", "string", "Service command args", metavar="command"),
    Flag("config-add", "list", "Add or update a config file on a service", metavar="config"),
    Flag("config-rm", "list", "Remove a configuration file"),
    Flag("constraint-add", "list", "Add or update a placement constraint"),
    Flag("constraint-rm", "list", "Remove a constraint"),
    Flag("container-label-add", "list", "Add or update a container label"),
    Flag("container-label-rm", "list", "Remove a container label by its key"),
    Flag("dns-add", "list", "Add or update a custom DNS server"),
    Flag("dns-option-add", "list", "Add or update a DNS option"),
    Flag("dns-option-rm", "list", "Remove a DNS option"),
    Flag("dns-rm", "list", "Remove a custom DNS server"),
    Flag("dns-search-add", "list", "Add or update a custom DNS search domain"),
    Flag("dns-search-rm", "list", "Remove a DNS search domain"),
    Flag("env-add", "list", "Add or update an environment variable"),
    Flag("env-rm", "list", "Remove an environment variable"),
    Flag("force", "bool", "Force update even if no changes require it"),
    Flag("generic-resource-add", "list", "Add a Generic resource"),
    Flag("generic-resource-rm", "list", "Remove a Generic resource"),
    Flag("group-add", "list", "Add an additional supplementary user group to the container"),
    Flag("group-rm", "list", "Remove a previously added supplementary user group from the container"),
    Flag("host-add", "list", "Add a custom host-to-IP mapping (\"host:ip\")"),
    Flag("host-rm", "list", "Remove a custom host-to-IP mapping (\"host:ip\")"),
    Flag("image", "string", "Service image tag"),
    Flag("label-add", "list", "Add or update a service label"),
    Flag("label-rm", "list", "Remove a label by its key"),
    Flag("mount-add", "mount", "Add or update a mount on a service"),
    Flag("mount-rm", "list", "Remove a mount by its target path"),
    Flag("network-add", "list", "Add a network", metavar="network"),
    Flag("network-rm", "list", "Remove a network"),
    Flag("placement-pref-add", "list", "Add a placement preference", metavar="pref"),
    Flag("placement-pref-rm", "list", "Remove a placement preference", metavar="pref"),
    Flag("publish-add", "list", "Add or update a published port", metavar="port"),
    Flag("publish-rm", "list", "Remove a published port by its target port", metavar="port"),
    Flag("rollback", "bool", "Rollback to previous specification"),
    Flag("secret-add", "list", "Add or update a secret on a service", metavar="secret"),
    Flag("secret-rm", "list", "Remove a secret"),
    Flag("sysctl-add", "list", "Add or update a Sysctl option"),
    Flag("sysctl-rm", "list", "Remove a Sysctl option"),
    Flag("ulimit-add", "ulimit", "Add or update a ulimit option", shown="[]"),
    Flag("ulimit-rm", "list", "Remove a ulimit option"),
)


COMMANDS = [
    Command(("service",), "service", "Manage Swarm services", args_check=no_args, swarm="manager"),
    Command(("service", "create"), "create [OPTIONS] IMAGE [COMMAND] [ARG...]", "Create a new service",
            flags=_SERVICE_CREATE, args_check=min_args(1), interspersed=False),
    Command(("service", "inspect"), "inspect [OPTIONS] SERVICE [SERVICE...]",
            "Display detailed information on one or more services", flags=_SERVICE_INSPECT, args_check=min_args(1)),
    Command(("service", "logs"), "logs [OPTIONS] SERVICE|TASK", "Fetch the logs of a service or task",
            flags=_SERVICE_LOGS, args_check=exact_args(1)),
    Command(("service", "ls"), "ls [OPTIONS]", "List services", aliases=("list",), flags=_SERVICE_LS,
            args_check=no_args),
    Command(("service", "ps"), "ps [OPTIONS] SERVICE [SERVICE...]", "List the tasks of one or more services",
            flags=_SERVICE_PS, args_check=min_args(1)),
    Command(("service", "rm"), "rm SERVICE [SERVICE...]", "Remove one or more services", aliases=("remove",),
            args_check=min_args(1)),
    Command(("service", "rollback"), "rollback [OPTIONS] SERVICE", "Revert changes to a service's configuration",
            flags=_SERVICE_ROLLBACK, args_check=exact_args(1)),
    Command(("service", "scale"), "scale SERVICE=REPLICAS [SERVICE=REPLICAS...]",
            "Scale one or multiple replicated services", flags=_SERVICE_SCALE, args_check=min_args(1)),
    Command(("service", "update"), "update [OPTIONS] SERVICE", "Update a service", flags=_SERVICE_UPDATE,
            args_check=exact_args(1)),
]
