"""``docker system df``: where the daemon's disk goes (moby ``daemon/disk_usage.go``, ``GET /system/df``).

A layer shared by several images is counted once in ``layers_size``; each
image also reports the part of it other images share. An image is *active*
when a container (in any state) uses it; a container when it runs; a volume
when a container mounts it; a build-cache record is never active, and only the
records whose layer no image holds free space when pruned. The summary figures
(``TOTAL``, ``ACTIVE``, ``SIZE``, ``RECLAIMABLE``) are the ones docker/cli's
formatter derives from this answer (``cli/command/formatter/disk_usage.go``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from storagekit.docker import sizes
from storagekit.docker.images import Image

if TYPE_CHECKING:
    from storagekit.docker.build.cache import CacheRecord
    from storagekit.docker.containers import Container


@dataclass(frozen=True)
class ImageUsage:
    image: Image
    size: int
    shared_size: int
    containers: int

    @property
    def unique_size(self) -> int:
        return self.size - self.shared_size


@dataclass(frozen=True)
class ContainerUsage:
    container: Container
    size_rw: int


@dataclass(frozen=True)
class CacheUsage:
    record: CacheRecord
    shared: bool
    """An image holds the record's layer, so pruning the cache would not free it."""


@dataclass(frozen=True)
class UsageRow:
    """One line of ``docker system df``, in bytes."""

    type: str
    total: int
    active: int
    size: int
    reclaimable: int


@dataclass(frozen=True)
class DiskUsage:
    layers_size: int
    images: list[ImageUsage]
    containers: list[ContainerUsage]
    volumes: list
    """The :class:`~storagekit.docker.volumes.service.VolumeUsage` of each local volume."""
    build_cache: list[CacheUsage]

    def summary(self) -> list[UsageRow]:
        """The four rows of ``docker system df``."""
        active_images = [i for i in self.images if i.containers > 0]
        running = [c for c in self.containers if c.container.running]
        used_volumes = [v for v in self.volumes if v.ref_count]
        cache_size = sum(c.record.size for c in self.build_cache)
        return [
            UsageRow("Images", len(self.images), len(active_images), self.layers_size,
                     self.layers_size - sum(i.unique_size for i in active_images)),
            UsageRow("Containers", len(self.containers), len(running), sum(c.size_rw for c in self.containers),
                     sum(c.size_rw for c in self.containers if not c.container.running)),
            UsageRow("Local Volumes", len(self.volumes), len(used_volumes), sum(v.size for v in self.volumes),
                     sum(v.size for v in self.volumes if not v.ref_count)),
            UsageRow("Build Cache", len(self.build_cache), 0, cache_size,
                     sum(c.record.size for c in self.build_cache if not c.shared)),
        ]


def system_disk_usage(engine) -> DiskUsage:
    """What ``GET /system/df`` reports for ``engine``."""
    layer_users: dict[str, int] = {}
    for image in engine.images.images.values():
        for layer in image.layers:
            layer_users[layer.chain_id] = layer_users.get(layer.chain_id, 0) + 1
    images = [ImageUsage(image, sizes.image_size(engine, image),
                         sum(sizes.layer_size(engine, lay) for lay in image.layers if layer_users[lay.chain_id] > 1),
                         len(engine.containers.using_image(image)))
              for image in engine.images.images.values()]
    containers = [ContainerUsage(c, sizes.container_sizes(engine, c)[0]) for c in engine.containers]
    shared = engine.image_chain_ids()
    cache = [CacheUsage(r, r.layer is not None and r.layer.chain_id in shared) for r in engine.cache.records.values()]
    return DiskUsage(sizes.images_disk_usage(engine), images, containers, engine.local_volumes_size(), cache)
