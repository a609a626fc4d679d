"""The record of the last build: each step's status, and the input that made the cache miss, one row each."""

from __future__ import annotations

import pytest

from tests.docker.build.test_cache_rules import SEED


def build(bench, dockerfile: str, files: dict[str, str] | None = None, *, tag: str = "app", **options):
    bench.build(dockerfile, files, tag=tag, **options)
    return bench.engine.last_build


def first_miss(record):
    step = record.first_miss
    return None if step is None else (step.name.split("]")[0] + "]", step.miss.input, step.miss.name)


# (case, first build, what changes before the second, second Dockerfile, expected first miss)
CASES = [
    ("unchanged rebuild", {}, None, SEED, None),
    ("a copied file changed", {}, ("write", "app.py", "print(2)\n"), SEED, ("[4/4]", "file", "app.py")),
    ("a new file in the context", {}, ("write", "extra.txt", "x"), SEED, ("[4/4]", "file", "extra.txt")),
    ("a file gone from the context", {"old.txt": "x"}, ("rm", "old.txt", None), SEED, ("[4/4]", "file", "old.txt")),
    ("chmod counts, touch does not", {}, ("chmod", "app.py", 0o755), SEED, ("[4/4]", "file", "app.py")),
    ("an instruction changed", {}, None, SEED.replace("python3 pip", "python3 pip curl"),
     ("[2/4]", "instruction", "")),
    ("an instruction inserted", {}, None, SEED.replace("COPY", "RUN write /x y\nCOPY").replace("/4]", "/5]"),
     ("[4/5]", "instruction", "")),
    ("an ENV value changed", {}, None, SEED.replace("FROM tiny\n", "FROM tiny\nENV MODE=dev\n"),
     ("[2/4]", "env", "MODE")),
]


@pytest.mark.parametrize("case,files,change,second,expected", CASES, ids=[c[0] for c in CASES])
def test_the_first_miss_names_what_changed(bench, case, files, change, second, expected):
    build(bench, SEED, {"app.py": "print(1)\n", **files})
    if change is not None:
        op, path, arg = change
        if op == "write":
            bench.write(f"/ctx/{path}", arg)
        elif op == "rm":
            bench.fs.unlink(f"/ctx/{path}")
        else:
            bench.fs.chmod(f"/ctx/{path}", arg)
    assert first_miss(build(bench, second)) == expected


def test_a_changed_file_is_named_with_both_checksums_and_the_result_not_reused(bench):
    build(bench, SEED, {"app.py": "print(1)\n"})
    old_copy = bench.engine.last_build.steps[-1]
    bench.write("/ctx/app.py", "print(2)\n")
    record = build(bench, SEED)
    miss = record.first_miss.miss
    assert (miss.before, miss.after) != ("", "") and miss.before != miss.after
    assert str(miss) == "app.py changed"
    assert miss.previous.key == old_copy.key and miss.previous.description == "COPY . /opt/source-code"


def test_steps_after_the_first_miss_ran_because_their_parent_did(bench):
    build(bench, SEED, {"app.py": "print(1)\n"})
    record = build(bench, SEED.replace("python3 pip", "python3"))
    assert [(s.status, s.miss.input if s.miss else "") for s in record.steps] == [
        ("DONE", ""), ("DONE", "instruction"), ("DONE", "parent"), ("DONE", "parent")]
    assert record.first_miss.miss.before == "RUN write /etc/packages python3 pip"
    assert record.first_miss.miss.after == "RUN write /etc/packages python3"


def test_a_build_argument_is_named_as_such(bench):
    dockerfile = "FROM tiny\nARG FLAVOUR=plain\nRUN write /flavour $FLAVOUR\n"
    build(bench, dockerfile)
    record = build(bench, dockerfile, build_args={"FLAVOUR": "spicy"})
    miss = record.first_miss.miss
    assert (miss.input, miss.name, miss.before, miss.after) == ("build-arg", "FLAVOUR", "plain", "spicy")


def test_the_first_build_has_nothing_to_compare_with(bench):
    record = build(bench, SEED, {"app.py": "print(1)\n"})
    assert first_miss(record) == ("[2/4]", "new", "tiny")
    assert record.first_miss.miss.previous is None


def test_no_cache_is_the_reason_for_every_step(bench):
    build(bench, SEED, {"app.py": "print(1)\n"})
    record = build(bench, SEED, no_cache=True)
    assert {s.miss.input for s in record.steps[1:]} == {"no-cache"}


def test_a_rebuilt_base_image_is_named_with_its_old_and_new_id(bench):
    build(bench, "FROM tiny\nRUN write /base 1\n", tag="base")
    old_base = bench.engine.images.resolve("base").id
    child = "FROM base\nRUN write /child 1\n"
    build(bench, child, tag="child")
    build(bench, "FROM tiny\nRUN write /base 2\n", tag="base")
    record = build(bench, child, tag="child")
    miss = record.first_miss.miss
    assert (miss.input, miss.name) == ("base", "base")
    assert (miss.before, miss.after) == (old_base, bench.engine.images.resolve("base").id)
    assert miss.previous.description == "RUN write /child 1"


def test_the_record_names_the_image_and_tags_or_the_error(bench):
    record = build(bench, SEED, {"app.py": "print(1)\n"})
    assert record.image_id == bench.engine.images.resolve("app").id
    assert record.tags == ("app:latest",) and record.error == ""
    failed = build(bench, "FROM tiny\nRUN write /a 1\nRUN fail 3\n")
    assert failed.image_id == "" and "exit code: 3" in failed.error
    assert [s.status for s in failed.steps] == ["DONE", "DONE", "ERROR"]
    assert failed.steps[-1].miss.input == "parent"


def test_a_multi_stage_copy_names_its_source_stage(bench):
    dockerfile = "FROM tiny AS build\nRUN write /hi.txt hi\nFROM tiny\nCOPY --from=build /hi.txt /hi.txt\n"
    build(bench, dockerfile)
    record = build(bench, dockerfile.replace("hi.txt hi", "hi.txt ho"))
    copy = record.steps[-1]
    assert copy.source_stage == "build" and copy.stage == "stage-1"
    assert (copy.miss.input, copy.miss.name) == ("file", "hi.txt")
