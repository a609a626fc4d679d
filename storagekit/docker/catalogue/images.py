"""The registry the simulated daemon pulls from: images and layers as data files.

``data/images/<repository>.json`` lists a repository's images (tags, digest,
config, history, layer ids); ``data/layers/<id>.json.gz`` holds one layer's diff
as entries ``[path, kind, mode, uid, gid, size, target, content?]``, parents
first. Kinds: ``d`` dir, ``f`` file, ``l`` symlink, ``h`` hard link (target = the
first name), ``c`` char device (target = ``"major,minor"``), ``w`` whiteout,
``o`` opaque dir. Images that share a real base share its layer id, so a pull
can say ``Already exists``. Files without content get synthetic bytes seeded by
layer and path: same layer, same bytes, in every run.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from storagekit.docker import reference as refs
from storagekit.docker.errors import InvalidReference
from storagekit.fs.nodes import Blob, Device, Dir, File, Node, Symlink, make_dirs, whiteout

DATA = Path(__file__).parent / "data"
RESERVED = {"scratch"}


@dataclass(frozen=True)
class ImageSpec:
    repository: str
    """The familiar name (``ubuntu``, ``library/`` and ``docker.io/`` dropped)."""
    tags: tuple[str, ...]
    repo_digest: str
    created: str
    architecture: str
    os: str
    config: dict
    history: list
    layer_ids: tuple[str, ...]

    @property
    def size(self) -> int:
        """Bytes of file content over all layers, as ``docker images`` adds them up."""
        return sum(layer_spec(lid).size for lid in self.layer_ids)


class LayerSpec:
    """One layer's diff, read lazily from its data file."""

    def __init__(self, layer_id: str, provenance: str, entries: list[list]) -> None:
        self.id = layer_id
        self.provenance = provenance
        self.entries = entries

    @property
    def size(self) -> int:
        return sum(e[5] for e in self.entries if e[1] == "f")

    @property
    def file_count(self) -> int:
        return sum(1 for e in self.entries if e[1] in "fh")

    def build_tree(self, mtime: int) -> Dir:
        """The diff as a tree of nodes: hard links share one File, whiteouts are 0:0 devices."""
        root = Dir(0o755, mtime=mtime)
        dirs = {"": root}
        files: dict[str, File] = {}
        prefix = self.id + ":"
        for e in self.entries:
            path, kind, mode, uid, gid, size, target = e[:7]
            parent, _, name = path.rpartition("/")
            pdir = dirs.get(parent)
            if pdir is None:
                pdir = dirs[parent] = make_dirs(root, parent, mtime)
            node: Node
            if kind == "d" or kind == "o":
                node = dirs[path] = Dir(mode, uid, gid, mtime)
                dirs[path].opaque = kind == "o"
            elif kind == "f":
                blob = Blob.from_bytes(e[7].encode()) if len(e) > 7 else Blob.synthetic(size, prefix + path)
                node = files[path] = File(blob, mode, uid, gid, mtime)
            elif kind == "h":
                node = files[target]
                files[target].nlink += 1
            elif kind == "l":
                node = Symlink(target, uid, gid, mtime)
            elif kind == "c":
                major, minor = target.split(",")
                node = Device(int(major), int(minor), mode, uid, gid, mtime)
            else:
                node = whiteout(mtime)
            pdir.children[name] = node
        return root


@cache
def _repositories() -> dict[str, list[ImageSpec]]:
    out: dict[str, list[ImageSpec]] = {}
    for path in sorted((DATA / "images").glob("*.json")):
        doc = json.loads(path.read_text())
        repo = doc["repository"]
        out[repo] = [
            ImageSpec(repo, tuple(i["tags"]), i["repo_digest"], i["created"], i.get("architecture", "amd64"),
                      i.get("os", "linux"), i["config"], i["history"], tuple(i["layers"]))
            for i in doc["images"]
        ]
    return out


def list_repositories() -> list[str]:
    return sorted(_repositories())


def repository_images(repository: str) -> list[ImageSpec]:
    """The images the catalogue holds for a repository (``python``), in its data file's order."""
    return list(_repositories().get(repository, []))


def find_image(reference: str) -> ImageSpec | None:
    """The image a reference names (``ubuntu``, ``library/ubuntu:22.04``, ``ubuntu@sha256:...``), or None."""
    try:
        ref = refs.parse(reference)
    except InvalidReference:
        return None
    if ref.domain != refs.DEFAULT_DOMAIN or ref.familiar_name in RESERVED:
        return None
    images = _repositories().get(ref.familiar_name, [])
    for spec in images:
        if ref.digest:
            if spec.repo_digest == ref.digest and (ref.tag is None or ref.tag in spec.tags):
                return spec
        elif (ref.tag or "latest") in spec.tags:
            return spec
    return None


@cache
def layer_spec(layer_id: str) -> LayerSpec:
    with gzip.open(DATA / "layers" / f"{layer_id}.json.gz", "rt", encoding="utf-8") as fh:
        doc = json.load(fh)
    return LayerSpec(doc["id"], doc["provenance"], doc["entries"])
