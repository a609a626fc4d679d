"""Applications in an image that the course needs: the MySQL client and ``mysqladmin``, ``python3``,
``flask``.

Each runs only where the image has its executable, as any program found on ``$PATH``.
"""

from storagekit.commands.shell.apps import flask, mysql, python

PROGRAMS = {**mysql.PROGRAMS, **python.PROGRAMS, **flask.PROGRAMS}
"""Each program by its name on ``$PATH``."""
