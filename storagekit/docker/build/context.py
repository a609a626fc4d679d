"""The build context: the files a build may COPY, after ``.dockerignore``, and their checksums.

The checksum of what a COPY takes is what the cache compares: content, type,
permission bits and link targets, and never the modification time, so
``touch app.py`` changes nothing while ``chmod +x app.py`` does (BuildKit's
``contenthash``). Ignored files are not in the context at all: changing them
cannot invalidate anything, and COPY cannot find them.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
from dataclasses import dataclass

from storagekit.fs import FileSystem
from storagekit.fs.nodes import Dir, File, Node, Symlink, descend


def _pattern_regex(pattern: str) -> re.Pattern:
    """Docker's ``patternmatcher``: ``*`` and ``?`` stay within a path segment, ``**`` crosses them."""
    out = ["^"]
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "*":
            if pattern[i : i + 2] == "**":
                i += 2
                if pattern[i : i + 1] == "/":
                    out.append("(.*/)?")
                    i += 1
                else:
                    out.append(".*")
                continue
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        elif ch == "[":
            close = pattern.find("]", i + 1)
            if close < 0:
                out.append(re.escape(ch))
            else:
                body = pattern[i + 1 : close].replace("\\", "\\\\")
                if body.startswith("!") or body.startswith("^"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                i = close
        elif ch == "\\" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 1
        else:
            out.append(re.escape(ch))
        i += 1
    out.append("$")
    return re.compile("".join(out))


@dataclass(frozen=True)
class IgnoreRule:
    pattern: str
    negate: bool
    regex: re.Pattern


def parse_dockerignore(text: str) -> list[IgnoreRule]:
    rules: list[IgnoreRule] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        if negate:
            line = line[1:].strip()
        line = "/".join(p for p in line.split("/") if p and p != ".") or "."
        if line.startswith("/"):
            line = line.lstrip("/")
        rules.append(IgnoreRule(line, negate, _pattern_regex(line)))
    return rules


def is_ignored(path: str, rules: list[IgnoreRule]) -> bool:
    """Whether a context-relative path is excluded (a match on a parent directory counts)."""
    parents = path.split("/")
    ignored = False
    for rule in rules:
        hit = bool(rule.regex.match(path))
        if not hit:
            for k in range(1, len(parents)):
                if rule.regex.match("/".join(parents[:k])):
                    hit = True
                    break
        if hit:
            ignored = not rule.negate
    return ignored


class BuildContext:
    """A snapshot of a directory on the host, as the client sends it to the builder."""

    def __init__(self, fs: FileSystem, root: str, dockerfile_name: str = "Dockerfile") -> None:
        self.root = root.rstrip("/") or "/"
        ignore_path = self.root.rstrip("/") + "/.dockerignore"
        self.rules = parse_dockerignore(fs.read(ignore_path).decode(errors="replace")) if fs.isfile(ignore_path) else []
        self.tree = Dir()
        self.files: dict[str, Node] = {}
        self._copy(fs, self.root, self.tree, "")

    def _copy(self, fs: FileSystem, path: str, into: Dir, rel: str) -> None:
        for name, node in fs.scandir(path).items():
            child_rel = f"{rel}/{name}" if rel else name
            if is_ignored(child_rel, self.rules):
                if isinstance(node, Dir) and any(r.negate for r in self.rules):
                    sub = node.copy()
                    self._copy(fs, f"{path.rstrip('/')}/{name}", sub, child_rel)
                    if sub.children:
                        into.children[name] = sub
                continue
            if isinstance(node, Dir):
                sub = node.copy()
                into.children[name] = sub
                self.files[child_rel] = sub
                self._copy(fs, f"{path.rstrip('/')}/{name}", sub, child_rel)
            else:
                copy = node.copy()
                into.children[name] = copy
                self.files[child_rel] = copy

    @property
    def size(self) -> int:
        return sum(n.size for n in self.files.values() if isinstance(n, File))

    def lookup(self, rel: str) -> Node | None:
        """A context path (``..`` goes no higher than the context's root)."""
        return descend(self.tree, rel)

    def glob(self, pattern: str) -> list[str]:
        """Context paths matching a COPY source (``*.py``, ``src/*``); a plain path matches itself."""
        clean = "/".join(p for p in pattern.split("/") if p and p not in (".", ".."))
        if not any(c in clean for c in "*?["):
            return [clean] if self.lookup(clean) is not None else []
        parts = clean.split("/")
        found = [""]
        for part in parts:
            nxt: list[str] = []
            for base in found:
                node = self.lookup(base)
                if not isinstance(node, Dir):
                    continue
                for name in sorted(node.children):
                    if fnmatch.fnmatchcase(name, part):
                        nxt.append(f"{base}/{name}" if base else name)
            found = nxt
        return found


def checksum(node: Node) -> str:
    """Content hash of a file or tree: type, permission bits, content, link target; never mtime."""
    h = hashlib.sha256()
    _feed(h, node)
    return "sha256:" + h.hexdigest()


def _feed(h, node: Node) -> None:
    if isinstance(node, Dir):
        h.update(b"d%o\0" % node.perm)
        for name in sorted(node.children):
            h.update(name.encode() + b"\0")
            _feed(h, node.children[name])
        h.update(b"\1")
    elif isinstance(node, Symlink):
        h.update(b"l" + node.target.encode() + b"\0")
    elif isinstance(node, File):
        h.update(b"f%o\0" % node.perm + node.blob.digest.encode())
    else:
        h.update(b"c%o\0" % node.mode)
