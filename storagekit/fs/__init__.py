"""In-memory file trees: nodes and paths, the union (overlayfs) view, and OCI layer tars."""

from storagekit.fs.filesystem import FileSystem
from storagekit.fs.nodes import Blob, Device, Dir, File, Node, Symlink, whiteout

__all__ = ["Blob", "Device", "Dir", "File", "FileSystem", "Node", "Symlink", "whiteout"]
