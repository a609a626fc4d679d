"""Rebuild ``data/<distribution>-<release>.json.gz`` from the archive's own metadata and packages.

Run as root with ``--root`` a tree of the release (``debootstrap --variant=minbase``,
amd64) whose apt sources are the image's, after ``chroot ROOT apt-get update``::

    python -m tools.catalogue.regenerate_debian --root DIR [--debs DIR]

apt runs inside the tree (``chroot``). The base is what the tree has installed.
It reads the Packages indexes apt fetched (every suite and component of the
sources, in their order), picks each package's candidate
(``apt-cache dumpavail``), walks the Depends + Pre-Depends + Recommends closure of
the roots below choosing alternatives as :mod:`storagekit.docker.catalogue.debian`
does at run time, downloads those ``.deb`` files (``apt-get download``) and reads
their control data and file lists (``dpkg-deb``). It also records what apt
itself prints for names it cannot install.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import hashlib
import json
import os
import re
import subprocess
import tarfile
from pathlib import Path

from storagekit.docker.catalogue.debian import control_fields, parse_depends, pick_alternative
from tools.catalogue import DATA as CATALOGUE_DATA

COURSE = """python3 python3-pip python3-venv python3-dev curl wget ca-certificates git vim nano
build-essential nginx mariadb-server mariadb-client python-is-python3 iputils-ping net-tools
procps less unzip jq libpq-dev default-libmysqlclient-dev pkg-config apt-utils sudo openssh-client
gnupg lsb-release iproute2 dnsutils htop tree file zip xz-utils locales tini""".split()

# docker-library/buildpack-deps debian/bookworm/{curl,scm,}/Dockerfile, and the runtime
# packages that python:*-slim, nginx and node keep.
IMAGES = """ca-certificates curl gnupg netbase sq wget git git-lfs mercurial openssh-client subversion
procps autoconf automake bzip2 dpkg-dev file g++ gcc imagemagick libbz2-dev libc6-dev
libcurl4-openssl-dev libdb-dev libevent-dev libffi-dev libgdbm-dev libglib2.0-dev libgmp-dev
libjpeg-dev libkrb5-dev liblzma-dev libmagickcore-dev libmagickwand-dev libmaxminddb-dev
libncurses5-dev libncursesw5-dev libpng-dev libpq-dev libreadline-dev libsqlite3-dev libssl-dev
libtool libwebp-dev libxml2-dev libxslt-dev libyaml-dev make patch unzip xz-utils zlib1g-dev
default-libmysqlclient-dev tzdata libsqlite3-0 libreadline8 libncursesw6 libgdbm6 libgdbm-compat4
libexpat1 libuuid1 gettext-base libpcre2-8-0 libatomic1 libbluetooth-dev tk-dev uuid-dev
libnginx-mod-http-image-filter libnginx-mod-http-xslt-filter libnginx-mod-http-geoip libnginx-mod-stream
libnginx-mod-http-js""".split()

# Names whose failure message apt prints differently from "Unable to locate package".
APT_MESSAGES_FOR = """python python2 python-pip python-dev python-setuptools mysql-server mysql-client
libmysqlclient-dev default-jdk-headless-x python3.12 nodejs-x""".split()

ROOT = Path("/")
"""The release's tree; apt, apt-cache and apt-helper run chrooted into it."""
PRIORITY = {"required": 0, "important": 1, "standard": 2, "optional": 3, "extra": 4}


def _order(c: str) -> int:
    if not c or c.isdigit():
        return 0
    if c == "~":
        return -1
    return ord(c) if c.isalpha() else ord(c) + 256


def _cmp_part(a: str, b: str) -> int:
    """dpkg's ``verrevcmp``: alternate runs of non-digits (``~`` sorts first) and numbers."""
    i = j = 0
    at = lambda s, k: s[k] if k < len(s) else ""  # noqa: E731
    while i < len(a) or j < len(b):
        while (at(a, i) and not at(a, i).isdigit()) or (at(b, j) and not at(b, j).isdigit()):
            ac, bc = _order(at(a, i)), _order(at(b, j))
            if ac != bc:
                return -1 if ac < bc else 1
            i, j = i + 1, j + 1
        while at(a, i) == "0":
            i += 1
        while at(b, j) == "0":
            j += 1
        first = 0
        while at(a, i).isdigit() and at(b, j).isdigit():
            first = first or (ord(a[i]) - ord(b[j]))
            i, j = i + 1, j + 1
        if at(a, i).isdigit():
            return 1
        if at(b, j).isdigit():
            return -1
        if first:
            return -1 if first < 0 else 1
    return 0


def version_compare(a: str, b: str) -> int:
    """Debian version ordering (epoch, upstream, revision), as ``dpkg --compare-versions``."""
    ea, _, a = a.rpartition(":") if ":" in a else ("0", "", a)
    eb, _, b = b.rpartition(":") if ":" in b else ("0", "", b)
    if int(ea) != int(eb):
        return -1 if int(ea) < int(eb) else 1
    ua, _, va = a.rpartition("-") if "-" in a else (a, "", "0")
    ub, _, vb = b.rpartition("-") if "-" in b else (b, "", "0")
    return _cmp_part(ua, ub) or _cmp_part(va, vb)


OPS = {"<<": lambda c: c < 0, "<=": lambda c: c <= 0, "=": lambda c: c == 0, ">=": lambda c: c >= 0,
       ">>": lambda c: c > 0}


def relations(text: str, chosen: dict) -> list[list[str]]:
    """Dependency groups with the alternatives dropped that the candidate version can never satisfy."""
    groups = []
    for part, names in zip(text.split(","), parse_depends(text) if text.strip() else [], strict=False):
        keep = []
        for alt, name in zip(part.split("|"), names, strict=False):
            m = re.search(r"\(\s*(<<|<=|=|>=|>>)\s*([^)\s]+)\s*\)", alt)
            if m and name in chosen and not OPS[m.group(1)](version_compare(chosen[name][1]["Version"], m.group(2))):
                continue
            keep.append(name)
        groups.append(keep or names)
    return groups


def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, check=check, env={**os.environ, "LC_ALL": "C"})


def in_root(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """A command of the release's own apt, run in its tree."""
    return run("chroot", str(ROOT), *args, check=check)


def index_targets() -> dict[str, dict]:
    """suite -> uri, list prefix and component -> Packages list file, in the order of the tree's apt sources."""
    out: dict[str, dict] = {}
    fmt = "$(SITE) $(RELEASE) $(COMPONENT) $(FILENAME)"
    for line in in_root("apt-get", "indextargets", "--format", fmt, "Identifier: Packages").stdout.splitlines():
        site, suite, component, filename = line.split()
        prefix = Path(filename).name.split("_dists_")[0] + f"_dists_{suite}"
        entry = out.setdefault(suite, {"uri": site, "list_prefix": prefix, "components": {}})
        entry["components"][component] = filename
    return out


def stanzas(text: str):
    """Yield deb822 paragraphs as ordered dicts of field -> value (continuation lines kept)."""
    for para in text.split("\n\n"):
        fields = control_fields(para)
        if fields:
            yield fields


def archive_index() -> tuple[dict, dict]:
    """Candidate record of every package, and which suite each candidate comes from."""
    candidates = {p["Package"]: p for p in stanzas(in_root("apt-cache", "dumpavail").stdout)}
    records: dict[tuple[str, str], tuple[str, dict]] = {}
    for suite, target in index_targets().items():
        for component, filename in target["components"].items():
            for p in stanzas(in_root("/usr/lib/apt/apt-helper", "cat-file", filename).stdout):
                key = (p["Package"], p["Version"])
                if key in records:
                    records[key][1]["_suites"].append(suite)
                else:
                    records[key] = (suite, {**p, "_component": component, "_suites": [suite]})
    chosen = {}
    for name, cand in candidates.items():
        hit = records.get((name, cand["Version"]))
        if hit:
            chosen[name] = hit
    return chosen, providers_of(chosen)


def providers_of(chosen: dict) -> dict[str, list[str]]:
    provides: dict[str, list[str]] = {}
    for name, (_, rec) in chosen.items():
        for group in parse_depends(rec.get("Provides", "")):
            provides.setdefault(group[0], []).append(name)
    return {v: sorted(ps, key=lambda n: (PRIORITY.get(chosen[n][1].get("Priority", "optional"), 3),
                                         n)) for v, ps in provides.items()}


def closure(base: list[str], roots: list[str], chosen: dict, provides: dict) -> list[str]:
    """Every package apt would install for any one root on a system holding ``base`` (and ``base`` itself)."""
    exists = lambda n: n in chosen  # noqa: E731

    def walk(start: list[str], seen: set[str]) -> set[str]:
        todo = [p for p in (pick_alternative([r], seen, exists, provides) for r in start) if p]
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            rec = chosen[name][1]
            for field in ("Pre-Depends", "Depends", "Recommends"):
                for group in relations(rec.get(field, ""), chosen):
                    pick = pick_alternative(group, seen, exists, provides)
                    if pick and pick not in seen:
                        todo.append(pick)
        return seen

    installed = walk(base, set())
    found = set(installed)
    for root in roots:
        found |= walk([root], set(installed))
    return sorted(found)


def download(names: list[str], chosen: dict, debs: Path) -> dict[str, Path]:
    """The ``.deb`` of every name, fetched by the tree's apt into ``debs`` (a directory inside the tree)."""
    debs.mkdir(parents=True, exist_ok=True)
    inside = "/" + str(debs.resolve().relative_to(ROOT.resolve()))
    files = {n: debs / deb_name(n, chosen[n][1]) for n in names}
    missing = [f"{n}={chosen[n][1]['Version']}" for n, f in files.items() if not f.exists()]
    for i in range(0, len(missing), 100):
        in_root("sh", "-c", f'cd {inside} && apt-get download -q "$@"', "sh", *missing[i:i + 100])
    return files


def deb_name(name: str, rec: dict) -> str:
    return f"{name}_{rec['Version'].replace(':', '%3a')}_{rec['Architecture']}.deb"


KIND = {tarfile.DIRTYPE: "d", tarfile.REGTYPE: "f", tarfile.AREGTYPE: "f", tarfile.SYMTYPE: "l", tarfile.LNKTYPE: "h"}


def read_deb(path: Path) -> tuple[str, list, list]:
    """Control text, file entries ``[path, kind, mode, size, target, uid, gid]`` and conffiles (path, md5, text)."""
    control = run("dpkg-deb", "-f", str(path)).stdout
    conf = run("dpkg-deb", "-I", str(path), "conffiles", check=False).stdout.split()
    md5s: dict[str, str] = {}
    texts: dict[str, str] = {}
    entries = []
    proc = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(path)], stdout=subprocess.PIPE)
    with tarfile.open(fileobj=proc.stdout, mode="r|") as tar:
        for m in tar:
            name = "/" + m.name.lstrip("./").rstrip("/") if m.name not in (".", "./") else "/"
            if name == "/":
                continue
            kind = KIND.get(m.type, "c")
            target = m.linkname if kind in "lh" else ""
            if kind == "h":
                target = "/" + target.lstrip("./")
            if kind == "c":
                target = f"{m.devmajor},{m.devminor}"
            member = tar.extractfile(m) if name in conf else None  # a conffile is a regular file
            if member is not None:
                data = member.read()
                md5s[name] = hashlib.md5(data).hexdigest()
                if len(data) <= 16384:
                    with contextlib.suppress(UnicodeDecodeError):
                        texts[name] = data.decode()
            e = [name, kind, m.mode & 0o7777, m.size if kind == "f" else 0, target, m.uid, m.gid]
            while len(e) > 4 and e[-1] in ("", 0):
                e.pop()
            entries.append(e)
    proc.wait()
    return control, entries, [[c, md5s.get(c, ""), texts[c]] if c in texts else [c, md5s.get(c, "")] for c in conf]


def apt_messages() -> tuple[dict[str, str], list[str]]:
    """What apt prints for the names it refuses, and the names of that list this release can install."""
    out, installable = {}, []
    for name in APT_MESSAGES_FOR:
        r = in_root("apt-get", "install", "-s", name, check=False)
        text = r.stdout + r.stderr
        if r.returncode == 0:
            installable.append(name)
        elif "Unable to locate" not in text:
            out[name] = text.split("Reading state information...\n", 1)[-1]
    return out, installable


def package_entry(name: str, chosen: dict, deb: Path) -> dict:
    suite, rec = chosen[name]
    control, files, conffiles = read_deb(deb)
    return {
        "version": rec["Version"],
        "architecture": rec["Architecture"],
        "multi_arch": rec.get("Multi-Arch", ""),
        "installed_size": int(rec.get("Installed-Size", 0)),
        "size": int(rec["Size"]),
        "priority": rec.get("Priority", "optional"),
        "essential": rec.get("Essential") == "yes",
        "section": rec.get("Section", ""),
        "suite": suite,
        "component": rec["_component"],
        "also_in": rec["_suites"][1:],
        "filename": rec["Filename"],
        "pre_depends": relations(rec.get("Pre-Depends", ""), chosen),
        "depends": relations(rec.get("Depends", ""), chosen),
        "recommends": relations(rec.get("Recommends", ""), chosen),
        "suggests": parse_depends(rec.get("Suggests", ""), keep_qualifiers=True),
        "provides": [g[0] for g in parse_depends(rec.get("Provides", ""))],
        "control": control,
        "conffiles": conffiles,
        "files": files,
    }


def release_facts() -> dict:
    """Per suite: where it is, its InRelease (date, version, apt's label) and each component's index sizes."""
    facts = {}
    for order, (suite, target) in enumerate(index_targets().items()):
        inrelease = ROOT / "var/lib/apt/lists" / f"{target['list_prefix']}_InRelease"
        text = inrelease.read_text()

        def field(name: str, text: str = text, inrelease: Path = inrelease) -> str:
            found = re.search(rf"^{name}: (.*)$", text, re.M)
            if found is None:
                raise SystemExit(f"{inrelease}: no {name} field")
            return found.group(1)

        components = {}
        for component, filename in target["components"].items():
            sizes = dict(re.findall(rf"^ [0-9a-f]{{64}}\s+(\d+) {component}/binary-amd64/Packages\.(\w+)$", text, re.M))
            sizes = {ext: int(size) for size, ext in sizes.items()}
            fetched = next((ext for ext in compression_order() if ext in sizes), None)
            if fetched is None:
                raise SystemExit(f"{inrelease}: no compressed Packages index for {component}")
            components[component] = {"download_size": sizes[fetched],
                                      "list_size": (ROOT / filename.lstrip("/")).stat().st_size}
        facts[suite] = {
            "order": order, "uri": target["uri"], "list_prefix": target["list_prefix"], "date": field("Date"),
            "version": field("Version"), "label": f"{field('Label')}:{field('Version')}/{field('Suite')}",
            "inrelease_size": inrelease.stat().st_size, "components": components,
        }
    return facts


def compression_order() -> list[str]:
    """The index compressions apt tries, in order: the tree's ``Acquire::CompressionTypes::Order`` first
    (Ubuntu's images ask for gz), then apt's default preference."""
    dump = in_root("apt-config", "dump", "Acquire::CompressionTypes::Order").stdout
    return re.findall(r'^Acquire::CompressionTypes::Order:: "(\w+)";$', dump, re.M) + ["xz", "bz2", "lzma", "gz"]


def os_release() -> dict[str, str]:
    """The tree's ``/etc/os-release`` fields (ID and VERSION_CODENAME name the data file)."""
    lines = (ROOT / "etc/os-release").read_text().splitlines()
    return {k: v.strip('"') for k, _, v in (line.partition("=") for line in lines) if k}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, required=True, help="the release's tree (debootstrap minbase)")
    ap.add_argument("--debs", type=Path, help="where the .deb files go, inside the tree (default ROOT/var/tmp/debs)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    global ROOT
    ROOT = args.root
    release = os_release()
    distribution, codename = release["ID"], release["VERSION_CODENAME"]
    out = args.out or CATALOGUE_DATA / f"{distribution}-{codename}.json.gz"
    chosen, provides = archive_index()
    suites = release_facts()
    base = sorted(in_root("dpkg-query", "-W", "-f", "${Package}\n").stdout.split())
    messages, installable = apt_messages()
    roots = COURSE + IMAGES + installable
    names = closure(base, roots, chosen, provides)
    debs = download(names, chosen, args.debs or ROOT / "var/tmp/debs")
    pkgs = {n: package_entry(n, chosen, debs[n]) for n in names}
    wanted = {v for p in pkgs.values() for f in ("pre_depends", "depends",
                                                 "recommends") for g in p[f] for v in g} | set(roots)
    data = {
        "distribution": distribution, "release": codename, "architecture": "amd64",
        "version": suites[codename]["version"],
        "suites": suites,
        "required": [n for n in base if n in pkgs],
        "provides": {v: [p for p in ps if p in pkgs] for v, ps in sorted(provides.items()) if v in wanted},
        "apt_messages": messages,
        "packages": pkgs,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(data, sort_keys=True, separators=(",", ":")).encode()
    with open(out, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(raw)
    print(f"{len(pkgs)} packages, {sum(len(p['files']) for p in pkgs.values())} files, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
