"""``docker diff``, the container size and ``docker commit``'s layer, computed as the driver in use computes them.

Two algorithms, both moby's (``pkg/archive/changes.go``):

* **overlay walk** (overlay2, fuse-overlayfs): read only the upper directory.
  A whiteout is ``D``; an opaque directory that hides a lower one is ``D``; any
  other entry is ``A`` unless a lower layer has the path, then ``C``, except a
  directory whose mode and mtime still equal the lower one's, which was only
  copied up to hold a changed child and is left out. The parent of an added or
  deleted entry is listed as ``C``.
* **naive diff** (vfs, btrfs, zfs and fuse-overlayfs: ``NaiveDiffDriver``):
  compare the container's whole tree with its parent's (for fuse-overlayfs,
  the merged views). An entry is ``C`` when its mode, owner, device
  numbers or (not for directories) mtime or size differ; a directory holding
  any change is listed ``C`` before its children, except ``/``. A directory
  copied up by overlay keeps its parent's times, so ``echo >> /etc/passwd``
  shows ``C /etc/passwd`` alone under overlay2 but ``C /etc`` too under vfs.

Go walks a map in the naive diff, so Docker's order there varies from run to
run; we list names sorted, which is one of the orders Docker can print.
"""

from __future__ import annotations

from storagekit.fs.nodes import Device, Dir, File, Node, Symlink, descend, tree_size, whiteout

Change = tuple[str, str]
"""``(kind, path)``: ``A``, ``C`` or ``D`` and an absolute path."""


# --------------------------------------------------------------------- overlay


def overlay_changes(upper: Dir, lowers: list[Dir]) -> list[Change]:
    out: list[Change] = []
    changed_dirs: set[str] = set()

    def in_lowers(parts: list[str]) -> Node | None:
        for root in lowers:
            node = descend(root, parts)
            if node is not None and not node.is_whiteout():
                return node
        return None

    def walk(d: Dir, parts: list[str]) -> None:
        for name in sorted(d.children):
            node = d.children[name]
            here = parts + [name]
            path = "/" + "/".join(here)
            lower = in_lowers(here)
            if node.is_whiteout() or (isinstance(node, Dir) and node.opaque and lower is not None):
                kind = "D"
            elif lower is None:
                kind = "A"
            elif isinstance(node, Dir) and isinstance(lower,
                                                      Dir) and node.mode == lower.mode and node.mtime == lower.mtime:
                kind = ""  # copied up only to hold a changed child
            else:
                kind = "C"
            if kind:
                if isinstance(node, Dir):
                    changed_dirs.add(path)
                parent = "/" + "/".join(parts)
                if kind in ("A", "D") and parts and parent not in changed_dirs:
                    out.append(("C", parent))
                    changed_dirs.add(parent)
                out.append((kind, path))
            if isinstance(node, Dir):
                walk(node, here)

    walk(upper, [])
    return out


# ----------------------------------------------------------------------- naive


def _rdev(node: Node) -> tuple[int, int]:
    return (node.major, node.minor) if isinstance(node, Device) else (0, 0)


def _stat_different(old: Node, new: Node) -> bool:
    """moby's ``statDifferent``: directories' size and mtime are no measure of change."""
    if (old.mode, old.uid, old.gid, _rdev(old)) != (new.mode, new.uid, new.gid, _rdev(new)):
        return True
    if isinstance(new, Dir):
        return False
    return old.mtime != new.mtime or old.size != new.size


def _capability(node: Node) -> bytes | None:
    return (node.xattrs or {}).get("security.capability")


def naive_changes(new: Dir, old: Dir | None) -> list[Change]:
    out: list[Change] = []

    def add(path: str, new_node: Node, old_node: Node | None, listed: bool) -> None:
        at_entry = len(out)
        if old_node is None:
            out.append(("A", path))
            listed = True
        if isinstance(new_node, Dir):
            old_children = dict(old_node.children) if isinstance(old_node, Dir) else {}
            prefix = path.rstrip("/")
            for name in sorted(new_node.children):
                child, old_child = new_node.children[name], old_children.pop(name, None)
                child_listed = False
                if old_child is not None and (_stat_different(old_child, child)
                                              or _capability(old_child) != _capability(child)):
                    out.append(("C", f"{prefix}/{name}"))
                    child_listed = True
                add(f"{prefix}/{name}", child, old_child, child_listed)
            out.extend(("D", f"{prefix}/{name}") for name in sorted(old_children))
            if len(out) > at_entry and not listed and path != "/":
                out.insert(at_entry, ("C", path))

    add("/", new, old if old is not None else Dir(), True)
    return out


def changes_size(new: Dir, changes: list[Change]) -> int:
    """moby's ``ChangesSize``: bytes of the added and changed entries that are not directories, hard links once."""
    seen: set[int] = set()
    total = 0
    for kind, path in changes:
        if kind == "D":
            continue
        node = descend(new, path)
        if node is None or isinstance(node, Dir) or id(node) in seen:
            continue
        seen.add(id(node))
        total += node.size if isinstance(node, (File, Symlink)) else 0
    return total


def export_changes(new: Dir, changes: list[Change], mtime: int = 0) -> Dir:
    """The layer a naive driver's ``Diff`` tars up: changed entries as they are now, deletions as whiteouts.

    Directories come as themselves without their unchanged children; parents
    that are not changes themselves are written with their current metadata so
    the tar can hold the children (moby ``ExportChanges``).
    """
    layer = Dir()
    for kind, path in changes:
        parts = path.strip("/").split("/")
        src, dst = new, layer
        for part in parts[:-1]:  # a change's parents are directories, in both trees
            src = _subdir(src, part)
            if part not in dst.children:
                dst.children[part] = src.copy()
            dst = _subdir(dst, part)
        name = parts[-1]
        if kind == "D":
            dst.children[name] = whiteout(mtime)
            continue
        node = src.children[name]
        if isinstance(node, Dir):
            existing = dst.children.get(name)
            if not isinstance(existing, Dir):
                dst.children[name] = node.copy()
        else:
            dst.children[name] = node
    return layer


def overlay_size(upper: Dir) -> int:
    """overlay2's ``DiffSize``: ``st_size`` of everything in the upper directory but directories, inodes once."""
    return tree_size(upper, symlinks=True)


def _subdir(parent: Dir, name: str) -> Dir:
    child = parent.children[name]
    if not isinstance(child, Dir):
        raise NotADirectoryError(name)
    return child
