"""A terminal inside a container: what ``docker run -it`` and ``docker exec -it`` open when the learner's input is
a terminal (``storagekit shell`` on a real one).

The container's shell then reads the lines typed at its own prompt (BusyBox
ash's ``/ # ``, bash's ``root@<id>:/# ``) until ``exit``, which returns to the
host's prompt: for ``run`` the container's main process ends with that status
(the container shows Exited), for ``exec`` only that process does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from storagekit.commands.host import Result
from storagekit.commands.runner import interactive_shell
from storagekit.docker.lifecycle import container_env
from storagekit.sim.serial import lock_of

_EXIT = re.compile(r"\s*(exit|logout)(\s+(\d+))?\s*")


class TerminalSession:
    """The container's shell, kept between the lines typed at its prompt."""

    def __init__(self, host, container, argv: list[str], *, main: bool, workdir: str = "", env: Sequence[str] = (),
                 user: str = "") -> None:
        self.host, self.container, self.main = host, container, main
        engine = host.engine
        self.shell = interactive_shell(engine.container_fs(container), argv,
                                       cwd=workdir or container.config.get("WorkingDir") or "/",
                                       env=container_env(container, list(env), tty=True),
                                       user=user or container.config.get("User", ""), clock=host.clock)
        self.status = 0

    def prompt(self) -> str:
        """The shell's default prompt for root (a container's user is root unless it says otherwise)."""
        cwd = self.shell.cwd
        if self.shell.dialect == "bash":
            shown = "~" + cwd[len("/root"):] if cwd == "/root" or cwd.startswith("/root/") else cwd
            return f"{self.shell.user}@{self.container.config['Hostname']}:{shown}# "
        return f"{cwd} # " if self.shell.dialect == "ash" else "# "

    def run(self, line: str) -> Result | None:
        """One typed line; None once it was ``exit``, after which the session is over (one line at a time on the
        host, as its own prompt's lines are)."""
        with lock_of(self.host):
            return self._run(line)

    def _run(self, line: str) -> Result | None:
        self.host.time_passes(1)
        ending = _EXIT.fullmatch(line)
        if ending:
            self.status = int(ending.group(3)) if ending.group(3) else self.status
            if self.main and self.container.running:
                self.host.engine.process_ended(self.container, self.status)
            return None
        result = Result.of(self.shell.run(line))
        self.status = result.code
        return result
