"""go-yaml's choice between a plain and a double-quoted string, checked against libyaml's emitter where they agree."""

from __future__ import annotations

import pytest
import yaml

from storagekit.commands.formats.goyaml import dump, scalar

EMITTER_CASES = ["-c", "-", "- a", "?x", ":x", "#a", "a:b", "key: v", "daemon off;", "1Gi", "", "a #b", "a#b", "x:",
                 "@a", "%a", "!a", "&a", "*a", "|a", ">a", "a|b", "[a", "]a", "{a", "}a", ",a", "a,b", "`a", "'a",
                 '"a', " lead", "trail ", "tab\there", "new\nline", "a b", "/path/x", "http://x.y/z", "-a-", "--",
                 "---", "...", "a?", "?", "? a", "daemon off;"]


@pytest.mark.parametrize("text", EMITTER_CASES)
def test_plain_where_libyamls_emitter_is_plain(text):
    """go-yaml is a port of libyaml: where no resolver question arises, both leave the same strings plain."""
    reference = yaml.dump(text, Dumper=getattr(yaml, "CDumper", yaml.Dumper), width=1000)
    assert (not reference.startswith(("'", '"'))) == (not scalar(text).startswith('"'))


@pytest.mark.parametrize("text, shown", [
    ("y", '"y"'), ("no", '"no"'), ("on", '"on"'), ("1e3", '"1e3"'), ("0o17", '"0o17"'), ("1_000", '"1_000"'),
    ("0b101", '"0b101"'), ("0x1F", '"0x1F"'), ("10", '"10"'), ("-1", '"-1"'), ("2024-01-05", '"2024-01-05"'),
    ("<<", '"<<"'), ("12:30", "12:30"), ("=", "="), ("1Gi", "1Gi"), ("~", '"~"'), ("null", '"null"'),
])
def test_what_go_yaml_resolves_to_another_type_is_quoted(text, shown):
    assert scalar(text) == shown


def test_a_container_command_list():
    assert dump({"command": ["sh", "-c", "echo hi > /data/f"]}) == "command:\n- sh\n- -c\n- echo hi > /data/f\n"
