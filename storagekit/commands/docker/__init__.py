"""The simulated ``docker`` client (docker/cli 28): parsing, help and errors as the real one prints them.

The engine side implements commands as handlers::

    from storagekit.commands.docker import Call, handler

    @handler("image", "ls")          # also serves ``docker images`` and ``docker image list``
    def image_ls(call: Call) -> int:
        ...

and the host shell runs ``program(backend)`` as its ``docker`` executable.
"""

from storagekit.commands.docker.cli import Call, handler, lookup, program, register, registered, run

__all__ = ["Call", "handler", "lookup", "program", "register", "registered", "run"]
