"""The seed's two Flask images as a learner builds and runs them: the missing app2.py shows as Exited (2)."""

from __future__ import annotations

import pytest

import storagekit as sk

DOCKERFILE = """FROM python:3.12-slim
RUN pip install flask flask-mysql
COPY . /opt/source-code
ENTRYPOINT FLASK_APP=/opt/source-code/{app} flask run
"""


@pytest.fixture(scope="module")
def host():
    host = sk.DockerHost()
    host.write("/src/app.py", "from flask import Flask\napp = Flask(__name__)\n")
    host.write("/src/Dockerfile", DOCKERFILE.format(app="app.py"))
    host.write("/src/Dockerfile2", DOCKERFILE.format(app="app2.py"))
    host.sh("cd /src && docker build -q -t app1 . && docker build -q -f Dockerfile2 -t app2 .")
    host.sh("docker run -d --name web1 app1")
    host.sh("docker run -d --name web2 app2")
    return host


def test_the_server_runs_and_its_banner_names_the_app(host):
    assert "Up " in host.sh("docker ps -a --filter name=web1").out
    r = host.sh("docker logs web1")
    assert r.out == " * Serving Flask app '/opt/source-code/app.py'\n * Debug mode: off\n"
    assert r.err.endswith(" * Running on http://127.0.0.1:5000\nPress CTRL+C to quit\n")


def test_a_missing_module_exits_2_with_flasks_error(host):
    assert "Exited (2)" in host.sh("docker ps -a --filter name=web2").out
    assert host.sh("docker logs web2").err == ("Usage: flask run [OPTIONS]\nTry 'flask run --help' for help.\n\n"
                                               "Error: Could not import 'app2'.\n")


@pytest.mark.parametrize("line, code, out, err_end", [
    ("docker run --rm --entrypoint flask app1 run", 2, "",
     "Error: Could not locate a Flask application. Use the 'flask --app' option, 'FLASK_APP' environment variable, "
     "or a 'wsgi.py' or 'app.py' file in the current directory.\n"),
    ("docker exec web1 flask --app /opt/source-code/nope.py run", 2, "", "Error: Could not import 'nope'.\n"),
    ("docker exec -w /opt/source-code web1 flask run --host=0.0.0.0", 130, " * Debug mode: off\n",
     "[storagekit] the development server would keep serving here until Ctrl-C; run it as a container's main "
     "process (docker run -d) to keep it up\n"),
    ("docker exec web1 flask routes", 1, "",
     "[storagekit] flask routes: only 'flask run' and 'flask --version' are simulated\n"),
])
def test_at_a_prompt(host, line, code, out, err_end):
    r = host.sh(line)
    assert (r.code, r.out) == (code, out)
    assert r.err.endswith(err_end)


def test_flask_version_is_what_pip_installed(host):
    r = host.sh("docker exec web1 flask --version")
    python, flask_line, werkzeug = r.out.splitlines()
    assert python == "Python 3.12.10"
    assert flask_line.startswith("Flask 3.") and werkzeug.startswith("Werkzeug 3.")
