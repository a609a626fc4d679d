"""Specs of ``docker container`` and its top-level shortcuts (``run``, ``ps``, ``exec``, ``rm``...).

As docker/cli 28 defines them: usage lines, help texts, flags and argument rules.
"""

from __future__ import annotations

from storagekit.commands.docker.command import Command, shortcut, no_args, min_args, exact_args, range_args
from storagekit.commands.cli.flags import Flag
from storagekit.commands.docker.opts import validate_env
from storagekit.commands.docker.specs.common import FORMAT_HELP, INSPECT_FORMAT_HELP, LOGS_SINCE_HELP
from storagekit.commands.docker.specs.container_options import CONTAINER_OPTIONS

_CONTAINER_RUN = (
    *CONTAINER_OPTIONS,
    Flag("detach", "bool", "Run container in background and print container ID", short="d"),
    Flag("detach-keys", "string", "Override the key sequence for detaching a container"),
    Flag(
        "pull",
        "string",
        "Pull image before running (\"always\", \"missing\", \"never\")",
        default="missing",
    ),
    Flag("sig-proxy", "bool", "Proxy received signals to the process", default=True),
)

_CONTAINER_EXEC = (
    Flag("detach", "bool", "Detached mode: run command in the background", short="d"),
    Flag("detach-keys", "string", "Override the key sequence for detaching a container"),
    Flag("env", "list", "Set environment variables", short="e", check=validate_env),
    Flag("env-file", "list", "Read in a file of environment variables"),
    Flag("interactive", "bool", "Keep STDIN open even if not attached", short="i"),
    Flag("privileged", "bool", "Give extended privileges to the command"),
    Flag("tty", "bool", "Allocate a pseudo-TTY", short="t"),
    Flag("user", "string", "Username or UID (format: \"<name|uid>[:<group|gid>]\")", short="u"),
    Flag("workdir", "string", "Working directory inside the container", short="w"),
)

_CONTAINER_LS = (
    Flag("all", "bool", "Show all containers (default shows just running)", short="a"),
    Flag("filter", "filter", "Filter output based on conditions provided", short="f"),
    Flag("format", "string", FORMAT_HELP),
    Flag("last", "int", "Show n last created containers (includes all states)", short="n", default=-1),
    Flag("latest", "bool", "Show the latest created container (includes all states)", short="l"),
    Flag("no-trunc", "bool", "Don't truncate output"),
    Flag("quiet", "bool", "Only display container IDs", short="q"),
    Flag("size", "bool", "Display total file sizes", short="s"),
)

_CONTAINER_ATTACH = (
    Flag("detach-keys", "string", "Override the key sequence for detaching a container"),
    Flag("no-stdin", "bool", "Do not attach STDIN"),
    Flag("sig-proxy", "bool", "Proxy all received signals to the process", default=True),
)

_CONTAINER_COMMIT = (
    Flag("author", "string", "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")", short="a"),
    Flag("change", "list", "Apply Dockerfile instruction to the created image", short="c"),
    Flag("message", "string", "Commit message", short="m"),
    Flag("pause", "bool", "Pause container during commit", short="p", default=True),
)

_CONTAINER_CP = (
    Flag("archive", "bool", "Archive mode (copy all uid/gid information)", short="a"),
    Flag("follow-link", "bool", "Always follow symbol link in SRC_PATH", short="L"),
    Flag(
        "quiet",
        "bool",
        "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached",
        short="q",
    ),
)

_CONTAINER_CREATE = (
    *CONTAINER_OPTIONS,
    Flag(
        "pull",
        "string",
        "Pull image before creating (\"always\", \"|missing\", \"never\")",
        default="missing",
    ),
)

_CONTAINER_EXPORT = (
    Flag("output", "string", "Write to a file, instead of STDOUT", short="o"),
)

_CONTAINER_INSPECT = (
    Flag("format", "string", INSPECT_FORMAT_HELP, short="f"),
    Flag("size", "bool", "Display total file sizes", short="s"),
)

_CONTAINER_KILL = (
    Flag("signal", "string", "Signal to send to the container", short="s"),
)

_CONTAINER_LOGS = (
    Flag("details", "bool", "Show extra details provided to logs"),
    Flag("follow", "bool", "Follow log output", short="f"),
    Flag("since", "string", LOGS_SINCE_HELP),
    Flag("tail", "string", "Number of lines to show from the end of the logs", short="n", default="all"),
    Flag("timestamps", "bool", "Show timestamps", short="t"),
    Flag(
        "until",
        "string",
        "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)",
    ),
)

_CONTAINER_PRUNE = (
    Flag("filter", "filter", "Provide filter values (e.g. \"until=<timestamp>\")"),
    Flag("force", "bool", "Do not prompt for confirmation", short="f"),
)

_CONTAINER_RESTART = (
    Flag("signal", "string", "Signal to send to the container", short="s"),
    Flag("timeout", "int", "Seconds to wait before killing the container", short="t"),
)

_CONTAINER_RM = (
    Flag("force", "bool", "Force the removal of a running container (uses SIGKILL)", short="f"),
    Flag("link", "bool", "Remove the specified link", short="l"),
    Flag("volumes", "bool", "Remove anonymous volumes associated with the container", short="v"),
)

_CONTAINER_START = (
    Flag("attach", "bool", "Attach STDOUT/STDERR and forward signals", short="a"),
    Flag("checkpoint", "string", "Restore from this checkpoint", requires="experimental"),
    Flag("checkpoint-dir", "string", "Use a custom checkpoint storage directory", requires="experimental"),
    Flag("detach-keys", "string", "Override the key sequence for detaching a container"),
    Flag("interactive", "bool", "Attach container's STDIN", short="i"),
)

_CONTAINER_STATS = (
    Flag("all", "bool", "Show all containers (default shows just running)", short="a"),
    Flag("format", "string", FORMAT_HELP),
    Flag("no-stream", "bool", "Disable streaming stats and only pull the first result"),
    Flag("no-trunc", "bool", "Do not truncate output"),
)

_CONTAINER_UPDATE = (
    Flag(
        "blkio-weight",
        "uint16",
        "Block IO (relative weight), between 10 and 1000, or 0 to disable",
        default=0,
        shown="0",
    ),
    Flag("cpu-period", "int", "Limit CPU CFS (Completely Fair Scheduler) period"),
    Flag("cpu-quota", "int", "Limit CPU CFS (Completely Fair Scheduler) quota"),
    Flag("cpu-rt-period", "int", "Limit the CPU real-time period in microseconds"),
    Flag("cpu-rt-runtime", "int", "Limit the CPU real-time runtime in microseconds"),
    Flag("cpu-shares", "int", "CPU shares (relative weight)", short="c"),
    Flag("cpus", "decimal", "Number of CPUs"),
    Flag("cpuset-cpus", "string", "CPUs in which to allow execution (0-3, 0,1)"),
    Flag("cpuset-mems", "string", "MEMs in which to allow execution (0-3, 0,1)"),
    Flag("memory", "bytes", "Memory limit", short="m"),
    Flag("memory-reservation", "bytes", "Memory soft limit"),
    Flag("memory-swap", "bytes", "Swap limit equal to memory plus swap: -1 to enable unlimited swap"),
    Flag("pids-limit", "int", "Tune container pids limit (set -1 for unlimited)"),
    Flag("restart", "string", "Restart policy to apply when a container exits"),
)

CONTAINER_ATTACH = Command(
    ("container", "attach"),
    "attach [OPTIONS] CONTAINER",
    "Attach local standard input, output, and error streams to a running container",
    aliases_text="docker container attach, docker attach",
    flags=_CONTAINER_ATTACH,
    args_check=exact_args(1),
)
CONTAINER_COMMIT = Command(
    ("container", "commit"),
    "commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]",
    "Create a new image from a container's changes",
    aliases_text="docker container commit, docker commit",
    flags=_CONTAINER_COMMIT,
    args_check=range_args(1, 2),
    interspersed=False,
)
CONTAINER_CP = Command(
    ("container", "cp"),
    "cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
    "Copy files/folders between a container and the local filesystem",
    long=(
        "Copy files/folders between a container and the local filesystem\n"
        "\n"
        "Use '-' as the source to read a tar archive from stdin\n"
        "and extract it to a directory destination in a container.\n"
        "Use '-' as the destination to stream a tar archive of a\n"
        "container source to stdout."
    ),
    aliases_text="docker container cp, docker cp",
    flags=_CONTAINER_CP,
    args_check=exact_args(2),
)
CONTAINER_CREATE = Command(
    ("container", "create"),
    "create [OPTIONS] IMAGE [COMMAND] [ARG...]",
    "Create a new container",
    aliases_text="docker container create, docker create",
    flags=_CONTAINER_CREATE,
    args_check=min_args(1),
    interspersed=False,
)
CONTAINER_DIFF = Command(
    ("container", "diff"),
    "diff CONTAINER",
    "Inspect changes to files or directories on a container's filesystem",
    aliases_text="docker container diff, docker diff",
    args_check=exact_args(1),
)
CONTAINER_EXEC = Command(
    ("container", "exec"),
    "exec [OPTIONS] CONTAINER COMMAND [ARG...]",
    "Execute a command in a running container",
    aliases_text="docker container exec, docker exec",
    flags=_CONTAINER_EXEC,
    args_check=min_args(2),
    interspersed=False,
)
CONTAINER_EXPORT = Command(
    ("container", "export"),
    "export [OPTIONS] CONTAINER",
    "Export a container's filesystem as a tar archive",
    aliases_text="docker container export, docker export",
    flags=_CONTAINER_EXPORT,
    args_check=exact_args(1),
)
CONTAINER_KILL = Command(
    ("container", "kill"),
    "kill [OPTIONS] CONTAINER [CONTAINER...]",
    "Kill one or more running containers",
    aliases_text="docker container kill, docker kill",
    flags=_CONTAINER_KILL,
    args_check=min_args(1),
)
CONTAINER_LOGS = Command(
    ("container", "logs"),
    "logs [OPTIONS] CONTAINER",
    "Fetch the logs of a container",
    aliases_text="docker container logs, docker logs",
    flags=_CONTAINER_LOGS,
    args_check=exact_args(1),
)
CONTAINER_LS = Command(
    ("container", "ls"),
    "ls [OPTIONS]",
    "List containers",
    aliases=("list", "ps"),
    aliases_text="docker container ls, docker container list, docker container ps, docker ps",
    flags=_CONTAINER_LS,
    args_check=no_args,
)
CONTAINER_PAUSE = Command(
    ("container", "pause"),
    "pause CONTAINER [CONTAINER...]",
    "Pause all processes within one or more containers",
    aliases_text="docker container pause, docker pause",
    args_check=min_args(1),
)
CONTAINER_PORT = Command(
    ("container", "port"),
    "port CONTAINER [PRIVATE_PORT[/PROTO]]",
    "List port mappings or a specific mapping for the container",
    aliases_text="docker container port, docker port",
    args_check=range_args(1, 2),
)
CONTAINER_RENAME = Command(
    ("container", "rename"),
    "rename CONTAINER NEW_NAME",
    "Rename a container",
    aliases_text="docker container rename, docker rename",
    args_check=exact_args(2),
)
CONTAINER_RESTART = Command(
    ("container", "restart"),
    "restart [OPTIONS] CONTAINER [CONTAINER...]",
    "Restart one or more containers",
    aliases_text="docker container restart, docker restart",
    flags=_CONTAINER_RESTART,
    args_check=min_args(1),
)
CONTAINER_RM = Command(
    ("container", "rm"),
    "rm [OPTIONS] CONTAINER [CONTAINER...]",
    "Remove one or more containers",
    aliases=("remove",),
    aliases_text="docker container rm, docker container remove, docker rm",
    flags=_CONTAINER_RM,
    args_check=min_args(1),
)
CONTAINER_RUN = Command(
    ("container", "run"),
    "run [OPTIONS] IMAGE [COMMAND] [ARG...]",
    "Create and run a new container from an image",
    aliases_text="docker container run, docker run",
    flags=_CONTAINER_RUN,
    args_check=min_args(1),
    interspersed=False,
)
CONTAINER_START = Command(
    ("container", "start"),
    "start [OPTIONS] CONTAINER [CONTAINER...]",
    "Start one or more stopped containers",
    aliases_text="docker container start, docker start",
    flags=_CONTAINER_START,
    args_check=min_args(1),
)
CONTAINER_STATS = Command(
    ("container", "stats"),
    "stats [OPTIONS] [CONTAINER...]",
    "Display a live stream of container(s) resource usage statistics",
    aliases_text="docker container stats, docker stats",
    flags=_CONTAINER_STATS,
)
CONTAINER_STOP = Command(
    ("container", "stop"),
    "stop [OPTIONS] CONTAINER [CONTAINER...]",
    "Stop one or more running containers",
    aliases_text="docker container stop, docker stop",
    flags=_CONTAINER_RESTART,
    args_check=min_args(1),
)
CONTAINER_TOP = Command(
    ("container", "top"),
    "top CONTAINER [ps OPTIONS]",
    "Display the running processes of a container",
    aliases_text="docker container top, docker top",
    args_check=min_args(1),
    interspersed=False,
)
CONTAINER_UNPAUSE = Command(
    ("container", "unpause"),
    "unpause CONTAINER [CONTAINER...]",
    "Unpause all processes within one or more containers",
    aliases_text="docker container unpause, docker unpause",
    args_check=min_args(1),
)
CONTAINER_UPDATE = Command(
    ("container", "update"),
    "update [OPTIONS] CONTAINER [CONTAINER...]",
    "Update configuration of one or more containers",
    aliases_text="docker container update, docker update",
    flags=_CONTAINER_UPDATE,
    args_check=min_args(1),
)
CONTAINER_WAIT = Command(
    ("container", "wait"),
    "wait CONTAINER [CONTAINER...]",
    "Block until one or more containers stop, then print their exit codes",
    aliases_text="docker container wait, docker wait",
    args_check=min_args(1),
)

COMMANDS = [
    shortcut(CONTAINER_RUN, "run", top=1),
    shortcut(CONTAINER_EXEC, "exec", top=2),
    shortcut(CONTAINER_LS, "ps", top=3),
    Command(("container",), "container", "Manage containers", args_check=no_args),
    CONTAINER_ATTACH,
    CONTAINER_COMMIT,
    CONTAINER_CP,
    CONTAINER_CREATE,
    CONTAINER_DIFF,
    CONTAINER_EXEC,
    CONTAINER_EXPORT,
    Command(
        ("container", "inspect"),
        "inspect [OPTIONS] CONTAINER [CONTAINER...]",
        "Display detailed information on one or more containers",
        flags=_CONTAINER_INSPECT,
        args_check=min_args(1),
    ),
    CONTAINER_KILL,
    CONTAINER_LOGS,
    CONTAINER_LS,
    CONTAINER_PAUSE,
    CONTAINER_PORT,
    Command(
        ("container", "prune"),
        "prune [OPTIONS]",
        "Remove all stopped containers",
        flags=_CONTAINER_PRUNE,
        args_check=no_args,
    ),
    CONTAINER_RENAME,
    CONTAINER_RESTART,
    CONTAINER_RM,
    CONTAINER_RUN,
    CONTAINER_START,
    CONTAINER_STATS,
    CONTAINER_STOP,
    CONTAINER_TOP,
    CONTAINER_UNPAUSE,
    CONTAINER_UPDATE,
    CONTAINER_WAIT,
    shortcut(CONTAINER_ATTACH, "attach"),
    shortcut(CONTAINER_COMMIT, "commit"),
    shortcut(CONTAINER_CP, "cp"),
    shortcut(CONTAINER_CREATE, "create"),
    shortcut(CONTAINER_DIFF, "diff"),
    shortcut(CONTAINER_EXPORT, "export"),
    shortcut(CONTAINER_KILL, "kill"),
    shortcut(CONTAINER_LOGS, "logs"),
    shortcut(CONTAINER_PAUSE, "pause"),
    shortcut(CONTAINER_PORT, "port"),
    shortcut(CONTAINER_RENAME, "rename"),
    shortcut(CONTAINER_RESTART, "restart"),
    shortcut(CONTAINER_RM, "rm"),
    shortcut(CONTAINER_START, "start"),
    shortcut(CONTAINER_STATS, "stats"),
    shortcut(CONTAINER_STOP, "stop"),
    shortcut(CONTAINER_TOP, "top"),
    shortcut(CONTAINER_UNPAUSE, "unpause"),
    shortcut(CONTAINER_UPDATE, "update"),
    shortcut(CONTAINER_WAIT, "wait"),
]
