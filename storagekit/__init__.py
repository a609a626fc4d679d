"""storagekit: learn how containers store data in a faithful, deterministic simulation.

    >>> import storagekit as sk
    >>> host = sk.DockerHost()
    >>> host.sh("docker images").out
    'REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\\n'

``sk.viz`` (diagrams) and ``sk.widgets`` (labs) are imported on first use, so the
engines load without Graphviz or ipywidgets; ``%load_ext storagekit`` adds the
notebook magics (:mod:`storagekit.magics`).
"""

import importlib

from storagekit.commands.cluster import Cluster
from storagekit.commands.host import DockerHost, Result

__all__ = ["Cluster", "DockerHost", "Result", "check"]
__version__ = "0.1.0"

_VIEWS = ("viz", "widgets")


def check(exercise_id: str):
    """The verdict on this notebook's attempt at a graded exercise, with the next hint (see
    :mod:`storagekit.exercises`)."""
    from storagekit import exercises

    return exercises.check(exercise_id)


def load_ipython_extension(ipython) -> None:
    """``%load_ext storagekit``: the ``%%docker_host`` and ``%%kubectl_cluster`` cell magics."""
    from storagekit.magics import load_ipython_extension as load

    load(ipython)


def __getattr__(name: str):
    if name in _VIEWS:
        return importlib.import_module(f"storagekit.{name}")
    raise AttributeError(f"module 'storagekit' has no attribute {name!r}")
