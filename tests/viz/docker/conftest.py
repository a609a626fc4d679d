"""Course states for the Docker diagrams, built with real commands on a ``DockerHost``."""

from __future__ import annotations

import pytest

import storagekit as sk

APP1 = """\
FROM ubuntu:22.04
RUN apt-get update && apt-get -y install python3 python3-pip
RUN pip install flask flask-mysql
COPY . /opt/source-code
ENTRYPOINT FLASK_APP=/opt/source-code/app.py flask run
"""
APP2 = APP1.replace("COPY . /opt/source-code", "COPY app2.py /opt/source-code/").replace("app.py", "app2.py")


def run(host, *lines: str) -> None:
    for line in lines:
        r = host.sh(line)
        assert r.code == 0, f"{line}\n{r.out}{r.err}"


def build_flask_apps(host) -> None:
    """The two Flask applications of notebooks/00-start-here.ipynb, built as the notebook builds them."""
    host.write("/src/app1/app.py", 'from flask import Flask\napp = Flask(__name__)\n')
    host.write("/src/app1/Dockerfile", APP1)
    host.write("/src/app2/app2.py", 'from flask import Flask\napp = Flask(__name__)\n')
    host.write("/src/app2/Dockerfile2", APP2)
    run(host, "cd /src/app1 && docker build -t mmumshad/my-custom-app .",
        "cd /src/app2 && docker build -f Dockerfile2 -t mmumshad/my-custom-app-2 .")


@pytest.fixture(scope="session")
def flask_host():
    """The two Flask apps; web1 runs the first and changes files; then app.py changes and app 1 is rebuilt, so the
    old image is dangling under web1 and the last build missed the cache at its COPY. Read it, never change it."""
    host = sk.DockerHost()
    build_flask_apps(host)
    run(host, "docker run -d --name web1 mmumshad/my-custom-app",
        "docker exec web1 sh -c 'echo 127.0.0.2 web1 >> /etc/hosts.allow; echo x >> /etc/bash.bashrc; "
        "rm /etc/issue.net; mkdir -p /var/log/app && echo started > /var/log/app/log'",
        "cd /src/app1 && echo '# a comment' >> app.py",
        "cd /src/app1 && docker build -t mmumshad/my-custom-app .")
    return host
