"""The classic builder (``DOCKER_BUILDKIT=0``): one intermediate image per instruction.

Every instruction, metadata ones included, commits an image whose parent is the
previous step's image; the cache is "a child of the current image made by the
same instruction" and is not consulted again after the first miss (moby
``builder/dockerfile/internals.go``: ``probeCache``). A step whose change set is
empty records an ``empty_layer`` row and adds no layer. Output is the familiar
``Step 2/5 : ...`` / `` ---> Using cache`` transcript on stdout.

Each step is recorded as BuildKit's are (:class:`~storagekit.docker.build.record.BuildStep`),
so the build diagram draws either builder. Why the first miss missed is said
in the classic cache's own terms: the instruction text it compares, of the
newest child of the parent image.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

from storagekit.docker.build import steps
from storagekit.docker.build.builder import FS_STEPS, Builder, BuildRequest, Engine, StepFailed
from storagekit.docker.build.cache import CacheRecord, step_key
from storagekit.docker.build.dockerfile import DockerfileError, Instruction, expand, parse
from storagekit.docker.build.progress import Vertex
from storagekit.docker.build.record import BuildStep, CacheMiss
from storagekit.docker.errors import DockerError
from storagekit.docker.images import Image, ImageStore, make_config
from storagekit.docker.layers import MAX_DEPTH_EXCEEDED, Layer, store_room
from storagekit.fs import union
from storagekit.fs.nodes import Dir, File
from storagekit.sim.ids import IdFactory

if TYPE_CHECKING:
    from storagekit.docker.engine import EngineInfo

NOP = "/bin/sh -c #(nop) "


@dataclass
class ClassicOutcome:
    lines: list[str] = field(default_factory=list)
    image: Image | None = None
    error: str = ""
    status: int = 0
    steps: list[BuildStep] = field(default_factory=list)


def discard_volume_writes(upper: Dir, lowers: list[Dir], volumes) -> None:
    """Take out of a RUN step's change set what it wrote under the image's ``VOLUME`` paths.

    The classic builder runs a RUN step in a container, and that container gets
    an anonymous volume at each ``VOLUME`` path of the image so far: what the
    step writes there lands in the volume, which goes with the container, so the
    committed layer keeps none of it (BuildKit mounts no volume and keeps it).
    A mount point missing from the image is made in the layer, empty; one the
    image has is not touched, and the parents copied up only to reach it go too.
    """
    for path in sorted(volumes):
        names = [n for n in path.split("/") if n]
        dirs = [upper]  # the upper directories on the way to the mount point
        for name in names[:-1]:
            child = dirs[-1].children.get(name)
            if not isinstance(child, Dir):
                break
            dirs.append(child)
        mountpoint = dirs[-1].children.get(names[-1]) if names and len(dirs) == len(names) else None
        if mountpoint is None:
            continue
        if union.flat_entry(lowers, path) is None and isinstance(mountpoint, Dir):
            mountpoint.children.clear()
            mountpoint.opaque = False
            continue
        del dirs[-1].children[names[-1]]
        for depth in range(len(names) - 1, 0, -1):
            node = dirs[depth]
            if node.children or node.opaque or union.flat_entry(lowers, "/" + "/".join(names[:depth])) is None:
                break
            del dirs[depth - 1].children[names[depth - 1]]


def context_tar_size(root: Dir) -> int:
    """Bytes of the tar the client streams ("Sending build context to Docker daemon")."""
    total = 1024
    stack = [root]
    while stack:
        d = stack.pop()
        for node in d.children.values():
            total += 512
            if isinstance(node, Dir):
                stack.append(node)
            elif isinstance(node, File):
                total += -(-node.size // 512) * 512
    return total


class ClassicEngine(Engine, Protocol):
    """What the classic builder needs of the daemon besides BuildKit's needs: it looks images up, pulls them,
    and commits an image of every step."""

    images: ImageStore
    ids: IdFactory
    info: EngineInfo

    def pull(self, text: str) -> tuple[Image, list[str], bool]: ...
    def commit(self, config_json: bytes, top: Layer | None, parent: str = "") -> Image: ...


class ClassicBuilder(Builder):
    engine: ClassicEngine
    ins: Instruction
    """The instruction being run (set as each is dispatched)."""

    def __init__(self, engine: ClassicEngine, request: BuildRequest) -> None:
        super().__init__(engine, request)
        self.out = ClassicOutcome()
        self.busted = request.no_cache
        self.image_of: dict[str, Image | None] = {}
        self.total = 0
        self.number = 0
        self.step_name = ""
        """The step being run, as the transcript names it (``Step 2/5 : ENV A=1``)."""

    def say(self, line: str) -> None:
        self.out.lines.append(line)

    # ----------------------------------------------------------------- driver

    def run(self) -> ClassicOutcome:
        from storagekit.sim.units import human_size

        self.say(f"Sending build context to Docker daemon  {human_size(context_tar_size(self.req.context.tree), 4)}")
        self.say("")
        try:
            instructions = parse(self.req.dockerfile)
            plan, meta = self._plan(instructions)
        except DockerfileError as exc:
            return self._error("Error response from daemon: " + self._parse_refusal(exc), 1)
        self.total = sum(len(stage) for stage in plan)
        try:
            final = None
            for stage_ins in plan:
                final = self._run_stage(stage_ins, meta, multi=False)
        except StepFailed as exc:
            return self._error(self._classic_message(exc), self._status(exc))
        image = self.image_of.get(final.name) if final is not None else None
        if image is None:
            return self._error("No image was generated. Is your Dockerfile empty?", 1)
        self.out.image = image
        self.out.steps = self.steps
        return self.out

    def _parse_refusal(self, exc: DockerfileError) -> str:
        """The daemon refuses a Dockerfile before any output (``remotecontext.Detect``, ``instructions.Parse``),
        so the client gets it as an API error."""
        name = self.req.dockerfile_name
        if not self.req.dockerfile:
            return f"the Dockerfile ({name}) cannot be empty"
        if exc.message == "file with no instructions":
            return f"failed to parse {name}: file with no instructions"
        return exc.message

    def _error(self, message: str, status: int) -> ClassicOutcome:
        self.out.error, self.out.status = message, status
        self.out.steps = self.steps
        return self.out

    def _classic_message(self, exc: StepFailed) -> str:
        m = re.match(r'process "(.*)" did not complete successfully: exit code: (\d+)', exc.message, re.S)
        if m:
            return f"The command '{m.group(1)}' returned a non-zero code: {m.group(2)}"
        m = re.search(r'"(/[^"]*)": not found', exc.message)
        if m and exc.ins is not None and exc.ins.cmd in ("COPY", "ADD"):
            rel = m.group(1).lstrip("/")
            outside = any(a.startswith("..") or "/../" in a for a in exc.ins.args[:-1])
            if outside:
                bad = next(a for a in exc.ins.args[:-1] if a.startswith("..") or "/../" in a)
                return f"{exc.ins.cmd} failed: forbidden path outside the build context: {bad} ()"
            return (f"{exc.ins.cmd} failed: file not found in build context or excluded by .dockerignore: "
                    f"stat {rel}: file does not exist")
        return exc.message

    @staticmethod
    def _status(exc: StepFailed) -> int:
        m = re.search(r"exit code: (\d+)", exc.message)
        return int(m.group(1)) if m and int(m.group(1)) else 1

    # ----------------------------------------------------------------- stages

    def _load_metadata(self, plan, meta) -> None:
        """The classic builder resolves each base when it reaches its FROM step."""

    def _from(self, base: str, name: str, ins: Instruction, total: int, multi: bool, no_cache: bool) -> steps.Stage:
        self._step(ins)
        if base.lower() not in self.by_name and base != "scratch" and self.engine.images.lookup(base) is None:
            from storagekit.docker import reference as refs

            try:
                shown = refs.parse(base).with_default_tag()
                image, lines, _ = self.engine.pull(base)
            except DockerError as exc:
                raise StepFailed(exc.message, ins) from None
            self.say(f"{shown.tag}: Pulling from {shown.path}")
            self.out.lines.extend(lines)
            self.say(f"Digest: {image.repo_digests[0].split('@')[1]}")
            self.say(f"Status: Downloaded newer image for {shown}")
        stage = super()._from(base, name, ins, total, multi, no_cache)
        self.vertices.clear()
        self.steps[-1] = replace(self.steps[-1], name=self.step_name)
        parent_stage = self.by_name.get(base.lower())
        base_image = self.image_of.get(parent_stage.name) if parent_stage else (
            None if base == "scratch" else self.engine.images.lookup(base))
        self.image_of[name] = base_image
        if base_image is not None:
            self.say(f" ---> {base_image.short_id}")
        return stage

    def _step(self, ins: Instruction) -> None:
        self.number += 1
        self.step_name = f"Step {self.number}/{self.total} : {ins.original.strip()}"
        self.say(self.step_name)

    def _dispatch(self, stage: steps.Stage, ins: Instruction, multi: bool, no_cache: bool) -> None:
        self._step(ins)
        self.ins = ins
        if ins.cmd in FS_STEPS:
            super()._dispatch(stage, ins, multi, no_cache)
            return
        parent = self.image_of.get(stage.name)
        super()._dispatch(stage, ins, multi, no_cache)
        shown = f"EXPOSE {' '.join(ins.args)}" if ins.cmd == "EXPOSE" else stage.history[-1]["created_by"]
        text = f"{NOP} {shown}"
        key = step_key(parent.id if parent else "", text)
        stage.history[-1] = {"created": None, "created_by": text, "empty_layer": True}
        self._probe_or_commit(stage, key, parent, lambda: None, container=True)

    def _commit_step(self, stage, key, description, history_text, vertex: Vertex, no_cache: bool, execute,
                     inputs, source_stage: str = "") -> None:
        """The classic cache is probed by parent image and instruction; BuildKit's ``inputs`` play no part."""
        parent = self.image_of.get(stage.name)
        ins = self.ins
        text = self._created_by(stage, ins, history_text, inputs)
        classic_key = step_key(parent.id if parent else "", text, key)
        stage.history.append({"created": None, "created_by": text})

        def run() -> None:
            from storagekit.fs import FileSystem

            upper = Dir()
            fs = FileSystem(upper, stage.lowers(), clock=self.engine.clock)
            volumes = sorted(stage.config.get("Volumes") or {}) if ins.cmd == "RUN" else []
            for path in volumes:  # the mount points of the step container's anonymous volumes
                fs.mkdir(path, parents=True, exist_ok=True)
            try:
                execute(fs, vertex)
            finally:
                self.out.lines.extend(line for _, line in vertex.logs)
            discard_volume_writes(upper, stage.lowers(), volumes)
            if upper.children:
                if not store_room(stage.top):
                    raise StepFailed(MAX_DEPTH_EXCEEDED, ins)
                stage.top = self.engine.register_layer(upper, stage.top)
            else:
                stage.history[-1]["empty_layer"] = True

        self._probe_or_commit(stage, classic_key, parent, run, container=ins.cmd in ("RUN", "WORKDIR"))

    def _created_by(self, stage: steps.Stage, ins: Instruction, buildkit_text: str, inputs) -> str:
        """The history text, which the classic cache compares; a COPY's names the digest of what it copies (moby's
        ``calcCopyInfo``), so changed files make another text, as they make another BuildKit key."""
        if ins.cmd == "RUN":
            return buildkit_text.removeprefix("RUN ").removesuffix(" # buildkit")
        if ins.cmd in ("COPY", "ADD"):
            kind = "dir" if len(ins.args) > 2 or ins.args[0] in (".", "./") or ins.args[0].endswith("/") else "file"
            files = [value for name, value in (inputs.values if inputs else ()) if name.startswith("file ")]
            digest = step_key("", files or [ins.args[:-1], buildkit_text])[7:]
            dest = steps.resolve_dest(stage, expand(ins.args[-1], stage.expansion_env()))
            return f"{NOP}{ins.cmd} {kind}:{digest} in {dest} "
        return f"{NOP}WORKDIR {stage.workdir}"

    def _probe_or_commit(self, stage: steps.Stage, key: str, parent: Image | None, run, *, container: bool) -> None:
        cache = self.engine.cache.classic
        below = stage.top
        hit = None if self.busted else self.engine.images.images.get(cache.get(key, ""))
        if hit is not None:
            self.say(" ---> Using cache")
            cfg = hit.config
            stage.top, stage.config = hit.top_layer, dict(cfg.get("config") or {})
            stage.history = list(cfg.get("history") or [])
            self.image_of[stage.name] = hit
            self.say(f" ---> {hit.short_id}")
            self.steps.append(BuildStep(self.step_name, stage.name, "CACHED", key, _added(hit.top_layer, below)))
            return
        miss = self._miss(parent, stage.history[-1]["created_by"])
        self.busted = True
        cid = self.engine.ids.hex("container")
        if container:
            self.say(f" ---> Running in {cid[:12]}")
        try:
            run()
        except StepFailed:
            self.steps.append(BuildStep(self.step_name, stage.name, "ERROR", key, None, miss))
            raise
        now = self.engine.clock.isoformat()
        for row in stage.history:
            if row.get("created") is None:
                row["created"] = now
        config = make_config(architecture="amd64", os="linux", created=now,
                             container_config=_clean(stage.config), history=stage.history,
                             diff_ids=[layer.diff_id for layer in (stage.top.chain if stage.top else [])],
                             extra={"container": cid, "docker_version": self.engine.info.version})
        image = self.engine.commit(config, stage.top, parent=parent.id if parent else "")
        cache[key] = image.id
        if container:
            self.say(f" ---> Removed intermediate container {cid[:12]}")
        self.say(f" ---> {image.short_id}")
        self.image_of[stage.name] = image
        self.steps.append(BuildStep(self.step_name, stage.name, "DONE", key, _added(stage.top, below), miss))
        self.engine.clock.advance(1)

    def _miss(self, parent: Image | None, created_by: str) -> CacheMiss:
        """Why the classic cache had nothing: ``--no-cache``, a step below ran, or the newest image built on the
        same parent was made by another instruction (a COPY of other files shows as another digest)."""
        if self.req.no_cache:
            return CacheMiss("no-cache")
        if self.busted:
            return CacheMiss("parent")
        built = set(self.engine.cache.classic.values())
        children = [image for image in self.engine.images.images.values()
                    if image.id in built and image.parent == (parent.id if parent else "")]
        if not children:
            return CacheMiss("new", parent.short_id if parent else "scratch")
        newest = children[-1]
        before = (newest.config.get("history") or [{}])[-1].get("created_by", "")
        layer = _added(newest.top_layer, parent.top_layer if parent else None)
        previous = CacheRecord(newest.short_id, newest.id, layer, before.removeprefix(NOP), 0, 0)
        copied = re.compile(rf"{re.escape(NOP)}(COPY|ADD) \w+:(\w+) in (.*)")
        old, new = copied.fullmatch(before), copied.fullmatch(created_by)
        if old and new and (old[1], old[3]) == (new[1], new[3]):
            return CacheMiss("file", " ".join(self.ins.args[:-1]), old[2], new[2], previous)
        return CacheMiss("instruction", "", before.removeprefix(NOP), created_by.removeprefix(NOP), previous)


def _added(top: Layer | None, below: Layer | None) -> Layer | None:
    """The layer a step added, if it added one (a metadata step's image shares its parent's top layer)."""
    return top if top is not None and top is not below else None


def _clean(cfg: dict) -> dict:
    from storagekit.docker.engine import clean_config

    return clean_config(cfg)


__all__ = ["ClassicBuilder", "ClassicOutcome", "context_tar_size"]
