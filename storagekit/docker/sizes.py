"""The sizes Docker reports, which the two image stores count differently.

With graph drivers a layer's size is the bytes of the files in its diff, and
an image's size is the sum of its layers. The containerd image store asks the
snapshotter, which counts allocated blocks, directories included
(containerd's ``fs.DiskUsage``), and adds the compressed blobs it keeps too:

* ``docker images`` SIZE: the image's content (index, manifest, config,
  compressed layers) plus its unpacked snapshots;
* ``docker image inspect`` Size: the content only;
* ``docker ps -s``: the active snapshot's usage, and (virtual) that plus the
  ``-init`` snapshot and the image's snapshots;
* ``docker system df`` Images: every snapshot (containers' too) plus every blob.
"""

from __future__ import annotations

from storagekit.docker.content import INDEX_SIZE, attestation_blobs, compressed_size, content_size, manifest_json
from storagekit.docker.images import Image
from storagekit.docker.layers import Layer
from storagekit.fs.usage import disk_usage
from storagekit.sim.ids import sha256_digest


def layer_size(engine, layer: Layer) -> int:
    """A layer as ``docker history`` and ``system df`` count it: its diff's bytes, or its snapshot's usage."""
    return disk_usage(layer.root) if engine.uses_containerd else layer.size


def _index_size(image: Image) -> int:
    """The blobs beyond manifest and config: the pulled index, or BuildKit's index and attestation."""
    if image.attested:
        return sum(len(data) for _, data in attestation_blobs(image))
    return 0 if image.id == sha256_digest(manifest_json(image)) else INDEX_SIZE


def image_size(engine, image: Image) -> int:
    """``docker images`` SIZE."""
    if not engine.uses_containerd:
        return image.size
    return _index_size(image) + content_size(image) + sum(layer_size(engine, layer) for layer in image.layers)


def inspect_size(engine, image: Image) -> int:
    """``docker image inspect`` ``Size``."""
    return _index_size(image) + content_size(image) if engine.uses_containerd else image.size


def container_sizes(engine, c) -> tuple[int, int]:
    """``(SizeRw, SizeRootFs)`` as ``docker ps -s`` and ``inspect --size`` report them."""
    if not engine.uses_containerd:
        return c.size_rw, c.image.size + c.size_rw
    rw = disk_usage(c.upper)
    return rw, rw + disk_usage(c.init) + sum(layer_size(engine, layer) for layer in c.image.layers)


def images_disk_usage(engine) -> int:
    """``docker system df``'s Images SIZE: distinct layers, or every snapshot and blob with containerd."""
    layers = {layer.chain_id: layer for image in engine.images.images.values() for layer in image.layers}
    if not engine.uses_containerd:
        return sum(layer.size for layer in layers.values())
    snapshots = sum(layer_size(engine, layer) for layer in layers.values())
    snapshots += sum(disk_usage(c.upper) + disk_usage(c.init) for c in engine.containers)
    blobs = sum(compressed_size(layer) for layer in layers.values())
    blobs += sum(_index_size(i) + len(i.config_json) + len(manifest_json(i)) for i in engine.images.images.values())
    return snapshots + blobs
