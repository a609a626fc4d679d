"""The layer store: read-only layers identified by chainID, shared by every image that has them.

A layer is a diff (a tree in upperdir form) plus the ids the OCI image spec and
moby give it:

* ``diff_id``: sha256 of the layer's uncompressed tar;
* ``chain_id``: the diffID of the lowest layer, then
  ``sha256(parent_chain_id + " " + diff_id)`` upwards (moby ``layer.CreateChainID``),
  so it names the layer *together with everything below it*;
* ``cache_id``: the name of its directory under ``/var/lib/docker/overlay2``;
  random in Docker, derived from a seeded counter here. It is not derived from
  the content, which is why ``ls /var/lib/docker/overlay2`` shows names that match
  no image id.

Two images built on the same base hold the same ``Layer`` objects, which is the
point of the course's first chapter.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storagekit.fs.nodes import Dir, tree_size
from storagekit.fs.tar import diff_id as compute_diff_id
from storagekit.sim.ids import IdFactory, sha256_digest


def chain_id(parent_chain_id: str | None, diff_id: str) -> str:
    """OCI ChainID: ``H(n) = sha256(H(n-1) + " " + diffID(n))``, ``H(0) = diffID(0)``."""
    if parent_chain_id is None:
        return diff_id
    return sha256_digest(f"{parent_chain_id} {diff_id}")


def chain_ids(diff_ids: list[str]) -> list[str]:
    out: list[str] = []
    for d in diff_ids:
        out.append(chain_id(out[-1] if out else None, d))
    return out


@dataclass(eq=False)
class Layer:
    diff_id: str
    chain_id: str
    parent: Layer | None
    cache_id: str
    link: str
    """The 26-character short name used in ``overlay2/l/`` to keep mount options short."""
    root: Dir
    size: int
    """Bytes of file content in this layer's diff (what ``docker history`` shows)."""
    tar_size: int
    references: int = field(default=0)
    blob_digest: str = ""
    """The compressed blob's digest in the registry it was pulled from (empty for layers made here)."""
    depth: int = 1
    """How many layers this one stands on, itself included (what the storage limits count)."""

    @property
    def chain(self) -> list[Layer]:
        """This layer and its parents, lowest first."""
        out: list[Layer] = []
        layer: Layer | None = self
        while layer is not None:
            out.append(layer)
            layer = layer.parent
        out.reverse()
        return out

    def __repr__(self) -> str:
        return f"Layer({self.diff_id[7:19]}, size={self.size})"


class LayerStore:
    """Layers by chainID, reference-counted by the images (and build cache) that use them."""

    def __init__(self, ids: IdFactory) -> None:
        self.ids = ids
        self.layers: dict[str, Layer] = {}

    def get(self, chain_id_: str) -> Layer | None:
        return self.layers.get(chain_id_)

    def register(self, root: Dir, parent: Layer | None, *,
                 known_diff_id: tuple[str, int] | None = None) -> tuple[Layer, bool]:
        """Store a diff on top of ``parent``; returns ``(layer, created)``.

        If a layer with the same chainID exists, the existing one is returned and
        the new tree is dropped, as moby's layer store does.
        """
        did, tar_size = known_diff_id or compute_diff_id(root)
        cid = chain_id(parent.chain_id if parent else None, did)
        existing = self.layers.get(cid)
        if existing is not None:
            return existing, False
        layer = Layer(
            diff_id=did,
            chain_id=cid,
            parent=parent,
            cache_id=self.ids.hex("cache-id"),
            link=self.ids.base32("layer-link"),
            root=root,
            size=tree_size(root),
            tar_size=tar_size,
            depth=parent.depth + 1 if parent else 1,
        )
        self.layers[cid] = layer
        return layer, True

    def retain(self, layer: Layer) -> None:
        for lay in layer.chain:
            lay.references += 1

    def release(self, layer: Layer) -> list[Layer]:
        """Drop one reference to ``layer`` and its parents; returns the layers now unused (top first)."""
        freed: list[Layer] = []
        for lay in reversed(layer.chain):
            lay.references -= 1
            if lay.references <= 0:
                freed.append(lay)
                self.layers.pop(lay.chain_id, None)
        return freed


OVERLAY_MAX_LOWERS = 128
"""overlay2's ``maxDepth``: a new layer may stand on at most 128 lower directories, so that their links fit in
the one page of options the mount syscall takes (moby ``daemon/graphdriver/overlay2/overlay.go``)."""

LAYER_STORE_MAX_DEPTH = 125
"""moby's layer store refuses to register a layer on a parent this deep (``layer/layer_store.go``): pulls, loads,
commits and the classic builder's steps meet it; BuildKit's snapshots are made by the driver directly."""

MAX_DEPTH_EXCEEDED = "max depth exceeded"


def overlay_room(parent: Layer | None, above: int = 0) -> bool:
    """Whether overlay2 can make a layer on ``parent`` (and ``above`` more on top of that one, as a container's
    init and writable layers): a layer's lower directories are its parent and all below it."""
    return parent is None or parent.depth + above <= OVERLAY_MAX_LOWERS


def store_room(parent: Layer | None) -> bool:
    """Whether the layer store registers a layer on ``parent``."""
    return parent is None or parent.depth < LAYER_STORE_MAX_DEPTH
