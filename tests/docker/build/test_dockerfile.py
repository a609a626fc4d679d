"""Dockerfile checks in BuildKit's words, and BuildKit's word expansion."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storagekit.docker.build.dockerfile import DockerfileError, ExpandError, expand, parse
from storagekit.docker.build.progress import SourceExcerpt, excerpt

ERRORS = [
    ("FROM ubuntu\nFOO bar\n", 2, "dockerfile parse error on line 2: unknown instruction: FOO (did you mean FROM?)"),
    ("FROM ubuntu\nPRINT x\n", 2, "dockerfile parse error on line 2: unknown instruction: PRINT"),
    ("FROM ubuntu\nRUNN echo\n", 2, "dockerfile parse error on line 2: unknown instruction: RUNN (did you mean RUN?)"),
    ("FROM ubuntu\ncopyy a b\n", 2,
     "dockerfile parse error on line 2: unknown instruction: copyy (did you mean copy?)"),
    ("FROM a b\n", 1, "dockerfile parse error on line 1: FROM requires either one or three arguments"),
    ("FROM a AS 1st\n", 1, 'dockerfile parse error on line 1: invalid name for build stage: "1st", name can\'t start '
                           'with a number or contain symbols'),
    ("FROM a\nCOPY onlyone\n", 2, "dockerfile parse error on line 2: COPY requires at least two arguments, but only "
                                  "one was provided. Destination could not be determined"),
    ("FROM a\nWORKDIR\n", 2, "dockerfile parse error on line 2: WORKDIR requires exactly one argument"),
    ("FROM a\nEXPOSE\n", 2, "dockerfile parse error on line 2: EXPOSE requires at least one argument"),
    ("FROM a\nSHELL /bin/bash -c\n", 2, "dockerfile parse error on line 2: SHELL requires the arguments to be in JSON "
                                        "form"),
    ("FROM a\nCOPY --bogus=1 a b\n", 2, "dockerfile parse error on line 2: unknown flag: bogus"),
    ("FROM a\nONBUILD ONBUILD RUN x\n", 2, "dockerfile parse error on line 2: Chaining ONBUILD via `ONBUILD ONBUILD` "
                                           "isn't allowed"),
    ("FROM a\nHEALTHCHECK FOO x\n", 2, 'dockerfile parse error on line 2: Unknown type "FOO" in HEALTHCHECK (try CMD)'),
    ("RUN echo hi\n", 1, "dockerfile parse error on line 1: no build stage in current context"),
]


@pytest.mark.parametrize("text,line,message", ERRORS, ids=[e[2].split(": ", 1)[-1][:40] for e in ERRORS])
def test_parse_errors(text, line, message):
    with pytest.raises(DockerfileError) as info:
        parse(text)
    assert info.value.message == message
    assert info.value.line == line


def test_continuations_heredocs_and_json_forms():
    ins = parse('FROM ubuntu:22.04 AS base\nRUN apt-get update && \\\n    apt-get install -y curl\n'
                'CMD ["python3", "app.py"]\nRUN <<EOF\necho hi\nEOF\n')
    assert [i.cmd for i in ins] == ["FROM", "RUN", "CMD", "RUN"]
    assert (ins[1].line, ins[1].end_line) == (2, 3)
    assert ins[2].json and ins[2].args == ["python3", "app.py"]
    assert ins[3].heredocs == [("EOF", "echo hi\n")]


@pytest.mark.parametrize("word,env,expected", [
    ("$A", {"A": "1"}, "1"),
    ("${A}b", {"A": "1"}, "1b"),
    ("${A:-def}", {}, "def"),
    ("${A:-def}", {"A": ""}, "def"),
    ("${A-def}", {"A": ""}, ""),
    ("${A:+set}", {"A": "x"}, "set"),
    ("${A:+set}", {}, ""),
    ("'$A'", {"A": "1"}, "$A"),
    ('"$A b"', {"A": "1"}, "1 b"),
    ("\\$A", {"A": "1"}, "$A"),
    ("/opt/$APP/bin", {"APP": "web"}, "/opt/web/bin"),
])
def test_expand(word, env, expected):
    assert expand(word, env) == expected


def test_excerpt_matches_buildkit_layout():
    text = "FROM ubuntu\nRUN apt-get update\nRUN foo\nCOPY . /app\n"
    assert excerpt(SourceExcerpt("Dockerfile", text, 3, 3)) == (
        "Dockerfile:3\n--------------------\n"
        "   1 |     FROM ubuntu\n   2 |     RUN apt-get update\n   3 | >>> RUN foo\n"
        "   4 |     COPY . /app\n   5 |     \n--------------------"
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("FROMRUNCOPYADDENVARG abc=$/{}[]\"'\\\n\t#:-.0@")), max_size=120))
def test_parse_never_crashes(text):
    try:
        parse(text)
    except DockerfileError as exc:
        assert exc.message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_expand_never_crashes(word):
    with contextlib.suppress(ExpandError):
        expand(word, {"A": "1"})
