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
import json

from storagekit.commands.formats import goyaml
from storagekit.commands.kubectl.cli import KubectlError, namespace_of
from storagekit.k8s.errors import AlreadyExists
from storagekit.k8s.validation import CONFIG_KEY, CONFIG_KEY_MESSAGE

DRY_RUN = {"none": "", "client": " (dry run)", "server": " (server dry run)"}


def _key_problem(key: str) -> str:
    """``IsConfigMapKey``'s complaint about a key, or ""."""
    if len(key) > 253 or not CONFIG_KEY.fullmatch(key):
        return CONFIG_KEY_MESSAGE
    if key in (".", ".."):
        return f"must not be '{key}'"
    return "must not start with '..'" if key.startswith("..") else ""


def _pairs(ctx, opts: dict) -> list[tuple[str, bytes]]:
    """Every key and value the flags name, in flag order: literals, then files, then env files."""
    pairs = []
    for literal in opts.get("from-literal") or []:
        key, eq, value = literal.partition("=")
        if not eq or not key:
            raise KubectlError(f"invalid literal source {literal}, expected key=value")
        pairs.append((key, value.encode()))
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
                                   "of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit "
                                   f"(line {number})")
            pairs.append((key, value.encode()))
    return pairs


def _configmap(name: str, pairs: list[tuple[str, bytes]]) -> dict:
    data: dict[str, str] = {}
    binary: dict[str, str] = {}
    for key, value in pairs:
        problem = _key_problem(key)
        if problem:
            raise KubectlError(f'"{key}" is not a valid key name for a ConfigMap: {problem}')
        if key in data or key in binary:
            where = "Data" if key in data else "BinaryData"
            raise KubectlError(f'cannot add key "{key}", another key by that name already exists in {where} for '
                               f'ConfigMap "{name}"')
        try:
            data[key] = value.decode()
        except UnicodeDecodeError:
            binary[key] = base64.b64encode(value).decode()
    obj = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}}
    if binary:
        obj["binaryData"] = binary
    if data:
        obj["data"] = data
    return obj


def _secret(name: str, kind: str, pairs: list[tuple[str, bytes]]) -> dict:
    data: dict[str, str] = {}
    for key, value in pairs:
        problem = _key_problem(key)
        if problem:
            raise KubectlError(f'"{key}" is not valid key name for a Secret {problem}')
        if key in data:
            raise KubectlError(f"cannot add key {key}, another key by that name already exists")
        data[key] = base64.b64encode(value).decode()
    obj = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": name}}
    if data:
        obj["data"] = data
    if kind:
        obj["type"] = kind
    return obj


def create_generated(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``kubectl create configmap|cm|secret generic|namespace|ns|job NAME [flags]``."""
    what, rest = args[0], args[1:]
    command: list[str] = []
    if what == "job" and len(rest) > 1:  # create job NAME --image=IMAGE -- COMMAND...
        rest, command = rest[:1], rest[1:]
    if what == "secret":
        if not rest or rest[0] != "generic":
            sub = rest[0] if rest else ""
            ctx.err(f'error: unknown command "{sub}" for "kubectl create secret"\n' if sub else
                    "error: must specify a secret type: docker-registry, generic or tls\n")
            ctx.note("the simulator creates generic secrets")
            return 1
        rest = rest[1:]
    if len(rest) != 1:
        raise KubectlError(f"exactly one NAME is required, got {len(rest)}")
    name = rest[0]
    dry_run = opts.get("dry-run", "none")
    if dry_run not in DRY_RUN:
        raise KubectlError(f'Invalid dry-run value ({dry_run}). Must be "none", "server", or "client".')
    if what in ("configmap", "cm"):
        obj, word = _configmap(name, _pairs(ctx, opts)), "configmap"
    elif what == "secret":
        obj, word = _secret(name, opts.get("type", ""), _pairs(ctx, opts)), "secret"
    elif what == "job":
        if not opts.get("image"):
            raise KubectlError("either --image or --from must be specified")
        container = {"image": opts["image"], "name": name, "resources": {}}
        if command:
            container = {"command": command, **container}
        obj, word = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name},
                     "spec": {"template": {"metadata": {"creationTimestamp": None},
                                           "spec": {"containers": [container], "restartPolicy": "Never"}}},
                     "status": {}}, "job.batch"
    else:
        obj, word = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name}}, "namespace"
    if word != "namespace" and opts.get("namespace"):  # kubectl names the namespace only when told one
        obj["metadata"]["namespace"] = opts["namespace"]
    shown = obj
    if dry_run != "client":
        sent = dict(obj, metadata=dict(obj["metadata"]))
        if word != "namespace":
            sent["metadata"]["namespace"] = namespace_of(cluster, opts)
        if word == "job.batch":
            sent = dict(sent, spec={"template": dict(obj["spec"]["template"], metadata={})})
            sent.pop("status")
        try:
            shown = cluster.state.api.create(sent) if dry_run == "none" else sent
        except AlreadyExists as exc:
            if word not in ("configmap", "secret"):
                raise
            ctx.err(f"error: failed to create {word}: {exc.message}\n" if word == "configmap" else
                    f"error: failed to create {word} {exc.message}\n")
            return 1
    output = opts.get("output", "")
    if output in ("yaml", "json"):
        if dry_run == "client":
            shown = dict(shown, metadata={"creationTimestamp": None, **shown["metadata"]})
        ctx.out(goyaml.dump(shown) if output == "yaml" else json.dumps(shown, indent=4, sort_keys=True) + "\n")
    elif output == "name":
        ctx.out(f"{word}/{name}\n")
    else:
        ctx.out(f"{word}/{name} created{DRY_RUN[dry_run]}\n")
    return 0
