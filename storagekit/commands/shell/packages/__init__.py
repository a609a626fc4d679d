"""Package managers as programs in an image: ``apt-get``/``apt``/``dpkg``, ``apk`` and ``pip``.

They install from the catalogue's real package metadata
(:mod:`storagekit.docker.catalogue`), writing what the real tools write, so a
``RUN apt-get install`` layer has the real size and files.
"""

from storagekit.commands.shell.packages import apk, apt, pip

PROGRAMS = {**apt.PROGRAMS, **apk.PROGRAMS, **pip.PROGRAMS}
"""Each program by its name on ``$PATH``; an image runs one only if it has the executable."""
