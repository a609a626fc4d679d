"""The kubectl commands that write: ``apply``, ``create``, ``delete``, ``scale``, ``patch``, ``label`` and
``annotate``, and ``wait`` for what they lead to."""

from __future__ import annotations

import json

from storagekit.commands.kubectl.cli import (
    NO_RESOURCES,
    KubectlError,
    UsageError,
    api_error,
    api_warnings,
    cascade_strategy,
    check_named,
    check_output,
    check_validate,
    dry_run_strategy,
    fetch,
    find_object,
    go_list,
    list_objects,
    namespace_of,
    resource_names,
    update,
)
from storagekit.commands.kubectl.manifests import ManifestError, load
from storagekit.commands.kubectl.resources import BY_KIND, Resource, lookup
from storagekit.k8s.decode import client_decode_error
from storagekit.k8s.errors import AlreadyExists, BadRequest, StatusError
from storagekit.sim.errors import NotSimulated
from storagekit.sim.goquote import go_quote


def read_sources(ctx, opts: dict) -> list[tuple[str, list[dict]]]:
    if not opts["filename"]:
        raise KubectlError("must specify one of -f and -k")
    out = []
    for name in opts["filename"]:
        if name == "-":
            text = ctx.stdin.decode(errors="replace")
        else:
            try:
                text = ctx.fs.read(ctx.abspath(name)).decode(errors="replace")
            except OSError:
                raise KubectlError(f'the path "{name}" does not exist') from None
        try:
            out.append((name if name != "-" else "STDIN", load(text, name if name != "-" else "STDIN")))
        except ManifestError as exc:
            raise KubectlError(str(exc)) from None
    return out


def apply(cluster, ctx, opts: dict, args: list[str], create_only: bool = False) -> int:
    """``kubectl apply -f``: create what is missing, merge the manifest over what exists. ``--dry-run=client``
    says what it would do and changes nothing."""
    code = 0
    verb_name = "create" if create_only else "apply"
    dry_run = dry_run_strategy(ctx, opts)
    check_validate(opts)
    output = check_output(opts)
    if output not in ("", "name"):
        raise NotSimulated(f"'kubectl {verb_name} -o {output}' is not simulated yet.")
    if dry_run == "server":
        raise NotSimulated(f"'kubectl {verb_name} --dry-run=server' is not simulated yet.")
    suffix = " (dry run)" if dry_run == "client" else ""
    sources = read_sources(ctx, opts)
    if not any(objects for _, objects in sources):
        raise KubectlError(f"no objects passed to {verb_name}")
    api = cluster.state.api
    for source, objects in sources:
        for obj in objects:
            kind = obj.get("kind") or ""
            res = BY_KIND.get(kind)
            problem = client_decode_error(obj)
            if problem:
                ctx.err(f'error: unable to decode "{source}": {problem}\n')
                code = 1
                continue
            try:
                cluster.state.api.decode(obj)
            except StatusError as exc:
                api_error(ctx, exc, "creating", source)
                code = 1
                continue
            obj["metadata"] = obj.get("metadata") or {}
            name = obj["metadata"].get("name", "")
            if res is None:
                version = obj.get("apiVersion", "")
                ctx.err(f'error: resource mapping not found for name: "{name}" namespace: "" from "{source}": no '
                        f'matches for kind "{kind}" in version "{version}"\nensure CRDs are installed first\n')
                code = 1
                continue
            namespace = namespace_of(cluster, opts) if res.namespaced else ""
            if not name:
                group = res.group or ""
                ctx.err("error: error when retrieving current configuration of:\n"
                        f'Resource: "{group}/v1, Resource={res.plural}", GroupVersionKind: "{group}/v1, Kind={kind}"\n'
                        f'Name: "", Namespace: "{namespace}"\n'
                        f'from server for: "{source}": resource name may not be empty\n')
                code = 1
                continue
            if res.namespaced:
                obj["metadata"].setdefault("namespace", namespace)
            existing = cluster.state.store.get(kind, name, obj["metadata"].get("namespace", ""))
            try:
                if existing is None:
                    if not suffix:
                        api.create(obj)
                        api_warnings(ctx, api)
                    verb = "created"
                elif create_only and not suffix:
                    raise AlreadyExists(res.qualified, name)
                else:
                    merged = _merge(existing, obj)
                    if merged == existing:
                        verb = "unchanged"
                    else:
                        if not suffix:
                            api.update(merged)
                            api_warnings(ctx, api)
                        verb = "configured"
            except StatusError as exc:
                api_error(ctx, exc, "creating" if existing is None or create_only else "patching", source)
                code = 1
                continue
            ctx.out(f"{res.type_name}/{name}\n" if output == "name" else
                    f"{res.type_name}/{name} {'created' if create_only else verb}{suffix}\n")
    return code


def _merge(existing: dict, applied: dict) -> dict:
    """What an apply changes: the fields the manifest sets, over the live object."""
    import copy

    merged = copy.deepcopy(existing)

    def over(dst: dict, src: dict) -> None:
        for k, v in src.items():
            if k == "status":
                continue
            if isinstance(v, dict) and isinstance(dst.get(k), dict):
                over(dst[k], v)
            else:
                dst[k] = copy.deepcopy(v)

    over(merged, applied)
    return merged


def create(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``kubectl create -f FILE``: the objects a manifest describes, refused if one exists."""
    if args:
        raise UsageError(f"Unexpected args: {go_list(args)}")
    return apply(cluster, ctx, opts, args, create_only=True)


FORCE_WARNING = ("Warning: Immediate deletion does not wait for confirmation that the running resource has been "
                 "terminated. The resource may continue to run on the cluster indefinitely.\n")


def delete(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``kubectl delete`` by ``-f``, ``TYPE NAME...``, ``TYPE/NAME``, ``--all``, ``-l`` or ``--field-selector``; an
    object that keeps a finalizer is left Terminating, where kubectl (``--wait``, the default) would sit waiting for
    it."""
    cascade = cascade_strategy(ctx, opts)
    dry_run = dry_run_strategy(ctx, opts)
    output = check_output(opts)
    if output not in ("", "name"):
        raise NotSimulated(f"'kubectl delete -o {output}' is not simulated yet.")
    if opts["now"]:
        if opts["grace-period"] >= 0:
            raise KubectlError("--now and --grace-period cannot be specified together")
        opts = dict(opts, **{"grace-period": 1})
    namespace = namespace_of(cluster, opts)
    selecting = opts["all"] or opts["selector"] or opts["field-selector"]
    targets: list[tuple[Resource | None, str, str]] = []
    if opts["filename"]:
        for _, objects in read_sources(ctx, opts):
            for o in objects:
                res = BY_KIND.get(o.get("kind", ""))
                ns = (o["metadata"].get("namespace") or namespace) if res is not None and res.namespaced else ""
                targets.append((res, o["metadata"]["name"], ns))
        if not targets:
            ctx.out("No resources found\n")
            return 0
    elif args:
        pairs = resource_names(args)
        for kind, name in pairs:
            res = lookup(kind)
            if res is None:
                raise KubectlError(f'the server doesn\'t have a resource type "{kind}"')
            if name is not None:
                if selecting:
                    raise KubectlError("name cannot be provided when a selector is specified")
                targets.append((res, name, namespace if res.namespaced else ""))
                continue
            if not selecting:
                raise KubectlError("resource(s) were provided, but no name was specified")
            ns = None if opts["all-namespaces"] or not res.namespaced else namespace
            targets += [(res, o["metadata"]["name"], o["metadata"].get("namespace", ""))
                        for o in list_objects(cluster, res, ns, opts)]
        if not targets:
            ctx.out("No resources found\n")
            return 0
    else:
        raise KubectlError(NO_RESOURCES)
    force = opts["force"] and opts["grace-period"] == 0
    if force:
        ctx.err(FORCE_WARNING)
    store = cluster.state.store
    code = 0
    for res, name, ns in targets:
        if res is None:
            continue
        done = "force deleted" if force else "deleted"
        if dry_run != "none":
            try:
                cluster.state.api.get(res.kind, name, ns)
            except StatusError as exc:
                if not opts.get("ignore-not-found"):
                    api_error(ctx, exc)
                    code = 1
                continue
            ctx.out(f"{res.type_name}/{name}\n" if output == "name" else
                    f'{res.type_name} "{name}" {done} ({"server dry run" if dry_run == "server" else "dry run"})\n')
            continue
        if res.kind == "Pod" and not force and opts.get("wait", True):
            cluster.clock.advance(_termination_seconds(cluster, store.get("Pod", name, ns), opts))
        uid = ((store.get(res.kind, name, ns) or {}).get("metadata") or {}).get("uid")
        try:
            cluster.state.api.delete(res.kind, name, ns, cascade.capitalize())
        except StatusError as exc:
            if not opts.get("ignore-not-found"):
                api_error(ctx, exc)
                code = 1
            continue
        ctx.out(f"{res.type_name}/{name}\n" if output == "name" else f'{res.type_name} "{name}" {done}\n')
        cluster.state.settle()
        left = store.get(res.kind, name, ns)  # kubectl waits on the uid: a StatefulSet's new web-1 is another Pod
        if left is not None and left["metadata"].get("uid") == uid and opts.get("wait", True):
            ctx.note(f"kubectl would now wait for {res.type_name} {name!r}, which is Terminating until its "
                     "finalizers go (Ctrl-C stops the wait; --wait=false does not wait)")
    return code


def _termination_seconds(cluster, pod: dict | None, opts: dict) -> int:
    """How long kubectl delete waits for a running Pod to go: at once if every main process ends on SIGTERM, else
    the grace period (30 s by default) after which the kubelet kills what is left."""
    if pod is None or (pod.get("status") or {}).get("phase") != "Running":
        return 0
    grace = opts["grace-period"] if opts["grace-period"] >= 0 else pod["spec"].get("terminationGracePeriodSeconds", 30)
    runtime = cluster.state.runtime
    keys = [(pod["metadata"]["uid"], ct["name"]) for ct in pod["spec"].get("containers") or []]
    return 0 if all(runtime.ends_on(k, "TERM") for k in keys if k in runtime.uppers) else max(grace, 0)


def scale(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``kubectl scale sts NAME --replicas=N [--current-replicas=M]``; ``--dry-run=client`` changes nothing."""
    replicas = opts["replicas"]
    dry_run, output = dry_run_strategy(ctx, opts), _name_output(opts, "scale")
    if dry_run == "server":
        raise NotSimulated("'kubectl scale --dry-run=server' is not simulated yet.")
    code = 0
    for kind, name in resource_names(args) if args else []:
        res = lookup(kind)
        if res is None or res.kind not in ("StatefulSet", "Deployment", "ReplicaSet"):
            raise KubectlError(f'the server doesn\'t have a resource type "{kind}"' if res is None else
                               f"cannot scale {res.plural}: the simulator scales deployments, replicasets and "
                               "statefulsets")
        obj = fetch(cluster, ctx, res.kind, name or "", namespace_of(cluster, opts))
        if obj is None:
            code = 1
            continue
        if dry_run == "none":
            current = obj["spec"].get("replicas", 1)
            if opts["current-replicas"] != -1 and current != opts["current-replicas"]:
                raise KubectlError(f"Expected replicas to be {opts['current-replicas']}, was {current}")
            if not update(cluster, ctx, _merge(obj, {"spec": {"replicas": replicas}})):
                code = 1
                continue
        ctx.out(f"{res.type_name}/{name}\n" if output else
                f"{res.type_name}/{name} scaled{' (dry run)' if dry_run == 'client' else ''}\n")
    return code


def _name_output(opts: dict, command: str) -> bool:
    """Whether ``-o name`` was asked for; any other format is declined, one kubectl has no printer for refused."""
    output = check_output(opts)
    if output not in ("", "name"):
        raise NotSimulated(f"'kubectl {command} -o {output}' is not simulated yet.")
    return output == "name"


def patch(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``kubectl patch TYPE NAME -p PATCH [--type merge|json|strategic]`` (strategic acts as merge here)."""
    dry_run, output = dry_run_strategy(ctx, opts), _name_output(opts, "patch")
    if opts["patch"] and opts["patch-file"]:
        raise KubectlError("cannot specify --patch and --patch-file together")
    if not opts["patch"] and not opts["patch-file"]:
        raise KubectlError("must specify --patch or --patch-file containing the contents of the patch")
    if dry_run == "server":
        raise NotSimulated("'kubectl patch --dry-run=server' is not simulated yet.")
    text = opts["patch"]
    if opts["patch-file"]:
        try:
            text = ctx.fs.read(ctx.abspath(opts["patch-file"])).decode(errors="replace")
        except OSError:
            raise KubectlError(f"unable to read patch file: open {opts['patch-file']}: no such file or directory") \
                from None
    kind, name = resource_names(args)[0] if args else ("", None)
    res, obj = find_object(cluster, ctx, opts, kind, name)
    if obj is None:
        return 1
    try:
        patch = json.loads(text)
    except json.JSONDecodeError:
        try:
            import yaml

            patch = yaml.safe_load(text)
        except Exception:  # noqa: BLE001 - neither JSON nor YAML
            raise KubectlError(f"unable to parse \"{text}\": yaml: did not find expected node content") \
                from None
    kind_of_patch = opts["type"]
    if kind_of_patch == "json":
        patched = _json_patch(obj, patch)
    elif kind_of_patch in ("merge", "strategic"):
        if not isinstance(patch, dict):
            raise KubectlError("unable to parse the patch as a JSON merge patch")
        patched = _merge_patch(obj, patch)
    else:
        raise KubectlError(f'--type must be one of [json merge strategic], not "{kind_of_patch}"')
    if output:
        shown = f"{res.type_name}/{name}\n"
    elif dry_run == "client":
        shown = f"{res.type_name}/{name} patched (dry run)\n"
    else:
        shown = f"{res.type_name}/{name} patched{' (no change)' if patched == obj else ''}\n"
    patched.update(kind=obj["kind"], apiVersion=obj.get("apiVersion"))  # the URL says what it is
    if dry_run == "none" and patched != obj and not update(cluster, ctx, patched, name):
        return 1
    ctx.out(shown)
    return 0


def _merge_patch(obj: dict, patch: dict) -> dict:
    """RFC 7386: objects merge, ``null`` deletes, anything else replaces."""
    import copy

    out = copy.deepcopy(obj)
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        elif isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge_patch(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def _json_patch(obj: dict, ops) -> dict:
    """RFC 6902 ``add``/``replace``/``remove`` on ``/a/b/0`` paths."""
    import copy

    out = copy.deepcopy(obj)
    if not isinstance(ops, list):  # the API server decodes the patch first (json-patch's DecodePatch)
        raise BadRequest(f"json: cannot unmarshal {_json_kind(ops)} into Go value of type jsonpatch.Patch")
    bad = next((op for op in ops if op is not None and not isinstance(op, dict)), None)
    if bad is not None:
        raise BadRequest(f"json: cannot unmarshal {_json_kind(bad)} into Go value of type jsonpatch.Operation")
    for op in [op or {} for op in ops]:
        if op.get("op") not in ("add", "remove", "replace", "move", "copy", "test"):
            raise BadRequest(f"Unexpected kind: {op['op'] if isinstance(op.get('op'), str) else 'unknown'}")
        parts = [p.replace("~1", "/").replace("~0", "~") for p in str(op.get("path", "")).split("/")[1:]]
        target = out
        try:
            for p in parts[:-1]:
                target = target[int(p)] if isinstance(target, list) else target[p]
            last = parts[-1]
            if op.get("op") == "remove":
                del target[int(last) if isinstance(target, list) else last]
            elif isinstance(target, list):
                target.insert(len(target) if last == "-" else int(last), op.get("value"))
                if op.get("op") == "replace":
                    del target[int(last) + 1]
            else:
                if op.get("op") == "replace" and last not in target:
                    raise KeyError(last)
                target[last] = op.get("value")
        except (KeyError, IndexError, ValueError, TypeError):
            raise KubectlError(f"the server rejected our request due to an error in our request "
                               f"(jsonpatch {op.get('op')} operation does not apply: doc is missing path: "
                               f"\"{op.get('path')}\": missing value)") from None
    return out


def _json_kind(value) -> str:
    """How Go's JSON decoder names a value's type in its complaints."""
    return {dict: "object", list: "array", str: "string", bool: "bool"}.get(type(value), "number")


def label(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``kubectl label TYPE NAME key=value ... [key-] [--overwrite]``."""
    return _set_metadata(cluster, ctx, opts, args, "labels", "label", "labeled")


def annotate(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``kubectl annotate TYPE NAME key=value ... [key-] [--overwrite]`` (how a class is made the default one)."""
    return _set_metadata(cluster, ctx, opts, args, "annotations", "annotation", "annotated")


def _set_metadata(cluster, ctx, opts: dict, args: list[str], field: str, noun: str, done: str) -> int:
    dry_run, output = dry_run_strategy(ctx, opts), _name_output(opts, noun)
    targets, changes = [], []
    for arg in args:  # kubectl's GetResourcesAndPairs: resources first, then the changes
        if ("=" in arg and arg[0] != "=") or (arg.endswith("-") and arg != "-"):
            changes.append(arg)
        elif changes:
            raise KubectlError(f"all resources must be specified before {noun} changes: {arg}")
        else:
            targets.append(arg)
    if not targets and not opts["filename"]:
        raise KubectlError("one or more resources must be specified as <resource> <name> or <resource>/<name>")
    if not changes:
        raise KubectlError(f"at least one {noun} update is required")
    if dry_run == "server":
        raise NotSimulated(f"'kubectl {noun} --dry-run=server' is not simulated yet.")
    pairs = resource_names(targets) if targets else []
    names = [n for _, n in pairs if n is not None]
    check_named(names, opts)
    selecting = opts["all"] or opts["selector"] or opts["field-selector"]
    if not pairs or (not selecting and len(names) < len(pairs)):
        raise KubectlError("resource(s) were provided, but no name was specified")
    namespace = namespace_of(cluster, opts)
    found: list[tuple[Resource, dict | None]] = []
    for kind, name in pairs:
        if name is not None:
            found.append(find_object(cluster, ctx, opts, kind, name))
            continue
        res = lookup(kind)
        if res is None:
            raise KubectlError(f'the server doesn\'t have a resource type "{kind}"')
        ns = None if opts["all-namespaces"] or not res.namespaced else namespace
        found += [(res, o) for o in list_objects(cluster, res, ns, opts)]
    code = 0
    for res, obj in found:
        if obj is None:
            code = 1
            continue
        name = obj["metadata"]["name"]
        values = dict(obj["metadata"].get(field) or {})
        for change in changes:
            if change.endswith("-") and "=" not in change:
                values.pop(change[:-1], None)
                continue
            key, _, value = change.partition("=")
            if key in values and values[key] != value and not opts.get("overwrite"):
                raise KubectlError(f"'{key}' already has a value ({values[key]}), and --overwrite is false")
            values[key] = value
        changed = values != (obj["metadata"].get(field) or {})
        if changed and dry_run == "none" and \
                not update(cluster, ctx, dict(obj, metadata=dict(obj["metadata"], **{field: values}))):
            code = 1
            continue
        suffix = " (dry run)" if dry_run == "client" else ""
        ctx.out(f"{res.type_name}/{name}\n" if output else
                f"{res.type_name}/{name} {done if changed else 'not ' + done}{suffix}\n")
    return code


def wait(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``kubectl wait --for=condition=C|jsonpath='{..}'=V|delete TYPE/NAME``. The cluster has settled when a command
    returns, so the answer is known at once: met, or the timeout kubectl would reach."""
    condition = opts["for"]
    _condition_kind(condition)
    if not args:
        raise KubectlError(NO_RESOURCES)
    pairs = resource_names(args)
    names = [name for _, name in pairs if name is not None]
    check_named(names, opts)
    if not names and not (opts["all"] or opts["selector"] or opts["field-selector"]):
        raise KubectlError("resource(s) were provided, but no name was specified")
    code = 0
    for kind, name in pairs:
        res = lookup(kind)
        if res is None:
            raise KubectlError(f'the server doesn\'t have a resource type "{kind}"')
        ns = namespace_of(cluster, opts) if res.namespaced else ""
        listed = None if name else \
            list_objects(cluster, res, None if opts["all-namespaces"] or not res.namespaced else ns, opts)
        if _condition_kind(condition) == "delete":
            if cluster.state.store.get(res.kind, name, ns) if name else listed:
                ctx.err(f"error: timed out waiting for the condition on {res.plural}/{name}\n")
                code = 1
            continue
        if name:
            found = fetch(cluster, ctx, res.kind, name, ns)
            if found is None:
                code = 1
                continue
            objs = [found]
        else:
            objs = listed or []
        for obj in objs:
            if _condition_met(obj, condition):
                ctx.out(f"{res.type_name}/{obj['metadata']['name']} condition met\n")
            else:
                ctx.err(f"error: timed out waiting for the condition on {res.plural}/{obj['metadata']['name']}\n")
                code = 1
    return code


def _condition_kind(condition: str) -> str:
    """What ``--for`` waits for (kubectl's ``conditionFuncFor``): ``delete``, ``condition`` or ``jsonpath``."""
    if condition.lower() == "delete":
        return "delete"
    kind = condition.partition("=")[0]
    if kind in ("condition", "jsonpath") and "=" in condition:
        return kind
    raise KubectlError(f"unrecognized condition: {go_quote(condition)}")


def _condition_met(obj: dict, condition: str) -> bool:
    from storagekit.commands.formats.jsonpath import JSONPathError, kubectl_jsonpath

    kind = _condition_kind(condition)
    rest = condition.partition("=")[2]
    if kind == "condition":
        wanted, _, value = rest.partition("=")
        return any(c.get("type", "").lower() == wanted.lower() and c.get("status") == (value or "True")
                   for c in (obj.get("status") or {}).get("conditions") or [])
    if kind == "jsonpath":
        expr, _, value = rest.rpartition("=") if "}=" in rest else (rest, "", "")
        try:
            found = kubectl_jsonpath(expr.strip("'\""), obj)
        except JSONPathError as exc:
            raise KubectlError(str(exc)) from None
        return found == value if value else bool(found)
    return False
