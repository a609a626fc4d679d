"""``kubectl`` against a simulated cluster: storage objects, Pods and the workloads that use claims.

Each command that changes something ends with the controllers run to a
fixpoint, so what the next command shows is the converged state. Messages,
tables and exit codes are kubectl's (see :mod:`.printers`, :mod:`.describe`,
:mod:`.manifests`).
"""

from __future__ import annotations

from storagekit.commands.kubectl import explain, nodes, pods, reading, writing
from storagekit.commands.kubectl.cli import KubectlError, api_error, parse
from storagekit.k8s.errors import StatusError

COMMANDS = {
    "get": reading.get, "describe": reading.describe, "logs": reading.logs, "explain": explain.explain,
    "api-resources": reading.api_resources, "wait": writing.wait, "version": reading.version,
    "cluster-info": reading.cluster_info,
    "apply": writing.apply, "create": writing.create, "delete": writing.delete, "scale": writing.scale,
    "patch": writing.patch, "label": writing.label, "annotate": writing.annotate,
    "run": pods.run, "exec": pods.exec_, "cp": pods.cp,
    "cordon": nodes.cordon, "uncordon": nodes.uncordon, "drain": nodes.drain, "rollout": nodes.rollout,
}
READ_ONLY = ("get", "describe", "logs", "explain", "api-resources", "wait", "version", "cluster-info")
"""Commands that change nothing, so the controllers have nothing new to act on."""


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
    if command in READ_ONLY:
        cluster.state.catch_up()
    try:
        opts, args = parse(words[1:], command)
        code = COMMANDS[command](cluster, ctx, opts, args)
    except KubectlError as exc:
        ctx.err(f"error: {exc}\n")
        if "flag" in str(exc):
            ctx.err(f"See 'kubectl {command} --help' for usage.\n")
        return 1
    except StatusError as exc:
        api_error(ctx, exc)
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
