"""Rebuild ``data/pypi.json.gz`` from the real wheels on PyPI (needs network, pip and ``packaging``).

Run ``python -m tools.catalogue.regenerate_pypi``. For each CPython
version it asks pip for the closure of :data:`ROOTS` as PyPI served it before
:data:`DATE` (Linux x86_64 wheels), then reads each wheel's ``RECORD`` (file
list and sizes), ``METADATA`` (name, version, ``Requires-Dist``) and
``entry_points.txt`` (console scripts), and the file's URL from PyPI's simple
index (pip's cache keys are digests of it). The size of each module's ``.pyc``
is that of compiling it with the interpreter running this script, as pip's
install step does.
"""

from __future__ import annotations

import csv
import email.parser
import gzip
import io
import json
import marshal
import subprocess
import sys
import tempfile
import urllib.request
import zipfile
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tools.catalogue import DATA as CATALOGUE_DATA

DATE = "2025-07-21T00:00:00Z"
PYTHONS = ("3.11", "3.12", "3.13")
ROOTS = ("flask", "flask-mysql", "requests", "numpy", "pandas", "gunicorn", "django",
         "psycopg2-binary", "redis", "sqlalchemy", "pip", "setuptools", "wheel")
PLATFORMS = ("manylinux_2_28_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64",
             "manylinux_2_12_x86_64", "manylinux_2_5_x86_64", "linux_x86_64")
INDEX = "https://pypi.org/simple"
OUT = CATALOGUE_DATA / "pypi.json.gz"


def download(python: str, dest: Path) -> None:
    cmd = [sys.executable, "-m", "pip", "download", "--isolated", "--index-url", INDEX,
           "--uploaded-prior-to", DATE, "--only-binary=:all:", "--python-version", python,
           "--implementation", "cp", "-d", str(dest), "-q"]
    for plat in PLATFORMS:
        cmd += ["--platform", plat]
    subprocess.run(cmd + list(ROOTS), check=True)


def pyc_size(source: bytes, path: str) -> int:
    """Bytes of the ``.pyc`` compileall writes: a 16-byte header and the marshalled code."""
    try:
        code = compile(source, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return 0
    return 16 + len(marshal.dumps(code))


def requires(metadata, python: str) -> list[str]:
    """The wheel's requirements on the target: ``Marker.evaluate()`` takes the markers named here over those
    of the interpreter running this script."""
    env = {"python_version": python, "python_full_version": python + ".0", "sys_platform": "linux",
           "platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix",
           "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}
    out = []
    for text in metadata.get_all("Requires-Dist") or []:
        req = Requirement(text)
        if req.marker is None or req.marker.evaluate(env):
            out.append(f"{req.name}{req.specifier}")
    return out


def read_wheel(path: Path, python: str) -> tuple[dict, dict]:
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        info = next(n.split("/")[0] for n in names if n.split("/")[0].endswith(".dist-info"))
        meta_bytes = zf.read(f"{info}/METADATA")
        metadata = email.parser.BytesParser().parsebytes(meta_bytes)
        files = []
        for row in csv.reader(io.StringIO(zf.read(f"{info}/RECORD").decode())):
            if not row or row[0].endswith("/RECORD"):
                continue
            size = int(row[2]) if row[2] else 0
            pyc = pyc_size(zf.read(row[0]), row[0]) if row[0].endswith(".py") and ".data/" not in row[0] else 0
            files.append([row[0], size, pyc])
        scripts = []
        if f"{info}/entry_points.txt" in names:
            section = ""
            for line in zf.read(f"{info}/entry_points.txt").decode().splitlines():
                line = line.strip()
                if line.startswith("["):
                    section = line.strip("[]")
                elif section == "console_scripts" and "=" in line:
                    script, target = (p.strip() for p in line.split("=", 1))
                    module, _, func = target.partition(":")
                    scripts.append([script, module.strip(), func.strip()])
    wheel = {"filename": path.name, "size": path.stat().st_size, "metadata_size": len(meta_bytes),
             "dist_info": info, "files": files}
    project = {"name": metadata["Name"], "version": metadata["Version"],
               "requires": {python: requires(metadata, python)}, "scripts": scripts}
    return project, wheel


def file_urls(project: str) -> dict[str, str]:
    req = urllib.request.Request(f"{INDEX}/{project}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(req) as resp:
        return {f["filename"]: f["url"] for f in json.load(resp)["files"]}


def main() -> None:
    projects: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for python in PYTHONS:
            dest = Path(tmp) / python
            download(python, dest)
            for whl in sorted(dest.glob("*.whl")):
                project, wheel = read_wheel(whl, python)
                key = canonicalize_name(project["name"])
                tag = whl.name.split("-")[2]
                entry = projects.setdefault(key, {**project, "requires": {}, "wheels": {}})
                if entry["version"] != project["version"]:
                    raise SystemExit(f"{key}: {entry['version']} and {project['version']} differ across Pythons")
                entry["requires"][python] = project["requires"][python]
                entry["wheels"][tag if tag.startswith("cp") else "any"] = wheel
    for name, entry in projects.items():
        urls = file_urls(name)
        for wheel in entry["wheels"].values():
            wheel["url"] = urls[wheel["filename"]]
    data = {
        "provenance": (f"Wheels on PyPI as of {DATE}: the closure of {', '.join(ROOTS)} for CPython "
                       f"{', '.join(PYTHONS)} on Linux x86_64, read from each wheel's RECORD, METADATA and "
                       "entry_points.txt; .pyc sizes compiled with CPython "
                       f"{sys.version_info.major}.{sys.version_info.minor}."),
        "date": DATE, "index": INDEX, "pythons": list(PYTHONS),
        "projects": dict(sorted(projects.items())),
    }
    raw = json.dumps(data, separators=(",", ":"), sort_keys=False).encode()
    OUT.write_bytes(gzip.compress(raw, mtime=0))
    print(f"{OUT}: {len(projects)} projects, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
