"""kubectl's command tree from commands.json, and the value types kubectl adds to pflag's."""

from __future__ import annotations

import pytest

from storagekit.commands.cli.flags import Flag, FlagError
from storagekit.commands.kubectl.command import KubectlFlagSet, shown_default, tree

KLOG = (Flag("v", "level", "log level", short="v"), Flag("vmodule", "vmodule", "per file"),
        Flag("log-flush-frequency", "go-duration", "flushes", default=5.0),
        Flag("aggregation-rule", "mapStringString", "labels"))


@pytest.mark.parametrize("argv, name, value", [
    (["-v", "6"], "v", 6), (["--v=-1"], "v", -1), (["--vmodule=a=1,b*=2,"], "vmodule", "a=1,b*=2,"),
    (["--log-flush-frequency=1m"], "log-flush-frequency", 60.0),
    (["--aggregation-rule", " a = 1 ,b=2"], "aggregation-rule", {"a": "1", "b": "2"}),
    (["--aggregation-rule=a=1", "--aggregation-rule=b=2"], "aggregation-rule", {"a": "1", "b": "2"}),
    (["--log_flush_frequency=2s"], "log-flush-frequency", 2.0),
])
def test_values(argv, name, value):
    assert KubectlFlagSet(KLOG).parse(argv).values[name] == value


@pytest.mark.parametrize("argv, message", [
    (["-v=0x1"], 'invalid argument "0x1" for "-v, --v" flag: strconv.ParseInt: parsing "0x1": invalid syntax'),
    (["--vmodule=x"], 'invalid argument "x" for "--vmodule" flag: syntax error: expect comma-separated list of '
                      "filename=N"),
    (["--vmodule=a=b"], 'invalid argument "a=b" for "--vmodule" flag: syntax error: expect comma-separated list of '
                        "filename=N"),
    (["--vmodule=a=-1"], 'invalid argument "a=-1" for "--vmodule" flag: negative value for vmodule level'),
    (["--log-flush-frequency=5"], 'invalid argument "5" for "--log-flush-frequency" flag: parse error'),
    (["--aggregation-rule=a"], 'invalid argument "a" for "--aggregation-rule" flag: malformed pair, expect '
                               "string=string"),
])
def test_errors(argv, message):
    with pytest.raises(FlagError) as e:
        KubectlFlagSet(KLOG).parse(argv)
    assert str(e.value) == message


def test_tree():
    root = tree()
    assert root.descendant(["create", "cm"]).path == ("create", "configmap")
    assert root.descendant(["top", "po"]).path == ("top", "pod")
    scale = root.descendant(["scale"])
    assert scale.required == ("replicas",)
    assert next(f for f in scale.all_flags() if f.name == "record").hidden
    assert root.descendant(["rollout"]).subcommands_only == "help-stdout:1:no-args"
    assert root.descendant(["diff"]).flag_error_status == 2
    assert [f.name for f in root.descendant(["config", "view"]).inherited()][:1] == ["kubeconfig"]
    assert len([c for c in root.children if c.available]) == 43  # the 42 of the root's help, and options


@pytest.mark.parametrize("path, name, shown", [
    (["get"], "output", "''"), (["get"], "chunk-size", "500"), (["wait"], "timeout", "30s"),
    (["port-forward"], "address", "[localhost]"), ([], "log-flush-frequency", "5s"), ([], "vmodule", ""),
    (["create", "clusterrole"], "aggregation-rule", ""), (["delete"], "cascade", "'background'"),
])
def test_shown_defaults(path, name, shown):
    cmd = tree().descendant(path)
    flag = next(f for f in (*cmd.flags, *cmd.persistent) if f.name == name)
    assert shown_default(flag) == shown
