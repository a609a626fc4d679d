"""kubectl's command line, as the simulator reads it: flags, ``TYPE NAME`` and ``TYPE/NAME`` arguments, and errors."""

from __future__ import annotations

from storagekit.k8s.errors import Invalid, NotFound, StatusError
from storagekit.sim.goquote import go_quote

BOOL_FLAGS = {"-A": "all-namespaces", "--all-namespaces": "all-namespaces", "--show-labels": "show-labels",
              "--wait": "wait", "--all": "all", "--ignore-not-found": "ignore-not-found", "-i": "stdin",
              "--stdin": "stdin", "-t": "tty", "--tty": "tty", "-it": "tty", "-ti": "tty", "--force": "force",
              "--ignore-daemonsets": "ignore-daemonsets", "--overwrite": "overwrite", "--delete-emptydir-data": "delete-emptydir-data",
              "--recursive": "recursive", "--command": "command", "--rm": "rm",
              "--previous": "previous", "-w": "watch", "--watch": "watch", "--client": "client"}
VALUE_FLAGS = {"-n": "namespace", "--namespace": "namespace", "-o": "output", "--output": "output",
               "-f": "filename", "--filename": "filename", "-l": "selector", "--selector": "selector",
               "--grace-period": "grace-period", "-c": "container", "--container": "container",
               "--replicas": "replicas", "-p": "patch", "--patch": "patch", "--type": "type",
               "--from-literal": "from-literal", "--from-file": "from-file", "--from-env-file": "from-env-file",
               "--dry-run": "dry-run", "--api-version": "api-version", "--image": "image", "--restart": "restart",
               "--env": "env", "--labels": "labels", "--port": "port", "--for": "for", "--timeout": "timeout",
               "--to-revision": "to-revision"}
LIST_FLAGS = ("filename", "from-literal", "from-file", "from-env-file", "env")
"""Flags that may be given several times, each adding to the list."""


class KubectlError(Exception):
    pass


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


def parse(argv: list[str], command: str = "") -> tuple[dict, list[str]]:
    """kubectl's flags (the subset the simulator runs): ``--flag=value``, ``--flag value``, ``-fvalue``. For ``logs``
    ``-p`` is ``--previous`` and ``-f`` is ``--follow``; elsewhere they are ``--patch`` and ``--filename``."""
    opts: dict = {"filename": []}
    args: list[str] = []
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            args.extend(argv[i + 1:])
            break
        name, eq, value = word.partition("=")
        if command == "logs" and word in ("-p", "-f", "--follow"):
            opts["previous" if word == "-p" else "follow"] = True
        elif name == "--dry-run" and not eq:  # the flag's bare form means "unchanged", which create refuses
            opts["dry-run"] = "unchanged"
        elif name in BOOL_FLAGS:
            opts[BOOL_FLAGS[name]] = value.lower() != "false" if eq else True
        elif name in VALUE_FLAGS or (word[:2] in VALUE_FLAGS and len(word) > 2 and not word.startswith("--")):
            key = VALUE_FLAGS.get(name) or VALUE_FLAGS[word[:2]]
            if not eq and name in VALUE_FLAGS:
                if i + 1 >= len(argv):
                    raise KubectlError(f"flag needs an argument: {name!r} in {name}")
                i += 1
                value = argv[i]
            elif not eq:
                value = word[2:]
            if key in LIST_FLAGS:
                opts.setdefault(key, []).append(value)
            else:
                opts[key] = value
        elif word.startswith("-") and word != "-":
            raise KubectlError(f"unknown flag: {name}" if word.startswith("--") else f"unknown shorthand flag: "
                               f"{word[1]!r} in {word}")
        else:
            args.append(word)
        i += 1
    return opts, args


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


def find_object(cluster, ctx, opts: dict, kind: str, name: str):
    """``(resource, object)`` for ``TYPE NAME``; the object is None after kubectl's NotFound message. An unknown
    type is an error."""
    from storagekit.commands.kubectl.resources import lookup

    res = lookup(kind)
    if res is None:
        raise KubectlError(f'the server doesn\'t have a resource type "{kind}"')
    return res, fetch(cluster, ctx, res.kind, name or "", namespace_of(cluster, opts) if res.namespaced else "")


def update(cluster, ctx, obj: dict) -> bool:
    """Send an update; on refusal print the API's error and return False."""
    try:
        cluster.state.api.update(obj)
    except StatusError as exc:
        api_error(ctx, exc)
        return False
    return True
