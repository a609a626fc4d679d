"""The client's reading of -v (docker/cli volumespec and opts.go), table-driven like docker/cli's own tests."""

import pytest

from storagekit.commands.docker.volumespec import check, route

VALID = [
    # (value, Binds, anonymous targets) as the client sends them, run from /root/app
    ("/data", [], ["/data"]),
    (".", [], ["."]),
    ("/a", [], ["/a"]),
    ("name:/target", ["name:/target"], []),
    ("name:/target:bogus", ["name:/target:bogus"], []),  # unknown options are the daemon's business
    ("/src:/dst:ro", ["/src:/dst:ro"], []),
    ("./src:/dst", ["/root/app/src:/dst"], []),
    (".:/dst", ["/root/app:/dst"], []),
    ("../x:/dst:ro", ["/root/x:/dst:ro"], []),
    (".hidden:/dst", ["/root/app/.hidden:/dst"], []),
    ("~/x:/dst", ["~/x:/dst"], []),  # the client never expands ~ (the shell might)
]


@pytest.mark.parametrize("value, binds, anonymous", VALID, ids=[v for v, *_ in VALID])
def test_route(value, binds, anonymous):
    assert route([value], "/root/app") == (binds, anonymous)


INVALID = [
    ("", "invalid empty volume spec"),
    (":foo", "invalid spec: :foo: empty section between colons"),
    ("/foo::ro", "invalid spec: /foo::ro: empty section between colons"),
    (":/vol", "invalid spec: :/vol: empty section between colons"),
    ("/foo:/foo:ro:foo", "invalid spec: /foo:/foo:ro:foo: too many colons"),
]


@pytest.mark.parametrize("value, message", INVALID, ids=[v or "empty" for v, _ in INVALID])
def test_check(value, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(") + "$"):
        check(value)
