"""Flag parsing tables in the style of pflag's and docker/cli's own tests: command line in, values or error out."""

from __future__ import annotations

import pytest

from storagekit.commands.cli.flags import Flag, FlagError
from storagekit.commands.docker.command import HELP_FLAG
from storagekit.commands.docker.flags import DockerFlagSet

FLAGS = (
    Flag("all", "bool", "Show all", short="a"),
    Flag("quiet", "bool", "Only IDs", short="q"),
    Flag("rm", "bool", "Remove", default=True),
    Flag("tag", "list", "Name and optionally a tag", short="t"),
    Flag("cache-from", "strings", "Cache sources"),
    Flag("build-arg", "stringArray", "Build args"),
    Flag("filter", "filter", "Filter output", short="f"),
    Flag("tail", "int", "Number of lines", short="n"),
    Flag("timeout", "duration", "Timeout"),
    Flag("memory", "bytes", "Memory limit", short="m"),
    Flag("cpus", "decimal", "Number of CPUs"),
    Flag("weight", "uint16", "Weight"),
    Flag("label", "map", "Labels"),
    Flag("format", "string", "Format"),
    Flag("old", "bool", "Old flag", deprecated="use --new instead"),
    HELP_FLAG,
)


def parse(*argv: str, interspersed: bool = True):
    return DockerFlagSet(FLAGS, interspersed=interspersed).parse(list(argv))


@pytest.mark.parametrize("argv, name, value", [
    (["-a"], "all", True),
    (["--all"], "all", True),
    (["--all=false"], "all", False),
    (["-a=false"], "all", False),
    (["--all=T"], "all", True),
    (["--all=0"], "all", False),
    (["--rm=false"], "rm", False),
    ([], "rm", True),
    (["-t", "app:1"], "tag", ["app:1"]),
    (["-tapp:1"], "tag", ["app:1"]),
    (["-t=app:1"], "tag", ["app:1"]),
    (["--tag", "a", "--tag=b"], "tag", ["a", "b"]),
    (["--tag", "a,b"], "tag", ["a,b"]),
    (["--cache-from", "a,b", "--cache-from", "c"], "cache-from", ["a", "b", "c"]),
    (["--cache-from", '"x,y",z'], "cache-from", ["x,y", "z"]),
    (["--build-arg", "A=1,B=2", "--build-arg", "C"], "build-arg", ["A=1,B=2", "C"]),
    (["-f", "dangling=true", "--filter", " Label = a=b "], "filter", [("dangling", "true"), ("label", "a=b")]),
    (["-n", "10"], "tail", 10),
    (["-n10"], "tail", 10),
    (["--tail=0x10"], "tail", 16),
    (["--tail=-1"], "tail", -1),
    (["--tail", "010"], "tail", 8),
    (["--timeout", "1m30s"], "timeout", 90.0),
    (["--timeout=0"], "timeout", 0.0),
    (["--timeout", "1.5h"], "timeout", 5400.0),
    (["-m", "512m"], "memory", 512 * 1024 * 1024),
    (["-m", "1.5GiB"], "memory", int(1.5 * 1024**3)),
    (["-m", "100"], "memory", 100),
    (["--cpus", "1.5"], "cpus", 1.5),
    (["--cpus", "3/2"], "cpus", 1.5),
    (["--weight", "500"], "weight", 500),
    (["--label", "a=b", "--label", "c"], "label", {"a": "b", "c": ""}),
    (["--format", ""], "format", ""),
    (["--format", "--all"], "format", "--all"),
])
def test_values(argv, name, value):
    assert parse(*argv).values[name] == value


@pytest.mark.parametrize("argv, args", [
    (["a", "-q", "b"], ["a", "b"]),
    (["-aq", "x"], ["x"]),
    (["--", "-a", "--bogus"], ["-a", "--bogus"]),
    (["-", "x"], ["-", "x"]),
    (["", "-a"], [""]),
])
def test_positional_args(argv, args):
    assert parse(*argv).args == args


def test_combined_short_bools_then_value():
    st = parse("-aqt", "img")
    assert (st.values["all"], st.values["quiet"], st.values["tag"]) == (True, True, ["img"])
    assert parse("-aqtimg").values["tag"] == ["img"]


def test_not_interspersed_stops_at_first_positional():
    st = parse("-a", "alpine", "-q", "--bogus", interspersed=False)
    assert st.args == ["alpine", "-q", "--bogus"]
    assert st.values["all"] and not st.values["quiet"]


def test_changed_and_dash_position():
    st = parse("x", "--rm=true", "--", "y")
    assert st.changed == {"rm"}
    assert st.dash_at == 1


def test_deprecation_warnings():
    assert parse("--old").warnings == ["Flag --old has been deprecated, use --new instead\n"]
    assert parse("-h").warnings == ["Flag shorthand -h has been deprecated, use --help\n"]


@pytest.mark.parametrize("argv, message", [
    (["--foo"], "unknown flag: --foo"),
    (["--foo=1"], "unknown flag: --foo"),
    (["-x"], "unknown shorthand flag: 'x' in -x"),
    (["-aqx"], "unknown shorthand flag: 'x' in -x"),
    (["- "], "unknown shorthand flag: ' ' in - "),
    (["-\t"], "unknown shorthand flag: '\\t' in -\t"),
    (["--tag"], "flag needs an argument: --tag"),
    (["-t"], "flag needs an argument: 't' in -t"),
    (["-at"], "flag needs an argument: 't' in -t"),
    (["---x"], "bad flag syntax: ---x"),
    (["--=x"], "bad flag syntax: --=x"),
    (["-n", "abc"], 'invalid argument "abc" for "-n, --tail" flag: strconv.ParseInt: parsing "abc": invalid syntax'),
    (["--tail="], 'invalid argument "" for "-n, --tail" flag: strconv.ParseInt: parsing "": invalid syntax'),
    (["--tail", "99999999999999999999"],
     'invalid argument "99999999999999999999" for "-n, --tail" flag: strconv.ParseInt: parsing'
     ' "99999999999999999999": value out of range'),
    (["--all=maybe"], 'invalid argument "maybe" for "-a, --all" flag: strconv.ParseBool: parsing "maybe": invalid syntax'),
    (["--rm=yes"], 'invalid argument "yes" for "--rm" flag: strconv.ParseBool: parsing "yes": invalid syntax'),
    (["--help=x"], 'invalid argument "x" for "--help" flag: strconv.ParseBool: parsing "x": invalid syntax'),
    (["-f", "dangling"], 'invalid argument "dangling" for "-f, --filter" flag: bad format of filter (expected name=value)'),
    (["--timeout", "5"], 'invalid argument "5" for "--timeout" flag: time: missing unit in duration "5"'),
    (["--timeout", "5x"], 'invalid argument "5x" for "--timeout" flag: time: unknown unit "x" in duration "5x"'),
    (["--timeout", "abc"], 'invalid argument "abc" for "--timeout" flag: time: invalid duration "abc"'),
    (["-m", "1zz"], "invalid argument \"1zz\" for \"-m, --memory\" flag: invalid suffix: 'zz'"),
    (["-m", "abc"], "invalid argument \"abc\" for \"-m, --memory\" flag: invalid size: 'abc'"),
    (["-m", "1.2.3"], 'invalid argument "1.2.3" for "-m, --memory" flag: strconv.ParseFloat: parsing "1.2.3": invalid syntax'),
    (["--cpus", "x"], 'invalid argument "x" for "--cpus" flag: failed to parse x as a rational number'),
    (["--weight", "70000"],
     'invalid argument "70000" for "--weight" flag: strconv.ParseUint: parsing "70000": value out of range'),
    (["--weight", "-1"], 'invalid argument "-1" for "--weight" flag: strconv.ParseUint: parsing "-1": invalid syntax'),
    (["--format", 'a"b\n', "--tail", 'x"\n'],
     'invalid argument "x\\"\\n" for "-n, --tail" flag: strconv.ParseInt: parsing "x\\"\\n": invalid syntax'),
])
def test_errors(argv, message):
    with pytest.raises(FlagError) as e:
        parse(*argv)
    assert str(e.value) == message
