"""Reading BuildKit's plain progress back: what render_plain writes, read_plain finds."""

import pytest

from storagekit.docker.build.progress import Vertex, read_plain, render_plain

VERTICES = [
    Vertex("[internal] load build definition from Dockerfile", ["transferring dockerfile: 192B done"]),
    Vertex("[1/3] FROM docker.io/library/ubuntu:22.04", duration=0.0),
    Vertex("[2/3] RUN apt-get update", status="CACHED"),
    Vertex("[3/3] RUN make", logs=[(0.2, "#1 is not a vertex"), (0.3, "DONE 5s is a log line")], duration=18.4),
    Vertex("[build 1/2] COPY . /src", status="ERROR", error='failed to compute cache key: "/x": not found'),
]


def test_read_plain_gives_back_what_render_plain_wrote():
    text = render_plain(VERTICES, driver_line='#0 building with "default" instance using docker driver')
    found = read_plain(text)
    assert [(v.name, v.status, v.duration, v.error) for v in found] == [
        (v.name, v.status, v.duration, v.error) for v in VERTICES]


@pytest.mark.parametrize("text, status", [
    ("#3 [2/2] RUN sleep 100\n#3 0.100 waiting\n", "RUNNING"),
    ("#3 [2/2] RUN true\n#3 CACHED\n", "CACHED"),
])
def test_a_vertex_ends_as_its_last_status_line_says(text, status):
    assert [v.status for v in read_plain(text)] == [status]
