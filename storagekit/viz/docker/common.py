"""What every Docker diagram needs: the running engine, the tools' figures, and text cut to fit a node."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import re

from storagekit.commands.docker.cli import NO_DAEMON
from storagekit.commands.docker.handlers.images import ellipsis
from storagekit.sim.errors import StorageKitError
from storagekit.sim.units import human_size

WIDTH = 44
"""Characters of a node's line before it is shortened: what reads on a projector at 10 pt."""


def running_engine(host):
    """The host's Docker engine; the client's own error when its daemon is not running."""
    if host.engine is None or getattr(host, "daemon_log", ""):
        raise StorageKitError(NO_DAEMON)
    return host.engine


def size(n: int) -> str:
    """A size as ``docker images``, ``docker history`` and ``docker ps -s`` print it."""
    return human_size(n)


def short(digest: str) -> str:
    """An id as the tools print it: 12 hex digits, without ``sha256:``."""
    return digest.removeprefix("sha256:")[:12]


def fit(text: str, width: int = WIDTH) -> str:
    """One line of at most ``width`` characters. A long line keeps its start and its end, cut at spaces, because
    the end is what tells two similar lines apart (``... app.py flask run`` vs ``... app2.py flask run``)."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    head = text[: width // 2]
    if " " in head[width // 4:]:
        head = head[: head.rindex(" ")]
    room = width - len(head) - 3
    tail = text[-room:]
    cut = re.search(r"[ /]", tail[: room // 2])
    if cut:
        tail = tail[cut.end():]
    return f"{head} … {tail}" if head.strip() and tail.strip() else ellipsis(text, width)


def instruction(created_by: str) -> str:
    """A history row's ``created_by`` as the Dockerfile line that made it: ``RUN /bin/sh -c apt-get ... # buildkit``
    is ``RUN apt-get ...``; the classic builder's ``/bin/sh -c #(nop)  CMD [...]`` is ``CMD [...]``."""
    text = created_by.strip().removesuffix("# buildkit").strip()
    if text.startswith("|"):  # the classic builder's "|2 ARG1=x ARG2=y /bin/sh -c ..." for RUN with build args
        parts = text.split(" ", int(text[1:].split(" ", 1)[0]) + 1 if text[1:].split(" ", 1)[0].isdigit() else 1)
        text = parts[-1]
    if text.startswith("/bin/sh -c #(nop)"):
        text = text.removeprefix("/bin/sh -c #(nop)").strip()
    shell_form = re.fullmatch(r'(CMD|ENTRYPOINT) \["/bin/sh" "-c" "(.*)"\]', text)
    if shell_form:  # written in the Dockerfile without brackets
        return f"{shell_form[1]} {shell_form[2]}".replace('\\"', '"')
    if text.startswith("/bin/sh -c "):
        return "RUN " + text.removeprefix("/bin/sh -c ")
    if text.startswith("RUN /bin/sh -c "):
        return "RUN " + text.removeprefix("RUN /bin/sh -c ")
    return text


def digest_id(*parts: str) -> str:
    """12 hex digits naming a group of things that has no id of its own (a run of config-only history rows)."""
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:12]


def plural(n: int, word: str, many: str = "") -> str:
    return f"{n} {word if n == 1 else many or word + 's'}"


@contextlib.contextmanager
def collector_paused():
    """Build many small acyclic objects (a dive tree of thousands of entries) without the cycle collector
    scanning the whole host's file trees each time a generation fills up; reference counting frees them."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
