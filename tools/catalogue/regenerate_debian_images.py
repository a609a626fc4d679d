"""Rebuild the Debian-family images in ``data/images`` and their layers in ``data/layers``.

Needs two real root trees made on a Debian 12 machine (see ``data/PROVENANCE.md``):
``--base``, a ``debootstrap --variant=minbase bookworm`` tree brought up to date and
finished as debuerreotype finishes ``debian:bookworm``, and ``--slim``, the same after
debuerreotype's slimify step. Layers above them (python, nginx, node) are
composed from the real file lists in ``debian-bookworm.json.gz``. The ubuntu
images come from trees bootstrapped from Ubuntu's archive (``--ubuntu``, one per
release, its codename read from the tree's os-release), and can be rebuilt alone::

    python -m tools.catalogue.regenerate_debian_images --base DIR --slim DIR --certs DIR
    python -m tools.catalogue.regenerate_debian_images --ubuntu DIR --ubuntu DIR
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import gzip
import json
import os
import stat
from pathlib import Path

from storagekit.docker.catalogue import debian
from tools.catalogue import DATA as CATALOGUE_DATA

DATA = CATALOGUE_DATA
CONTENT = {"/usr/lib/os-release", "/var/lib/dpkg/status", "/root/.bashrc", "/root/.profile"}
TEXT_DIRS = ("/var/lib/dpkg/info/", "/var/lib/dpkg/alternatives/")
"""Files stored with their text (besides every small text file in /etc), so programs and ``cat`` see the real thing."""
SKIP = ("/proc/", "/sys/", "/dev/")
SLIM_EXCLUDES = [f"/usr/share/{d}/*" for d in ("doc", "groff", "info", "linda", "lintian/overrides", "locale", "man")]
SLIM_INCLUDES = [
    "/usr/share/doc/*/copyright", "/usr/share/doc/kde/HTML/C/*", "/usr/share/gnome/help/*/C/*",
    "/usr/share/locale/all_languages", "/usr/share/locale/currency/*", "/usr/share/locale/l10n/*",
    "/usr/share/locale/languages", "/usr/share/locale/locale.alias", "/usr/share/omf/*/*-C.emf",
]


def walk(root: Path) -> list[list]:
    """A real directory tree as layer entries (hard links point at the first name seen)."""
    entries: list[list] = []
    inodes: dict[tuple[int, int], str] = {}  # (device, inode) -> the first name seen of a regular file
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            full = Path(dirpath) / name
            path = "/" + str(full.relative_to(root))
            if path.startswith(SKIP):
                continue
            st = os.lstat(full)
            mode = stat.S_IMODE(st.st_mode)
            base = [path, "", mode, st.st_uid, st.st_gid, 0, ""]
            if stat.S_ISDIR(st.st_mode):
                base[1] = "d"
            elif stat.S_ISLNK(st.st_mode):
                base[1], base[6] = "l", os.readlink(full)
            elif stat.S_ISCHR(st.st_mode):
                base[1], base[6] = "c", f"{os.major(st.st_rdev)},{os.minor(st.st_rdev)}"
            elif (st.st_dev, st.st_ino) in inodes and st.st_nlink > 1:
                base[1], base[6] = "h", inodes[(st.st_dev, st.st_ino)]
            else:
                inodes[(st.st_dev, st.st_ino)] = path
                base[1], base[5] = "f", st.st_size
                if path in CONTENT or (path.startswith("/etc/") and st.st_size <= 4096) or path.startswith(TEXT_DIRS):
                    with contextlib.suppress(UnicodeDecodeError):
                        base.append(full.read_bytes().decode())
            entries.append(base)
    return entries


def slim_excluded(path: str) -> bool:
    return (any(fnmatch.fnmatchcase(path, e) for e in SLIM_EXCLUDES)
            and not any(fnmatch.fnmatchcase(path, i) for i in SLIM_INCLUDES))


def package_entries(pkgs: list[debian.DebPackage], slim: bool) -> list[list]:
    """What dpkg unpacks for ``pkgs`` (honouring the slim image's path-exclude rules)."""
    out = {}
    for pkg in pkgs:
        for path, kind, mode, size, target, uid, gid in pkg.entries():
            if slim and kind != "d" and slim_excluded(path):
                continue
            out[path] = [path, kind, mode, uid, gid, size, target]
    if slim:
        keep = {p.rsplit("/", 1)[0] for p, e in out.items() if e[1] != "d"}
        keep |= {a for k in list(keep) for a in ancestors(k)}
        out = {p: e for p, e in out.items() if e[1] != "d" or not slim_excluded(p + "/x") or p in keep}
    return list(out.values())


def ancestors(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:i]) for i in range(1, len(parts))]


def dpkg_entries(base_status: str, pkgs: list[debian.DebPackage], slim: bool) -> list[list]:
    """The dpkg database after installing ``pkgs`` over a system whose status file was ``base_status``."""
    status = base_status + "".join(p.status_stanza() + "\n" for p in pkgs)
    out = [["/var/lib/dpkg/status", "f", 0o644, 0, 0, len(status.encode()), "", status]]
    for p in pkgs:
        names = [e[0] for e in package_entries([p], slim)]
        listing = "/.\n" + "".join(n + "\n" for n in names)
        out.append([f"/var/lib/dpkg/info/{p.display_name}.list", "f", 0o644, 0, 0, len(listing.encode()), ""])
        md5 = sum(1 for e in package_entries([p], slim) if e[1] == "f") * 34
        out.append([f"/var/lib/dpkg/info/{p.display_name}.md5sums", "f", 0o644, 0, 0,
                    md5 + sum(len(n) for n in names), ""])
    return out


def through_links(path: str, below: dict[str, list]) -> str:
    """Where a package's file really lands when a directory above it is a symlink below (usr-merge:
    ``/bin -> usr/bin``, so dpkg's ``/bin/ip`` is ``/usr/bin/ip`` in the layer)."""
    for a in ancestors(path):
        e = below.get(a)
        if e and e[1] == "l":
            target = e[6] if e[6].startswith("/") else a.rsplit("/", 1)[0] + "/" + e[6]
            return through_links(target + path[len(a):], below)
    return path


def finish(entries: list[list], parents_from: dict[str, list]) -> list[list]:
    """Sort parents first and add the directories a diff carries above its files, writing through the
    symlinked directories of the layers below as dpkg does."""
    entries = [[through_links(e[0], parents_from), *e[1:6],
                through_links(e[6], parents_from) if e[1] == "h" else e[6], *e[7:]] for e in entries]
    by_path = {e[0]: e for e in entries}
    for path in list(by_path):
        for a in ancestors(path):
            if a not in by_path:
                d = parents_from.get(a)
                by_path[a] = d[:7] if d and d[1] == "d" else [a, "d", 0o755, 0, 0, 0, ""]
    return sorted(by_path.values(), key=lambda e: e[0].split("/"))


def write_layer(lid: str, provenance: str, entries: list[list]) -> None:
    raw = json.dumps({"id": lid, "provenance": provenance, "entries": entries}, separators=(",", ":")).encode()
    (DATA / "layers").mkdir(parents=True, exist_ok=True)
    with open(DATA / "layers" / f"{lid}.json.gz", "wb") as fh, \
            gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(raw)


def replace_content(entries: list[list], texts: dict[str, str]) -> list[list]:
    by_path = {e[0]: e for e in entries}
    for path, text in texts.items():
        old = by_path.get(path)
        mode = old[2] if old and old[1] == "f" else 0o644
        by_path[path] = [path, "f", mode, 0, 0, len(text.encode()), "", text]
    return list(by_path.values())


def main() -> None:
    from tools.catalogue.regenerate_debian_specs import build_all, build_ubuntu

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=Path)
    ap.add_argument("--slim", type=Path)
    ap.add_argument("--certs", type=Path, help="a real /etc/ssl/certs after installing ca-certificates")
    ap.add_argument("--ubuntu", type=Path, action="append", default=[], help="a finished jammy or noble tree")
    args = ap.parse_args()
    if args.base and args.slim and args.certs:
        certs = [[f"/etc/ssl/certs{e[0]}", *e[1:]] for e in walk(args.certs)]
        build_all(walk(args.base), walk(args.slim), certs)
    elif args.base or args.slim or args.certs:
        ap.error("--base, --slim and --certs go together")
    if args.ubuntu:
        build_ubuntu({codename(root): walk(root) for root in args.ubuntu})


def codename(root: Path) -> str:
    lines = (root / "etc/os-release").read_text().splitlines()
    return next(line.split("=", 1)[1].strip('"') for line in lines if line.startswith("VERSION_CODENAME="))


if __name__ == "__main__":
    main()
