"""Images: a config JSON naming its layers, identified by the digest of that JSON.

In the classic (graph driver) store an image ID is ``sha256`` of the config
JSON, whose ``rootfs.diff_ids`` lists the layers base first. Two images with the
same layers and different metadata (another ``ENTRYPOINT``) differ in ID and
share every layer. Tags live apart from images (``repositories.json``): a tag
moves to a new image, and an image that loses its last tag while nothing uses it
becomes *dangling* (``<none>:<none>``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from storagekit.docker import reference as refs
from storagekit.docker.layers import Layer
from storagekit.docker.errors import InvalidReference, NoSuchImage, NotFound
from storagekit.sim.ids import sha256_digest


def canonical_json(obj: object) -> bytes:
    """Compact JSON as Go's encoder writes it (no spaces; ``<``, ``>``, ``&`` escaped)."""
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode()


@dataclass(eq=False)
class Image:
    id: str
    config_json: bytes
    top_layer: Layer | None
    parent: str = ""
    """The classic builder's parent image (BuildKit leaves this empty)."""
    repo_digests: list[str] = field(default_factory=list)
    last_tag_time: int | None = None
    attested: bool = False
    """Exported by BuildKit to the containerd store with a provenance attestation: its ID names an index."""

    @property
    def config(self) -> dict:
        return json.loads(self.config_json)

    @property
    def layers(self) -> list[Layer]:
        return self.top_layer.chain if self.top_layer else []

    @property
    def size(self) -> int:
        return sum(layer.size for layer in self.layers)

    @property
    def short_id(self) -> str:
        return self.id[7:19]

    def history(self) -> list[tuple[dict, Layer | None]]:
        """The config's history rows, oldest first, each with the layer it made (None for an ``empty_layer``
        row: ENV, CMD, LABEL...). Rows and layers pair up in order, as ``docker history`` and dive pair them."""
        layers = iter(self.layers)
        return [(row, None if row.get("empty_layer") else next(layers, None))
                for row in self.config.get("history") or []]

    @property
    def config_digest(self) -> str:
        """The config blob's digest: the image ID with graph drivers; the containerd store names images by
        their manifest or index instead."""
        return image_id_of(self.config_json)


def make_config(*, architecture: str, os: str, created: str, container_config: dict, history: list[dict], diff_ids: list[str], extra: dict | None = None) -> bytes:
    """The image config JSON in the key order Docker writes it."""
    doc: dict = {"architecture": architecture, "config": container_config, "created": created, "history": history, "os": os}
    if extra:
        doc.update(extra)
    doc["rootfs"] = {"type": "layers", "diff_ids": diff_ids}
    return canonical_json(doc)


class ImageStore:
    """Images by id and the tag table; the rules of ``docker tag`` and ``docker rmi`` live here."""

    def __init__(self, *, containerd: bool = False) -> None:
        self.containerd = containerd
        """Whether images live in containerd's store, which says so when an id prefix fits several images."""
        self.images: dict[str, Image] = {}
        self.tags: dict[str, str] = {}
        """Canonical reference (``docker.io/library/ubuntu:22.04``) -> image id."""

    def add(self, image: Image) -> tuple[Image, bool]:
        existing = self.images.get(image.id)
        if existing is not None:
            return existing, False
        self.images[image.id] = image
        return image, True

    def tags_of(self, image_id: str) -> list[str]:
        return sorted(str(refs.parse(r)) for r, i in self.tags.items() if i == image_id)

    def tag(self, ref: refs.Reference, image_id: str) -> str | None:
        """Point ``ref`` at an image; returns the image id it pointed at before (if another)."""
        key = ref.with_default_tag().canonical
        previous = self.tags.get(key)
        self.tags[key] = image_id
        return previous if previous != image_id else None

    def untag(self, ref: refs.Reference) -> str:
        key = ref.with_default_tag().canonical
        try:
            return self.tags.pop(key)
        except KeyError:
            raise NoSuchImage(str(ref.with_default_tag())) from None

    def resolve(self, text: str) -> Image:
        """Find an image by name[:tag], name@digest, full or short id, as the daemon does."""
        image = self.lookup(text)
        if image is None:
            shown = text
            try:
                r = refs.parse(text)
                shown = str(r.with_default_tag()) if not r.digest else str(r)
            except InvalidReference:
                pass
            raise NoSuchImage(shown)
        return image

    def lookup(self, text: str) -> Image | None:
        """The image ``text`` names, or None. An id prefix that fits several images names none in the classic
        store (its digest set finds it ambiguous); containerd's store says ``ambiguous reference``."""
        hexpart = text[7:] if text.startswith("sha256:") else text
        if text.startswith("sha256:") and text in self.images:
            return self.images[text]
        try:
            r = refs.parse(text)
        except InvalidReference:
            r = None
        if r is not None:
            if r.digest:
                for image in self.images.values():
                    if any(d.split("@")[-1] == r.digest and d.split("@")[0] == r.familiar_name for d in image.repo_digests):
                        return image
            else:
                image_id = self.tags.get(r.with_default_tag().canonical)
                if image_id is not None:
                    return self.images[image_id]
        if len(hexpart) >= 1 and all(c in "0123456789abcdef" for c in hexpart):
            matches = [i for i in self.images.values() if i.id[7:].startswith(hexpart)]
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1 and self.containerd:
                raise NotFound("ambiguous reference")
        return None

    def children(self, image_id: str) -> list[Image]:
        return [i for i in self.images.values() if i.parent == image_id]

    def dangling(self) -> list[Image]:
        tagged = set(self.tags.values())
        return [i for i in self.images.values() if i.id not in tagged]


def image_id_of(config_json: bytes) -> str:
    return sha256_digest(config_json)
