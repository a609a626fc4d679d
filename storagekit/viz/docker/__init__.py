"""Docker's storage drawn: images and their layers, builds, a container's overlay and mounts, the data root.

One module per picture: :mod:`.layers` (``image_layers``), :mod:`.files` (``layer_files``), :mod:`.build`
(``build_steps``), :mod:`.overlay` (``container_overlay``), :mod:`.mounts` (``container_mounts``),
:mod:`.disk` (``data_root``), :mod:`.usage` (``disk_usage``) and :mod:`.driver` (``storage_driver``).
"""

from storagekit.viz.docker.build import build_steps
from storagekit.viz.docker.disk import data_root
from storagekit.viz.docker.driver import storage_driver
from storagekit.viz.docker.files import layer_files
from storagekit.viz.docker.layers import image_layers
from storagekit.viz.docker.mounts import container_mounts
from storagekit.viz.docker.overlay import container_overlay
from storagekit.viz.docker.usage import disk_usage

__all__: list[str] = ["build_steps", "container_mounts", "container_overlay", "data_root", "disk_usage",
                      "image_layers", "layer_files", "storage_driver"]
