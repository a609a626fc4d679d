import graphviz
import pytest

from storagekit.viz import style


def test_node_ids_cut_digests_as_the_tools_print_them():
    digest = "sha256:" + "3f4a9c2b1d07" + "0" * 52
    assert style.node_id("layer", digest) == "layer_3f4a9c2b1d07"
    assert style.node_id("volume", "my-data.v1") == "volume_my_data_v1"


def test_a_kind_gets_its_shape_and_marks():
    assert style.style("volume")["shape"] == "cylinder"
    assert style.style("layer", shared=True)["penwidth"] == "3"
    assert style.style("layer", changed=True)["peripheries"] == "2"


def test_the_house_style_is_in_the_dot_source():
    g = style.diagram("demo", "Which layers two images share")
    g.node("a", style.label("ubuntu:22.04", "77.9MB"), **style.style("layer"))
    style.legend(g, [("image layer (read-only)", style.style("layer"))])
    src = g.source
    assert 'label="Which layers two images share"' in src
    assert "rankdir=BT" in src and 'fontname="DejaVu Sans"' in src
    assert "subgraph cluster_legend" in src
    assert 'a [label="ubuntu:22.04\n77.9MB"' in src


def test_without_dot_a_diagram_shows_its_source(monkeypatch):
    def missing(*args, **kwargs):
        raise graphviz.ExecutableNotFound(["dot"])

    monkeypatch.setattr(style.Diagram, "pipe", missing)
    g = style.diagram("demo", "A title")
    bundle = g._repr_mimebundle_()
    assert list(bundle) == ["text/plain"]
    assert bundle["text/plain"].startswith("The Graphviz `dot` program is not installed here")
    assert g.source in bundle["text/plain"]


@pytest.mark.exe
def test_with_dot_a_diagram_shows_svg():
    g = style.diagram("demo", "A title")
    g.node("a", "a", **style.style("container"))
    assert "<svg" in g._repr_mimebundle_()["image/svg+xml"]


def test_a_label_has_at_most_three_lines():
    assert style.label("a", "", "b") == "a\nb"
    with pytest.raises(ValueError, match="at most three lines"):
        style.label("a", "b", "c", "d")


def test_edges_have_a_look_per_meaning():
    assert style.edge_style("volume")["color"] == style.GREEN
    assert style.edge_style("hides", label="x") == {**style.EDGES["hides"], "label": "x"}


def test_a_legend_stacks_along_a_diagram_that_reads_up():
    g = style.diagram("demo", "A title", rankdir="BT")
    style.legend(g, [("one", style.style("layer")), ("two", style.style("volume"))])
    assert "subgraph cluster_legend" in g.source
    assert "legend_0 -> legend_1 [style=invis]" in g.source


def test_a_legend_is_one_table_in_a_diagram_that_reads_across():
    g = style.diagram("demo", "A title", rankdir="LR")
    g.node("last", "last")
    style.legend(g, [("one", style.style("layer")), style.edge_key("bound", "bound")], after="last")
    source = g.source
    assert "cluster_legend" not in source
    assert "legend [label=<<TABLE" in source and "shape=plaintext" in source
    assert 'BGCOLOR="#CCE3F2" COLOR="#0072B2"' in source  # a node entry in its own colours
    assert f'<FONT COLOR="{style.GREEN}">◀━━▶ bound</FONT>' in source  # an edge entry as its coloured line
    assert "last -> legend [style=invis]" in source
