"""``/var/lib/docker`` on the host, written as the daemon and its image store lay it out.

The engine keeps this tree in step with its state, so ``ls``, ``cat`` and ``du``
there agree with ``docker`` commands. The storage driver owns its own directory
(:mod:`storagekit.docker.storage`); this module writes the rest:
``image/<driver>/`` (``layerdb/sha256/<chainID>/cache-id`` names a layer's
directory, ``imagedb/content/sha256/<id>`` is the image config whose digest is
the id), ``containers/<id>/`` and the daemon's own databases. Each driver has
its own ``image/<driver>/``, which is why switching drivers hides every image.
"""

from __future__ import annotations

import json
import posixpath
from ipaddress import ip_address

from storagekit.docker.images import Image
from storagekit.docker.layers import Layer
from storagekit.docker.storage.base import GraphDriver
from storagekit.fs import FileSystem
from storagekit.fs.nodes import Blob

# (path, permission bits) of what a fresh daemon creates; modes as on a real Engine 28 host.
SKELETON = [
    ("buildkit", 0o711), ("buildkit/content", 0o700), ("buildkit/content/ingest", 0o700), ("buildkit/executor", 0o711),
    ("containers", 0o710), ("network", 0o750), ("network/files", 0o750),
    ("plugins", 0o700), ("plugins/storage", 0o700), ("plugins/tmp", 0o700), ("runtimes", 0o700),
    ("swarm", 0o700), ("tmp", 0o700), ("volumes", 0o701),
]
IMAGE_SKELETON = ["", "/distribution", "/imagedb", "/imagedb/content", "/imagedb/content/sha256", "/imagedb/metadata",
                  "/imagedb/metadata/sha256", "/layerdb", "/layerdb/mounts", "/layerdb/sha256", "/layerdb/tmp"]
"""Below ``image/<driver>/``, all mode 0700."""
BOLT_DB = 32768
"""Size of a fresh bbolt database file (metadata.db, local-kv.db, BuildKit's *.db)."""


class DataRoot:
    """The data root as one daemon sees it; a daemon started later with another driver adds its own parts."""

    def __init__(self, fs: FileSystem, engine_id: str, graph: GraphDriver) -> None:
        self.fs = fs
        self.root = root = graph.root
        self.graph = graph
        self.image_dir = f"image/{graph.name}"
        if not fs.isdir(root):
            fs.mkdir(root, 0o710, parents=True)
            fs.chmod(root, 0o710)
            for rel, perm in SKELETON:
                fs.mkdir(f"{root}/{rel}", perm)
            for rel in ("buildkit/cache.db", "buildkit/containerdmeta.db", "buildkit/metadata_v2.db",
                        "buildkit/snapshots.db", "network/files/local-kv.db", "volumes/metadata.db"):
                self._write(rel, Blob.synthetic(BOLT_DB, f"boltdb:{rel}"), 0o600)
            self._write("engine-id", engine_id.encode(), 0o600)
        graph.setup()
        self._image_skeleton()

    def _image_skeleton(self) -> None:
        self.fs.mkdir(f"{self.root}/image", 0o700, exist_ok=True)
        if not self.fs.isdir(f"{self.root}/{self.image_dir}"):
            for rel in IMAGE_SKELETON:
                self.fs.mkdir(f"{self.root}/{self.image_dir}{rel}", 0o700)
            self.write_repositories({})

    def ensure(self) -> None:
        """Make again the directories a learner deleted under the running daemon (``rm -rf /var/lib/docker``):
        the daemon's stores make theirs with ``MkdirAll`` as they write, so it goes on with what it holds in
        memory instead of failing on a missing parent."""
        if self.fs.isdir(f"{self.root}/containers"):
            return
        self.fs.mkdir(self.root, 0o710, parents=True, exist_ok=True)
        for rel, perm in SKELETON:
            self.fs.mkdir(f"{self.root}/{rel}", perm, exist_ok=True)
        self._image_skeleton()
        if self.graph.home:
            self.graph._mkdir(self.graph.home, 0o710)

    def _write(self, rel: str, data: bytes | Blob, perm: int = 0o644) -> None:
        self.fs.mkdir(f"{self.root}/{posixpath.dirname(rel)}", 0o700, parents=True, exist_ok=True)  # see ensure
        self.fs.write(f"{self.root}/{rel}", data, perm=perm)

    def _rm(self, rel: str) -> None:
        self.graph._rm(rel)

    # ----------------------------------------------------------------- layers

    def add_layer(self, layer: Layer) -> None:
        self.graph.add_layer(layer)
        db = f"{self.image_dir}/layerdb/sha256/{layer.chain_id[7:]}"
        self.fs.mkdir(f"{self.root}/{db}", 0o755)
        self._write(f"{db}/cache-id", layer.cache_id.encode())
        self._write(f"{db}/diff", layer.diff_id.encode())
        if layer.parent is not None:
            self._write(f"{db}/parent", layer.parent.chain_id.encode())
        self._write(f"{db}/size", str(layer.size).encode())
        self._write(f"{db}/tar-split.json.gz", Blob.synthetic(max(40, layer.tar_size // 90),
                                                              f"tar-split:{layer.diff_id}"))

    def remove_layer(self, layer: Layer) -> None:
        self.graph.remove_layer(layer)
        self._rm(f"{self.image_dir}/layerdb/sha256/{layer.chain_id[7:]}")

    # ------------------------------------------------------------ where is what

    def layer_paths(self, layer: Layer) -> list[str]:
        """Where a layer is stored: the driver's directory, named by the random cache-id, and its ``layerdb``
        entry, named by the chainID (the layer with everything below it)."""
        return [self.graph.layer_dir(layer.cache_id),
                f"{self.root}/{self.image_dir}/layerdb/sha256/{layer.chain_id[7:]}"]

    def image_paths(self, image: Image) -> list[str]:
        """Where an image is stored: its config (whose digest is its id) and its metadata."""
        hexid = image.id[7:]
        return [f"{self.root}/{self.image_dir}/imagedb/content/sha256/{hexid}",
                f"{self.root}/{self.image_dir}/imagedb/metadata/sha256/{hexid}"]

    def container_paths(self, c) -> list[str]:
        """Where a container is stored: its writable and init layers, its ``layerdb/mounts`` entry, its config
        and logs."""
        return [self.graph.layer_dir(c.mount_id), self.graph.layer_dir(f"{c.mount_id}-init"),
                f"{self.root}/{self.image_dir}/layerdb/mounts/{c.id}", f"{self.root}/containers/{c.id}"]

    def add_distribution(self, diff_id: str, blob_digest: str, repository: str) -> None:
        """What a pull remembers: which registry blob a layer came from (so a push can skip it)."""
        base = f"{self.image_dir}/distribution"
        for sub in ("diffid-by-digest", "diffid-by-digest/sha256", "v2metadata-by-diffid",
                    "v2metadata-by-diffid/sha256"):
            self.fs.mkdir(f"{self.root}/{base}/{sub}", 0o700, exist_ok=True)
        self._write(f"{base}/diffid-by-digest/sha256/{blob_digest[7:]}", diff_id.encode(), 0o600)
        meta = [{"Digest": blob_digest, "SourceRepository": repository, "HMAC": ""}]
        self._write(f"{base}/v2metadata-by-diffid/sha256/{diff_id[7:]}",
                    json.dumps(meta, separators=(",", ":")).encode(), 0o600)

    # ------------------------------------------------------------- containers

    def add_container(self, c) -> None:
        """``layerdb/mounts/<id>`` and ``containers/<id>/`` (the driver has made the layers themselves)."""
        parent = c.image.top_layer
        mounts = f"{self.image_dir}/layerdb/mounts/{c.id}"
        self.fs.mkdir(f"{self.root}/{mounts}", 0o755)
        self._write(f"{mounts}/init-id", f"{c.mount_id}-init".encode())
        self._write(f"{mounts}/mount-id", c.mount_id.encode())
        if parent is not None:
            self._write(f"{mounts}/parent", parent.chain_id.encode())
        self._container_dir(c)

    def _container_dir(self, c) -> None:
        base = f"containers/{c.id}"
        self.fs.mkdir(f"{self.root}/{base}", 0o710)
        for sub in ("checkpoints", "mounts"):
            self.fs.mkdir(f"{self.root}/{base}/{sub}", 0o700)
        self._write(f"{base}/hostname", f"{c.config['Hostname']}\n".encode())
        self._write(f"{base}/hosts", etc_hosts(c.config, c.host_config.get("ExtraHosts") or []).encode())
        self._write(f"{base}/resolv.conf", b"# Generated by Docker Engine.\nnameserver 10.0.2.3\nsearch .\n\n"
                                          b"# Based on host file: '/etc/resolv.conf' (legacy)\n")
        self._write(f"{base}/resolv.conf.hash", Blob.synthetic(64, f"resolv-hash:{c.id}"), 0o600)

    def write_container_state(self, c, doc: dict) -> None:
        base = f"containers/{c.id}"
        self._write(f"{base}/config.v2.json", json.dumps(doc, separators=(",", ":")).encode(), 0o600)
        self._write(f"{base}/hostconfig.json", json.dumps(c.host_config, separators=(",", ":")).encode(), 0o600)
        lines = "".join(json.dumps({"log": line + "\n", "stream": stream, "time": _log_time(t)},
                                   separators=(",", ":")) + "\n"
                        for t, stream, line in c.logs)
        self._write(f"{base}/{c.id}-json.log", lines.encode(), 0o640)

    def mount_container(self, c) -> None:
        """A running container has its /dev/shm."""
        self.fs.mkdir(f"{self.root}/containers/{c.id}/mounts/shm", 0o1777, exist_ok=True)

    def unmount_container(self, c) -> None:
        self._rm(f"containers/{c.id}/mounts/shm")

    def remove_container(self, c) -> None:
        self._rm(f"{self.image_dir}/layerdb/mounts/{c.id}")
        self._rm(f"containers/{c.id}")

    # ----------------------------------------------------------------- images

    def add_image(self, image: Image, now_rfc3339: str) -> None:
        hexid = image.id[7:]
        self._write(f"{self.image_dir}/imagedb/content/sha256/{hexid}", image.config_json, 0o600)
        meta = f"{self.image_dir}/imagedb/metadata/sha256/{hexid}"
        self.fs.mkdir(f"{self.root}/{meta}", 0o700, exist_ok=True)
        self._write(f"{meta}/lastUpdated", now_rfc3339.encode(), 0o600)
        if image.parent:
            self._write(f"{meta}/parent", image.parent.encode(), 0o600)

    def remove_image(self, image: Image) -> None:
        hexid = image.id[7:]
        self._rm(f"{self.image_dir}/imagedb/content/sha256/{hexid}")
        self._rm(f"{self.image_dir}/imagedb/metadata/sha256/{hexid}")

    def write_repositories(self, repositories: dict[str, dict[str, str]]) -> None:
        doc = {"Repositories": {k: dict(sorted(v.items())) for k, v in sorted(repositories.items())}}
        self._write(f"{self.image_dir}/repositories.json", json.dumps(doc, separators=(",", ":")).encode(), 0o600)


HOSTS_DEFAULTS = ("127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::\tip6-localnet\n"
                  "ff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n")
CONTAINER_IP = "172.17.0.2"
HOST_GATEWAY_IP = "172.17.0.1"
"""The default bridge's gateway, which ``--add-host NAME:host-gateway`` stands for."""


def etc_hosts(config: dict, extra_hosts: list[str]) -> str:
    """libnetwork's ``buildHostsFile``: the defaults, each ``--add-host`` (``name:ip``), then the container's own
    address with its full name (``--hostname`` and ``--domainname``) and, when that has dots, its first label."""
    lines = [HOSTS_DEFAULTS]
    for item in extra_hosts:
        name, _, ip = item.partition(":")
        lines.append(f"{HOST_GATEWAY_IP if ip == 'host-gateway' else ip_address(ip)}\t{name}\n")
    names = config["Hostname"] + (f".{config['Domainname']}" if config.get("Domainname") else "")
    if "." in names:
        names += " " + names.partition(".")[0]
    return "".join(lines) + f"{CONTAINER_IP}\t{names}\n"


def _log_time(seconds: int) -> str:
    from storagekit.sim.clock import rfc3339

    return rfc3339(seconds, nanos=True)
