"""The Docker daemon's state on one simulated host: layers, images, tags, build cache, data root.

Every operation either completes or raises before changing anything (a failed
build commits nothing to the image store). Programs that a RUN step executes are
run by a ``runner`` supplied by the command layer, so the engine needs no shell.
"""

from __future__ import annotations

from dataclasses import dataclass

from storagekit.docker import reference as refs
from storagekit.docker import top
from storagekit.docker.build.builder import Builder, BuildOutcome
from storagekit.docker.build.cache import BuildCache, step_key
from storagekit.docker.build.progress import Vertex
from storagekit.docker.build.record import BuildRecord
from storagekit.docker.containers import ContainerStore
from storagekit.docker.content import ContainerdDataRoot, attestation_blobs, manifest_json
from storagekit.docker.drivers.host import DATA_ROOT
from storagekit.docker.errors import NotFound, PullAccessDenied, ReservedName
from storagekit.docker.events_service import EventsService
from storagekit.docker.image_ops import ImageOps
from storagekit.docker.images import Image, ImageStore, image_id_of, make_config
from storagekit.docker.layers import Layer, LayerStore
from storagekit.docker.layout import DataRoot
from storagekit.docker.lifecycle import ContainerOps
from storagekit.docker.listing import ListingOps
from storagekit.docker.storage import make_driver
from storagekit.docker.volumes.service import VolumeOps
from storagekit.docker.volumes.store import VolumeStore
from storagekit.fs import FileSystem
from storagekit.fs.devices import dev_tree
from storagekit.fs.nodes import Blob, Dir
from storagekit.runc.process import Runner
from storagekit.sim import kernel
from storagekit.sim.clock import Clock, parse_rfc3339, rfc3339
from storagekit.sim.errors import NotSimulated
from storagekit.sim.events import EventLog
from storagekit.sim.ids import IdFactory, sha256_digest

MAX_CONCURRENT_DOWNLOADS = 3
"""dockerd's default ``max-concurrent-downloads``: later layers print ``Waiting`` first."""
_DIFF_IDS: dict[str, tuple[str, int]] = {}
"""diffIDs of catalogue layers, computed once per process (their trees are deterministic)."""


@dataclass(frozen=True)
class EngineInfo:
    version: str = "28.2.2"
    api_version: str = "1.50"
    storage_driver: str = "overlay2"
    backing_filesystem: str = "extfs"
    image_store: str = "graphdriver"
    d_type: bool = True
    rootless: bool = False
    kernel_version: str = kernel.RELEASE


class DockerEngine(ContainerOps, ImageOps, ListingOps, VolumeOps):
    def __init__(self, fs: FileSystem, clock: Clock, ids: IdFactory, events: EventLog, runner: Runner,
                 info: EngineInfo | None = None, volumes: VolumeStore | None = None) -> None:
        self.fs, self.clock, self.ids, self.events = fs, clock, ids, events
        self.runner = runner
        self.machine = None
        self.background = {}
        self.last_pid = top.PIDS_AT_BOOT
        self.info = info or EngineInfo()
        self.layers = LayerStore(ids)
        self.images = ImageStore(containerd=self.uses_containerd)
        self.cache = BuildCache(self.layers)
        self.graph = make_driver(self.info.storage_driver, fs, DATA_ROOT, self.info.image_store)
        store = ContainerdDataRoot if self.uses_containerd else DataRoot
        self.data_root = store(fs, ids.hex("engine-id", 32), self.graph)
        self.pulled_by_builder: dict[str, Image] = {}
        self.containers = ContainerStore()
        self.volumes = volumes if volumes is not None else VolumeStore(fs, ids, clock)
        """Volumes belong to the data root, so daemons with different drivers on one host share them."""
        self.events_service = EventsService(clock)
        self.volumes.event_logger = self.events_service.volume
        self.sent_contexts: dict[str, dict[str, str]] = {}
        """What the builder already holds of each context directory (BuildKit's fsutil sync)."""
        self.last_build: BuildRecord | None = None
        """The last build's steps (BuildKit's or the classic builder's), which were CACHED, and why the first miss
        missed."""

    @property
    def uses_containerd(self) -> bool:
        """Whether images live in containerd's content store and snapshotter (Engine 29's default)."""
        return self.info.image_store == "containerd"

    def read_only_trees(self) -> list[Dir]:
        """The trees no operation changes in place: the layers' diffs, and the whole trees a driver derives from
        them. Snapshots of the host share them."""
        layers = list(self.layers.layers.values())
        return [layer.root for layer in layers] + self.graph.read_only_trees(layers)

    # ----------------------------------------------------------------- layers

    def register_layer(self, root: Dir, parent: Layer | None, known_diff_id: tuple[str, int] | None = None,
                       blob_digest: str = "") -> Layer:
        layer, created = self.layers.register(root, parent, known_diff_id=known_diff_id)
        if created:
            layer.blob_digest = blob_digest
            self.data_root.add_layer(layer)
            self.events.emit("LayerCreated", layer.diff_id, size=layer.size, chain_id=layer.chain_id)
        return layer

    def _release(self, layer: Layer | None) -> list[Layer]:
        if layer is None:
            return []
        freed = self.layers.release(layer)
        for lay in freed:
            self.data_root.remove_layer(lay)
            self.events.emit("LayerRemoved", lay.diff_id, size=lay.size)
        return freed

    # ----------------------------------------------------------------- images

    def commit(self, config_json: bytes, top: Layer | None, parent: str = "", repo_digests: list[str] | None = None,
               index_digest: str = "", attest: bool = False) -> Image:
        """Store an image; its ID is the config's digest, or with the containerd store the digest of what
        names it there: the pulled index (``index_digest``), BuildKit's index with its provenance
        attestation (``attest``), or the manifest."""
        image = Image(image_id_of(config_json), config_json, top, parent, list(repo_digests or []))
        if self.uses_containerd:
            image.attested = attest and not index_digest
            image.id = index_digest or (sha256_digest(attestation_blobs(image)[-1][1]) if image.attested
                                        else sha256_digest(manifest_json(image)))
        image_id = image.id
        existing = self.images.images.get(image_id)
        if existing is not None:
            return existing
        if top is not None:
            self.layers.retain(top)
        self.images.add(image)
        self.data_root.add_image(image, self.clock.isoformat(nanos=True))
        self.events.emit("ImageCreated", image_id)
        return image

    def tag(self, ref: refs.Reference, image: Image, *, log: bool = True) -> Image | None:
        """Point a tag at ``image``; returns the image that lost it, if any. A pull or a load sets its tags in
        the reference store directly, without the ``tag`` event (``log=False``)."""
        previous = self.images.tag(ref, image.id)
        self._write_repositories()
        if log:
            self.log_image_event(image.id, str(ref), "tag")
        return self.images.images.get(previous) if previous else None

    def _write_repositories(self) -> None:
        repos: dict[str, dict[str, str]] = {}
        for key, image_id in self.images.tags.items():
            r = refs.parse(key)
            repos.setdefault(r.familiar_name, {})[str(r)] = image_id
        for image in self.images.images.values():
            for d in image.repo_digests:
                repos.setdefault(d.split("@")[0], {})[d] = image.id
        self.data_root.write_repositories(repos)

    def log_image_event(self, image_id: str, ref_name: str, action: str) -> None:
        """moby's ``LogImageEvent``: the image's labels go with it while it still exists."""
        image = self.images.images.get(image_id)
        labels = (image.config.get("config") or {}).get("Labels") if image is not None else None
        self.events_service.image(image_id, ref_name, action, labels)

    def delete_image(self, image: Image) -> list[Layer]:
        del self.images.images[image.id]
        self.data_root.remove_image(image)
        self._write_repositories()
        self.events.emit("ImageDeleted", image.id)
        return self._release(image.top_layer)

    # ------------------------------------------------------------------- pull

    def pull(self, text: str) -> tuple[Image, list[str], bool]:
        """Fetch an image from the catalogue; returns ``(image, progress lines, downloaded)``."""

        ref = refs.parse(text).with_default_tag()
        if ref.familiar_name == "scratch":
            raise ReservedName("scratch")
        spec = _catalogue_image(ref)
        if spec is None:
            raise PullAccessDenied(ref.familiar_name)
        local = self.images.lookup(ref.canonical)
        if local is not None and f"{spec.repository}@{spec.repo_digest}" in local.repo_digests:
            self.log_image_event(str(ref), ref.familiar_name, "pull")
            return local, [], False  # the manifest matches: nothing is fetched, no layer is listed
        image, lines, downloaded = self._materialize(spec)
        self.tag(ref, image, log=False)
        self.log_image_event(str(ref), ref.familiar_name, "pull")
        return image, lines, downloaded

    def _materialize(self, spec, *, store: bool = True) -> tuple[Image, list[str], bool]:
        """Register the layers of a catalogue image (reusing present ones) and commit its config.

        With ``store=False`` (a base image BuildKit fetches for FROM) the image is
        kept by the builder only: its layers are held, but ``docker images`` does
        not list it, as with the classic image store.
        """
        from storagekit.docker.catalogue import images as catalogue

        lines: list[str] = []
        parent: Layer | None = None
        diff_ids: list[str] = []
        downloaded = False
        mtime = parse_rfc3339(spec.created)
        pending: list[str] = []
        done: list[str] = []
        for layer_id in spec.layer_ids:
            lspec = catalogue.layer_spec(layer_id)
            known = _DIFF_IDS.get(layer_id)
            blob = _blob_digest(layer_id)
            short = blob[7:19]
            if known is not None:
                from storagekit.docker.layers import chain_id

                cid = chain_id(parent.chain_id if parent else None, known[0])
                existing = self.layers.get(cid)
                if existing is not None:
                    lines.append(f"{short}: Already exists")
                    if self.uses_containerd:
                        done.append(short)  # its snapshot is walked with the others, so it completes too
                    parent = existing
                    diff_ids.append(known[0])
                    continue
            root = lspec.build_tree(mtime)
            layer = self.register_layer(root, parent, known_diff_id=known, blob_digest=blob)
            _DIFF_IDS[layer_id] = (layer.diff_id, layer.tar_size)
            self.data_root.add_distribution(layer.diff_id, blob, f"docker.io/library/{spec.repository}"
                                            if "/" not in spec.repository else f"docker.io/{spec.repository}")
            diff_ids.append(layer.diff_id)
            lines.append(f"{short}: Pulling fs layer")
            if len(pending) >= MAX_CONCURRENT_DOWNLOADS and not self.uses_containerd:
                lines.append(f"{short}: Waiting")
            pending.append(short)
            done.append(short)
            parent = layer
            downloaded = True
        for short in pending:
            if not self.uses_containerd:  # containerd's pull reports no checksum step
                lines.append(f"{short}: Verifying Checksum")
            lines.append(f"{short}: Download complete")
        lines.extend(f"{short}: Pull complete" for short in done)
        config = make_config(
            architecture=spec.architecture, os=spec.os, created=spec.created,
            container_config=spec.config, history=spec.history, diff_ids=diff_ids,
        )
        repo_digest = f"{spec.repository}@{spec.repo_digest}"
        if not store:
            return Image(image_id_of(config), config, parent, repo_digests=[repo_digest]), lines, downloaded
        image = self.commit(config, parent, repo_digests=[repo_digest], index_digest=spec.repo_digest)
        if repo_digest not in image.repo_digests:
            image.repo_digests.append(repo_digest)
        return image, lines, downloaded

    # ------------------------------------------------------------------ build

    def base_image(self, text: str, platform: str = "linux/amd64") -> tuple[Image, list[str], str]:
        """The image a FROM names: local if present, else fetched into the build cache (not tagged)."""
        ref = refs.parse(text).with_default_tag()
        local = self.images.lookup(text)
        if local is not None:
            digest = next((d.split("@")[1] for d in local.repo_digests), "")
            return local, [], ref.canonical + (f"@{digest}" if digest else "")

        spec = _catalogue_image(ref)
        if spec is None:
            raise NotFound(
                "pull access denied, repository does not exist or may require authorization: server message: "
                "insufficient_scope: authorization failed"
            )
        cached = self.pulled_by_builder.get(ref.canonical)
        if cached is not None:
            return cached, [], f"{ref.canonical}@{spec.repo_digest}"
        image, _, downloaded = self._materialize(spec, store=False)
        self.pulled_by_builder[ref.canonical] = image
        canonical = f"{ref.canonical}@{spec.repo_digest}"
        for layer in image.layers:
            self.cache.put(step_key("", "pull", layer.chain_id), layer, f"pulled from {canonical}", self.clock.now)
        details = [f"resolve {canonical} done"] if downloaded else []
        return image, details, canonical

    def build(self, request, tags: list[refs.Reference]) -> tuple[BuildOutcome, Image | None]:
        """Run a build; on success commit the image, tag it, and add BuildKit's export step."""
        mark = self.events.mark()
        outcome = Builder(self, request).build()
        self.clock.advance(2 + int(sum(v.duration for v in outcome.vertices)))
        if outcome.error:
            self.last_build = BuildRecord(request.dockerfile_name, tuple(outcome.steps), error=outcome.error)
            return outcome, None
        top = outcome.top
        created = next((h["created"] for h in reversed(outcome.history) if h.get("created")), self.clock.isoformat())
        config = make_config(
            architecture="amd64", os="linux", created=created,
            container_config=clean_config(outcome.config or {}), history=outcome.history,
            diff_ids=[layer.diff_id for layer in (top.chain if top else [])],
        )
        image = self.commit(config, top, attest=True)
        self.log_image_event(image.id, image.id, "create")
        export = Vertex("exporting to image", duration=0.1)
        fresh = any(e.kind == "LayerCreated" for e in self.events.since(mark))
        export.details.append("exporting layers 0.1s done" if fresh else "exporting layers done")
        if self.uses_containerd:  # the containerd exporter names each blob it writes, then unpacks
            export.details.append(f"exporting manifest {sha256_digest(manifest_json(image))} done")
            export.details.append(f"exporting config {image.config_digest} done")
            blobs = attestation_blobs(image)
            export.details.append(f"exporting attestation manifest {sha256_digest(blobs[2][1])} done")
            export.details.append(f"exporting manifest list {image.id} done")
        else:
            export.details.append(f"writing image {image.id} done")
        for ref in tags:
            self.tag(ref, image)
            export.details.append(f"naming to {ref.canonical} done")
        if self.uses_containerd:
            export.details.extend(f"unpacking to {ref.canonical} 0.1s done" for ref in tags)
        outcome.vertices.append(export)
        self.last_build = BuildRecord(request.dockerfile_name, tuple(outcome.steps), image.id,
                                      tuple(str(ref.with_default_tag()) for ref in tags))
        return outcome, image

    def build_classic(self, request, tags: list[refs.Reference]):
        """Run the classic builder; on success tag the final image and add its closing lines."""
        from storagekit.docker.build.legacy import ClassicBuilder

        outcome = ClassicBuilder(self, request).run()
        if outcome.image is not None and not outcome.error:
            outcome.lines.append(f"Successfully built {outcome.image.short_id}")
            for ref in tags:
                self.tag(ref, outcome.image)
                outcome.lines.append(f"Successfully tagged {ref}")
            self.last_build = BuildRecord(request.dockerfile_name, tuple(outcome.steps), outcome.image.id,
                                          tuple(str(ref.with_default_tag()) for ref in tags), builder="classic")
        else:
            self.last_build = BuildRecord(request.dockerfile_name, tuple(outcome.steps), error=outcome.error,
                                          builder="classic")
        return outcome

    def transfer_context(self, context) -> int:
        """Bytes the client sends for ``context``: files new or changed since the last build of that directory."""
        from storagekit.docker.build.context import checksum
        from storagekit.fs.nodes import File

        previous = self.sent_contexts.get(context.root, {})
        current = {rel: checksum(node) for rel, node in context.files.items() if isinstance(node, File)}
        self.sent_contexts[context.root] = current
        changed = sum(context.files[rel].size for rel, digest in current.items() if previous.get(rel) != digest)
        return max(changed, 2)

    def run_in(self, fs: FileSystem, argv: list[str], *, cwd: str, env: dict[str, str],
               user: str) -> tuple[int, str, str]:
        """A RUN step's process: runc gives it a fresh /dev, which is not part of the layer."""
        detach = fs.attach("/dev", dev_tree(self.clock.now))
        try:
            return self.runner(fs, argv, cwd=cwd, env=env, user=user, build_step=True)
        finally:
            detach()

    # ------------------------------------------------------------------ prune

    def prune_build_cache(self) -> tuple[list, list[Layer]]:
        """``docker builder prune``: drop the cache records; layers no image holds go with them."""
        records, freed = self.cache.prune()
        self.pulled_by_builder.clear()
        for layer in freed:
            self.data_root.remove_layer(layer)
        self.events_service.log("prune", "builder", "", {"reclaimed": str(sum(r.size for r in records))})
        return records, freed

    # ------------------------------------------------------------ save / load

    def save(self, names: list[str]) -> Blob:
        """``docker save``: every named image (by tag or id) into one OCI layout archive, as lazy content (see
        :func:`storagekit.docker.archive.save`)."""
        from storagekit.docker import archive

        chosen: list[tuple[Image, list[str]]] = []
        for name in names:
            image = self.images.resolve(name)
            is_id = image.id[7:].startswith(name.removeprefix("sha256:"))
            tags = [] if is_id else [str(refs.parse(name).with_default_tag())]
            for existing, existing_tags in chosen:
                if existing is image:
                    existing_tags.extend(t for t in tags if t not in existing_tags)
                    break
            else:
                chosen.append((image, tags))
        for image, _tags in chosen:
            self.log_image_event(image.id, image.id, "save")
        return archive.save(chosen)

    def load(self, data: bytes) -> list[str]:
        """``docker load``: register the archive's layers and images; returns the lines Docker prints."""
        from storagekit.docker import archive

        lines: list[str] = []
        for config, trees, tags in archive.load(data):
            parent: Layer | None = None
            for root, diff_id, size in trees:
                parent = self.register_layer(root, parent, known_diff_id=(diff_id, size))
            image = self.commit(config, parent)
            if not tags:
                lines.append(f"Loaded image ID: {image.id}")
            for tag in tags:
                ref = refs.parse(tag).with_default_tag()
                old = self.tag(ref, image, log=False)
                if old is not None:
                    lines.append(f"The image {ref} already exists, "
                                 f"renaming the old one with ID {old.id} to empty string")
                lines.append(f"Loaded image: {ref}")
            self.log_image_event(image.id, image.id, "load")
        return lines

CONFIG_ORDER = ["User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Healthcheck", "Volumes", "WorkingDir", "Labels",
                "OnBuild", "StopSignal", "Shell"]


def clean_config(cfg: dict) -> dict:
    """The config keys an image config holds, in Docker's order, without the empty ones it omits."""
    out = {k: cfg[k] for k in CONFIG_ORDER if cfg.get(k) not in (None, "", [], {})}
    out.update({k: v for k, v in cfg.items() if k not in CONFIG_ORDER and v not in (None, "", [], {})})
    return out


def _blob_digest(layer_id: str) -> str:
    """Registries name layers by the digest of their compressed blob, which differs from the diffID.

    The catalogue does not hold compressed blobs, so this digest is derived from the layer's id.
    """
    from storagekit.sim.ids import sha256_digest

    return sha256_digest("blob:" + layer_id)


__all__ = ["DockerEngine", "EngineInfo", "rfc3339"]


def _catalogue_image(ref: refs.Reference):
    """The catalogue's image for a reference; None for a repository it does not have (the registry's answer), and
    :class:`NotSimulated` for a tag it lacks of a repository it has: Docker Hub may well have that one."""
    from storagekit.docker.catalogue import images as catalogue

    spec = catalogue.find_image(ref.canonical)
    if spec is None and ref.tag is not None and ref.familiar_name in catalogue.list_repositories():
        tags = sorted({t for s in catalogue.repository_images(ref.familiar_name) for t in s.tags})
        raise NotSimulated(f"{ref.familiar_name}:{ref.tag} is not in the simulator's catalogue of real images "
                           f"(Docker Hub may have it); its {ref.familiar_name} tags are: {', '.join(tags)}")
    return spec
