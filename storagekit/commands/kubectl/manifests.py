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
                value = _decode(doc)
            except AliasError as exc:
                raise ManifestError(f"error parsing {source}: error converting YAML to JSON: yaml: {exc}") from None
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
        if str(doc.get("kind") or "").endswith("List") and isinstance(doc.get("items"), list):
            objects.extend(doc["items"])
        else:
            objects.append(doc)
    return objects


class AliasError(Exception):
    """go-yaml's refusal of a document whose aliases expand too far, or into themselves."""


ALIAS_RATIO_RANGE = (400_000, 4_000_000)
"""go-yaml's decoder allows 99% of its decode operations to come from aliases up to the first count, 10% from the
second, and scales between them."""


def _allowed_alias_ratio(decodes: int) -> float:
    low, high = ALIAS_RATIO_RANGE
    if decodes <= low:
        return 0.99
    if decodes >= high:
        return 0.10
    return 0.99 - 0.89 * (decodes - low) / (high - low)


def _decode(doc: str):
    """One YAML document, refused as go-yaml refuses it when aliases would expand it past its budget (a
    billion-laughs file), before anything is built from it."""
    loader = LOADER(doc)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "*" in doc:  # no alias without one
            _count_aliases(node, doc)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _count_aliases(root: yaml.Node, doc: str) -> None:
    """go-yaml's ``unmarshal`` count: every node decoded, and those decoded through an alias (a node met again is
    one); stops as soon as the ratio is exceeded, so the walk costs no more than the budget."""
    decodes = aliased = 0
    defined: set[int] = set()
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool, bool]] = [(root, False, False)]
    while stack:
        node, through_alias, leaving = stack.pop()
        if leaving:
            open_.discard(id(node))
            continue
        if id(node) in open_:
            anchor = re.match(r"&([^\s,\[\]{}]+)", doc[node.start_mark.index:] if node.start_mark else "")
            raise AliasError(f"anchor '{anchor.group(1) if anchor else ''}' value contains itself")
        again = id(node) in defined
        inside = through_alias or again
        decodes += 1
        aliased += inside
        if aliased > 100 and decodes > 1000 and aliased / decodes > _allowed_alias_ratio(decodes):
            raise AliasError("document contains excessive aliasing")
        defined.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            continue
        open_.add(id(node))
        stack.append((node, inside, True))
        stack.extend((child, inside, False) for child in reversed(children))


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
