"""The Docker exercises: what survives, how many layers, which steps are cached, and making and mending state."""

from __future__ import annotations

import json

from storagekit.course.example import APP_DOCKERFILE, FLASK_APPS
from storagekit.exercises import state
from storagekit.exercises.model import Exercise, Goal, Hint, Question

WORDS = ["shop", "ledger", "orders", "notes", "photos", "metrics", "archive", "inbox"]


def _names(rng) -> dict:
    word = rng.choice(WORDS)
    return {"vol": f"{word}_data", "db": word, "size": rng.choice([40, 60, 80])}


def _running(host, name: str) -> bool:
    c = state.container(host, name)
    return bool(c and c.running)


def _survivors(host, p) -> list[str]:
    host.sh("docker rm -f app")
    found = []
    for label, path in (("the file in the volume", f"/var/lib/docker/volumes/{p['vol']}/_data/kept.txt"),
                        ("the file in the bind mount", "/srv/site/kept.txt"),
                        ("the file in the container's /tmp", None)):
        if path is not None and host.fs.exists(path):
            found.append(label)
    return found


SURVIVORS = Exercise(
    id="docker-what-survives", title="What survives docker rm?", concepts=("D1.2", "D4.5", "D6.1", "D7.1"),
    points=2, kind="predict", target="docker",
    instructions="""The container `app` has a volume `{vol}` at `/data`, the host's `/srv/site` bind-mounted at
`/site`, and wrote one file into each, and one into its own `/tmp`. Predict: after `docker rm -f app`, which of
the three files still exist on the host? Answer with `answer({{...}})`, a set of the choices.""",
    setup=lambda p: ["mkdir -p /srv/site",
                     f"docker run -d --name app -v {p['vol']}:/data -v /srv/site:/site busybox sleep 3600",
                     "docker exec app sh -c 'echo 1 > /data/kept.txt; echo 2 > /site/kept.txt; "
                     "echo 3 > /tmp/kept.txt'"],
    solution=lambda p: [],
    par=0,
    question=Question("Which files still exist after docker rm -f app?", _survivors,
                      choices=lambda p: ["the file in the volume", "the file in the bind mount",
                                         "the file in the container's /tmp"], many=True,
                      wrong={"the file in the container's /tmp": "The container's /tmp is in its writable layer, "
                                                                 "which docker rm deletes with the container."}),
    hints=(Hint("Volumes and bind mounts live outside the container; its writable layer does not."),),
    params=_names,
)


def _added_layers(host, p) -> str:
    host.sh(f"cd /src/app1 && docker build -t {p['tag']} .")
    history = json.loads(host.sh(f"docker image inspect -f '{{{{json .RootFS.Layers}}}}' {p['tag']}").out)
    base = json.loads(host.sh("docker image inspect -f '{{json .RootFS.Layers}}' ubuntu:22.04").out or "[]")
    return str(len(history) - len(base))


LAYERS = Exercise(
    id="docker-count-layers", title="How many layers does the Dockerfile add?", concepts=("D2.1",),
    points=1, kind="predict", target="docker",
    instructions="""`/src/app1/Dockerfile` is the course's first Flask application:

```
{dockerfile}```

Predict how many layers building it adds on top of `ubuntu:22.04`, then `answer(N)`.""",
    setup=lambda p: ["docker pull ubuntu:22.04"],
    files=lambda p: {f"/src/app1/{k}": v for k, v in FLASK_APPS[0].files.items()},
    solution=lambda p: [],
    par=0,
    question=Question("How many layers does the Dockerfile add?", _added_layers,
                      wrong={"4": "ENTRYPOINT changes only the image's settings: it adds no layer.",
                             "5": "FROM brings the base image's layers; only RUN, COPY and ADD add new ones."}),
    hints=(Hint("Which instructions change files? `docker history` shows the others as 0B."),),
    params=lambda rng: {"tag": rng.choice(["app", "flask-app", "web"]), "dockerfile": APP_DOCKERFILE},
)


def _cached_steps(host, p) -> list[str]:
    """Edit app.py, build again, and read which of the steps 2 to 4 BuildKit reports CACHED."""
    host.sh("cd /src/app1 && echo '# changed' >> app.py")
    out = host.sh("cd /src/app1 && docker build -t app . 2>&1").out.splitlines()
    steps = {}
    for line in out:
        parts = line.split()
        if len(parts) > 2 and parts[1].startswith("[") and "/" in parts[1] and parts[1][1:].split("/")[0] != "1":
            steps[parts[0]] = parts[1][1:].split("/")[0]
    return sorted(steps[parts[0]] for parts in map(str.split, out)
                  if len(parts) == 2 and parts[1] == "CACHED" and parts[0] in steps)


CACHED = Exercise(
    id="docker-which-steps-cached", title="Which build steps come from the cache?", concepts=("D3.1", "D3.2"),
    points=2, kind="predict", target="docker",
    instructions="""The image `app` was built from `/src/app1` (the course's Flask application). Now `app.py` gets one
more line, and the image is built again. Which of the steps `2` (RUN apt-get), `3` (RUN pip) and `4` (COPY) say
`CACHED`? Answer with a set, e.g. `answer({{"2"}})`.""",
    setup=lambda p: ["cd /src/app1 && docker build -t app ."],
    files=lambda p: {f"/src/app1/{k}": v for k, v in FLASK_APPS[0].files.items()},
    solution=lambda p: [],
    par=0,
    question=Question("Which steps are CACHED after editing app.py?", _cached_steps,
                      choices=lambda p: ["2", "3", "4"], many=True,
                      wrong={"4": "COPY's cache key is a checksum of the files it copies, and app.py changed."}),
    hints=(Hint("The first step whose inputs changed runs again, and so does every step after it."),),
)


AUTO_CREATE = Exercise(
    id="docker-volume-on-run", title="A volume without docker volume create", concepts=("D6.3", "D6.2"),
    points=2, kind="build", target="docker",
    instructions="""Run a MySQL container named `db` whose data directory `/var/lib/mysql` is on a named volume
`{vol}`, with the root password `secret`. `docker volume create` is disabled here: let `docker run` make the
volume.""",
    setup=lambda p: [],
    solution=lambda p: [f"docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret -v {p['vol']}:/var/lib/mysql mysql"],
    par=1,
    goals=(Goal("volume", "the volume {vol} exists", lambda h, p: p["vol"] in state.volumes(h)),
           Goal("mounted", "db has {vol} at /var/lib/mysql",
                lambda h, p: getattr(state.mount_at(h, "db", "/var/lib/mysql"), "name", "") == p["vol"],
                after=("volume",)),
           Goal("running", "db is running", lambda h, p: _running(h, "db"), after=("mounted",))),
    hints=(Hint("An anonymous volume has a long random name: name it in -v NAME:/var/lib/mysql.",
                lambda h, p: state.container(h, "db") is not None
                and getattr(state.mount_at(h, "db", "/var/lib/mysql"), "name", p["vol"]) != p["vol"],
                lambda p: ["docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret -v /var/lib/mysql mysql"]),
           Hint("The mysql image will not start without MYSQL_ROOT_PASSWORD (or another of its password settings).",
                lambda h, p: state.container(h, "db") is not None and not state.container(h, "db").running,
                lambda p: [f"docker run -d --name db -v {p['vol']}:/var/lib/mysql mysql"]),
           Hint("docker run -v NAME:PATH creates the volume NAME if it does not exist."),
           Hint("docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret -v VOLUME:/var/lib/mysql mysql")),
    disabled=(("volume", "create"),),
    params=_names,
)

IN_USE = Exercise(
    id="docker-volume-in-use", title="Remove a volume a container still holds", concepts=("D6.7",),
    points=2, kind="repair", target="docker",
    instructions="""The volume `{vol}` must go, but `docker volume rm {vol}` refuses. Remove it with as few commands
as you can, and keep the volume `keep`.""",
    setup=lambda p: ["docker volume create keep",
                     f"docker run --name old -v {p['vol']}:/data -v keep:/keep busybox true"],
    solution=lambda p: ["docker rm old", f"docker volume rm {p['vol']}"],
    par=2,
    goals=(Goal("gone", "the volume {vol} is gone", lambda h, p: p["vol"] not in state.volumes(h)),
           Goal("kept", "the volume keep is still there", lambda h, p: "keep" in state.volumes(h), keep=True)),
    hints=(Hint("A stopped container still references {vol}: the error lists its id. Remove that container first.",
                lambda h, p: p["vol"] in state.volumes(h) and state.container(h, "old") is not None,
                lambda p: [f"docker volume rm {p['vol']}"]),
           Hint("docker volume prune --all took keep too, once no container used it: reset and try again.",
                lambda h, p: "keep" not in state.volumes(h),
                lambda p: ["docker rm old", "docker volume prune --all -f"]),
           Hint("Read the error of docker volume rm: which container is using the volume?")),
    params=_names,
)

DATA_SURVIVES = Exercise(
    id="docker-data-outlives-container", title="Data that outlives its container",
    concepts=("D6.1", "D4.5", "D6.3"), points=3, kind="build", target="docker",
    instructions="""Run MySQL as `db` with its data on the volume `{vol}` (root password `secret`), create the database
`{db}` with the `mysql` client, remove the container, and run a new one, `db2`, on the same volume: `{db}` must
still be there.""",
    setup=lambda p: [],
    solution=lambda p: [f"docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret -v {p['vol']}:/var/lib/mysql mysql",
                        f"docker exec db mysql -uroot -psecret -e 'CREATE DATABASE {p['db']}'",
                        "docker rm -f db",
                        f"docker run -d --name db2 -e MYSQL_ROOT_PASSWORD=secret -v {p['vol']}:/var/lib/mysql mysql"],
    par=4,
    goals=(Goal("data", "the database {db} is in the volume {vol}",
                lambda h, p: h.fs.isdir(f"/var/lib/docker/volumes/{p['vol']}/_data/{p['db']}")),
           Goal("gone", "the container db is removed", lambda h, p: state.container(h, "db") is None,
                after=("data",)),
           Goal("db2", "db2 runs with {vol} at /var/lib/mysql",
                lambda h, p: getattr(state.mount_at(h, "db2", "/var/lib/mysql"), "name", "") == p["vol"]
                and state.container(h, "db2").running, after=("gone",))),
    hints=(Hint("The database went into an anonymous volume: mount {vol} at /var/lib/mysql instead.",
                lambda h, p: state.container(h, "db") is not None and state.mount_at(h, "db", "/var/lib/mysql")
                is not None and state.mount_at(h, "db", "/var/lib/mysql").name != p["vol"],
                lambda p: ["docker run -d --name db -e MYSQL_ROOT_PASSWORD=secret mysql",
                           f"docker exec db mysql -uroot -psecret -e 'CREATE DATABASE {p['db']}'"]),
           Hint("docker exec db mysql -uroot -psecret -e 'CREATE DATABASE NAME' makes a directory in the data dir."),
           Hint("docker rm -f db removes the container; the volume stays.")),
    params=_names,
)

READ_ONLY = Exercise(
    id="docker-only-data-writable", title="Only /data and /tmp writable", concepts=("D7.4", "D7.5"),
    points=2, kind="build", target="docker",
    instructions="""Run a container `web` from `nginx` whose root filesystem is read-only, with the volume `{vol}` at
`/data` (read-write) and a tmpfs at `/tmp`.""",
    setup=lambda p: [],
    solution=lambda p: [f"docker run -d --name web --read-only -v {p['vol']}:/data --tmpfs /tmp nginx"],
    par=1,
    goals=(Goal("ro", "web's root filesystem is read-only",
                lambda h, p: bool(state.container(h, "web") and state.container(h, "web").host_config.get(
                    "ReadonlyRootfs"))),
           Goal("data", "{vol} is mounted read-write at /data",
                lambda h, p: getattr(state.mount_at(h, "web", "/data"), "name", "") == p["vol"]
                and state.mount_at(h, "web", "/data").rw),
           Goal("tmp", "a tmpfs is mounted at /tmp",
                lambda h, p: getattr(state.mount_at(h, "web", "/tmp"), "type", "") == "tmpfs")),
    hints=(Hint("--read-only makes the container's own filesystem read-only; mounts keep their own modes."),
           Hint("--tmpfs /tmp (or --mount type=tmpfs,target=/tmp) gives a writable /tmp in memory.")),
    params=_names,
)

EXERCISES = (SURVIVORS, LAYERS, CACHED, AUTO_CREATE, IN_USE, DATA_SURVIVES, READ_ONLY)
