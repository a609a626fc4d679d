"""What kubectl's commands share once their flags are parsed: ``TYPE NAME`` and ``TYPE/NAME`` arguments, the
namespace, finding objects, and errors in kubectl's words."""

from __future__ import annotations

from storagekit.commands.formats import goyaml
from storagekit.commands.kubectl.resources import Resource, lookup
from storagekit.k8s.errors import BadRequest, Invalid, NotFound, StatusError
from storagekit.sim.errors import NotSimulated
from storagekit.sim.goquote import go_quote
from storagekit.sim.strconv import parse_bool


class KubectlError(Exception):
    """A command that kubectl refuses; printed as ``error: MESSAGE``."""


def yaml_text(doc: dict) -> str:
    """``-o yaml``'s text, or kubectl's error where go-yaml cannot read back the object's JSON."""
    try:
        return goyaml.dump(doc)
    except goyaml.YAMLError as exc:
        raise KubectlError(str(exc)) from None


class UsageError(KubectlError):
    """A mistake in how the command was called (kubectl's ``UsageErrorf``), printed with a hint to its help."""


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
    """``TYPE[,TYPE] [NAME...]`` or ``TYPE/NAME...`` into ``(type, name or None)`` pairs, refusing a mix. There is
    a word, so there is a pair."""
    if any("/" in a for a in args):
        pairs = [a.split("/", 1) for a in args]
        if any(len(p) != 2 or not p[0] or not p[1] for p in pairs):
            if "/" not in args[0]:
                raise KubectlError("there is no need to specify a resource type as a separate argument when passing "
                                   "arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' "
                                   "instead of 'kubectl get resource resource/<resource_name>'")
            raise KubectlError("arguments in resource/name form must have a single resource and name")
        return [(k, n) for k, n in pairs]
    names: list[str | None] = [*args[1:]] or [None]
    return [(k, n) for k in args[0].split(",") for n in names]


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


VALIDATE_VALUES = {"strict": "strict", "true": "strict", "warn": "warn", "ignore": "ignore", "false": "ignore"}


def check_validate(opts: dict) -> None:
    """``--validate`` (kubectl's ``GetValidationDirective``): strict, as the simulated server always is, or the
    simulator's refusal of warn and ignore."""
    directive = VALIDATE_VALUES.get(opts["validate"].lower())
    if directive is None:
        raise KubectlError(f'invalid - validate option {go_quote(opts["validate"])}; must be one of: strict (or true), '
                           "warn, ignore (or false)")
    if directive != "strict":
        raise NotSimulated(f"'--validate={opts['validate']}' is not simulated yet: the simulated API server refuses "
                           "unknown and duplicate fields.")


def cascade_strategy(ctx, opts: dict) -> str:
    """``--cascade`` (kubectl's ``GetCascadingStrategy``): background, foreground or orphan, with the warning for the
    deprecated boolean forms."""
    value = opts["cascade"]
    if value in ("background", "foreground", "orphan"):
        return value
    try:
        flag = parse_bool(value)
    except ValueError:
        raise KubectlError(f'invalid cascade value ({value}). Must be "background", "foreground", or "orphan"') \
            from None
    replacement = "background" if flag else "orphan"
    ctx.err(f"warning: --cascade={value} is deprecated (boolean value) and can be replaced with "
            f"--cascade={replacement}.\n")
    return replacement


def check_named(names: list, opts: dict) -> None:
    """The resource builder's refusals of names beside a selector, or beside ``--all-namespaces``."""
    if names and (opts.get("selector") or opts.get("field-selector")):
        raise KubectlError("name cannot be provided when a selector is specified")
    if names and opts.get("all-namespaces"):
        raise KubectlError("a resource cannot be retrieved by name across all namespaces")


def list_objects(cluster, res: Resource, namespace: str | None, opts: dict) -> list[dict]:
    """The objects of a type that ``-l`` and ``--field-selector`` select (in ``namespace``, or all); a selector the
    server refuses is reported as cli-runtime reports it, naming the resource it listed."""
    label, field = opts.get("selector") or "", opts.get("field-selector") or ""
    try:
        return cluster.state.api.list(res.kind, namespace, label, field)
    except BadRequest as exc:
        raise exc.wrapped(f"Unable to find {go_quote(resource_string(res))} that match label selector "
                          f"{go_quote(label)}, field selector {go_quote(field)}") from None


def resource_string(res: Resource) -> str:
    """A resource as ``schema.GroupVersionResource.String()`` writes it: ``/v1, Resource=pods``."""
    return f"{res.group}/v1, Resource={res.plural}"


def api_error(ctx, exc: StatusError, verb: str = "", source: str = "") -> None:
    """Print the server's refusal as kubectl's ``checkErr`` does: ``Error from server (Reason): ...``, with the
    file it came from (``AddSourceToErr``); an Invalid one is spelled out from its details and field errors."""
    if isinstance(exc, Invalid):
        head = f"The {exc.kind} {go_quote(exc.name)} is invalid: "
        causes = [str(c) for c in exc.causes]
        ctx.err(head + causes[0] + "\n" if len(causes) == 1 else head + "\n" + "".join(f"* {c}\n" for c in causes))
        return
    where = f"error when {verb} {go_quote(source)}: " if verb and source else ""
    ctx.err(f"Error from server ({exc.reason}): {where}{exc.message}\n")


def api_warnings(ctx, api) -> None:
    """Print the warnings that came with the API server's last answer, as kubectl's warning handler does."""
    for warning in api.warnings:
        ctx.err(f"Warning: {warning}\n")


def fetch(cluster, ctx, kind: str, name: str, namespace: str = "") -> dict | None:
    """One object as ``GET`` returns it, or None after kubectl has reported the refusal (so the next name is tried)."""
    try:
        return cluster.state.api.get(kind, name, namespace)
    except NotFound as exc:
        api_error(ctx, exc)
        return None


def namespace_of(cluster, opts: dict) -> str:
    return opts.get("namespace") or "default"


# ----------------------------------------------------------------------- get


def find_pod(cluster, ctx, opts: dict, text: str) -> dict | None:
    """The Pod ``POD`` or ``pod/POD`` names in the namespace, or None after kubectl's NotFound message."""
    return fetch(cluster, ctx, "Pod", text.removeprefix("pod/").removeprefix("pods/"), namespace_of(cluster, opts))


def find_object(cluster, ctx, opts: dict, kind: str, name: str | None) -> tuple[Resource, dict | None]:
    """``(resource, object)`` for ``TYPE NAME``; the object is None after kubectl's NotFound message (a missing
    name is not found either). An unknown type is an error."""
    res = lookup(kind)
    if res is None:
        raise KubectlError(f'the server doesn\'t have a resource type "{kind}"')
    return res, fetch(cluster, ctx, res.kind, name or "", namespace_of(cluster, opts) if res.namespaced else "")


def update(cluster, ctx, obj: dict, name: str | None = None) -> bool:
    """Send an update (to the URL of ``name``, when given); on refusal print the API's error and return False."""
    try:
        cluster.state.api.update(obj, name)
    except StatusError as exc:
        api_error(ctx, exc)
        return False
    api_warnings(ctx, cluster.state.api)
    return True
