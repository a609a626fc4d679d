"""``kubectl cordon``, ``uncordon``, ``drain`` and ``rollout``: moving Pods, which shows what their storage pins.

Draining a node evicts its Pods; those a controller owns come back elsewhere,
unless a volume keeps them on the drained node (a local or local-path volume's
node affinity), in which case they wait Pending. A Pod no controller owns is
refused without ``--force``, as kubectl refuses it.
"""

from __future__ import annotations

import copy

from storagekit.commands.formats.tabwriter import TabWriter
from storagekit.commands.kubectl.cli import KubectlError, UsageError, dry_run_strategy, namespace_of, update
from storagekit.k8s.controllers.deployment import REVISION
from storagekit.k8s.owners import owned_by
from storagekit.k8s.selectors import labels_match
from storagekit.sim.errors import NotSimulated

RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
CHANGE_CAUSE = "kubernetes.io/change-cause"


def _node(cluster, args: list[str], use: str) -> dict:
    if not args:
        raise UsageError(f"USAGE: {use} [flags]")
    node = cluster.state.store.get("Node", args[0].removeprefix("node/"))
    if node is None:
        raise KubectlError(f'nodes "{args[0]}" not found')
    return node


def _set_unschedulable(cluster, node: dict, value: bool) -> bool:
    if bool(node["spec"].get("unschedulable")) == value:
        return False
    if value:
        node["spec"]["unschedulable"] = True
    else:
        node["spec"].pop("unschedulable", None)
    cluster.state.store.update(node)
    return True


def cordon(cluster, ctx, opts: dict, args: list[str]) -> int:
    return _cordon(cluster, ctx, opts, args, True)


def uncordon(cluster, ctx, opts: dict, args: list[str]) -> int:
    return _cordon(cluster, ctx, opts, args, False)


def _cordon(cluster, ctx, opts: dict, args: list[str], value: bool) -> int:
    word = "cordon" if value else "uncordon"
    if not args:
        raise UsageError(f"USAGE: {word} NODE [flags]")
    dry_run = dry_run_strategy(ctx, opts)
    if dry_run == "server":
        raise NotSimulated(f"'kubectl {word} --dry-run=server' is not simulated yet.")
    node = _node(cluster, args, f"{word} NODE")
    changed = _set_unschedulable(cluster, node, value) if dry_run == "none" else \
        bool(node["spec"].get("unschedulable")) != value
    suffix = " (dry run)" if dry_run == "client" else ""
    ctx.out(f"node/{node['metadata']['name']} {word + 'ed' if changed else 'already ' + word + 'ed'}{suffix}\n")
    return 0


LOCAL_STORAGE = "Pods with local storage (use --delete-emptydir-data to override)"
UNREPLICATED = "Pods that declare no controller (use --force to override)"


def drain(cluster, ctx, opts: dict, args: list[str]) -> int:
    """Cordon the node, then evict its Pods (``--pod-selector`` picks which). Like kubectl's filters, it refuses
    Pods with an emptyDir (their data goes with them) unless ``--delete-emptydir-data``, and Pods no controller
    would bring back unless ``--force``."""
    node = _node(cluster, args, "drain NODE")
    name = node["metadata"]["name"]
    store = cluster.state.store
    pods = [p for p in store.list("Pod") if p["spec"].get("nodeName") == name
            and labels_match(opts["pod-selector"], p["metadata"].get("labels"))]
    refused: dict[str, list[str]] = {}
    for p in pods:
        shown = f"{p['metadata']['namespace']}/{p['metadata']['name']}"
        running = (p.get("status") or {}).get("phase") not in ("Succeeded", "Failed")
        if running and not opts["delete-emptydir-data"] and \
                any("emptyDir" in v for v in p["spec"].get("volumes") or []):
            refused.setdefault(LOCAL_STORAGE, []).append(shown)
        elif not p["metadata"].get("ownerReferences") and not opts.get("force"):
            refused.setdefault(UNREPLICATED, []).append(shown)
    changed = _set_unschedulable(cluster, node, True)
    ctx.out(f"node/{name} {'cordoned' if changed else 'already cordoned'}\n")
    if refused:
        errors = [f"cannot delete {why}: {', '.join(listed)}" for why, listed in refused.items()]
        text = errors[0] if len(errors) == 1 else "[" + ", ".join(errors) + "]"
        ctx.err(f"error: unable to drain node \"{name}\" due to error: {text}, continuing command...\n"
                f"There are pending nodes to be drained:\n {name}\n{text}\n")
        return 1
    bare = [p for p in pods if not p["metadata"].get("ownerReferences")]
    if bare:
        listed = ", ".join(f"{p['metadata']['namespace']}/{p['metadata']['name']}" for p in bare)
        ctx.err(f"Warning: deleting Pods that declare no controller: {listed}\n")
    for pod in pods:
        ctx.out(f"evicting pod {pod['metadata']['namespace']}/{pod['metadata']['name']}\n")
    for pod in pods:
        cluster.state.api.delete("Pod", pod["metadata"]["name"], pod["metadata"]["namespace"])
        ctx.out(f"pod/{pod['metadata']['name']} evicted\n")
    ctx.out(f"node/{name} drained\n")
    return 0


def rollout_status(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``rollout status deployment/NAME`` (or a statefulset): whether its Pods are all updated and ready."""
    return _rollout(cluster, ctx, opts, args, "status")


def rollout_restart(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``rollout restart deployment/NAME`` (or a statefulset): new Pods from an annotated template."""
    return _rollout(cluster, ctx, opts, args, "restart")


def rollout_history(cluster, ctx, opts: dict, args: list[str]) -> int:
    return _rollout(cluster, ctx, opts, args, "history")


def rollout_undo(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``rollout undo deployment/NAME [--to-revision=N]``: the previous (or that) revision's template back."""
    return _rollout(cluster, ctx, opts, args, "undo")


def _rollout(cluster, ctx, opts: dict, args: list[str], verb: str) -> int:
    if not args:
        raise KubectlError("required resource not specified")
    kind_text, _, name = args[0].partition("/")
    if not name and len(args) > 1:
        name = args[1]
    kind = {"deployment": "Deployment", "deploy": "Deployment", "deployments": "Deployment",
            "statefulset": "StatefulSet", "sts": "StatefulSet", "statefulsets": "StatefulSet"}.get(kind_text)
    if kind is None:
        raise KubectlError(f'no rollout history found for "{kind_text}"' if verb == "history" else
                           f'the server doesn\'t have a resource type "{kind_text}"')
    store = cluster.state.store
    obj = cluster.state.api.get(kind, name, namespace_of(cluster, opts))
    shown = f"{kind.lower()}.apps/{name}"
    if verb == "restart":
        template = obj["spec"].setdefault("template", {}).setdefault("metadata", {})
        template.setdefault("annotations", {})[RESTARTED_AT] = cluster.clock.isoformat()
        if kind == "StatefulSet":  # pods are replaced one by one from the highest ordinal
            for pod in store.list("Pod", obj["metadata"]["namespace"]):
                if owned_by(pod, obj):
                    cluster.state.api.delete("Pod", pod["metadata"]["name"], pod["metadata"]["namespace"])
        cluster.state.api.update(obj)
        ctx.out(f"{shown} restarted\n")
        return 0
    if verb == "status":
        cluster.state.settle()
        obj = store.get(kind, name, namespace_of(cluster, opts))
        want = obj["spec"].get("replicas", 1)
        ready = (obj.get("status") or {}).get("readyReplicas", 0)
        if kind == "StatefulSet":
            ctx.out(f"partitioned roll out complete: {ready} new pods have been updated...\n" if ready >= want else
                    f"Waiting for {want - ready} pods to be ready...\n")
        else:
            ctx.out(f'deployment "{name}" successfully rolled out\n' if ready >= want else
                    f'Waiting for deployment "{name}" rollout to finish: {ready} of {want} updated replicas are '
                    "available...\n")
        return 0 if ready >= want else 1
    if kind == "Deployment":
        return _history(cluster, ctx, opts, obj, verb, shown)
    raise NotSimulated(f"'kubectl rollout {verb}' of a statefulset is not simulated yet.")


def _history(cluster, ctx, opts: dict, dep: dict, verb: str, shown: str) -> int:
    """A Deployment's revisions are its ReplicaSets' ``deployment.kubernetes.io/revision``; undo brings back the
    previous one's template (or ``--to-revision``'s)."""
    store = cluster.state.store
    sets = [rs for rs in store.list("ReplicaSet", dep["metadata"]["namespace"])
            if owned_by(rs, dep)]
    revisions = {int((rs["metadata"].get("annotations") or {}).get(REVISION, 0)): rs for rs in sets}
    if verb == "history":
        rows = "".join(f"{n}\t{(revisions[n]['metadata'].get('annotations') or {}).get(CHANGE_CAUSE, '<none>')}\n"
                       for n in sorted(revisions))
        writer = TabWriter(0, 8, 2, " ", 0)
        writer.write("REVISION\tCHANGE-CAUSE\n" + rows)
        ctx.out(f"{shown} \n{writer.flush()}\n")
        return 0
    current = max(revisions, default=0)
    wanted = opts.get("to-revision", 0) or max((n for n in revisions if n != current), default=0)
    if wanted not in revisions or wanted == 0:
        raise KubectlError(f'no rollout history found for deployment "{dep["metadata"]["name"]}"' if not wanted else
                           f"unable to find specified revision {wanted} in history")
    if wanted == current:
        ctx.out(f"{shown} skipped rollback (current template already matches revision {wanted})\n")
        return 0
    template = copy.deepcopy(revisions[wanted]["spec"]["template"])
    template["metadata"]["labels"].pop("pod-template-hash", None)
    dep = dict(dep, spec=dict(dep["spec"], template=template))
    if not update(cluster, ctx, dep):
        return 1
    ctx.out(f"{shown} rolled back\n")
    return 0
