"""Go text/template semantics and error texts, in the table style of Go's exec_test.go.

Each case is (name, template, data, expected output) or, for failures, the
exact message docker prints.
"""
import pytest

from storagekit.commands.formats.gofuncs import HEADER_FUNCTIONS
from storagekit.commands.formats.gotemplate import Template, TemplateError, render


class Box:
    """A struct-like object: public attributes are fields, methods are callable."""

    __go_type__ = "*formatter.ContainerContext"

    def __init__(self):
        self.Names = "web"
        self.Labels = {"com.example.tier": "front", "owner": "ops"}
        self.Mounts = [{"Type": "volume", "Name": "data"}, {"Type": "bind", "Source": "/srv"}]
        self.Health = None
        self._secret = "hidden"

    def ID(self):
        return "4f66ad9a0b2e"

    def Label(self, name):
        return self.Labels.get(name, "")

    def Broken(self):
        raise ValueError("disk on fire")


T = {
    "True": True, "I": 17, "F": 1.5, "Zero": 0, "FloatZero": 0.0, "S": "xyz", "Empty": "",
    "SI": [3, 4, 5], "SIEmpty": [], "SB": [True, False], "SS": ["a", "b"],
    "MSI": {"one": 1, "two": 2, "three": 3}, "MSIone": {"one": 1}, "MSIEmpty": {},
    "MSS": {"k": "v"}, "MXI": {"set": 1, "unset": None},
    "U": {"V": "v"}, "Nested": {"A": {"B": {"C": "deep"}}}, "Box": Box(),
}

OK_CASES = [
    # Text and fields.
    ("empty", "", T, ""),
    ("text", "some text", T, "some text"),
    ("dot map", "{{.MSIone}}", T, "map[one:1]"),
    ("field int", "{{.I}}", T, "17"),
    ("field float", "{{.F}}", T, "1.5"),
    ("nested field", "{{.Nested.A.B.C}}", T, "deep"),
    ("lower-case map key", "{{.cause}}", {"cause": "neglect"}, "neglect"),
    ("missing map key", "{{.Nope}}", T, "<no value>"),
    ("missing nested key", "{{.Nope.Deeper}}", T, "<no value>"),
    ("nil map value", "{{.MXI.unset}}", T, "<no value>"),
    ("dollar", "{{$.I}}", T, "17"),
    ("slice", "{{.SI}}", T, "[3 4 5]"),
    ("bool slice", "{{.SB}}", T, "[true false]"),
    ("nil data", "{{.X}}", None, "<no value>"),
    ("string data", "this is a {{ . }}", "string", "this is a string"),
    # Objects.
    ("method", "{{.ID}}", Box(), "4f66ad9a0b2e"),
    ("attribute", "{{.Names}}", Box(), "web"),
    ("method with argument", '{{.Label "owner"}}', Box(), "ops"),
    ("method in pipeline", '{{"owner" | .Label}}', Box(), "ops"),
    ("nil pointer field", "{{.Health}}", Box(), "<nil>"),
    ("range over object list", "{{range .Mounts}}{{.Type}} {{end}}", Box(), "volume bind "),
    ("object in map", "{{.Box.Names}}", T, "web"),
    # Literals.
    ("string", '{{"hello"}}', T, "hello"),
    ("raw string", "{{`a\\nb`}}", T, "a\\nb"),
    ("escapes", '{{"a\\tb\\u00e9"}}', T, "a\tbé"),
    ("int", "{{42}}", T, "42"),
    ("negative", "{{-7}}", T, "-7"),
    ("hex", "{{0x1F}}", T, "31"),
    ("octal", "{{017}}", T, "15"),
    ("float", "{{1.5}}", T, "1.5"),
    ("float exponent", "{{1e6}}", T, "1e+06"),
    ("char", "{{'a'}}", T, "97"),
    ("bool", "{{true}} {{false}}", T, "true false"),
    # Trim markers and comments.
    ("trim left", "a  {{- .I}}", T, "a17"),
    ("trim right", "{{.I -}}  \n b", T, "17b"),
    ("trim both", "x \n{{- 3 -}}\n y", T, "x3y"),
    ("negative number is not a trim", "{{-3}}", T, "-3"),
    ("comment", "a{{/* note */}}b", T, "ab"),
    ("trimmed comment", "a {{- /* note */ -}} b", T, "ab"),
    # Pipelines, parentheses and variables.
    ("pipeline", '{{.S | printf "%s!"}}', T, "xyz!"),
    ("parens", "{{printf `%d %d` (1) (len .SI)}}", T, "1 3"),
    ("paren field", "{{(.U).V}}", T, "v"),
    ("declare", "{{$x := .I}}{{$x}}", T, "17"),
    ("assign", "{{$x := 1}}{{$x = 2}}{{$x}}", T, "2"),
    ("variable field", "{{$u := .U}}{{$u.V}}", T, "v"),
    ("dollar inside range", "{{range .SI}}{{$.I}}{{end}}", T, "171717"),
    # If / with / range.
    ("if true", "{{if true}}T{{end}}", T, "T"),
    ("if false else", "{{if false}}T{{else}}F{{end}}", T, "F"),
    ("if zero", "{{if 0}}T{{else}}F{{end}}", T, "F"),
    ("if float zero", "{{if .FloatZero}}T{{else}}F{{end}}", T, "F"),
    ("if empty string", "{{if ``}}T{{else}}F{{end}}", T, "F"),
    ("if empty slice", "{{if .SIEmpty}}T{{else}}F{{end}}", T, "F"),
    ("if map", "{{if .MSI}}T{{else}}F{{end}}", T, "T"),
    ("if missing key", "{{if .MXI.none}}T{{else}}F{{end}}", T, "F"),
    ("if object", "{{if .Box}}T{{end}}", T, "T"),
    ("else if", "{{if false}}1{{else if true}}2{{end}}", T, "2"),
    ("else if chain", "{{if eq 1 3}}1{{else if eq 2 3}}2{{else if eq 3 3}}3{{end}}", T, "3"),
    ("if variable scoping", "{{if $x := true}}{{with $x := .I}}{{$x}},{{end}}{{$x}}{{end}}", T, "17,true"),
    ("with", "{{with .U}}{{.V}}{{end}}", T, "v"),
    ("with else", "{{with .Empty}}{{.}}{{else}}none{{end}}", T, "none"),
    ("else with", "{{with .Empty}}a{{else with .S}}{{.}}{{end}}", T, "xyz"),
    ("range slice", "{{range .SI}}-{{.}}-{{end}}", T, "-3--4--5-"),
    ("range else", "{{range .SIEmpty}}x{{else}}EMPTY{{end}}", T, "EMPTY"),
    ("range map sorted", "{{range .MSI}}-{{.}}-{{end}}", T, "-1--3--2-"),
    ("range key value", "{{range $k, $v := .MSI}}{{$k}}={{$v}};{{end}}", T, "one=1;three=3;two=2;"),
    ("range index", "{{range $i, $e := .SS}}{{$i}}{{$e}}{{end}}", T, "0a1b"),
    ("range one var", "{{range $e := .SS}}<{{$e}}>{{end}}", T, "<a><b>"),
    ("range missing", "{{range .Nope}}x{{else}}none{{end}}", T, "none"),
    ("break", "{{range .SI}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}", T, "3"),
    ("continue", "{{range .SI}}{{if eq . 4}}{{continue}}{{end}}{{.}}{{end}}", T, "35"),
    # Builtins.
    ("print", "{{print 1 2 3}}", T, "1 2 3"),
    ("print strings", '{{print "a" 1 2 "b"}}', T, "a1 2b"),
    ("print nil", "{{print nil}}", T, "<nil>"),
    ("println", "{{println 1 2}}", T, "1 2\n"),
    ("printf hex", '{{printf "%04x" 127}}', T, "007f"),
    ("printf float", '{{printf "%g" 3.5}}', T, "3.5"),
    ("printf quoted", '{{printf "%q" .S}}', T, '"xyz"'),
    ("printf wrong verb", '{{printf "%d" .S}}', T, "%!d(string=xyz)"),
    ("printf missing", '{{printf "%s %s" .S}}', T, "xyz %!s(MISSING)"),
    ("printf as stage", '{{"aaa" | printf}}', T, "aaa"),
    ("html", '{{html "<b>\\"x\\"</b>"}}', T, "&lt;b&gt;&#34;x&#34;&lt;/b&gt;"),
    ("urlquery", '{{"http://www.example.org/" | urlquery}}', T, "http%3A%2F%2Fwww.example.org%2F"),
    ("not", "{{not true}} {{not false}}", T, "false true"),
    ("and", "{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}", T, "false 0 0 1"),
    ("or", "{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}", T, "0 1 true 1"),
    ("or default", '{{or .SIEmpty "slice is empty"}}', T, "slice is empty"),
    ("index slice", "{{index .SI 1}}", T, "4"),
    ("index map", '{{index .MSI "two"}}', T, "2"),
    ("index missing int", '{{index .MSI "XXX"}}', T, "0"),
    ("index missing string", '{{index .MSS "XXX"}}', T, ""),
    ("index dotted key", '{{index .Box.Labels "com.example.tier"}}', T, "front"),
    ("index twice", '{{index .Nested "A" "B" "C"}}', T, "deep"),
    ("index string byte", '{{index "abc" 1}}', T, "98"),
    ("slice", "{{slice .SI 1}} {{slice .SI 1 2}} {{slice .S 1}}", T, "[4 5] [4] yz"),
    ("len", "{{len .SI}} {{len .MSI}} {{len .S}} {{len \"é\"}}", T, "3 3 3 2"),
    ("eq", "{{eq .I 17}} {{eq .S \"xyz\"}} {{eq .I 1 2 17}}", T, "true true true"),
    ("eq missing", "{{eq .Nope nil}}", T, "true"),
    ("ne lt le gt ge", "{{ne 1 2}} {{lt 1 2}} {{le 2 2}} {{gt 1 2}} {{ge 2 3}}", T, "true true true false false"),
    ("lt strings", '{{lt "a" "b"}}', T, "true"),
    # docker/cli templates.
    ("json string", "{{json .Ports}}", {"Ports": "0.0.0.0:2->8/udp"}, '"0.0.0.0:2->8/udp"'),
    ("json map", "{{json .MSI}}", T, '{"one":1,"three":3,"two":2}'),
    ("json html not escaped", "{{json .}}", "<a&b>", '"<a&b>"'),
    ("json line separator", "{{json .}}", "a\u2028b", '"a\\u2028b"'),
    ("json control", "{{json .}}", "a\tb\x01", '"a\\tb\\u0001"'),
    ("json float", "{{json .}}", [1.0, 0.5, 1e21, 1e-7], "[1,0.5,1e+21,1e-7]"),
    ("json nan", "{{json .}}", float("nan"), ""),
    ("json nil", "{{json .Nope}}", T, "null"),
    ("json object", "{{json .U}}", T, '{"V":"v"}'),
    ("json struct fields", "{{json .}}", Box(), None),
    ("split join", '{{join (split . ":") "/"}}', "text:with:colon", "text/with/colon"),
    ("split empty sep", '{{split . ""}}', "abc", "[a b c]"),
    ("join list", '{{join .SS ", "}}', T, "a, b"),
    ("title", "{{title .}}", "hello wide-world_x", "Hello Wide-World_x"),
    ("lower upper", "{{lower .}} {{upper .}}", "MiXeD", "mixed MIXED"),
    ("pad", "{{pad . 3 3}}", "tupx5", "   tupx5   "),
    ("pad empty", "{{pad . 3 3}}", "", ""),
    ("truncate short", "{{truncate . 5}}", "tupx5xzf6hvsrhnruz5cr8gwp", "tupx5"),
    ("truncate exact", "{{truncate . 25}}", "tupx5xzf6hvsrhnruz5cr8gwp", "tupx5xzf6hvsrhnruz5cr8gwp"),
    ("truncate long", "{{truncate . 30}}", "tupx5xzf6hvsrhnruz5cr8gwp", "tupx5xzf6hvsrhnruz5cr8gwp"),
    ("docker inspect labels",
     "{{range $k, $v := .Labels}}{{$k}}={{$v}} {{end}}", Box(), "com.example.tier=front owner=ops "),
    ("docker inspect mounts",
     '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}}{{end}}{{end}}', Box(), "data"),
]


@pytest.mark.parametrize("name, text, data, expected", OK_CASES, ids=[c[0] for c in OK_CASES])
def test_execute(name, text, data, expected):
    out = render(text, data)
    if expected is None:  # json of an object: its public attributes, in order
        assert out.startswith('{"Names":"web","Labels":{"com.example.tier":"front","owner":"ops"}')
    else:
        assert out == expected


E = 'template parsing error: template: :'

ERROR_CASES = [
    # Parse errors.
    ("unclosed action", "{{.Foo", T, E[:-1] + ":1: unclosed action"),
    ("unclosed action on later line", "x\n{{.Foo", T, E[:-1] + ":2: unclosed action"),
    ("action spanning lines", "x\n{{.Foo\n", T, E[:-1] + ":3: unclosed action started at :2"),
    ("unclosed paren", "{{(.Foo}}", T, E[:-1] + ":1: unclosed left paren"),
    ("unexpected right paren", "{{.Foo)}}", T, E[:-1] + ":1: unexpected right paren"),
    ("undefined function", "{{foo .}}", T, E[:-1] + ':1: function "foo" not defined'),
    ("empty action", "{{}}", T, E[:-1] + ":1: missing value for command"),
    ("stray end", "{{end}}", T, E[:-1] + ":1: unexpected {{end}}"),
    ("stray else", "{{else}}", T, E[:-1] + ":1: unexpected {{else}}"),
    ("unterminated if", "{{if .X}}a", T, E[:-1] + ":1: unexpected EOF"),
    ("undefined variable", "{{$x}}", T, E[:-1] + ':1: undefined variable "$x"'),
    ("variable out of scope", "{{range .SI}}{{$x := 1}}{{end}}{{$x}}", T,
     E[:-1] + ':1: undefined variable "$x"'),
    ("bad character", "{{.a#}}", T, E[:-1] + ":1: bad character U+0023 '#'"),
    ("unexpected char", "{{#}}", T, E[:-1] + ':1: unexpected "#" in command'),
    ("bad number", "{{3k}}", T, E[:-1] + ':1: bad number syntax: "3k"'),
    ("octal overflow", "{{089}}", T, E[:-1] + ":1: integer overflow: 089"),
    ("unterminated string", '{{"abc}}', T, E[:-1] + ":1: unterminated quoted string"),
    ("unterminated raw string", "{{`abc}}", T, E[:-1] + ":1: unterminated raw quoted string"),
    ("bad escape", '{{"\\q"}}', T, E[:-1] + ":1: invalid syntax"),
    ("unclosed comment", "{{/* x", T, E[:-1] + ":1: unclosed comment"),
    ("comment then text", "{{/* x */ .X}}", T, E[:-1] + ":1: comment ends before closing delimiter"),
    ("literal in pipeline", "{{.X | 3}}", T, E[:-1] + ":1: non executable command in pipeline stage 2"),
    ("dot after literal", '{{"x".Y}}', T, E[:-1] + ':1: unexpected . after term "\\"x\\""'),
    ("break outside range", "{{break}}", T, E[:-1] + ":1: {{break}} outside {{range}}"),
    ("expected end", "{{range .SI}}{{else}}{{else}}{{end}}", T, E[:-1] + ":1: expected end; found {{else}}"),
    ("long token", "{{.X 1 2 3 abcdefghijklmnop)}}", T,
     E[:-1] + ':1: function "abcdefghijklmnop" not defined'),
    ("unexpected long string", '{{range "abcdefghijkl" := .X}}{{end}}', T,
     E[:-1] + ':1: unexpected ":=" in operand'),
    ("undefined before bad declare", "{{$x : 1}}", T, E[:-1] + ':1: undefined variable "$x"'),
    ("expected declare", "{{$x := 1}}{{$x : 1}}", T, E[:-1] + ":1: expected :="),
    ("too many declarations", "{{$a, $b := .X}}", T, E[:-1] + ":1: too many declarations in command"),
    ("unclosed action started earlier", "{{.A\n\n", T, E[:-1] + ":3: unclosed action started at :1"),
    # Execution errors.
    ("field of string", "{{.S.Foo}}", T,
     E + '1:4: executing "" at <.S.Foo>: can\'t evaluate field Foo in type string'),
    ("field of object", "{{.Foo}}", Box(),
     E + '1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext'),
    ("private attribute", "{{._secret}}", Box(),
     E + '1:2: executing "" at <._secret>: can\'t evaluate field _secret in type *formatter.ContainerContext'),
    ("field of nil pointer", "{{.Health.Status}}", Box(),
     E + '1:9: executing "" at <.Health.Status>: nil pointer evaluating interface {}.Status'),
    ("field of list", "{{.SI.Len}}", T,
     E + '1:5: executing "" at <.SI.Len>: can\'t evaluate field Len in type []int'),
    ("position on later line", "ab\ncd {{.S.X}}", T,
     E + '2:7: executing "" at <.S.X>: can\'t evaluate field X in type string'),
    ("map key with args", "{{.I 2}}", T,
     E + '1:2: executing "" at <.I>: I is not a method but has arguments'),
    ("non-function", "{{3 2}}", T,
     E + '1:2: executing "" at <3>: can\'t give argument to non-function 3'),
    ("variable as function", "{{$x := 1}}{{$x 2}}", T,
     E + '1:13: executing "" at <$x>: can\'t give argument to non-function $x'),
    ("nil command", "{{nil}}", T, E + '1:2: executing "" at <nil>: nil is not a command'),
    ("index out of range", "{{index .SI 10}}", T,
     E + '1:2: executing "" at <index .SI 10>: error calling index: index out of range: 10'),
    ("index wrong type", "{{index .SI `hello`}}", T,
     E + '1:2: executing "" at <index .SI `hello`>: error calling index: cannot index slice/array with type string'),
    ("index nil", "{{index nil 1}}", T,
     E + '1:2: executing "" at <index nil 1>: error calling index: index of untyped nil'),
    ("index map with int", "{{index .MSI 10}}", T,
     E + '1:2: executing "" at <index .MSI 10>: error calling index: value has type int; should be string'),
    ("len of int", "{{len 3}}", T, E + '1:2: executing "" at <len 3>: error calling len: len of type int'),
    ("eq mixed", "{{eq .F 1}}", T,
     E + '1:2: executing "" at <eq .F 1>: error calling eq: incompatible types for comparison: float64 and int'),
    ("eq missing argument", "{{eq 1}}", T,
     E + '1:2: executing "" at <eq 1>: error calling eq: missing argument for comparison'),
    ("lt slices", "{{lt .SI .SI}}", T,
     E + '1:2: executing "" at <lt .SI .SI>: error calling lt: invalid type for comparison'),
    ("wrong arg count", "{{truncate .S}}", T,
     E + '1:2: executing "" at <truncate>: wrong number of args for truncate: want 2 got 1'),
    ("variadic arg count", "{{printf}}", T,
     E + '1:2: executing "" at <printf>: wrong number of args for printf: want at least 1 got 0'),
    ("expected integer", '{{truncate .S "x"}}', T,
     E + '1:14: executing "" at <"x">: expected integer; found "x"'),
    ("expected string", "{{printf 5}}", T, E + '1:9: executing "" at <5>: expected string; found 5'),
    ("wrong type from field", "{{upper .I}}", T,
     E + '1:8: executing "" at <.I>: wrong type for value; expected string; got int'),
    ("wrong type from pipeline", "{{1 | printf}}", T,
     E + '1:6: executing "" at <printf>: wrong type for value; expected string; got int'),
    ("join of ints", '{{join .SI ","}}', T,
     E + '1:7: executing "" at <.SI>: wrong type for value; expected []string; got []int'),
    ("invalid value for string", "{{truncate . 5}}", None,
     E + '1:11: executing "" at <.>: invalid value; expected string'),
    ("negative pad", "{{pad .S -1 0}}", T,
     E + '1:2: executing "" at <pad .S -1 0>: error calling pad: strings: negative Repeat count'),
    ("range over string", "{{range .S}}{{end}}", T,
     E + '1:8: executing "" at <.S>: range can\'t iterate over xyz'),
    ("method raises", "{{.Broken}}", Box(),
     E + '1:2: executing "" at <.Broken>: error calling Broken: disk on fire'),
    ("attribute with args", "{{.Names 1}}", Box(),
     E + '1:2: executing "" at <.Names>: Names has arguments but cannot be invoked as function'),
    ("explicit nil chain", "{{(nil).X}}", T, E + '1:3: executing "" at <nil>: nil is not a command'),
]


@pytest.mark.parametrize("name, text, data, message", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_errors(name, text, data, message):
    with pytest.raises(TemplateError) as err:
        render(text, data)
    assert str(err.value) == message
    assert str(err.value) == "template parsing error: " + err.value.go_error


def test_parse_once_execute_many():
    tmpl = Template("{{.Name}}:{{.Size}}")
    assert [tmpl.execute({"Name": n, "Size": s}) for n, s in [("a", 1), ("b", 2)]] == ["a:1", "b:2"]


def test_partial_output_is_kept_on_error():
    with pytest.raises(TemplateError) as err:
        render("before {{.S.X}} after", T)
    assert err.value.partial == "before "


def test_extra_functions():
    tmpl = Template('{{shout .S "!"}}', funcs={"shout": lambda s, mark: s.upper() + mark})
    assert tmpl.execute(T) == "XYZ!"


def test_template_name_appears_in_errors():
    with pytest.raises(TemplateError) as err:
        Template("{{.S.X}}", name="output").execute(T)
    assert err.value.go_error == ('template: output:1:4: executing "output" at <.S.X>: '
                                  "can't evaluate field X in type string")


@pytest.mark.parametrize("text", [
    "{{ json .}}", '{{ split . ","}}', '{{ join . ","}}', "{{ title .}}", "{{ lower .}}",
    "{{ upper .}}", "{{ truncate . 2}}",
])
def test_header_functions_leave_titles_intact(text):
    assert Template(text).execute("hello world", HEADER_FUNCTIONS) == "hello world"
