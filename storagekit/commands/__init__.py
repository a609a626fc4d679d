"""Command lines -> engines: a small POSIX shell, ``docker``, ``kubectl``, and their output formats."""
