"""The course's notebooks keep their promises: every concept explained, drawn, tried and checked; every
notebook framed as a lesson, presentable as slides with speaker notes, and checked after each step.

These read the notebooks' JSON only; strict nbval (``make test-notebooks``) runs them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from storagekit.course import CONCEPTS, MODULES, ROLES

NOTEBOOKS = Path(__file__).parents[2] / "notebooks"
COURSE = sorted(p for p in NOTEBOOKS.glob("*.ipynb"))
CAPSTONE = "16-capstone-database.ipynb"
NOTES_LABEL = "**Instructor notes.**"
"""How a speaker-notes cell starts: the slideshow hides it, a notebook shows it folded away, GitHub shows it."""
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "notes", "skip"}


def cells(path: Path) -> list[dict]:
    return json.loads(path.read_text())["cells"]


def source(cell: dict) -> str:
    return "".join(cell["source"])


def teaching(cell: dict) -> dict | None:
    return cell.get("metadata", {}).get("storagekit")


def coverage(paths: list[Path]) -> dict[tuple[str, str], int]:
    """How many cells do each (concept, role) in ``paths``."""
    found: dict[tuple[str, str], int] = {}
    for path in paths:
        for cell in cells(path):
            meta = teaching(cell) or {}
            for concept in meta.get("concepts", []):
                found[concept, meta.get("role")] = found.get((concept, meta.get("role")), 0) + 1
    return found


def notebooks_of(module: str) -> list[Path]:
    """The module's notebook, and any that continue it (``06b-...`` after ``06-...``)."""
    number = MODULES[module].notebook[:2]
    return [p for p in COURSE if re.match(rf"{number}[a-z]?-", p.name)]


def missing(concepts: list[str], paths: list[Path]) -> list[str]:
    found = coverage(paths)
    return [f"{c} {role}" for c in concepts for role in ROLES if (c, role) not in found]


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.stem)
def test_cell_metadata_names_real_concepts_and_one_role(path):
    wrong = []
    for n, cell in enumerate(cells(path)):
        meta = teaching(cell)
        if meta is None:
            continue
        concepts = meta.get("concepts")
        if not concepts or not isinstance(concepts, list) or set(concepts) - set(CONCEPTS):
            wrong.append(f"cell {n}: concepts {concepts!r}")
        if meta.get("role") not in ROLES:
            wrong.append(f"cell {n}: role {meta.get('role')!r}")
    assert wrong == []


@pytest.mark.parametrize("module", [m for m in MODULES if notebooks_of(m)],
                         ids=lambda m: MODULES[m].notebook)
def test_every_concept_of_a_module_is_explained_drawn_tried_and_checked_in_its_notebook(module):
    concepts = [c for c in CONCEPTS if c.split(".")[0] == module]
    assert missing(concepts, notebooks_of(module)) == []


def test_every_module_has_its_notebook():
    assert [m.notebook for m in MODULES.values() if not notebooks_of(m.id)] == []


def test_every_concept_of_the_course_in_every_role():
    gaps = missing(list(CONCEPTS), COURSE)
    total = len(CONCEPTS) * len(ROLES)
    assert gaps == [], f"coverage {100 * (total - len(gaps)) / total:.1f}%; missing: {', '.join(gaps)}"


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.stem)
def test_a_notebook_frames_itself_as_a_lesson(path):
    all_cells = cells(path)
    frame = source(all_cells[0])
    assert all_cells[0]["cell_type"] == "markdown" and frame.startswith("# ")
    for part in ("**Questions**", "**Objectives**"):
        assert part in frame, part
    minutes = re.search(r"\*\*Time\*\*: about (\d+) minutes", frame)
    assert minutes and int(minutes.group(1)) <= 30
    headings = [source(c).splitlines()[0] for c in all_cells if c["cell_type"] == "markdown" and source(c)]
    assert headings[-2:] == ["## Key points", "## Next"]
    links = re.findall(r"\]\(([^)]+\.ipynb)\)", source(all_cells[-1]))
    planned = {f"{m.notebook}.ipynb" for m in MODULES.values()} | {CAPSTONE}
    assert links and all((NOTEBOOKS / link).exists() or link in planned for link in links), links


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.stem)
def test_a_notebook_presents_as_slides_with_speaker_notes(path):
    assert json.loads(path.read_text())["metadata"].get("rise", {}).get("scroll") is True, "long slides scroll"
    sections: list[list[dict]] = []
    for n, cell in enumerate(cells(path)):
        kind = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        assert kind in SLIDE_TYPES, f"cell {n}: slide_type {kind!r}"
        if kind == "notes":
            assert source(cell).startswith(NOTES_LABEL), f"cell {n}: notes start with {NOTES_LABEL}"
            assert cell["metadata"].get("jupyter", {}).get("source_hidden"), f"cell {n}: notes are folded away"
        if cell["cell_type"] == "markdown" and re.match(r"#{1,2} ", source(cell)):
            assert kind == "slide", f"cell {n} opens a section: {source(cell).splitlines()[0]}"
            sections.append([])
        if sections:
            sections[-1].append(cell)
    silent = [source(s[0]).splitlines()[0] for s in sections
              if any(c["cell_type"] == "code" for c in s)
              and not any(c["metadata"]["slideshow"]["slide_type"] == "notes" for c in s)]
    assert silent == [], "sections with code and no speaker notes"


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.stem)
def test_each_step_the_learner_tries_is_followed_by_a_check(path):
    waiting, unchecked = None, []
    for n, cell in enumerate(cells(path)):
        role = (teaching(cell) or {}).get("role")
        opens_section = cell["cell_type"] == "markdown" and source(cell).startswith("## ")
        if opens_section and waiting is not None:
            unchecked.append(waiting)
            waiting = None
        if role == "try":
            waiting = waiting if waiting is not None else n
        elif role == "check":
            waiting = None
    assert unchecked + ([] if waiting is None else [waiting]) == [], "try cells with no check before the next section"


def test_each_notebook_leads_to_the_next_and_the_last_back_to_the_start():
    chain = [re.findall(r"\]\(([^)]+\.ipynb)\)", source(cells(p)[-1])) for p in COURSE]
    following = [p.name for p in COURSE[1:]] + [COURSE[0].name]
    assert [nxt in links for nxt, links in zip(following, chain, strict=True)] == [True] * len(COURSE)


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.rglob("*.ipynb")), ids=lambda p: p.stem)
def test_every_widget_carries_a_static_copy_for_pages_without_a_kernel(path):
    static = ("image/svg+xml", "image/png", "text/html")
    bare = [n for n, cell in enumerate(cells(path)) for out in cell.get("outputs", [])
            if "application/vnd.jupyter.widget-view+json" in out.get("data", {})
            and not any(kind in out["data"] for kind in static)]
    assert bare == [], "widget views with nothing for GitHub, nbviewer or exported HTML to show"
