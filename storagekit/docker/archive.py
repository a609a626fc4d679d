"""``docker save`` and ``docker load``: the OCI image layout archive that Docker 25+ writes.

The archive holds ``oci-layout``, ``index.json`` and content-addressed
``blobs/sha256/`` (uncompressed layer tars, the config, one manifest per image),
plus Docker's own ``manifest.json`` and ``repositories`` for older tools. Because
the layers are stored uncompressed, each layer blob's digest is its diffID.
podman, skopeo and umoci read it as they read any OCI layout.
"""

from __future__ import annotations

import io
import json
import tarfile
from typing import Any

from storagekit.docker import reference as refs
from storagekit.docker.drivers.host import DATA_ROOT
from storagekit.docker.errors import System
from storagekit.docker.images import Image, canonical_json
from storagekit.fs.content import Blob
from storagekit.fs.tar import BLOCK, layer_tar_blob, read_layer_tar
from storagekit.sim.ids import sha256_digest

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar"


class _TarWriter:
    """A deterministic tar writer: fixed owner, fixed time, entries in the order given."""

    def __init__(self, mtime: int) -> None:
        self.chunks: list[bytes | Blob] = []
        self.mtime = mtime
        self.names: set[str] = set()

    def add_dir(self, name: str) -> None:
        if name in self.names:
            return
        self.names.add(name)
        info = tarfile.TarInfo(name)
        info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, self.mtime
        self.chunks.append(info.tobuf(tarfile.PAX_FORMAT))

    def add_file(self, name: str, data: bytes | Blob) -> None:
        if name in self.names:
            return
        self.names.add(name)
        size = data.size if isinstance(data, Blob) else len(data)
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime = size, 0o644, self.mtime
        self.chunks.append(info.tobuf(tarfile.PAX_FORMAT))
        self.chunks.append(data)
        if size % BLOCK:
            self.chunks.append(b"\0" * (BLOCK - size % BLOCK))

    def getvalue(self) -> Blob:
        return Blob.concat([*self.chunks, b"\0" * (2 * BLOCK)])


def save(images: list[tuple[Image, list[str]]]) -> Blob:
    """The archive for ``(image, [tags to record])`` pairs, as lazy content: the layer tars in it are made only as
    it is read, so saving a large image costs memory for its headers, not its files.

    Entries carry the newest image's creation time, so saving the same images
    twice gives the same bytes.
    """
    from storagekit.sim.clock import parse_rfc3339

    mtime = parse_rfc3339(max(image.config.get("created", "1970-01-01T00:00:00Z") for image, _ in images))
    w = _TarWriter(mtime)
    w.add_dir("blobs/")
    w.add_dir("blobs/sha256/")
    index_manifests = []
    legacy = []
    repositories: dict[str, dict[str, str]] = {}
    for image, tags in images:
        layer_descs = []
        for layer in image.layers:
            data = layer_tar_blob(layer.root, layer.tar_size)
            w.add_file(f"blobs/sha256/{layer.diff_id[7:]}", data)
            layer_descs.append({"mediaType": OCI_LAYER, "digest": layer.diff_id, "size": data.size})
        w.add_file(f"blobs/sha256/{image.config_digest[7:]}", image.config_json)
        manifest = canonical_json({
            "schemaVersion": 2, "mediaType": OCI_MANIFEST,
            "config": {"mediaType": OCI_CONFIG, "digest": image.config_digest, "size": len(image.config_json)},
            "layers": layer_descs,
        })
        mdigest = sha256_digest(manifest)
        w.add_file(f"blobs/sha256/{mdigest[7:]}", manifest)
        names = tags or [""]
        for tag in names:
            desc: dict[str, Any] = {"mediaType": OCI_MANIFEST, "digest": mdigest, "size": len(manifest)}
            if tag:
                ref = refs.parse(tag).with_default_tag()
                desc["annotations"] = {"io.containerd.image.name": ref.canonical}
                if ref.tag:  # a reference by digest names no tag
                    desc["annotations"]["org.opencontainers.image.ref.name"] = ref.tag
                    top = image.layers[-1].diff_id[7:] if image.layers else ""
                    repositories.setdefault(ref.familiar_name, {})[ref.tag] = top
            index_manifests.append(desc)
        legacy.append({"Config": f"blobs/sha256/{image.config_digest[7:]}",
                       "RepoTags": [str(refs.parse(t).with_default_tag()) for t in tags] or None,
                       "Layers": [f"blobs/sha256/{layer.diff_id[7:]}" for layer in image.layers]})
    w.add_file("index.json", canonical_json({"schemaVersion": 2, "mediaType": OCI_INDEX,
                                             "manifests": index_manifests}) + b"\n")
    w.add_file("manifest.json", canonical_json(legacy) + b"\n")
    w.add_file("oci-layout", b'{"imageLayoutVersion": "1.0.0"}')
    if repositories:
        w.add_file("repositories", canonical_json(repositories) + b"\n")
    return w.getvalue()


def load(data: bytes) -> list[tuple[bytes, list, list[str]]]:
    """Read an archive; returns ``(config JSON, [layer trees], [tags])`` per image, base layer first.

    Raises :class:`~storagekit.docker.errors.System` with the daemon's words for a damaged archive.
    """
    try:
        tar = tarfile.open(fileobj=io.BytesIO(data), mode="r:*")  # noqa: SIM115 - in memory, read by read() below
        members = {m.name.lstrip("./"): m for m in tar.getmembers() if m.isfile()}
    except (tarfile.TarError, EOFError, OSError, ValueError):
        raise System("unexpected EOF") from None

    def read(name: str) -> bytes:
        member = members.get(name)
        if member is None:
            raise System(f"open {DATA_ROOT}/tmp/docker-import/{name}: no such file or directory")
        f = tar.extractfile(member)
        return f.read() if f else b""

    try:
        manifest = json.loads(read("manifest.json"))
    except ValueError:
        raise System("invalid character in manifest.json") from None
    out = []
    for entry in manifest:
        config = read(entry["Config"])
        if sha256_digest(config)[7:] != entry["Config"].rsplit("/", 1)[-1]:
            raise System("invalid diffID for layer: config digest mismatch")
        diff_ids = json.loads(config).get("rootfs", {}).get("diff_ids", [])
        trees = []
        for i, name in enumerate(entry.get("Layers") or []):
            blob = read(name)
            if i < len(diff_ids) and sha256_digest(blob) != diff_ids[i]:
                raise System(f"invalid diffID for layer {i}: expected {diff_ids[i]}, got {sha256_digest(blob)}")
            trees.append((read_layer_tar(blob), sha256_digest(blob), len(blob)))
        out.append((config, trees, list(entry.get("RepoTags") or [])))
    return out
