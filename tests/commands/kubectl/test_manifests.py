"""Reading manifests: go-yaml's words and line numbers for broken YAML, kubectl's for what YAML cannot be."""

from __future__ import annotations

import pytest

from storagekit.commands.kubectl.manifests import ManifestError, load

HEAD = "apiVersion: v1\nkind: Pod\n"


@pytest.mark.parametrize("text, message", [
    # scanner problems are numbered by their own line
    (HEAD + "metadata:\n  name: a: b\n", "yaml: line 4: mapping values are not allowed in this context"),
    (HEAD + "metadata:\n\tname: a\n", "yaml: line 4: found character that cannot start any token"),
    (HEAD + "metadata\n  name: a\n", "yaml: line 4: could not find expected ':'"),
    ("apiVersion: v1\nkind: 'Pod\n", "yaml: line 3: found unexpected end of stream"),
    # parser problems by the line before theirs, as go-yaml counts them
    (HEAD + "metadata:\n  name: a\n labels: {}\n", "yaml: line 4: did not find expected key"),
    (HEAD + "spec:\n  containers:\n  - name: a\n   image: b\n", "yaml: line 5: did not find expected key"),
    (HEAD + "metadata: {name: a\n", "yaml: line 3: did not find expected ',' or '}'"),
    ("a: *b\n", "yaml: unknown anchor 'b' referenced"),
])
def test_broken_yaml_in_go_yamls_words(text, message):
    with pytest.raises(ManifestError) as err:
        load(text, "m.yaml")
    assert str(err.value) == f"error parsing m.yaml: error converting YAML to JSON: {message}"


def test_the_line_counts_within_the_document():
    with pytest.raises(ManifestError) as err:
        load("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n" + HEAD + "metadata:\n  name: a: b\n",
             "m.yaml")
    assert "yaml: line 5: mapping values" in str(err.value)  # the second document starts on the line after ---


@pytest.mark.parametrize("text, objects", [
    ("a: 1\n---\n---\nb: 2\n", [{"a": 1}, {"b": 2}]),
    ('{"kind": "List", "items": [{"kind": "Pod"}, {"kind": "Secret"}]}', [{"kind": "Pod"}, {"kind": "Secret"}]),
    ("kind: PodList\nitems:\n- kind: Pod\n", [{"kind": "Pod"}]),
])
def test_documents_and_lists(text, objects):
    assert load(text, "m.yaml") == objects


def test_a_document_that_is_not_an_object():
    with pytest.raises(ManifestError) as err:
        load("- a\n- b\n", "m.yaml")
    assert str(err.value) == ("error parsing m.yaml: error unmarshaling JSON: while decoding JSON: json: cannot "
                              "unmarshal "
                              "array into Go value of type map[string]interface {}")
