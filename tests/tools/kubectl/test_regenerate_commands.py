"""Reading a command's parts back from the real kubectl's ``--help`` (recorded in golden/), as the regenerator does."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.commands.golden import parse
from tools.kubectl.regenerate_commands import parse_options, split_help, typed_default

GOLDEN = Path(__file__).parents[2] / "commands" / "kubectl" / "golden"


def recorded_help(*path: str) -> str:
    return parse((GOLDEN / ("_".join([*path, "--help"]) + ".txt")).read_text())[2]


def test_root_help():
    parts = split_help(recorded_help(), {})
    assert parts["use"] == "kubectl [flags] [options]"
    assert parts["long"].startswith("kubectl controls the Kubernetes cluster manager.\n\n Find more information")
    assert [m for m, _ in parts["listing"]][-2:] == ["Subcommands provided by plugins:", "Other Commands:"]
    assert parts["listing"][0] == ["Basic Commands (Beginner):", ["create", "expose", "run", "set"]]


def test_aliases_then_subcommands():
    shorts: dict[str, str] = {}
    parts = split_help(recorded_help("create", "service"), shorts)
    assert (parts["aliases"], parts["example"], parts["long"]) == (["svc"], "",
                                                                   "Create a service using a specified subcommand.")
    assert parts["listing"] == [["Available Commands:", ["clusterip", "externalname", "loadbalancer", "nodeport"]]]
    assert shorts["nodeport"] == "Create a NodePort service"


def test_long_text_that_mentions_kubectl_commands():
    parts = split_help(recorded_help("get"), {})
    assert parts["long"].endswith('Use "kubectl api-resources" for a complete list of supported resources.')
    assert parts["example"].startswith("  # List all pods in ps output format\n  kubectl get pods\n  \n")
    assert {f["name"]: f["shown"] for f in parts["flags"]}["chunk-size"] == "500"
    assert parts["use"].endswith("TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]")


def test_options():
    flags = parse_options("    -o, --output='':\n\tOutput format.\n\n    --chunk-size=500:\n\tChunks.")
    assert flags == [{"name": "output", "short": "o", "shown": "", "string": True, "usage": "Output format."},
                     {"name": "chunk-size", "short": "", "shown": "500", "string": False, "usage": "Chunks."}]
    with pytest.raises(ValueError):
        parse_options("Usage:\n  kubectl get")


@pytest.mark.parametrize("kind, shown, value", [
    ("bool", "true", True), ("int", "-1", -1), ("duration", "1m0s", 60.0), ("go-duration", "5s", 5.0),
    ("strings", "[]", []), ("strings", "[localhost]", ["localhost"]), ("stringToString", "[]", {}),
    ("stringToString", "[a=b]", {"a": "b"}),
    ("mapStringString", "", {}), ("string", "'x'", "'x'"),
])
def test_typed_defaults(kind, shown, value):
    assert typed_default(kind, shown) == value
