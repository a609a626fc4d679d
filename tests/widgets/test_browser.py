"""The labs in a real browser: JupyterLab runs labs.ipynb, each lab's button is clicked, its diagram changes.

Each lab is then photographed and compared with its stored picture in
``screenshots/`` at a tolerance (a few percent of pixels may differ: font
hinting, anti-aliasing). To record new pictures after an intended change::

    make record-screenshots        # STORAGEKIT_RECORD_SCREENSHOTS=1 pytest -m browser tests/widgets/test_browser.py

then look at them and commit them. A failed comparison leaves the new picture and
a difference image beside pytest's temporary files, and says where.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SHOTS = Path(__file__).with_name("screenshots")
RECORD = os.environ.get("STORAGEKIT_RECORD_SCREENSHOTS") == "1"
TOLERANCE = 0.02
"""The share of pixels that may differ clearly (by more than 48 of 255 in some channel) from the stored picture."""
LABS = ["BuildLab", "CowLab", "MountLab", "DriverLab", "BindingLab", "AccessModeLab", "TerminalLab"]
TITLES = {"BuildLab": "Build two images", "CowLab": "Copy-on-write", "MountLab": "Volumes, bind mounts, tmpfs",
          "DriverLab": "Storage drivers", "BindingLab": "Volumes and claims", "AccessModeLab": "Access modes",
          "TerminalLab": "A terminal"}


@pytest.fixture(scope="module")
def page(browser, lab_server):
    """The notebook, run from top to bottom, every lab on the page."""
    base, token = lab_server
    context = browser.new_context(viewport={"width": 1400, "height": 2400}, device_scale_factor=1)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    # a workspace of its own: the course tests before it leave their notebooks open in the default one
    pg.goto(f"{base}/lab/workspaces/labs/tree/{quote('labs.ipynb')}?reset&token={token}")
    pg.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=120_000)
    pg.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    pg.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    pg.wait_for_function("document.querySelectorAll('.sk-lab .sk-diagram svg').length >= 7", timeout=120_000)
    pg.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=120_000)
    yield pg
    context.close()


def lab(page, name):
    return page.locator(".sk-lab", has=page.locator(".sk-title", has_text=TITLES[name]))


def click_and_wait(page, box, button_text, within=None):
    """Click a button of the lab ``box`` (the first one, or the one in its part ``within``); return once the lab's
    diagram has been redrawn."""
    diagram = box.locator(".sk-diagram").first
    before = diagram.inner_html()
    (within or box).locator("button", has_text=button_text).first.click()
    page.wait_for_function("([el, before]) => el.innerHTML !== before", arg=[diagram.element_handle(), before])
    return diagram


def settle(page):
    page.wait_for_selector("#jp-main-statusbar >> text=Idle")
    page.wait_for_timeout(300)  # the last update's layout


def compare(png: bytes, name: str, tmp_path: Path) -> None:
    from PIL import Image, ImageChops

    reference = SHOTS / f"{name}.png"
    if RECORD:
        SHOTS.mkdir(exist_ok=True)
        reference.write_bytes(png)
        return
    if not reference.exists():
        pytest.fail(f"no stored picture {reference}: record one with `make record-screenshots` and look at it")
    want, got = Image.open(reference).convert("RGB"), Image.open(io.BytesIO(png)).convert("RGB")
    (tmp_path / f"{name}.png").write_bytes(png)
    w, h = min(want.width, got.width), min(want.height, got.height)
    area = max(want.width, got.width) * max(want.height, got.height)
    diff = ImageChops.difference(want.crop((0, 0, w, h)), got.crop((0, 0, w, h)))
    mask = diff.convert("L").point(lambda v: 255 if v > 48 else 0)
    changed = (mask.histogram()[255] + area - w * h) / area
    if changed > TOLERANCE:
        mask.save(tmp_path / f"{name}-diff.png")
        pytest.fail(f"{name}: {changed:.1%} of the pixels differ from {reference} (at most {TOLERANCE:.0%}); "
                    f"the new picture and the difference are in {tmp_path}")


def shoot(page, name, tmp_path):
    settle(page)
    compare(lab(page, name).screenshot(animations="disabled", caret="hide"), name, tmp_path)


def test_every_lab_shows_its_diagram_and_history_bar(page):
    for name in LABS:
        box = lab(page, name)
        assert box.count() == 1, name
        assert box.locator(".sk-diagram svg").count() == 1, name
        assert box.locator(".sk-position").inner_text().startswith("State 1 of 1"), name


def test_build_lab(page, tmp_path):
    box = lab(page, "BuildLab")
    diagram = click_and_wait(page, box, "Build both")
    assert "my-custom-app-2" in diagram.inner_html()
    assert box.locator(".sk-cached").count() >= 2
    shoot(page, "BuildLab", tmp_path)


def test_cow_lab(page, tmp_path):
    box = lab(page, "CowLab")
    click_and_wait(page, box, "Run in the container")
    assert "docker diff web" in box.locator(".sk-transcript").inner_text()
    shoot(page, "CowLab", tmp_path)


def test_mount_lab_keyboard_and_refusal(page, tmp_path):
    box = lab(page, "MountLab")
    click_and_wait(page, box, "Run")
    box.locator("select").first.select_option("bind")
    source = box.locator("input[type=text]").nth(0)
    source.fill("/srv/site")
    box.locator("button", has_text="--mount").click()
    line = box.locator("input[type=text]").last
    page.wait_for_function("(el) => el.value.includes('--mount type=bind')", arg=line.element_handle())
    line.focus()
    line.press("Enter")
    page.wait_for_selector("text=bind source path does not exist: /srv/site")
    shoot(page, "MountLab", tmp_path)


def test_driver_lab(page, tmp_path):
    box = lab(page, "DriverLab")
    selects = box.locator("select")
    selects.nth(0).select_option("debian-12-btrfs")
    selects.nth(2).select_option("20.10.24")
    diagram = click_and_wait(page, box, "Start a fresh host")
    assert "btrfs" in diagram.inner_html()
    shoot(page, "DriverLab", tmp_path)


def test_binding_lab(page, tmp_path):
    box = lab(page, "BindingLab")
    click_and_wait(page, box, "Delete", within=box.locator(".sk-card").nth(1))  # pv-small: no claim uses it
    assert "not in the cluster" in box.locator(".sk-card").nth(1).inner_text()
    shoot(page, "BindingLab", tmp_path)


def test_access_mode_lab(page, tmp_path):
    box = lab(page, "AccessModeLab")
    diagram = click_and_wait(page, box, "Create Pod")
    assert "app-1" in diagram.inner_html()
    shoot(page, "AccessModeLab", tmp_path)


def test_terminal_lab_runs_on_enter_recalls_with_the_arrow_keys_and_undoes(page, tmp_path):
    box = lab(page, "TerminalLab")
    diagram = box.locator(".sk-diagram").first
    start = diagram.inner_html()
    line = box.locator(".sk-terminal-input")
    line.click()
    line.type("docker pull alpine")
    line.press("Enter")
    page.wait_for_function("([el, before]) => el.innerHTML !== before", arg=[diagram.element_handle(), start])
    assert "Downloaded newer image for alpine:latest" in box.locator(".sk-terminal-screen").inner_text()
    assert line.input_value() == ""
    line.press("ArrowUp")
    assert line.input_value() == "docker pull alpine"
    line.press("ArrowDown")
    assert line.input_value() == ""
    shoot(page, "TerminalLab", tmp_path)
    box.locator("button", has_text="Undo").click()
    page.wait_for_function("([el, before]) => el.innerHTML === before", arg=[diagram.element_handle(), start])
    position = box.locator(".sk-position")  # its own trait: it may arrive after the diagram's
    page.wait_for_function("el => el.innerText.startsWith('State 1 of 1')", arg=position.element_handle())
