"""The last build's steps: which came from the cache, where the cache broke, and why.

Read from the bottom, as the layers the steps make are read: ``[1/4] FROM``
first. A step found in the cache (``CACHED``) is a blue layer; a step that ran
is orange; the first step that ran is vermillion, and a dotted vermillion edge
goes from it to the result the cache held and did not reuse, labelled with the
input that changed. Why is the engine's to say
(:mod:`storagekit.docker.build.record`); this view only draws it.
"""

from __future__ import annotations

import re

from storagekit.docker.build.record import BuildStep, CacheMiss
from storagekit.viz.docker.common import fit, running_engine, short, size
from storagekit.viz.style import MISSED, Diagram, diagram, label, legend, node_id, style

TITLE = "Which steps of the last build came from the cache, and where and why the cache broke"


def build_steps(host) -> Diagram:
    """Draw the steps of the host's last build, BuildKit's or the classic builder's (``host.engine.last_build``)."""
    record = running_engine(host).last_build
    if record is None:
        g = diagram("build_steps", TITLE, rankdir="BT")
        g.node("empty", label("No build yet", "docker build draws its steps here"), **style("note"))
        return g
    first = record.first_miss
    g = diagram("build_steps", f"{TITLE}\n{_headline(record, first)}", rankdir="BT")
    used: dict[str, dict] = {}
    last_of_stage: dict[str, str] = {}
    stages = list(dict.fromkeys(step.stage for step in record.steps))
    for stage in stages:
        steps = [s for s in record.steps if s.stage == stage]
        target = g.subgraph(name=f"cluster_stage_{stage}") if len(stages) > 1 else _Same(g)
        with target as sub:
            if len(stages) > 1:
                sub.attr(label=stage if stage.startswith("stage-") else f"stage {stage}", style="rounded",
                         color="#BBBBBB", fontsize="10")
            below = ""
            for step in steps:
                name = node_id("step", step.key or step.name)
                kind, attrs = _look(step, step is first)
                used.setdefault(kind, attrs)
                sub.node(name, _label(step, step is first), **attrs)
                if below:
                    sub.edge(below, name)
                below = name
            last_of_stage[stage] = below
    for step in record.steps:
        if step.source_stage and step.source_stage in last_of_stage:
            g.edge(last_of_stage[step.source_stage], node_id("step", step.key or step.name), style="dashed",
                   label=" FROM" if step.name.startswith("FROM ") else " --from")
    top = last_of_stage[stages[-1]]
    if record.image_id:
        image = node_id("image", record.image_id)
        g.node(image, label(*(record.tags[:1] or ("<none>:<none>",)), short(record.image_id)), **style("image"))
        g.edge(top, image)
        used.setdefault("image", style("image"))
    elif record.error:
        g.node("error", label("build failed", fit(record.error, 60)), **style("problem"))
        g.edge(top, "error")
    if first is not None and first.miss is not None:
        _why(g, node_id("step", first.key or first.name), first.miss, used)
    legend(g, [(text, used[kind]) for kind, text in LEGEND if kind in used])
    return g


LEGEND = [("layer", "step found in the cache (CACHED)"), ("ran", "step that ran"),
          ("problem", "first step that ran: the cache broke here"), ("idle", "cached result not reused"),
          ("image", "image the build made")]


class _Same:
    """The graph itself, used where a stage needs no cluster of its own."""

    def __init__(self, g) -> None:
        self.g = g

    def __enter__(self):
        return self.g

    def __exit__(self, *exc) -> None:
        return None


def _headline(record, first: BuildStep | None) -> str:
    cached = sum(1 for s in record.steps if s.status == "CACHED")
    ran = sum(1 for s in record.steps if s.miss is not None)
    if first is None:
        return f"{record.dockerfile}: every step came from the cache ({cached} CACHED)"
    where = re.match(r"\[[^]]*\]|Step \d+/\d+", first.name)
    return (f"{record.dockerfile}: {cached} CACHED, {ran} ran; the cache broke at "
            f"{where[0] if where else first.name}: {first.miss}")


def _look(step: BuildStep, first: bool) -> tuple[str, dict]:
    if step.status == "ERROR":
        return "problem", style("problem")
    if first:
        return "problem", style("problem", penwidth="2.5")
    if step.status == "CACHED":
        return "layer", style("layer")
    if step.miss is not None:
        return "ran", style("ran")
    return "layer", style("layer")


def _label(step: BuildStep, first: bool) -> str:
    name, digest = step.name, ""
    pinned = re.fullmatch(r"(.* FROM )(?:docker\.io/)?(?:library/)?([^@]+)@(sha256:[0-9a-f]{64})", name)
    if pinned:  # the base as the user named it, and the digest BuildKit resolved it to
        name, digest = pinned[1] + pinned[2], f"@sha256:{short(pinned[3])}"
    figures = [digest, step.status if step.status != "DONE" else ("ran" if step.miss else "")]
    if (step.layer is not None and step.miss is not None) or step.status == "CACHED":
        figures.append(size(step.layer.size) if step.layer is not None else "")
    state = ""
    if step.miss is not None:
        state = f"cache miss: {step.miss}" if first else str(step.miss)
    return label(fit(name, 48), " · ".join(f for f in figures if f), fit(state, 48))


def _why(g, name: str, miss: CacheMiss, used: dict) -> None:
    """The result the cache held and the step (node ``name``) did not reuse, and the input that differed, on a
    dotted edge."""
    previous = miss.previous
    if previous is None:
        text = {"new": f"nothing built on {miss.name or 'this parent'} is in the cache",
                "no-cache": "--no-cache: the cache is not consulted"}.get(miss.input, str(miss))
        first_build = "(a first build, or after docker builder prune)" if miss.input == "new" else ""
        g.node("why", label(fit(text, 48), first_build), **style("note"))
        g.edge(name, "why", **MISSED)
        return
    old = node_id("cached", previous.key)
    attrs = style("idle")
    used.setdefault("idle", attrs)
    g.node(old, label("in the cache, not reused:", fit(previous.description, 48),
                      size(previous.size) if previous.layer is not None else ""), **attrs)
    g.edge(name, old, label=_reason(miss), **MISSED)


def _reason(miss: CacheMiss) -> str:
    if miss.input == "file":
        if miss.before and miss.after:
            return f" {miss.name} changed \n {short(miss.before)} → {short(miss.after)} "
        return f" {miss.name} {'is new' if miss.after else 'was removed'} "
    if miss.input == "base":
        before, after = (short(miss.before), short(miss.after)) if miss.before.startswith("sha256:") \
            else (miss.before, miss.after)
        return f" base image {miss.name} changed \n {before} → {after} "
    if miss.input == "instruction":
        return " the instruction changed "
    return f" {miss} \n {fit(miss.before, 24) or '(unset)'} → {fit(miss.after, 24) or '(unset)'} "
