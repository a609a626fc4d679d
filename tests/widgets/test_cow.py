"""CowLab: each action in a running container, what docker diff and the writable layer say, and undo."""

from __future__ import annotations

import shlex

import pytest

from storagekit.widgets import CowLab
from storagekit.widgets.cow import exec_line
from tests.widgets.conftest import press_enter


@pytest.mark.parametrize("action, path, text, line", [
    ("read", "/etc/hostname", "", "docker exec web cat /etc/hostname"),
    ("append", "/etc/issue", "hello", "docker exec web sh -c 'echo hello >> /etc/issue'"),
    ("modify", "/etc/issue", "two words", "docker exec web sh -c \"echo 'two words' > /etc/issue\""),
    ("create", "/tmp/temp.txt", "x", "docker exec web sh -c 'echo x > /tmp/temp.txt'"),
    ("delete", "/etc/apt", "", "docker exec web rm -r /etc/apt"),
    ("chmod", "/etc/os-release", "600", "docker exec web chmod 600 /etc/os-release"),
    ("mv", "/etc/issue", "/tmp/issue", "docker exec web mv /etc/issue /tmp/issue"),
])
def test_exec_lines(action, path, text, line):
    assert exec_line("web", action, path, text) == line


def test_any_text_survives_the_quoting():
    line = exec_line("web", "append", "/etc/issue", "it's $HOME")
    assert shlex.split(line)[2:] == ["web", "sh", "-c", "echo 'it'\"'\"'s $HOME' >> /etc/issue"]


@pytest.fixture
def lab():
    return CowLab()


def do(lab, action, path, text=""):
    lab.path.value, lab.action_name.value, lab.argument.value = path, action, text
    lab.do_button.click()
    return lab._entries


def upper(lab):
    c = lab.target.engine.containers.resolve("web")
    return c


def test_the_container_runs_and_its_tree_is_listed(lab):
    assert lab.container.options == ("web",)
    assert "docker run -d --name web ubuntu:22.04 sleep infinity" in lab.transcript.value
    assert "os-release" in lab.entries.options and "apt/" in lab.entries.options


def test_picking_an_entry_sets_the_path_and_a_directory_opens(lab):
    lab.entries.value = "apt/"
    assert lab.path.value == "/etc/apt"
    lab.open_button.click()
    assert "sources.list" in lab.entries.options
    lab.up_button.click()
    assert lab.path.value == "/etc" and "apt/" in lab.entries.options


def test_chmod_copies_the_file_up(lab):
    entries = do(lab, "chmod", "/etc/os-release", "600")
    assert [line for _p, line, _r in entries] == ["docker exec web chmod 600 /etc/os-release", "docker diff web"]
    assert entries[1][2].out == "C /usr/lib/os-release\n"
    assert [(e.kind, e.subject) for e in lab.target.events.since(lab._since)] == [
        ("CopiedUp", "/usr"), ("CopiedUp", "/usr/lib"), ("CopiedUp", "/usr/lib/os-release")]
    assert "os-release" in lab.dot


def test_delete_leaves_a_whiteout_and_create_a_new_file(lab):
    do(lab, "delete", "/etc/issue")
    do(lab, "create", "/tmp/temp.txt", "some text")
    diff = lab._entries[1][2].out.splitlines()
    assert diff == ["C /etc", "D /etc/issue", "C /tmp", "A /tmp/temp.txt"]
    assert lab.target.sh("docker exec web cat /tmp/temp.txt").out == "some text\n"
    assert "temp.txt" in lab.dot


def test_read_changes_nothing(lab):
    entries = do(lab, "read", "/etc/hostname")
    assert entries[0][2].code == 0 and entries[1][2].out == ""


def test_a_refused_action_shows_the_containers_error(lab):
    entries = do(lab, "delete", "/no/such/file")
    assert entries[0][2].code == 1
    assert "rm: cannot remove '/no/such/file': No such file or directory" in entries[0][2].err
    assert '<span class="sk-err">' in lab.transcript.value


def test_undo_takes_the_change_back(lab):
    do(lab, "append", "/etc/issue", "hello")
    assert lab.target.sh("docker diff web").out
    lab.undo_button.click()
    assert lab.target.sh("docker diff web").out == ""
    assert "State 1 of 1" in lab.position.value


def test_enter_in_the_argument_runs_the_action(lab):
    lab.path.value, lab.action_name.value, lab.argument.value = "/etc/issue", "append", "more"
    press_enter(lab.argument)
    assert lab._entries[0][1] == "docker exec web sh -c 'echo more >> /etc/issue'"


def test_an_action_without_argument_disables_the_field(lab):
    lab.action_name.value = "delete"
    assert lab.argument.disabled
    lab.action_name.value = "mv"
    assert not lab.argument.disabled and lab.argument.placeholder == "new path"
