"""What the engines do to a file system directly, as a daemon or runc does with no process behind it.

``put`` lays a ready-made tree where COPY, ADD or ``docker cp`` write; ``attach``
hangs a tree at a path for as long as a mount lasts (a RUN step's ``/dev`` and
``--mount``s); ``discard`` drops a whole directory tree of a daemon's own disk at
once. None of them is a process's call, so none is checked for permission.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from storagekit.fs import paths
from storagekit.fs.nodes import Dir, Node

if TYPE_CHECKING:
    from storagekit.fs import union


class DaemonOps:
    """The engines' own operations on a :class:`~storagekit.fs.FileSystem`."""

    if TYPE_CHECKING:  # what they use of the FileSystem they are part of
        upper: Dir | None
        clock: Callable[[], int]

        def lstat(self, path: str) -> Node: ...
        def realpath(self, path: str) -> str: ...
        def _resolve(self, path: str, follow: bool = True) -> tuple[str, Node | None, union.Stack, union.Stack]: ...
        def _check_writable(self, path: str) -> Dir: ...
        def _upper_dir(self, real: str) -> Dir: ...
        def _copy_up(self, real: str) -> Node: ...
        def _place(self, real: str, node: Node, parent_dirs: union.Stack) -> None: ...
        def _remove(self, real: str, parent_dirs: union.Stack) -> None: ...

    def discard(self, path: str) -> None:
        """Remove an entry and everything below it at once, if it is there.

        For a daemon's own single-layer disk (``/var/lib/docker``, a node's
        kubelet directory), where deleting a directory tree is one operation and
        needs none of the union's whiteouts.
        """
        parent = paths.parent(paths.normalize(path))
        try:
            node = self.lstat(parent)
        except OSError:
            return
        name = paths.basename(paths.normalize(path))
        if isinstance(node, Dir) and name in node.children:
            self._thaw_along(paths.parent(paths.normalize(path)))
            del node.children[name]
            node.mtime = self.clock()

    def _thaw_along(self, path: str) -> None:
        """Thaw the frozen trees on the way to ``path`` in the upper tree (for changes that do not copy up)."""
        d: Node | None = self.upper
        for name in [*paths.split(self.realpath(path)), None]:
            if not isinstance(d, Dir):
                return
            if d.frozen:
                d.thaw()
            d = d.children.get(name) if name is not None else None

    def attach(self, path: str, node: Node) -> Callable[[], None]:
        """Hang ``node`` at ``path`` in the upper tree for a while, as a mount does; returns the undo.

        While attached, the node is what lookups find at ``path``: a directory is
        made opaque, so the lower layers' entries there stay hidden. Detaching
        restores whatever the upper tree had before, so nothing of the mount stays.
        """
        self._check_writable(path)
        if isinstance(node, Dir):
            node.opaque = True
        real = paths.normalize(path)
        name = paths.entry_name(real)
        pdir = self._upper_dir(paths.parent(real))
        previous = pdir.children.get(name)
        pdir.children[name] = node

        def detach() -> None:
            if previous is None:
                pdir.children.pop(name, None)
            else:
                pdir.children[name] = previous

        return detach

    def put(self, path: str, node: Node) -> None:
        """Place a ready-made node (replacing whatever is visible there): COPY and ADD use this."""
        self._check_writable(path)
        real, existing, _, parent_dirs = self._resolve(path, follow=False)
        if existing is not None:
            if isinstance(existing, Dir) and isinstance(node, Dir):
                up = self._copy_up(real)
                assert isinstance(up, Dir)
                node._copy_meta(up)
                up.mode = node.mode
                return
            self._remove(real, parent_dirs)
            parent_dirs = self._resolve(path, follow=False)[3]
        self._place(real, node, parent_dirs)
