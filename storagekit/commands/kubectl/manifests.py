"""Reading ``kubectl apply -f``'s input: YAML (several documents) or JSON, Lists unpacked, in kubectl's words.

kubectl converts each YAML document to JSON before decoding it, so a syntax
error reads ``error converting YAML to JSON: yaml: line N: ...`` with go-yaml's
wording and the line counted within that document. go-yaml is a port of
libyaml, so libyaml (PyYAML's C loader) finds the same problems in the same
words; go-yaml then numbers a scanner's problem by its line but a parser's by
the line before it (its well-known off-by-one), and names an unknown alias
without a line.
"""

from __future__ import annotations

import json
import re

import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PURE_WORDING = {
    "mapping values are not allowed here": "mapping values are not allowed in this context",
    "expected <block end>, but found '<block mapping start>'": "did not find expected key",
}
"""Where only PyYAML's pure-Python loader is installed, its words for the commonest problems in libyaml's."""


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
                value = yaml.load(doc, Loader=LOADER)
            except yaml.YAMLError as exc:
                raise ManifestError(f"error parsing {source}: error converting YAML to JSON: yaml: "
                                    f"{_go_yaml(exc, doc)}") \
                    from None
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


def _go_yaml(exc: yaml.YAMLError, doc: str) -> str:
    """go-yaml's ``parser.fail()`` message for the problem libyaml found in ``doc``."""
    problem = getattr(exc, "problem", None) or "unknown problem parsing YAML content"
    mark, context = getattr(exc, "problem_mark", None), getattr(exc, "context_mark", None)
    if isinstance(exc, yaml.composer.ComposerError) and problem.startswith("found undefined alias"):
        lines = doc.splitlines()
        text = lines[mark.line][mark.column:] if mark is not None and mark.line < len(lines) else ""
        alias = re.match(r"\*([^\s,\]}]+)", text)
        return f"unknown anchor '{alias.group(1) if alias else ''}' referenced"
    problem = PURE_WORDING.get(problem, problem)
    if mark is not None and mark.line:
        line = mark.line + 1 if isinstance(exc, yaml.scanner.ScannerError) else mark.line
    else:
        line = context.line if context is not None else 0
    return f"line {line}: {problem}" if line else problem


def _json_type(value) -> str:
    return {list: "array", str: "string", bool: "bool"}.get(type(value), "number")
