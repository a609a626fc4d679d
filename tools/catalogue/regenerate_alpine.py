"""Rebuild the ``alpine`` image data from ``data/alpine.json``, and refresh that file from Alpine's mirrors.

``python -m tools.catalogue.regenerate_alpine`` writes
``data/layers/alpine-<version>-minirootfs.json.gz`` and ``data/images/alpine.json``:
the minirootfs is the base packages' files, the applet links the busybox
trigger makes, and apk's database as apk writes it.

``... regenerate_alpine --refresh`` (needs network access to Alpine's mirror)
first replaces each package's version, sizes, dependencies and file list in
``data/alpine.json`` with those of the real index (``APKINDEX.tar.gz``) and the
real ``.apk`` archives.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import tarfile
import urllib.request

from storagekit.docker.catalogue import alpine
from storagekit.sim.process import DEFAULT_PATH
from tools.catalogue import DATA as CATALOGUE_DATA

DATA = CATALOGUE_DATA
ARCH = "x86_64"
IMAGES = {  # branch -> (tags, image creation time)
    "3.20": (["3.20", "3.20.7"], "2025-07-15T12:00:00Z"),
    "3.21": (["3.21", "3.21.4"], "2025-07-15T12:00:00Z"),
    "3.22": (["3.22", "3.22.1", "3", "latest"], "2025-07-15T12:00:00Z"),
}


def entry(path: str, kind: str, mode: int, size: int = 0, target: str = "", text: str | None = None) -> list:
    row = [path, kind, mode, 0, 42 if path == "/etc/shadow" else 0, size, target]
    if text is not None:
        row.append(text)
        row[5] = len(text.encode())
    return row


def minirootfs(rel: alpine.Release) -> list[list]:
    """The files of ``alpine-minirootfs-<version>-x86_64.tar.gz``."""
    rows: dict[str, list] = {}
    for name in rel.base:
        for path, kind, mode, size, target, *text in rel.packages[name].files:
            full = "/" + path
            if kind == "d":
                rows.setdefault(full, entry(full, "d", mode))
            else:
                rows[full] = entry(full, kind, mode, size, target, text[0] if text else None)
    applets = json.loads(alpine.DATA.read_text())["applets"]
    for applet in applets:
        rows.setdefault("/" + applet, entry("/" + applet, "l", 0o777, len("/bin/busybox"), "/bin/busybox"))
    db = "".join(alpine.installed_record(rel.packages[n]) for n in rel.base)
    world = "alpine-baselayout\nalpine-keys\nalpine-release\napk-tools\nbusybox\nmusl-utils\n"
    repos = "".join(r + "\n" for r in rel.repositories())
    triggers = f"{rel.packages['busybox'].checksum} /bin /usr/bin /sbin /usr/sbin /lib/modules/*\n"
    for path, content in [("/lib/apk/db/installed", db), ("/etc/apk/world", world), ("/etc/apk/repositories", repos),
                          ("/etc/apk/arch", ARCH + "\n"), ("/lib/apk/db/triggers", triggers), ("/lib/apk/db/lock", "")]:
        rows[path] = entry(path, "f", 0o600 if path.endswith("lock") else 0o644, text=content)
    rows["/lib/apk/db/scripts.tar"] = entry("/lib/apk/db/scripts.tar", "f", 0o644, 10240)
    for d in ("/lib/apk", "/lib/apk/db", "/etc/apk", "/var/cache/apk", "/etc/apk/protected_paths.d"):
        rows.setdefault(d, entry(d, "d", 0o755))
    for path in list(rows):
        parent = path.rsplit("/", 1)[0]
        while parent and parent not in rows:
            rows[parent] = entry(parent, "d", 0o755)
            parent = parent.rsplit("/", 1)[0]
    return [rows[p] for p in sorted(rows, key=lambda p: p.split("/"))]


def local_digest(layer_id: str) -> str:
    """A stand-in repo digest (Docker Hub's are not known here): the SHA-256 of the layer's data file."""
    return "sha256:" + hashlib.sha256((DATA / "layers" / f"{layer_id}.json.gz").read_bytes()).hexdigest()


def write_layer(layer_id: str, provenance: str, entries: list[list]) -> None:
    out = DATA / "layers" / f"{layer_id}.json.gz"
    out.parent.mkdir(exist_ok=True)
    raw = json.dumps({"id": layer_id, "provenance": provenance, "entries": entries}, separators=(",", ":")).encode()
    out.write_bytes(gzip.compress(raw, mtime=0))


def build() -> None:
    images = []
    for branch, rel in alpine.load().items():
        tags, created = IMAGES[branch]
        layer_id = f"alpine-{rel.version}-minirootfs"
        write_layer(layer_id, "Modelled Alpine minirootfs (see PROVENANCE.md, alpine).", minirootfs(rel))
        images.append({
            "tags": tags, "repo_digest": local_digest(layer_id), "created": created,
            "architecture": "amd64", "os": "linux",
            "config": {"Env": ["PATH=" + DEFAULT_PATH], "Cmd": ["/bin/sh"],
                       "Entrypoint": None, "WorkingDir": "/", "Labels": {}, "ExposedPorts": {}, "Volumes": {},
                       "User": "", "StopSignal": None},
            "history": [
                {"created": created, "created_by": f"ADD alpine-minirootfs-{rel.version}-x86_64.tar.gz / # buildkit",
                 "comment": "buildkit.dockerfile.v0"},
                {"created": created, "created_by": 'CMD ["/bin/sh"]', "comment": "buildkit.dockerfile.v0",
                 "empty_layer": True},
            ],
            "layers": [layer_id],
        })
    doc = {"repository": "alpine",
           "provenance": "Modelled from Alpine's minirootfs layout and the docker-library/alpine Dockerfile; "
                         "repo digests are digests of the layer data, not Docker Hub's. See PROVENANCE.md, alpine.",
           "images": images}
    (DATA / "images").mkdir(exist_ok=True)
    (DATA / "images" / "alpine.json").write_text(json.dumps(doc, indent=1) + "\n")


def parse_apkindex(data: bytes) -> dict[str, dict[str, str]]:
    """``APKINDEX.tar.gz`` -> ``{name: {field letter: value}}`` (the ``APKINDEX`` member's stanzas)."""
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        member = tar.extractfile("APKINDEX")
        if member is None:
            raise SystemExit("APKINDEX.tar.gz: its APKINDEX is not a regular file")
        text = member.read().decode()
    out = {}
    for stanza in text.split("\n\n"):
        fields = dict(line.split(":", 1) for line in stanza.splitlines() if ":" in line)
        if "P" in fields:
            out[fields["P"]] = fields
    return out


def apk_files(data: bytes) -> list[list]:
    """An ``.apk`` (concatenated gzip tar streams) -> file rows, without the control entries."""
    rows = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for m in tar:
            if m.name.startswith("."):
                continue
            kind = "d" if m.isdir() else "l" if m.issym() else "f"
            rows.append([m.name.rstrip("/"), kind, m.mode & 0o7777, m.size if kind == "f" else len(m.linkname),
                         m.linkname])
    return rows


def refresh() -> None:
    doc = json.loads(alpine.DATA.read_text())
    for branch, rel in doc["releases"].items():
        index = {}
        for repo in ("main", "community"):
            url = f"{alpine.MIRROR}/v{branch}/{repo}/{ARCH}/APKINDEX.tar.gz"
            blob = urllib.request.urlopen(url).read()
            rel["index_sizes"][repo] = len(blob)
            index.update({k: {**v, "repo": repo} for k, v in parse_apkindex(blob).items()})
        for name, pkg in rel["packages"].items():
            f = index[name]
            pkg.update(version=f["V"], size=int(f["S"]), installed_size=int(f["I"]), description=f["T"], url=f["U"],
                       license=f["L"], origin=f["o"], maintainer=f.get("m", ""), build_time=int(f["t"]), commit=f["c"],
                       depends=f.get("D", "").split(), provides=f.get("p", "").split(), repo=f["repo"])
            apk = urllib.request.urlopen(f"{alpine.MIRROR}/v{branch}/{f['repo']}/{ARCH}/{name}-{f['V']}.apk").read()
            texts = {row[0]: row[5] for row in pkg["files"] if len(row) > 5}
            pkg["files"] = [row + [texts[row[0]]] if row[0] in texts else row for row in apk_files(apk)]
    alpine.DATA.write_text(json.dumps(doc, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--refresh", action="store_true", help="first re-read data/alpine.json's packages from Alpine")
    if ap.parse_args().refresh:
        refresh()
        alpine.load.cache_clear()
    build()
