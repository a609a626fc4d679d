"""``kubectl create configmap``, ``create secret generic``, ``create namespace`` and ``create job``: objects built
from flags.

Keys come from ``--from-literal=KEY=VALUE``, ``--from-file=[KEY=]PATH`` (a
directory gives one key per regular file) and ``--from-env-file``; kubectl
checks each key before anything is sent, with its own words. ``--dry-run=client
-o yaml`` prints the object instead of creating it, the usual way to start a
manifest.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

from storagekit.commands.formats.gofmt import go_json_indent
from storagekit.commands.kubectl.cli import (
    Args,
    KubectlError,
    UsageError,
    check_output,
    check_validate,
    dry_run_strategy,
    namespace_of,
    yaml_text,
)
from storagekit.k8s.errors import AlreadyExists
from storagekit.k8s.validation import CONFIG_KEY, CONFIG_KEY_MESSAGE
from storagekit.sim.errors import NotSimulated

DRY_RUN = {"none": "", "client": " (dry run)", "server": " (server dry run)"}


FIELD_ORDER = ("kind", "apiVersion", "name", "generateName", "namespace", "uid", "resourceVersion", "creationTimestamp",
               "labels", "annotations", "ownerReferences", "metadata", "immutable", "data", "binaryData", "stringData",
               "type", "template", "volumes", "initContainers", "containers", "image", "command", "args", "workingDir",
               "ports", "env", "resources", "restartPolicy", "dnsPolicy", "spec", "status")
"""Where a field stands in the Go structs kubectl builds (TypeMeta, ObjectMeta, ConfigMap, Secret, Job, Pod...)."""


MAPS = ("labels", "annotations", "data", "binaryData", "stringData")
"""Fields that are Go maps, which encoding/json writes in key order."""


def go_order(value, is_map: bool = False):
    """An object kubectl built itself, its keys in its Go struct's field order (how ``-o json`` prints it)."""
    if isinstance(value, dict):
        rank = {k: i for i, k in enumerate(FIELD_ORDER)}
        keys = sorted(value) if is_map else sorted(value, key=lambda k: rank.get(k, len(rank)))
        return {k: go_order(value[k], k in MAPS and not is_map) for k in keys}
    if isinstance(value, list):
        return [go_order(v) for v in value]
    return value


def _key_problem(key: str) -> str:
    """``IsConfigMapKey``'s complaint about a key, or ""."""
    if len(key) > 253 or not CONFIG_KEY.fullmatch(key):
        return CONFIG_KEY_MESSAGE
    if key in (".", ".."):
        return f"must not be '{key}'"
    return "must not start with '..'" if key.startswith("..") else ""


def _pairs(ctx, opts: dict) -> list[tuple[str, bytes]]:
    """Every key and value the flags name, in the order kubectl adds them: files, then literals (or env files, which
    go with neither)."""
    if opts.get("from-env-file") and (opts.get("from-file") or opts.get("from-literal")):
        raise KubectlError("from-env-file cannot be combined with from-file or from-literal")
    pairs = []
    for source in opts.get("from-file") or []:
        key, eq, path = source.partition("=")
        if not eq:
            key, path = "", source
        elif not key or not path:
            raise KubectlError(f"key names or file paths cannot be empty: {source}")
        full = ctx.abspath(path)
        if not ctx.fs.exists(full):
            raise KubectlError(f"error reading {path}: no such file or directory")
        if ctx.fs.isdir(full):
            if key:
                raise KubectlError("cannot give a key name for a directory path")
            pairs += [(name, ctx.fs.read(f"{full}/{name}")) for name in sorted(ctx.fs.listdir(full))
                      if ctx.fs.isfile(f"{full}/{name}")]
        else:
            pairs.append((key or full.rsplit("/", 1)[-1], ctx.fs.read(full)))
    for literal in opts.get("from-literal") or []:
        key, eq, value = literal.partition("=")
        if not eq or not key:
            raise KubectlError(f"invalid literal source {literal}, expected key=value")
        pairs.append((key, value.encode()))
    for path in opts.get("from-env-file") or []:
        full = ctx.abspath(path)
        if not ctx.fs.isfile(full):
            raise KubectlError(f"error reading {path}: no such file or directory")
        for number, line in enumerate(ctx.fs.read(full).decode(errors="replace").splitlines(), 1):
            line = line.lstrip()
            if not line or line.startswith("#"):
                continue
            key, eq, value = line.partition("=")
            if not eq:
                raise KubectlError(f'"{key}" is not a valid key name: a valid environment variable name must consist '
                                   "of alphabetic characters, digits, '_', '-', or '.', and must not start with a "
                                   f"digit (line {number})")
            pairs.append((key, value.encode()))
    return pairs


def _checked(pairs: list[tuple[str, bytes]], invalid: str, taken: Callable[[str, bytes], str]) -> dict[str, bytes]:
    """The sources' keys as kubectl adds them one by one: a valid key name (else ``invalid``, formatted with the key
    and the problem), never one already added (else ``taken(key, earlier value)``)."""
    added: dict[str, bytes] = {}
    for key, value in pairs:
        problem = _key_problem(key)
        if problem:
            raise KubectlError(invalid.format(key=key, problem=problem))
        if key in added:
            raise KubectlError(taken(key, added[key]))
        added[key] = value
    return added


def _is_text(value: bytes) -> bool:
    try:
        value.decode()
    except UnicodeDecodeError:
        return False
    return True


def _configmap(name: str, pairs: list[tuple[str, bytes]]) -> dict:
    data: dict[str, str] = {}
    binary: dict[str, str] = {}
    added = _checked(pairs, '"{key}" is not a valid key name for a ConfigMap: {problem}',
                     lambda key, earlier: f'cannot add key "{key}", another key by that name already exists in '
                                          f'{"Data" if _is_text(earlier) else "BinaryData"} for ConfigMap "{name}"')
    for key, value in added.items():
        if _is_text(value):
            data[key] = value.decode()
        else:
            binary[key] = base64.b64encode(value).decode()
    return _object("ConfigMap", name, binaryData=binary, data=data)


def _secret(name: str, kind: str, pairs: list[tuple[str, bytes]]) -> dict:
    added = _checked(pairs, '"{key}" is not valid key name for a Secret {problem}',
                     lambda key, _: f"cannot add key {key}, another key by that name already exists")
    data = {key: base64.b64encode(value).decode() for key, value in added.items()}
    return _object("Secret", name, data=data, type=kind)


def _object(kind: str, name: str, **fields) -> dict:
    """A generated core object, without the fields it has nothing in (Go's ``omitempty``)."""
    return {"apiVersion": "v1", "kind": kind, "metadata": {"name": name}, **{k: v for k, v in fields.items() if v}}


def create_configmap(cluster, ctx, opts: dict, args: Args) -> int:
    """``kubectl create configmap NAME [--from-literal=K=V] [--from-file=[K=]PATH] [--from-env-file=PATH]``."""
    return _create(cluster, ctx, opts, args, "configmap")


def create_secret(cluster, ctx, opts: dict, args: Args) -> int:
    """``kubectl create secret generic NAME`` with the same sources as a config map (values base64-encoded)."""
    return _create(cluster, ctx, opts, args, "secret")


def create_namespace(cluster, ctx, opts: dict, args: Args) -> int:
    return _create(cluster, ctx, opts, args, "namespace")


def create_job(cluster, ctx, opts: dict, args: Args) -> int:
    """``kubectl create job NAME --image=IMAGE [-- COMMAND [ARG...]]``."""
    return _create(cluster, ctx, opts, args, "job")


def _create(cluster, ctx, opts: dict, args: Args, what: str) -> int:
    names = len(args) if args.dash_at < 0 else args.dash_at  # kubectl's NameFromCommandArgs
    if names != 1:
        raise UsageError(f"exactly one NAME is required, got {names}")
    name, command = args[0], list(args[1:])
    dry_run = dry_run_strategy(ctx, opts)
    check_validate(opts)
    output = check_output(opts)
    if output not in ("", "yaml", "json", "name"):
        raise NotSimulated(f"'kubectl create {what} -o {output}' is not simulated yet.")
    if what == "configmap":
        obj, word = _configmap(name, _pairs(ctx, opts)), "configmap"
    elif what == "secret":
        obj, word = _secret(name, opts["type"], _pairs(ctx, opts)), "secret"
    elif what == "job":
        if not opts["image"]:
            raise KubectlError("either --image or --from must be specified")
        container = {"image": opts["image"], "name": name, "resources": {}}
        if command:
            container = {"command": command, **container}
        obj, word = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name},
                     "spec": {"template": {"metadata": {"creationTimestamp": None},
                                           "spec": {"containers": [container], "restartPolicy": "Never"}}},
                     "status": {}}, "job.batch"
    else:
        obj, word = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}, "spec": {}, "status": {}}, \
            "namespace"
    if word != "namespace" and opts.get("namespace"):  # kubectl names the namespace only when told one
        obj["metadata"]["namespace"] = opts["namespace"]
    shown = obj
    if dry_run != "client":
        sent = dict(obj, metadata=dict(obj["metadata"]))
        if word != "namespace":
            sent["metadata"]["namespace"] = namespace_of(cluster, opts)
        if word == "job.batch":
            sent = dict(sent, spec={"template": dict(obj["spec"]["template"], metadata={})})
        sent.pop("status", None)
        if word == "namespace":
            sent.pop("spec")
        try:
            shown = cluster.state.api.create(sent) if dry_run == "none" else sent
        except AlreadyExists as exc:
            if word not in ("configmap", "secret"):
                raise
            ctx.err(f"error: failed to create {word}: {exc.message}\n" if word == "configmap" else
                    f"error: failed to create {word} {exc.message}\n")
            return 1
    if output in ("yaml", "json"):
        if dry_run == "client":  # the object as kubectl built it: Go's struct, its fields in their order
            shown = go_order(dict(shown, metadata={"creationTimestamp": None, **shown["metadata"]}))
        ctx.out(yaml_text(shown) if output == "yaml" else
                go_json_indent(shown, sort_keys=dry_run != "client") + "\n")
    elif output == "name":
        ctx.out(f"{word}/{name}\n")
    else:
        ctx.out(f"{word}/{name} created{DRY_RUN[dry_run]}\n")
    return 0
