"""Diagrams of engine state: pure functions from a host or cluster to a :class:`~storagekit.viz.style.Diagram`.

Each function reads the public state of a :class:`~storagekit.DockerHost` or a
:class:`~storagekit.Cluster` and returns a ``graphviz.Digraph`` that displays
itself as SVG in a notebook; no rule of Docker or Kubernetes is decided here.
Docker's pictures are in :mod:`storagekit.viz.docker`, Kubernetes' in
:mod:`storagekit.viz.k8s`; the palette, shapes and legend in :mod:`storagekit.viz.style`.
"""

from storagekit.viz import docker as _docker
from storagekit.viz import k8s as _k8s
from storagekit.viz.docker import *  # noqa: F403 - the public diagrams, listed in each __all__
from storagekit.viz.k8s import *  # noqa: F403
from storagekit.viz.style import Diagram

__all__ = ["Diagram", *_docker.__all__, *_k8s.__all__]
