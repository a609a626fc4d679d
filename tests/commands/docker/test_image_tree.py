"""``docker image ls --tree`` as docker/cli 28.2.2 draws it (``cli/command/image/tree.go``).

The expected texts were printed by the real 28.2.2 client, its output piped (not a
terminal), against a daemon that answered ``GET /v1.50/images/json?manifests=1`` with
these images as a graph-driver store lists them::

    WARNING: This is an experimental feature. The output may change and shouldn't be depended on.
                                                                  Info ->  U In Use

    IMAGE             ID             DISK USAGE   CONTENT SIZE   EXTRA
    busybox:latest    cccc1111bbbb        4.4MB             0B
    myalpine:latest
    alpine:3.20       aaaa1111bbbb        7.8MB             0B

(the titles wrapped in ``ESC[39m ESC[1m ... ESC[0m`` even though piped), and refused
``--tree`` with ``-q``, ``--no-trunc``, ``--digests`` and ``--format`` in that order::

    --quiet is not yet supported with --tree
    --no-trunc is not yet supported with --tree
    --show-digest is not yet supported with --tree
    --format is not yet supported with --tree
"""

from __future__ import annotations

import pytest

from storagekit import DockerHost


def _title(text: str) -> str:
    return f"\x1b[39m\x1b[1m{text}\x1b[0m"


HEAD = ("WARNING: This is an experimental feature. The output may change and shouldn't be depended on.\n"
        + " " * 62 + "Info ->  U In Use \n\n")


@pytest.fixture(scope="module")
def host():
    """busybox and alpine pulled, alpine tagged once more, one tag longer than the IMAGE column, and a
    rebuilt image whose first build is left dangling."""
    h = DockerHost()
    for line in ("docker pull busybox", "docker pull alpine", "docker tag alpine my-own-alpine:v1"):
        assert h.sh(line).code == 0
    return h


def _header(image_width: int) -> str:
    cells = [_title("IMAGE") + " " * (image_width - 5), _title("ID") + " " * 10, _title("DISK USAGE"),
             _title("CONTENT SIZE"), _title("EXTRA")]
    return "   ".join(cells) + "\n"


def test_tree_lists_tags_longest_first_and_details_on_the_last(host):
    r = host.sh("docker images --tree")
    assert (r.code, r.err) == (0, "")
    assert r.out == HEAD + _header(16) + (
        "busybox:latest     3324acec7407       4.29MB             0B        \n"
        "my-own-alpine:v1\n"
        "alpine:latest      60ef17bd6ba3       8.57MB             0B        \n")


@pytest.mark.parametrize("line", ["docker images --tree busybox", "docker image ls --tree -f reference=busybox",
                                  "docker image list --tree --all busybox"])
def test_tree_narrows_like_the_table(host, line):
    r = host.sh(line)
    assert r.out == HEAD + _header(14) + "busybox:latest   3324acec7407       4.29MB             0B        \n"


def test_long_names_and_dangling_images():
    """A name wider than the 29 characters left to IMAGE is cut with ``…`` on the detail line only; a
    dangling image shows as ``<untagged>``, and only with ``--all``."""
    h = DockerHost()
    assert h.sh("docker pull busybox").code == 0
    assert h.sh("docker tag busybox registry.example.com:5000/team/a-very-long-repository-name:2025").code == 0
    h.write("/src/Dockerfile", "FROM busybox\nRUN echo a > /a\n")
    assert h.sh("cd /src && docker build -q -t x .").code == 0
    assert h.sh("cd /src && docker build -q --no-cache -t x .").code == 0
    plain = h.sh("docker images --tree").out.splitlines()
    every = h.sh("docker images --tree -a").out.splitlines()
    assert not any(line.startswith("<untagged>") for line in plain)
    assert every[4:] == [
        "x:latest                        6c16a51b30d4       4.29MB             0B        ",
        "<untagged>                      bf33ef669dda       4.29MB             0B        ",
        "registry.example.com:5000/team/a-very-long-repository-name:2025",
        "busybox:latest                  3324acec7407       4.29MB             0B        "]
    long_last = h.sh("docker tag busybox registry.example.com:5000/zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz:1")
    assert long_last.code == 0
    assert h.sh("docker rmi busybox registry.example.com:5000/team/a-very-long-repository-name:2025").code == 0
    row = h.sh("docker images --tree").out.splitlines()[-1]
    assert row.startswith("registry.example.com:5000/zz…   3324acec7407")


@pytest.mark.parametrize("flags,words", [
    ("-q", "--quiet is not yet supported with --tree"),
    ("--no-trunc", "--no-trunc is not yet supported with --tree"),
    ("--digests", "--show-digest is not yet supported with --tree"),
    ("--format json", "--format is not yet supported with --tree"),
    ("-q --format x", "--quiet is not yet supported with --tree"),
    ("--digests --no-trunc", "--no-trunc is not yet supported with --tree"),
])
def test_flags_tree_does_not_support_yet(host, flags, words):
    before = host.sh("docker images").out
    r = host.sh(f"docker images --tree {flags}")
    assert (r.code, r.out, r.err) == (1, "", words + "\n")
    assert host.sh("docker images").out == before


def test_containerd_store_says_it_is_not_simulated():
    h = DockerHost(daemon_json={"features": {"containerd-snapshotter": True}})
    r = h.sh("docker images --tree")
    assert r.code == 1 and "not simulated with the containerd image store" in r.err
