"""Debian 12 (bookworm), Ubuntu 22.04 (jammy) and 24.04 (noble) packages (amd64) as their archives describe them.

One data file per release (``data/<distribution>-<release>.json.gz``) holds,
for every package that an image of that release has or that a learner's ``apt-get install`` reaches (through Depends,
Pre-Depends and Recommends), its version, sizes, relations, control stanza and
the file list of its ``.deb``. ``resolve`` picks dependencies the way apt does
(an alternative already present wins, else the first one that exists; a
virtual package is satisfied by a provider) and returns packages in an order
where every package comes after what it depends on, as dpkg unpacks them.
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
RELEASES = {"bookworm": "debian", "jammy": "ubuntu", "noble": "ubuntu"}
"""The releases with a catalogue, and their distribution."""

_STRIP = re.compile(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>|:(?:any|native|amd64)\b")
_STRIP_VERSIONS = re.compile(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>")


def parse_depends(text: str, keep_qualifiers: bool = False) -> list[list[str]]:
    """``"a (>= 1) | b:any, c"`` -> ``[["a", "b"], ["c"]]`` (versions dropped; ``:any`` too unless kept for display)."""
    strip = _STRIP_VERSIONS if keep_qualifiers else _STRIP
    groups = []
    for part in text.split(","):
        alts = [a.strip() for a in strip.sub("", part).split("|")]
        alts = [a for a in alts if a]
        if alts:
            groups.append(alts)
    return groups


def pick_alternative(group: list[str], present: set[str], exists: Callable[[str], bool],
                     provides: dict[str, list[str]]) -> str | None:
    """The package apt uses to satisfy one dependency group, or None if nothing can.

    A name (or a provider of it) already present satisfies the group; otherwise
    the first alternative that exists is taken, a virtual name by its first provider.
    """
    for alt in group:
        if alt in present:
            return alt
        for p in provides.get(alt, ()):
            if p in present:
                return p
    for alt in group:
        if exists(alt):
            return alt
        for p in provides.get(alt, ()):
            if exists(p):
                return p
    return None


_STATUS_ORDER = (
    "Package Essential Protected Status Priority Section Installed-Size Origin Maintainer Bugs Architecture Multi-Arch "
    "Source Version Config-Version Replaces Provides Depends Pre-Depends Recommends Suggests Breaks Conflicts "
    "Enhances Conffiles Description"
).split()


def control_fields(text: str) -> dict[str, str]:
    """A control stanza as field -> value (continuation lines kept, with their newlines)."""
    fields: dict[str, str] = {}
    key = ""
    for line in text.splitlines():
        if line[:1] in (" ", "\t") and key:
            fields[key] += "\n" + line
        elif ":" in line:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


class AptError(Exception):
    """apt refused a request; ``text`` is what it prints (ending in an ``E:`` line), exit status 100."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


@dataclass(frozen=True, eq=False)
class DebPackage:
    name: str
    version: str
    architecture: str
    multi_arch: str
    installed_size: int
    """Kibibytes, as the ``Installed-Size`` field says."""
    size: int
    """Bytes of the ``.deb`` download."""
    priority: str
    essential: bool
    section: str
    suite: str
    component: str
    filename: str
    pre_depends: list
    depends: list
    recommends: list
    suggests: list
    """As apt prints them: ``python3:any`` keeps its qualifier."""
    provides: list
    control: str
    conffiles: list
    """``[path, md5, text?]``: the text of small conffiles, so ``cat`` shows the real configuration."""
    files: list
    """``[path, kind, mode, size, target, uid, gid]`` with trailing defaults dropped; kind d/f/l/h."""
    also_in: list = dataclasses.field(default_factory=list)
    """The other suites that hold the same version (a security fix is in ``-updates`` and ``-security``)."""

    @property
    def display_name(self) -> str:
        """How apt and dpkg name it in their messages (``libssl3:amd64`` for Multi-Arch: same)."""
        return f"{self.name}:{self.architecture}" if self.multi_arch == "same" else self.name

    @property
    def deb_filename(self) -> str:
        """The name apt gives the download in ``/var/cache/apt/archives`` (epoch colon as ``%3a``)."""
        return f"{self.name}_{self.version.replace(':', '%3a')}_{self.architecture}.deb"

    @property
    def short_description(self) -> str:
        m = re.search(r"^Description: (.*)$", self.control, re.M)
        return m.group(1) if m else ""

    def status_stanza(self, status: str = "install ok installed") -> str:
        """The package's paragraph in ``/var/lib/dpkg/status``, fields in the order dpkg writes them."""
        fields = control_fields(self.control)
        fields["Status"] = status
        if self.conffiles:
            fields["Conffiles"] = "".join(f"\n {c[0]} {c[1]}" for c in self.conffiles)
        known = [k for k in _STATUS_ORDER if k in fields]
        rest = [k for k in fields if k not in _STATUS_ORDER]
        return "".join(f"{k}:{'' if fields[k].startswith(chr(10)) else ' '}{fields[k]}\n" for k in known + rest)

    def entries(self) -> Iterable[tuple[str, str, int, int, str, int, int]]:
        """Every file entry padded to ``(path, kind, mode, size, target, uid, gid)``."""
        for e in self.files:
            n = len(e)
            yield (e[0], e[1], e[2], e[3], e[4] if n > 4 else "", e[5] if n > 5 else 0, e[6] if n > 6 else 0)


class DebianArchive:
    """The packages of one archive snapshot and apt's rules for choosing among them."""

    def __init__(self, data: dict) -> None:
        self.distribution = data["distribution"]
        self.release = data["release"]
        self.version = data["version"]
        self.suites: dict = dict(sorted(data["suites"].items(), key=lambda kv: kv[1]["order"]))
        self.required: list[str] = data["required"]
        self.provides: dict[str, list[str]] = data["provides"]
        """A virtual name's providers, all of them packages of the archive."""
        self.apt_messages: dict[str, str] = data["apt_messages"]
        self._raw: dict[str, dict] = data["packages"]
        self._pkgs: dict[str, DebPackage] = {}

    def __contains__(self, name: str) -> bool:
        return name in self._raw

    def names(self) -> list[str]:
        return sorted(self._raw)

    def __getitem__(self, name: str) -> DebPackage:
        """A package the archive has (a provider, a dependency apt picked); KeyError for any other name."""
        pkg = self._pkgs.get(name)
        if pkg is None:
            pkg = self._pkgs[name] = DebPackage(name=name, **self._raw[name])
        return pkg

    def package(self, name: str) -> DebPackage | None:
        """The package of a name the user typed, or None if the archive has no such package."""
        return self[name] if name in self._raw else None

    def lookup(self, name: str, notes: list[str] | None = None) -> DebPackage:
        """The package a command-line name means, or :class:`AptError` with apt's own words.

        A virtual name with one provider is replaced by it (apt says ``Note, selecting``);
        with several, apt asks the user to choose.
        """
        pkg = self.package(name)
        if pkg is not None:
            return pkg
        if name in self.apt_messages:
            raise AptError(self.apt_messages[name])
        providers = self.provides.get(name, [])
        if len(providers) == 1:
            if notes is not None:
                notes.append(f"Note, selecting '{providers[0]}' instead of '{name}'")
            return self[providers[0]]
        if providers:
            lines = [f"Package {name} is a virtual package provided by:"]
            lines += [f"  {p} {self[p].version}" for p in providers]
            lines += ["You should explicitly select one to install.", "",
                      f"E: Package '{name}' has no installation candidate"]
            raise AptError("\n".join(lines) + "\n")
        raise AptError(f"E: Unable to locate package {name}\n")

    def resolve(self, names: Iterable[str], installed: set[str], recommends: bool = True) -> list[DebPackage]:
        """The packages apt would add for ``names`` to a system with ``installed``, dependencies first.

        Raises :class:`AptError` (apt's message) if a name cannot be installed.
        """
        wanted = [self.lookup(n) for n in names]
        present = set(installed)
        order: list[DebPackage] = []
        exists = self._raw.__contains__
        fields = ("pre_depends", "depends", "recommends") if recommends else ("pre_depends", "depends")

        def visit(pkg: DebPackage) -> None:
            if pkg.name in present:
                return
            present.add(pkg.name)
            for field in fields:
                for group in getattr(pkg, field):
                    pick = pick_alternative(group, present, exists, self.provides)
                    if pick is not None and pick not in present:
                        visit(self[pick])
            order.append(pkg)

        for pkg in wanted:
            visit(pkg)
        return order


@cache
def load(release: str = "bookworm") -> DebianArchive:
    """The archive of a release (``bookworm``, ``jammy``, ``noble``), read once per process."""
    path = DATA_DIR / f"{RELEASES[release]}-{release}.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return DebianArchive(json.load(fh))
