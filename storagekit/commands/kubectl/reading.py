"""The kubectl commands that read: ``get`` (tables, ``-o`` formats, ``-l``) and ``describe``."""

from __future__ import annotations

from storagekit.commands.formats.gofmt import go_json_indent
from storagekit.commands.kubectl import describe as describers
from storagekit.commands.kubectl import describe_workloads as workload_describers
from storagekit.commands.kubectl.cli import (
    KubectlError,
    Options,
    UsageError,
    api_error,
    check_named,
    check_output,
    fetch,
    find_pod,
    go_list,
    list_objects,
    namespace_of,
    resource_names,
    yaml_text,
)
from storagekit.commands.kubectl.printers import align_rows, table
from storagekit.commands.kubectl.resources import API_VERSIONS, BY_KIND, Resource, lookup
from storagekit.commands.kubectl.sorting import sort_objects
from storagekit.k8s.errors import BadRequest, NotFound
from storagekit.sim.errors import NotSimulated

GET_FORMATS = ("custom-columns", "custom-columns-file", "go-template", "go-template-file", "json", "jsonpath",
               "jsonpath-as-json", "jsonpath-file", "name", "template", "templatefile", "wide", "yaml")
ALL = ["pods", "services", "deployments", "replicasets", "statefulsets", "jobs"]
"""What ``kubectl get all`` lists (of the kinds the simulator has), in kubectl's order."""


def get(cluster, ctx, opts: dict, args: list[str]) -> int:
    if not args and not opts["filename"]:
        ctx.err("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list of "
                "supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain <resource>\" "
                "for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for "
                "help and examples\n")
        return 1
    output = opts.get("output", "")
    if (output.partition("=")[0] in ("jsonpath", "custom-columns") and "=" not in output) or \
            (output.partition("=")[0] not in ("", "wide", "yaml", "json", "name", "jsonpath", "custom-columns") and \
            output.partition("=")[0] in GET_FORMATS):
        raise NotSimulated(f"'kubectl get -o {output}' is not simulated yet.")
    if opts["filename"]:
        from storagekit.commands.kubectl.writing import read_sources

        if args:
            raise KubectlError("arguments in resource/name form may not have a single resource name")
        pairs = [(o.get("kind", ""), o["metadata"].get("name", "")) for _, objs in read_sources(ctx, opts)
                 for o in objs]
    else:
        pairs = [(kind, name) for k, name in resource_names(args) for kind in (ALL if k == "all" else [k])]
    named = any(name is not None for _, name in pairs)
    if not opts["filename"]:
        check_named([name for _, name in pairs if name is not None], opts)
    if opts.get("watch"):
        ctx.note("kubectl get -w would go on printing each change; the simulator shows the table as it is now")
    now = cluster.clock.now
    all_ns = opts.get("all-namespaces")
    namespace = namespace_of(cluster, opts)
    found: list[tuple] = []
    asked: list[Resource] = []
    code = 0
    for kind_text, name in pairs:
        res = lookup(kind_text)
        if res is None:
            ctx.err(f'error: the server doesn\'t have a resource type "{kind_text}"\n')
            return 1
        asked.append(res)
        ns = None if (all_ns or not res.namespaced) else namespace
        if name is None:
            objs = list_objects(cluster, res, ns, opts)
        else:
            try:
                objs = [cluster.state.api.get(res.kind, name, ns or "")]
            except NotFound as exc:
                if not opts["ignore-not-found"]:
                    api_error(ctx, exc)
                    code = 1
                continue
        found.extend((res, o) for o in objs)
    check_output(opts, GET_FORMATS)  # kubectl makes its printer once it has the objects
    if opts["sort-by"]:
        found = sort_objects(found, lambda item: _shown(item[1]), opts["sort-by"])
    single = len(pairs) == 1 and pairs[0][1] is not None
    if output.startswith("jsonpath=") or output.startswith("custom-columns="):
        return _template_output(ctx, output, [o for _, o in found], single=single, code=code,
                                headers=not opts["no-headers"])
    if output in ("yaml", "json"):
        items = [_shown(o) for _, o in found]
        doc = items[0] if len(items) == 1 and single else \
            {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}
        if found or output:
            ctx.out(yaml_text(doc) if output == "yaml" else go_json_indent(doc) + "\n")
        return code
    if output == "name":
        ctx.out("".join(f"{res.type_name}/{o['metadata']['name']}\n" for res, o in found))
        return code
    groups: dict[str, list] = {}
    for res, o in found:
        groups.setdefault(res.kind, []).append(o)
    several = len({r.kind for r in asked}) > 1  # one table per type asked for, each named by kind
    blocks = []
    for kind, objs in groups.items():
        res = BY_KIND[kind]
        blocks.append(table(kind, objs, now, wide=output == "wide", namespace_column=bool(all_ns) and res.namespaced,
                            prefix=f"{res.type_name}/" if several or opts["show-kind"] else "",
                            show_labels=bool(opts.get("show-labels")), label_columns=opts["label-columns"],
                            headers=not opts["no-headers"]))
    if blocks:
        ctx.out("\n".join(blocks))
    elif not code and not named and not opts["ignore-not-found"]:
        namespaced = all(r.namespaced for r in asked)
        ctx.err(f"No resources found in {namespace} namespace.\n" if namespaced and not all_ns
                else "No resources found\n")
    return code


def _pod_of(cluster, ctx, opts: dict, res, name: str) -> dict | None:
    """``logs job/NAME``, ``deploy/NAME``...: one of the Pods the object controls, as kubectl picks it (running
    ones first), saying so when there were several."""
    store = cluster.state.store
    ns = namespace_of(cluster, opts)
    owner = fetch(cluster, ctx, res.kind, name, ns)
    if owner is None:
        return None
    owners = {owner["metadata"]["uid"]}

    def owned(obj: dict) -> bool:
        return any(r.get("uid") in owners for r in obj["metadata"].get("ownerReferences") or [])

    owners |= {rs["metadata"]["uid"] for rs in store.list("ReplicaSet", ns) if owned(rs)}
    pods = [p for p in store.list("Pod", ns) if owned(p)]
    if not pods:
        ctx.err("error: timed out waiting for the condition\n")
        return None
    pods.sort(key=lambda p: ((p.get("status") or {}).get("phase") != "Running", p["metadata"]["name"]))
    if len(pods) > 1:
        ctx.err(f"Found {len(pods)} pods, using pod/{pods[0]['metadata']['name']}\n")
    return pods[0]


def version(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``kubectl version``: the client's, kustomize's and the API server's (kind's node image) versions."""
    from storagekit.k8s.cluster import KUBELET_VERSION

    if opts["output"] not in ("", "yaml", "json"):
        raise KubectlError("--output must be 'yaml' or 'json'")
    if opts["output"]:
        raise NotSimulated(f"'kubectl version -o {opts['output']}' is not simulated yet.")
    ctx.out(f"Client Version: {KUBELET_VERSION}\nKustomize Version: v5.6.0\n"
            + ("" if opts.get("client") else f"Server Version: {KUBELET_VERSION}\n"))
    return 0


def cluster_info(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``kubectl cluster-info``: where the control plane and the cluster DNS answer (kind's local port)."""
    ctx.out("Kubernetes control plane is running at https://127.0.0.1:6443\n"
            "CoreDNS is running at https://127.0.0.1:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n"
            "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n")
    return 0


def api_resources(cluster, ctx, opts: Options, args: list[str]) -> int:
    """``kubectl api-resources``: the core group first, then the others by group, each by name (or by
    ``--sort-by`` name or kind), filtered by ``--api-group`` and, when given, ``--namespaced``."""
    from storagekit.commands.kubectl.resources import RESOURCES

    if args:
        raise UsageError(f"unexpected arguments: {go_list(args)}")
    if opts["output"] not in ("", "wide", "name"):
        raise KubectlError(f"--output {opts['output']} is not available")
    if opts["sort-by"] not in ("", "name", "kind"):
        raise KubectlError("--sort-by accepts only name or kind")
    if opts["output"] == "wide":
        raise NotSimulated("'kubectl api-resources -o wide' is not simulated yet.")
    chosen = [r for r in RESOURCES if ("api-group" not in opts.given or r.group == opts["api-group"])
              and ("namespaced" not in opts.given or r.namespaced == opts["namespaced"])]
    order = {"name": lambda r: r.plural, "kind": lambda r: r.kind}.get(opts["sort-by"],
                                                                      lambda r: (r.group != "", r.group, r.plural))
    chosen.sort(key=order)
    if opts["output"] == "name":
        ctx.out("".join(f"{r.qualified}\n" for r in chosen))
        return 0
    rows = [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]] if not opts["no-headers"] else []
    for r in chosen:
        rows.append([r.plural, ",".join(r.shorts), API_VERSIONS.get(r.kind, "v1"), str(r.namespaced).lower(), r.kind])
    ctx.out(align_rows(rows))
    return 0


def _template_output(ctx, output: str, objects: list[dict], *, single: bool, code: int, headers: bool = True) -> int:
    """``-o jsonpath=TEMPLATE`` and ``-o custom-columns=HEADER:PATH,...`` over the API's objects."""
    from storagekit.commands.formats.gofmt import to_string
    from storagekit.commands.formats.jsonpath import JSONPath, JSONPathError, kubectl_jsonpath

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
            columns.append((header, JSONPath("{" + (path if path.startswith(".") else "." + path) + "}", True)))
        rows = [[h for h, _ in columns]] if headers else []
        for item in items:  # each value as Go's %v, several joined by commas, none at all as <none>
            found = [[to_string(v) for results in p.find_results(item) for v in results] for _, p in columns]
            rows.append([",".join(values) if values else "<none>" for values in found])
        ctx.out(align_rows(rows))
    except JSONPathError as exc:
        raise KubectlError(str(exc)) from None
    return code


def _shown(obj: dict) -> dict:
    """The object as the API returns it, with apiVersion first in the data."""
    shown = {"apiVersion": API_VERSIONS.get(obj["kind"], "v1"), **obj}
    return shown


# ----------------------------------------------------------------- apply etc.


def describe(cluster, ctx, opts: dict, args: list[str]) -> int:
    if not args:
        raise KubectlError('You must specify the type of resource to describe. Use "kubectl api-resources" for a '
                           "complete list of supported resources.")
    pairs = resource_names(args)
    res = lookup(pairs[0][0])
    if res is None or any(lookup(k) is not res for k, _ in pairs):
        raise KubectlError(f'the server doesn\'t have a resource type "{pairs[0][0]}"')
    describer = describers.DESCRIBERS.get(res.kind) or workload_describers.DESCRIBERS.get(res.kind)
    names = [n for _, n in pairs if n is not None]
    check_named(names, opts)
    store, now = cluster.state.store, cluster.clock.now
    ns = namespace_of(cluster, opts) if res.namespaced else ""
    objs = [fetch(cluster, ctx, res.kind, n, ns) for n in names] if names else \
        list_objects(cluster, res, None if opts["all-namespaces"] or not res.namespaced else ns, opts)
    code = 0
    texts = []
    for obj in objs:
        if obj is None:
            code = 1
            continue
        if describer is None:
            raise NotSimulated(f"'kubectl describe {res.plural}' is not simulated yet.")
        texts.append(describer(store, obj, now))
    ctx.out("\n\n".join(texts))
    return code


def logs(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``kubectl logs POD [-c CONTAINER] [-p]``: what the container (or, with ``-p``, its previous instance)
    printed."""
    if not args or len(args) > 2:
        raise UsageError("expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a "
                         "required argument for the logs command")
    runtime = cluster.state.runtime
    kind, _, rest = args[0].partition("/")
    owner = lookup(kind) if rest else None
    if owner is not None and owner.kind != "Pod":
        pod = _pod_of(cluster, ctx, opts, owner, rest)
        name = pod["metadata"]["name"] if pod else ""
    else:
        name = args[0].removeprefix("pod/").removeprefix("pods/")
        pod = find_pod(cluster, ctx, opts, name)
    if pod is None:
        return 1
    containers = pod["spec"].get("containers") or []
    wanted = opts.get("container") or (args[1] if len(args) > 1 else containers[0]["name"])
    if not opts.get("container") and len(args) < 2 and len(containers) > 1:
        from storagekit.commands.kubectl.pods import all_container_names

        ctx.err(f'Defaulted container "{wanted}" out of: {all_container_names(pod)}\n')
    container = next((ct for ct in containers if ct["name"] == wanted), None)
    if container is None:
        ctx.err(f'error: container {wanted} is not valid for pod {name}\n')
        return 1
    key = (pod["metadata"]["uid"], wanted)
    if opts.get("previous"):
        if key not in runtime.previous_logs:
            raise BadRequest(f'previous terminated container "{wanted}" in pod "{name}" not found')
        ctx.out(_log_text(runtime.previous_logs[key], opts, pod["metadata"]["name"], wanted))
        return 0
    if not runtime.started(pod, container):
        reason = next(((cs.get("state") or {}).get("waiting", {}).get("reason", "") for cs in
                       (pod.get("status") or {}).get("containerStatuses") or [] if cs["name"] == wanted), "")
        raise BadRequest(f'container "{wanted}" in pod "{name}" is waiting to start: {reason or "ContainerCreating"}')
    ctx.out(_log_text(runtime.logs.get(key, []), opts, pod["metadata"]["name"], wanted))
    if opts.get("follow") and "running" in next((cs.get("state") or {} for cs in
                                                 (pod.get("status") or {}).get("containerStatuses") or []
                                                 if cs.get("name") == wanted), {}):
        ctx.note("kubectl logs -f would keep waiting for more lines here; the simulator shows what there is so far")
    return 0


def _log_text(lines: list[str], opts: dict, pod: str, container: str) -> str:
    """The log as the kubelet sends it (the last ``--tail`` lines, at most ``--limit-bytes`` bytes), each line
    then marked with where it came from by ``--prefix``."""
    if opts["tail"] >= 0:
        lines = lines[len(lines) - opts["tail"]:] if opts["tail"] else []
    text = "".join(line + "\n" for line in lines)
    if opts["limit-bytes"] > 0:
        text = text.encode()[:opts["limit-bytes"]].decode(errors="replace")
    if opts["prefix"]:
        text = "".join(f"[pod/{pod}/{container}] {line}" for line in text.splitlines(keepends=True))
    return text
