"""``kubectl events``: the events of a namespace (or all) by time, as kubectl's own events printer shows them.

Unlike ``kubectl get events`` (the server's table, in the store's order), the
command sorts by when each event was last seen, shows the interval as
``5s (x3 over 2m)`` for a repeated one, and names the object by its kind
(``Pod/web``). ``--for TYPE/NAME`` asks the server for that object's events
only; ``--types`` keeps Normal or Warning ones.
"""

from __future__ import annotations

from storagekit.commands.formats.gofmt import go_json_indent
from storagekit.commands.formats.jsonpath import JSONPathError, kubectl_jsonpath
from storagekit.commands.kubectl.cli import KubectlError, check_output, list_objects, namespace_of, yaml_text
from storagekit.commands.kubectl.printers import align_rows, human_duration
from storagekit.commands.kubectl.resources import BY_KIND, lookup
from storagekit.sim.clock import parse_rfc3339
from storagekit.sim.errors import NotSimulated

FORMATS = ("go-template", "go-template-file", "json", "jsonpath", "jsonpath-as-json", "jsonpath-file", "name",
           "template", "templatefile", "yaml")
EVENT_FIELDS = ("kind", "apiVersion", "metadata", "involvedObject", "reason", "message", "source", "firstTimestamp",
                "lastTimestamp", "count", "type", "eventTime", "reportingComponent", "reportingInstance")
"""``corev1.Event``'s fields in the order its Go struct declares them: the typed client's JSON keeps it."""
META_FIELDS = ("name", "namespace", "uid", "resourceVersion", "creationTimestamp")
REFERENCE_FIELDS = ("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")


def events(cluster, ctx, opts: dict, args: list[str]) -> int:
    kind = check_output(opts, FORMATS)
    if kind not in ("", "json", "yaml", "name", "jsonpath"):
        raise NotSimulated(f"'kubectl events -o {opts['output']}' is not simulated yet.")
    types = sorted(set(opts["types"]))
    if any(t.lower() not in ("normal", "warning") for t in types):
        raise KubectlError("valid --types are Normal or Warning")
    selector = ""
    if opts["for"]:
        if "/" not in opts["for"]:
            raise KubectlError("--for must be in resource/name form")
        if opts["for"].count("/") > 1:
            raise KubectlError("arguments in resource/name form may not have more than one slash")
        type_name, name = opts["for"].split("/")
        res = lookup(type_name)
        if res is None:
            raise KubectlError(f'the server doesn\'t have a resource type "{type_name}"')
        selector = f"involvedObject.kind={res.kind},involvedObject.name={name}"
    if opts["watch"]:
        ctx.note("kubectl events -w would go on printing each new event; the simulator shows the events as they are "
                 "now")
    namespace = namespace_of(cluster, opts)
    found = list_objects(cluster, BY_KIND["Event"], None if opts["all-namespaces"] else namespace,
                         {"field-selector": selector})
    found = [e for e in found if not types or any(t.lower() == e.get("type", "").lower() for t in types)]
    if not found:
        ctx.err("No events found.\n" if opts["all-namespaces"] else f"No events found in {namespace} namespace.\n")
        return 0
    found.sort(key=lambda e: parse_rfc3339(e.get("lastTimestamp") or e.get("eventTime") or ""))
    if kind == "name":
        ctx.out("".join(f"event/{e['metadata']['name']}\n" for e in found))
    elif kind in ("json", "yaml", "jsonpath"):
        listed = {"kind": "EventList", "apiVersion": "v1",
                  "metadata": {"resourceVersion": str(cluster.state.store.resource_version)},
                  "items": [_typed(e) for e in found]}
        if kind == "json":
            ctx.out(go_json_indent(listed, sort_keys=False) + "\n")
        elif kind == "yaml":
            ctx.out(yaml_text(listed))
        else:
            try:
                ctx.out(kubectl_jsonpath(opts["output"].partition("=")[2], listed))
            except JSONPathError as exc:
                raise KubectlError(str(exc)) from None
    else:
        ctx.out(_table(found, cluster.clock.now, bool(opts["all-namespaces"]), not opts["no-headers"]))
    return 0


def _typed(event: dict) -> dict:
    """The event as the typed client decodes it: fields in struct order."""
    ordered = {k: event[k] for k in EVENT_FIELDS if k in event}
    ordered["metadata"] = {k: event["metadata"][k] for k in META_FIELDS if k in event["metadata"]}
    ordered["involvedObject"] = {k: event["involvedObject"][k] for k in REFERENCE_FIELDS
                                 if k in event["involvedObject"]}
    return ordered


def _cell(text: str) -> str:
    """``escapeCell``: a cell ends at a line break, marked ``...``."""
    cut = min((i for i in (text.find(c) for c in "\f\n\r") if i >= 0), default=-1)
    return text if cut < 0 else text[:cut] + "..."


def _table(found: list[dict], now: int, all_namespaces: bool, headers: bool) -> str:
    """``EventPrinter``: the interval since the event was first seen (``LAST (xN over FIRST)`` for a repeated
    one), its type and reason, ``Kind/name``, and the message."""
    rows = [(["NAMESPACE"] if all_namespaces else []) + ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]]
    for e in found:
        first = human_duration(now - parse_rfc3339(e["firstTimestamp"]))
        count = e.get("count", 0)
        interval = f"{human_duration(now - parse_rfc3339(e['lastTimestamp']))} (x{count} over {first})" \
            if count > 1 else first
        involved, message = e["involvedObject"], _cell((e.get("message") or "").strip())
        rows.append(([e["metadata"]["namespace"]] if all_namespaces else [])
                    + [interval, e.get("type", ""), e.get("reason", ""),
                       f"{involved.get('kind', '')}/{involved.get('name', '')}", message])
    return align_rows(rows if headers else rows[1:])
