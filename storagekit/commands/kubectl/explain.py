"""``kubectl explain``: the plaintext template kubectl has used since 1.27, over a stored OpenAPI excerpt.

The layout follows ``k8s.io/kubectl/pkg/explain/v2/templates/plaintext.tmpl``
(KIND/VERSION header, ``FIELD:`` line with an ``ENUM:`` block, DESCRIPTION
wrapped at 76 columns and indented 4, FIELDS indented 2 per level and wrapped
at 78 minus the indent). Wrapping is ``github.com/mitchellh/go-wordwrap``'s,
which kubectl's ``wrap`` template function calls, so lines break where the
real command breaks them. The schema is ``explain_schema.json``: the storage
kinds, ConfigMap, Secret, ObjectMeta and the storage-relevant parts of Pod, not
the whole API. Scalar types (Time, Quantity) are carried without fields so that
their description follows a field's, as kubectl appends a referenced type's.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources as importlib_resources

from storagekit.commands.kubectl.cli import KubectlError
from storagekit.commands.kubectl.resources import lookup
from storagekit.sim.errors import NotSimulated


@lru_cache(maxsize=1)
def _schema() -> dict:
    text = importlib_resources.files("storagekit.commands.kubectl").joinpath("explain_schema.json").read_text("utf-8")
    return json.loads(text)


def wrap(text: str, limit: int) -> str:
    """go-wordwrap 1.0.1 ``WrapString``: break at spaces, keep newlines, never split a word."""
    out: list[str] = []
    word: list[str] = []
    space: list[str] = []
    current = 0
    for ch in text:
        if ch == "\n":
            if not word:
                if current + len(space) > limit:
                    current = 0
                else:
                    out.extend(space)
                space = []
            else:
                out.extend(space)
                out.extend(word)
                space, word = [], []
            out.append(ch)
            current = 0
        elif ch.isspace() and ch != "\u00a0":
            if not space or word:
                current += len(space) + len(word)
                out.extend(space)
                out.extend(word)
                space, word = [], []
            space.append(ch)
        else:
            word.append(ch)
            if current + len(space) + len(word) > limit and len(word) < limit:
                out.append("\n")
                current = 0
                space = []
    if not word:
        if current + len(space) <= limit:
            out.extend(space)
    else:
        out.extend(space)
        out.extend(word)
    return "".join(out)


def indent(amount: int, text: str) -> str:
    pad = " " * amount
    return pad + text.replace("\n", "\n" + pad)


def _prop(raw) -> dict:
    return _schema()["shared"][raw[1:]] if isinstance(raw, str) else raw


def _enum_values(prop: dict) -> list[str]:
    return [v for v, _ in _schema()["enums"][prop["enum"]]] if prop.get("enum") else []


def _description(prop: dict) -> str:
    """The field's description; an enum type adds the "Possible enum values" lines, as the API server serves it."""
    text = prop.get("description", "")
    if prop.get("enum"):
        lines = [f' - `"{v}"` {c}'.rstrip() for v, c in _schema()["enums"][prop["enum"]]]
        text += "\n\nPossible enum values:\n" + "\n".join(lines)
    return text


def _quoted(value: str) -> str:
    return '""' if value == "" else value


def _carried(name: str | None) -> dict | None:
    return _schema()["schemas"].get(name) if name else None


class _Missing(Exception):
    """A path the stored schema cannot follow; ``type_name`` is set when the type exists but is not carried."""

    def __init__(self, type_name: str | None = None):
        super().__init__(type_name)
        self.type_name = type_name


def _field_list(schema: dict, level: int, recursive: bool, history: tuple, skipped: list) -> str:
    """kubectl's ``fieldList``: with --recursive it descends into each field's type, and ``history`` holds the
    types already open on the current path (its ``set`` copies the map), so a type that contains itself is
    listed once and not entered again; there is no depth limit."""
    out = []
    required = schema.get("required", [])
    properties = schema.get("properties", {})
    for name in sorted(properties):
        prop = _prop(properties[name])
        pad = level * 2
        line = indent(pad, name) + f"\t<{prop['type']}>"
        if name in required:
            line += " -required-"
        values = _enum_values(prop)
        if values:
            shown = ", ".join(_quoted(v) for v in values[:4]) + (", ...." if len(values) > 4 else "")
            line += "\n" + " " * pad + "enum: " + shown
        out.append(line + "\n")
        if not recursive:
            out.append(indent(pad + 2, wrap(_description(prop) or "<no description>", 78 - pad)) + "\n\n")
            continue
        ref = prop.get("ref")
        child = _carried(ref)
        if ref and ref not in history and not (child and child.get("scalar")):
            if child is None or child.get("partial"):
                skipped.append(ref)
            else:
                out.append(_field_list(child, level + 1, recursive, history + (ref,), skipped))
    return "".join(out)


def _body(schema: dict, name: str, path: list[str], recursive: bool, skipped: list) -> str:
    """Follow ``path`` from the kind's schema and render what kubectl's ``output`` template prints there."""
    if not path:
        desc = schema["description"] + "\n" if schema.get("description") else ""
        text = "DESCRIPTION:\n" + indent(4, wrap(desc or "<empty>", 76)) + "\n"
        fields = _field_list(schema, 1, recursive, (name,), skipped)
        return text + ("FIELDS:\n" + fields if fields else "")
    out = []
    current: dict | None = schema
    current_name: str | None = name
    for i, field in enumerate(path):
        if current is None or field not in current.get("properties", {}):
            raise _Missing(current_name if current is None else None)
        prop = _prop(current["properties"][field])
        last = i == len(path) - 1
        ref = prop.get("ref")
        current, current_name = _carried(ref), ref
        if not last:
            continue
        if ref and (current is None or current.get("partial")
                    or (current.get("scalar") and not current["description"])):
            raise _Missing(ref)
        values = _enum_values(prop)
        out.append(f"FIELD: {field} <{prop['type']}>\n")
        if values:
            out.append("ENUM:" + "".join("\n    " + _quoted(v) for v in values))
        out.append("\n\n")
        desc = _description(prop) + "\n" if prop.get("description") else ""
        if current is not None and current.get("description"):
            desc += current["description"] + "\n"
        out.append("DESCRIPTION:\n" + indent(4, wrap(desc or "<empty>", 76)) + "\n")
        if current is not None and current.get("properties"):
            fields = _field_list(current, 1, recursive, (ref,), skipped)
            if fields:
                out.append("FIELDS:\n" + fields)
    return "".join(out)


def explain(cluster, ctx, opts: dict, args: list[str]) -> int:
    if not args:
        raise KubectlError('You must specify the type of resource to explain. Use "kubectl api-resources" for a '
                           "complete list of supported resources.")
    if len(args) > 1:
        raise KubectlError("We accept only this format: explain RESOURCE")
    resource_text, *rest = args[0].split(".")
    path = [p for p in rest if p]
    res = lookup(resource_text)
    if res is None:
        raise KubectlError(f'the server doesn\'t have a resource type "{resource_text}"')
    kind = _schema()["kinds"].get(res.kind)
    if kind is None:
        ctx.note(f"kubectl explain knows {', '.join(_schema()['kinds'])} here")
        raise NotSimulated(f"'kubectl explain {res.plural}' is not simulated yet.")
    group, version = kind["group"], kind["version"]
    wanted = opts.get("api-version")
    if wanted and wanted != (f"{group}/{version}" if group else version):
        want_group, _, want_version = wanted.rpartition("/")
        raise KubectlError(f"GVR ({want_group}/{want_version}, Resource={res.plural}) not found in OpenAPI schema")
    schema = _schema()["schemas"][kind["schema"]]  # a kind's own schema is always carried
    skipped: list[str] = []
    try:
        body = _body(schema, kind["schema"], path, bool(opts.get("recursive")), skipped)
    except _Missing as missing:
        if missing.type_name:
            ctx.note(f"the simulator's schema stops at {missing.type_name}; a real cluster explains its fields")
        raise KubectlError(f'field "{path[-1]}" does not exist') from None
    header = (f"GROUP:      {group}\n" if group else "") + f"KIND:       {res.kind}\nVERSION:    {version}\n\n"
    ctx.out(header + body + "\n")
    if skipped:
        ctx.note("the simulator's schema does not list the fields of " + ", ".join(dict.fromkeys(skipped)))
    return 0
