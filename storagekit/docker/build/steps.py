"""What each Dockerfile instruction does to a build stage: its config, its history row, its files.

A stage is an image being built: a chain of read-only layers, an image config
and history rows. Filesystem instructions (RUN, COPY, ADD, WORKDIR) add a layer;
the others only edit the config and add a ``0B`` history row, as BuildKit's
``dockerfile2llb`` does. History texts are BuildKit's (``RUN /bin/sh -c ... #
buildkit``, ``EXPOSE map[80/tcp:{}]``, ``CMD ["flask" "run"]``).
"""

from __future__ import annotations

import posixpath
import re
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from storagekit.docker.build.dockerfile import Instruction, expand, key_value_pairs
from storagekit.docker.layers import Layer
from storagekit.fs import FileSystem, users
from storagekit.fs.nodes import Dir, File, Node, Symlink
from storagekit.sim.goquote import go_quote_list
from storagekit.sim.process import DEFAULT_PATH

DEFAULT_SHELL = ["/bin/sh", "-c"]
PROXY_ARGS = {
    "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy",
    "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
}
HISTORY_COMMENT = "buildkit.dockerfile.v0"


@dataclass
class Stage:
    name: str
    index: int
    top: Layer | None
    config: dict
    history: list[dict]
    key: str
    args: dict[str, str | None] = field(default_factory=dict)
    step: int = 0
    total: int = 0
    base_rows: int = 0
    """How many history rows came from the base image (BuildKit fills times only after them)."""
    cmd_set: bool = False
    """Whether this stage set CMD itself (an ENTRYPOINT then keeps it; else it clears the base's)."""

    _env_index: tuple | None = field(default=None, repr=False, compare=False)
    """``(Env list, its length, name -> position, name -> value)``: read once, kept up to date by :meth:`set_env`,
    so a Dockerfile of thousands of ENV lines builds in linear time."""

    def _indexed(self) -> tuple:
        env = self.config.get("Env") or []
        cached = self._env_index
        if cached is None or cached[0] is not env or cached[1] != len(env):
            positions: dict[str, int] = {}
            values: dict[str, str] = {}
            for i, item in enumerate(env):
                name, eq, value = item.partition("=")
                if eq:
                    positions.setdefault(name, i)
                    values[name] = value
            cached = self._env_index = (env, len(env), positions, values)
        return cached

    @property
    def env(self) -> Mapping[str, str]:
        """The config's Env by name (a read-only view)."""
        return MappingProxyType(self._indexed()[3])

    def expansion_env(self) -> Mapping[str, str]:
        """What ``$VAR`` means in an instruction: declared ARGs, overridden by ENV."""
        return ChainMap(self._indexed()[3], {k: v for k, v in self.args.items() if v is not None})

    def set_env(self, name: str, value: str) -> None:
        """``addEnv``: a variable already set keeps its place in Env, a new one goes last."""
        if self.config.get("Env") is None:
            self.config["Env"] = []
        env, _, positions, values = self._indexed()
        if name in positions:
            env[positions[name]] = f"{name}={value}"
        else:
            positions[name] = len(env)
            env.append(f"{name}={value}")
            self._env_index = (env, len(env), positions, values)
        values[name] = value

    @property
    def workdir(self) -> str:
        return self.config.get("WorkingDir") or "/"

    @property
    def shell(self) -> list[str]:
        return self.config.get("Shell") or DEFAULT_SHELL

    def lowers(self) -> list[Dir]:
        return [layer.root for layer in reversed(self.top.chain)] if self.top else []

    def rootfs(self) -> FileSystem:
        return FileSystem(None, self.lowers())

    def label(self, multi_stage: bool) -> str:
        prefix = f"{self.name} " if multi_stage else ""
        width = len(str(self.total))  # the frontend's %*d with 1+log10(total): as wide as the total
        return f"[{prefix}{self.step:{width}d}/{self.total}]"


def history_row(created: str | None, created_by: str, empty: bool) -> dict:
    row: dict[str, object] = {"created": created, "created_by": created_by, "comment": HISTORY_COMMENT}
    if empty:
        row["empty_layer"] = True
    return row


def apply_metadata(stage: Stage, ins: Instruction, build_args: dict[str, str]) -> str | None:
    """Apply a config-only instruction; returns the history text (None if it adds no row)."""
    env = stage.expansion_env()
    cfg = stage.config
    if ins.cmd == "ENV":
        pairs = key_value_pairs(ins.args, env)
        for k, v in pairs:
            stage.set_env(k, v)
        return "ENV " + " ".join(f"{k}={v}" for k, v in pairs)
    if ins.cmd == "LABEL":
        pairs = key_value_pairs(ins.args, env)
        if cfg.get("Labels") is None:
            cfg["Labels"] = {}
        cfg["Labels"].update(pairs)  # the stage's config is its own copy
        return "LABEL " + " ".join(f"{k}={v}" for k, v in pairs)
    if ins.cmd == "MAINTAINER":
        return "MAINTAINER " + ins.args[0]
    if ins.cmd == "ARG":
        shown = []
        for raw in ins.args:
            name, eq, default = raw.partition("=")
            value = build_args.get(name, expand(default, env) if eq else None)
            stage.args[name] = value
            shown.append(f"{name}={value}" if value is not None else name)
        return "ARG " + " ".join(shown)
    if ins.cmd in ("CMD", "ENTRYPOINT"):
        argv = list(ins.args) if ins.json else stage.shell + [" ".join(ins.args)]
        if ins.cmd == "ENTRYPOINT" and not argv:
            cfg["Entrypoint"] = None
        else:
            cfg["Cmd" if ins.cmd == "CMD" else "Entrypoint"] = argv
        if ins.cmd == "ENTRYPOINT" and not stage.cmd_set:
            cfg["Cmd"] = None
        if ins.cmd == "CMD":
            stage.cmd_set = True
        return f"{ins.cmd} {go_quote_list(argv)}"
    if ins.cmd == "EXPOSE":
        ports = dict(cfg.get("ExposedPorts") or {})
        added = []
        for raw in ins.args:
            p = expand(raw, env)
            p = p if "/" in p else p + "/tcp"
            ports[p] = {}
            added.append(p)
        cfg["ExposedPorts"] = dict(sorted(ports.items()))
        return "EXPOSE map[" + " ".join(f"{p}:{{}}" for p in sorted(added)) + "]"
    if ins.cmd == "USER":
        cfg["User"] = expand(ins.args[0], env)
        return "USER " + cfg["User"]
    if ins.cmd == "VOLUME":
        vols = dict(cfg.get("Volumes") or {})
        paths = []
        for raw in ins.args:
            path = expand(raw, env)
            vols[path] = {}
            paths.append(path)
        cfg["Volumes"] = dict(sorted(vols.items()))
        return "VOLUME [" + " ".join(paths) + "]"
    if ins.cmd == "STOPSIGNAL":
        cfg["StopSignal"] = expand(ins.args[0], env)
        return "STOPSIGNAL " + cfg["StopSignal"]
    if ins.cmd == "SHELL":
        cfg["Shell"] = list(ins.args)
        return "SHELL [" + " ".join(ins.args) + "]"
    if ins.cmd == "HEALTHCHECK":
        kind = ins.args[0].upper()
        if kind == "NONE":
            cfg["Healthcheck"] = {"Test": ["NONE"]}
        else:
            rest = ins.args[1:]
            test = ["CMD", *rest] if ins.json else ["CMD-SHELL", " ".join(rest)]
            hc: dict = {"Test": test}
            for flag, key in (("interval", "Interval"), ("timeout", "Timeout"), ("start-period", "StartPeriod"),
                              ("start-interval", "StartInterval")):
                if ins.flag(flag):
                    hc[key] = _duration_ns(ins.flag(flag))
            if ins.flag("retries"):
                hc["Retries"] = int(ins.flag("retries"))
            cfg["Healthcheck"] = hc
        return "HEALTHCHECK " + " ".join(ins.args)
    if ins.cmd == "ONBUILD":
        triggers = list(cfg.get("OnBuild") or [])
        text = ins.original.split(None, 1)[1] if " " in ins.original.strip() else ""
        triggers.append(text)
        cfg["OnBuild"] = triggers
        return "ONBUILD " + text
    return None


def _duration_ns(text: str) -> int:
    units = {"ns": 1, "us": 1000, "ms": 10**6, "s": 10**9, "m": 60 * 10**9, "h": 3600 * 10**9}
    total, num = 0.0, ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isdigit() or ch == ".":
            num += ch
            i += 1
            continue
        for unit in ("ns", "us", "ms", "s", "m", "h"):
            if text.startswith(unit, i) and not (unit == "m" and text.startswith("ms", i)):
                total += float(num or 0) * units[unit]
                num = ""
                i += len(unit)
                break
        else:
            raise ValueError(f'time: invalid duration "{text}"')
    return int(total)


def run_env(stage: Stage, build_args: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """The environment of a RUN, and the part of it that goes into the cache key.

    The RUN sees the image's ENV, the declared ARGs that have values, and the
    predefined proxy args; the proxy args are left out of the key (and of the
    history) unless the Dockerfile declares them with ARG.
    """
    env = {"PATH": DEFAULT_PATH}
    env.update({k: v for k, v in stage.args.items() if v is not None})
    env.update(stage.env)
    key_env = dict(env)
    for name in sorted(PROXY_ARGS):
        if name in build_args and name not in stage.args:
            env[name] = build_args[name]
    return env, key_env


def run_argv(stage: Stage, ins: Instruction) -> list[str]:
    """The process a RUN starts: exec form as written, shell form through the stage's SHELL.

    A here-document alone (``RUN <<EOF``) is the script itself; after a command
    (``RUN python3 <<EOF``) it is that command's standard input.
    """
    if ins.json:
        return list(ins.args)
    command = " ".join(ins.args)
    if ins.heredocs:
        if re.fullmatch(r"<<-?(['\"]?)\w+\1", command.strip()):
            command = ins.heredocs[0][1]
        else:
            command += "\n" + "".join(f"{content}{name}\n" for name, content in ins.heredocs)
    return stage.shell + [command]


def run_history(stage: Stage, argv: list[str]) -> str:
    declared = sorted((k, v) for k, v in stage.args.items() if v is not None and k not in PROXY_ARGS)
    prefix = f"|{len(declared)} " + " ".join(f"{k}={v}" for k, v in declared) + " " if declared else ""
    return f"RUN {prefix}{' '.join(argv)} # buildkit"


# ------------------------------------------------------------------- copying


def resolve_dest(stage: Stage, dest: str) -> str:
    path = dest if dest.startswith("/") else posixpath.join(stage.workdir, dest)
    norm = posixpath.normpath(path)
    return norm + "/" if dest.endswith("/") and norm != "/" else norm


def parse_chown(spec: str, fs: FileSystem) -> tuple[int, int]:
    """``--chown=user:group`` by number or by name from the stage's /etc/passwd and /etc/group."""
    user, _, group = spec.partition(":")

    def lookup(name: str, group: bool) -> int:
        found = users.id_of(fs, name, group=group)
        if found is None:
            raise ValueError(f"unable to convert uid/gid chown string to host mapping: can't find uid for user {name}: "
                             f"no such user: {name}")
        return found

    uid = lookup(user, False)
    gid = lookup(group, True) if group else uid
    return uid, gid


def clone(node: Node, uid: int | None, gid: int | None, perm: int | None) -> Node:
    """A copy of a source tree with COPY's ownership and mode options applied."""
    new = node.copy()
    if isinstance(node, Dir) and isinstance(new, Dir):
        for name, child in node.children.items():
            new.children[name] = clone(child, uid, gid, perm)
    new.uid = 0 if uid is None else uid
    new.gid = 0 if gid is None else gid
    if perm is not None and not isinstance(new, Symlink):
        new.mode = (new.mode & ~0o7777) | perm
    return new


def place(fs: FileSystem, path: str, node: Node, mtime: int) -> None:
    """Create parents (0755, root) as needed, then put ``node`` at ``path``, merging directories."""
    parent = posixpath.dirname(path.rstrip("/")) or "/"
    if not fs.isdir(parent):
        fs.mkdir(parent, parents=True)
    if isinstance(node, Dir) and fs.isdir(path):
        for name, child in node.children.items():
            place(fs, posixpath.join(path, name), child, mtime)
        return
    fs.put(path, node)


def materialize(fs: FileSystem, path: str, _links: dict[int, File] | None = None) -> Node:
    """A standalone copy of an entry of a layered view (merged directories flattened, hard links kept)."""
    links = {} if _links is None else _links
    node = fs.lstat(path)
    if isinstance(node, Dir):
        new = node.copy()
        for name in fs.listdir(path):
            new.children[name] = materialize(fs, posixpath.join(path, name), links)
        return new
    if isinstance(node, File) and node.nlink > 1:
        if id(node) in links:
            shared = links[id(node)]
            shared.nlink += 1
            return shared
        links[id(node)] = copy = node.copy()
        return copy
    return node.copy()


def fill_created(history: list[dict], first_new: int) -> None:
    """Give metadata rows a time as BuildKit's exporter does, so a fully cached build repeats its image id.

    Rows that made a layer carry the time that layer was first built (kept in
    the cache); the others take the time of the first new layer row, or of the
    layer row before them.
    """
    created = next((h["created"] for h in history[first_new:] if h["created"] is not None), None)
    if created is None:
        created = next((h["created"] for h in reversed(history[:first_new]) if h.get("created")), None)
    seen_gap = False
    for row in history[first_new:]:
        if row["created"] is not None:
            if seen_gap:
                created = row["created"]
        else:
            seen_gap = True
            row["created"] = created


ARCHIVE_MAGIC = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")


def unpacked(node: Node) -> Dir | None:
    """What ``ADD`` makes of a local file: the tree of a tar archive (plain or compressed), else None."""
    import tarfile

    from storagekit.fs.tar import read_layer_tar

    if not isinstance(node, File) or node.size < 4:
        return None
    data = node.blob.read()
    if not (data.startswith(ARCHIVE_MAGIC) or data[257:262] == b"ustar"):
        return None
    try:
        return read_layer_tar(data, whiteouts=False)
    except (tarfile.TarError, EOFError, OSError, ValueError):
        return None
