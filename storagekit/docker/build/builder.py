"""The BuildKit builder: a Dockerfile and a context in, an image and BuildKit's progress out.

Each filesystem step (FROM, RUN, COPY, ADD, WORKDIR) gets a cache key from its
parent's key and its inputs (see :mod:`cache`); a hit reuses the stored layer
and prints ``CACHED``, a miss runs the step on an overlay of the stage's layers
and stores the upper directory as a new layer. Metadata instructions only edit
the config. Nothing is committed to the image store until every step has
succeeded, so a failed build leaves the host's images and tags as they were
(its completed steps stay in the build cache, as in BuildKit).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Protocol

from storagekit.docker.build import mounts, steps
from storagekit.docker.build.cache import BuildCache, record_id, step_key
from storagekit.docker.build.checks import run_checks
from storagekit.docker.build.context import BuildContext, checksum
from storagekit.docker.build.dockerfile import DockerfileError, ExpandError, Instruction, expand, parse
from storagekit.docker.build.lint import Linter, LintWarning
from storagekit.docker.build.progress import SourceExcerpt, Vertex
from storagekit.docker.build.record import BuildStep, StepInputs, explain_miss, file_inputs
from storagekit.docker.errors import DockerError, InvalidReference
from storagekit.docker.images import Image
from storagekit.docker.layers import MAX_DEPTH_EXCEEDED, Layer, overlay_room
from storagekit.fs import FileSystem
from storagekit.fs.nodes import Dir, Node, tree_size
from storagekit.runc.process import StartError
from storagekit.sim.clock import Clock
from storagekit.sim.units import human_size


class Engine(Protocol):
    """What the builder needs from the daemon (``storagekit.docker.engine.DockerEngine``)."""

    clock: Clock
    cache: BuildCache

    def base_image(self, reference: str, platform: str) -> tuple[Image, list[str], str]: ...
    def register_layer(self, root: Dir, parent: Layer | None) -> Layer: ...
    def transfer_context(self, context: BuildContext) -> int: ...
    def run_in(self, fs: FileSystem, argv: list[str], *, cwd: str, env: dict[str, str],
               user: str) -> tuple[int, str, str]: ...


@dataclass
class BuildRequest:
    dockerfile: str
    dockerfile_name: str
    context: BuildContext
    build_args: dict[str, str] = field(default_factory=dict)
    target: str = ""
    no_cache: bool = False
    no_cache_filter: set[str] = field(default_factory=set)
    secrets: dict[str, bytes] = field(default_factory=dict)
    platform: str = "linux/amd64"


@dataclass
class BuildOutcome:
    vertices: list[Vertex]
    config: dict | None = None
    history: list[dict] = field(default_factory=list)
    top: Layer | None = None
    error: str = ""
    failed: Vertex | None = None
    source: SourceExcerpt | None = None
    multi_stage: bool = False
    steps: list[BuildStep] = field(default_factory=list)
    """The stages' steps with what the cache made of each (:mod:`storagekit.docker.build.record`)."""
    warnings: list[LintWarning] = field(default_factory=list)
    """BuildKit's lint warnings (:mod:`storagekit.docker.build.lint`), printed again after the progress."""


class StepFailed(Exception):
    def __init__(self, message: str, ins: Instruction | None) -> None:
        super().__init__(message)
        self.message, self.ins = message, ins


FS_STEPS = ("FROM", "RUN", "COPY", "ADD", "WORKDIR")


class Builder:
    def __init__(self, engine: Engine, request: BuildRequest) -> None:
        self.engine = engine
        self.req = request
        self.vertices: list[Vertex] = []
        self.stages: list[steps.Stage] = []
        self.by_name: dict[str, steps.Stage] = {}
        self.steps: list[BuildStep] = []
        self.warnings: list[LintWarning] = []
        self.context_loaded = False
        self.current: Instruction | None = None
        """The instruction being dispatched (a step's failure points at it)."""
        self.ran: set[str] = set()
        """Keys of the steps that ran in this build: a step above one of them misses because of it."""

    # ---------------------------------------------------------------- driver

    def build(self) -> BuildOutcome:
        req = self.req
        size = len(req.dockerfile.encode())
        self.vertices.append(Vertex(f"[internal] load build definition from {req.dockerfile_name}",
                                    [f"transferring dockerfile: {human_size(size, 3)} done"]))
        try:
            instructions = parse(req.dockerfile)
            plan, meta_args = self._plan(instructions)
        except DockerfileError as exc:
            self.vertices[-1].status, self.vertices[-1].error = "ERROR", exc.message
            return self._fail(exc.message, None, exc.line, exc.end_line)
        out = BuildOutcome(self.vertices, multi_stage=self.stage_count > 1, steps=self.steps)
        try:
            self._load_metadata(plan, meta_args)
            lint = self._lint(instructions)
            out.warnings = self.warnings = lint.warnings
            if lint.error():
                first = lint.warnings[0]
                return self._fail(lint.error(), None, first.line, first.end_line)
            self.vertices.append(Vertex("[internal] load .dockerignore", ["transferring context: 2B done"]))
            self.uses_context = any(_uses_context(i) for stage_ins in plan for i in stage_ins)
            final = None
            for stage_ins in plan:
                final = self._run_stage(stage_ins, meta_args, multi=self.stage_count > 1)
        except StepFailed as exc:
            line = exc.ins.line if exc.ins else 0
            return self._fail(exc.message, self.vertices[-1], line, exc.ins.end_line if exc.ins else 0)
        assert final is not None
        steps.fill_created(final.history, final.base_rows)
        out.config, out.history, out.top = final.config, final.history, final.top
        return out

    def _fail(self, message: str, vertex: Vertex | None, line: int, end: int) -> BuildOutcome:
        source = SourceExcerpt(self.req.dockerfile_name, self.req.dockerfile, line, end or line) if line else None
        failed = vertex if vertex is not None and vertex.status == "ERROR" else None
        return BuildOutcome(self.vertices, error=message, failed=failed, source=source, steps=self.steps,
                            warnings=self.warnings)

    def _lint(self, instructions: list[Instruction]) -> Linter:
        """BuildKit's checks; the Dockerfile's vertex shows their warnings."""
        def base_config(name: str) -> dict:
            try:
                return self.engine.base_image(name, self.req.platform)[0].config.get("config") or {}
            except DockerError:
                return {}

        try:
            lint = run_checks(self.req.dockerfile, instructions, build_args=self.req.build_args,
                              target=self.req.target, platform=self.req.platform, base_config=base_config)
        except DockerfileError as exc:
            raise StepFailed(exc.message, None) from None
        self.vertices[0].warnings = [w.short for w in lint.warnings]
        return lint

    def _plan(self, instructions: list[Instruction]) -> tuple[list[list[Instruction]], dict[str, str | None]]:
        """Split into stages, keep the ones the target needs, and check stage references."""
        meta: dict[str, str | None] = {}
        stages: list[list[Instruction]] = []
        for ins in instructions:
            if ins.cmd == "FROM":
                stages.append([ins])
            elif not stages:
                for raw in ins.args:
                    name, eq, value = raw.partition("=")
                    meta[name] = self.req.build_args.get(name, value if eq else None)
            else:
                stages[-1].append(ins)
        names = [s[0].args[2].lower() if len(s[0].args) == 3 else "" for s in stages]
        self.stage_count = len(stages)
        if self.req.target:
            if self.req.target not in names:
                raise DockerfileError(f'target stage "{self.req.target}" could not be found')
            stages = stages[: names.index(self.req.target) + 1]
        return stages, meta

    def _load_metadata(self, plan: list[list[Instruction]], meta: dict[str, str | None]) -> None:
        seen: set[str] = set()
        known = set()
        env = {k: v for k, v in meta.items() if v is not None}
        for stage_ins in plan:
            base = expand(stage_ins[0].args[0], env)
            if base.lower() in known or base == "scratch":
                pass
            elif base not in seen:
                seen.add(base)
                try:
                    _, _, canonical = self.engine.base_image(base, self.req.platform)
                except DockerError as exc:
                    self.vertices.append(Vertex(f"[internal] load metadata for {_canonical_guess(base)}",
                                                status="ERROR", error=exc.message))
                    raise StepFailed(f"{_canonical_guess(base)}: failed to resolve source metadata for "
                                     f"{_canonical_guess(base)}: {exc.message}", stage_ins[0]) from None
                self.vertices.append(Vertex(f"[internal] load metadata for {canonical.split('@')[0]}", duration=0.6))
            if len(stage_ins[0].args) == 3:
                known.add(stage_ins[0].args[2].lower())

    # ----------------------------------------------------------------- stages

    def _run_stage(self, ins_list: list[Instruction], meta: dict[str, str | None], multi: bool) -> steps.Stage:
        from_ins = ins_list[0]
        env = {k: v for k, v in meta.items() if v is not None}
        try:
            base = expand(from_ins.args[0], env)
        except ExpandError as exc:
            raise StepFailed(str(exc), from_ins) from None
        name = from_ins.args[2].lower() if len(from_ins.args) == 3 else f"stage-{len(self.stages)}"
        total = sum(1 for i in ins_list if i.cmd in FS_STEPS)
        no_cache = self.req.no_cache or name in self.req.no_cache_filter
        stage = self._from(base, name, from_ins, total, multi, no_cache)
        for ins in ins_list[1:]:
            self._dispatch(stage, ins, multi, no_cache)
        self.stages.append(stage)
        self.by_name[name] = stage
        return stage

    def _from(self, base: str, name: str, ins: Instruction, total: int, multi: bool, no_cache: bool) -> steps.Stage:
        stage = steps.Stage(name, len(self.stages), None, {}, [], "", total=total)
        stage.step = 1
        if base.lower() in self.by_name:
            parent = self.by_name[base.lower()]
            stage.top, stage.config = parent.top, _copy_config(parent.config)
            stage.history, stage.key = list(parent.history), parent.key
            stage.base_rows, stage.args = parent.base_rows, {}
            self.steps.append(BuildStep(f"FROM {base}", name, "DONE", stage.key, stage.top, source_stage=parent.name))
            return stage
        if base == "scratch":
            stage.key = step_key("", "scratch")
            stage.config = {"Env": [f"PATH={steps.DEFAULT_PATH}"]}
            self.engine.cache.bases[stage.key] = ("scratch", "")
            self.steps.append(BuildStep("FROM scratch", name, "DONE", stage.key))
            return stage
        image, pull_details, canonical = self.engine.base_image(base, self.req.platform)
        cfg = image.config
        stage.top = image.top_layer
        stage.config = _copy_config(cfg.get("config") or {})
        stage.history = list(cfg.get("history") or [])
        stage.base_rows = len(stage.history)
        stage.key = step_key("", "from", image.id)
        vertex = Vertex(f"{stage.label(multi)} FROM {canonical}", list(pull_details))
        vertex.duration = 0.0 if not pull_details else 2.1
        self.vertices.append(vertex)
        self.engine.cache.bases[stage.key] = (base, image.id)
        self.steps.append(BuildStep(vertex.name, name, "DONE", stage.key, stage.top))
        self._load_context()
        for trigger in stage.config.get("OnBuild") or []:
            try:
                for t in parse("FROM scratch\n" + trigger)[1:]:
                    self._dispatch(stage, t, multi, no_cache)
            except DockerfileError as exc:
                raise StepFailed(exc.message, ins) from None
        stage.config["OnBuild"] = None
        return stage

    def _load_context(self) -> None:
        """BuildKit sends the context once, after the first FROM, and only what changed since last time."""
        if getattr(self, "uses_context", False) and not self.context_loaded:
            self.context_loaded = True
            sent = self.engine.transfer_context(self.req.context)
            self.vertices.append(Vertex("[internal] load build context",
                                        [f"transferring context: {human_size(sent, 3)} done"]))

    def _dispatch(self, stage: steps.Stage, ins: Instruction, multi: bool, no_cache: bool) -> None:
        self.current = ins
        self._load_context()
        if ins.cmd not in FS_STEPS:
            try:
                text = steps.apply_metadata(stage, ins, self.req.build_args)
            except (ExpandError, ValueError) as exc:
                raise StepFailed(str(exc), ins) from None
            if text is not None:
                stage.history.append(steps.history_row(None, text, empty=True))
            return
        stage.step += 1
        if ins.cmd == "RUN":
            self._run(stage, ins, multi, no_cache)
        elif ins.cmd in ("COPY", "ADD"):
            self._copy(stage, ins, multi, no_cache)
        elif ins.cmd == "WORKDIR":
            self._workdir(stage, ins, multi, no_cache)

    def _commit_step(self, stage: steps.Stage, key: str, description: str, history_text: str, vertex: Vertex,
                     no_cache: bool, execute, inputs: StepInputs, source_stage: str = "") -> None:
        """Reuse the cached result of ``key`` or run ``execute(fs)`` on a fresh upper layer.

        ``inputs`` names what ``key`` was made of: the record keeps them, and a miss is explained by them.
        """
        cache = self.engine.cache
        now = self.engine.clock.now
        record = None if no_cache else cache.get(key)
        self.vertices.append(vertex)
        miss = None
        if record is not None:
            cache.touch(record, now)
            vertex.status = "CACHED"
            layer = record.layer
        else:
            miss = explain_miss(cache.records.values(), cache.bases, inputs, no_cache, inputs.parent in self.ran)
            if not overlay_room(stage.top):
                self._too_deep(stage, key, vertex, miss, source_stage)
            self.ran.add(key)
            upper = Dir()
            fs = FileSystem(upper, stage.lowers(), clock=self.engine.clock)
            try:
                execute(fs, vertex)
            except StepFailed:
                self.steps.append(BuildStep(vertex.name, stage.name, "ERROR", key, None, miss, source_stage))
                raise
            layer = self.engine.register_layer(upper, stage.top)
            record = cache.put(key, layer, description, now, inputs=inputs)
        self.steps.append(BuildStep(vertex.name, stage.name, vertex.status, key, layer, miss, source_stage))
        stage.top, stage.key = layer, key
        stage.history.append(steps.history_row(self.engine.clock.isoformat(record.created), history_text, empty=False))

    def _too_deep(self, stage: steps.Stage, key: str, vertex: Vertex, miss, source_stage: str) -> None:
        """overlay2 cannot make the step's snapshot on a stack this deep: the cache manager says so
        (``failed to prepare PARENT as ID``), naming the parent's snapshot and the new one."""
        base = stage.key in self.engine.cache.bases and stage.top is not None
        parent = stage.top.chain_id if base and stage.top is not None else record_id(stage.key)
        vertex.status = "ERROR"
        vertex.error = f"failed to prepare {parent} as {record_id(key)}: {MAX_DEPTH_EXCEEDED}"
        self.steps.append(BuildStep(vertex.name, stage.name, "ERROR", key, None, miss, source_stage))
        raise StepFailed(vertex.error, self.current)

    def _run(self, stage: steps.Stage, ins: Instruction, multi: bool, no_cache: bool) -> None:
        argv = steps.run_argv(stage, ins)
        env, key_env = steps.run_env(stage, self.req.build_args)
        vertex = Vertex(f"{stage.label(multi)} {ins.original.strip()}")
        try:
            specs = [mounts.parse(m, stage.workdir) for m in ins.flags.get("mount", [])]
        except mounts.MountError as exc:
            raise StepFailed(f"dockerfile parse error on line {ins.line}: {exc}", ins) from None
        bound = {id(spec): self._mount_source(stage, ins, spec) for spec in specs if spec.type == "bind"}
        mount_keys = [(s.type, s.target, s.id, s.from_, s.source,
                       checksum(bound[id(s)]) if id(s) in bound else "") for s in specs]
        key = step_key(stage.key, "run", argv, sorted(key_env.items()), stage.workdir, stage.config.get("User", ""),
                       mount_keys)
        inputs = StepInputs(stage.key, "run", (
            ("instruction", ins.original.strip()), ("option SHELL", " ".join(argv[:-1]) if not ins.json else ""),
            *((f"{'env' if k in stage.env or k not in stage.args else 'build-arg'} {k}", v)
              for k, v in sorted(key_env.items())),
            ("workdir", stage.workdir), ("user", stage.config.get("User", "")),
            *((f"option --mount {m[1]}", repr(m)) for m in mount_keys)))

        def execute(fs: FileSystem, v: Vertex) -> None:
            attached = mounts.Mounted(fs)
            step_env = dict(env)
            try:
                for spec in specs:
                    node = self._mount_node(spec, bound.get(id(spec)), ins)
                    if spec.env and spec.id in self.req.secrets:
                        step_env[spec.env] = self.req.secrets[spec.id].decode(errors="replace")
                    if spec.target:
                        attached.attach(spec.target, node)
                code, out, err = self.engine.run_in(fs, argv, cwd=stage.workdir, env=step_env,
                                                    user=stage.config.get("User", ""))
            except StartError as exc:  # no shell in the image: runc's words
                code, out, err = None, "", str(exc)
            finally:
                attached.release()
            lines = (out + err).splitlines()
            v.duration = step_seconds(len(lines), tree_size(fs.upper) if fs.upper is not None else 0)
            for i, line in enumerate(lines):
                v.logs.append((0.2 + (v.duration - 0.3) * i / max(1, len(lines)), line))
            if code != 0:
                shown = " ".join(argv) if ins.json else f"{' '.join(stage.shell)} {' '.join(ins.args)}"
                reason = f"exit code: {code}" if code is not None else err
                if code is None:
                    v.logs.clear()
                v.status = "ERROR"
                v.error = f'process "{shown}" did not complete successfully: {reason}'
                raise StepFailed(v.error, ins)

        self._commit_step(stage, key, ins.original.strip(), steps.run_history(stage, argv), vertex, no_cache, execute,
                          inputs)

    def _mount_source(self, stage: steps.Stage, ins: Instruction, spec: mounts.MountSpec):
        """What a bind mount shows: a context path, or a path of a stage or image (``from=``)."""
        source = spec.source or "."
        if not spec.from_:
            node = self.req.context.lookup(source) if source not in (".", "/") else self.req.context.tree
            if node is None:
                raise StepFailed('failed to compute cache key: failed to calculate checksum of ref '
                                 f'{_ref_id(stage.key)}: "/{source.strip("/")}": not found', ins)
            return node
        return self._sources(stage, ins, [source], spec.from_)[0][1]

    def _mount_node(self, spec: mounts.MountSpec, bound, ins: Instruction):
        if spec.type == "cache":
            return self.engine.cache.mounts.setdefault(spec.id, Dir(spec.mode if spec.mode is not None else 0o755))
        if spec.type == "secret":
            if spec.id not in self.req.secrets:
                if spec.required:
                    raise StepFailed(f"secret {spec.id}: not found", ins)
                return Dir()
            return mounts.secret_file(self.req.secrets[spec.id], spec.mode)
        if spec.type == "tmpfs":
            return Dir(0o1777)
        return steps.clone(bound, None, None, None)

    def _copy(self, stage: steps.Stage, ins: Instruction, multi: bool, no_cache: bool) -> None:
        env = stage.expansion_env()
        try:
            words = [expand(a, env) for a in ins.args]
        except ExpandError as exc:
            raise StepFailed(str(exc), ins) from None
        srcs, dest = words[:-1], words[-1]
        source_name = ins.flag("from")
        remote = next((s for s in srcs if s.startswith(("http://", "https://", "git@"))), None)
        if ins.cmd == "ADD" and remote:
            host = remote.split("://", 1)[-1].split("/", 1)[0]
            msg = f'failed to load cache key: Get "{remote}": dial tcp: lookup {host}: no such host'
            self.vertices.append(Vertex(f"{stage.label(multi)} {ins.original.strip()}", status="ERROR", error=msg))
            raise StepFailed(msg, ins)
        sources = self._sources(stage, ins, srcs, source_name)
        if len(sources) > 1 and not dest.endswith("/"):
            msg = (f"When using {ins.cmd} with more than one source file, the destination must be a directory and "
                   "end with a /")
            self.vertices.append(Vertex(f"{stage.label(multi)} {ins.original.strip()}", status="ERROR", error=msg))
            raise StepFailed(msg, ins)
        target = steps.resolve_dest(stage, dest)
        sums = [(rel, checksum(node)) for rel, node in sources]
        key = step_key(stage.key, ins.cmd.lower(), target, ins.flag("chown"), ins.flag("chmod"), source_name, sums)
        inputs = StepInputs(stage.key, ins.cmd.lower(), (
            ("instruction", ins.original.strip()), ("option destination", target),
            ("option --chown", ins.flag("chown") or ""), ("option --chmod", ins.flag("chmod") or ""),
            ("option --from", source_name or ""), *file_inputs(sources)))
        vertex = Vertex(f"{stage.label(multi)} {ins.original.strip()}")

        def execute(fs: FileSystem, v: Vertex) -> None:
            try:
                uid, gid = steps.parse_chown(ins.flag("chown"), fs) if ins.flag("chown") else (None, None)
            except ValueError as exc:
                v.status, v.error = "ERROR", str(exc)
                raise StepFailed(str(exc), ins) from None
            perm = int(ins.flag("chmod"), 8) if ins.flag("chmod") else None
            for rel, node in sources:
                tree = steps.unpacked(node) if ins.cmd == "ADD" else None
                if tree is not None:
                    node = tree
                new = steps.clone(node, uid, gid, perm)
                if isinstance(node, Dir):
                    path = target.rstrip("/") or "/"
                elif target.endswith("/") or fs.isdir(target):
                    path = posixpath.join(target, posixpath.basename(rel))
                else:
                    path = target
                steps.place(fs, path, new, self.engine.clock.now)
            v.duration = 0.1

        shown = " ".join(ins.args[:-1])
        history = f"{ins.cmd} {shown} {ins.args[-1]} # buildkit"
        if source_name:
            history = f"{ins.cmd} --from={source_name} {shown} {ins.args[-1]} # buildkit"
        self._commit_step(stage, key, ins.original.strip(), history, vertex, no_cache, execute, inputs,
                          source_name.lower() if source_name and source_name.lower() in self.by_name else "")

    def _sources(self, stage: steps.Stage, ins: Instruction, patterns: list[str],
                 source_name: str) -> list[tuple[str, Node]]:
        """Resolve COPY sources to nodes from the context, a previous stage, or an image."""
        out: list[tuple[str, Node]] = []
        if not source_name:
            for pattern in patterns:
                matches = self.req.context.glob(pattern)
                if not matches:
                    missing = "/" + "/".join(p for p in pattern.split("/") if p and p not in (".", ".."))
                    msg = (f"failed to compute cache key: failed to calculate checksum of ref {_ref_id(stage.key)}: "
                           f'"{missing}": not found')
                    self.vertices.append(Vertex(f"{stage.label(self.stage_count > 1)} {ins.original.strip()}",
                                                status="ERROR", error=msg))
                    raise StepFailed(msg, ins)
                for rel in matches:
                    node = self.req.context.lookup(rel)
                    if node is not None:  # a match is a path that exists
                        out.append((rel, node))
            return out
        src_stage = self.by_name.get(source_name.lower())
        if src_stage is None and source_name.isdigit() and int(source_name) < len(self.stages):
            src_stage = self.stages[int(source_name)]
        if src_stage is not None:
            fs = src_stage.rootfs()
        else:
            try:
                image, _, _ = self.engine.base_image(source_name, self.req.platform)
            except DockerError as exc:
                raise StepFailed(exc.message, ins) from None
            fs = FileSystem(None, [layer.root for layer in reversed(image.layers)])
        for pattern in patterns:
            path = "/" + pattern.lstrip("/")
            if not fs.lexists(path):
                msg = (f"failed to compute cache key: failed to calculate checksum of ref {_ref_id(stage.key)}: "
                       f'"{path}": not found')
                self.vertices.append(Vertex(f"{stage.label(self.stage_count > 1)} {ins.original.strip()}",
                                            status="ERROR", error=msg))
                raise StepFailed(msg, ins)
            out.append((path, steps.materialize(fs, path)))
        return out

    def _workdir(self, stage: steps.Stage, ins: Instruction, multi: bool, no_cache: bool) -> None:
        try:
            path = expand(ins.args[0], stage.expansion_env())
        except ExpandError as exc:
            raise StepFailed(str(exc), ins) from None
        target = steps.resolve_dest(stage, path).rstrip("/") or "/"
        stage.config["WorkingDir"] = target
        key = step_key(stage.key, "mkdir", target)
        vertex = Vertex(f"{stage.label(multi)} WORKDIR {path}")

        def execute(fs: FileSystem, v: Vertex) -> None:
            if not fs.isdir(target):
                fs.mkdir(target, parents=True)

        inputs = StepInputs(stage.key, "mkdir", (("instruction", ins.original.strip()), ("option path", target)))
        self._commit_step(stage, key, f"WORKDIR {path}", f"WORKDIR {target}", vertex, no_cache, execute, inputs)


WRITE_RATE = 50e6
"""Bytes per second a simulated step writes: what makes an apt-get install take believable seconds."""


def step_seconds(log_lines: int, written: int) -> float:
    """How long a RUN step is shown to take: start-up, its output, and the bytes it wrote."""
    return round(0.3 + 0.01 * log_lines + written / WRITE_RATE, 1)


def _uses_context(ins: Instruction) -> bool:
    if ins.cmd in ("COPY", "ADD"):
        return not ins.flag("from")
    return ins.cmd == "RUN" and any(("type=bind" in m and "from=" not in m) or "type=" not in m
                                    for m in ins.flags.get("mount", []))


def _copy_config(cfg: dict) -> dict:
    import copy

    return copy.deepcopy(cfg)


def _canonical_guess(ref: str) -> str:
    from storagekit.docker import reference

    try:
        return reference.parse(ref).with_default_tag().canonical
    except InvalidReference:
        return ref


def _ref_id(key: str) -> str:
    h = key[7:]
    return f"{h[:25]}::{h[25:50]}"
