"""Specs of the remaining docker commands (contexts, registries, plugins, trust, checkpoints, manifests).

The course does not model them; they are here so help and errors are complete.
"""

from __future__ import annotations

from storagekit.commands.docker.command import (
    Command, cobra_exact_args, exact_args, max_args, min_args, no_args, range_args,
)
from storagekit.commands.cli.flags import Flag
from storagekit.commands.docker.specs.common import FORMAT_HELP, INSPECT_FORMAT_HELP

_LOGIN = (
    Flag("password", "string", "Password or Personal Access Token (PAT)", short="p"),
    Flag("password-stdin", "bool", "Take the Password or Personal Access Token (PAT) from stdin"),
    Flag("username", "string", "Username", short="u"),
)

_SEARCH = (
    Flag("filter", "filter", "Filter output based on conditions provided", short="f"),
    Flag("format", "string", "Pretty-print search using a Go template"),
    Flag("limit", "int", "Max number of search results"),
    Flag("no-trunc", "bool", "Don't truncate output"),
)

_CHECKPOINT_CREATE = (
    Flag("checkpoint-dir", "string", "Use a custom checkpoint storage directory"),
    Flag("leave-running", "bool", "Leave the container running after checkpoint"),
)

_CHECKPOINT_LS = (
    Flag("checkpoint-dir", "string", "Use a custom checkpoint storage directory"),
)

_CONTEXT_CREATE = (
    Flag("description", "string", "Description of the context"),
    Flag("docker", "map", "set the docker endpoint", metavar="stringToString", shown="[]"),
    Flag("from", "string", "create context from a named context"),
)

_CONTEXT_INSPECT = (
    Flag("format", "string", INSPECT_FORMAT_HELP, short="f"),
)

_CONTEXT_LS = (
    Flag("format", "string", FORMAT_HELP),
    Flag("quiet", "bool", "Only show context names", short="q"),
)

_CONTEXT_RM = (
    Flag("force", "bool", "Force the removal of a context in use", short="f"),
)

_CONTEXT_UPDATE = (
    Flag("description", "string", "Description of the context"),
    Flag("docker", "map", "set the docker endpoint", metavar="stringToString", shown="[]"),
)

_MANIFEST_ANNOTATE = (
    Flag("arch", "string", "Set architecture"),
    Flag("os", "string", "Set operating system"),
    Flag("os-features", "strings", "Set operating system feature"),
    Flag("os-version", "string", "Set operating system version"),
    Flag("variant", "string", "Set architecture variant"),
)

_MANIFEST_CREATE = (
    Flag("amend", "bool", "Amend an existing manifest list", short="a"),
    Flag("insecure", "bool", "Allow communication with an insecure registry"),
)

_MANIFEST_INSPECT = (
    Flag("insecure", "bool", "Allow communication with an insecure registry"),
    Flag("verbose", "bool", "Output additional info including layers and platform", short="v"),
)

_MANIFEST_PUSH = (
    Flag("insecure", "bool", "Allow push to an insecure registry"),
    Flag("purge", "bool", "Remove the local manifest list after push", short="p"),
)

_PLUGIN_CREATE = (
    Flag("compress", "bool", "Compress the context using gzip"),
)

_PLUGIN_DISABLE = (
    Flag("force", "bool", "Force the disable of an active plugin", short="f"),
)

_PLUGIN_ENABLE = (
    Flag("timeout", "int", "HTTP client timeout (in seconds)", default=30),
)

_PLUGIN_INSTALL = (
    Flag("alias", "string", "Local name for plugin"),
    Flag("disable", "bool", "Do not enable the plugin on install"),
    Flag("disable-content-trust", "bool", "Skip image verification", default=True),
    Flag("grant-all-permissions", "bool", "Grant all permissions necessary to run the plugin"),
)

_PLUGIN_LS = (
    Flag("filter", "filter", "Provide filter values (e.g. \"enabled=true\")", short="f"),
    Flag("format", "string", FORMAT_HELP),
    Flag("no-trunc", "bool", "Don't truncate output"),
    Flag("quiet", "bool", "Only display plugin IDs", short="q"),
)

_PLUGIN_PUSH = (
    Flag("disable-content-trust", "bool", "Skip image signing", default=True),
)

_PLUGIN_RM = (
    Flag("force", "bool", "Force the removal of an active plugin", short="f"),
)

_PLUGIN_UPGRADE = (
    Flag("disable-content-trust", "bool", "Skip image verification", default=True),
    Flag("grant-all-permissions", "bool", "Grant all permissions necessary to run the plugin"),
    Flag(
        "skip-remote-check",
        "bool",
        "Do not check if specified remote plugin matches existing plugin image",
    ),
)

_TRUST_KEY_GENERATE = (
    Flag("dir", "string", "Directory to generate key in, defaults to current directory"),
)

_TRUST_KEY_LOAD = (
    Flag("name", "string", "Name for the loaded key", default="signer"),
)

_TRUST_SIGNER_ADD = (
    Flag("key", "list", "Path to the signer's public key file"),
)

_TRUST_SIGNER_REMOVE = (
    Flag("force", "bool", "Do not prompt for confirmation before removing the most recent signer", short="f"),
)

_TRUST_INSPECT = (
    Flag("pretty", "bool", "Print the information in a human friendly format"),
)

_TRUST_REVOKE = (
    Flag("yes", "bool", "Do not prompt for confirmation", short="y"),
)

_TRUST_SIGN = (
    Flag("local", "bool", "Sign a locally tagged image"),
)


COMMANDS = [
    Command(
        ("login",),
        "login [OPTIONS] [SERVER]",
        "Authenticate to a registry",
        long="Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.",
        flags=_LOGIN,
        args_check=max_args(1),
        top=8,
    ),
    Command(
        ("logout",),
        "logout [SERVER]",
        "Log out from a registry",
        long="Log out from a registry.\nIf no server is specified, the default is defined by the daemon.",
        args_check=max_args(1),
        top=9,
    ),
    Command(
        ("search",),
        "search [OPTIONS] TERM",
        "Search Docker Hub for images",
        flags=_SEARCH,
        args_check=exact_args(1),
        top=10,
    ),
    Command(("checkpoint",), "checkpoint", "Manage checkpoints", args_check=no_args),
    Command(
        ("checkpoint", "create"),
        "create [OPTIONS] CONTAINER CHECKPOINT",
        "Create a checkpoint from a running container",
        flags=_CHECKPOINT_CREATE,
        args_check=exact_args(2),
    ),
    Command(
        ("checkpoint", "ls"),
        "ls [OPTIONS] CONTAINER",
        "List checkpoints for a container",
        aliases=("list",),
        flags=_CHECKPOINT_LS,
        args_check=exact_args(1),
    ),
    Command(
        ("checkpoint", "rm"),
        "rm [OPTIONS] CONTAINER CHECKPOINT",
        "Remove a checkpoint",
        aliases=("remove",),
        flags=_CHECKPOINT_LS,
        args_check=exact_args(2),
    ),
    Command(("context",), "context", "Manage contexts", args_check=no_args),
    Command(
        ("context", "create"),
        "create [OPTIONS] CONTEXT",
        "Create a context",
        long=(
            "Create a context\n"
            "\n"
            "Docker endpoint config:\n"
            "\n"
            "NAME                DESCRIPTION\n"
            "from                Copy named context's Docker endpoint configuration\n"
            "host                Docker endpoint on which to connect\n"
            "ca                  Trust certs signed only by this CA\n"
            "cert                Path to TLS certificate file\n"
            "key                 Path to TLS key file\n"
            "skip-tls-verify     Skip TLS certificate validation\n"
            "\n"
            "Example:\n"
            "\n"
            "$ docker context create my-context --description \"some description\" --docker \"host=tcp://myserver:2376,ca=~/ca-file,cert=~/cert-file,key=~/key-file\""
        ),
        flags=_CONTEXT_CREATE,
        args_check=exact_args(1),
    ),
    Command(
        ("context", "export"),
        "export [OPTIONS] CONTEXT [FILE|-]",
        "Export a context to a tar archive FILE or a tar stream on STDOUT.",
        args_check=range_args(1, 2),
    ),
    Command(
        ("context", "import"),
        "import CONTEXT FILE|-",
        "Import a context from a tar or zip file",
        args_check=exact_args(2),
    ),
    Command(
        ("context", "inspect"),
        "inspect [OPTIONS] [CONTEXT] [CONTEXT...]",
        "Display detailed information on one or more contexts",
        flags=_CONTEXT_INSPECT,
    ),
    Command(
        ("context", "ls"),
        "ls [OPTIONS]",
        "List contexts",
        aliases=("list",),
        flags=_CONTEXT_LS,
        args_check=no_args,
    ),
    Command(
        ("context", "rm"),
        "rm CONTEXT [CONTEXT...]",
        "Remove one or more contexts",
        aliases=("remove",),
        flags=_CONTEXT_RM,
        args_check=min_args(1),
    ),
    Command(("context", "show"), "show", "Print the name of the current context", args_check=no_args),
    Command(
        ("context", "update"),
        "update [OPTIONS] CONTEXT",
        "Update a context",
        long=(
            "Update a context\n"
            "\n"
            "Docker endpoint config:\n"
            "\n"
            "NAME                DESCRIPTION\n"
            "from                Copy named context's Docker endpoint configuration\n"
            "host                Docker endpoint on which to connect\n"
            "ca                  Trust certs signed only by this CA\n"
            "cert                Path to TLS certificate file\n"
            "key                 Path to TLS key file\n"
            "skip-tls-verify     Skip TLS certificate validation\n"
            "\n"
            "Example:\n"
            "\n"
            "$ docker context update my-context --description \"some description\" --docker \"host=tcp://myserver:2376,ca=~/ca-file,cert=~/cert-file,key=~/key-file\""
        ),
        flags=_CONTEXT_UPDATE,
        args_check=exact_args(1),
    ),
    Command(("context", "use"), "use CONTEXT", "Set the current docker context", args_check=cobra_exact_args(1)),
    Command(
        ("manifest",),
        "manifest",
        "Manage Docker image manifests and manifest lists",
        long=(
            "The **docker manifest** command has subcommands for managing image manifests and\n"
            "manifest lists. A manifest list allows you to use one name to refer to the same image\n"
            "built for multiple architectures.\n"
            "\n"
            "To see help for a subcommand, use:\n"
            "\n"
            "    docker manifest CMD --help\n"
            "\n"
            "For full details on using docker manifest lists, see the registry v2 specification."
        ),
        args_check=no_args,
        experimental=True,
    ),
    Command(
        ("manifest", "annotate"),
        "annotate [OPTIONS] MANIFEST_LIST MANIFEST",
        "Add additional information to a local image manifest",
        flags=_MANIFEST_ANNOTATE,
        args_check=exact_args(2),
        experimental=True,
    ),
    Command(
        ("manifest", "create"),
        "create MANIFEST_LIST MANIFEST [MANIFEST...]",
        "Create a local manifest list for annotating and pushing to a registry",
        flags=_MANIFEST_CREATE,
        args_check=min_args(2),
        experimental=True,
    ),
    Command(
        ("manifest", "inspect"),
        "inspect [OPTIONS] [MANIFEST_LIST] MANIFEST",
        "Display an image manifest, or manifest list",
        flags=_MANIFEST_INSPECT,
        args_check=range_args(1, 2),
        experimental=True,
    ),
    Command(
        ("manifest", "push"),
        "push [OPTIONS] MANIFEST_LIST",
        "Push a manifest list to a repository",
        flags=_MANIFEST_PUSH,
        args_check=exact_args(1),
        experimental=True,
    ),
    Command(
        ("manifest", "rm"),
        "rm MANIFEST_LIST [MANIFEST_LIST...]",
        "Delete one or more manifest lists from local storage",
        args_check=min_args(1),
        experimental=True,
    ),
    Command(("plugin",), "plugin", "Manage plugins", args_check=no_args),
    Command(
        ("plugin", "create"),
        "create [OPTIONS] PLUGIN PLUGIN-DATA-DIR",
        "Create a plugin from a rootfs and configuration. Plugin data directory must contain config.json and rootfs directory.",
        flags=_PLUGIN_CREATE,
        args_check=min_args(2),
    ),
    Command(
        ("plugin", "disable"),
        "disable [OPTIONS] PLUGIN",
        "Disable a plugin",
        flags=_PLUGIN_DISABLE,
        args_check=exact_args(1),
    ),
    Command(
        ("plugin", "enable"),
        "enable [OPTIONS] PLUGIN",
        "Enable a plugin",
        flags=_PLUGIN_ENABLE,
        args_check=exact_args(1),
    ),
    Command(
        ("plugin", "inspect"),
        "inspect [OPTIONS] PLUGIN [PLUGIN...]",
        "Display detailed information on one or more plugins",
        flags=_CONTEXT_INSPECT,
        args_check=min_args(1),
    ),
    Command(
        ("plugin", "install"),
        "install [OPTIONS] PLUGIN [KEY=VALUE...]",
        "Install a plugin",
        flags=_PLUGIN_INSTALL,
        args_check=min_args(1),
    ),
    Command(
        ("plugin", "ls"),
        "ls [OPTIONS]",
        "List plugins",
        aliases=("list",),
        flags=_PLUGIN_LS,
        args_check=no_args,
    ),
    Command(
        ("plugin", "push"),
        "push [OPTIONS] PLUGIN[:TAG]",
        "Push a plugin to a registry",
        flags=_PLUGIN_PUSH,
        args_check=exact_args(1),
    ),
    Command(
        ("plugin", "rm"),
        "rm [OPTIONS] PLUGIN [PLUGIN...]",
        "Remove one or more plugins",
        aliases=("remove",),
        flags=_PLUGIN_RM,
        args_check=min_args(1),
    ),
    Command(
        ("plugin", "set"),
        "set PLUGIN KEY=VALUE [KEY=VALUE...]",
        "Change settings for a plugin",
        args_check=min_args(2),
    ),
    Command(
        ("plugin", "upgrade"),
        "upgrade [OPTIONS] PLUGIN [REMOTE]",
        "Upgrade an existing plugin",
        flags=_PLUGIN_UPGRADE,
        args_check=range_args(1, 2),
    ),
    Command(("trust",), "trust", "Manage trust on Docker images", args_check=no_args),
    Command(("trust", "key"), "key", "Manage keys for signing Docker images", args_check=no_args),
    Command(
        ("trust", "key", "generate"),
        "generate NAME",
        "Generate and load a signing key-pair",
        flags=_TRUST_KEY_GENERATE,
        args_check=exact_args(1),
    ),
    Command(
        ("trust", "key", "load"),
        "load [OPTIONS] KEYFILE",
        "Load a private key file for signing",
        flags=_TRUST_KEY_LOAD,
        args_check=exact_args(1),
    ),
    Command(("trust", "signer"), "signer", "Manage entities who can sign Docker images", args_check=no_args),
    Command(
        ("trust", "signer", "add"),
        "add OPTIONS NAME REPOSITORY [REPOSITORY...] ",
        "Add a signer",
        flags=_TRUST_SIGNER_ADD,
        args_check=min_args(2),
    ),
    Command(
        ("trust", "signer", "remove"),
        "remove [OPTIONS] NAME REPOSITORY [REPOSITORY...]",
        "Remove a signer",
        flags=_TRUST_SIGNER_REMOVE,
        args_check=min_args(2),
    ),
    Command(
        ("trust", "inspect"),
        "inspect IMAGE[:TAG] [IMAGE[:TAG]...]",
        "Return low-level information about keys and signatures",
        flags=_TRUST_INSPECT,
        args_check=min_args(1),
    ),
    Command(
        ("trust", "revoke"),
        "revoke [OPTIONS] IMAGE[:TAG]",
        "Remove trust for an image",
        flags=_TRUST_REVOKE,
        args_check=exact_args(1),
    ),
    Command(
        ("trust", "sign"),
        "sign IMAGE:TAG",
        "Sign an image",
        flags=_TRUST_SIGN,
        args_check=exact_args(1),
    ),
]
