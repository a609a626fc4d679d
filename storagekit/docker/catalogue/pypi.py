"""The PyPI catalogue: pinned wheels (file lists and sizes from their RECORDs) for the packages the course installs.

``pip install`` in a RUN step must add what the real wheels add, so the layer
sizes a learner sees are the real ones. The data is one snapshot of PyPI
(``data/pypi.json.gz``, rebuilt by ``tools/catalogue/regenerate_pypi.py``): one version per
project, wheels for CPython 3.11-3.13 on Linux x86_64 (others get the nearest).
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).with_name("data") / "pypi.json.gz"

_REQ = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*?)\s*(;.*)?$")
_CLAUSE = re.compile(r"^(~=|===|==|!=|<=|>=|<|>)\s*(\S+)$")


def canonicalize(name: str) -> str:
    """PEP 503's normal form: ``Flask_MySQL`` and ``flask-mysql`` name the same project."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_requirement(text: str) -> tuple[str, str]:
    """``"jinja2>=3.1.2"`` -> ``("jinja2", ">=3.1.2")``; extras and markers are dropped."""
    m = _REQ.match(text)
    if not m:
        raise ValueError(text)
    return m.group(1), m.group(3).replace(" ", "")


def version_key(version: str) -> tuple:
    """Order versions as PEP 440 does for the releases in the catalogue (release, then post)."""
    release, _, post = version.partition(".post")
    nums = [int(p) for p in re.findall(r"\d+", re.sub(r"[a-z].*$", "", release))]
    while len(nums) > 1 and nums[-1] == 0:
        nums.pop()
    return tuple(nums), int(post) if post.isdigit() else -1


def satisfies(version: str, specifier: str) -> bool:
    """Whether ``version`` meets a specifier such as ``"<4,>=2"`` (an empty one allows all)."""
    have = version_key(version)
    for clause in filter(None, specifier.split(",")):
        m = _CLAUSE.match(clause.strip())
        if not m:
            return False
        op, want_text = m.groups()
        if want_text.endswith(".*"):
            prefix = want_text[:-2].split(".")
            matched = version.split(".")[: len(prefix)] == prefix
            if (op == "==") != matched:
                return False
            continue
        want = version_key(want_text)
        if op == "~=":
            head = version_key(".".join(want_text.split(".")[:-1]))[0]
            ok = have >= want and have[0][: len(head)] == head
        else:
            ok = {"==": have == want, "===": version == want_text, "!=": have != want, "<=": have <= want,
                  ">=": have >= want, "<": have < want, ">": have > want}[op]
        if not ok:
            return False
    return True


@dataclass(frozen=True)
class Wheel:
    filename: str
    size: int
    metadata_size: int
    dist_info: str
    url: str
    files: tuple[tuple[str, int, int], ...]
    """``(path in the wheel, size, size of its .pyc or 0)``; ``RECORD`` itself is not listed."""


@dataclass(frozen=True)
class Project:
    key: str
    name: str
    version: str
    requires: dict[str, tuple[str, ...]]
    """Per Python version (``"3.12"``), the ``Requires-Dist`` that apply on Linux x86_64, no extras."""
    scripts: tuple[tuple[str, str, str], ...]
    """Console scripts: ``(name, module, function)``."""
    wheels: dict[str, Wheel]
    """By tag: ``"any"`` for a pure wheel, else ``"cp312"`` and so on."""

    def wheel_for(self, python: str) -> Wheel:
        """The wheel pip picks for CPython ``python`` (the nearest one the snapshot has if none is exact)."""
        if "any" in self.wheels:
            return self.wheels["any"]
        tag = "cp" + python.replace(".", "")
        if tag in self.wheels:
            return self.wheels[tag]
        return self.wheels[min(self.wheels, key=lambda t: abs(int(t[3:]) - int(tag[3:])))]

    def requires_for(self, python: str) -> tuple[str, ...]:
        if python in self.requires:
            return self.requires[python]
        return self.requires[max(self.requires, key=version_key)]


@dataclass(frozen=True)
class Catalogue:
    date: str
    provenance: str
    projects: dict[str, Project]

    def get(self, name: str) -> Project | None:
        return self.projects.get(canonicalize(name))


@functools.lru_cache(maxsize=1)
def load() -> Catalogue:
    raw = json.loads(gzip.decompress(DATA.read_bytes()))
    projects = {}
    for key, p in raw["projects"].items():
        wheels = {
            tag: Wheel(w["filename"], w["size"], w["metadata_size"], w["dist_info"], w["url"],
                       tuple(tuple(f) for f in w["files"]))
            for tag, w in p["wheels"].items()
        }
        projects[key] = Project(key, p["name"], p["version"], {py: tuple(r) for py, r in p["requires"].items()},
                                tuple(tuple(s) for s in p["scripts"]), wheels)
    return Catalogue(raw["date"], raw["provenance"], projects)


@dataclass(frozen=True)
class Interpreter:
    """Where an image's Python keeps its library and where pip, run as root, installs."""

    version: str
    executable: str
    stdlib: str
    site: str
    bindir: str
    dirs: tuple[str, ...]
    """Every directory whose ``*.dist-info`` pip counts as installed, in ``sys.path`` order."""
    pip_version: str | None = None
    pip_location: str | None = None
    pip_installer: str | None = None

    def target(self, user: bool, home: str) -> tuple[str, str]:
        if user:
            return f"{home}/.local/lib/python{self.version}/site-packages", f"{home}/.local/bin"
        return self.site, self.bindir

    def search_path(self, user: bool, home: str = "/root") -> list[str]:
        return ([self.target(True, home)[0]] if user else []) + list(self.dirs)

    def externally_managed(self, fs) -> bool:
        return fs.exists(f"{self.stdlib}/EXTERNALLY-MANAGED")


def find_interpreter(fs) -> Interpreter | None:
    """The image's ``python3``: an official image's ``/usr/local`` build first, then the distribution's.

    Debian and Ubuntu's pip installs into ``/usr/local/lib/python3.X/dist-packages``
    and counts what apt put in ``/usr/lib/python3/dist-packages``; Alpine's into
    ``/usr/lib/python3.X/site-packages``.
    """
    for minor in range(14, 5, -1):
        v = f"3.{minor}"
        if fs.exists(f"/usr/local/bin/python{v}") and fs.isdir(f"/usr/local/lib/python{v}"):
            site = f"/usr/local/lib/python{v}/site-packages"
            interp = Interpreter(v, f"/usr/local/bin/python{v}", f"/usr/local/lib/python{v}", site,
                                 "/usr/local/bin", (site,))
        elif fs.exists(f"/usr/bin/python{v}") and fs.isdir(f"/usr/lib/python{v}"):
            if fs.exists("/etc/debian_version"):
                site = f"/usr/local/lib/python{v}/dist-packages"
                dirs = (site, "/usr/lib/python3/dist-packages", f"/usr/lib/python{v}/dist-packages")
                interp = Interpreter(v, "/usr/bin/python3", f"/usr/lib/python{v}", site, "/usr/local/bin", dirs)
            else:
                site = f"/usr/lib/python{v}/site-packages"
                interp = Interpreter(v, "/usr/bin/python3", f"/usr/lib/python{v}", site, "/usr/bin", (site,))
        else:
            continue
        return _with_pip(fs, interp)
    return None


def _with_pip(fs, interp: Interpreter) -> Interpreter:
    for directory in interp.dirs:
        for name, (_, version, _) in installed(fs, [directory]).items():
            if name == "pip":
                installer_path = f"{directory}/pip-{version}.dist-info/INSTALLER"
                installer = None
                if fs.exists(installer_path):
                    blob = fs.blob(installer_path)
                    installer = blob.read().decode().strip() if blob.materialized else None
                default = "pip" if directory.startswith("/usr/local/lib") else "debian"
                return Interpreter(**{**interp.__dict__, "pip_version": version, "pip_location": directory,
                                      "pip_installer": installer or default})
    return interp


def installed(fs, dirs) -> dict[str, tuple[str, str, str]]:
    """Installed distributions by canonical name: ``(directory, version, name)``; the first directory wins."""
    found: dict[str, tuple[str, str, str]] = {}
    for directory in dirs:
        if not fs.isdir(directory):
            continue
        for entry in fs.listdir(directory):
            if entry.endswith(".dist-info"):
                name, _, version = entry[: -len(".dist-info")].rpartition("-")
            elif entry.endswith(".egg-info"):
                name, _, version = entry[: -len(".egg-info")].partition("-")
                version = version.split("-")[0]
            else:
                continue
            if name and version:
                found.setdefault(canonicalize(name), (directory, version, name))
    return found


def remove_tree(fs, path: str) -> None:
    """Delete ``path`` and everything below it (what ``rm -rf`` does)."""
    if not fs.lexists(path):
        return
    node = fs.lstat(path)
    if node.is_dir():
        for name in fs.listdir(path):
            remove_tree(fs, f"{path}/{name}")
        fs.rmdir(path)
    else:
        fs.unlink(path)
