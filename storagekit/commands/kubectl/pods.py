"""kubectl's commands about one Pod: ``run`` one, ``exec`` in it, ``cp`` files in and out of its volumes.

``cp`` goes through the container's view of its file system (``tar`` inside
the container, as kubectl does it), so files land in whatever is mounted at
the path: the writable layer, an emptyDir, a claim's volume, or a read-only
mount that refuses them in tar's words.
"""

from __future__ import annotations

import errno
import functools
import os

from storagekit.commands.formats.gofmt import go_json_indent
from storagekit.commands.kubectl.cli import (
    Args,
    KubectlError,
    Options,
    UsageError,
    check_output,
    dry_run_strategy,
    find_pod,
    namespace_of,
    yaml_text,
)
from storagekit.commands.runner import run_in_rootfs
from storagekit.k8s import processes, securitycontext
from storagekit.k8s.errors import BadRequest
from storagekit.runc import process as runc
from storagekit.sim.errors import NotSimulated
from storagekit.sim.goquote import go_quote

TAR_FAILED = "tar: Exiting with failure status due to previous errors\ncommand terminated with exit code 2\n"


def run(cluster, ctx, opts: Options, args: Args) -> int:
    """``kubectl run NAME --image=IMAGE [--restart=Never] [--labels=..] [--env=K=V] [--port=N] [--command]
    [-- ARGS]``."""
    dry_run = dry_run_strategy(ctx, opts)
    output = check_output(opts)
    if output not in ("", "name") and not (dry_run == "client" and output in ("yaml", "json")):
        raise NotSimulated(f"'kubectl run -o {output}'" + (" without --dry-run=client" if output in ("yaml", "json")
                                                           else "") + " is not simulated yet.")
    if dry_run == "server":
        raise NotSimulated("'kubectl run --dry-run=server' is not simulated yet.")
    if opts["image-pull-policy"] not in ("", "Always", "IfNotPresent", "Never"):
        raise KubectlError(f"invalid image pull policy: {opts['image-pull-policy']}")
    if not args or args.dash_at == 0:
        raise UsageError("NAME is required for run")
    if not opts["image"]:
        raise KubectlError("--image is required")
    if opts["tty"] and not opts["stdin"]:
        raise UsageError("-i/--stdin is required for containers with -t/--tty=true")
    if opts["expose"] and not opts["port"]:
        raise UsageError("--port must be set when exposing a service")
    restart = opts["restart"] or ("OnFailure" if opts["stdin"] else "Always")
    if restart not in ("Always", "OnFailure", "Never"):
        raise UsageError(f"invalid restart policy: {restart}")
    attached = opts["attach"] or (opts["stdin"] and "attach" not in opts.given)
    if opts["rm"] and not attached:
        raise UsageError("--rm should only be used for attached containers")
    if attached and dry_run != "none":
        raise UsageError("--dry-run=[server|client] can't be used with attached containers options (--attach, "
                         "--stdin, or --tty)")
    name, extra = args[0], args[1:]
    labels = dict(pair.split("=", 1) for pair in opts["labels"].split(",") if "=" in pair) if opts.get("labels") \
        else {"run": name}
    container: dict = {"image": opts["image"], "name": name}
    if extra:
        container["command" if opts.get("command") else "args"] = extra
    if opts.get("env"):
        container["env"] = [{"name": k, "value": v} for k, _, v in (e.partition("=") for e in opts["env"])]
    if opts["image-pull-policy"]:
        container["imagePullPolicy"] = opts["image-pull-policy"]
    if opts.get("port"):
        if not opts["port"].lstrip("+-").isdigit():
            raise KubectlError(f'strconv.Atoi: parsing {go_quote(opts["port"])}: invalid syntax')
        container["ports"] = [{"containerPort": int(opts["port"])}]
    container["resources"] = {}
    if opts["privileged"]:
        container["securityContext"] = {"privileged": True}
    annotations = dict(a.split("=", 1) for a in opts["annotations"] if "=" in a)
    metadata = {"annotations": annotations} if annotations else {}
    pod = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {**metadata, "creationTimestamp": None, "labels": labels, "name": name},
           "spec": {"containers": [container], "dnsPolicy": "ClusterFirst", "restartPolicy": restart}, "status": {}}
    if dry_run == "client":
        if output == "yaml":
            ctx.out(yaml_text(pod))
        elif output == "json":
            ctx.out(go_json_indent(pod, sort_keys=False) + "\n")
        else:
            ctx.out(f"pod/{name}\n" if output == "name" else f"pod/{name} created (dry run)\n")
        return 0
    body = dict(pod, metadata={**metadata, "labels": labels, "name": name, "namespace": namespace_of(cluster, opts)})
    body.pop("status")
    created = cluster.state.api.create(body)
    if not attached:
        ctx.out(f"pod/{name}\n" if output == "name" else f"pod/{name} created\n")
        return 0
    cluster.state.settle()  # attached: what the container's own process prints, and its exit status
    created = cluster.state.store.get("Pod", name, created["metadata"]["namespace"])
    ctx.out("".join(line + "\n" for line in cluster.state.runtime.logs.get((created["metadata"]["uid"], name), [])))
    statuses = (created.get("status") or {}).get("containerStatuses") or [{}]
    state = statuses[0].get("state") or {}
    code = (state.get("terminated") or {}).get("exitCode", 0)
    if "running" in state and not opts["quiet"]:
        ctx.err("If you don't see a command prompt, try pressing enter.\n")
        ctx.note("the simulator has no interactive terminal: the container keeps running; use kubectl exec")
    if opts.get("rm"):
        cluster.state.api.delete("Pod", name, created["metadata"]["namespace"])
        if not opts["quiet"]:
            ctx.out(f'pod "{name}" deleted\n')
    return code


def exec_(cluster, ctx, opts: dict, args: Args) -> int:
    """``kubectl exec POD [-c CONTAINER] -- COMMAND...``: run it in the container, volumes mounted."""
    name = args[0] if args and args.dash_at != 0 else ""
    if args.dash_at >= 0:
        command = args[args.dash_at:]
    elif len(args) > 1:
        raise KubectlError("exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead")
    else:
        command = []
    if not name:
        raise KubectlError("pod, type/name or --filename must be specified")
    if not command:
        raise KubectlError("you must specify at least one command for the container")
    found = _running_container(cluster, ctx, opts, name.removeprefix("pod/").removeprefix("pods/"))
    if found is None:
        return 1
    if opts["stdin"] and ctx.stdin:
        raise NotSimulated("'kubectl exec -i' with input on stdin is not simulated yet.")
    if opts["stdin"] and opts["tty"] and not opts["quiet"]:  # the notebook's stdin is never a terminal
        ctx.err("Unable to use a TTY - input is not a terminal or the right kind of file\n")
    return _run_in(cluster, ctx, *found, command)


def _running_container(cluster, ctx, opts: dict, name: str) -> tuple[dict, dict] | None:
    """The Pod and the container (``-c``, else the first) that exec and cp reach, which must be running."""
    pod = find_pod(cluster, ctx, opts, name)
    if pod is None:
        return None
    containers = pod["spec"].get("containers") or []
    default = (pod["metadata"].get("annotations") or {}).get("kubectl.kubernetes.io/default-container")
    wanted = opts.get("container") or default or containers[0]["name"]
    if not opts.get("container") and not default and len(containers) > 1 and not opts.get("quiet"):
        ctx.err(f'Defaulted container "{wanted}" out of: {all_container_names(pod)}\n')
    container = next((ct for ct in containers if ct["name"] == wanted), None)
    if container is None:
        raise KubectlError(f"container {wanted} not found in pod {name}")
    _check_running(pod, wanted)
    return pod, container


def all_container_names(pod: dict) -> str:
    """How kubectl lists a Pod's containers when it picks the first: init containers marked ``(init)``."""
    spec = pod["spec"]
    return ", ".join([ct["name"] for ct in spec.get("containers") or []]
                     + [f"{ct['name']} (init)" for ct in spec.get("initContainers") or []])


def _check_running(pod: dict, wanted: str) -> None:
    """exec and cp need the container's process: a finished Pod, or a container not running, has none."""
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise KubectlError(f"cannot exec into a container in a completed pod; current phase is {phase}")
    if not (pod.get("spec") or {}).get("nodeName"):  # the API server's streamLocation: no kubelet to reach yet
        raise BadRequest(f"pod {pod['metadata']['name']} does not have a host assigned")
    state = next((cs.get("state") or {} for cs in (pod.get("status") or {}).get("containerStatuses") or []
                  if cs.get("name") == wanted), {})
    if "running" not in state:
        raise KubectlError(f'unable to upgrade connection: container not found ("{wanted}")')


def _run_in(cluster, ctx, pod: dict, container: dict, argv: list[str]) -> int:
    """Run ``argv`` in the running container, its volumes mounted; print what it prints, as exec and run -i do.
    ``kill 1`` reaches the main process: the kubelet sees it end on its next pass."""
    runtime = cluster.state.runtime
    fs = runtime.container_fs(cluster.state.store, pod, container)
    image = runtime.image(container.get("image", ""))
    env = processes.environment(pod, container, image[1] if image else {})
    signal_main = functools.partial(runtime.signals.__setitem__, (pod["metadata"]["uid"], container["name"]))
    try:
        config = image[1] if image else None
        user = securitycontext.run_as(pod, container, config)
        runc.check_exec(fs, argv, env, user)
        groups = processes.additional_gids(fs, pod, container, config,
                                           runtime.claimed_volumes(cluster.state.store, pod))
        code, out, err = run_in_rootfs(fs, argv, cwd=container.get("workingDir") or "/", env=env, user=user,
                                       groups=groups, clock=cluster.clock, merge_stderr=False,
                                       signal_main=signal_main)
    except runc.StartError as exc:
        ctx.err("error: Internal error occurred: Internal error occurred: error executing command in container: "
                f"failed to exec in container: failed to start exec: {exc.message}\n")
        return 1
    ctx.out(out)
    ctx.err(err)
    if code:
        ctx.err(f"command terminated with exit code {code}\n")
    return code


def _remote(text: str) -> tuple[str, str] | None:
    """``[namespace/]pod:path`` -> (pod reference, path); None for a local path."""
    if ":" not in text or text.startswith(("/", "./", "../")):
        return None
    pod, _, path = text.partition(":")
    return pod, path


def cp(cluster, ctx, opts: dict, args: list[str]) -> int:
    """``kubectl cp SRC DEST``: one side ``[namespace/]pod:path``, the other a local path; ``-c`` picks the
    container."""
    if len(args) != 2:
        raise KubectlError("source and destination are required")
    src, dest = _remote(args[0]), _remote(args[1])
    # in the order of kubectl's CopyOptions.Run: two pods, then an empty path on either side, then no pod
    if src is not None and dest is not None:
        raise KubectlError("one of src or dest must be a local file specification")
    if not all(spec[1] if spec is not None else arg for spec, arg in ((src, args[0]), (dest, args[1]))):
        raise KubectlError("filepath can not be empty")
    remote = src if src is not None else dest
    if remote is None:
        raise KubectlError("one of src or dest must be a remote file specification")
    pod_ref, path = remote
    if "/" in pod_ref:
        opts = dict(opts, namespace=pod_ref.split("/", 1)[0])
        pod_ref = pod_ref.split("/", 1)[1]
    found = _running_container(cluster, ctx, opts, pod_ref)
    if found is None:
        return 1
    fs = cluster.state.runtime.container_fs(cluster.state.store, *found)
    path = path if path.startswith("/") else "/" + path
    if src is not None:
        return _from_pod(ctx, fs, path, ctx.abspath(args[1]))
    return _to_pod(ctx, fs, ctx.abspath(args[0]), args[0], path)


def _copy(src_fs, src: str, dst_fs, dst: str) -> None:
    if src_fs.isdir(src):
        dst_fs.mkdir(dst, parents=True, exist_ok=True)
        for name in src_fs.listdir(src):
            _copy(src_fs, f"{src.rstrip('/')}/{name}", dst_fs, f"{dst.rstrip('/')}/{name}")
    else:
        dst_fs.write(dst, src_fs.read(src))


def _from_pod(ctx, fs, path: str, local: str) -> int:
    ctx.err("tar: Removing leading `/' from member names\n")
    if not fs.exists(path):
        ctx.err(f"tar: {path.lstrip('/')}: Cannot stat: No such file or directory\n" + TAR_FAILED)
        return 1
    if ctx.fs.isdir(local) and not fs.isdir(path):
        local = f"{local.rstrip('/')}/{os.path.basename(path)}"
    _copy(fs, path, ctx.fs, local)
    return 0


def _to_pod(ctx, fs, local: str, shown: str, path: str) -> int:
    if not ctx.fs.exists(local):
        raise KubectlError(f"{shown} doesn't exist in local filesystem")
    if fs.isdir(path) and not ctx.fs.isdir(local):
        path = f"{path.rstrip('/')}/{os.path.basename(local)}"
    try:
        _copy(ctx.fs, local, fs, path)
    except OSError as exc:
        reason = "Read-only file system" if exc.errno == errno.EROFS else os.strerror(exc.errno or errno.EIO)
        ctx.err(f"tar: {os.path.basename(path)}: Cannot open: {reason}\n" + TAR_FAILED)
        return 1
    return 0
