"""The Alpine catalogue: packages of Alpine 3.20-3.22 (x86_64) and apk's database formats.

``apk add`` in a RUN step and the ``alpine`` base image must agree on what a
package installs, so both read ``data/alpine.json``. That file is a model (see
``data/PROVENANCE.md``): names, versions, dependencies and file lists as Alpine
ships them, sizes close to the real ones. ``/lib/apk/db/installed`` is written
and read in apk-tools' own format, so ``cat`` shows what it shows on Alpine.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("data") / "alpine.json"
MIRROR = "https://dl-cdn.alpinelinux.org/alpine"
BUSYBOX_DIRS = ("bin", "sbin", "usr/bin", "usr/sbin")
"""Where the busybox trigger (``busybox --install -s``) looks: a package adding files there runs it."""


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    size: int
    """``S:``, the .apk file's size (what is downloaded)."""
    installed_size: int
    """``I:``, as apk-tools computes it (file sizes rounded up to 4 KiB blocks)."""
    description: str
    url: str
    license: str
    origin: str
    maintainer: str
    build_time: int
    commit: str
    depends: tuple[str, ...]
    provides: tuple[str, ...]
    repo: str
    files: tuple[tuple, ...]
    """``(path without leading /, kind d/f/l, mode, size, link target[, text])``; text for small files that matter."""
    scripts: tuple[str, ...] = ()
    """Install scripts apk runs and names: ``post-install``, ``pre-deinstall``..."""

    @property
    def checksum(self) -> str:
        """The ``C:`` identity (a stand-in: the real one is the SHA-1 of the package's control block)."""
        return "Q1" + base64.b64encode(hashlib.sha1(f"{self.name}-{self.version}".encode()).digest()).decode()

    def file_bytes(self) -> int:
        return sum(f[3] for f in self.files if f[1] == "f")


@dataclass(frozen=True)
class Release:
    branch: str
    """``3.21``: the repository branch (``v3.21``)."""
    version: str
    """``3.21.3``: the point release the image is."""
    base: tuple[str, ...]
    """The packages of the minirootfs, in the order apk installed them."""
    index_sizes: dict[str, int]
    """Bytes of ``APKINDEX.tar.gz`` for ``main`` and ``community``."""
    index_versions: dict[str, str]
    """What ``apk update`` prints for each repository (``v3.21.3-120-g...``)."""
    available: int
    """``OK: N distinct packages available``."""
    packages: dict[str, Package]

    def repositories(self) -> list[str]:
        return [f"{MIRROR}/v{self.branch}/{repo}" for repo in ("main", "community")]

    def provider(self, name: str) -> Package | None:
        """The package named ``name``, or the one providing it (``so:libz.so.1``, ``cmd:curl``)."""
        if name in self.packages:
            return self.packages[name]
        for pkg in self.packages.values():
            if any(p.split("=")[0] == name for p in pkg.provides):
                return pkg
        return None


@functools.lru_cache(maxsize=1)
def load() -> dict[str, Release]:
    raw = json.loads(DATA.read_text())
    out = {}
    for branch, r in raw["releases"].items():
        packages = {
            name: Package(name=name, version=p["version"], size=p["size"], installed_size=p["installed_size"],
                          description=p["description"], url=p["url"], license=p["license"], origin=p["origin"],
                          maintainer=p["maintainer"], build_time=p["build_time"], commit=p["commit"],
                          depends=tuple(p["depends"]), provides=tuple(p["provides"]), repo=p["repo"],
                          files=tuple(tuple(f) for f in p["files"]), scripts=tuple(p.get("scripts", ())))
            for name, p in r["packages"].items()
        }
        out[branch] = Release(branch, r["version"], tuple(r["base"]), r["index_sizes"], r["index_versions"],
                              r["available"], packages)
    return out


def release_for(version: str) -> Release | None:
    """The release whose branch ``version`` (``3.21.3``, ``3.21``, ``v3.21``) belongs to."""
    parts = version.lstrip("v").split(".")
    return load().get(".".join(parts[:2]))


def dep_name(dep: str) -> str:
    """The name in a dependency: ``musl>=1.2.3`` -> ``musl``, ``so:libz.so.1`` stays as it is."""
    for op in ("<", ">", "=", "~"):
        dep = dep.split(op, 1)[0]
    return dep


def _zsum(pkg: Package, path: str) -> str:
    return "Q1" + base64.b64encode(hashlib.sha1(f"{pkg.name}-{pkg.version}:{path}".encode()).digest()).decode()


def installed_record(pkg: Package) -> str:
    """One package's stanza of ``/lib/apk/db/installed``: the index fields, then its dirs and files."""
    lines = [f"C:{pkg.checksum}", f"P:{pkg.name}", f"V:{pkg.version}", "A:x86_64", f"S:{pkg.size}",
             f"I:{pkg.installed_size}", f"T:{pkg.description}", f"U:{pkg.url}", f"L:{pkg.license}",
             f"o:{pkg.origin}", f"m:{pkg.maintainer}", f"t:{pkg.build_time}", f"c:{pkg.commit}"]
    if pkg.depends:
        lines.append("D:" + " ".join(pkg.depends))
    if pkg.provides:
        lines.append("p:" + " ".join(pkg.provides))
    current = None
    for path, kind, mode, *_ in pkg.files:
        if kind == "d":
            lines.append(f"F:{path}")
            if mode != 0o755:
                lines.append(f"M:0:0:{mode:o}")
            current = path
            continue
        parent, _, base = path.rpartition("/")
        if parent != current:
            lines.append(f"F:{parent}")
            current = parent
        lines.append(f"R:{base}")
        if kind == "l":
            lines.append("a:0:0:777")
        elif mode != 0o644:
            lines.append(f"a:0:{42 if base == 'shadow' else 0}:{mode:o}")
        lines.append(f"Z:{_zsum(pkg, path)}")
    return "\n".join(lines) + "\n\n"


def parse_installed(text: str) -> list[tuple[str, str]]:
    """``(name, version)`` of each package in an installed database, in its order."""
    out, name = [], None
    for line in text.splitlines():
        if line.startswith("P:"):
            name = line[2:]
        elif line.startswith("V:") and name is not None:
            out.append((name, line[2:]))
            name = None
    return out


def drop_record(text: str, name: str) -> str:
    """The installed database without ``name``'s stanza."""
    stanzas = [s for s in text.split("\n\n") if s.strip()]
    kept = [s for s in stanzas if f"\nP:{name}\n" not in f"\n{s}\n"]
    return "".join(s + "\n\n" for s in kept)
