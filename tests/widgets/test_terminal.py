"""The terminal: lines typed, continued, recalled; each one a step of the lab's history."""

from __future__ import annotations

import pytest

from storagekit import Cluster
from storagekit.widgets import TerminalLab


@pytest.fixture
def lab():
    return TerminalLab()


def test_a_line_runs_and_is_printed_after_its_prompt(lab):
    lab.terminal.type("cd /tmp")
    lab.terminal.type("echo hello")
    assert lab.terminal.scrollback == (
        '<span class="sk-line"><span class="sk-prompt">root@docker-host:~# </span>cd /tmp</span>\n'
        '<span class="sk-line"><span class="sk-prompt">root@docker-host:/tmp# </span>echo hello</span>\nhello\n')
    assert lab.terminal.prompt == "root@docker-host:/tmp# "
    assert lab.terminal.history == ["cd /tmp", "echo hello"]


def test_a_heredoc_waits_for_its_end_marker(lab):
    lab.terminal.type("cat > /tmp/note <<EOF")
    assert lab.terminal.prompt == "> " and len(lab.history) == 1
    lab.terminal.type("hello")
    lab.terminal.type("EOF")
    assert lab.target.read("/tmp/note") == b"hello\n"
    assert lab.history.current.label == "cat > /tmp/note <<EOF\nhello\nEOF"
    assert lab.terminal.history == []  # only one-line commands are recalled with the arrow keys


def test_errors_are_marked_and_repeated_lines_recalled_once(lab):
    lab.terminal.type("docker volume rm nope")
    lab.terminal.type("docker volume rm nope")
    assert '<span class="sk-err">Error response from daemon: get nope: no such volume\n</span>' \
        in lab.terminal.scrollback
    assert lab.terminal.history == ["docker volume rm nope"]


def test_an_empty_line_prints_a_new_prompt_and_records_nothing(lab):
    lab.terminal.type("")
    assert lab.terminal.scrollback == '<span class="sk-line"><span class="sk-prompt">root@docker-host:~# </span></span>\n'
    assert len(lab.history) == 1


def test_undo_takes_back_the_command_and_its_scrollback(lab):
    lab.terminal.type("docker volume create data")
    lab.undo_button.click()
    assert lab.target.sh("docker volume ls -q").out == ""
    assert lab.terminal.scrollback == ""


def test_a_cluster_terminal_draws_the_cluster():
    lab = TerminalLab(Cluster.kind())
    assert lab.picture.options == ("Volumes and claims", "Pods and their volumes")
    lab.terminal.type("kubectl get storageclass")
    assert "standard (default)" in lab.terminal.scrollback
    assert lab.terminal.prompt == "root@workstation:~# "


def test_the_front_end_message_runs_a_line(lab):
    lab.terminal._handle_custom_msg({"type": "run", "line": "echo hi"}, [])
    lab.terminal._handle_custom_msg({"type": "other"}, [])
    assert lab.terminal.scrollback.endswith("echo hi</span>\nhi\n")
