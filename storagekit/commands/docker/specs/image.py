"""Specs of ``docker image`` and its top-level shortcuts (``images``, ``rmi``, ``build``, ``pull``...).

As docker/cli 28 defines them; ``build`` here is the legacy builder, used when
BuildKit is turned off (see ``buildx.py`` for the default).
"""

from __future__ import annotations

from storagekit.commands.cli.flags import Flag
from storagekit.commands.docker.command import Command, exact_args, max_args, min_args, no_args, shortcut
from storagekit.commands.docker.opts import validate_extra_host, validate_label, validate_tag
from storagekit.commands.docker.specs.common import FORMAT_HELP, INSPECT_FORMAT_HELP

_IMAGE_BUILD = (
    Flag("add-host", "list", "Add a custom host-to-IP mapping (\"host:ip\")", check=validate_extra_host),
    Flag("build-arg", "list", "Set build-time variables"),
    Flag("cache-from", "strings", "Images to consider as cache sources"),
    Flag("cgroup-parent", "string", "Set the parent cgroup for the \"RUN\" instructions during build"),
    Flag("compress", "bool", "Compress the build context using gzip"),
    Flag("cpu-period", "int", "Limit the CPU CFS (Completely Fair Scheduler) period"),
    Flag("cpu-quota", "int", "Limit the CPU CFS (Completely Fair Scheduler) quota"),
    Flag("cpu-shares", "int", "CPU shares (relative weight)", short="c"),
    Flag("cpuset-cpus", "string", "CPUs in which to allow execution (0-3, 0,1)"),
    Flag("cpuset-mems", "string", "MEMs in which to allow execution (0-3, 0,1)"),
    Flag("disable-content-trust", "bool", "Skip image verification", default=True),
    Flag("file", "string", "Name of the Dockerfile (Default is \"PATH/Dockerfile\")", short="f"),
    Flag("force-rm", "bool", "Always remove intermediate containers"),
    Flag("iidfile", "string", "Write the image ID to the file"),
    Flag("isolation", "string", "Container isolation technology"),
    Flag("label", "list", "Set metadata for an image", check=validate_label),
    Flag("memory", "bytes", "Memory limit", short="m"),
    Flag("memory-swap", "bytes", "Swap limit equal to memory plus swap: -1 to enable unlimited swap"),
    Flag("network", "string", "Set the networking mode for the RUN instructions during build", default="default"),
    Flag("no-cache", "bool", "Do not use cache when building the image"),
    Flag("platform", "string", "Set platform if server is multi-platform capable"),
    Flag("pull", "bool", "Always attempt to pull a newer version of the image"),
    Flag("quiet", "bool", "Suppress the build output and print image ID on success", short="q"),
    Flag("rm", "bool", "Remove intermediate containers after a successful build", default=True),
    Flag("security-opt", "strings", "Security options"),
    Flag("shm-size", "bytes", "Size of \"/dev/shm\""),
    Flag("squash", "bool", "Squash newly built layers into a single new layer", requires="experimental"),
    Flag("tag", "list", "Name and optionally a tag in the \"name:tag\" format", short="t", check=validate_tag),
    Flag("target", "string", "Set the target build stage to build."),
    Flag("ulimit", "ulimit", "Ulimit options", shown="[]"),
)

_IMAGE_PULL = (
    Flag("all-tags", "bool", "Download all tagged images in the repository", short="a"),
    Flag("disable-content-trust", "bool", "Skip image verification", default=True),
    Flag("platform", "string", "Set platform if server is multi-platform capable"),
    Flag("quiet", "bool", "Suppress verbose output", short="q"),
)

_IMAGE_PUSH = (
    Flag("all-tags", "bool", "Push all tags of an image to the repository", short="a"),
    Flag("disable-content-trust", "bool", "Skip image signing", default=True),
    Flag(
        "platform",
        "string",
        (
            "Push a platform-specific manifest as a single-platform image to the registry. Image index won't be "
            "pushed, meaning that other manifests, including attestations won't be preserved.\n"
            "'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)"
        ),
    ),
    Flag("quiet", "bool", "Suppress verbose output", short="q"),
)

_IMAGE_LS = (
    Flag("all", "bool", "Show all images (default hides intermediate images)", short="a"),
    Flag("digests", "bool", "Show digests"),
    Flag("filter", "filter", "Filter output based on conditions provided", short="f"),
    Flag("format", "string", FORMAT_HELP),
    Flag("no-trunc", "bool", "Don't truncate output"),
    Flag("quiet", "bool", "Only show image IDs", short="q"),
    Flag("tree", "bool", "List multi-platform images as a tree (EXPERIMENTAL)"),
)

_IMAGE_HISTORY = (
    Flag("format", "string", FORMAT_HELP),
    Flag("human", "bool", "Print sizes and dates in human readable format", short="H", default=True),
    Flag("no-trunc", "bool", "Don't truncate output"),
    Flag(
        "platform",
        "string",
        "Show history for the given platform. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")",
    ),
    Flag("quiet", "bool", "Only show image IDs", short="q"),
)

_IMAGE_IMPORT = (
    Flag("change", "list", "Apply Dockerfile instruction to the created image", short="c"),
    Flag("message", "string", "Set commit message for imported image", short="m"),
    Flag("platform", "string", "Set platform if server is multi-platform capable"),
)

_IMAGE_INSPECT = (
    Flag("format", "string", INSPECT_FORMAT_HELP, short="f"),
    Flag(
        "platform",
        "string",
        (
            "Inspect a specific platform of the multi-platform image.\n"
            "If the image or the server is not multi-platform capable, the command will error out if the platform "
            "does not match.\n"
            "'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)"
        ),
    ),
)

_IMAGE_LOAD = (
    Flag("input", "string", "Read from tar archive file, instead of STDIN", short="i"),
    Flag(
        "platform",
        "string",
        "Load only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")",
    ),
    Flag("quiet", "bool", "Suppress the load output", short="q"),
)

_IMAGE_PRUNE = (
    Flag("all", "bool", "Remove all unused images, not just dangling ones", short="a"),
    Flag("filter", "filter", "Provide filter values (e.g. \"until=<timestamp>\")"),
    Flag("force", "bool", "Do not prompt for confirmation", short="f"),
)

_IMAGE_RM = (
    Flag("force", "bool", "Force removal of the image", short="f"),
    Flag("no-prune", "bool", "Do not delete untagged parents"),
    Flag(
        "platform",
        "strings",
        "Remove only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")",
    ),
)

_IMAGE_SAVE = (
    Flag("output", "string", "Write to a file, instead of STDOUT", short="o"),
    Flag(
        "platform",
        "string",
        "Save only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")",
    ),
)

IMAGE_BUILD = Command(("image", "build"), "build [OPTIONS] PATH | URL | -", "Build an image from a Dockerfile",
                      aliases_text="docker image build, docker build, docker builder build", flags=_IMAGE_BUILD,
                      args_check=exact_args(1))
IMAGE_HISTORY = Command(("image", "history"), "history [OPTIONS] IMAGE", "Show the history of an image",
                        aliases_text="docker image history, docker history", flags=_IMAGE_HISTORY,
                        args_check=exact_args(1))
IMAGE_IMPORT = Command(("image", "import"), "import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]",
                       "Import the contents from a tarball to create a filesystem image",
                       aliases_text="docker image import, docker import", flags=_IMAGE_IMPORT, args_check=min_args(1))
IMAGE_LOAD = Command(("image", "load"), "load [OPTIONS]", "Load an image from a tar archive or STDIN",
                     aliases_text="docker image load, docker load", flags=_IMAGE_LOAD, args_check=no_args)
IMAGE_LS = Command(("image", "ls"), "ls [OPTIONS] [REPOSITORY[:TAG]]", "List images", aliases=("list",),
                   aliases_text="docker image ls, docker image list, docker images", flags=_IMAGE_LS,
                   args_check=max_args(1))
IMAGE_PULL = Command(("image", "pull"), "pull [OPTIONS] NAME[:TAG|@DIGEST]", "Download an image from a registry",
                     aliases_text="docker image pull, docker pull", flags=_IMAGE_PULL, args_check=exact_args(1))
IMAGE_PUSH = Command(("image", "push"), "push [OPTIONS] NAME[:TAG]", "Upload an image to a registry",
                     aliases_text="docker image push, docker push", flags=_IMAGE_PUSH, args_check=exact_args(1))
IMAGE_RM = Command(("image", "rm"), "rm [OPTIONS] IMAGE [IMAGE...]", "Remove one or more images", aliases=("remove",),
                   aliases_text="docker image rm, docker image remove, docker rmi", flags=_IMAGE_RM,
                   args_check=min_args(1))
IMAGE_SAVE = Command(("image", "save"), "save [OPTIONS] IMAGE [IMAGE...]",
                     "Save one or more images to a tar archive (streamed to STDOUT by default)",
                     aliases_text="docker image save, docker save", flags=_IMAGE_SAVE, args_check=min_args(1))
IMAGE_TAG = Command(("image", "tag"), "tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
                    "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE",
                    aliases_text="docker image tag, docker tag", args_check=exact_args(2), interspersed=False)

COMMANDS = [
    shortcut(IMAGE_BUILD, "build", top=4),
    shortcut(IMAGE_PULL, "pull", top=5),
    shortcut(IMAGE_PUSH, "push", top=6),
    shortcut(IMAGE_LS, "images", top=7),
    Command(("image",), "image", "Manage images", args_check=no_args),
    IMAGE_BUILD,
    IMAGE_HISTORY,
    IMAGE_IMPORT,
    Command(("image", "inspect"), "inspect [OPTIONS] IMAGE [IMAGE...]",
            "Display detailed information on one or more images", flags=_IMAGE_INSPECT, args_check=min_args(1)),
    IMAGE_LOAD,
    IMAGE_LS,
    Command(("image", "prune"), "prune [OPTIONS]", "Remove unused images", flags=_IMAGE_PRUNE, args_check=no_args),
    IMAGE_PULL,
    IMAGE_PUSH,
    IMAGE_RM,
    IMAGE_SAVE,
    IMAGE_TAG,
    shortcut(IMAGE_HISTORY, "history"),
    shortcut(IMAGE_IMPORT, "import"),
    shortcut(IMAGE_LOAD, "load"),
    shortcut(IMAGE_RM, "rmi"),
    shortcut(IMAGE_SAVE, "save"),
    shortcut(IMAGE_TAG, "tag"),
]
