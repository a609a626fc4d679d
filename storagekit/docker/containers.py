"""Containers: an image's read-only layers, a per-container init layer, and one thin writable layer.

With overlay2 the writable layer is the overlay's upper directory,
``/var/lib/docker/overlay2/<mount-id>/diff`` on the host; the ``<mount-id>-init``
layer below it holds the placeholders Docker creates in every container
(moby ``daemon/initlayer``). ``docker diff`` and the container's size compare
against the init layer, so Docker's own placeholders never show as changes.
Which tree is where depends on the storage driver (:mod:`storagekit.docker.storage`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storagekit.docker.changes import Change, changes_size, export_changes, naive_changes, overlay_changes, overlay_size
from storagekit.docker.errors import AmbiguousPrefix, ContainerNameInUse, NoSuchContainer
from storagekit.docker.images import Image
from storagekit.fs import FileSystem, union
from storagekit.fs.nodes import Dir
from storagekit.sim.ids import IdFactory

INIT_LAYER = (
    ("/dev", "dir"), ("/dev/pts", "dir"), ("/dev/shm", "dir"), ("/proc", "dir"), ("/sys", "dir"),
    ("/.dockerenv", "file"), ("/etc", "dir"), ("/etc/resolv.conf", "file"), ("/etc/hosts", "file"),
    ("/etc/hostname", "file"), ("/dev/console", "file"), ("/etc/mtab", "/proc/mounts"),
)
"""What moby's ``initlayer.Setup`` creates: empty files and directories, and the mtab link."""

# A short part of moby's ``namesgenerator`` lists: enough for believable, repeatable names.
ADJECTIVES = (
    "admiring", "affectionate", "amazing", "awesome", "blissful", "bold", "brave", "charming", "clever", "cool",
    "compassionate", "competent", "confident", "dazzling", "determined", "eager", "ecstatic", "elastic", "elegant",
    "epic", "festive", "focused", "friendly", "gallant", "gifted", "goofy", "gracious", "happy", "hopeful",
    "hungry", "inspiring", "intelligent", "jolly", "keen", "kind", "laughing", "loving", "lucid", "magical",
    "modest", "nervous", "nice", "nifty", "nostalgic", "optimistic", "peaceful", "pensive", "practical",
    "priceless", "quirky", "relaxed", "romantic", "serene", "sharp", "silly", "stoic", "strange", "sweet",
    "tender", "thirsty", "trusting", "upbeat", "vibrant", "vigilant", "wizardly", "wonderful", "youthful", "zealous",
)
SURNAMES = (
    "agnesi", "albattani", "allen", "archimedes", "babbage", "banach", "bardeen", "bartik", "bell", "bhabha",
    "blackwell", "bohr", "booth", "borg", "bose", "brahmagupta", "brown", "carson", "cerf", "chandrasekhar",
    "clarke", "curie", "darwin", "dijkstra", "easley", "einstein", "elion", "euclid", "euler", "faraday",
    "fermat", "fermi", "feynman", "franklin", "galileo", "gates", "goldberg", "goodall", "hamilton", "hawking",
    "heisenberg", "hertz", "hodgkin", "hopper", "hypatia", "jackson", "jemison", "johnson", "kalam", "keller",
    "kepler", "khorana", "knuth", "lamarr", "lamport", "leakey", "lovelace", "lumiere", "mayer", "mcclintock",
    "meitner", "mendel", "morse", "napier", "newton", "noether", "pascal", "pasteur", "perlman", "poincare",
    "ramanujan", "ritchie", "rosalind", "shannon", "sinoussi", "stonebraker", "swirles", "tesla", "thompson",
    "torvalds", "turing", "villani", "wescoff", "wilson", "wing", "wozniak", "wright", "yalow", "zhukovsky",
)


def generate_name(ids: IdFactory, taken: set[str]) -> str:
    """``adjective_surname`` as moby picks it, from a seeded counter instead of a random source."""
    while True:
        n = int(ids.hex("container-name", 16), 16)
        name = f"{ADJECTIVES[n % len(ADJECTIVES)]}_{SURNAMES[(n // len(ADJECTIVES)) % len(SURNAMES)]}"
        if name == "boring_wozniak":  # moby never hands out this one ("Steve Wozniak is not boring")
            continue
        if name not in taken:
            return name


def init_layer(mtime: int) -> Dir:
    root = Dir()
    fs = FileSystem(root, clock=lambda: mtime)
    for path, kind in INIT_LAYER:
        if kind == "dir":
            fs.mkdir(path, 0o755, exist_ok=True)
        elif kind == "file":
            fs.write(path, b"", perm=0o755)  # initlayer.Setup opens each with mode 0o755
        else:
            fs.symlink(kind, path)
    return root


@dataclass(eq=False)
class Container:
    id: str
    name: str
    image: Image
    image_ref: str
    path: str
    args: list[str]
    config: dict
    host_config: dict
    created: int
    mount_id: str
    upper: Dir
    init: Dir
    state: str = "created"
    exit_code: int = 0
    error: str = ""
    """Why its last start failed (``State.Error``), until it starts."""
    started_at: int | None = None
    finished_at: int | None = None
    pid: int = 0
    """The main process's host pid (``State.Pid``) while it runs, else 0."""
    shim_pid: int = 0
    """Its parent's: the ``containerd-shim-runc-v2`` that started it."""
    uid: int = 0
    """Whom the main process runs as."""
    restart_count: int = 0
    process: str = ""
    """The long-running program keeping the container Up (``sleep``, ``nginx``...), if any."""
    logs: list[tuple[int, str, str]] = field(default_factory=list)
    """``(time, stream, line)`` as the json-file log driver keeps them."""

    @property
    def short_id(self) -> str:
        return self.id[:12]

    @property
    def running(self) -> bool:
        return self.state in ("running", "paused", "restarting")

    @property
    def command(self) -> str:
        return " ".join([self.path, *self.args]).strip()

    lowers: list[Dir] = field(default_factory=list)
    """What lies under ``upper`` in the container's root filesystem: the init layer and the image's layers
    with overlay drivers; nothing with drivers that give each container a whole tree of its own."""
    parent_tree: Dir | None = None
    """With a whole-tree driver, the init layer's tree that ``upper`` was copied from (the naive diff's base)."""
    mounts: list = field(default_factory=list)
    """The container's :class:`~storagekit.docker.volumes.spec.MountPoint` s: volumes, binds and tmpfs."""
    tmpfs: dict[str, Dir] = field(default_factory=dict)
    """The contents of its tmpfs mounts while it runs, by target."""
    dev: Dir | None = None
    """The tmpfs runc mounts at /dev while the container runs (devices, ``shm``); gone when it stops."""
    naive_diff: bool = False
    """Whether the driver compares whole trees for ``docker diff`` (everything but overlay2)."""

    def rootfs(self, clock=None, events=None) -> FileSystem:
        """The container's root filesystem as its processes see it."""
        return FileSystem(self.upper, self.lowers, clock=clock, events=events, source=self.id)

    def _trees(self) -> tuple[Dir, Dir]:
        """The two trees a naive diff compares: the container's view and its init layer's."""
        if self.parent_tree is not None:
            return self.upper, self.parent_tree
        return union.flatten([self.upper, *self.lowers]), union.flatten(self.lowers)

    def changes(self) -> list[Change]:
        """``docker diff``: the driver's change walk (see :mod:`storagekit.docker.changes`)."""
        if self.naive_diff:
            return naive_changes(*self._trees())
        return overlay_changes(self.upper, self.lowers)

    @property
    def size_rw(self) -> int:
        if self.naive_diff:
            new, old = self._trees()
            return changes_size(new, naive_changes(new, old))
        return overlay_size(self.upper)

    def layer_tree(self, mtime: int = 0) -> Dir:
        """What ``docker commit`` turns into a layer: the upper dir, or the exported naive diff."""
        if self.naive_diff:
            new, old = self._trees()
            return export_changes(new, naive_changes(new, old), mtime)
        return self.upper


class ContainerStore:
    def __init__(self) -> None:
        self.containers: dict[str, Container] = {}

    def __iter__(self):
        return iter(sorted(self.containers.values(), key=lambda c: (-c.created, c.id)))

    def names(self) -> set[str]:
        return {c.name for c in self.containers.values()}

    def check_name(self, name: str) -> None:
        owner = next((c for c in self.containers.values() if c.name == name), None)
        if owner is not None:
            raise ContainerNameInUse(name, owner.id)

    def add(self, container: Container) -> None:
        self.check_name(container.name)
        self.containers[container.id] = container

    def resolve(self, text: str) -> Container:
        """By full id, name (with or without ``/``), or unique id prefix, as the daemon looks them up."""
        if text in self.containers:
            return self.containers[text]
        name = text.lstrip("/")
        for c in self.containers.values():
            if c.name == name:
                return c
        matches = [c for c in self.containers.values() if c.id.startswith(text)] if text else []
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise AmbiguousPrefix(text)
        raise NoSuchContainer(text)

    def using_image(self, image: Image) -> list[Container]:
        return [c for c in self.containers.values() if c.image is image]

