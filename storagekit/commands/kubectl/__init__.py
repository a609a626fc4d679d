"""``kubectl`` against a simulated cluster: storage objects, Pods and the workloads that use claims.

Every kubectl v1.33 command parses its flags and answers ``--help`` as the real
client does (:mod:`.command`, :mod:`.help`, :mod:`.main`); the commands in
``HANDLERS`` then run against the cluster, and the others say that the
simulator does not run them. Each command that changes something ends with
the controllers run to a fixpoint, so what the next command shows is the
converged state. Messages, tables and exit codes are kubectl's (see
:mod:`.printers`, :mod:`.describe`, :mod:`.manifests`).
"""

from __future__ import annotations

from storagekit.commands.kubectl import edit, events, explain, generators, nodes, pods, reading, writing
from storagekit.commands.kubectl.cli import Args, KubectlError, Options, api_error
from storagekit.commands.kubectl.main import Handler, main
from storagekit.commands.kubectl.support import probe
from storagekit.k8s.errors import StatusError
from storagekit.sim.errors import NotSimulated

HANDLERS: dict[tuple[str, ...], Handler] = {
    ("get",): reading.get, ("describe",): reading.describe, ("logs",): reading.logs, ("explain",): explain.explain,
    ("api-resources",): reading.api_resources, ("wait",): writing.wait, ("version",): reading.version,
    ("cluster-info",): reading.cluster_info, ("events",): events.events,
    ("apply",): writing.apply, ("create",): writing.create, ("delete",): writing.delete, ("scale",): writing.scale,
    ("patch",): writing.patch, ("edit",): edit.edit, ("label",): writing.label, ("annotate",): writing.annotate,
    ("create", "configmap"): generators.create_configmap, ("create", "secret", "generic"): generators.create_secret,
    ("create", "namespace"): generators.create_namespace, ("create", "job"): generators.create_job,
    ("run",): pods.run, ("exec",): pods.exec_, ("cp",): pods.cp,
    ("cordon",): nodes.cordon, ("uncordon",): nodes.uncordon, ("drain",): nodes.drain,
    ("rollout", "status"): nodes.rollout_status, ("rollout", "restart"): nodes.rollout_restart,
    ("rollout", "history"): nodes.rollout_history, ("rollout", "undo"): nodes.rollout_undo,
}
READ_ONLY = {reading.get, reading.describe, events.events, reading.logs, explain.explain, reading.api_resources,
             writing.wait, reading.version, reading.cluster_info, nodes.rollout_status, nodes.rollout_history}
"""Commands that change nothing, so the controllers have nothing new to act on."""


def kubectl_program(cluster, ctx, argv: list[str]) -> int:
    """The workstation's ``kubectl``, bound to ``cluster``."""

    def run(handler: Handler, opts: Options, args: Args, refusal: NotSimulated | None = None) -> int:
        if refusal is not None:
            return probe(handler, refusal, ctx, opts, args)
        if handler in READ_ONLY:
            cluster.state.catch_up()
        try:
            code = handler(cluster, ctx, opts, args)
        except (KubectlError, NotSimulated):
            raise
        except StatusError as exc:
            api_error(ctx, exc)
            return 1
        except Exception as exc:  # noqa: BLE001 - a fault of the simulator, reported as one, never as kubectl's words
            ctx.err(f"[storagekit] the simulator could not run this command ({type(exc).__name__}); "
                    "please report it with the command line.\n")
            ctx.note(f"kubectl {' '.join(argv[1:])}: {exc!r}")
            cluster.state.settle()
            return 1
        if handler not in READ_ONLY:
            cluster.state.settle()
        return code

    return main(argv, ctx, HANDLERS, run)
