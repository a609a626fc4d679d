"""What the Docker diagrams share: history rows as Dockerfile lines, lines cut to fit, the running engine."""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.sim.errors import StorageKitError
from storagekit.viz.docker.common import fit, instruction, running_engine

INSTRUCTIONS = [
    ("RUN /bin/sh -c apt-get update # buildkit", "RUN apt-get update"),
    ("COPY . /opt/source-code # buildkit", "COPY . /opt/source-code"),
    ('ENTRYPOINT ["/bin/sh" "-c" "FLASK_APP=/opt/app.py flask run"]', "ENTRYPOINT FLASK_APP=/opt/app.py flask run"),
    ('CMD ["flask" "run"]', 'CMD ["flask" "run"]'),
    ('/bin/sh -c #(nop)  CMD ["/bin/bash"]', 'CMD ["/bin/bash"]'),
    ("/bin/sh -c #(nop) ADD file:7349 in / ", "ADD file:7349 in /"),
    ("/bin/sh -c apt-get install -y curl", "RUN apt-get install -y curl"),
    ("|1 VERSION=2 /bin/sh -c echo $VERSION", "RUN echo $VERSION"),
    ("sh -c echo hi > /f", "sh -c echo hi > /f"),
]


@pytest.mark.parametrize("created_by,shown", INSTRUCTIONS)
def test_history_rows_read_as_dockerfile_lines(created_by, shown):
    assert instruction(created_by) == shown


@pytest.mark.parametrize("text,width,shown", [
    ("COPY . /opt/source-code", 44, "COPY . /opt/source-code"),
    ("RUN apt-get update && apt-get -y install python3 python3-pip", 44, "RUN apt-get update && … python3 python3-pip"),
    ("ENTRYPOINT FLASK_APP=/opt/source-code/app2.py flask run", 44, "ENTRYPOINT FLASK_APP=/ … app2.py flask run"),
    ("x" * 60, 20, "xxxxxxxxxx … xxxxxxx"),
])
def test_long_lines_keep_their_start_and_their_end(text, width, shown):
    assert fit(text, width) == shown and len(fit(text, width)) <= width


def test_a_stopped_daemon_answers_as_the_client_does():
    host = sk.DockerHost()
    host.stop_daemon()
    with pytest.raises(StorageKitError, match="Cannot connect to the Docker daemon"):
        running_engine(host)
