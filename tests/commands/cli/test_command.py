"""cobra's command tree: inherited flags, the automatic ``-h``, ``Find`` and "Did you mean this?"."""

from __future__ import annotations

import pytest

from storagekit.commands.cli.command import Command, find, levenshtein, strip_flags
from storagekit.commands.cli.flags import Flag, FlagSet


class Tool(Command):
    program = "tool"


def tree() -> Tool:
    root = Tool((), "tool", "", persistent=(Flag("namespace", "string", "Namespace", short="n"),
                                            Flag("kubeconfig", "string", "Config file")))
    get = Tool(("get",), "get TYPE", "Display resources", flags=(Flag("output", "string", "Format", short="o"),),
               suggest_for=("list", "ps"))
    create = Tool(("create",), "create -f FILE", "Create a resource", flags=(Flag("filename", "strings", "Files",
                                                                                  short="f"),))
    configmap = Tool(("create", "configmap"), "configmap NAME", "Create a config map", aliases=("cm",))
    config = Tool(("config",), "config SUBCOMMAND", "Modify kubeconfig files",
                  persistent=(Flag("kubeconfig", "string", "use a particular kubeconfig file"),))
    view = Tool(("config", "view"), "view", "Display kubeconfig settings",
                flags=(Flag("hostname", "string", "Host", short="h"),))
    hidden = Tool(("secret-command",), "secret-command", "Not listed", hidden=True)
    for parent, child in ((root, get), (root, create), (create, configmap), (root, config), (config, view),
                          (root, hidden)):
        child.parent = parent
        parent.children.append(child)
    return root


@pytest.mark.parametrize("argv, path, rest", [
    (["get", "pods"], ("get",), ["pods"]),
    (["-n", "x", "get", "pods"], ("get",), ["-n", "x", "pods"]),
    (["-n", "get", "get"], ("get",), ["-n", "get"]),  # the first "get" is the namespace
    (["--namespace=x", "get"], ("get",), ["--namespace=x"]),
    (["create", "cm", "a"], ("create", "configmap"), ["a"]),
    (["create", "-f", "cm", "cm"], ("create", "configmap"), ["-f", "cm"]),
    (["-h", "get"], (), ["-h", "get"]),  # no -h flag yet: cobra takes "get" for its value
    (["get", "--", "create"], ("get",), ["--", "create"]),
    (["--", "get"], (), ["--", "get"]),
    (["foo", "get"], (), ["foo", "get"]),
    (["-n"], (), ["-n"]),
])
def test_find(argv, path, rest):
    cmd, left = find(tree(), argv)
    assert (cmd.path, left) == (path, rest)


def test_strip_flags_stops_at_a_last_flag_without_its_value():
    fs = FlagSet(tree().all_flags(help_flag=False))
    assert strip_flags(["a", "-n"], fs) == ["a"]
    assert strip_flags(["a", "-n", "b", "c"], fs) == ["a", "c"]


def test_flags_a_command_accepts():
    root = tree()
    get = root.descendant(["get"])
    assert [f.name for f in get.all_flags()] == ["output", "namespace", "kubeconfig", "help"]
    assert next(f for f in get.all_flags() if f.name == "help") == Flag("help", "bool", "help for get", short="h")
    view = root.descendant(["config", "view"])
    kubeconfig = [f for f in view.all_flags() if f.name == "kubeconfig"]
    assert [f.usage for f in kubeconfig] == ["use a particular kubeconfig file"]  # the nearer persistent flag
    assert next(f for f in view.all_flags() if f.name == "help").short == ""  # -h is --hostname's here
    assert [f.name for f in root.all_flags(help_flag=False)] == ["namespace", "kubeconfig"]


def test_paths_and_lookup():
    root = tree()
    cm = root.descendant(("create", "cm"))
    assert (cm.name, cm.command_path, cm.use_line) == ("configmap", "tool create configmap",
                                                         "tool create configmap NAME")
    with pytest.raises(KeyError):
        root.descendant(["create", "secret"])


@pytest.mark.parametrize("typed, suggestions", [
    ("gett", ["get"]), ("GET", ["get"]), ("g", ["get"]), ("c", ["create", "config"]), ("crate", ["create"]),
    ("confg", ["config"]), ("list", ["get"]), ("PS", ["get"]), ("secret-comand", []), ("zzz", []),
])
def test_suggestions(typed, suggestions):
    assert tree().suggestions_for(typed) == suggestions


@pytest.mark.parametrize("a, b, distance", [
    ("", "", 0), ("get", "get", 0), ("gett", "get", 1), ("gte", "get", 2), ("set", "get", 1), ("kitten", "sitting", 3),
    ("é", "e", 2),  # cobra counts bytes
])
def test_levenshtein(a, b, distance):
    assert levenshtein(a, b) == distance


def test_name_padding_counts_hidden_siblings():
    root = tree()
    assert root.descendant(["get"]).name_padding == len("secret-command")
    assert root.descendant(["config", "view"]).name_padding == 11
