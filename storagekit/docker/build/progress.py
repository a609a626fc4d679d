"""BuildKit's plain progress output (``--progress=plain``, or any build whose output is not a terminal).

A build is a list of vertices; each prints as ``#N name``, its detail and log
lines, then ``#N DONE 1.2s``, ``#N CACHED`` or ``#N ERROR: ...``, with a blank
line between vertices. A failed build ends with the failing step's last log
lines, the Dockerfile excerpt around the instruction, and the error.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Vertex:
    name: str
    details: list[str] = field(default_factory=list)
    logs: list[tuple[float, str]] = field(default_factory=list)
    status: str = "DONE"
    duration: float = 0.0
    error: str = ""
    warnings: list[str] = field(default_factory=list)
    """BuildKit's lint warnings, printed as ``#N WARN: ...`` (the Dockerfile's vertex carries them)."""


@dataclass
class SourceExcerpt:
    filename: str
    text: str
    start: int
    end: int


def render_plain(vertices: list[Vertex], *, driver_line: str) -> str:
    out = [driver_line, ""]
    for n, v in enumerate(vertices, 1):
        out.append(f"#{n} {v.name}")
        out.extend(f"#{n} {d}" for d in v.details)
        out.extend(f"#{n} WARN: {w}" for w in v.warnings)
        out.extend(f"#{n} {t:.3f} {line}" for t, line in v.logs)
        if v.status == "CACHED":
            out.append(f"#{n} CACHED")
        elif v.status == "ERROR":
            out.append(f"#{n} ERROR: {v.error}")
        else:
            out.append(f"#{n} DONE {v.duration:.1f}s")
        out.append("")
    return "\n".join(out)


YELLOW, RESET = "\x1b[33m", "\x1b[0m"


def render_warnings(warnings, *, debug: bool = False, dockerfile: SourceExcerpt | None = None) -> str:
    """buildx's ``printWarnings`` after the progress: the count in yellow (aec colours it even when the output
    is not a terminal), then one line a warning; ``docker --debug`` adds each rule's description, its URL and
    the Dockerfile lines."""
    if not warnings:
        return ""
    count = "1 warning found" if len(warnings) == 1 else f"{len(warnings)} warnings found"
    out = [f"\n {YELLOW}{count}{'' if debug else ' (use docker --debug to expand)'}:\n{RESET}"]
    for w in warnings:
        out.append(f" - {w.short}\n")
        if not debug:
            continue
        out.append(f"{w.rule.description}\n")
        out.append(f"More info: {w.rule.url}\n")
        if dockerfile is not None and w.line > 0:
            out.append(excerpt(SourceExcerpt(dockerfile.filename, dockerfile.text, w.line, w.end_line)) + "\n")
        out.append("\n")
    return "".join(out)


def render_failure(vertex: Vertex | None, source: SourceExcerpt | None, message: str, warnings: str = "") -> str:
    out: list[str] = []
    if vertex is not None and vertex.status == "ERROR":
        out.append("------")
        out.append(f" > {vertex.name}:")
        out.extend(f"{t:.3f} {line}" for t, line in vertex.logs[-10:])
        out.append("------")
    if warnings:
        out.append(warnings.rstrip("\n"))
    if source is not None:
        out.append(excerpt(source))
    out.append(f"ERROR: failed to build: failed to solve: {message}")
    return "\n".join(out) + "\n"


def excerpt(src: SourceExcerpt) -> str:
    """The Dockerfile lines around the failing instruction, as BuildKit's ``Source.Print`` lays them out."""
    lines = src.text.split("\n")
    start, end = src.start, min(src.end, len(lines))
    if start < 1 or start > len(lines):
        return ""
    pad = 4 if end == start else 2
    first, last, p = start, end, 0
    while p < pad:
        if first > 1:
            first -= 1
            p += 1
        if last != len(lines):
            last += 1
            p += 1
        p += 1
    out = [f"{src.filename}:{start}", "--------------------"]
    for i in range(first, last + 1):
        mark = ">>>" if src.start <= i <= max(src.end, src.start) else "   "
        out.append(f" {i:3d} | {mark} {lines[i - 1]}")
    out.append("--------------------")
    return "\n".join(out)

