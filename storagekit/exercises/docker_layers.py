"""Exercises on the container's own layer and on mounts' options: what lands in the upper directory, what a stop
keeps, readers and a writer on one volume, an NFS volume, a tmpfs for secrets, and the --mount syntax."""

from __future__ import annotations

from storagekit.exercises import state
from storagekit.exercises.model import Exercise, Goal, Hint, Question

SCRIPT_CHOICES = {"append": ("echo extra >> /etc/group", "/etc/group"),
                  "create": ("touch /root/note", "/root/note"),
                  "delete": ("rm /etc/passwd", "/etc/passwd"),
                  "read": ("cat /bin/ls > /dev/null", "/bin/ls")}


def _upper_entries(host, p) -> list[str]:
    host.sh("docker exec app sh -c '" + "; ".join(SCRIPT_CHOICES[k][0] for k in p["steps"]) + "'")
    upper = host.sh("docker inspect -f '{{.GraphDriver.Data.UpperDir}}' app").out.strip()
    return sorted(path for _, path in SCRIPT_CHOICES.values() if host.fs.lexists(upper + path))


UPPER = Exercise(
    id="docker-what-lands-in-the-upper-dir", title="What lands in the writable layer?", concepts=("D4.3", "D4.4"),
    points=2, kind="predict", target="docker",
    instructions="""The container `app` (busybox) runs `sh -c '{script}'`. Afterwards, which of these paths have an
entry in its upper directory (`GraphDriver.Data.UpperDir`)? Give each on a line of its own, or `none`:
`/etc/group`, `/root/note`, `/etc/passwd`, `/bin/ls`.""",
    setup=lambda p: ["docker run -d --name app busybox sleep 3600"],
    solution=lambda p: [],
    par=0,
    question=Question("Which paths have an entry in the upper directory?", _upper_entries,
                      choices=lambda p: ["/etc/group", "/root/note", "/etc/passwd", "/bin/ls"], many=True,
                      wrong={"/bin/ls": "Reading a file copies nothing up: only a change does."}),
    hints=(Hint("A change to a lower file copies the whole file up; a new file is created there; a deleted one "
                "leaves a whiteout there."),),
    params=lambda rng: {"steps": (steps := sorted(rng.sample(sorted(SCRIPT_CHOICES), 3))),
                        "script": "; ".join(SCRIPT_CHOICES[k][0] for k in steps)},
)


def _survives_stop(host, p) -> str:
    host.sh(f"docker exec app sh -c 'echo kept > {p['path']}'")
    host.sh("docker stop -t 1 app")
    host.sh("docker start app")
    return "yes" if host.sh(f"docker exec app cat {p['path']}").code == 0 else "no"


STOP_START = Exercise(
    id="docker-stop-and-start", title="Does a stop keep the container's files?", concepts=("D4.5", "D1.2"),
    points=1, kind="predict", target="docker",
    instructions="""The container `app` writes `{path}` (in its own writable layer, not a volume); then
`docker stop app` and `docker start app`. Is `{path}` still there? Answer `yes` or `no`.""",
    setup=lambda p: ["docker run -d --name app busybox sleep 3600"],
    solution=lambda p: [],
    par=0,
    question=Question("Is the file still there after a stop and a start?", _survives_stop,
                      wrong={"no": "docker stop keeps the writable layer; docker rm deletes it."}),
    hints=(Hint("Which command deletes a container's writable layer: stop, or rm?"),),
    params=lambda rng: {"path": rng.choice(["/root/notes.txt", "/tmp/state", "/var/run.log"])},
)


def _mode(host, name: str, vol: str, where: str = "/data") -> str:
    m = state.mount_at(host, name, where)
    return "" if m is None or m.name != vol else ("rw" if m.rw else "ro")


READERS = Exercise(
    id="docker-one-writer-two-readers", title="One writer, two readers", concepts=("D6.6",),
    points=2, kind="build", target="docker",
    instructions="""Run three busybox containers (command `sleep 3600`) that share the volume `{vol}` at `/data`:
`writer` may change it, `reader1` and `reader2` may only read it.""",
    setup=lambda p: [],
    solution=lambda p: [f"docker run -d --name writer -v {p['vol']}:/data busybox sleep 3600",
                        f"docker run -d --name reader1 -v {p['vol']}:/data:ro busybox sleep 3600",
                        f"docker run -d --name reader2 -v {p['vol']}:/data:ro busybox sleep 3600"],
    par=3,
    goals=(Goal("writer", "writer has {vol} read-write at /data", lambda h, p: _mode(h, "writer", p["vol"]) == "rw"),
           Goal("readers", "reader1 and reader2 have it read-only",
                lambda h, p: _mode(h, "reader1", p["vol"]) == _mode(h, "reader2", p["vol"]) == "ro")),
    hints=(Hint("A reader can write: add :ro after the target (or readonly in --mount).",
                lambda h, p: "rw" in (_mode(h, "reader1", p["vol"]), _mode(h, "reader2", p["vol"])),
                lambda p: [f"docker run -d --name reader1 -v {p['vol']}:/data busybox sleep 3600"]),
           Hint("The same volume name in -v NAME:/data for all three; :ro for the readers.")),
    params=lambda rng: {"vol": rng.choice(["shared", "reports", "assets"])},
)

NFS = Exercise(
    id="docker-nfs-volume", title="A volume on an NFS server", concepts=("D6.8",),
    points=2, kind="build", target="docker",
    instructions="""Create a volume `{vol}` with the `local` driver that mounts the NFS export `{export}` of the server
`{server}`, read-write. (The simulator records the options; it has no NFS server to mount.)""",
    setup=lambda p: [],
    solution=lambda p: [f"docker volume create --driver local --opt type=nfs --opt o=addr={p['server']},rw "
                        f"--opt device=:{p['export']} {p['vol']}"],
    par=1,
    goals=(Goal("exists", "the volume {vol} exists", lambda h, p: p["vol"] in state.volumes(h)),
           Goal("options", "its options are type=nfs, o=addr={server},rw and device=:{export}",
                lambda h, p: (h.engine.volumes.volumes[p["vol"]].options or {}) == {
                    "type": "nfs", "o": f"addr={p['server']},rw", "device": f":{p['export']}"},
                after=("exists",))),
    hints=(Hint("The local driver takes mount(8)'s pieces as --opt: type, o (the options, addr= among them) and "
                "device (the export, after a colon)."),),
    params=lambda rng: {"vol": rng.choice(["media", "shared", "home"]), "server": f"10.0.0.{rng.randint(2, 250)}",
                        "export": rng.choice(["/exports/media", "/srv/nfs/share", "/data/home"])},
)


def _tmpfs(host, p):
    m = state.mount_at(host, "app", "/run/secrets")
    return m if m is not None and m.type == "tmpfs" else None


SECRETS = Exercise(
    id="docker-tmpfs-for-secrets", title="A tmpfs for secrets", concepts=("D7.5", "D7.6"),
    points=2, kind="build", target="docker",
    instructions="""Run a busybox container `app` (command `sleep 3600`) with a tmpfs at `/run/secrets` of at most
{size} MiB that only its owner may read (mode `0700`). Use `--mount`.""",
    setup=lambda p: [],
    solution=lambda p: [f"docker run -d --name app --mount type=tmpfs,target=/run/secrets,tmpfs-size={p['size']}m,"
                        "tmpfs-mode=0700 busybox sleep 3600"],
    par=1,
    goals=(Goal("tmpfs", "a tmpfs is mounted at /run/secrets", lambda h, p: _tmpfs(h, p) is not None),
           Goal("size", "it holds at most {size} MiB", lambda h, p: getattr(_tmpfs(h, p), "tmpfs_size", 0)
                == p["size"] << 20, after=("tmpfs",)),
           Goal("mode", "its mode is 0700", lambda h, p: getattr(_tmpfs(h, p), "tmpfs_mode", 0) == 0o700,
                after=("tmpfs",))),
    hints=(Hint("--mount type=tmpfs,target=PATH takes tmpfs-size (bytes, or with a unit such as 4m) and "
                "tmpfs-mode (octal)."),),
    params=lambda rng: {"size": rng.choice([1, 2, 4])},
)

MOUNT_FORM = Exercise(
    id="docker-v-to-mount", title="From -v to --mount", concepts=("D7.6",),
    points=2, kind="build", target="docker",
    instructions="""Run the equivalent of `docker run -d --name web -v {vol}:/usr/share/nginx/html:ro nginx`, written
with `--mount` instead of `-v`.""",
    setup=lambda p: [],
    solution=lambda p: [f"docker run -d --name web --mount type=volume,source={p['vol']},"
                        "target=/usr/share/nginx/html,readonly nginx"],
    par=1,
    goals=(Goal("mount", "web mounts {vol} read-only at /usr/share/nginx/html",
                lambda h, p: _mode(h, "web", p["vol"], "/usr/share/nginx/html") == "ro"),
           Goal("syntax", "it was given with --mount",
                lambda h, p: bool(state.container(h, "web") and state.container(h, "web").host_config.get("Mounts")),
                after=("mount",))),
    hints=(Hint("--mount type=volume,source=NAME,target=PATH,readonly: each field named, in any order."),),
    params=lambda rng: {"vol": rng.choice(["site", "html", "pages"])},
)

EXERCISES = (UPPER, STOP_START, READERS, NFS, SECRETS, MOUNT_FORM)
