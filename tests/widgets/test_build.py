"""BuildLab: the course's two Flask images, the cache, the shared layers, edits, undo."""

from __future__ import annotations

import re

import pytest

from storagekit.widgets import BuildLab
from tests.widgets.conftest import press_enter


def steps(lab: BuildLab) -> dict[str, list[tuple[str, str]]]:
    """The step table as (instruction, status) per image, read back from the lab's HTML."""
    tables = {}
    for tag, body in re.findall(r'<div class="sk-steps"><b>(.*?)</b>(.*?)</div>(?=<div class="sk-steps">|$)',
                                lab.steps_html.value):
        tables[tag] = [(name.split("] ", 1)[1], state + (f": {why}" if why else ""))
                       for state, name, why in re.findall(
                           r'<span class="sk-state [\w-]+">(\w+)</span> <code>(.*?)</code></div>'
                           r'(?:<div class="sk-why">(.*?)</div>)?', body)]
    return tables


@pytest.fixture(scope="module")
def lab():
    lab = BuildLab()
    lab.build_all_button.click()
    return lab


def test_the_second_image_reuses_the_first_images_steps(lab):
    table = steps(lab)
    assert [s for _, s in table["mmumshad/my-custom-app"]][1:] == [
        "ran: nothing built on this parent is in the cache", "ran: the step below ran again",
        "ran: the step below ran again"]
    assert table["mmumshad/my-custom-app-2"][1:] == [
        ("RUN apt-get update &amp;&amp; apt-get -y install python3 python3-pip", "CACHED"),
        ("RUN pip install flask flask-mysql", "CACHED"),
        ("COPY app2.py /opt/source-code/", "ran: the instruction changed")]


def test_both_images_exist_and_share_their_lower_layers(lab):
    images = lab.target.engine.images
    one, two = images.lookup("mmumshad/my-custom-app"), images.lookup("mmumshad/my-custom-app-2")
    assert one is not None and two is not None and one.id != two.id
    assert one.layers[:3] == two.layers[:3] and one.layers[3] is not two.layers[3]


def test_the_layer_diagram_draws_both_tags(lab):
    assert lab.picture.value == "layers"
    assert "mmumshad/my-custom-app" in lab.dot and "mmumshad/my-custom-app-2" in lab.dot


def test_the_build_diagram_is_one_toggle_away(lab):
    lab.picture.value = "steps"
    try:
        assert "COPY app2.py /opt/source-code/" in lab.dot
    finally:
        lab.picture.value = "layers"


def test_history_text_is_docker_history(lab):
    assert lab.history_text.value.count("IMAGE          CREATED") == 2
    assert "COPY app2.py /opt/source-code/ # buildkit" in lab.history_text.value


def test_an_edit_is_saved_with_a_heredoc_and_misses_the_cache_from_copy_on():
    lab = BuildLab()
    lab.build_all_button.click()
    before = lab.target.engine.images.lookup("mmumshad/my-custom-app").id
    ctx = lab.contexts[0]
    ctx.files.value = "app.py"
    ctx.editor.value = ctx.editor.value + "# a comment\n"
    ctx.build_button.click()
    lines = [line for _p, line, _r in lab._entries]
    assert lines[0].startswith("cat > /src/app1/app.py <<'EOF'\nfrom flask import Flask")
    assert lab.target.read("/src/app1/app.py").endswith(b"# a comment\n")
    assert [s for _, s in steps(lab)["mmumshad/my-custom-app"]][1:] == ["CACHED", "CACHED", "ran: app.py changed"]
    assert lab.target.engine.images.lookup("mmumshad/my-custom-app").id != before
    lab.undo_button.click()
    assert lab.target.engine.images.lookup("mmumshad/my-custom-app").id == before
    assert not lab.contexts[0].buffers["app.py"].endswith("# a comment\n")


def test_a_new_file_joins_the_context():
    lab = BuildLab()
    ctx = lab.contexts[1]
    ctx.new_name.value = "requirements.txt"
    ctx.add_button.click()
    assert ctx.files.value == "requirements.txt" and ctx.editor.value == ""
    ctx.editor.value = "flask\n"
    with lab.action("save"):
        ctx.save()
    assert lab.target.read("/src/app2/requirements.txt") == b"flask\n"


def test_a_failing_build_shows_buildkits_error():
    lab = BuildLab()
    ctx = lab.contexts[0]
    ctx.files.value = "Dockerfile"
    ctx.editor.value = "FROM ubuntu:22.04\nRUN nosuchprogram\n"
    ctx.build_button.click()
    (status,) = [s for name, s in steps(lab)["mmumshad/my-custom-app"] if name.startswith("RUN")]
    assert status.startswith("ERROR")
    assert "nosuchprogram: not found" in lab.transcript.value
    assert "ERROR: failed to build: failed to solve:" in lab.steps_html.value


def test_no_cache_runs_every_step_again(lab):
    lab.no_cache.value = True
    try:
        lab.contexts[1].build_button.click()
    finally:
        lab.no_cache.value = False
    assert "docker build --no-cache -t mmumshad/my-custom-app-2 ." in lab._entries[0][1]
    assert "CACHED" not in [s for _, s in steps(lab)["mmumshad/my-custom-app-2"]]


def test_enter_in_the_tag_builds(lab):
    ctx = lab.contexts[1]
    ctx.tag.value = "second:v2"
    press_enter(ctx.tag)
    assert lab.target.engine.images.lookup("second:v2") is not None
