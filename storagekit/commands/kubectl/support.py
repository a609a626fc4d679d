"""Which flags of the simulated kubectl commands the simulator acts on, and which it declines.

The parser accepts every flag the real kubectl v1.33 has, so a flag that the
command then ignored would be a silent lie. Each command's flags are therefore
either *honoured* (its handler does what the flag asks, or says in kubectl's or
the simulator's words why not for a value it does not take), *inert* (it
changes nothing a learner could see in the simulation, for the reason given),
or declined: given with a value other than its default, it stops the command
with the simulator's "not simulated" note and status 1, before anything runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from storagekit.commands.cli.flags import FlagSet
from storagekit.sim.errors import NotSimulated

RENDERED_ONLY = "only changes what a printer the command declines here (-o yaml, json, go-template) would print"
DELETE_ONLY = "only used by --force and --prune, which the simulator declines"
SETTLED = ("the cluster has settled before the command runs: what it finds it finds at once, and only how long the "
           "real one would wait differs")
NO_MANAGED_FIELDS = "the simulated API server keeps no managedFields, so no field manager is ever shown"

GLOBAL_INERT = {
    "cache-dir": "only where kubectl caches the API's discovery documents",
    "disable-compression": "only whether responses travel compressed",
    "log-flush-frequency": "only how often the log (empty at -v=0) is flushed",
    "match-server-version": "the client and the simulated server are both v1.33",
    "profile-output": "only where --profile writes, and --profile other than none is declined",
    "request-timeout": "the simulated API server answers at once",
}
"""Flags every command inherits that change nothing here, and why."""
GLOBAL_HONOURED = ("namespace", "profile")
"""``--profile`` is checked (kubectl's own error for an unknown profile); only ``none`` runs."""


@dataclass(frozen=True)
class Support:
    """One command's decisions: ``honoured`` flags and ``inert`` ones with the reason; the rest are declined."""

    honoured: tuple[str, ...] = ()
    inert: dict[str, str] = field(default_factory=dict)


def _s(honoured: str, **inert: str) -> Support:
    return Support(tuple(honoured.split()), {name.replace("_", "-"): why for name, why in inert.items()})


PRINTING = {"allow_missing_template_keys": RENDERED_ONLY, "show_managed_fields": RENDERED_ONLY}
"""Flags of kubectl's printers that matter only for the formats a writing command declines."""

COMMANDS: dict[tuple[str, ...], Support] = {
    ("get",): _s("all-namespaces field-selector filename ignore-not-found label-columns no-headers output selector "
                 "show-kind show-labels sort-by watch",
                 chunk_size="lists come whole from the simulated API server; chunks would print the same"),
    ("describe",): _s("all-namespaces selector",
                      chunk_size="lists come whole from the simulated API server; chunks would print the same"),
    ("logs",): _s("container follow limit-bytes prefix previous tail",
                  insecure_skip_tls_verify_backend="the simulated kubelet's logs are read without TLS",
                  max_log_requests="one container's log is one request here",
                  pod_running_timeout=SETTLED),
    ("explain",): _s("api-version recursive"),
    ("api-resources",): _s("api-group namespaced no-headers output sort-by",
                           cached="the simulated server's resource list is built in, never fetched"),
    ("wait",): _s("all all-namespaces field-selector for selector", timeout=SETTLED),
    ("version",): _s("client output"),
    ("cluster-info",): _s(""),
    ("apply",): _s("dry-run filename output validate", cascade=DELETE_ONLY, grace_period=DELETE_ONLY,
                   timeout=DELETE_ONLY, wait=DELETE_ONLY, field_manager=NO_MANAGED_FIELDS,
                   openapi_patch="built-in kinds merge the same way with or without the OpenAPI schema", **PRINTING),
    ("create",): _s("dry-run filename output validate", field_manager=NO_MANAGED_FIELDS,
                    windows_line_endings="only used with --edit, which the simulator declines", **PRINTING),
    ("delete",): _s("all all-namespaces cascade dry-run field-selector filename force grace-period "
                    "ignore-not-found now output selector wait",
                    timeout="only how long kubectl would wait for what the simulator says it would wait for"),
    ("scale",): _s("current-replicas dry-run output replicas", timeout=SETTLED, **PRINTING),
    ("patch",): _s("dry-run output patch patch-file type", field_manager=NO_MANAGED_FIELDS, **PRINTING),
    ("events",): _s("all-namespaces for no-headers output types watch",
                    chunk_size="lists come whole from the simulated API server; chunks would print the same",
                    **PRINTING),
    ("edit",): _s("filename output validate windows-line-endings", field_manager=NO_MANAGED_FIELDS, **PRINTING),
    ("label",): _s("all all-namespaces dry-run field-selector output overwrite selector",
                   field_manager=NO_MANAGED_FIELDS, **PRINTING),
    ("annotate",): _s("all all-namespaces dry-run field-selector output overwrite selector",
                      field_manager=NO_MANAGED_FIELDS, **PRINTING),
    ("create", "configmap"): _s("dry-run from-env-file from-file from-literal output validate",
                                field_manager=NO_MANAGED_FIELDS, allow_missing_template_keys=RENDERED_ONLY),
    ("create", "secret", "generic"): _s("dry-run from-env-file from-file from-literal output type validate",
                                        field_manager=NO_MANAGED_FIELDS,
                                        allow_missing_template_keys=RENDERED_ONLY),
    ("create", "namespace"): _s("dry-run output validate", field_manager=NO_MANAGED_FIELDS,
                                allow_missing_template_keys=RENDERED_ONLY),
    ("create", "job"): _s("dry-run image output validate", field_manager=NO_MANAGED_FIELDS,
                          allow_missing_template_keys=RENDERED_ONLY),
    ("run",): _s("annotations attach command dry-run env image image-pull-policy labels output port privileged "
                 "quiet restart rm stdin tty",
                 cascade="only used to delete the Pod --rm removes, which goes at once here",
                 timeout="only used to delete the Pod --rm removes, which goes at once here",
                 wait="only used to delete the Pod --rm removes, which goes at once here",
                 pod_running_timeout=SETTLED,
                 leave_stdin_open="the simulator has no interactive session to leave open",
                 override_type="only used with --overrides, which the simulator declines",
                 field_manager=NO_MANAGED_FIELDS, allow_missing_template_keys=RENDERED_ONLY),
    ("exec",): _s("container quiet stdin tty", pod_running_timeout=SETTLED),
    ("cp",): _s("container", retries="a copy here never breaks off half-way"),
    ("cordon",): _s("dry-run"),
    ("uncordon",): _s("dry-run"),
    ("drain",): _s("delete-emptydir-data force pod-selector",
                   chunk_size="lists come whole from the simulated API server; chunks would print the same",
                   grace_period=SETTLED, timeout=SETTLED, skip_wait_for_delete_timeout=SETTLED,
                   ignore_daemonsets="the simulated nodes run no DaemonSet Pods"),
    ("rollout", "status"): _s("", timeout=SETTLED),
    ("rollout", "restart"): _s("", field_manager=NO_MANAGED_FIELDS, **PRINTING),
    ("rollout", "history"): _s("", **PRINTING),
    ("rollout", "undo"): _s("to-revision", **PRINTING),
}
"""Every simulated command's decisions (the test suite checks each flag has one and that it holds)."""


def unsupported(path: tuple[str, ...], flags: FlagSet, values: dict, given) -> NotSimulated | None:
    """The refusal of the first flag (by name) given with a value other than its default that the command neither
    honours nor can ignore, or None; ``flags`` is the command's flag set, global flags included."""
    support = COMMANDS.get(path, Support())
    accepted = {"help", *GLOBAL_HONOURED, *GLOBAL_INERT, *support.honoured, *support.inert}
    for name in sorted(set(given) - accepted):
        flag = flags.lookup(name)
        if flag is not None and values[name] != flags.initial(flag):
            value = values[name]
            shown = ",".join(value) if isinstance(value, list) else str(value).lower() if isinstance(value, bool) \
                else str(value)
            what = f"--{name}" if value is True else f"--{name}={shown}"
            return NotSimulated(f"'kubectl {' '.join(path)} {what}' is not simulated yet.")
    return None


class Untouchable:
    """The cluster as a command with a declined flag sees it: the first look at it is the refusal."""

    def __init__(self, refusal: NotSimulated) -> None:
        self._refusal = refusal

    def __getattr__(self, name: str):
        raise self._refusal


class Held:
    """A process context whose output is held back until :meth:`release` (the rest goes through)."""

    def __init__(self, ctx) -> None:
        self._ctx = ctx
        self._held: list[tuple[Callable[[str], None], str]] = []

    def out(self, text: str) -> None:
        self._held.append((self._ctx.out, text))

    def err(self, text: str) -> None:
        self._held.append((self._ctx.err, text))

    def note(self, text: str) -> None:
        self._held.append((self._ctx.note, text))

    def __getattr__(self, name: str):
        return getattr(self._ctx, name)

    def release(self) -> None:
        for write, text in self._held:
            write(text)


def probe(handler, refusal: NotSimulated, ctx, opts, args) -> int:
    """Run a command that has a declined flag up to its first look at the cluster. What kubectl refuses before it
    sends anything (a missing name, a bad value) is said as kubectl says it; otherwise the refusal is raised and the
    command has changed nothing."""
    held = Held(ctx)
    try:
        code = handler(Untouchable(refusal), held, opts, args)
    except NotSimulated:
        raise refusal from None
    except Exception:
        held.release()
        raise
    if code:
        held.release()
        return code
    raise refusal
