"""Specs of the ``docker buildx`` plugin, which Docker Engine 28 installs beside the client.

With the plugin present, docker/cli forwards ``docker build``, ``docker image
build`` and ``docker builder ...`` to it, so these are the flags and help texts
learners meet when they build (BuildKit), not the legacy builder's.
``build``, ``prune``, ``du`` and ``ls`` are complete; the other subcommands are
listed with their synopsis only (``partial``) so help lists them truthfully.
"""

from __future__ import annotations

from storagekit.commands.docker.command import Command, exact_args, no_args
from storagekit.commands.cli.flags import Flag

PERSISTENT = (
    Flag("builder", "string", "Override the configured builder instance"),
    Flag("debug", "bool", "Enable debug logging", short="D"),
)
"""The buildx root's persistent flags, inherited by every subcommand."""

_BUILD = (
    *PERSISTENT,
    Flag("add-host", "strings", 'Add a custom host-to-IP mapping (format: "host:ip")'),
    Flag("allow", "strings", 'Allow extra privileged entitlement (e.g., "network.host", "security.insecure")'),
    Flag("annotation", "stringArray", "Add annotation to the image"),
    Flag("attest", "stringArray", 'Attestation parameters (format: "type=sbom,generator=image")'),
    Flag("build-arg", "stringArray", "Set build-time variables"),
    Flag("build-context", "stringArray", "Additional build contexts (e.g., name=path)"),
    Flag("cache-from", "stringArray",
         'External cache sources (e.g., "user/app:cache", "type=local,src=path/to/dir")'),
    Flag("cache-to", "stringArray",
         'Cache export destinations (e.g., "user/app:cache", "type=local,dest=path/to/dir")'),
    Flag("call", "string", 'Set method for evaluating build ("check", "outline", "targets")', default="build"),
    Flag("cgroup-parent", "string", 'Set the parent cgroup for the "RUN" instructions during build'),
    Flag("check", "bool", 'Shorthand for "--call=check"'),
    Flag("file", "string", 'Name of the Dockerfile (default: "PATH/Dockerfile")', short="f"),
    Flag("iidfile", "string", "Write the image ID to a file"),
    Flag("label", "stringArray", "Set metadata for an image"),
    Flag("load", "bool", 'Shorthand for "--output=type=docker"'),
    Flag("metadata-file", "string", "Write build result metadata to a file"),
    Flag("network", "string", 'Set the networking mode for the "RUN" instructions during build', default="default"),
    Flag("no-cache", "bool", "Do not use cache when building the image"),
    Flag("no-cache-filter", "stringArray", "Do not cache specified stages"),
    Flag("output", "stringArray", 'Output destination (format: "type=local,dest=path")', short="o"),
    Flag("platform", "stringArray", "Set target platform for build"),
    Flag("progress", "string",
         'Set type of progress output ("auto", "quiet", "plain", "tty", "rawjson"). Use plain to show container'
         " output", default="auto"),
    Flag("provenance", "string", 'Shorthand for "--attest=type=provenance"'),
    Flag("pull", "bool", "Always attempt to pull all referenced images"),
    Flag("push", "bool", 'Shorthand for "--output=type=registry"'),
    Flag("quiet", "bool", "Suppress the build output and print image ID on success", short="q"),
    Flag("sbom", "string", 'Shorthand for "--attest=type=sbom"'),
    Flag("secret", "stringArray", 'Secret to expose to the build (format: "id=mysecret[,src=/local/secret]")'),
    Flag("shm-size", "bytes", "Shared memory size for build containers"),
    Flag("ssh", "stringArray",
         'SSH agent socket or keys to expose to the build (format: "default|<id>[=<socket>|<key>[,<key>]]")'),
    Flag("tag", "stringArray", 'Name and optionally a tag (format: "name:tag")', short="t"),
    Flag("target", "string", "Set the target build stage to build"),
    Flag("ulimit", "ulimit", "Ulimit options", shown="[]"),
    # Accepted for compatibility with the legacy builder, but hidden and ignored.
    Flag("compress", "bool", "Compress the build context using gzip", hidden=True),
    Flag("cpu-period", "int", "Limit the CPU CFS (Completely Fair Scheduler) period", hidden=True),
    Flag("cpu-quota", "int", "Limit the CPU CFS (Completely Fair Scheduler) quota", hidden=True),
    Flag("cpu-shares", "int", "CPU shares (relative weight)", short="c", hidden=True),
    Flag("cpuset-cpus", "string", 'CPUs in which to allow execution ("0-3", "0,1")', hidden=True),
    Flag("cpuset-mems", "string", 'MEMs in which to allow execution ("0-3", "0,1")', hidden=True),
    Flag("force-rm", "bool", "Always remove intermediate containers", hidden=True),
    Flag("isolation", "string", "Container isolation technology", hidden=True),
    Flag("memory", "string", "Memory limit", short="m", hidden=True),
    Flag("memory-swap", "string", 'Swap limit equal to memory plus swap: "-1" to enable unlimited swap', hidden=True),
    Flag("rm", "bool", "Remove intermediate containers after a successful build", default=True, hidden=True),
    Flag("security-opt", "strings", "Security options", hidden=True),
    Flag("squash", "bool", "Squash newly built layers into a single new layer", hidden=True),
)

_PRUNE = (
    *PERSISTENT,
    Flag("all", "bool", "Include internal/frontend images", short="a"),
    Flag("filter", "filter", 'Provide filter values (e.g., "until=24h")'),
    Flag("force", "bool", "Do not prompt for confirmation", short="f"),
    Flag("keep-storage", "bytes", "Amount of disk space to keep for cache", hidden=True),
    Flag("max-used-space", "bytes", "Maximum amount of disk space allowed to keep for cache"),
    Flag("min-free-space", "bytes", "Target amount of free disk space after pruning"),
    Flag("reserved-space", "bytes", "Amount of disk space always allowed to keep for cache"),
    Flag("verbose", "bool", "Provide a more verbose output"),
)

_DU = (
    *PERSISTENT,
    Flag("filter", "filter", "Provide filter values"),
    Flag("verbose", "bool", "Provide a more verbose output"),
)

_LS = (
    *PERSISTENT,
    Flag("format", "string", "Format the output", default="table"),
    Flag("no-trunc", "bool", "Do not truncate output"),
    Flag("quiet", "bool", "Only display builder names", short="q"),
)


def _sketch(path: tuple[str, ...], use: str, short: str) -> Command:
    return Command(("buildx", *path), use, short, flags=PERSISTENT, partial=True)


COMMANDS = [
    Command(("buildx",), "buildx", "Docker Buildx", long="Extended build capabilities with BuildKit",
            flags=PERSISTENT, plugin=True, runnable=False),
    Command(("buildx", "build"), "build [OPTIONS] PATH | URL | -", "Start a build", aliases=("b",),
            aliases_text="docker build, docker builder build, docker image build, docker buildx b",
            flags=_BUILD, args_check=exact_args(1)),
    Command(("buildx", "prune"), "prune", "Remove build cache", flags=_PRUNE, args_check=no_args),
    Command(("buildx", "du"), "du", "Disk usage", flags=_DU, args_check=no_args),
    Command(("buildx", "ls"), "ls", "List builder instances", flags=_LS, args_check=no_args),
    _sketch(("bake",), "bake [OPTIONS] [TARGET...]", "Build from a file"),
    _sketch(("create",), "create [OPTIONS] [CONTEXT|ENDPOINT]", "Create a new builder instance"),
    _sketch(("dial-stdio",), "dial-stdio", "Proxy current stdio streams to builder instance"),
    Command(("buildx", "history"), "history", "Commands to work on build records", flags=PERSISTENT,
            runnable=False),
    _sketch(("history", "inspect"), "inspect [OPTIONS] [REF]", "Inspect a build"),
    _sketch(("history", "logs"), "logs [OPTIONS] [REF]", "Print the logs of a build"),
    _sketch(("history", "ls"), "ls [OPTIONS]", "List build records"),
    _sketch(("history", "open"), "open [OPTIONS] [REF]", "Open a build in Docker Desktop"),
    _sketch(("history", "rm"), "rm [OPTIONS] [REF...]", "Remove build records"),
    Command(("buildx", "imagetools"), "imagetools", "Commands to work on images in registry", flags=PERSISTENT,
            runnable=False),
    _sketch(("imagetools", "create"), "create [OPTIONS] [SOURCE...]", "Create a new image based on source images"),
    _sketch(("imagetools", "inspect"), "inspect [OPTIONS] NAME", "Show details of an image in the registry"),
    _sketch(("inspect",), "inspect [NAME]", "Inspect current builder instance"),
    _sketch(("rm",), "rm [OPTIONS] [NAME] [NAME...]", "Remove one or more builder instances"),
    _sketch(("stop",), "stop [NAME]", "Stop builder instance"),
    _sketch(("use",), "use [OPTIONS] NAME|CONTEXT|ENDPOINT", "Set the current builder instance"),
    _sketch(("version",), "version", "Show buildx version information"),
]
