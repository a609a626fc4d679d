"""A bare engine with a tiny hand-made base image, so builder rules are tested without the catalogue."""

from __future__ import annotations

import shlex

import pytest

from storagekit.docker import reference as refs
from storagekit.docker.engine import DockerEngine
from storagekit.docker.images import make_config
from storagekit.fs import Blob, Dir, FileSystem
from storagekit.sim.clock import Clock
from storagekit.sim.events import EventLog
from storagekit.sim.ids import IdFactory


def tiny_runner(fs: FileSystem, argv, *, cwd, env, user, build_step=False):
    """Runs ``/bin/sh -c`` lines made of ``write PATH TEXT``, ``rm PATH``, ``env NAME`` and ``fail N``."""
    line = argv[2] if argv[:2] == ["/bin/sh", "-c"] else " ".join(argv)
    out = []
    for part in line.split("&&"):
        words = shlex.split(part)
        if not words:
            continue
        if words[0] == "write":
            fs.mkdir(words[1].rsplit("/", 1)[0] or "/", parents=True)
            fs.write(words[1], " ".join(words[2:]).encode())
        elif words[0] == "rm":
            fs.unlink(words[1])
        elif words[0] == "env":
            out.append(f"{words[1]}={env.get(words[1], '')}")
        elif words[0] == "fail":
            return int(words[1]), "", f"/bin/sh: 1: failing with {words[1]}\n"
        else:
            return 127, "", f"/bin/sh: 1: {words[0]}: not found\n"
    return 0, "\n".join(out) + ("\n" if out else ""), ""


class Bench:
    def __init__(self) -> None:
        self.clock = Clock()
        self.events = EventLog()
        self.fs = FileSystem(Dir(), clock=lambda: self.clock.now)
        self.engine = DockerEngine(self.fs, self.clock, IdFactory("test"), self.events, runner=tiny_runner)
        root = Dir()
        base = FileSystem(root)
        for d in ("/bin", "/etc", "/usr/bin"):
            base.mkdir(d, parents=True)
        base.write("/bin/dash", Blob.synthetic(125560, "dash"), perm=0o755)
        base.symlink("dash", "/bin/sh")
        base.write("/etc/os-release", b'ID=tiny\n')
        layer = self.engine.register_layer(root, None)
        config = make_config(architecture="amd64", os="linux", created="2025-01-01T00:00:00Z",
                             container_config={"Env": ["PATH=/usr/bin:/bin"], "Cmd": ["/bin/sh"]},
                             history=[{"created": "2025-01-01T00:00:00Z", "created_by": "ADD rootfs.tar / # buildkit"}],
                             diff_ids=[layer.diff_id])
        image = self.engine.commit(config, layer, repo_digests=["tiny@sha256:" + "ab" * 32])
        self.engine.tag(refs.parse("tiny"), image)
        self.base = image

    def write(self, path: str, text: str | bytes) -> None:
        self.fs.mkdir(path.rsplit("/", 1)[0] or "/", parents=True)
        self.fs.write(path, text.encode() if isinstance(text, str) else text)

    def build(self, dockerfile: str, files: dict[str, str] | None = None, *, tag: str = "app", **options):
        """Write the context under /ctx and build it with BuildKit; ``(outcome, image or None)``."""
        from storagekit.docker.build.builder import BuildRequest
        from storagekit.docker.build.context import BuildContext

        for name, text in (files or {}).items():
            self.write(f"/ctx/{name}", text)
        self.write("/ctx/Dockerfile", dockerfile)
        request = BuildRequest(dockerfile, "Dockerfile", BuildContext(self.fs, "/ctx"), **options)
        return self.engine.build(request, [refs.parse(tag)])


@pytest.fixture
def bench() -> Bench:
    return Bench()
