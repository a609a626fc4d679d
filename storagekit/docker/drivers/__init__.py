"""Storage drivers: which one dockerd picks on a host, and why, for every Engine era.

``select_driver`` reproduces the daemon's start-up decision (image store, then
graph driver) with a step-by-step trace; ``priority_list`` gives an engine's
order of preference; ``probe`` runs one driver's checks; ``driver_status`` is
what ``docker info`` lists under ``Storage Driver:``.

>>> sel = select_driver("20.10.24", HOSTS["centos-7.2"], configured="overlay2")
>>> print(sel.message)
failed to start daemon: error initializing graphdriver: driver not supported: overlay2
"""

from storagekit.docker.drivers.catalogue import (
    ERAS,
    ERR_INCOMPATIBLE_FS,
    ERR_NOT_SUPPORTED,
    ERR_PREREQUISITES,
    Era,
    Probe,
    parse_version,
    priority_list,
    probe,
)
from storagekit.docker.drivers.host import HOSTS, HostKernel, HostSpec
from storagekit.docker.drivers.select import Selection, Step, select_driver
from storagekit.docker.drivers.status import SNAPSHOTTER_TYPE, driver_status, is_snapshotter

__all__ = [
    "ERAS",
    "ERR_INCOMPATIBLE_FS",
    "ERR_NOT_SUPPORTED",
    "ERR_PREREQUISITES",
    "HOSTS",
    "SNAPSHOTTER_TYPE",
    "Era",
    "HostKernel",
    "HostSpec",
    "Probe",
    "Selection",
    "Step",
    "driver_status",
    "is_snapshotter",
    "parse_version",
    "priority_list",
    "probe",
    "select_driver",
]
