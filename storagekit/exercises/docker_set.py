"""The Docker exercises: what survives, how many layers, which steps are cached, and making and mending state."""

from __future__ import annotations

import json

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
the three files still exist on the host?""",
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


LAYER_LINES = ["ENV MODE=production", "COPY app.sh /app/", "RUN chmod +x /app/app.sh", "LABEL team=storage",
               "EXPOSE 8080", "RUN echo built > /built", "COPY config.txt /etc/app/", "ENV LEVEL=debug",
               "RUN sed -i 's/debug/info/' /etc/app/config.txt", "USER nobody"]
"""Instructions a seed picks from (each in this order, so every COPY comes before the RUN that reads it)."""


NEEDS = {"RUN chmod +x /app/app.sh": "COPY app.sh /app/",
         "RUN sed -i 's/debug/info/' /etc/app/config.txt": "COPY config.txt /etc/app/"}
"""A RUN that reads a file needs the COPY that brings it."""


def _layer_params(rng) -> dict:
    chosen = {line for line in LAYER_LINES if rng.random() < 0.6}
    chosen |= {NEEDS[line] for line in chosen if line in NEEDS}
    if not any(line.startswith(("RUN", "COPY")) for line in chosen):
        chosen.add("COPY app.sh /app/")
    picked = [line for line in LAYER_LINES if line in chosen]
    dockerfile = "FROM busybox\n" + "\n".join(picked) + '\nCMD ["sh", "/app/app.sh"]\n'
    return {"tag": rng.choice(["app", "tool", "web"]), "dockerfile": dockerfile}


SMALL_CONTEXT = {"/src/app/app.sh": "echo hello\n", "/src/app/config.txt": "level=debug\n"}


def _added_layers(host, p) -> str:
    host.sh(f"cd /src/app && docker build -t {p['tag']} .")
    layers = json.loads(host.sh(f"docker image inspect -f '{{{{json .RootFS.Layers}}}}' {p['tag']}").out)
    base = json.loads(host.sh("docker image inspect -f '{{json .RootFS.Layers}}' busybox").out)
    return str(len(layers) - len(base))


LAYERS = Exercise(
    id="docker-count-layers", title="How many layers does the Dockerfile add?", concepts=("D2.1",),
    points=1, kind="predict", target="docker",
    instructions="""`/src/app/Dockerfile` reads:

```
{dockerfile}```

Predict how many layers building it adds on top of `busybox`'s, then give the number.""",
    setup=lambda p: ["docker pull busybox"],
    files=lambda p: {**SMALL_CONTEXT, "/src/app/Dockerfile": p["dockerfile"]},
    solution=lambda p: [],
    par=0,
    question=Question("How many layers does the Dockerfile add?", _added_layers),
    hints=(Hint("Only instructions that change files add a layer: which ones are they here?"),
           Hint("RUN, COPY and ADD add layers; ENV, LABEL, EXPOSE, USER and CMD change only settings.")),
    params=_layer_params,
)

CHANGES = {"app.sh": "echo 'edit app.sh' >> app.sh", "config.txt": "echo 'port=80' >> config.txt",
           "nothing": "touch app.sh config.txt"}
CACHE_DOCKERFILE = """FROM busybox
COPY config.txt /etc/app/
RUN echo built > /built
COPY app.sh /app/
RUN chmod +x /app/app.sh
"""


def _cached_steps(host, p) -> list[str]:
    """Make the change, build again, and read which of the steps 2 to 5 BuildKit reports CACHED."""
    host.sh(f"cd /src/app && {CHANGES[p['change']]}")
    out = host.sh("cd /src/app && docker build -t app . 2>&1").out.splitlines()
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
    instructions="""The image `app` was built from `/src/app`, whose Dockerfile is:

```
{dockerfile}```

Then, in `/src/app`, someone runs `{command}` and builds again. Which of the steps `2` to `5` say `CACHED`?
Give each step number on a line of its own (or `none`).""",
    setup=lambda p: ["cd /src/app && docker build -t app ."],
    files=lambda p: {**SMALL_CONTEXT, "/src/app/Dockerfile": CACHE_DOCKERFILE},
    solution=lambda p: [],
    par=0,
    question=Question("Which steps are CACHED?", _cached_steps, choices=lambda p: ["2", "3", "4", "5"], many=True),
    hints=(Hint("A COPY's cache key is a checksum of the files it copies: their content and mode, not their time."),
           Hint("The first step whose cache misses runs again, and so does every step after it.")),
    params=lambda rng: {"change": (change := rng.choice(sorted(CHANGES))), "command": CHANGES[change],
                        "dockerfile": CACHE_DOCKERFILE},
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
