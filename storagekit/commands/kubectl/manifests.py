"""Reading ``kubectl apply -f``'s input: YAML (several documents) or JSON, Lists unpacked, in kubectl's words.

kubectl converts each YAML document to JSON before decoding it, so a syntax
error reads ``error converting YAML to JSON: yaml: line N: ...`` with go-yaml's
wording and the line counted within that document.
"""

from __future__ import annotations

import json
import re

import yaml

GO_YAML_WORDING = {
    "mapping values are not allowed here": "mapping values are not allowed in this context",
    "found character that cannot start any token": "found character that cannot start any token",
    "could not find expected ':'": "could not find expected ':'",
    "found undefined tag handle": "found undefined tag handle",
}


class ManifestError(Exception):
    pass


def _documents(text: str) -> list[str]:
    return [d for d in re.split(r"^---[ \t]*$", text, flags=re.M)]


def load(text: str, source: str) -> list[dict]:
    """The objects in a manifest; ManifestError with kubectl's message (``error parsing SOURCE: ...``)."""
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        try:
            docs = [json.loads(text)]
        except json.JSONDecodeError as exc:
            raise ManifestError(f"error parsing {source}: {exc.msg.lower()}") from None
    else:
        docs = []
        for doc in _documents(text):
            try:
                value = yaml.safe_load(doc)
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                problem = getattr(exc, "problem", None) or str(exc)
                line = (mark.line + 1) if mark is not None else 1
                words = GO_YAML_WORDING.get(problem, problem)
                raise ManifestError(f"error parsing {source}: error converting YAML to JSON: yaml: line {line}: {words}") from None
            if value is not None:
                docs.append(value)
    objects = []
    for doc in docs:
        if not isinstance(doc, dict):
            raise ManifestError(f"error parsing {source}: error unmarshaling JSON: while decoding JSON: json: cannot "
                                f"unmarshal {_json_type(doc)} into Go value of type map[string]interface {{}}")
        if doc.get("kind", "").endswith("List") and isinstance(doc.get("items"), list):
            objects.extend(doc["items"])
        else:
            objects.append(doc)
    return objects


def _json_type(value) -> str:
    return {list: "array", str: "string", bool: "bool"}.get(type(value), "number")
