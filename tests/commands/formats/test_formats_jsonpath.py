"""kubectl JSONPath, case for case with client-go's jsonpath tests, plus kubectl's error wrapping."""
import contextlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storagekit.commands.formats.jsonpath import JSONPath, JSONPathError, kubectl_jsonpath

TYPES = {
    "bools": [True, False, True, False],
    "integers": [1, 2, 3, 4],
    "floats": [1.0, 2.2, 3.3, 4.0],
    "strings": ["one", "two", "three", "four"],
    "interfaces": [True, "one", 1, 1.1],
    "maps": [{"name": "one", "value": 1}, {"name": "two", "value": 2.02},
             {"name": "three", "value": 3.03}, {"name": "four", "value": 4.04}],
}

NODES = json.loads("""{
  "kind": "List",
  "items": [
    {"kind": "None",
     "metadata": {"name": "127.0.0.1", "labels": {"kubernetes.io/hostname": "127.0.0.1"}},
     "status": {"capacity": {"cpu": "4"}, "ready": true,
                "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.1"}]}},
    {"kind": "None",
     "metadata": {"name": "127.0.0.2", "labels": {"kubernetes.io/hostname": "127.0.0.2"}},
     "status": {"capacity": {"cpu": "8"}, "ready": false,
                "addresses": [{"type": "LegacyHostIP", "address": "127.0.0.2"},
                              {"type": "another", "address": "127.0.0.3"}]}}
  ],
  "users": [{"name": "myself", "user": {}},
            {"name": "e2e", "user": {"username": "admin", "password": "secret"}}]
}""")

PODS = {"spec": {"containers": [{"name": f"fake{i}", "image": "busybox"} for i in range(6)]}}

PVS = {"kind": "List", "items": [
    {"metadata": {"name": "pv-a"}, "spec": {"capacity": {"storage": "1Gi"}}, "status": {"phase": "Bound"}},
    {"metadata": {"name": "pv-b"}, "spec": {"capacity": {"storage": "5Gi"}}, "status": {"phase": "Available"}},
    {"metadata": {"name": "pv-c"}, "spec": {"capacity": {"storage": "2Gi"}}},
]}

CASES = [
    # name, template, data, expected
    ("bool slice", "{ .bools }", TYPES, "[true,false,true,false]"),
    ("bool index", "{ .bools[0] }", TYPES, "true"),
    ("bool last", "{ .bools[-1] }", TYPES, "false"),
    ("bool sub-slice", "{ .bools[0:2] }", TYPES, "true false"),
    ("bool step", "{ .bools[:4:2] }", TYPES, "true true"),
    ("integers", "{ .integers }", TYPES, "[1,2,3,4]"),
    ("integer from end", "{ .integers[-2] }", TYPES, "3"),
    ("integer step", "{ .integers[:4:2] }", TYPES, "1 3"),
    ("floats", "{ .floats }", TYPES, "[1,2.2,3.3,4]"),
    ("float index", "{ .floats[0] }", TYPES, "1"),
    ("float sub-slice", "{ .floats[:2] }", TYPES, "1 2.2"),
    ("strings", "{ .strings }", TYPES, '["one","two","three","four"]'),
    ("string step", "{ .strings[:4:2] }", TYPES, "one three"),
    ("interfaces", "{ .interfaces }", TYPES, '[true,"one",1,1.1]'),
    ("interface step", "{ .interfaces[:4:2] }", TYPES, "true 1"),
    ("map index", "{ .maps[0] }", TYPES, '{"name":"one","value":1}'),
    ("map odd step", "{ .maps[::2] }", TYPES, '{"name":"one","value":1} {"name":"three","value":3.03}'),
    ("map even step", "{ .maps[1::2] }", TYPES, '{"name":"two","value":2.02} {"name":"four","value":4.04}'),
    ("plain text", "hello jsonpath", None, "hello jsonpath"),
    ("recursive all", "{..}", [1, 2, 3], "[1,2,3]"),
    ("filter literal", "{[?(@<5)]}", [2, 6, 3, 7], "2 3"),
    ("quoted brace", '{"{"}', None, "{"),
    ("union", "{[1,3,4]}", [0, 1, 2, 3, 4], "1 3 4"),
    ("array", "{[0:2]}", ["Monday", "Tuesday"], "Monday Tuesday"),
    ("range items", "{range .items[*]}{.metadata.name}, {end}{.kind}", NODES, "127.0.0.1, 127.0.0.2, List"),
    ("range with quote", '{range .items[*]}{.metadata.name}{"\\t"}{end}', NODES, "127.0.0.1\t127.0.0.2\t"),
    ("nested wildcards", "{.items[*].status.addresses[*].address}", NODES, "127.0.0.1 127.0.0.2 127.0.0.3"),
    ("double range", "{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}", NODES,
     "127.0.0.1, 127.0.0.2, 127.0.0.3, "),
    ("item names", "{.items[*].metadata.name}", NODES, "127.0.0.1 127.0.0.2"),
    ("union of keys", "{.items[*]['metadata.name', 'status.capacity']}", NODES,
     '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}'),
    ("range capacity", "{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}", NODES,
     '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] '),
    ("filter equal", '{.users[?(@.name=="e2e")].user.password}', NODES, "secret"),
    ("escaped dot", "{.items[0].metadata.labels.kubernetes\\.io/hostname}", NODES, "127.0.0.1"),
    ("filter escaped key", '{.items[?(@.metadata.labels.kubernetes\\.io/hostname=="127.0.0.1")].kind}', NODES, "None"),
    ("filter recursive bool", "{.items[?(@..ready==true)].metadata.name}", NODES, "127.0.0.1"),
    ("recursive names sorted", "{..name}", NODES, "127.0.0.1 127.0.0.2 myself e2e"),
    ("bracket key", "{[0]['id']}", [{"id": "i1"}], "i1"),
    ("exists filter", "{[?(@.z)].id}", [{"id": "i1"}, {"id": "i2", "z": 1}, {"id": "i5", "z": 1}], "i2 i5"),
    ("wildcard fields", '{range .items[*]}{"{"}{@.status.capacity.*}{"} "}{end}', NODES, "{4} {8} "),
    ("first container", "{.spec.containers[0].name}", PODS, "fake0"),
    ("zero-length slice", "{.spec.containers[0:0].name}", PODS, ""),
    ("all but last", "{.spec.containers[0:-1].name}", PODS, "fake0 fake1 fake2 fake3 fake4"),
    ("last", "{.spec.containers[-1].name}", PODS, "fake5"),
    ("last one", "{.spec.containers[-1:].name}", PODS, "fake5"),
    ("last two", "{.spec.containers[-2:].name}", PODS, "fake4 fake5"),
    ("empty at end", "{.spec.containers[6:6].name}", PODS, ""),
    ("step 5", "{.spec.containers[0:6:5].name}", PODS, "fake0 fake5"),
    ("step 2 from 1", "{.spec.containers[1:4:2].name}", PODS, "fake1 fake3"),
    ("open step", "{.spec.containers[0:6:].name}", PODS, "fake0 fake1 fake2 fake3 fake4 fake5"),
    ("pv capacities", "{.items[*].spec.capacity.storage}", PVS, "1Gi 5Gi 2Gi"),
    ("one pv per line", '{range .items[*]}{.metadata.name}{"\\n"}{end}', PVS, "pv-a\npv-b\npv-c\n"),
    ("null prints as nil", "{.a}", {"a": None}, "<nil>"),
    ("json escapes html", "{.a}", {"a": {"k": "<b>"}}, '{"k":"\\u003cb\\u003e"}'),
]


@pytest.mark.parametrize("name, template, data, expected", CASES, ids=[c[0] for c in CASES])
def test_jsonpath(name, template, data, expected):
    assert JSONPath(template).execute(data) == expected


MISSING = [
    ("missing field", "{.hello}", NODES, ""),
    ("missing between text", "before-{.hello}after", NODES, "before-after"),
    ("empty range", "{range .items[*]}{.metadata.name}{end}", {"items": []}, ""),
    ("empty nested range",
     '{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}',
     {"items": []}, ""),
    ("filter tolerates missing", '{.items[?(@.status.phase=="Bound")].metadata.name}', PVS, "pv-a"),
    ("range over filtered",
     '{range .items[?(.status.phase=="Available")]}{.metadata.name}{" is Available\\n"}{end}', PVS,
     "pv-b is Available\n"),
]


@pytest.mark.parametrize("name, template, data, expected", MISSING, ids=[c[0] for c in MISSING])
def test_jsonpath_allowing_missing_keys(name, template, data, expected):
    assert JSONPath(template, allow_missing_keys=True).execute(data) == expected


def test_nested_ranges():
    data = {"items": [
        {"metadata": {"name": "pod1"}, "spec": {"containers": [
            {"name": "foo", "another": [{"name": "value1"}, {"name": "value2"}]},
            {"name": "bar", "another": [{"name": "value1"}, {"name": "value2"}]}]}},
        {"metadata": {"name": "pod2"}, "spec": {"containers": [
            {"name": "baz", "another": [{"name": "value1"}, {"name": "value2"}]}]}},
    ]}
    template = ('{range .items[*]}{.metadata.name}{"~"}{range @.spec.containers[*]}{.name}{":"}'
                '{range @.another[*]}{.name}{","}{end}{"+"}{end}{"#"}{end}')
    assert JSONPath(template).execute(data) == "pod1~foo:value1,value2,+bar:value1,value2,+#pod2~baz:value1,value2,+#"
    twice = ('{range .items[*]}{.metadata.name}{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}'
             '{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\\n"}{end}')
    assert JSONPath(twice).execute(data) == "pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n"


ERRORS = [
    ("invalid identifier", "{hello}", NODES, "unrecognized identifier hello"),
    ("nonexistent field", "{.hello}", NODES, "hello is not found"),
    ("index a map", "{.items[0].status.capacity[0]}", NODES, "map[string]string is not array or slice"),
    ("invalid operator", '{.users[?(@.name<>"x")]}', NODES, "unrecognized filter operator <>"),
    ("redundant end", "{range .items[*]}{@}{end}{end}", NODES, "not in range, nothing to end"),
    ("filter a map", "{.kind[?(@.x)]}", {"kind": {"a": 1}}, "map[a:1] is not array or slice and cannot be filtered"),
    ("out of bounds", "{.spec.containers[-7].name}", PODS, "array index out of bounds: index -1, length 6"),
    ("reversed", "{.spec.containers[3:1].name}", PODS, "starting index 3 is greater than ending index 1"),
    ("zero step", "{.spec.containers[0:6:0].name}", PODS, "step must be > 0"),
    ("negative step", "{.spec.containers[0:6:-1].name}", PODS, "step must be > 0"),
    ("missing in filter", '{.items[?(@.status.phase=="Bound")].metadata.name}', PVS, "status is not found"),
    ("compare mixed", "{[?(@.n<1.5)]}", [{"n": 1}], "incompatible types for comparison"),
    ("compare bools", "{[?(@.n<true)]}", [{"n": False}], "invalid type for comparison"),
    ("compare many", "{[?(@.a[*]==1)]}", [{"a": [1, 2]}], "can only compare one element at a time"),
    ("too much recursion", "{............Price}", NODES, "invalid multiple recursive descent"),
    ("unclosed action", "{.x", NODES, "unclosed action"),
    ("unterminated array", "{.x[0}", NODES, "unterminated array"),
    ("bad index", "{.x[a]}", NODES, "invalid array index a"),
    ("dash index", "{.x[-]}", NODES, "array index - is not a number"),
    ("unterminated filter", "{.x[?(@.a}", NODES, "unterminated filter"),
    ("filter without bracket", "{.x[?(@.a)}", NODES, "unclosed array expect ]"),
    ("unterminated quote", '{"abc}', NODES, "unterminated quoted string"),
    ("bad quote", '{"\\q"}', NODES, 'unquote string "\\q" error invalid syntax'),
    ("bad number", "{1.2.3}", NODES, "cannot parse number 1.2.3"),
    ("bad character", "{#}", NODES, "unrecognized character in action: U+0023 '#'"),
]


@pytest.mark.parametrize("name, template, data, message", ERRORS, ids=[c[0] for c in ERRORS])
def test_jsonpath_errors(name, template, data, message):
    with pytest.raises(JSONPathError) as err:
        JSONPath(template).execute(data)
    assert str(err.value) == message


def test_kubectl_parse_error():
    with pytest.raises(JSONPathError) as err:
        kubectl_jsonpath("{.metadata.name", PVS)
    assert str(err.value) == "error parsing jsonpath {.metadata.name, unclosed action"


def test_kubectl_execution_error_shows_the_object():
    with pytest.raises(JSONPathError) as err:
        kubectl_jsonpath("{.kind[0]}", {"kind": "List", "n": [1, None, 1.5]})
    assert str(err.value) == (
        'error executing jsonpath "{.kind[0]}": Error executing template: string is not array or slice. '
        "Printing more information for debugging the template:\n"
        "\ttemplate was:\n\t\t{.kind[0]}\n"
        '\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{"kind":"List", '
        '"n":[]interface {}{1, interface {}(nil), 1.5}}\n\n')


def test_kubectl_allows_missing_keys_by_default():
    assert kubectl_jsonpath("{.items[*].status.phase}", PVS) == "Bound Available"
    with pytest.raises(JSONPathError):
        kubectl_jsonpath("{.nope}", PVS, allow_missing_keys=False)


TOKENS = ["{", "}", "[", "]", "[?(", ")", "@", ".", "..", "*", "$", ":", "-1", "0", "2", ",", "'a'",
          '"x"', "==", "<", ">=", "!=", "range", "end", "true", "items", "metadata", "name", "\\",
          "\n", " ", "'", '"', "é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=20).map("".join), st.booleans())
def test_any_template_fails_only_with_jsonpath_error(template, allow):
    with contextlib.suppress(JSONPathError):
        JSONPath(template, allow).execute(PVS)
