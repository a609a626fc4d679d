"""Docker's storage drawn: images and their layers, builds, a container's overlay and mounts, the data root."""

from storagekit.viz.docker.build_steps import build_steps
from storagekit.viz.docker.container_mounts import container_mounts
from storagekit.viz.docker.container_overlay import container_overlay
from storagekit.viz.docker.data_root import data_root
from storagekit.viz.docker.image_layers import image_layers
from storagekit.viz.docker.layer_files import layer_files
from storagekit.viz.docker.storage_driver import storage_driver

__all__: list[str] = ["build_steps", "container_mounts", "container_overlay", "data_root", "image_layers",
                      "layer_files", "storage_driver"]
