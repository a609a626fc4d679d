"""The Debian-family images: real configs and histories, and what each of their layers holds.

Used by :mod:`regenerate_debian_images`; the modelled date is ``DATE`` (the day before
Debian 13 became ``debian:latest`` is avoided on purpose: every tag here pointed at a
bookworm-based image on that day).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from storagekit.commands.shell.packages.apt_files import excluded
from storagekit.docker.catalogue import debian
from storagekit.sim.process import DEFAULT_PATH
from tools.catalogue.regenerate_debian_images import (
    DATA,
    dpkg_entries,
    finish,
    package_entries,
    replace_content,
    write_layer,
)

DATE = "20250721"
CREATED = "2025-07-21T00:00:00Z"
PATH = "PATH=" + DEFAULT_PATH
BK = "buildkit.dockerfile.v0"
CONFIG = {"Env": [PATH], "Cmd": ["bash"], "Entrypoint": None, "WorkingDir": "", "Labels": None,
          "ExposedPorts": None, "Volumes": None, "User": "", "StopSignal": None}

DOCKER_CLEAN = """# Since for most Docker users, package installs happen in "docker build" steps,
# they essentially become individual layers due to the way Docker handles
# layering, especially using CoW filesystems.  What this means for us is that
# the caches that APT keeps end up just wasting space in those layers, making
# our layers unnecessarily large (especially since we'll normally never use
# these caches again and will instead just "docker build" again and make a brand
# new image).

# Ideally, these would just be invoking "apt-get clean", but in our testing,
# that ended up being cyclic and we got stuck on APT's lock, so we get this fun
# creation that's essentially just "apt-get clean".
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb \
/var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb \
/var/cache/apt/*.bin || true"; };

Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";

# Note that we do realize this isn't the ideal way to do this, and are always
# open to better suggestions (https://github.com/debuerreotype/debuerreotype/issues).
"""

DEBIAN_SOURCES = f"""Types: deb
# http://snapshot.debian.org/archive/debian/{DATE}T000000Z
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
# http://snapshot.debian.org/archive/debian-security/{DATE}T000000Z
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
"""

UBUNTU = {"jammy": "22.04", "noble": "24.04"}
"""The modelled Ubuntu releases (codename -> the version Docker Hub tags them with)."""
UBUNTU_EXCLUDES = """# Drop all man pages
path-exclude=/usr/share/man/*

# Drop all translations
path-exclude=/usr/share/locale/*/LC_MESSAGES/*.mo

# Drop all documentation ...
path-exclude=/usr/share/doc/*

# ... except copyright files ...
path-include=/usr/share/doc/*/copyright

# ... and Debian changelogs for native & non-native packages
path-include=/usr/share/doc/*/changelog.*
"""


def ubuntu_texts(codename: str, entries: dict) -> dict[str, str]:
    """The files Ubuntu's image build adds to the bootstrapped tree: dpkg's excludes, apt's docker-clean,
    the image's apt sources and, on noble, the ``ubuntu`` user."""
    c = codename
    texts = {"/etc/dpkg/dpkg.cfg.d/excludes": UBUNTU_EXCLUDES, "/etc/apt/apt.conf.d/docker-clean": DOCKER_CLEAN}
    if c == "jammy":
        texts["/etc/apt/sources.list"] = "".join(
            f"deb http://{host}/ubuntu/ {c}{suffix} {comps}\n"
            for host, suffix in (("archive.ubuntu.com", ""), ("archive.ubuntu.com", "-updates"),
                                 ("archive.ubuntu.com", "-backports"), ("security.ubuntu.com", "-security"))
            for comps in ("main restricted", "universe", "multiverse"))
    else:
        texts["/etc/apt/sources.list.d/ubuntu.sources"] = (
            f"Types: deb\nURIs: http://archive.ubuntu.com/ubuntu/\nSuites: {c} {c}-updates {c}-backports\nComponents: "
            "main universe restricted multiverse\nSigned-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n\nTypes: "
            f"deb\nURIs: http://security.ubuntu.com/ubuntu/\nSuites: {c}-security\nComponents: main universe "
            "restricted multiverse\nSigned-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n")
        for path, line in (("/etc/passwd", "ubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n"),
                           ("/etc/group", "ubuntu:x:1000:\n"),
                           ("/etc/shadow", "ubuntu:*:20000:0:99999:7:::\n"), ("/etc/gshadow", "ubuntu:!::\n")):
            texts[path] = entries[path][7] + line
    return texts


def minimized(entries: list[list]) -> list[list]:
    """The tree without what Ubuntu's minimized image drops: the files its dpkg ``excludes`` leave out."""
    filters = [(k, v.strip()) for k, _, v in (line.partition("=") for line in UBUNTU_EXCLUDES.splitlines())
               if k in ("path-exclude", "path-include")]
    return [e for e in entries if e[1] == "d" or not excluded(e[0], filters)]


def add_user_texts(entries: dict, name: str, uid: int, home: str, shell: str, gecos: str) -> dict[str, str]:
    return {
        "/etc/passwd": entries["/etc/passwd"][7] + f"{name}:x:{uid}:{uid}:{gecos}:{home}:{shell}\n",
        "/etc/group": entries["/etc/group"][7] + f"{name}:x:{uid}:\n",
        "/etc/shadow": entries["/etc/shadow"][7] + f"{name}:!:20290::::::\n",
        "/etc/gshadow": entries["/etc/gshadow"][7] + f"{name}:!::\n",
    }


def cpython_entries(arc: debian.DebianArchive, version: str) -> list[list]:
    """CPython ``make install`` under /usr/local: the stdlib, headers and libpython of Debian's python3.11
    packages (real file lists) at the new version's paths, and ensurepip's pip as the PyPI catalogue's wheel."""
    from storagekit.docker.catalogue import pypi

    short = ".".join(version.split(".")[:2])
    moves = [
        ("/usr/lib/python3.11/", f"/usr/local/lib/python{short}/"),
        ("/usr/bin/python3.11", f"/usr/local/bin/python{short}"),
        ("/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", f"/usr/local/lib/libpython{short}.so.1.0"),
        ("/usr/include/python3.11/", f"/usr/local/include/python{short}/"),
        ("/usr/share/python-wheels/pip-", f"/usr/local/lib/python{short}/ensurepip/_bundled/pip-"),
    ]
    out = {}
    names = ["libpython3.11-minimal", "libpython3.11-stdlib", "python3.11-minimal", "libpython3.11",
             "libpython3.11-dev", "python3.11-venv", "python3-pip-whl"]
    names += ["python3-lib2to3"] if short < "3.13" else []
    for pkg in (arc[name] for name in names):
        for path, kind, mode, size, target, uid, gid in pkg.entries():
            for old, new in moves:
                if path.startswith(old) and kind in "fl":
                    dest = new + path[len(old):]
                    if any(t in dest for t in ("/test/", "/tests/", "/idle_test/")) or dest.endswith(
                            (".pyc", ".a", "/EXTERNALLY-MANAGED")):  # CPython built from source has no PEP 668 marker
                        break
                    out[dest] = [dest, kind, mode, uid, gid, size, target.replace("3.11", short)]
                    break
    site = f"/usr/local/lib/python{short}/site-packages"
    wheel = pypi.load().projects["pip"].wheel_for(short)
    for rel, size, _ in wheel.files:
        out[f"{site}/{rel}"] = [f"{site}/{rel}", "f", 0o644, 0, 0, size, ""]
    for name, size in (("RECORD", sum(len(r) + 80 for r, _, _ in wheel.files)), ("INSTALLER", 4), ("REQUESTED", 0)):
        out[f"{site}/{wheel.dist_info}/{name}"] = [f"{site}/{wheel.dist_info}/{name}", "f", 0o644, 0, 0, size, ""]
    out[f"{site}/README.txt"] = [f"{site}/README.txt", "f", 0o644, 0, 0, 119, ""]
    for link, target in (("python3", f"python{short}"), ("pydoc3", f"pydoc{short}"), ("idle3", f"idle{short}"),
                         ("python3-config", f"python{short}-config")):
        out[f"/usr/local/bin/{link}"] = [f"/usr/local/bin/{link}", "l", 0o777, 0, 0, 0, target]
    for script in ("pip", "pip3", f"pip{short}", f"pydoc{short}", f"idle{short}"):
        out[f"/usr/local/bin/{script}"] = [f"/usr/local/bin/{script}", "f", 0o755, 0, 0, 229, ""]
    out[f"/usr/local/bin/python{short}-config"] = [f"/usr/local/bin/python{short}-config", "f", 0o755, 0, 0, 3105, ""]
    out["/usr/local/lib/libpython3.so"] = ["/usr/local/lib/libpython3.so", "f", 0o755, 0, 0, 15592, ""]
    out[f"/usr/local/lib/libpython{short}.so"] = [f"/usr/local/lib/libpython{short}.so", "l", 0o777, 0, 0, 0,
                                                  f"libpython{short}.so.1.0"]
    return list(out.values())


class Builder:
    def __init__(self) -> None:
        self.arc = debian.load()
        self.images: dict[str, list] = {}

    def layer(self, lid: str, provenance: str, entries: list[list], parents: dict) -> str:
        write_layer(lid, provenance, finish(entries, parents))
        return lid

    def apt_layer(self, lid: str, below: dict, names: list[str], slim: bool,
                  extra: Sequence[list] = ()) -> tuple[str, dict]:
        """``apt-get install --no-install-recommends names`` over ``below``; returns the layer and the tree above it."""
        status = below["/var/lib/dpkg/status"][7]
        installed = {line[9:] for line in status.splitlines() if line.startswith("Package: ")}
        pkgs = self.arc.resolve(names, installed, recommends=False)
        entries = package_entries(pkgs, slim) + dpkg_entries(status, pkgs, slim) + list(extra)
        versions = ", ".join(p.name + "=" + p.version for p in pkgs)
        prov = f"files of Debian bookworm packages {versions} (debian-bookworm.json.gz)"
        self.layer(lid, prov, entries, below)
        return lid, {**below, **{e[0]: e for e in entries}}

    def image(self, repo: str, tags: list[str], config: dict, history: list[dict], layers: list[str],
              created: str = CREATED) -> None:
        spec = {"tags": tags, "created": created, "architecture": "amd64", "os": "linux",
                "config": {**CONFIG, **config},
                "history": history, "layers": layers}
        spec["repo_digest"] = "sha256:" + hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
        self.images.setdefault(repo, []).append(spec)

    def write(self, provenance: dict[str, str]) -> None:
        (DATA / "images").mkdir(parents=True, exist_ok=True)
        for repo, images in self.images.items():
            doc = {"repository": repo, "provenance": provenance[repo], "images": images}
            (DATA / "images" / f"{repo}.json").write_text(json.dumps(doc, indent=1, sort_keys=True) + "\n")


def h(created_by: str, empty: bool = False, comment: str | None = None, created: str = CREATED) -> dict:
    row: dict[str, str | bool] = {"created": created, "created_by": created_by}
    if empty:
        row["empty_layer"] = True
    if comment:
        row["comment"] = comment
    return row


def build_ubuntu(ubuntu: dict[str, list[list]]) -> None:
    """The ubuntu images, one per release, each a single layer: a tree bootstrapped from Ubuntu's archive,
    upgraded, and finished as Ubuntu's image build finishes it."""
    b = Builder()
    for codename, walked in ubuntu.items():
        version = UBUNTU[codename]
        tree = {e[0]: e for e in walked}
        entries = minimized(replace_content(list(tree.values()), ubuntu_texts(codename, tree)))
        if codename == "noble":
            entries.append(["/home/ubuntu", "d", 0o750, 1000, 1000, 0, ""])
        lid = b.layer(f"ubuntu-{codename}-{DATE}", f"debootstrap --variant=minbase {codename} from "
                      f"archive.ubuntu.com, upgraded from {codename}-updates and -security, minimized by Ubuntu's "
                      "dpkg excludes; real file list, modes, owners and sizes", entries, {})
        tags = [version, codename] + (["latest"] if codename == "noble" else [])
        add = hashlib.sha256(lid.encode()).hexdigest()
        b.image("ubuntu", tags, {"Cmd": ["/bin/bash"], "Labels": {"org.opencontainers.image.ref.name": "ubuntu",
                                                                   "org.opencontainers.image.version": version}},
                [h("/bin/sh -c #(nop)  ARG RELEASE", True), h("/bin/sh -c #(nop)  ARG LAUNCHPAD_BUILD_ARCH", True),
                 h("/bin/sh -c #(nop)  LABEL org.opencontainers.image.ref.name=ubuntu", True),
                 h(f"/bin/sh -c #(nop)  LABEL org.opencontainers.image.version={version}", True),
                 h(f"/bin/sh -c #(nop) ADD file:{add} in / "), h('/bin/sh -c #(nop)  CMD ["/bin/bash"]', True)], [lid])
    b.write(PROVENANCE)


def build_all(base: list[list], slim: list[list], certs: list[list]) -> None:
    from tools.catalogue.regenerate_debian_derived import derived_images

    b = Builder()
    fixes = {"/etc/apt/apt.conf.d/docker-clean": DOCKER_CLEAN, "/etc/apt/sources.list.d/debian.sources": DEBIAN_SOURCES}
    trees = {}
    for variant, entries in (("bookworm", base), ("bookworm-slim", slim)):
        entries = replace_content(entries, fixes)
        lid = b.layer(f"debian-{variant}-{DATE}", "debootstrap --variant=minbase bookworm, upgraded from "
                      "bookworm-updates and bookworm-security, finished as debuerreotype "
                      f"does{' (with slimify)' if 'slim' in variant else ''}; real file list, modes, owners and "
                      "sizes", entries, {})
        trees[variant] = {e[0]: e for e in entries}
        tags = {"bookworm": ["bookworm", "12", "latest", f"bookworm-{DATE}"],
                "bookworm-slim": ["bookworm-slim", "12-slim", f"bookworm-{DATE}-slim"]}[variant]
        b.image("debian", tags, {}, [h("# debian.sh --arch 'amd64' out/ 'bookworm' "
                                       "'@1753056000'", comment="debuerreotype 0.15")], [lid])
    derived_images(b, trees, certs)
    b.write(PROVENANCE)


PROVENANCE = {
    "debian": "Trees from a real debootstrap minbase of bookworm finished as debuerreotype does; tags as on Docker Hub "
              "on 2025-07-21 (before trixie became latest); repo_digest values are computed here, not Docker Hub's.",
    "ubuntu": "Trees from a real debootstrap minbase of jammy and noble from archive.ubuntu.com, upgraded, with the "
              "image's apt sources, dpkg excludes and users; history and config follow Ubuntu's image build. "
              "repo_digest values are computed here, not Docker Hub's.",
    "python": "debian:bookworm(-slim) plus the layers of docker-library/python's Dockerfiles; apt layers are the real "
              "files of the Debian packages they install; CPython under /usr/local is modelled on Debian's python3.11 "
              "packages' stdlib, headers and pip file lists moved to python3.12 paths. repo_digest values are computed "
              "here.",
    "node": "debian:bookworm(-slim) and buildpack-deps:bookworm plus the layers of nodejs/docker-node's Dockerfiles; "
            "the Node.js binary tarball's tree (node binary, headers, npm, corepack) and yarn are summarised in a few "
            "files of approximately the real sizes, not read from nodejs.org. repo_digest values are computed here.",
    "nginx": "debian:bookworm-slim plus the layers of nginxinc/docker-nginx's Dockerfile; nginx and its modules are "
             "modelled on Debian's nginx 1.22 packages (nginx.org's packages were not reachable). repo_digest values "
             "are computed here.",
}
