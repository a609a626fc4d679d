"""A simulated POSIX shell (bash, dash or BusyBox ash) and the coreutils it runs, over a FileSystem."""

from storagekit.commands.shell.context import ProcessContext, Program, StillRunning
from storagekit.commands.shell.coreutils import COREUTILS
from storagekit.commands.shell.interpreter import Shell, ShellResult

__all__ = ["COREUTILS", "ProcessContext", "Program", "Shell", "ShellResult", "StillRunning"]
