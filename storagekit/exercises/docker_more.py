"""More Docker exercises: a smaller image, anonymous volumes, prepopulation, the two mount syntaxes, a backup,
and freeing disk space."""

from __future__ import annotations

from storagekit.exercises import state
from storagekit.exercises.model import Exercise, Goal, Hint, Question

FAT_DOCKERFILE = """FROM busybox
RUN dd if=/dev/zero of=/tmp/cache bs=1M count={size}
RUN rm /tmp/cache
COPY app.sh /app/
"""


def _size_params(rng) -> dict:
    return {"size": rng.choice([40, 60, 80]), "limit": 10}


SLIM = Exercise(
    id="docker-slim-image", title="An image that stays small", concepts=("D2.2",),
    points=3, kind="build", target="docker",
    instructions="""`/src/slim/Dockerfile` makes a {size} MB scratch file and deletes it in a later step, yet the image
`fat` built from it is over {size} MB. Change the Dockerfile so that the image `slim`, built from `/src/slim`,
keeps `/app/app.sh` and is under {limit} MB.""",
    files=lambda p: {"/src/slim/Dockerfile": FAT_DOCKERFILE.format(**p), "/src/slim/app.sh": "echo hello\n"},
    setup=lambda p: ["cd /src/slim && docker build -t fat ."],
    solution=lambda p: [f"cd /src/slim && cat > Dockerfile <<'EOF'\nFROM busybox\nRUN dd if=/dev/zero of=/tmp/cache "
                        f"bs=1M count={p['size']} && rm /tmp/cache\nCOPY app.sh /app/\nEOF",
                        "cd /src/slim && docker build -t slim ."],
    par=2,
    goals=(Goal("built", "the image slim exists", lambda h, p: state.image_size(h, "slim") is not None),
           Goal("small", "slim is under {limit} MB", lambda h, p: (state.image_size(h, "slim") or 1 << 40)
                < p["limit"] * 1_000_000, after=("built",)),
           Goal("app", "slim still has /app/app.sh", lambda h, p: h.sh("docker run --rm slim test -f /app/app.sh")
                .code == 0, after=("built",))),
    hints=(Hint("Deleting a file in a later RUN hides it, but its bytes stay in the earlier layer. Create and delete "
                "it in the same RUN (with &&).",
                lambda h, p: (state.image_size(h, "slim") or 0) >= p["limit"] * 1_000_000,
                lambda p: ["cd /src/slim && docker build -t slim ."]),
           Hint("docker history slim shows which layer holds the megabytes.")),
    params=_size_params,
)

VOLUME_IMAGE = """FROM busybox
VOLUME /data
CMD ["sh", "-c", "echo run >> /data/runs"]
"""


def _volumes_after(host, p) -> str:
    for _ in range(p["plain"]):
        host.sh("docker run logger")
    for _ in range(p["removed"]):
        host.sh("docker run --rm logger")
    return str(len(state.volumes(host)))


ANONYMOUS = Exercise(
    id="docker-count-anonymous-volumes", title="How many anonymous volumes?", concepts=("D6.4", "D6.9"),
    points=2, kind="predict", target="docker",
    instructions="""The image `logger` is built from:

```
{dockerfile}```

On a host with no volumes, `docker run logger` runs {plain} times, then `docker run --rm logger` {removed} times.
How many volumes does `docker volume ls` list then?""",
    files=lambda p: {"/src/logger/Dockerfile": VOLUME_IMAGE},
    setup=lambda p: ["cd /src/logger && docker build -t logger ."],
    solution=lambda p: [],
    par=0,
    question=Question("How many volumes are left?", _volumes_after,
                      wrong={"1": "Each container gets a fresh anonymous volume for /data; they are not shared."}),
    hints=(Hint("VOLUME gives every container its own anonymous volume; --rm removes it with the container."),),
    params=lambda rng: {"plain": rng.choice([2, 3, 4]), "removed": rng.choice([1, 2]), "dockerfile": VOLUME_IMAGE},
)

SYNTAX_LINES = {
    "-v": "docker run --rm -v {path}:/data busybox true",
    "--mount": "docker run --rm --mount type=bind,source={path},target=/data busybox true",
}


def _which_succeed(host, p) -> list[str]:
    return sorted(flag for flag, line in SYNTAX_LINES.items()
                  if host.sh(line.format(path=p["paths"][flag])).code == 0)


MISSING_SOURCE = Exercise(
    id="docker-missing-bind-source", title="A bind mount of a path that does not exist", concepts=("D7.2", "D7.6"),
    points=2, kind="predict", target="docker",
    instructions="""Neither `{paths[-v]}` nor `{paths[--mount]}` exists on the host. Which of these succeed?

```
docker run --rm -v {paths[-v]}:/data busybox true
docker run --rm --mount type=bind,source={paths[--mount]},target=/data busybox true
```

Give `-v`, `--mount`, both on lines of their own, or `none`.""",
    setup=lambda p: ["docker pull busybox"],
    solution=lambda p: [],
    par=0,
    question=Question("Which of the two runs succeed?", _which_succeed, choices=lambda p: ["-v", "--mount"],
                      many=True,
                      wrong={"--mount": "--mount refuses a missing bind source: 'bind source path does not exist'."}),
    hints=(Hint("One syntax creates a missing host directory, the other refuses it."),),
    params=lambda rng: {"paths": {"-v": f"/srv/{rng.choice(['site', 'www', 'files'])}",
                                  "--mount": f"/srv/{rng.choice(['docs', 'assets', 'media'])}"}},
)

BACKUP = Exercise(
    id="docker-back-up-a-volume", title="Back up a volume to the host", concepts=("D6.10",),
    points=3, kind="build", target="docker",
    instructions="""The container `db` keeps its files on the volume `{vol}` at `/data`. Without stopping it, write a
tar archive of `/data` to the host as `/backup/{vol}.tar`, using a helper container.""",
    setup=lambda p: [f"docker run -d --name db -v {p['vol']}:/data busybox sleep 3600",
                     "docker exec db sh -c 'echo one > /data/a; mkdir /data/sub; echo two > /data/sub/b'"],
    solution=lambda p: ["mkdir -p /backup",
                        f"docker run --rm --volumes-from db -v /backup:/backup busybox tar cf /backup/{p['vol']}.tar "
                        "/data"],
    par=2,
    goals=(Goal("tar", "/backup/{vol}.tar exists on the host", lambda h, p: h.fs.exists(f"/backup/{p['vol']}.tar")),
           Goal("content", "it holds data/a and data/sub/b",
                lambda h, p: {"data/a", "data/sub/b"} <= set(h.sh(f"tar tf /backup/{p['vol']}.tar").out.split()),
                after=("tar",)),
           Goal("running", "db still runs", lambda h, p: bool(state.container(h, "db")
                                                               and state.container(h, "db").running), keep=True)),
    hints=(Hint("--volumes-from db gives the helper the same volumes at the same paths; -v /backup:/backup gives it "
                "the host's folder."),
           Hint("docker run --rm --volumes-from db -v /backup:/backup busybox tar cf /backup/NAME.tar /data")),
    params=lambda rng: {"vol": rng.choice(["app_data", "site_data", "db_files"])},
)

CLEANUP_LINES = ["docker volume create keep",
                 "docker run --name worker -v keep:/keep busybox true",
                 "docker run -v /scratch busybox sh -c 'dd if=/dev/zero of=/scratch/f bs=1M count=50'",
                 "docker run --name temp busybox sh -c 'dd if=/dev/zero of=/junk bs=1M count=30'"]


def _used(host) -> int:
    return sum(v.size for v in host.engine.local_volumes_size()) + sum(
        c.size_rw for c in host.engine.containers)


CLEANUP = Exercise(
    id="docker-free-disk-space", title="Free disk space, keep what matters", concepts=("D9.1",),
    points=3, kind="repair", target="docker",
    instructions="""The host holds stopped containers and volumes that nothing needs any more, and the named volume
`keep`, which must stay. Bring what containers and volumes use (`docker system df`) under 1 MB.""",
    setup=lambda p: list(CLEANUP_LINES),
    solution=lambda p: ["docker container prune -f", "docker volume prune -f"],
    par=2,
    goals=(Goal("small", "containers and volumes use under 1 MB", lambda h, p: _used(h) < 1_000_000),
           Goal("keep", "the volume keep is still there", lambda h, p: "keep" in state.volumes(h), keep=True)),
    hints=(Hint("docker volume prune --all removed keep too: without --all it takes only anonymous volumes.",
                lambda h, p: "keep" not in state.volumes(h),
                lambda p: ["docker container prune -f", "docker volume prune --all -f"]),
           Hint("A volume is in use while any container, even a stopped one, refers to it: remove the stopped "
                "containers first.", lambda h, p: _used(h) >= 1_000_000 and bool(state.volumes(h) - {"keep"})
                and any(not c.running for c in h.engine.containers),
                lambda p: ["docker volume prune -f"]),
           Hint("docker system df -v shows what uses the space.")),
)

EXERCISES = (SLIM, ANONYMOUS, MISSING_SOURCE, BACKUP, CLEANUP)
