"""What a terminal shows around the lines it runs: bash's prompt, and when a typed line is not finished yet.

``storagekit shell``, the notebook magics and the labs' terminal all print a
transcript the way a terminal on the simulated machine would, so they share
these two rules.
"""

from __future__ import annotations

import re

HOME = "/root"
_HEREDOC = re.compile(r"<<-?\s*['\"]?(\w+)['\"]?")


def prompt(target) -> str:
    """Debian's default root prompt (``\\u@\\h:\\w\\$``) on a host or a cluster's workstation:
    ``root@docker-host:~/app# ``."""
    cwd = target.shell.cwd
    shown = "~" + cwd[len(HOME):] if cwd == HOME or cwd.startswith(HOME + "/") else cwd
    return f"root@{target.hostname}:{shown}# "


def needs_more(text: str) -> bool:
    """Whether bash would wait for another line: a trailing backslash, or a here-document whose end marker
    has not been typed yet."""
    if text.rstrip().endswith("\\"):
        return True
    m = _HEREDOC.search(text)
    if not m:
        return False
    return not any(line.strip() == m.group(1) for line in text.split("\n")[1:])


def split_lines(script: str) -> list[str]:
    """The command lines of ``script`` as a terminal would take them, one prompt each: continued lines and
    here-documents stay with the line that opened them; blank lines are dropped."""
    commands: list[str] = []
    pending = ""
    for line in script.split("\n"):
        pending = f"{pending}\n{line}" if pending else line
        if not needs_more(pending):
            if pending.strip():
                commands.append(pending)
            pending = ""
    if pending.strip():
        commands.append(pending)
    return commands


def heredoc(command: str, text: str) -> str:
    """``command`` fed ``text`` by a quoted here-document, as a learner would type it at the prompt. The text
    arrives with a final newline (a here-document always ends with one); the end marker is one the text does
    not contain."""
    marker = "EOF"
    while any(line == marker for line in text.split("\n")):
        marker += "_"
    body = text if text.endswith("\n") or not text else text + "\n"
    return f"{command} <<'{marker}'\n{body}{marker}"
