"""What kubectl's commands share once their flags are parsed: ``TYPE NAME`` and ``TYPE/NAME`` arguments, the
namespace, finding objects, and errors in kubectl's words."""

from __future__ import annotations

from storagekit.commands.cli.values import parse_bool
from storagekit.k8s.apiserver import APIError


class KubectlError(Exception):
    """A command that kubectl refuses; printed as ``error: MESSAGE``."""


class UsageError(KubectlError):
    """A mistake in how the command was called (kubectl's ``UsageErrorf``), printed with a hint to its help."""


class NotSimulated(Exception):
    """What kubectl would do here, the simulator does not: said as the simulator's own note, status 1."""


class Options(dict):
    """A command's flag values by long name (defaults filled in), and which ones the command line gave."""

    def __init__(self, values: dict, given: set[str] | frozenset[str] = frozenset()):
        super().__init__(values)
        self.given = frozenset(given)


PRINT_FORMATS = ("go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json", "jsonpath-file", "name",
                 "template", "templatefile", "yaml")
"""What ``-o`` accepts where kubectl prints the objects it sends (cli-runtime's ``PrintFlags``)."""


def check_output(opts: dict, formats: tuple[str, ...] = PRINT_FORMATS) -> str:
    """``-o``'s printer kind (``yaml``, ``jsonpath``...), or kubectl's refusal of one it has no printer for."""
    kind = opts["output"].split("=", 1)[0]
    if kind and kind not in formats:
        raise KubectlError(f'unable to match a printer suitable for the output format "{opts["output"]}", allowed '
                           f"formats are: {','.join(formats)}")
    return kind


class Args(list):
    """A command's positional arguments, and how many came before ``--`` (cobra's ``ArgsLenAtDash``, -1 without)."""

    def __init__(self, words: list[str], dash_at: int = -1):
        super().__init__(words)
        self.dash_at = dash_at


NO_RESOURCES = ("You must provide one or more resources by argument or filename.\n"
                "Example resource specifications include:\n"
                "   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")
"""The resource builder's complaint about a line that names nothing to act on."""


def go_list(words: list[str]) -> str:
    """A list of strings as Go's ``%v`` prints it: ``[a b]``."""
    return "[" + " ".join(words) + "]"


def resource_names(args: list[str]) -> list[tuple[str, str | None]]:
    """``TYPE[,TYPE] [NAME...]`` or ``TYPE/NAME...`` into ``(type, name or None)`` pairs, refusing a mix."""
    if any("/" in a for a in args):
        pairs = [a.split("/", 1) for a in args]
        if any(len(p) != 2 or not p[0] or not p[1] for p in pairs):
            if "/" not in args[0]:
                raise KubectlError("there is no need to specify a resource type as a separate argument when passing "
                                   "arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' "
                                   "instead of 'kubectl get resource resource/<resource_name>'")
            raise KubectlError("arguments in resource/name form must have a single resource and name")
        return [(k, n) for k, n in pairs]
    return [(k, n) for k in args[0].split(",") for n in (args[1:] or [None])]


def klog_warning(ctx, source: str, text: str) -> None:
    """A warning as kubectl's logger prints it: ``W`` + date and time, process id, source line, message."""
    import datetime

    stamp = datetime.datetime.fromtimestamp(ctx.clock(), tz=datetime.timezone.utc).strftime("%m%d %H:%M:%S.000000")
    ctx.err(f"W{stamp} {KUBECTL_PID:>7} {source}] {text}\n")


KUBECTL_PID = 4242
"""The process id the simulated kubectl logs under (the real one's changes with every run)."""


def dry_run_strategy(ctx, opts: dict) -> str:
    """kubectl's ``GetDryRunStrategy``: ``none``, ``client`` or ``server`` from ``--dry-run``, warning about the
    deprecated bare and boolean forms."""
    value = opts["dry-run"]
    if value == "unchanged":
        klog_warning(ctx, "helpers.go:703", "--dry-run is deprecated and can be replaced with --dry-run=client.")
        return "client"
    if value in ("client", "server", "none"):
        return value
    try:
        flag = parse_bool(value)
    except ValueError:
        raise KubectlError(f'Invalid dry-run value ({value}). Must be "none", "server", or "client".') from None
    replacement = "client" if flag else "none"
    klog_warning(ctx, "helpers.go:717" if flag else "helpers.go:720",
                 f"--dry-run={value} is deprecated (boolean value) and can be replaced with --dry-run={replacement}.")
    return replacement


def api_error(ctx, exc: APIError, verb: str = "", source: str = "") -> None:
    if exc.reason == "Invalid":
        ctx.err(f"{exc.message}\n")
        return
    where = f'error when {verb} "{source}": ' if verb and source else ""
    ctx.err(f"Error from server ({exc.reason}): {where}{exc.message}\n")


def namespace_of(cluster, opts: dict) -> str:
    return opts.get("namespace") or "default"


# ----------------------------------------------------------------------- get


def find_pod(cluster, ctx, opts: dict, text: str) -> dict | None:
    """The Pod ``POD`` or ``pod/POD`` names in the namespace, or None after kubectl's NotFound message."""
    name = text.removeprefix("pod/").removeprefix("pods/")
    pod = cluster.state.store.get("Pod", name, namespace_of(cluster, opts))
    if pod is None:
        ctx.err(f'Error from server (NotFound): pods "{name}" not found\n')
    return pod


def find_object(cluster, ctx, opts: dict, kind: str, name: str):
    """``(resource, object)`` for ``TYPE NAME``; the object is None after kubectl's NotFound message. An unknown
    type is an error."""
    from storagekit.commands.kubectl.resources import lookup

    res = lookup(kind)
    if res is None:
        raise KubectlError(f'the server doesn\'t have a resource type "{kind}"')
    obj = cluster.state.store.get(res.kind, name or "", namespace_of(cluster, opts) if res.namespaced else "")
    if obj is None:
        ctx.err(f'Error from server (NotFound): {res.qualified} "{name}" not found\n')
    return res, obj


def update(cluster, ctx, obj: dict) -> bool:
    """Send an update; on refusal print the API's error and return False."""
    try:
        cluster.state.api.update(obj)
    except APIError as exc:
        api_error(ctx, exc)
        return False
    return True
