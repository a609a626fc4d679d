"""storagekit: learn how containers store data in a faithful, deterministic simulation.

    >>> import storagekit as sk
    >>> host = sk.DockerHost()
    >>> host.sh("docker images").out
    'REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\\n'
"""

from storagekit.commands.cluster import Cluster
from storagekit.commands.host import DockerHost, Result

__all__ = ["Cluster", "DockerHost", "Result"]
__version__ = "0.1.0"
