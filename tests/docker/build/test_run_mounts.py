"""RUN steps: mounts that never reach the layer, here-documents, and a missing shell."""

from __future__ import annotations

from storagekit.docker import reference as refs
from storagekit.docker.build.builder import BuildRequest
from storagekit.docker.build.context import BuildContext
from storagekit.fs.nodes import iter_tree
from tests.docker.build.test_cache_rules import build, statuses


def try_build(bench, dockerfile: str, **options):
    bench.write("/ctx/Dockerfile", dockerfile)
    request = BuildRequest(dockerfile, "Dockerfile", BuildContext(bench.fs, "/ctx"), **options)
    return bench.engine.build(request, [refs.parse("app")])


def layer_paths(image) -> set[str]:
    return {path for path, _ in iter_tree(image.layers[-1].root)}


def test_cache_mount_contents_stay_out_of_the_layer_and_persist(bench):
    _, image = build(bench, "FROM tiny\nRUN --mount=type=cache,target=/root/.cache write /root/.cache/wheel.whl x && "
                            "write /app/done yes\n")
    assert "/app/done" in layer_paths(image)
    assert "/root/.cache/wheel.whl" not in layer_paths(image)
    assert "wheel.whl" in bench.engine.cache.mounts["/root/.cache"].children


def test_secret_is_readable_during_the_step_only(bench):
    df = "FROM tiny\nRUN --mount=type=secret,id=token env TOKEN && write /app/ok 1\n"
    outcome, image = try_build(bench, df, secrets={"token": b"s3cr3t"})
    assert not outcome.error
    assert "/run/secrets/token" not in layer_paths(image)
    assert "/app/ok" in layer_paths(image)


def test_secret_value_is_not_part_of_the_cache_key(bench):
    df = "FROM tiny\nRUN --mount=type=secret,id=token write /app/x 1\n"
    try_build(bench, df, secrets={"token": b"one"})
    outcome, _ = try_build(bench, df, secrets={"token": b"two"})
    assert statuses(outcome) == ["CACHED"]


def test_bind_mount_checksum_is_part_of_the_key(bench):
    df = "FROM tiny\nRUN --mount=type=bind,source=req.txt,target=/tmp/req.txt write /app/x 1\n"
    build(bench, df, {"req.txt": "flask\n"})
    outcome, _ = build(bench, df, {"req.txt": "flask\nrequests\n"})
    assert statuses(outcome) == ["RUN"]


def test_unknown_mount_key_is_refused_in_buildkit_words(bench):
    outcome, image = try_build(bench, "FROM tiny\nRUN --mount=type=cache,bogus=1,target=/x write /a 1\n")
    assert image is None
    assert outcome.error == "dockerfile parse error on line 2: unexpected key 'bogus' in 'bogus=1'"


def test_heredoc_alone_is_the_script(bench):
    _, image = build(bench, "FROM tiny\nRUN <<EOF\nwrite /app/from-heredoc yes\nEOF\n")
    assert "from-heredoc" in image.layers[-1].root.children["app"].children


def test_no_shell_in_scratch_fails_as_runc_does(bench):
    from storagekit.commands.host import DockerHost

    host = DockerHost()
    host.write("/src/s/Dockerfile", "FROM scratch\nRUN echo hi\n")
    r = host.sh("cd /src/s && docker build .")
    assert r.code == 1
    assert r.err.rstrip().endswith(
        'ERROR: failed to build: failed to solve: process "/bin/sh -c echo hi" did not complete successfully: '
        'runc run failed: unable to start container process: error during container init: '
        'exec: "/bin/sh": stat /bin/sh: no such file or directory'
    )


def test_add_unpacks_a_local_tarball_and_copy_does_not(bench):
    import io
    import tarfile

    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        info = tarfile.TarInfo("site/index.html")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))
    bench.write("/ctx/site.tar.gz", buf.getvalue())
    _, image = build(bench, "FROM tiny\nADD site.tar.gz /srv/\nCOPY site.tar.gz /keep/\n")
    chain = [{p for p, _ in iter_tree(layer.root)} for layer in image.layers]
    assert "/srv/site/index.html" in chain[-2]
    assert "/keep/site.tar.gz" in chain[-1]


def test_add_from_a_url_fails_without_network(bench):
    outcome, image = try_build(bench, "FROM tiny\nADD https://example.com/a.tgz /a/\n")
    assert image is None
    assert outcome.error == ('failed to load cache key: Get "https://example.com/a.tgz": '
                             "dial tcp: lookup example.com: no such host")
