"""pflag's parser with its own value types, table-driven as pflag's tests are: command line in, values or error out.

(docker's value types are in tests/commands/docker/test_docker_flags.py.)
"""

from __future__ import annotations

import pytest

from storagekit.commands.cli.flags import Flag, FlagError, FlagSet, def_value

FLAGS = (
    Flag("all", "bool", "Show all", short="A"),
    Flag("output", "string", "Output format", short="o"),
    Flag("grace-period", "int", "Seconds", default=-1),
    Flag("replicas", "int32", "How many", default=1),
    Flag("timeout", "duration", "How long", default=30.0),
    Flag("filename", "strings", "Files", short="f"),
    Flag("env", "stringArray", "Variables"),
    Flag("set-image", "stringToString", "Images"),
    Flag("address", "strings", "Addresses", default=["localhost"]),
    Flag("dry-run", "string", "Strategy", default="none", no_opt="unchanged"),
)


def parse(*argv: str, normalize=None):
    return FlagSet(FLAGS, normalize=normalize).parse(list(argv))


@pytest.mark.parametrize("argv, name, value", [
    ([], "grace-period", -1),
    (["--grace-period=0"], "grace-period", 0),
    (["--replicas", "3"], "replicas", 3),
    (["--timeout", "1m"], "timeout", 60.0),
    (["-f", "a.yaml,b.yaml", "-f", "c.yaml"], "filename", ["a.yaml", "b.yaml", "c.yaml"]),
    (["--env", "A=1,B=2", "--env", "C=3"], "env", ["A=1,B=2", "C=3"]),
    (["--set-image", "app=nginx:1", "--set-image=*=busybox,side=alpine"], "set-image",
     {"app": "nginx:1", "*": "busybox", "side": "alpine"}),
    (["--set-image", '"a=b"'], "set-image", {"a": "b"}),
    (["--set-image", "a=1,b"], "set-image", {"a": "1,b"}),  # one "=": pflag reads no list
    ([], "address", ["localhost"]),
    (["--address", "0.0.0.0"], "address", ["0.0.0.0"]),
    (["--dry-run"], "dry-run", "unchanged"),
    (["--dry-run=client"], "dry-run", "client"),
    (["-oyaml"], "output", "yaml"),
    (["-Ao", "json"], "output", "json"),
])
def test_values(argv, name, value):
    assert parse(*argv).values[name] == value


@pytest.mark.parametrize("argv, message", [
    (["--replicas=2147483648"],
     'invalid argument "2147483648" for "--replicas" flag: strconv.ParseInt: parsing "2147483648": value out of range'),
    (["--grace-period=1.5"],
     'invalid argument "1.5" for "--grace-period" flag: strconv.ParseInt: parsing "1.5": invalid syntax'),
    (["--set-image=x"], 'invalid argument "x" for "--set-image" flag: x must be formatted as key=value'),
    (["--set-image=a=1,b,c=2"], 'invalid argument "a=1,b,c=2" for "--set-image" flag: b must be formatted as key=value'),
    (["-f", '"a'], 'invalid argument "\\"a" for "-f, --filename" flag: parse error on line 1, column 3: '
                   'extraneous or missing " in quoted-field'),
    (["-A=maybe"], 'invalid argument "maybe" for "-A, --all" flag: strconv.ParseBool: parsing "maybe": invalid syntax'),
    (["--all_namespaces"], "unknown flag: --all_namespaces"),
    (["-o"], "flag needs an argument: 'o' in -o"),
    (["-Ao"], "flag needs an argument: 'o' in -o"),
])
def test_errors(argv, message):
    with pytest.raises(FlagError) as e:
        parse(*argv)
    assert str(e.value) == message


def test_normalized_names():
    """kubectl takes ``--grace_period`` for ``--grace-period``, and names the flag as typed when it is unknown."""
    dashes = lambda name: name.replace("_", "-")  # noqa: E731
    assert parse("--grace_period=5", normalize=dashes).values["grace-period"] == 5
    with pytest.raises(FlagError, match="unknown flag: --no_such"):
        parse("--no_such", normalize=dashes)


@pytest.mark.parametrize("name, shown", [
    ("all", "false"), ("output", ""), ("grace-period", "-1"), ("timeout", "30s"), ("filename", "[]"),
    ("address", "[localhost]"), ("set-image", "[]"), ("dry-run", "none"),
])
def test_def_value(name, shown):
    """The default as pflag keeps it for help (``Flag.DefValue``)."""
    assert def_value(next(f for f in FLAGS if f.name == name)) == shown
