"""``apk add``, ``apk del``, ``apk update`` and ``apk info`` on an Alpine file system, in apk-tools 2's words.

A ``RUN apk add`` layer must hold what apk really leaves: the packages' files,
the updated ``/lib/apk/db/installed`` and ``/etc/apk/world``, and, unless
``--no-cache``, the repository indexes apk saves in ``/var/cache/apk`` (the
reason Dockerfiles say ``--no-cache``). Packages come from the catalogue of
the image's release (``/etc/alpine-release``).
"""

from __future__ import annotations

import hashlib

from storagekit.commands.shell.context import ProcessContext
from storagekit.docker.catalogue import alpine
from storagekit.docker.catalogue.pypi import remove_tree
from storagekit.fs.nodes import Blob

DB = "/lib/apk/db/installed"
WORLD = "/etc/apk/world"
CACHE = "/var/cache/apk"
ARCH = "x86_64"


class Apk:
    def __init__(self, ctx: ProcessContext, rel: alpine.Release, cache: bool, update: bool) -> None:
        self.ctx, self.rel, self.cache, self.update = ctx, rel, cache, update
        fs = ctx.fs
        self.db = fs.read(DB).decode() if fs.exists(DB) else ""
        self.world = fs.read(WORLD).decode().split() if fs.exists(WORLD) else []
        self.repos = self._repositories()

    def _repositories(self) -> list[str]:
        path = "/etc/apk/repositories"
        if not self.ctx.fs.exists(path):
            return self.rel.repositories()
        lines = [line.strip() for line in self.ctx.fs.read(path).decode().splitlines()]
        return [line for line in lines if line and not line.startswith("#")]

    def installed(self) -> dict[str, str]:
        return dict(alpine.parse_installed(self.db))

    def index_path(self, repo: str) -> str:
        """Where apk keeps a repository's index: named after a digest of the repository URL."""
        return f"{CACHE}/APKINDEX.{hashlib.sha1(repo.encode()).hexdigest()[:8]}.tar.gz"

    def fetch_indexes(self, force: bool = False) -> None:
        """Print ``fetch URL`` for each index apk must download, and keep it unless ``--no-cache``."""
        fs = self.ctx.fs
        for repo in self.repos:
            cached = fs.exists(self.index_path(repo))
            if cached and not (force or self.update) and self.cache:
                continue
            self.ctx.out(f"fetch {repo}/{ARCH}/APKINDEX.tar.gz\n")
            if self.cache:
                fs.mkdir(CACHE, parents=True, exist_ok=True)
                size = self.rel.index_sizes.get(repo.rstrip("/").rsplit("/", 1)[-1], 500_000)
                fs.write(self.index_path(repo), Blob.synthetic(size, f"apk:index:{repo}"))

    def stats(self) -> str:
        names = self.installed()
        total = sum(p.file_bytes() for n in names if (p := self.rel.packages.get(n)))
        return f"OK: {total // (1024 * 1024)} MiB in {len(names)} packages\n"

    # ---------------------------------------------------------------- solve

    def closure(self, names: list[str]) -> tuple[list[alpine.Package], list[str]]:
        """Packages to install, dependencies first, and the names no repository has."""
        have = self.installed()
        order: list[alpine.Package] = []
        seen: set[str] = set()
        missing: list[str] = []

        def visit(dep: str, top: bool) -> None:
            name = alpine.dep_name(dep)
            if name.startswith("!") or name == "/bin/sh":
                return
            pkg = self.rel.provider(name)
            if pkg is None:
                if top:
                    missing.append(name)
                return
            if pkg.name in seen or pkg.name in have:
                return
            seen.add(pkg.name)
            for sub in pkg.depends:
                visit(sub, False)
            order.append(pkg)

        for name in names:
            visit(name, True)
        return order, missing

    # ---------------------------------------------------------------- actions

    def add(self, names: list[str]) -> int:
        self.fetch_indexes()
        todo, missing = self.closure(names)
        if missing:
            self.ctx.err("ERROR: unable to select packages:\n" + "".join(
                f"  {n} (no such package):\n    required by: world[{n}]\n" for n in missing))
            return 1
        width = len(str(len(todo)))
        trigger = False
        for i, pkg in enumerate(todo, 1):
            self.ctx.out(f"({i:>{width}}/{len(todo)}) Installing {pkg.name} ({pkg.version})\n")
            for script in ("pre-install", "post-install"):
                if script in pkg.scripts:
                    self.ctx.out(f"Executing {pkg.name}-{pkg.version}.{script}\n")
            self.unpack(pkg)
            trigger |= any(f[0].rsplit("/", 1)[0] in alpine.BUSYBOX_DIRS for f in pkg.files if f[1] != "d")
            self.db += alpine.installed_record(pkg)
        for name in names:
            if name not in self.world:
                self.world.append(name)
        self.save()
        if trigger and "busybox" in self.installed():
            self.ctx.out(f"Executing busybox-{self.installed()['busybox']}.trigger\n")
        self.ctx.out(self.stats())
        return 0

    def delete(self, names: list[str]) -> int:
        self.world = [w for w in self.world if w not in names]
        keep = self._needed()
        have = self.installed()
        purge = [n for n in reversed(list(have)) if n not in keep and n in self.rel.packages]
        width = len(str(len(purge)))
        trigger = False
        for i, name in enumerate(purge, 1):
            pkg = self.rel.packages[name]
            self.ctx.out(f"({i:>{width}}/{len(purge)}) Purging {name} ({have[name]})\n")
            if "pre-deinstall" in pkg.scripts:
                self.ctx.out(f"Executing {name}-{have[name]}.pre-deinstall\n")
            self.remove(pkg)
            trigger |= any(f[0].rsplit("/", 1)[0] in alpine.BUSYBOX_DIRS for f in pkg.files if f[1] != "d")
            self.db = alpine.drop_record(self.db, name)
        self.save()
        if trigger and "busybox" in have:
            self.ctx.out(f"Executing busybox-{have['busybox']}.trigger\n")
        self.ctx.out(self.stats())
        return 0

    def _needed(self) -> set[str]:
        """Installed packages the world still needs (what ``apk del`` keeps)."""
        needed: set[str] = set()

        def visit(dep: str) -> None:
            pkg = self.rel.provider(alpine.dep_name(dep))
            if pkg is None or pkg.name in needed:
                return
            needed.add(pkg.name)
            for sub in pkg.depends:
                visit(sub)

        for name in self.world:
            visit(name)
        needed |= set(self.rel.base)  # install_if and /bin/sh providers keep these in a real world too
        return needed

    def update_cmd(self) -> int:
        self.fetch_indexes(force=True)
        for repo in self.repos:
            which = repo.rstrip("/").rsplit("/", 1)[-1]
            self.ctx.out(f"{self.rel.index_versions.get(which, 'v' + self.rel.version)} [{repo}]\n")
        self.ctx.out(f"OK: {self.rel.available} distinct packages available\n")
        return 0

    # ---------------------------------------------------------------- files

    def unpack(self, pkg: alpine.Package) -> None:
        fs = self.ctx.fs
        for path, kind, mode, size, target, *text in pkg.files:
            full = "/" + path
            if kind == "d":
                if not fs.isdir(full):
                    fs.mkdir(full, mode, parents=True)
                continue
            fs.mkdir(full.rsplit("/", 1)[0] or "/", parents=True, exist_ok=True)
            if fs.lexists(full) and not fs.isdir(full):
                fs.unlink(full)
            if kind == "l":
                fs.symlink(target, full)
            else:
                seed = f"apk:{pkg.name}-{pkg.version}:{path}"
                blob = Blob.from_bytes(text[0].encode()) if text else Blob.synthetic(size, seed)
                fs.write(full, blob, perm=mode)

    def remove(self, pkg: alpine.Package) -> None:
        fs = self.ctx.fs
        for path, kind, *_ in reversed(pkg.files):
            full = "/" + path
            if kind == "d":
                if fs.isdir(full) and not fs.listdir(full) and full.count("/") > 2:
                    remove_tree(fs, full)
            elif fs.lexists(full):
                fs.unlink(full)

    def save(self) -> None:
        fs = self.ctx.fs
        fs.mkdir("/lib/apk/db", parents=True, exist_ok=True)
        fs.write(DB, self.db.encode())
        fs.write(WORLD, "".join(f"{w}\n" for w in sorted(set(self.world))).encode())


def apk_program(ctx: ProcessContext, argv: list[str]) -> int:
    """``apk [global options] COMMAND [options] [args]``."""
    fs = ctx.fs
    release = fs.read("/etc/alpine-release").decode().strip() if fs.isfile("/etc/alpine-release") else ""
    rel = alpine.release_for(release) if release else None
    cache, update, words = True, False, []
    for arg in argv[1:]:
        if arg == "--no-cache":
            cache = False
        elif arg in ("-U", "--update-cache", "--update"):
            update = True
        elif arg in ("-q", "--quiet", "-v", "--verbose", "--no-progress", "-i", "--interactive", "--virtual", "-t"):
            continue
        elif arg.startswith("-"):
            continue
        else:
            words.append(arg)
    if not words:
        ctx.out(f"apk-tools {rel.packages['apk-tools'].version.split('-')[0] if rel else '2.14'}, "
                "compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n")
        return 1
    if rel is None:
        ctx.note("apk: this file system is not an Alpine release the catalogue knows; nothing changed")
        return 0
    command, args = words[0], words[1:]
    apk = Apk(ctx, rel, cache, update)
    if command == "add":
        if not args:
            ctx.out(apk.stats())
            return 0
        return apk.add(args)
    if command == "del":
        return apk.delete(args)
    if command == "update":
        return apk.update_cmd()
    if command == "info":
        installed = apk.installed()
        if not args:
            ctx.out("".join(f"{n}\n" for n in installed))
            return 0
        for name in args:
            pkg = rel.packages.get(name)
            if pkg is not None:
                ctx.out(f"{name}-{pkg.version} description:\n{pkg.description}\n\n"
                        f"{name}-{pkg.version} webpage:\n{pkg.url}\n\n"
                        f"{name}-{pkg.version} installed size:\n{pkg.installed_size // 1024} KiB\n\n")
        return 0
    ctx.note(f"apk {command} is not simulated; nothing changed")
    return 0


PROGRAMS = {"apk": apk_program}
