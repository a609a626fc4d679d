"""What the last build did, step by step, and why the cache missed where it missed.

BuildKit prints ``CACHED`` or runs a step; it never says why a step missed.
The cache can: each record keeps the named inputs its key was made from
(:class:`StepInputs`), so on a miss the builder compares the step's inputs with
those of the records built on the same parent and names what differs: the
instruction, a copied file (by its path in the context), a build argument or an
ENV value, the working directory or user, or the base image when the step was
built before on another image. Every step after the first miss misses because
its parent did: its key includes the parent's key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storagekit.docker.layers import Layer
from storagekit.fs.nodes import Dir, Node, iter_tree

if TYPE_CHECKING:  # the cache module imports this one
    from storagekit.docker.build.cache import CacheRecord

ORDER = ("instruction", "file", "build-arg", "env", "workdir", "user", "option")
"""Which difference names a miss when several inputs changed: the one a learner changed first in the Dockerfile."""


@dataclass(frozen=True)
class StepInputs:
    """What a filesystem step's cache key is made of, each input by name."""

    parent: str
    """The key of the step below (for a stage's first step, its base image's)."""
    kind: str
    """``run``, ``copy``, ``add`` or ``mkdir`` (WORKDIR)."""
    values: tuple[tuple[str, str], ...]
    """``(name, value)``: ``instruction``, ``file <path>``, ``build-arg <NAME>``, ``env <NAME>``, ``workdir``,
    ``user``, ``option <flag>``."""

    def get(self, name: str) -> str | None:
        return dict(self.values).get(name)


@dataclass(frozen=True)
class CacheMiss:
    """Why a step ran instead of being found in the cache.

    ``input`` is what changed: one of :data:`ORDER`, or ``base`` (the image
    below the stage), ``parent`` (the step below ran), ``new`` (nothing was
    built on this parent before, or the cache was pruned) or ``no-cache``.
    """

    input: str
    name: str = ""
    """The file, argument or variable, or the base image's reference."""
    before: str = ""
    after: str = ""
    previous: CacheRecord | None = field(default=None, compare=False)
    """The cache record the step would have reused, if there is one."""

    def __str__(self) -> str:
        what = {
            "instruction": "the instruction changed",
            "file": f"{self.name} changed" if self.before and self.after else
                    f"{self.name} {'is new' if self.after else 'was removed'}",
            "build-arg": f"build arg {self.name} changed",
            "env": f"ENV {self.name} changed",
            "workdir": "the working directory changed",
            "user": "the USER changed",
            "option": f"{self.name} changed",
            "base": f"the base image {self.name} changed",
            "parent": "the step below ran again",
            "new": "nothing built on this parent is in the cache",
            "no-cache": "--no-cache",
        }[self.input]
        return what


@dataclass(frozen=True)
class BuildStep:
    """One vertex of the build as BuildKit prints it, with what the cache made of it."""

    name: str
    """``[2/4] RUN apt-get update ...``, as in the progress output (``Step 2/4 : RUN ...`` in the classic one)."""
    stage: str
    status: str
    """``CACHED``, ``DONE`` or ``ERROR``; a FROM is ``DONE``."""
    key: str = ""
    layer: Layer | None = None
    miss: CacheMiss | None = None
    """Why the step ran (None for a cached step and for FROM)."""
    source_stage: str = ""
    """The stage a ``COPY --from`` or ``FROM <stage>`` takes from."""


@dataclass(frozen=True)
class BuildRecord:
    """The last build: its steps, the image it made (or its error), and which builder ran it."""

    dockerfile: str
    steps: tuple[BuildStep, ...]
    image_id: str = ""
    tags: tuple[str, ...] = ()
    error: str = ""
    builder: str = "buildkit"
    """``buildkit`` or ``classic`` (``DOCKER_BUILDKIT=0``), whose steps are ``Step 2/5 : ...``."""

    @property
    def first_miss(self) -> BuildStep | None:
        """The first step that ran: the point where the cache broke."""
        return next((s for s in self.steps if s.miss is not None), None)


def file_inputs(sources: Iterable[tuple[str, Node]]) -> list[tuple[str, str]]:
    """``("file <path>", checksum)`` for every file a COPY takes, named by its path in the context (or stage)."""
    from storagekit.docker.build.context import checksum

    out: list[tuple[str, str]] = []
    for rel, node in sources:
        base = rel.strip("/") if rel.strip("/") not in ("", ".") else ""
        if isinstance(node, Dir):
            for path, child in iter_tree(node):
                if not isinstance(child, Dir):
                    out.append((f"file {(base + path).lstrip('/')}", checksum(child)))
        else:
            out.append((f"file {base or rel}", checksum(node)))
    return out


def explain_miss(records: Iterable, sources: dict[str, tuple[str, str]], inputs: StepInputs,
                 no_cache: bool, parent_ran: bool) -> CacheMiss:
    """Why ``inputs`` found no record: compare with the records built on the same parent, or on an earlier base.

    ``sources`` maps the key of each base a stage started from to ``(reference, image id)``;
    ``parent_ran`` says the step below ran in this build, so no record can have its key as parent.
    """
    if no_cache:
        return CacheMiss("no-cache")
    if parent_ran:
        return CacheMiss("parent")
    known = [r for r in records if r.inputs is not None]
    siblings = [r for r in known if r.inputs.parent == inputs.parent]
    if siblings:
        best = max(siblings, key=lambda r: (_likeness(r.inputs, inputs), r.last_used, r.id))
        return _difference(best, inputs)
    if inputs.parent not in sources:
        return CacheMiss("new")
    reference, image_id = sources[inputs.parent]
    same = [r for r in known if r.inputs.parent in sources and r.inputs.kind == inputs.kind
            and r.inputs.values == inputs.values]
    same.sort(key=lambda r: (sources[r.inputs.parent][0] == reference, r.last_used, r.id), reverse=True)
    if same:
        old_reference, old_id = sources[same[0].inputs.parent]
        if old_reference == reference:
            return CacheMiss("base", reference, old_id, image_id, same[0])
        return CacheMiss("base", reference, old_reference, reference, same[0])
    return CacheMiss("new", reference)


def _likeness(old: StepInputs, new: StepInputs) -> tuple[int, int, int]:
    """How close a cached step is to this one: same kind, same instruction, then how many inputs agree."""
    a, b = dict(old.values), dict(new.values)
    agree = sum(1 for k, v in b.items() if a.get(k) == v)
    return int(old.kind == new.kind), int(a.get("instruction") == b.get("instruction")), agree


def _difference(record, inputs: StepInputs) -> CacheMiss:
    old, new = dict(record.inputs.values), dict(inputs.values)
    if record.inputs.kind != inputs.kind or old.get("instruction") != new.get("instruction"):
        return CacheMiss("instruction", "", old.get("instruction", ""), new.get("instruction", ""), record)
    names = sorted(set(old) | set(new), key=lambda n: (_rank(n), n))
    for name in names:
        if old.get(name) != new.get(name):
            kind, _, what = name.partition(" ")
            return CacheMiss(kind if kind in ORDER else "option", what or kind,
                             old.get(name, ""), new.get(name, ""), record)
    return CacheMiss("option", "the cache key", previous=record)


def _rank(name: str) -> int:
    kind = name.split(" ", 1)[0]
    return ORDER.index(kind) if kind in ORDER else len(ORDER)
