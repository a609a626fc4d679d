"""Any command line gets an exit status and some text, never a Python exception."""

from __future__ import annotations

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from storagekit.commands.docker import cli
from tests.commands.docker.dockercli_helpers import docker

WORDS = ["image", "images", "ls", "build", "builder", "buildx", "prune", "run", "ps", "rm", "volume", "system",
         "df", "help", "container", "inspect", "alpine", "-", "--", "-a", "-aq", "-t", "-tfoo", "--tag", "--tag=x",
         "-f", "--filter", "--filter=a=b", "-h", "--help", "--help=false", "-v", "-D", "-H", "-n", "--tail",
         "--all=maybe", "---x", "--=", "-m", "512m", "--rm", "-e", "A=1", "--cpus", "1.5", "--builder"]
TOKENS = st.one_of(st.sampled_from(WORDS), st.text(max_size=8))


@settings(max_examples=400, deadline=None)
@given(argv=st.lists(TOKENS, max_size=7), connected=st.booleans(), buildx=st.booleans(),
       buildkit=st.sampled_from([None, "0", "1", "x"]))
def test_never_raises(argv, connected, buildx, buildkit):
    env = {} if buildkit is None else {"DOCKER_BUILDKIT": buildkit}
    with mock.patch.object(cli, "_handlers", {}):
        res = docker(*argv, connected=connected, buildx=buildx, env=env)
    assert isinstance(res.rc, int) and res.rc in (0, 1, 125)
    assert res.out or res.err
