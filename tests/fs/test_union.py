"""The layering rules (``storagekit.fs.union``) and every reader of layers that relies on them.

Table cases name one rule each. The kernel cases then mount random stacks of
lower layers (whiteouts, opaque dirs, files over dirs, in any layer) and check
that the kernel's merged view is what each reader of layers sees: the union
flattened, a container's ``FileSystem``, and the whole-tree drivers' unpacking
of each diff onto its parent, also after a trip through the OCI layer tar.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storagekit.fs import FileSystem, union
from storagekit.fs.nodes import Blob, Device, Dir, File, iter_tree, whiteout
from storagekit.fs.tar import layer_tar, read_layer_tar
from tests.fs.overlay_harness import WH, D, L, RealOverlay, build_sim, sim_tree, xattrs_readable


def tree(spec: dict) -> Dir:
    """A layer from ``{"d/": None, "d/f": "text", "x": WH, "o/": "opaque"}``."""
    root = Dir()
    for path, value in spec.items():
        *parents, name = path.rstrip("/").split("/")
        d = root
        for part in parents:
            d = d.children.setdefault(part, Dir())
        if path.endswith("/"):
            node = d.children.setdefault(name, Dir())
            node.opaque = value == "opaque"
        elif value is WH:
            d.children[name] = whiteout()
        else:
            d.children[name] = File(Blob.from_bytes(value.encode()))
    return root


def shown(node: Dir) -> dict[str, str]:
    """``{path: "dir" | content}`` of a plain tree."""
    return {p: "dir" if isinstance(n, Dir) else n.blob.read().decode() if isinstance(n, File) else type(n).__name__
            for p, n in iter_tree(node)}


LOWER = {"etc/": None, "etc/passwd": "root\n", "etc/issue": "hi\n", "tmp/": None, "tmp/old": "o\n", "x/": None,
         "x/y": "y\n"}
SHOWN = {"/etc": "dir", "/etc/passwd": "root\n", "/etc/issue": "hi\n", "/tmp": "dir", "/tmp/old": "o\n", "/x": "dir",
         "/x/y": "y\n"}


def but(*gone: str, **changed: str) -> dict[str, str]:
    """SHOWN without the ``gone`` paths, with ``changed`` ones (``x__z`` stands for ``/x/z``)."""
    out = {k: v for k, v in SHOWN.items() if k not in gone}
    out.update({"/" + k.replace("__", "/"): v for k, v in changed.items()})
    return dict(sorted(out.items()))


CASES = {
    "a whiteout hides the entry below": ([{"etc/": None, "etc/issue": WH}, LOWER], but("/etc/issue")),
    "an opaque dir hides the children below": ([{"tmp/": "opaque", "tmp/new": "n\n"}, LOWER],
                                               but("/tmp/old", tmp__new="n\n")),
    "a file hides a dir below": ([{"x": "file\n"}, LOWER], but("/x/y", x="file\n")),
    "a dir hides a file below": ([{"etc/": None, "etc/issue/": None}, LOWER], but(etc__issue="dir")),
    "dirs merge, the top entry wins": ([{"etc/": None, "etc/passwd": "new\n", "etc/motd": "m\n"}, LOWER],
                                       but(etc__passwd="new\n", etc__motd="m\n")),
    "a middle whiteout stops the dirs below": ([{"x/": None, "x/z": "z\n"}, {"x": WH}, LOWER],
                                               but("/x/y", x__z="z\n")),
    "a middle opaque dir is the last one merged": ([{"x/": None}, {"x/": "opaque", "x/m": "m\n"}, LOWER],
                                                   but("/x/y", x__m="m\n")),
    "a whiteout in the bottom layer shows nothing": ([{"gone": WH}], {}),
}


@pytest.mark.parametrize("layers,expected", list(CASES.values()), ids=list(CASES))
def test_every_reader_agrees(layers, expected):
    """The flattened union, a read-only FileSystem and unpacking each diff in turn show the same tree."""
    trees = [tree(spec) for spec in layers]
    assert shown(union.flatten(trees)) == expected
    fs = FileSystem(None, trees)
    assert {p: "dir" if isinstance(n, Dir) else n.blob.read().decode() for p, n in fs.walk("/")} == expected
    unpacked = Dir()
    for diff in reversed(trees):
        unpacked = union.apply(unpacked, diff)
    assert shown(unpacked) == expected


def test_lookup_reports_the_layer_and_the_stack():
    top, middle, bottom = tree({"d/": None, "d/a": "1"}), tree({"d/": "opaque"}), tree({"d/": None, "d/b": "2"})
    node, stack, at = union.lookup(union.root([top, middle, bottom]), "d")
    assert node is top.children["d"] and at == 0
    assert [i for i, _ in stack] == [0, 1]  # the opaque middle dir is the last one merged
    assert union.entries(stack) == {"a": top.children["d"].children["a"]}
    assert union.lookup(union.root([tree({"w": WH}), tree({"w": "x"})]), "w")[:1] == (None,)


def test_without_lower_layers_a_whiteout_is_a_device():
    """A single tree is no overlay: the host sees a layer's whiteouts as the 0:0 devices they are."""
    layer = tree({"gone": WH})
    assert isinstance(union.entries(union.root([layer]), whiteouts=False)["gone"], Device)
    assert isinstance(FileSystem(layer).lstat("/gone"), Device)
    assert not FileSystem(Dir(), [layer]).lexists("/gone")


def test_an_opaque_root_hides_the_layers_below():
    top = tree({"a": "1"})
    top.opaque = True
    assert sorted(union.flatten([top, tree({"b": "2"})]).children) == ["a"]
    assert FileSystem(None, [top, tree({"b": "2"})]).listdir("/") == ["a"]


def test_flat_entry_takes_the_path_as_spelled():
    layers = [tree({"x/": None, "x/z": "z\n"}), tree(LOWER)]
    assert sorted(union.flat_entry(layers, "/x").children) == ["y", "z"]
    assert union.flat_entry(layers, "/etc/passwd").blob.read() == b"root\n"
    assert union.flat_entry(layers, "/etc/passwd/x") is None
    assert union.flat_entry(layers, "/nowhere") is None
    assert union.flat_entry([], "/") is None


def test_apply_keeps_the_base_root_and_makes_new_inodes():
    base = tree(LOWER)
    base.mode, base.mtime = 0o40700, 7
    diff = tree({"etc/": None, "etc/issue": WH, "new": "n\n"})
    out = union.apply(base, diff)
    assert (out.mode, out.mtime) == (0o40700, 7)
    assert sorted(out.children["etc"].children) == ["passwd"]
    assert out.children["etc"].children["passwd"] is not base.children["etc"].children["passwd"]
    assert sorted(base.children["etc"].children) == ["issue", "passwd"]  # the layers stay as they were


# ------------------------------------------------------------------ against the kernel

NAMES = ["a", "d", "d/x", "d/s", "d/s/y", "e", "e/x"]
VALUES = st.sampled_from(["f1", "f2", D(), D(opaque=True), WH, L("a")])
layer_spec = st.dictionaries(st.sampled_from(NAMES), VALUES, max_size=6)


def consistent(spec: dict) -> dict:
    """Parents first, without the entries below a name that is not a directory in the same layer."""
    out = {}
    for path in sorted(spec, key=lambda p: p.count("/")):
        parts = path.split("/")
        ancestors = ["/".join(parts[:i]) for i in range(1, len(parts))]
        if all(not isinstance(spec.get(a, D()), (str, L, type(WH))) for a in ancestors):
            out[path + "/" if isinstance(spec[path], D) else path] = spec[path]
    return out


def merged_snapshot(flat: Dir):
    return sim_tree(iter_tree(flat.children["w"]), upper=False, xattrs=False)[0] if "w" in flat.children else {}


@pytest.mark.kernel
@settings(max_examples=int(os.environ.get("STORAGEKIT_KERNEL_EXAMPLES", "500")) // 5, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(layer_spec, min_size=1, max_size=3))
def test_random_stacks_against_the_kernel(specs):
    if xattrs_readable():
        pytest.skip(f"opaque dirs cannot be set here: {xattrs_readable()}")
    specs = [consistent(s) for s in specs]
    for i, spec in enumerate(specs):  # a whiteout hides something, as one that a deletion left does
        below = [build_sim(lower) for lower in specs[i + 1:]]

        def hides(path: str, spec: dict = spec, below: list = below) -> bool:
            parts = path.split("/")
            inside_opaque = any(getattr(spec.get("/".join(parts[:n]) + "/"), "opaque", False)
                                for n in range(1, len(parts)))
            return not inside_opaque and union.flat_entry(below, "/w/" + path) is not None

        specs[i] = {p: v for p, v in spec.items() if v is not WH or hides(p)}
    with RealOverlay(specs) as real:
        kernel, _, _ = real.state(xattrs=False)
    layers = [build_sim(spec) for spec in specs]
    assert merged_snapshot(union.flatten(layers)) == kernel
    fs_view = sim_tree(FileSystem(Dir(), layers).walk("/w"), upper=False, xattrs=False, strip="/w")[0]
    assert fs_view == kernel
    unpacked = Dir()
    for diff in reversed(layers):
        unpacked = union.apply(unpacked, read_layer_tar(layer_tar(diff)))
    assert merged_snapshot(unpacked) == kernel


def test_flatten_after_deleting_in_a_container():
    lower = tree(LOWER)
    upper = Dir()
    fs = FileSystem(upper, [lower], clock=lambda: 200)
    fs.unlink("/etc/issue")
    fs.unlink("/tmp/old")
    fs.rmdir("/tmp")
    fs.mkdir("/tmp")
    assert upper.children["tmp"].opaque
    merged = union.flatten([upper, lower])
    assert sorted(merged.children["etc"].children) == ["passwd"]
    assert merged.children["tmp"].children == {} and not merged.children["tmp"].opaque
    assert sorted(lower.children["etc"].children) == ["issue", "passwd"]  # the layers are untouched
