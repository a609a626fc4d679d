"""The course's running example: two small Flask applications whose Dockerfiles share their first steps.

It comes from the lesson the course grew from, corrected: a tagged base
(``ubuntu:22.04``), the packages that exist there (``python3``, ``python3-pip``),
and each application in a directory of its own, built with
``docker build -t NAME .``. The notebooks, the build lab and the benchmarks
all write these same files, so a learner meets one example throughout.
"""

from __future__ import annotations

from dataclasses import dataclass

APP_PY = '''from flask import Flask
app = Flask(__name__)

@app.route("/")
def hello():
    return "Hello from app {n}"
'''
DOCKERFILE = """FROM ubuntu:22.04
RUN apt-get update && apt-get -y install python3 python3-pip
RUN pip install flask flask-mysql
COPY {copy}
ENTRYPOINT FLASK_APP=/opt/source-code/{app} flask run
"""
APP_DOCKERFILE = DOCKERFILE.format(copy=". /opt/source-code", app="app.py")
APP2_DOCKERFILE = DOCKERFILE.format(copy="app2.py /opt/source-code/", app="app2.py")


@dataclass(frozen=True)
class FlaskApp:
    tag: str
    directory: str
    """The build context, holding the ``Dockerfile`` and the application."""
    files: dict[str, str]


FLASK_APPS = (
    FlaskApp("mmumshad/my-custom-app", "/src/app1", {"Dockerfile": APP_DOCKERFILE, "app.py": APP_PY.format(n=1)}),
    FlaskApp("mmumshad/my-custom-app-2", "/src/app2",
             {"Dockerfile": APP2_DOCKERFILE, "app2.py": APP_PY.format(n=2)}),
)

MYSQL_PASSWORD = "secret"
"""The root password the course's MySQL containers start with (``-e MYSQL_ROOT_PASSWORD=...``)."""


def write_flask_app(host, n: int = 1) -> FlaskApp:
    """Write application ``n`` (1 or 2) into its build context on ``host``; ``docker build -t app.tag
    app.directory`` builds it."""
    if n not in (1, 2):
        raise ValueError("the course has two applications: 1 and 2")
    app = FLASK_APPS[n - 1]
    for name, text in app.files.items():
        host.write(f"{app.directory}/{name}", text)
    return app
