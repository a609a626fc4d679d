"""``/var/lib/docker`` on the host, written as the overlay2 graph driver and the image store lay it out.

The engine keeps this tree in step with its state, so ``ls``, ``cat`` and ``du``
there agree with ``docker`` commands: a layer's ``diff`` directory *is* the
layer's tree, ``layerdb/sha256/<chainID>/cache-id`` names its directory, and
``imagedb/content/sha256/<id>`` is the image config whose digest is the id.
"""

from __future__ import annotations

import json

from storagekit.docker.images import Image
from storagekit.docker.layers import Layer
from storagekit.fs import FileSystem
from storagekit.fs.nodes import Blob

ROOT = "/var/lib/docker"

# (path, permission bits) of what a fresh daemon creates; modes as on a real Engine 28 host.
SKELETON = [
    ("buildkit", 0o711), ("buildkit/content", 0o700), ("buildkit/content/ingest", 0o700), ("buildkit/executor", 0o711),
    ("containers", 0o710), ("image", 0o700), ("image/overlay2", 0o700), ("image/overlay2/distribution", 0o700),
    ("image/overlay2/imagedb", 0o700), ("image/overlay2/imagedb/content", 0o700), ("image/overlay2/imagedb/content/sha256", 0o700),
    ("image/overlay2/imagedb/metadata", 0o700), ("image/overlay2/imagedb/metadata/sha256", 0o700),
    ("image/overlay2/layerdb", 0o700), ("image/overlay2/layerdb/mounts", 0o700), ("image/overlay2/layerdb/sha256", 0o700),
    ("image/overlay2/layerdb/tmp", 0o700), ("network", 0o750), ("network/files", 0o750), ("overlay2", 0o710),
    ("overlay2/l", 0o700), ("plugins", 0o700), ("plugins/storage", 0o700), ("plugins/tmp", 0o700), ("runtimes", 0o700),
    ("swarm", 0o700), ("tmp", 0o700), ("volumes", 0o701),
]
BOLT_DB = 32768
"""Size of a fresh bbolt database file (metadata.db, local-kv.db, BuildKit's *.db)."""


class DataRoot:
    def __init__(self, fs: FileSystem, engine_id: str, root: str = ROOT) -> None:
        self.fs = fs
        self.root = root
        fs.mkdir(root, 0o710, parents=True)
        fs.chmod(root, 0o710)
        for rel, perm in SKELETON:
            fs.mkdir(f"{root}/{rel}", perm)
        for rel in ("buildkit/cache.db", "buildkit/containerdmeta.db", "buildkit/metadata_v2.db", "buildkit/snapshots.db",
                    "network/files/local-kv.db", "volumes/metadata.db"):
            self._write(rel, Blob.synthetic(BOLT_DB, f"boltdb:{rel}"), 0o600)
        self._write("engine-id", engine_id.encode(), 0o600)
        self.write_repositories({})

    def _write(self, rel: str, data: bytes | Blob, perm: int = 0o644) -> None:
        self.fs.write(f"{self.root}/{rel}", data, perm=perm)

    def _rm(self, rel: str) -> None:
        """Detach an entry (a whole tree at once: the host's disk is a single layer)."""
        parent, _, name = f"{self.root}/{rel}".rpartition("/")
        try:
            node = self.fs.lstat(parent)
        except OSError:
            return
        if node.is_dir() and name in node.children:
            del node.children[name]
            node.mtime = self.fs.clock()

    # ----------------------------------------------------------------- layers

    def add_layer(self, layer: Layer) -> None:
        d = f"overlay2/{layer.cache_id}"
        self.fs.mkdir(f"{self.root}/{d}", 0o710)
        self.fs.put(f"{self.root}/{d}/diff", layer.root)
        self._write(f"{d}/link", layer.link.encode())
        if layer.parent is not None:
            lowers = ":".join(f"l/{p.link}" for p in reversed(layer.parent.chain))
            self._write(f"{d}/lower", lowers.encode())
            self.fs.mkdir(f"{self.root}/{d}/work", 0o700)
            self._write(f"{d}/committed", b"", 0o600)
        self.fs.symlink(f"../{layer.cache_id}/diff", f"{self.root}/overlay2/l/{layer.link}")
        db = f"image/overlay2/layerdb/sha256/{layer.chain_id[7:]}"
        self.fs.mkdir(f"{self.root}/{db}", 0o755)
        self._write(f"{db}/cache-id", layer.cache_id.encode())
        self._write(f"{db}/diff", layer.diff_id.encode())
        if layer.parent is not None:
            self._write(f"{db}/parent", layer.parent.chain_id.encode())
        self._write(f"{db}/size", str(layer.size).encode())
        self._write(f"{db}/tar-split.json.gz", Blob.synthetic(max(40, layer.tar_size // 90), f"tar-split:{layer.diff_id}"))

    def remove_layer(self, layer: Layer) -> None:
        self._rm(f"overlay2/l/{layer.link}")
        self._rm(f"overlay2/{layer.cache_id}")
        self._rm(f"image/overlay2/layerdb/sha256/{layer.chain_id[7:]}")

    def add_distribution(self, diff_id: str, blob_digest: str, repository: str) -> None:
        """What a pull remembers: which registry blob a layer came from (so a push can skip it)."""
        base = "image/overlay2/distribution"
        for sub in ("diffid-by-digest", "diffid-by-digest/sha256", "v2metadata-by-diffid", "v2metadata-by-diffid/sha256"):
            self.fs.mkdir(f"{self.root}/{base}/{sub}", 0o700, exist_ok=True)
        self._write(f"{base}/diffid-by-digest/sha256/{blob_digest[7:]}", diff_id.encode(), 0o600)
        meta = [{"Digest": blob_digest, "SourceRepository": repository, "HMAC": ""}]
        self._write(f"{base}/v2metadata-by-diffid/sha256/{diff_id[7:]}", json.dumps(meta, separators=(",", ":")).encode(), 0o600)

    # ----------------------------------------------------------------- images

    def add_image(self, image: Image, now_rfc3339: str) -> None:
        hexid = image.id[7:]
        self._write(f"image/overlay2/imagedb/content/sha256/{hexid}", image.config_json, 0o600)
        meta = f"image/overlay2/imagedb/metadata/sha256/{hexid}"
        self.fs.mkdir(f"{self.root}/{meta}", 0o700, exist_ok=True)
        self._write(f"{meta}/lastUpdated", now_rfc3339.encode(), 0o600)
        if image.parent:
            self._write(f"{meta}/parent", image.parent.encode(), 0o600)

    def remove_image(self, image: Image) -> None:
        hexid = image.id[7:]
        self._rm(f"image/overlay2/imagedb/content/sha256/{hexid}")
        self._rm(f"image/overlay2/imagedb/metadata/sha256/{hexid}")

    def write_repositories(self, repositories: dict[str, dict[str, str]]) -> None:
        doc = {"Repositories": {k: dict(sorted(v.items())) for k, v in sorted(repositories.items())}}
        self._write("image/overlay2/repositories.json", json.dumps(doc, separators=(",", ":")).encode(), 0o600)
