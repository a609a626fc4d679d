"""dive's file trees: what a layer added, modified or removed, and the wasted space as dive counts it."""

from __future__ import annotations

import pytest

from storagekit.docker import filetree
from storagekit.docker.filetree import ADDED, MODIFIED, REMOVED, UNMODIFIED, FileNode
from storagekit.fs import Blob, Dir, FileSystem, whiteout


def dive_tree(entries: dict[str, int | None]) -> FileNode:
    """A tree as dive's tests make one with ``AddPath``: parents implied, ``None`` for a whiteout."""
    root = FileNode("")
    for path, size in entries.items():
        node = root
        parts = path.strip("/").split("/")
        for part in parts[:-1]:
            node = node.children.setdefault(part, FileNode(part))
        name = parts[-1]
        info = (("whiteout", 0, None, 0, 0, 0) if size is None
                else ("file", size, Blob.synthetic(size, path), 0o100644, 0, 0))
        node.children[name] = FileNode(name, info)
    return root


def test_dive_efficiency_test_table():
    """dive's ``TestEfficency``: nginx.conf in two layers is the one inefficiency; a whiteout of a directory dive
    only knows from its children counts 0 B; the score is 0.75."""
    trees = [dive_tree({"/etc/nginx/nginx.conf": 2000, "/etc/nginx/public": 3000}),
             dive_tree({"/etc/nginx/nginx.conf": 5000, "/etc/athing": 10000}),
             dive_tree({"/etc/nginx": None})]
    result = filetree.efficiency(trees, [5000, 15000, 0])
    assert result.score == 0.75
    assert [(i.path, i.cumulative_size, i.layers) for i in result.inefficiencies] == [
        ("/etc/nginx/nginx.conf", 7000, (0, 1))]
    assert result.wasted_bytes == 7000 and result.wasted_user_percent == 7000 / 15000


def test_dive_scratch_image_test():
    result = filetree.efficiency([dive_tree({"/nothing": 0}), FileNode(""), FileNode("")], [0, 0, 0])
    assert result.score == 1.0 and result.inefficiencies == ()


def layers(*builds) -> list[Dir]:
    """Real layer diffs (upperdir form), each made by running ``build(fs)`` on an overlay of the ones below."""
    out: list[Dir] = []
    for make in builds:
        upper = Dir()
        make(FileSystem(upper, list(reversed(out))))
        out.append(upper)
    return out


def base(fs):
    fs.mkdir("/etc")
    fs.mkdir("/var/cache/apt", parents=True)
    fs.write("/etc/config", Blob.synthetic(100, "config v1"))
    fs.write("/var/cache/apt/a.deb", Blob.synthetic(1000, "a"))
    fs.write("/var/cache/apt/b.deb", Blob.synthetic(2000, "b"))


# (case, what the second layer does, expected wasted paths (path, cumulative size))
WASTE = [
    ("a file rewritten counts both versions", lambda fs: fs.write("/etc/config", Blob.synthetic(150, "config v2")),
     [("/etc/config", 250)]),
    ("a removed file counts its size", lambda fs: fs.unlink("/var/cache/apt/a.deb"), [("/var/cache/apt/a.deb", 1000)]),
    ("a directory removed whole counts nothing",
     lambda fs: (fs.unlink("/var/cache/apt/a.deb"), fs.unlink("/var/cache/apt/b.deb"), fs.rmdir("/var/cache/apt")),
     []),
    ("a new file is no waste", lambda fs: fs.write("/etc/new", b"x"), []),
]


@pytest.mark.parametrize("case,change,expected", WASTE, ids=[w[0] for w in WASTE])
def test_wasted_space_as_dive_counts_it(case, change, expected):
    trees = [filetree.layer_tree(d) for d in layers(base, change)]
    result = filetree.efficiency(trees, [3100, 0])
    assert [(i.path, i.cumulative_size) for i in result.inefficiencies] == expected


def test_content_hidden_by_an_opaque_directory_is_neither_removed_nor_wasted():
    def replace(fs):
        for name in ("a.deb", "b.deb"):
            fs.unlink(f"/var/cache/apt/{name}")
        fs.rmdir("/var/cache/apt")
        fs.mkdir("/var/cache/apt")
    diffs = layers(base, replace)
    assert diffs[1].children["var"].children["cache"].children["apt"].opaque
    trees = [filetree.layer_tree(d) for d in diffs]
    shown = filetree.compare(trees, 1)
    assert shown.find("/var/cache/apt/a.deb").diff == UNMODIFIED
    assert filetree.efficiency(trees, [3100, 0]).inefficiencies == ()


def second(fs):
    fs.write("/etc/config", Blob.synthetic(150, "config v2"))
    fs.write("/etc/added", b"new")


def third(fs):
    fs.unlink("/etc/config")


def test_this_layer_only_against_all_changes_so_far():
    trees = [filetree.layer_tree(d) for d in layers(base, second, third)]
    only = filetree.compare(trees, 2)
    assert only.find("/etc/config").diff == REMOVED
    assert only.find("/etc/added").diff == UNMODIFIED
    assert only.find("/etc").diff == MODIFIED
    assert only.find("/var").diff == UNMODIFIED
    so_far = filetree.compare(trees, 2, aggregated=True)
    assert so_far.find("/etc/added").diff == ADDED
    assert so_far.find("/etc/config").diff == REMOVED
    assert filetree.compare(trees, 1).find("/etc/config").diff == MODIFIED


def test_the_base_layer_is_compared_with_itself():
    trees = [filetree.layer_tree(d) for d in layers(base, second)]
    shown = filetree.compare(trees, 0)
    assert {node.diff for _, node in shown.walk()} == {UNMODIFIED}


def test_a_removed_directory_shows_what_it_held():
    def drop(fs):
        fs.unlink("/var/cache/apt/a.deb")
        fs.unlink("/var/cache/apt/b.deb")
        fs.rmdir("/var/cache/apt")
    trees = [filetree.layer_tree(d) for d in layers(base, drop)]
    shown = filetree.compare(trees, 1)
    apt = shown.find("/var/cache/apt")
    assert apt.diff == REMOVED and apt.size() == 3000
    assert shown.find("/var/cache").size() == 0


def test_a_repeated_hard_link_has_no_size_of_its_own():
    def linked(fs):
        fs.write("/a", Blob.synthetic(500, "a"))
        fs.link("/a", "/b")
    tree = filetree.layer_tree(layers(linked)[0])
    assert (tree.find("/a").own_size, tree.find("/b").info[0], tree.find("/b").own_size) == (500, "link", 0)


def test_whiteouts_keep_their_path():
    d = Dir()
    d.children["gone"] = whiteout()
    tree = filetree.layer_tree(d)
    assert tree.find("/gone").is_whiteout


def test_a_layers_tree_is_read_once_and_never_changed_by_what_reads_it():
    lower, upper = Dir(), Dir()
    FileSystem(lower).write("/app.conf", b"a=1\n")
    FileSystem(upper).write("/app.conf", b"a=2\n")
    tree = filetree.layer_tree(lower)
    assert filetree.layer_tree(lower) is tree  # the same layer: the same tree
    before = [(path, node.diff, node.info) for path, node in tree.walk("")]
    shown = filetree.compare([tree, filetree.layer_tree(upper)], 1)
    assert shown.find("/app.conf").diff == MODIFIED
    filetree.efficiency([tree, filetree.layer_tree(upper)], [5, 5])
    assert [(path, node.diff, node.info) for path, node in tree.walk("")] == before
    assert filetree.layer_tree(Dir()) is not tree
