"""``storagekit shell``: lines from a pipe run on one host, in order, with the real tools' output."""

from __future__ import annotations

import io
import subprocess
import sys

from storagekit.__main__ import shell


def test_shell_runs_lines_and_heredocs_on_one_host():
    stdin = io.StringIO("cd /tmp\ncat > note <<EOF\nhello\nEOF\ncat note\nnope\n")
    stdout = io.StringIO()
    assert shell(stdin, stdout) == 127
    assert stdout.getvalue() == "hello\nbash: nope: command not found\n"


def test_module_entry_point():
    run = subprocess.run([sys.executable, "-m", "storagekit", "shell"], input="docker images\n", capture_output=True,
                         text=True)
    assert run.returncode == 0
    assert run.stdout.startswith("REPOSITORY   TAG       IMAGE ID")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_docker_run_it_nests_the_containers_prompt(monkeypatch):
    typed = iter(["docker pull -q busybox", "docker run -it busybox", "echo inside", "exit", "echo outside", "exit"])
    prompts: list[str] = []

    def fake_input(prompt: str) -> str:
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr("builtins.input", fake_input)
    stdout = io.StringIO()
    assert shell(_Terminal(), stdout) == 0
    assert prompts == ["root@docker-host:~# "] * 2 + ["/ # "] * 2 + ["root@docker-host:~# "] * 2
    assert stdout.getvalue().endswith("inside\noutside\n")


def test_exercises_list_and_show(capsys):
    from storagekit import exercises
    from storagekit.__main__ import main

    assert main(["exercises", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(exercises.EXERCISES)
    assert lines[0].split()[0] == next(iter(exercises.EXERCISES))
    assert main(["exercises", "show", "docker-volume-in-use", "--seed", "1"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("docker-volume-in-use: Remove a volume a container still holds\nrepair, docker, 2 points")
    assert exercises.get("docker-volume-in-use").parameters(1)["vol"] in shown
    assert main(["exercises", "show", "nope"]) == 2
    assert "no exercise 'nope'" in capsys.readouterr().err
