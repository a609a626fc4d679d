"""``kubectl`` against a simulated cluster: get, apply, create, delete and describe for storage objects.

Each command ends with the controllers run to a fixpoint, so what the next
command shows is the converged state. Messages, tables and exit codes are
kubectl's (see :mod:`.printers`, :mod:`.describe`, :mod:`.manifests`).
"""

from __future__ import annotations

import json

from storagekit.commands.formats import goyaml
from storagekit.commands.kubectl import describe as describers
from storagekit.commands.kubectl.manifests import ManifestError, load
from storagekit.commands.kubectl.printers import align_rows, event_table, table
from storagekit.commands.kubectl.resources import API_VERSIONS, BY_KIND, lookup
from storagekit.k8s.apiserver import APIError

COMMANDS = ("get", "apply", "create", "delete", "describe", "exec", "scale", "patch")
READ_ONLY = ("get", "describe")
"""Commands that change nothing, so the controllers have nothing new to act on."""
BOOL_FLAGS = {"-A": "all-namespaces", "--all-namespaces": "all-namespaces", "--show-labels": "show-labels",
              "--wait": "wait", "--all": "all", "--ignore-not-found": "ignore-not-found", "-i": "stdin",
              "--stdin": "stdin", "-t": "tty", "--tty": "tty", "-it": "tty", "-ti": "tty"}
VALUE_FLAGS = {"-n": "namespace", "--namespace": "namespace", "-o": "output", "--output": "output",
               "-f": "filename", "--filename": "filename", "-l": "selector", "--selector": "selector",
               "--grace-period": "grace-period", "-c": "container", "--container": "container",
               "--replicas": "replicas", "-p": "patch", "--patch": "patch", "--type": "type"}


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


def parse(argv: list[str]) -> tuple[dict, list[str]]:
    """kubectl's flags (the subset the simulator runs): ``--flag=value``, ``--flag value``, ``-fvalue``."""
    opts: dict = {"filename": []}
    args: list[str] = []
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            args.extend(argv[i + 1:])
            break
        name, eq, value = word.partition("=")
        if name in BOOL_FLAGS:
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
            if key == "filename":
                opts["filename"].append(value)
            else:
                opts[key] = value
        elif word.startswith("-") and word != "-":
            raise KubectlError(f"unknown flag: {name}" if word.startswith("--") else f"unknown shorthand flag: "
                               f"{word[1]!r} in {word}")
        else:
            args.append(word)
        i += 1
    return opts, args


def kubectl_program(cluster, ctx, argv: list[str]) -> int:
    words = argv[1:]
    if not words:
        ctx.out("kubectl controls the Kubernetes cluster manager.\n\n Find more information at: "
                "https://kubernetes.io/docs/reference/kubectl/\n")
        return 0
    command = words[0]
    if command not in COMMANDS:
        ctx.err(f'error: unknown command "{command}" for "kubectl"\n')
        ctx.note(f"the simulator runs kubectl {', '.join(COMMANDS)}")
        return 1
    try:
        opts, args = parse(words[1:])
        code = globals()[f"_{command}"](cluster, ctx, opts, args)
    except KubectlError as exc:
        ctx.err(f"error: {exc}\n")
        if "flag" in str(exc):
            ctx.err(f"See 'kubectl {command} --help' for usage.\n")
        return 1
    except Exception as exc:  # noqa: BLE001 - a fault of the simulator, reported as one, never as kubectl's words
        ctx.err(f"[storagekit] the simulator could not run this command ({type(exc).__name__}); "
                "please report it with the command line.\n")
        ctx.note(f"kubectl {' '.join(words)}: {exc!r}")
        cluster.state.settle()
        return 1
    if command not in READ_ONLY:
        cluster.state.settle()
    return code


def _api_error(ctx, exc: APIError, verb: str = "", source: str = "") -> None:
    if exc.reason == "Invalid":
        ctx.err(f"{exc.message}\n")
        return
    where = f'error when {verb} "{source}": ' if verb and source else ""
    ctx.err(f"Error from server ({exc.reason}): {where}{exc.message}\n")


def _namespace(cluster, opts: dict) -> str:
    return opts.get("namespace") or "default"


# ----------------------------------------------------------------------- get


def _get(cluster, ctx, opts: dict, args: list[str]) -> int:
    if not args:
        ctx.err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of "
                "supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" "
                "for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for "
                "help and examples\n")
        return 1
    pairs = resource_names(args)
    store, now = cluster.state.store, cluster.clock.now
    all_ns = opts.get("all-namespaces")
    namespace = _namespace(cluster, opts)
    output = opts.get("output", "")
    found: list[tuple] = []
    code = 0
    listed_events = False
    for kind_text, name in pairs:
        res = lookup(kind_text)
        if res is None:
            ctx.err(f'error: the server doesn\'t have a resource type "{kind_text}"\n')
            return 1
        if res.kind == "Event":
            listed_events = True
            events = [e for e in store.events if all_ns or e.namespace == namespace or not e.namespace]
            if events:
                ctx.out(event_table(events, now, namespace_column=bool(all_ns)))
            else:
                ctx.err(f"No resources found in {namespace} namespace.\n" if not all_ns else "No resources found\n")
            continue
        ns = None if (all_ns or not res.namespaced) else namespace
        if name is None:
            objs = store.list(res.kind, ns)
        else:
            obj = store.get(res.kind, name, ns or "")
            if obj is None:
                ctx.err(f'Error from server (NotFound): {res.qualified} "{name}" not found\n')
                code = 1
                continue
            objs = [obj]
        found.extend((res, o) for o in objs)
    if opts.get("selector"):
        found = [(res, o) for res, o in found if _selected(o, opts["selector"])]
    if output.startswith("jsonpath=") or output.startswith("custom-columns="):
        return _template_output(ctx, output, [o for _, o in found], single=len(pairs) == 1 and pairs[0][1] is not None,
                                code=code)
    if output in ("yaml", "json"):
        items = [_shown(o) for _, o in found]
        doc = items[0] if len(items) == 1 and pairs[0][1] is not None and len(pairs) == 1 else \
            {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}
        if found or output:
            ctx.out(goyaml.dump(doc) if output == "yaml" else json.dumps(doc, indent=4, sort_keys=True) + "\n")
        return code
    if output == "name":
        ctx.out("".join(f"{res.type_name}/{o['metadata']['name']}\n" for res, o in found))
        return code
    if output not in ("", "wide"):
        raise KubectlError(f'unable to match a printer suitable for the output format "{output}", allowed formats '
                           "are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,"
                           "jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml")
    groups: dict[str, list] = {}
    for res, o in found:
        groups.setdefault(res.kind, []).append(o)
    several = len(groups) > 1
    blocks = []
    for kind, objs in groups.items():
        res = BY_KIND[kind]
        blocks.append(table(kind, objs, now, wide=output == "wide", namespace_column=bool(all_ns) and res.namespaced,
                            prefix=f"{res.type_name}/" if several else "", show_labels=bool(opts.get("show-labels"))))
    if blocks:
        ctx.out("\n".join(blocks))
    elif not code and not listed_events and pairs and pairs[0][1] is None:
        namespaced = all(lookup(k).namespaced for k, _ in pairs if lookup(k))
        ctx.err(f"No resources found in {namespace} namespace.\n" if namespaced and not all_ns else "No resources found\n")
    return code


def _selected(obj: dict, selector: str) -> bool:
    """``-l``: equality (``k=v``, ``k==v``), inequality (``k!=v``), existence (``k``, ``!k``), all of them."""
    labels = obj["metadata"].get("labels") or {}
    for term in selector.split(","):
        term = term.strip()
        if "!=" in term:
            k, v = term.split("!=", 1)
            if labels.get(k.strip()) == v.strip():
                return False
        elif "=" in term:
            k, v = term.replace("==", "=").split("=", 1)
            if labels.get(k.strip()) != v.strip():
                return False
        elif term.startswith("!"):
            if term[1:] in labels:
                return False
        elif term and term not in labels:
            return False
    return True


def _template_output(ctx, output: str, objects: list[dict], *, single: bool, code: int) -> int:
    """``-o jsonpath=TEMPLATE`` and ``-o custom-columns=HEADER:PATH,...`` over the API's objects."""
    from storagekit.commands.formats.jsonpath import JSONPathError, kubectl_jsonpath

    items = [_shown(o) for o in objects]
    kind, _, spec = output.partition("=")
    try:
        if kind == "jsonpath":
            data = items[0] if single and items else {"apiVersion": "v1", "items": items, "kind": "List",
                                                      "metadata": {"resourceVersion": ""}}
            ctx.out(kubectl_jsonpath(spec, data))
            return code
        columns = []
        for col in spec.split(","):
            header, sep, path = col.partition(":")
            if not sep:
                raise KubectlError(f'unexpected custom-columns spec: {col}, expected <header>:<json-path-expr>')
            columns.append((header, "{" + (path if path.startswith(".") else "." + path) + "}"))
        rows = [[h for h, _ in columns]]
        for item in items:
            rows.append([kubectl_jsonpath(p, item).replace(" ", ",") or "<none>" for _, p in columns])
        ctx.out(align_rows(rows))
    except JSONPathError as exc:
        raise KubectlError(str(exc)) from None
    return code


def _shown(obj: dict) -> dict:
    """The object as the API returns it, with apiVersion first in the data."""
    shown = {"apiVersion": API_VERSIONS.get(obj["kind"], "v1"), **obj}
    return shown


# ----------------------------------------------------------------- apply etc.


def _read_sources(cluster, ctx, opts: dict) -> list[tuple[str, list[dict]]]:
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


def _apply(cluster, ctx, opts: dict, args: list[str], create_only: bool = False) -> int:
    code = 0
    api = cluster.state.api
    for source, objects in _read_sources(cluster, ctx, opts):
        for obj in objects:
            kind = obj.get("kind", "")
            res = BY_KIND.get(kind)
            try:
                cluster.state.api.decode(obj)
            except APIError as exc:
                _api_error(ctx, exc, "creating", source)
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
            namespace = _namespace(cluster, opts) if res.namespaced else ""
            if not name:
                group = res.group or ""
                ctx.err("error: error when retrieving current configuration of:\n"
                        f'Resource: "{group}/v1, Resource={res.plural}", GroupVersionKind: "{group}/v1, Kind={kind}"\n'
                        f'Name: "", Namespace: "{namespace}"\nfrom server for: "{source}": resource name may not be empty\n')
                code = 1
                continue
            if res.namespaced:
                obj["metadata"].setdefault("namespace", namespace)
            existing = cluster.state.store.get(kind, name, obj["metadata"].get("namespace", ""))
            try:
                if existing is None:
                    api.create(obj)
                    verb = "created"
                elif create_only:
                    raise APIError("AlreadyExists", f'{res.qualified} "{name}" already exists', 409)
                else:
                    merged = _merge(existing, obj)
                    if merged == existing:
                        verb = "unchanged"
                    else:
                        api.update(merged)
                        verb = "configured"
            except APIError as exc:
                _api_error(ctx, exc, "creating" if existing is None or create_only else "patching", source)
                code = 1
                continue
            ctx.out(f"{res.type_name}/{name} {verb}\n")
            cluster.state.settle()
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


def _create(cluster, ctx, opts: dict, args: list[str]) -> int:
    return _apply(cluster, ctx, opts, args, create_only=True)


def _delete(cluster, ctx, opts: dict, args: list[str]) -> int:
    targets = []
    if opts["filename"]:
        for _, objects in _read_sources(cluster, ctx, opts):
            targets += [(BY_KIND.get(o.get("kind", "")), o["metadata"]["name"]) for o in objects]
    elif args:
        pairs = resource_names(args)
        for kind, name in pairs:
            if lookup(kind) is None:
                raise KubectlError(f'the server doesn\'t have a resource type "{kind}"')
            if name is None:
                raise KubectlError("resource(s) were provided, but no name was specified")
        targets = [(lookup(kind), name) for kind, name in pairs]
    else:
        raise KubectlError("You must provide one or more resources by argument or filename.")
    code = 0
    for res, name in targets:
        if res is None:
            continue
        ns = _namespace(cluster, opts) if res.namespaced else ""
        try:
            cluster.state.api.delete(res.kind, name, ns)
        except APIError as exc:
            if not opts.get("ignore-not-found"):
                _api_error(ctx, exc)
                code = 1
            continue
        ctx.out(f'{res.type_name} "{name}" deleted\n')
        cluster.state.settle()
    return code


def _scale(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``kubectl scale sts NAME --replicas=N``."""
    if "replicas" not in opts:
        raise KubectlError("required flag(s) \"replicas\" not set")
    try:
        replicas = int(opts["replicas"])
    except ValueError:
        raise KubectlError(f'invalid argument "{opts["replicas"]}" for "--replicas" flag: strconv.ParseInt: parsing '
                           f'"{opts["replicas"]}": invalid syntax') from None
    code = 0
    for kind, name in resource_names(args) if args else []:
        res = lookup(kind)
        if res is None or res.kind not in ("StatefulSet", "Deployment", "ReplicaSet"):
            raise KubectlError(f'the server doesn\'t have a resource type "{kind}"' if res is None else
                               f"cannot scale {res.plural}: the simulator scales deployments, replicasets and "
                               "statefulsets")
        obj = cluster.state.store.get(res.kind, name or "", _namespace(cluster, opts))
        if obj is None:
            ctx.err(f'Error from server (NotFound): {res.qualified} "{name}" not found\n')
            code = 1
            continue
        obj = _merge(obj, {"spec": {"replicas": replicas}})
        try:
            cluster.state.api.update(obj)
        except APIError as exc:
            _api_error(ctx, exc)
            code = 1
            continue
        ctx.out(f"{res.type_name}/{name} scaled\n")
    return code


def _patch(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``kubectl patch TYPE NAME -p PATCH [--type merge|json|strategic]`` (strategic acts as merge here)."""
    if "patch" not in opts:
        raise KubectlError("must specify -p to patch")
    kind, name = (resource_names(args) or [(None, None)])[0] if args else (None, None)
    res = lookup(kind or "")
    if res is None:
        raise KubectlError(f'the server doesn\'t have a resource type "{kind}"')
    obj = cluster.state.store.get(res.kind, name or "", _namespace(cluster, opts) if res.namespaced else "")
    if obj is None:
        ctx.err(f'Error from server (NotFound): {res.qualified} "{name}" not found\n')
        return 1
    try:
        patch = json.loads(opts["patch"])
    except json.JSONDecodeError:
        try:
            import yaml

            patch = yaml.safe_load(opts["patch"])
        except Exception:  # noqa: BLE001 - neither JSON nor YAML
            raise KubectlError(f"unable to parse \"{opts['patch']}\": yaml: did not find expected node content") from None
    kind_of_patch = opts.get("type", "strategic")
    if kind_of_patch == "json":
        patched = _json_patch(obj, patch)
    elif kind_of_patch in ("merge", "strategic"):
        if not isinstance(patch, dict):
            raise KubectlError("unable to parse the patch as a JSON merge patch")
        patched = _merge_patch(obj, patch)
    else:
        raise KubectlError(f'--type must be one of [json merge strategic], not "{kind_of_patch}"')
    if patched == obj:
        ctx.out(f"{res.type_name}/{name} patched (no change)\n")
        return 0
    try:
        cluster.state.api.update(patched)
    except APIError as exc:
        _api_error(ctx, exc)
        return 1
    ctx.out(f"{res.type_name}/{name} patched\n")
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
    for op in ops if isinstance(ops, list) else []:
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


def _exec(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``kubectl exec POD [-c CONTAINER] -- COMMAND...``: run it in the container, volumes mounted."""
    from storagekit.commands.host import run_in_rootfs

    if len(args) < 2:
        raise KubectlError("you must specify at least one command for the container" if args else
                           "exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead")
    name, argv = args[0].removeprefix("pod/").removeprefix("pods/"), args[1:]
    store = cluster.state.store
    pod = store.get("Pod", name, _namespace(cluster, opts))
    if pod is None:
        ctx.err(f'Error from server (NotFound): pods "{name}" not found\n')
        return 1
    containers = pod["spec"].get("containers") or []
    wanted = opts.get("container") or containers[0]["name"]
    container = next((ct for ct in containers if ct["name"] == wanted), None)
    if container is None:
        raise KubectlError(f"container {wanted} not found in pod {name}")
    if (pod.get("status") or {}).get("phase") != "Running":
        raise KubectlError(f'unable to upgrade connection: container not found ("{wanted}")')
    fs = cluster.state.runtime.container_fs(store, pod, container)
    env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME": name, "HOME": "/root"}
    env.update({e["name"]: str(e.get("value", "")) for e in container.get("env") or [] if "name" in e})
    try:
        code, out, err = run_in_rootfs(fs, argv, cwd=container.get("workingDir") or "/", env=env, user="",
                                       clock=lambda: cluster.clock.now, merge_stderr=False)
    except Exception as exc:  # noqa: BLE001 - runc's refusal to start the process
        message = getattr(exc, "message", str(exc))
        ctx.err(f"error: Internal error occurred: error executing command in container: {message}\n")
        return 1
    ctx.out(out)
    ctx.err(err)
    if code:
        ctx.err(f"command terminated with exit code {code}\n")
    return code


def _describe(cluster, ctx, opts: dict, args: list[str]) -> int:
    if not args:
        raise KubectlError("Required resource not specified.")
    pairs = resource_names(args)
    res = lookup(pairs[0][0])
    if res is None or any(lookup(k) is not res for k, _ in pairs):
        raise KubectlError(f'the server doesn\'t have a resource type "{pairs[0][0]}"')
    describer = describers.DESCRIBERS.get(res.kind)
    store, now = cluster.state.store, cluster.clock.now
    names = [n for _, n in pairs if n is not None]
    ns = _namespace(cluster, opts) if res.namespaced else ""
    objs = [store.get(res.kind, n, ns) for n in names] if names else store.list(res.kind, ns if res.namespaced else None)
    code = 0
    texts = []
    for name, obj in zip(names or [o["metadata"]["name"] for o in objs], objs):
        if obj is None:
            ctx.err(f'Error from server (NotFound): {res.qualified} "{name}" not found\n')
            code = 1
            continue
        if describer is None:
            raise KubectlError(f"describe of {res.plural} is not simulated yet")
        texts.append(describer(store, obj, now))
    ctx.out("\n\n".join(texts))
    return code
