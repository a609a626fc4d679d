"""Applications in an image that the course needs: the MySQL client and ``mysqladmin``.

Each runs only where the image has its executable, as any program found on ``$PATH``.
"""

from storagekit.commands.shell.apps import mysql

PROGRAMS = {**mysql.PROGRAMS}
"""Each program by its name on ``$PATH``."""
