"""The lesson the course grows from, walked as a learner types it, mistakes included.

Every line gets the real tool's answer: no silent success, no internal fault, and a refusal leaves
the containers, volumes and images as they were. The table is the walk in order; each row is the
line, the exit status Docker gives it, a fragment of what it prints (stdout and stderr together)
and whether it is a refusal that must leave no trace.
"""

from __future__ import annotations

import pytest

import storagekit as sk
from storagekit.course.example import APP_DOCKERFILE

APP = "from flask import Flask\napp = Flask(__name__)\n\n@app.route('/')\ndef hello():\n    return 'Hello'\n"
AS_WRITTEN = ("FROM ubuntu\nRUN apt-get update && apt-get -y install python\nRUN pip install flask flask-mysql\n"
              "COPY . /opt/source-code\nENTRYPOINT FLASK_APP=/opt/source-code/app.py flask run\n")
CORRECTED = APP_DOCKERFILE
SECOND = CORRECTED.replace("COPY . ", "COPY app2.py ").replace("app.py flask", "app2.py flask")
INTERNAL_FAULT = "the simulator could not run this command"

WALK = [
    # (line, exit status, printed fragment, a refusal that leaves no trace)
    ("ls /var/lib/docker", 0, "overlay2", False),
    ("docker info --format '{{.Driver}}'", 0, "overlay2", False),
    # the lesson's own syntax: the positional argument is the context, not the Dockerfile
    ("cd /src/app && docker build Dockerfile -t mmumshad/my-custom-app", 1,
     'ERROR: unable to prepare context: path "Dockerfile" not found', True),
    # the lesson's Dockerfile as written: Ubuntu has no package named python
    ("cd /src/app && docker build -t mmumshad/my-custom-app .", 1,
     "E: Package 'python' has no installation candidate", False),
    ("WRITE CORRECTED", 0, "", False),
    ("cd /src/app && docker build -t mmumshad/my-custom-app .", 0, "JSONArgsRecommended", False),
    ("cd /src/app && docker build -f Dockerfile2 -t mmumshad/my-custom-app-2 .", 0, "#7 CACHED", False),
    ("docker history mmumshad/my-custom-app", 0, "ENTRYPOINT", False),
    ("docker run mmumshad/my-custom-app", 0, "Serving Flask app '/opt/source-code/app.py'", False),
    ("docker run -d --name web mmumshad/my-custom-app", 0, "", False),
    ("docker exec web touch /tmp/temp.txt", 0, "", False),
    ("docker diff web", 0, "A /tmp/temp.txt", False),
    ("docker rm -f web", 0, "web", False),
    ("docker volume create data_volume", 0, "data_volume", False),
    # the lesson's MySQL lines leave out the root password: the entrypoint refuses to initialise
    ("docker run -v data_volume:/var/lib/mysql mysql", 1, "You need to specify one of the following", False),
    ("docker run -v data_volume2:/var/lib/mysql mysql", 1, "MYSQL_ROOT_PASSWORD", False),
    ("docker run -v /data/mysql:/var/lib/mysql mysql", 1, "MYSQL_ROOT_PASSWORD", False),
    ("docker run --mount type=bind,source=/data/mysql,target=/var/lib/mysql mysql", 1, "MYSQL_ROOT_PASSWORD", False),
    # a forgotten `:/var/lib/mysql` is a volume mounted at the relative path data_volume, as runc does it
    ("docker run -v data_volume mysql", 1, "MYSQL_ROOT_PASSWORD", False),
    ("docker run --mount source=/data/mysql,target=/var/lib/mysql mysql", 125,
     "includes invalid characters for a local volume name", True),
    ("docker run --mount type=bind,source=/data/nothere,target=/var/lib/mysql mysql", 125,
     "bind source path does not exist: /data/nothere", True),
    ("docker run -it mysql bash", 1, "the input device is not a TTY", True),
    ("docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret -v data_volume:/var/lib/mysql mysql", 0, "", False),
    ("docker exec db mysql -uroot -psecret -e 'CREATE DATABASE shop'", 0,
     "mysql: [Warning] Using a password on the command line interface can be insecure.", False),
    ("docker exec db mysql -uroot -psecret -e 'CREATE DATABASE shop'", 1,
     "ERROR 1007 (HY000) at line 1: Can't create database 'shop'; database exists", False),
    ("docker rm -f db", 0, "db", False),
    ("docker run -d --name db2 -e MYSQL_ROOT_PASSWORD=secret -v data_volume:/var/lib/mysql mysql", 0, "", False),
    ("docker exec db2 mysql -uroot -psecret -e 'SHOW DATABASES'", 0, "shop", False),
    ("ls /var/lib/docker/volumes/data_volume/_data/shop", 0, "", False),
    ("docker volume rm data_volume", 1, "volume is in use", True),
    ("docker system df", 0, "Local Volumes", False),
]


def state(host: sk.DockerHost) -> tuple[str, ...]:
    """What a refusal must not change: containers (by id, name and state), volumes and images."""
    lines = ("docker ps -a --no-trunc --format '{{.ID}} {{.Names}} {{.State}}'", "docker volume ls -q",
             "docker images -a --no-trunc -q")
    return tuple(host.sh(line).out for line in lines)


@pytest.fixture(scope="module")
def walked() -> list[tuple[tuple[str, int, str, bool], sk.commands.host.Result, tuple, tuple]]:
    host = sk.DockerHost()
    host.write("/src/app/Dockerfile", AS_WRITTEN)
    host.write("/src/app/app.py", APP)
    host.write("/src/app/app2.py", APP.replace("Hello", "Hello 2"))
    steps = []
    for row in WALK:
        line = row[0]
        if line == "WRITE CORRECTED":
            host.write("/src/app/Dockerfile", CORRECTED)
            host.write("/src/app/Dockerfile2", SECOND)
            continue
        before = state(host)
        result = host.sh(line)
        steps.append((row, result, before, state(host)))
    return steps


@pytest.mark.parametrize("index", range(len([row for row in WALK if row[0] != "WRITE CORRECTED"])))
def test_each_line_of_the_lesson_gets_the_real_answer(walked, index):
    (line, code, fragment, refusal), result, before, after = walked[index]
    printed = result.out + result.err
    assert INTERNAL_FAULT not in printed, line
    assert result.code == code, f"{line}\n{printed}"
    assert fragment in printed, f"{line}\n{printed}"
    if code == 0 and not fragment:
        assert not result.err.strip() or "Warning" in result.err, line
    if refusal:
        assert after == before, f"{line} left a trace"


def test_the_database_outlives_its_container(walked):
    shown = next(r for (line, *_), r, *_ in walked if line.endswith("'SHOW DATABASES'"))
    assert shown.out.split("\n")[0] == "Database"
    assert "shop" in shown.out.split()
