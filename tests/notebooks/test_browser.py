"""The course in a real browser: a notebook runs in JupyterLab and its quiz answers a click; every notebook
presents as a RISE slideshow with one slide per section."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

COURSE = sorted((Path(__file__).parents[2] / "notebooks").glob("*.ipynb"))


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    yield ctx
    ctx.close()


def slides(path: Path) -> int:
    return sum(1 for c in json.loads(path.read_text())["cells"]
               if c["metadata"].get("slideshow", {}).get("slide_type") == "slide")


def test_the_start_notebook_runs_and_its_quiz_answers_a_click(context, lab_server, tmp_path):
    base, token = lab_server
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{base}/lab/tree/notebooks/{quote('00-start-here.ipynb')}?token={token}")
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=120_000)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    quiz = page.locator(".sk-lab", has=page.locator(".sk-title", has_text="Which directory of the data root"))
    quiz.locator("label", has_text="/var/lib/docker/containers").click()
    quiz.locator("button", has_text="Check").click()
    quiz.locator("text=containers/ holds each container's configuration").wait_for()
    quiz.locator("label", has_text="/var/lib/docker/overlay2").click()
    quiz.locator("button", has_text="Check").click()
    quiz.locator("text=Right.").wait_for()
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=120_000)
    page.screenshot(path=tmp_path / "00-start-here.png", full_page=True)


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.stem)
def test_a_notebook_presents_as_a_slideshow(context, lab_server, path):
    base, token = lab_server
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{base}/rise/notebooks/{quote(path.name)}?token={token}")
    page.wait_for_selector(".reveal .slides > section", timeout=120_000)
    assert page.locator(".reveal .slides > section").count() == slides(path)
