"""storagekit: learn how containers store data in a faithful, deterministic simulation.

    >>> import storagekit as sk
    >>> host = sk.DockerHost()
    >>> host.sh("docker images").out
    'REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\\n'

``sk.viz`` (diagrams) and ``sk.widgets`` (labs) are imported on first use, so the
engines load without Graphviz or ipywidgets.
"""

import importlib

from storagekit.commands.cluster import Cluster
from storagekit.commands.host import DockerHost, Result

__all__ = ["Cluster", "DockerHost", "Result"]
__version__ = "0.1.0"

_VIEWS = ("viz", "widgets")


def __getattr__(name: str):
    if name in _VIEWS:
        return importlib.import_module(f"storagekit.{name}")
    raise AttributeError(f"module 'storagekit' has no attribute {name!r}")
