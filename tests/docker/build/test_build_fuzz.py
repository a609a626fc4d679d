"""Whatever Dockerfile a learner writes, docker build answers in BuildKit's words and a failure changes no image or
tag."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storagekit import DockerHost

LINES = st.sampled_from([
    "FROM busybox", "FROM busybox AS base", "FROM base", "FROM scratch", "FROM nosuchimage", "FROM Busybox",
    "RUN echo hi > /hi.txt", "RUN false", "RUN nosuchprogram", "RUN rm -rf /etc",
    "RUN mkdir -p /app && cd /app && touch x",
    "RUN --mount=type=cache,target=/cache touch /cache/x", "RUN --mount=type=bogus true", "RUN ['broken json'",
    "COPY . /app/", "COPY missing.txt /x", "COPY *.txt /txt/", "COPY a.txt b.txt /two",
    "COPY --from=base /hi.txt /copied",
    "ADD a.txt /added", "ADD https://example.com/x /x", "WORKDIR /work", "WORKDIR", "ENV A=1 B=\"two words\"", "ENV",
    "ARG V=1", "ARG", "LABEL a=b", "EXPOSE 80/tcp", "VOLUME /data", "USER nobody", "USER",
    "SHELL [\"/bin/sh\", \"-c\"]",
    "SHELL /bin/sh", "CMD [\"sh\"]", "ENTRYPOINT echo $A", "HEALTHCHECK CMD true", "HEALTHCHECK BOGUS",
    "STOPSIGNAL SIGTERM",
    "ONBUILD RUN true", "ONBUILD ONBUILD RUN x", "MAINTAINER me", "FOO bar", "# a comment", "", "RUN \\",
])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(LINES, min_size=0, max_size=8), st.booleans())
def test_any_dockerfile(lines, classic):
    host = DockerHost()
    host.sh("docker pull busybox")
    host.write("/src/f/a.txt", "a\n")
    host.write("/src/f/b.txt", "b\n")
    host.write("/src/f/Dockerfile", "\n".join(lines) + "\n")
    before = (host.sh("docker images -a --no-trunc").out, host.read("/var/lib/docker/image/overlay2/repositories.json"))
    env = "DOCKER_BUILDKIT=0 " if classic else ""
    r = host.sh(f"cd /src/f && {env}docker build -t fuzz .")
    assert "[storagekit]" not in r.err, r.err
    assert "Traceback" not in r.out + r.err
    if r.code != 0:
        assert r.err.strip(), "a failed build says why"
        if not classic:
            assert r.err.rstrip().splitlines()[-1].startswith("ERROR: ")
            assert (host.sh("docker images -a --no-trunc").out,
                    host.read("/var/lib/docker/image/overlay2/repositories.json")) == before
    else:
        assert "fuzz" in host.sh("docker images fuzz").out
