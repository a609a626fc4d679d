"""What every reliability case checks: a line gets an answer within a time and memory cap, never a Python exception,
never a silent fault of the simulator, and the file tree stays a tree."""

from __future__ import annotations

import contextlib
import os
import resource
import signal

from storagekit.commands.shell.messages import INTERNAL_FAULT
from storagekit.fs.nodes import Dir

SECONDS = 120
"""Longest a line may take: a learner's kernel must never look hung (generous, for a loaded 2-core machine)."""
MEMORY = 1 << 30
"""How much more address space a line may take."""
FAULT = INTERNAL_FAULT.split("(")[0]


class TooSlow(BaseException):
    """A BaseException, so that no ``except Exception`` of the kit swallows it."""


@contextlib.contextmanager
def capped(seconds: float = SECONDS, memory: int = MEMORY):
    """Run a case under a time limit (SIGALRM) and a cap on new address space (``RLIMIT_AS``), both lifted after."""

    def ring(signum, frame):
        raise TooSlow(f"took more than {seconds} s")

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open(f"/proc/{os.getpid()}/statm") as f:
        used = int(f.read().split()[0]) * resource.getpagesize()
    limit = used + memory if hard == resource.RLIM_INFINITY else min(hard, used + memory)
    old = signal.signal(signal.SIGALRM, ring)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        signal.signal(signal.SIGALRM, old)


def faults(result) -> list[str]:
    """The simulator's own faults in a result: each must be said on stderr or in a note that ``str`` shows."""
    said = [line for line in result.err.splitlines() if FAULT in line]
    said += [n for n in result.notes if "failed internally" in n or FAULT in n]
    return said


def run(target, line: str, stdin: str | None = None):
    """One line, capped; the result must be text a terminal can show and carry no fault of the simulator."""
    with capped():
        result = target.sh(line, stdin)
    assert isinstance(result.code, int) and 0 <= result.code <= 255, (line, result)
    str(result).encode("utf-8")  # what a notebook shows is always printable
    assert not faults(result), (line, str(result), result.notes)
    return result


def tree_errors(root: Dir) -> list[str]:
    """Where a tree is not one: a name the kernel never stores (empty, ``.``, ``..``, with a ``/``), or a directory
    inside itself."""
    bad: list[str] = []
    stack: list[tuple[Dir, str, frozenset[int]]] = [(root, "", frozenset({id(root)}))]
    while stack:
        d, path, above = stack.pop()
        for name, child in d.children.items():
            if not name or name in (".", "..") or "/" in name:
                bad.append(f"{path}/{name!r}")
            if isinstance(child, Dir):
                if id(child) in above:
                    bad.append(f"{path}/{name} (a cycle)")
                else:
                    stack.append((child, f"{path}/{name}", above | {id(child)}))
    return bad


def host_trees(host) -> list[Dir]:
    """Every tree a host holds: its disk (with each layer's diff in /var/lib/docker), the engines' layers and
    containers' upper directories."""
    trees = [host.fs.upper]
    for engine in host._engines.values():
        trees += [layer.root for layer in engine.layers.layers.values()]
        trees += [c.upper for c in engine.containers if getattr(c, "upper", None) is not None]
    return trees


def fingerprint(host) -> tuple:
    """The state a refusal must leave as it was: containers, images, volumes, and the data root's files."""
    engine = host.engine
    tree = tuple((path, type(node).__name__, node.size) for path, node in _walk(host.fs, "/var/lib/docker"))
    if engine is None:
        return (tree,)
    return (tuple((c.id, c.name, c.state) for c in engine.containers), tuple(sorted(engine.images.images)),
            tuple(sorted(host.volumes.volumes)), tree)


def _walk(fs, path):
    try:
        yield from fs.walk(path)
    except OSError:
        return
