"""Any -v, --mount or --tmpfs value gets Docker's answer, never a traceback; a refusal changes nothing."""

from __future__ import annotations

import shlex

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storagekit import DockerHost
from storagekit.docker.volumes.spec import parse_bind, parse_mount, parse_tmpfs
from storagekit.docker.errors import DockerError

PIECES = ["/", "/data", "data", ".", "./x", "..", "~", ":", ",", "=", "ro", "rw", "z", "Z", "nocopy", "rshared",
          "type", "bind", "volume", "tmpfs", "src", "source", "dst", "target", "readonly", "volume-nocopy",
          "tmpfs-size", "tmpfs-mode", "1m", "700", "bind-propagation", "volume-subpath", "size", "mode", "a b", '"']
SPEC = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=8).map("".join)
HOST = DockerHost()
HOST.sh("docker pull -q busybox")


def snapshot(host: DockerHost) -> tuple:
    engine = host.engine
    return (tuple(engine.containers.containers), tuple(engine.volumes.volumes),
            tuple(sorted(host.fs.listdir("/"))), tuple(sorted(host.fs.listdir("/var/lib/docker/volumes"))))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(flag=st.sampled_from(["-v", "--mount", "--tmpfs"]), value=SPEC)
def test_run_answers_every_mount_value(flag, value):
    before = snapshot(HOST)
    r = HOST.sh(f"docker create {flag} {shlex.quote(value)} busybox true")
    assert "[storagekit]" not in r.err and "Traceback" not in r.err
    if r.code != 0:
        assert r.err and snapshot(HOST) == before
    else:
        HOST.sh(f"docker rm -v {r.out.strip()}")


@settings(max_examples=500, deadline=None)
@given(value=SPEC)
def test_the_daemon_parsers_raise_only_docker_errors(value):
    for parse in (parse_bind, lambda v: parse_tmpfs(v.partition(":")[0], v.partition(":")[2])):
        try:
            parse(value)
        except DockerError as exc:
            assert exc.message
    try:
        parse_mount({"Type": value, "Target": value, "Source": value}, exists=lambda p: False)
    except DockerError as exc:
        assert exc.message
