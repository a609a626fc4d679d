"""containerd's content store and the data root of a daemon that uses the containerd image store.

With the containerd image store an image is a tree of content-addressed blobs
(for a pulled image: the index, the amd64 manifest, the config and the
compressed layers) under ``/var/lib/containerd/io.containerd.content.v1.content/
blobs/sha256/``, and its unpacked layers are snapshots
(:mod:`storagekit.docker.storage.snapshotter`). ``/var/lib/docker`` keeps
containers, volumes, networks and BuildKit's state, but no ``image/`` store and
no ``overlay2/``. Both the compressed blobs and the unpacked snapshots stay on
disk, which is why this store uses more space.

The catalogue holds no registry blobs, so a compressed layer's size is
modelled (``GZIP_RATIO`` of its tar) and its digest derived from the layer.
"""

from __future__ import annotations

import json

from storagekit.docker.images import Image
from storagekit.docker.layers import Layer
from storagekit.docker.layout import DataRoot
from storagekit.docker.storage.snapshotter import BOLT_DB, CONTAINERD_ROOT
from storagekit.fs.nodes import Blob
from storagekit.sim.ids import sha256_digest

CONTENT_ROOT = f"{CONTAINERD_ROOT}/io.containerd.content.v1.content"
META_DB = f"{CONTAINERD_ROOT}/io.containerd.metadata.v1.bolt/meta.db"
INDEX_SIZE = 9 * 1024
"""Modelled size of a pulled multi-platform index (the catalogue keeps only its digest)."""
GZIP_RATIO = 0.4
"""Modelled gzip ratio of a layer tar (typical for distribution root filesystems)."""
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip"


def compressed_size(layer: Layer) -> int:
    return max(32, int(layer.tar_size * GZIP_RATIO))


def compressed_digest(layer: Layer) -> str:
    """The registry blob's digest: the pulled one when known, else derived from the diffID."""
    return layer.blob_digest or sha256_digest("gzip:" + layer.diff_id)


def manifest_json(image: Image) -> bytes:
    """The OCI manifest of ``image`` as the exporter writes it (compact JSON, gzip layers)."""
    doc = {
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": {"mediaType": OCI_CONFIG, "digest": image.config_digest, "size": len(image.config_json)},
        "layers": [{"mediaType": OCI_LAYER_GZIP, "digest": compressed_digest(layer), "size": compressed_size(layer)}
                   for layer in image.layers],
    }
    return json.dumps(doc, separators=(",", ":")).encode()


OCI_INDEX = "application/vnd.oci.image.index.v1+json"
IN_TOTO = "application/vnd.in-toto+json"


def _compact(doc) -> bytes:
    return json.dumps(doc, separators=(",", ":")).encode()


def attestation_blobs(image: Image) -> list[tuple[str, bytes]]:
    """What BuildKit adds to an image it exports to the containerd store (default ``--provenance=mode=min``):
    an SLSA provenance statement, its config and manifest, and the index over both manifests.

    Returns ``(role, bytes)`` pairs ending with the index, whose digest is the image's ID.
    """
    manifest = manifest_json(image)
    mdigest = sha256_digest(manifest)
    statement = _compact({
        "_type": "https://in-toto.io/Statement/v0.1", "predicateType": "https://slsa.dev/provenance/v0.2",
        "subject": [{"name": "_", "digest": {"sha256": mdigest[7:]}}],
        "predicate": {"builder": {"id": ""}, "buildType": "https://mobyproject.org/buildkit@v1",
                      "metadata": {"buildInvocationID": sha256_digest("invocation:" + mdigest)[7:33]}},
    })
    config = _compact({"architecture": "unknown", "os": "unknown", "config": {},
                       "rootfs": {"type": "layers", "diff_ids": [sha256_digest(statement)]}})
    attestation = _compact({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": {"mediaType": OCI_CONFIG, "digest": sha256_digest(config), "size": len(config)},
        "layers": [{"mediaType": IN_TOTO, "digest": sha256_digest(statement), "size": len(statement),
                    "annotations": {"in-toto.io/predicate-type": "https://slsa.dev/provenance/v0.2"}}],
    })
    index = _compact({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [
        {"mediaType": OCI_MANIFEST, "digest": mdigest, "size": len(manifest),
         "platform": {"architecture": "amd64", "os": "linux"}},
        {"mediaType": OCI_MANIFEST, "digest": sha256_digest(attestation), "size": len(attestation),
         "annotations": {"vnd.docker.reference.digest": mdigest, "vnd.docker.reference.type": "attestation-manifest"},
         "platform": {"architecture": "unknown", "os": "unknown"}},
    ]})
    return [("provenance", statement), ("attestation config", config), ("attestation manifest", attestation),
            ("manifest list", index)]


def content_size(image: Image) -> int:
    """What the image's blobs take in the content store (``docker image inspect``'s ``Size``)."""
    return len(image.config_json) + len(manifest_json(image)) + sum(compressed_size(layer) for layer in image.layers)


class ContainerdDataRoot(DataRoot):
    """``/var/lib/docker`` plus containerd's content store, for a daemon with the containerd image store."""

    image_store = "containerd"

    def _image_skeleton(self) -> None:
        fs = self.fs
        for rel in ("blobs", "blobs/sha256", "ingest"):
            fs.mkdir(f"{CONTENT_ROOT}/{rel}", 0o755 if rel != "ingest" else 0o700, parents=True, exist_ok=True)
        if not fs.exists(META_DB):
            fs.mkdir(META_DB.rsplit("/", 1)[0], 0o700, parents=True, exist_ok=True)
            fs.write(META_DB, Blob.synthetic(BOLT_DB, "boltdb:meta.db"), perm=0o644)

    def _blob(self, digest: str, data: bytes | Blob) -> None:
        self.fs.write(f"{CONTENT_ROOT}/blobs/sha256/{digest[7:]}", data, perm=0o444)

    def _drop_blob(self, digest: str) -> None:
        self.fs.discard(f"{CONTENT_ROOT}/blobs/sha256/{digest[7:]}")

    def add_layer(self, layer: Layer) -> None:
        self.graph.add_layer(layer)
        self._blob(compressed_digest(layer), Blob.synthetic(compressed_size(layer), "gzip:" + layer.diff_id))

    def remove_layer(self, layer: Layer) -> None:
        self.graph.remove_layer(layer)
        self._drop_blob(compressed_digest(layer))

    def add_distribution(self, diff_id: str, blob_digest: str, repository: str) -> None:
        """containerd records a layer's source as labels in its metadata database, not as files."""

    def add_container(self, c) -> None:
        self._container_dir(c)

    def remove_container(self, c) -> None:
        self._rm(f"containers/{c.id}")

    def layer_paths(self, layer: Layer) -> list[str]:
        """The layer's snapshot (named by a sequence number) and its compressed blob (named by its digest)."""
        return [self.graph.layer_dir(layer.cache_id), f"{CONTENT_ROOT}/blobs/sha256/{compressed_digest(layer)[7:]}"]

    def image_paths(self, image: Image) -> list[str]:
        return [f"{CONTENT_ROOT}/blobs/sha256/{digest[7:]}" for digest in self._image_blobs(image)]

    def container_paths(self, c) -> list[str]:
        return [self.graph.layer_dir(c.mount_id), self.graph.layer_dir(f"{c.mount_id}-init"),
                f"{self.root}/containers/{c.id}"]

    def _image_blobs(self, image: Image) -> dict[str, bytes | Blob]:
        manifest = manifest_json(image)
        blobs: dict[str, bytes | Blob] = {image.config_digest: image.config_json, sha256_digest(manifest): manifest}
        if image.attested:
            blobs.update((sha256_digest(data), data) for _, data in attestation_blobs(image))
        elif image.id not in blobs:  # a pulled image's index, listing every platform's manifest
            blobs[image.id] = Blob.synthetic(INDEX_SIZE, "index:" + image.id)
        return blobs

    def add_image(self, image: Image, now_rfc3339: str) -> None:
        for digest, data in self._image_blobs(image).items():
            self._blob(digest, data)

    def remove_image(self, image: Image) -> None:
        for digest in self._image_blobs(image):
            self._drop_blob(digest)

    def write_repositories(self, repositories: dict[str, dict[str, str]]) -> None:
        """Image names live in containerd's metadata database (``meta.db``)."""
