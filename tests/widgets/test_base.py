"""What every lab shares: one diagram update per click, a static SVG beside the widget, undo and step-through."""

from __future__ import annotations

import graphviz
import pytest

from storagekit import DockerHost
from storagekit.commands.host import Result
from storagekit.widgets import AccessModeLab, BindingLab, BuildLab, CowLab, DriverLab, MountLab, TerminalLab, render
from storagekit.widgets.base import output_html, shorten, transcript_html


def _create_pod(lab):
    lab.claim.value, lab.node.value = "rwx", "node1"
    lab.create_button.click()


CLICKS = {
    # lab -> one click that changes its host or cluster
    MountLab: lambda lab: lab.run_button.click(),
    CowLab: lambda lab: lab.do_button.click(),
    DriverLab: lambda lab: lab.pull_button.click(),
    BindingLab: lambda lab: lab.volume_cards[0].delete_button.click(),
    AccessModeLab: _create_pod,
    TerminalLab: lambda lab: lab.terminal.type("docker pull alpine"),
}


@pytest.fixture(scope="module")
def built():
    """One BuildLab with both images built (the first build installs python3: a couple of seconds)."""
    lab = BuildLab()
    lab.build_all_button.click()
    return lab


@pytest.mark.exe
@pytest.mark.parametrize("lab_type", list(CLICKS), ids=lambda t: t.__name__)
def test_one_click_sends_one_diagram_update(lab_type, sent):
    lab = lab_type()
    count = sent(lab.diagram)
    before = lab.diagram.value
    CLICKS[lab_type](lab)
    assert count.updates("value") == 1
    assert lab.diagram.value != before and "<svg style=" in lab.diagram.value
    assert lab.svg.startswith("<?xml") and "<svg" in lab.svg


@pytest.mark.exe
def test_a_build_click_sends_one_diagram_update_too(built, sent):
    count = sent(built.diagram)
    ctx = built.contexts[0]
    ctx.files.value = "app.py"
    ctx.editor.value += "# edited\n"
    ctx.build_button.click()
    assert count.updates("value") == 1


@pytest.mark.exe
def test_the_display_carries_the_svg_beside_the_widget():
    lab = MountLab()
    bundle = lab._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == lab.model_id
    assert bundle["image/svg+xml"] == lab.svg and "<svg" in lab.svg
    assert bundle["text/plain"] == "MountLab, state 1 of 1: start"


def test_without_dot_the_diagram_pane_shows_the_dot_source(monkeypatch):
    def missing(*args, **kwargs):
        raise graphviz.ExecutableNotFound(["dot"])

    monkeypatch.setattr(render, "svg", missing)
    lab = MountLab()
    assert lab.svg == "" and "image/svg+xml" not in lab._repr_mimebundle_()
    assert "The Graphviz `dot` program is not installed here" in lab.diagram.value
    assert lab.dot.startswith("digraph")


def test_undo_back_and_forward_restore_the_host():
    lab = TerminalLab()
    host = lab.target
    lab.terminal.type("docker volume create one")
    lab.terminal.type("docker volume create two")
    names = lambda: host.sh("docker volume ls -q").out.split()  # noqa: E731
    assert names() == ["one", "two"]
    lab.back_button.click()
    assert names() == ["one"] and "State 2 of 3" in lab.position.value
    lab.back_button.click()
    assert names() == [] and lab.back_button.disabled and not lab.forward_button.disabled
    lab.forward_button.click()
    lab.forward_button.click()
    assert names() == ["one", "two"] and lab.forward_button.disabled
    lab.undo_button.click()
    assert names() == ["one"] and "State 2 of 2: docker volume create one" in lab.position.value
    assert lab.forward_button.disabled


def test_the_transcript_is_what_a_terminal_shows():
    ok = Result(0, "created\n", "progress on stderr\n")
    failed = Result(1, "", "Error: no such volume\n")
    text = transcript_html([("root@docker-host:~# ", "docker volume create data", ok),
                            ("root@docker-host:~# ", "docker volume rm nope", failed)])
    assert text == ('<pre class="sk-pre sk-transcript"><span class="sk-line"><span '
                    'class="sk-prompt">root@docker-host:~# '
                    '</span>docker volume create data</span>\ncreated\nprogress on stderr\n'
                    '<span class="sk-line"><span class="sk-prompt">root@docker-host:~# </span>docker volume rm nope'
                    '</span>\n'
                    '<span class="sk-err">Error: no such volume\n</span></pre>')
    assert output_html(Result(0, "<b>", "")) == "&lt;b&gt;"
    assert output_html(Result(1, "", "", ("free is not simulated",))) == (
        '<span class="sk-note">[storagekit] free is not simulated\n</span>')


def test_long_output_keeps_its_head_and_tail():
    text = "".join(f"line {i}\n" for i in range(100))
    short = shorten(text, 30).splitlines()
    assert short[:10] == [f"line {i}" for i in range(10)]
    assert short[10] == "... (70 more lines) ..."
    assert short[11:] == [f"line {i}" for i in range(80, 100)]


def test_a_lab_holds_the_host_it_is_given():
    host = DockerHost()
    host.sh("docker volume create kept")
    lab = MountLab(host)
    assert lab.target is host
    assert "kept" in host.sh("docker volume ls -q").out


@pytest.mark.parametrize("lab_type", [*CLICKS, BuildLab], ids=lambda t: t.__name__)
def test_a_lab_shadows_nothing_of_ipywidgets(lab_type):
    """A lab method named like a Widget method (``open``, ``close``, ``send``...) would break the widget."""
    import ipywidgets

    own = {name for cls in lab_type.__mro__[:-len(ipywidgets.VBox.__mro__)] for name in vars(cls)}
    assert sorted(n for n in own & set(dir(ipywidgets.VBox)) if not n.startswith("_")) == []
