"""Label and field selectors as the API server applies them when it lists objects.

Both are server-side: kubectl sends ``labelSelector`` and ``fieldSelector``
as they were typed. A field selector (apimachinery ``fields.ParseSelector``)
is a comma-separated AND of ``field=value``, ``field==value`` and
``field!=value``; each field is first passed through the field-label
conversion that the kind's API version registers (``AddFieldLabelConversionFunc``
in ``pkg/apis/*/v1/conversion.go``), which refuses a field it does not know in
its own words, and is then looked up in the fields the kind's registry
exposes (``GetAttrs``/``ToSelectableFields``). A kind whose version registers
no conversion (PersistentVolumeClaims, ConfigMaps, and every ``apps/v1`` kind:
Deployments, ReplicaSets, StatefulSets) knows only ``metadata.name`` and
``metadata.namespace``. A field the conversion accepts but the registry does
not expose (a Pod's ``status.podIPs``) reads as empty.
"""

from __future__ import annotations

from collections.abc import Callable

from storagekit.k8s.errors import BadRequest
from storagekit.k8s.events import selectable_fields
from storagekit.k8s.store import CLUSTER_SCOPED
from storagekit.sim.goquote import go_quote

EVENT_FIELDS = ("involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
                "reportingComponent", "source", "type", "metadata.namespace", "metadata.name")
POD_FIELDS = ("metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
              "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs",
              "status.nominatedNodeName")
NOT_SUPPORTED = "field label not supported: {label}"
FIELD_LABELS: dict[str, tuple[tuple[str, ...], str]] = {
    "Pod": (POD_FIELDS, NOT_SUPPORTED),
    "Node": (("metadata.name", "spec.unschedulable"), NOT_SUPPORTED),
    "Event": (EVENT_FIELDS, NOT_SUPPORTED),
    "Namespace": (("status.phase", "metadata.name"), NOT_SUPPORTED),
    "Secret": (("type", "metadata.namespace", "metadata.name"), NOT_SUPPORTED),
    "Service": (("metadata.namespace", "metadata.name", "spec.clusterIP", "spec.type"), NOT_SUPPORTED),
    "Job": (("metadata.name", "metadata.namespace", "status.successful"), "field label {quoted} not supported for Job"),
}
"""The field labels each kind's API version accepts, and how it refuses another (``core/v1``, ``batch/v1``)."""
DEFAULT_LABELS = (("metadata.name", "metadata.namespace"),
                  '{quoted} is not a known field selector: only "metadata.name", "metadata.namespace"')
"""``runtime.DefaultMetaV1FieldSelectorConversion``: for a kind whose version registers no conversion."""
RENAMED = {("Pod", "spec.host"): "spec.nodeName"}
"""Old names a conversion still accepts for old clients, and the field they mean."""


def _meta_fields(obj: dict, kind: str) -> dict[str, str]:
    """``generic.ObjectMetaFieldsSet``: the name, and the namespace of a namespaced object."""
    meta = obj["metadata"]
    fields = {"metadata.name": meta.get("name", "")}
    if kind not in CLUSTER_SCOPED:
        fields["metadata.namespace"] = meta.get("namespace", "")
    return fields


def _pod_fields(pod: dict) -> dict[str, str]:
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    ips = status.get("podIPs") or ([{"ip": status["podIP"]}] if status.get("podIP") else [])
    return {"spec.nodeName": spec.get("nodeName", ""), "spec.restartPolicy": spec.get("restartPolicy", ""),
            "spec.schedulerName": spec.get("schedulerName", ""),
            "spec.serviceAccountName": spec.get("serviceAccountName", ""),
            "spec.hostNetwork": "true" if spec.get("hostNetwork") else "false",
            "status.phase": status.get("phase", ""), "status.podIP": ips[0]["ip"] if ips else "",
            "status.nominatedNodeName": status.get("nominatedNodeName", "")}


OWN_FIELDS: dict[str, Callable[[dict], dict[str, str]]] = {
    "Pod": _pod_fields,
    "Node": lambda node: {"spec.unschedulable": "true" if (node.get("spec") or {}).get("unschedulable") else "false"},
    "Namespace": lambda ns: {"status.phase": (ns.get("status") or {}).get("phase", "")},
    "Secret": lambda secret: {"type": secret.get("type", "")},
    "Service": lambda svc: {"spec.clusterIP": (svc.get("spec") or {}).get("clusterIP", ""),
                            "spec.type": (svc.get("spec") or {}).get("type", "")},
    "Job": lambda job: {"status.successful": str((job.get("status") or {}).get("succeeded", 0))},
    "Event": selectable_fields,
}
"""What each registry's ``GetAttrs`` exposes besides the object's name and namespace."""


def field_set(obj: dict) -> dict[str, str]:
    """The fields a field selector is matched against, for a stored object."""
    kind = obj["kind"]
    own = OWN_FIELDS.get(kind)
    return {**(own(obj) if own else {}), **_meta_fields(obj, kind)}


# ---------------------------------------------------------------------- field selectors


def _split_terms(text: str) -> list[str]:
    """``splitTerms``: the terms between commas, a comma escaped by ``\\`` not splitting."""
    terms, start, escaped = [], 0, False
    for i, ch in enumerate(text):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ",":
            terms.append(text[start:i])
            start = i + 1
    terms.append(text[start:])
    return terms


def _split_term(term: str) -> tuple[str, str, str] | None:
    """``splitTerm``: at the first place an operator starts (``!=``, then ``==``, then ``=``)."""
    for i in range(len(term)):
        for op in ("!=", "==", "="):
            if term.startswith(op, i):
                return term[:i], op, term[i + len(op):]
    return None


def _unescape(value: str) -> str:
    """``UnescapeValue``: ``\\\\``, ``\\,`` and ``\\=`` stand for themselves; a bare ``,`` or ``=`` is an error."""
    out, escaped = [], False
    for ch in value:
        if escaped:
            if ch not in "\\,=":
                raise BadRequest(f"invalid field selector: invalid escape sequence: \\{ch}")
            out.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in ",=":
            raise BadRequest(f"invalid field selector: unescaped character in value: {ord(ch)}")
        else:
            out.append(ch)
    if escaped:
        raise BadRequest("invalid field selector: invalid escape sequence: \\")
    return "".join(out)


def parse_field_selector(kind: str, text: str) -> list[tuple[str, str, str]]:
    """``(field, operator, value)`` terms, each field converted as ``kind``'s API version converts it; a term that
    does not parse, or a field the version does not know, is the API server's BadRequest."""
    parsed = []
    for part in sorted(_split_terms(text) if text else []):
        if not part:
            continue
        term = _split_term(part)
        if term is None:
            raise BadRequest(f"invalid selector: '{text}'; can't understand '{part}'")
        field, op, value = term
        parsed.append((field, "!=" if op == "!=" else "=", _unescape(value)))
    labels, refusal = FIELD_LABELS.get(kind, DEFAULT_LABELS)
    converted = []
    for field, op, value in parsed:
        field = RENAMED.get((kind, field), field)
        if field not in labels:
            raise BadRequest(refusal.format(label=field, quoted=go_quote(field)))
        converted.append((field, op, value))
    return converted


def fields_match(terms: list[tuple[str, str, str]], fields: dict[str, str]) -> bool:
    """Every term holds; a field the object does not expose reads as empty."""
    return all((fields.get(f, "") == v) == (op == "=") for f, op, v in terms)


# ---------------------------------------------------------------------- label selectors


def _label_terms(text: str) -> list[str]:
    """The requirements of a label selector: split at commas outside ``(...)``."""
    terms, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            terms.append(text[start:i])
            start = i + 1
    terms.append(text[start:])
    return [t.strip() for t in terms if t.strip()]


def _requirement_holds(term: str, labels: dict) -> bool:
    words = term.split()
    if len(words) >= 2 and words[1] in ("in", "notin"):
        key, inside = words[0], term.split(None, 2)[2].strip()
        values = {v.strip() for v in inside.strip("()").split(",")}
        found = key in labels and labels[key] in values
        return found if words[1] == "in" else not found
    for op in ("!=", "==", "=", ">", "<"):
        key, sep, value = term.partition(op)
        if sep:
            key, value = key.strip(), value.strip()
            if op == "!=":
                return labels.get(key) != value
            if op in ("=", "=="):
                return key in labels and labels[key] == value
            try:
                have, bound = int(labels[key]), int(value)
            except (KeyError, ValueError):
                return False
            return have > bound if op == ">" else have < bound
    if term.startswith("!"):
        return term[1:].strip() not in labels
    return term in labels


def labels_match(selector: str, labels: dict | None) -> bool:
    """A label selector (``labels.Parse``): equality, inequality, ``in``/``notin`` sets, existence, ANDed."""
    return all(_requirement_holds(term, labels or {}) for term in _label_terms(selector))


def selected(obj: dict, label_selector: str, field_terms: list[tuple[str, str, str]]) -> bool:
    """Whether a stored object passes both selectors of a list request."""
    return labels_match(label_selector, obj["metadata"].get("labels")) and \
        (not field_terms or fields_match(field_terms, field_set(obj)))
