"""In-memory file trees: nodes and paths, the union (overlayfs) view, and OCI layer tars."""

from storagekit.fs.filesystem import FileSystem
from storagekit.fs.mounts import MountNamespace
from storagekit.fs.nodes import Blob, Device, Dir, File, Node, Symlink, whiteout

View = FileSystem | MountNamespace
"""What a process works in: one file system, or a container's mounts over its root (the same calls on both)."""

__all__ = ["Blob", "Device", "Dir", "File", "FileSystem", "MountNamespace", "Node", "Symlink", "View", "whiteout"]
