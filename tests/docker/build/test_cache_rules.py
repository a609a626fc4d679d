"""The build cache's rules (BuildKit), one table row each: what changes, which steps run again."""

from __future__ import annotations

import pytest

SEED = """\
FROM tiny
RUN write /etc/packages python3 pip
RUN write /usr/lib/flask.py flask
COPY . /opt/source-code
ENTRYPOINT FLASK_APP=/opt/source-code/app.py flask run
"""


def build(bench, dockerfile: str, files: dict[str, str] | None = None, *, tag: str = "app", **options):
    outcome, image = bench.build(dockerfile, files, tag=tag, **options)
    assert not outcome.error, outcome.error
    return outcome, image


def statuses(outcome) -> list[str]:
    """``CACHED`` or ``RUN`` for each numbered step after FROM, in order."""
    return [("CACHED" if v.status == "CACHED" else "RUN") for v in outcome.vertices if v.name.startswith("[") and "/" in v.name.split("]")[0] and " FROM " not in v.name]


# (name, first context, change applied before the second build, expected statuses of RUN, RUN, COPY)
CASES = [
    ("unchanged rebuild is all cached", {"app.py": "print(1)\n"}, None, ["CACHED", "CACHED", "CACHED"]),
    ("new content re-runs COPY only", {"app.py": "print(1)\n"}, ("write", "app.py", "print(2)\n"), ["CACHED", "CACHED", "RUN"]),
    ("touch (mtime only) is a hit", {"app.py": "print(1)\n"}, ("touch", "app.py", None), ["CACHED", "CACHED", "CACHED"]),
    ("chmod re-runs COPY", {"app.py": "print(1)\n"}, ("chmod", "app.py", 0o755), ["CACHED", "CACHED", "RUN"]),
    ("a new file in the context re-runs COPY .", {"app.py": "print(1)\n"}, ("write", "extra.txt", "x"), ["CACHED", "CACHED", "RUN"]),
    ("an ignored file changes nothing", {"app.py": "print(1)\n", ".dockerignore": "*.log\n", "debug.log": "a"}, ("write", "debug.log", "b"), ["CACHED", "CACHED", "CACHED"]),
]


@pytest.mark.parametrize("name,files,change,expected", CASES, ids=[c[0] for c in CASES])
def test_context_changes(bench, name, files, change, expected):
    build(bench, SEED, files)
    if change is not None:
        op, path, arg = change
        full = f"/ctx/{path}"
        if op == "write":
            bench.write(full, arg)
        elif op == "touch":
            bench.clock.advance(3600)
            bench.fs.utime(full)
        elif op == "chmod":
            bench.fs.chmod(full, arg)
    outcome, _ = build(bench, SEED)
    assert statuses(outcome) == expected


def test_editing_the_dockerfile_inside_the_context_busts_copy_dot(bench):
    build(bench, SEED, {"app.py": "x"})
    outcome, _ = build(bench, SEED.replace("flask run", "flask run --debug"))
    assert statuses(outcome) == ["CACHED", "CACHED", "RUN"]


@pytest.mark.parametrize("old,new,expected", [
    ("python3 pip", "python3 python3-pip", ["RUN", "RUN", "RUN"]),
    ("/usr/lib/flask.py flask", "/usr/lib/flask.py flask2", ["CACHED", "RUN", "RUN"]),
])
def test_first_miss_rebuilds_every_later_step(bench, old, new, expected):
    build(bench, SEED, {"app.py": "x"})
    outcome, _ = build(bench, SEED.replace(old, new))
    assert statuses(outcome) == expected


def test_whitespace_in_run_text_is_a_miss(bench):
    build(bench, "FROM tiny\nRUN write /a x\n")
    outcome, _ = build(bench, "FROM tiny\nRUN write  /a x\n")
    assert statuses(outcome) == ["RUN"]


def test_older_cache_entries_are_reused(bench):
    build(bench, SEED, {"app.py": "one"})
    _, first = build(bench, SEED)
    build(bench, SEED, {"app.py": "two"})
    outcome, again = build(bench, SEED, {"app.py": "one"})
    assert statuses(outcome) == ["CACHED", "CACHED", "CACHED"]
    assert again.id == first.id


def test_no_cache_reruns_everything(bench):
    build(bench, SEED, {"app.py": "x"})
    outcome, _ = build(bench, SEED, no_cache=True)
    assert statuses(outcome) == ["RUN", "RUN", "RUN"]


def test_no_cache_filter_reruns_one_stage(bench):
    df = "FROM tiny AS deps\nRUN write /deps x\nFROM tiny AS app\nCOPY --from=deps /deps /deps\nRUN write /b y\n"
    build(bench, df)
    outcome, _ = build(bench, df, no_cache_filter={"app"})
    assert statuses(outcome) == ["CACHED", "RUN", "RUN"]


ARG_DF = "FROM tiny\nARG VERSION=1\nRUN write /a a\nENV GREETING=hello\nRUN write /b b\n"


def test_changed_build_arg_misses_at_first_use(bench):
    build(bench, ARG_DF)
    outcome, _ = build(bench, ARG_DF, build_args={"VERSION": "2"})
    assert statuses(outcome) == ["RUN", "RUN"]


def test_unchanged_build_arg_value_hits(bench):
    build(bench, ARG_DF, build_args={"VERSION": "2"})
    outcome, _ = build(bench, ARG_DF, build_args={"VERSION": "2"})
    assert statuses(outcome) == ["CACHED", "CACHED"]


def test_undeclared_proxy_args_do_not_touch_the_cache(bench):
    df = "FROM tiny\nRUN env HTTP_PROXY\n"
    build(bench, df)
    outcome, _ = build(bench, df, build_args={"HTTP_PROXY": "http://proxy:3128"})
    assert statuses(outcome) == ["CACHED"]


def test_metadata_lines_do_not_invalidate_later_run_in_buildkit(bench):
    build(bench, "FROM tiny\nLABEL a=1\nEXPOSE 80\nRUN write /a a\n")
    outcome, _ = build(bench, "FROM tiny\nLABEL a=2\nEXPOSE 8080\nRUN write /a a\n")
    assert statuses(outcome) == ["CACHED"]


def test_env_change_invalidates_later_run(bench):
    build(bench, "FROM tiny\nENV A=1\nRUN write /a a\n")
    outcome, _ = build(bench, "FROM tiny\nENV A=2\nRUN write /a a\n")
    assert statuses(outcome) == ["RUN"]


def test_workdir_and_user_are_part_of_run_keys(bench):
    build(bench, "FROM tiny\nWORKDIR /app\nRUN write /a a\n")
    outcome, _ = build(bench, "FROM tiny\nWORKDIR /srv\nRUN write /a a\n")
    assert statuses(outcome) == ["RUN", "RUN"]
