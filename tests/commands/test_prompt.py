"""What a terminal shows: the prompt, lines that need another, here-documents as typed."""

from __future__ import annotations

import pytest

from storagekit import Cluster, DockerHost
from storagekit.commands.prompt import heredoc, needs_more, prompt, split_lines


def test_the_prompt_follows_the_working_directory():
    host = DockerHost()
    assert prompt(host) == "root@docker-host:~# "
    host.sh("mkdir -p /root/app && cd /root/app")
    assert prompt(host) == "root@docker-host:~/app# "
    host.sh("cd /tmp")
    assert prompt(host) == "root@docker-host:/tmp# "
    assert prompt(Cluster()) == "root@workstation:~# "


@pytest.mark.parametrize("text, more", [
    ("echo hi", False),
    ("echo \\", True),
    ("cat > f <<EOF", True),
    ("cat > f <<'EOF'\nhello", True),
    ("cat > f <<'EOF'\nhello\nEOF", False),
    ("cat > f <<-END\n\tx\nEND", False),
])
def test_needs_more(text, more):
    assert needs_more(text) is more


def test_split_lines_keeps_continued_lines_together():
    script = "cd /tmp\n\ncat > a <<EOF\none\nEOF\necho a \\\n  b\n"
    assert split_lines(script) == ["cd /tmp", "cat > a <<EOF\none\nEOF", "echo a \\\n  b"]


@pytest.mark.parametrize("text, line", [
    ("x = 1\n", "cat > f <<'EOF'\nx = 1\nEOF"),
    ("no newline", "cat > f <<'EOF'\nno newline\nEOF"),
    ("EOF\n", "cat > f <<'EOF_'\nEOF\nEOF_"),
    ("", "cat > f <<'EOF'\nEOF"),
])
def test_heredoc_writes_the_text_back(text, line):
    assert heredoc("cat > f", text) == line
    host = DockerHost()
    host.sh(line.replace("cat > f", "cat > /tmp/f", 1))
    assert host.read("/tmp/f").decode() == (text if text.endswith("\n") or not text else text + "\n")
