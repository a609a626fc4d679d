"""What apt and dpkg leave on disk: the mirror's index files, unpacked packages, dpkg's database and logs.

Kept apart from the command-line front end (:mod:`apt`) so the rules that
decide an image layer's content sit together: dpkg's ``path-exclude`` filters
(slim images), the ``docker-clean`` hook that deletes downloaded ``.deb``
files, the alternatives symlinks maintainer scripts make, and the database
files (``status``, ``info/*.list``, ``extended_states``, logs).
"""

from __future__ import annotations

import fnmatch
import time
from dataclasses import dataclass

from storagekit.commands.shell.packages import dpkg as dpkgdb
from storagekit.docker.catalogue import debian
from storagekit.fs import paths
from storagekit.fs.nodes import Blob

ALTERNATIVES = {
    "fakeroot": [("fakeroot", "/usr/bin/fakeroot", "/usr/bin/fakeroot-sysv", True)],
    "xz-utils": [("lzma", "/usr/bin/lzma", "/usr/bin/xz", True)],
    "g++": [("c++", "/usr/bin/c++", "/usr/bin/g++", True)],
    "gcc": [("cc", "/usr/bin/cc", "/usr/bin/gcc", False), ("c89", "/usr/bin/c89", "/usr/bin/c89-gcc", False),
            ("c99", "/usr/bin/c99", "/usr/bin/c99-gcc", False)],
    "vim": [("vim", "/usr/bin/vim", "/usr/bin/vim.basic", True), ("vi", "/usr/bin/vi", "/usr/bin/vim.basic", True),
            ("editor", "/usr/bin/editor", "/usr/bin/vim.basic", True)],
    "nano": [("editor", "/usr/bin/editor", "/bin/nano", True)],
}
"""Links that postinst scripts make with update-alternatives (and whether it says so)."""


@dataclass
class Mirror:
    """Where packages come from: the suites and components of the image's apt sources, in their order."""

    archive: debian.DebianArchive

    def update_lines(self) -> list[tuple[str, int]]:
        """What ``apt-get update`` fetches: each suite's InRelease, then each suite's component indexes."""
        suites = self.archive.suites
        return ([(f"{f['uri']} {s} InRelease", f["inrelease_size"]) for s, f in suites.items()]
                + [(f"{f['uri']} {s}/{c} amd64 Packages", sizes["download_size"])
                   for s, f in suites.items() for c, sizes in f["components"].items()])

    def list_files(self) -> list[tuple[str, int]]:
        """The files ``/var/lib/apt/lists`` holds after an update (indexes kept lz4-compressed)."""
        suites = self.archive.suites.values()
        return ([(f"{f['list_prefix']}_InRelease", f["inrelease_size"]) for f in suites]
                + [(f"{f['list_prefix']}_{c}_binary-amd64_Packages.lz4", sizes["list_size"])
                   for f in suites for c, sizes in f["components"].items()])

    def get_line(self, p: debian.DebPackage) -> str:
        uri = self.archive.suites[p.suite]["uri"]
        return f"{uri} {p.suite}/{p.component} amd64 {p.name} {p.architecture} {p.version}"

    def release_label(self, p: debian.DebPackage) -> str:
        """How ``apt-get -s`` names the releases a version comes from (``Ubuntu:22.04/jammy-updates, ...``)."""
        return ", ".join(self.archive.suites[s]["label"] for s in (p.suite, *p.also_in))

    @staticmethod
    def blob(name: str, size: int) -> Blob:
        return Blob.synthetic(size, f"apt:{name}")


def mirror_of(fs) -> Mirror:
    """The archive of the image's release, as ``/etc/os-release`` names it (Debian bookworm when it names none)."""
    codename = "bookworm"
    for path in ("/etc/os-release", "/usr/lib/os-release"):
        if fs.isfile(path):
            for line in fs.read(path).decode().splitlines():
                key, _, value = line.partition("=")
                if key == "VERSION_CODENAME" and value.strip('"') in debian.RELEASES:
                    codename = value.strip('"')
            break
    return Mirror(debian.load(codename))


def path_filters(fs) -> list[tuple[str, str]]:
    """dpkg's ``path-exclude`` / ``path-include`` options from ``/etc/dpkg/dpkg.cfg.d``, in order."""
    out = []
    d = "/etc/dpkg/dpkg.cfg.d"
    if fs.isdir(d):
        for name in sorted(fs.listdir(d)):
            for line in fs.read(f"{d}/{name}").decode(errors="replace").splitlines():
                key, _, value = line.replace("=", " ", 1).partition(" ")
                if key in ("path-exclude", "path-include"):
                    out.append((key, value.strip()))
    return out


def excluded(path: str, filters: list[tuple[str, str]]) -> bool:
    """dpkg's rule: the last matching filter wins."""
    verdict = False
    for key, glob in filters:
        if fnmatch.fnmatchcase(path, glob):
            verdict = key == "path-exclude"
    return verdict


def deletes_debs(fs) -> bool:
    """Whether apt's configuration (debuerreotype's ``docker-clean``) deletes .deb files after dpkg runs."""
    d = "/etc/apt/apt.conf.d"
    if not fs.isdir(d):
        return False
    texts = (fs.read(f"{d}/{n}").decode(errors="replace") for n in fs.listdir(d) if fs.isfile(f"{d}/{n}"))
    return any("Post-Invoke" in text and "/var/cache/apt/archives/*.deb" in text for text in texts)


def unpack(fs, p: debian.DebPackage, filters: list[tuple[str, str]]) -> list[str]:
    """Put the package's files in place (as dpkg does, through the overlay); returns the paths for its .list."""
    listed = []
    conf_texts = {c[0]: c[2] for c in p.conffiles if len(c) > 2}
    for path, kind, mode, size, target, uid, gid in p.entries():
        if filters and excluded(path, filters) and kind != "d":
            continue
        if kind == "d":
            if filters and excluded(path, filters):
                continue
            if not fs.isdir(path):
                fs.mkdir(path, mode, parents=True)
        else:
            parent = paths.parent(path)
            if not fs.isdir(parent):
                fs.mkdir(parent, parents=True)
            if fs.lexists(path) and not fs.isdir(path):
                fs.unlink(path)
            if kind == "f":
                text = conf_texts.get(path)
                blob = (Blob.from_bytes(text.encode()) if text is not None
                        else Blob.synthetic(size, f"deb:{p.name}_{p.version}:{path}"))
                fs.write(path, blob, perm=mode)
                if fs.lstat(path).perm != mode:
                    fs.chmod(path, mode)
            elif kind == "l":
                fs.symlink(target, path)
            elif kind == "h":
                fs.link(target, path)
            if uid or gid:
                fs.chown(path, uid, gid, follow=False)
        listed.append(path)
    return listed


def _stamp(ctx) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(ctx.clock()))


def install_files(run, new: list[debian.DebPackage], wanted: set[str]) -> None:
    """dpkg's unpack and configure passes, with their transcript, then apt's bookkeeping."""
    ctx, fs, say = run.ctx, run.ctx.fs, run.ctx.out
    filters = path_filters(fs)
    count = dpkgdb.database_size(fs)
    width = len(str(len(new) - 1))
    log = [f"{_stamp(ctx)} startup archives unpack\n"]
    for i, p in enumerate(new):
        say(f"Selecting previously unselected package {p.display_name}.\n")
        if i == 0:
            say(f"(Reading database ... {count} files and directories currently installed.)\n")
        prefix = f"{i:0{width}d}-" if len(new) > 3 else ""
        say(f"Preparing to unpack .../{prefix}{p.deb_filename} ...\n")
        say(f"Unpacking {p.display_name} ({p.version}) ...\n")
        listing = unpack(fs, p, filters)
        write_db(fs, p, listing)
        log.append(f"{_stamp(ctx)} install {p.display_name} <none> {p.version}\n")
        log.append(f"{_stamp(ctx)} status unpacked {p.display_name} {p.version}\n")
    log.append(f"{_stamp(ctx)} startup packages configure\n")
    for p in new:
        say(f"Setting up {p.display_name} ({p.version}) ...\n")
        for name, link, target, loud in ALTERNATIVES.get(p.name, ()):
            alternative(fs, name, link, target)
            if loud:
                say(f"update-alternatives: using {target} to provide {link} ({name}) in auto mode\n")
        if p.name == "ca-certificates":
            say(f"Updating certificates in /etc/ssl/certs...\n{ca_bundle(fs, p)} added, 0 removed; done.\n")
        log.append(f"{_stamp(ctx)} configure {p.display_name} {p.version} <none>\n")
        log.append(f"{_stamp(ctx)} status installed {p.display_name} {p.version}\n")
    installed = dpkgdb.installed(fs)
    if "libc-bin" in installed and any(".so" in e[0] and "-linux-gnu/" in e[0] for p in new for e in p.files):
        say(f"Processing triggers for libc-bin ({installed['libc-bin']['Version']}) ...\n")
    if any(p.name == "ca-certificates" for p in new):
        say(f"Processing triggers for ca-certificates ({installed['ca-certificates']['Version']}) ...\n"
            "Updating certificates in /etc/ssl/certs...\n0 added, 0 removed; done.\n"
            "Running hooks in /etc/ca-certificates/update.d...\ndone.\n")
    append(fs, "/var/log/dpkg.log", "".join(log))
    auto = "".join(f"Package: {p.name}\nArchitecture: {p.architecture}\nAuto-Installed: 1\n\n"
                   for p in new if p.name not in wanted)
    append(fs, "/var/lib/apt/extended_states", auto)
    stamp = _stamp(ctx).replace(" ", "  ")
    entries = ", ".join(f"{p.display_name if ':' in p.display_name else p.name + ':' + p.architecture} ({p.version}"
                        f"{'' if p.name in wanted else ', automatic'})" for p in new)
    append(fs, "/var/log/apt/history.log", f"\nStart-Date: {stamp}\n"
                                           f"Commandline: {run.front} {' '.join(['install'] + run.opts.args)}\n"
           f"Install: {entries}\nEnd-Date: {stamp}\n")
    if deletes_debs(fs):
        for p in new:
            if fs.lexists(f"/var/cache/apt/archives/{p.deb_filename}"):
                fs.unlink(f"/var/cache/apt/archives/{p.deb_filename}")


def append(fs, path: str, text: str) -> None:
    if not fs.isdir(paths.parent(path)):
        fs.mkdir(paths.parent(path), parents=True)
    fs.write(path, text.encode(), append=fs.exists(path))


def write_db(fs, p: debian.DebPackage, listing: list[str]) -> None:
    info = dpkgdb.INFO
    fs.write(f"{info}/{p.display_name}.list", ("/.\n" + "".join(f"{x}\n" for x in listing)).encode())
    files = [e for e in p.entries() if e[1] == "f" and e[0] in set(listing)]
    md5sums = Blob.synthetic(sum(34 + len(e[0]) for e in files), f"md5sums:{p.name}")
    fs.write(f"{info}/{p.display_name}.md5sums", md5sums)
    if p.conffiles:
        fs.write(f"{info}/{p.display_name}.conffiles", "".join(f"{c[0]}\n" for c in p.conffiles).encode())
    append(fs, dpkgdb.STATUS, p.status_stanza() + "\n")


def alternative(fs, name: str, link: str, target: str) -> None:
    for d in ("/etc/alternatives", "/var/lib/dpkg/alternatives"):
        if not fs.isdir(d):
            fs.mkdir(d, parents=True)
    for path, to in ((f"/etc/alternatives/{name}", target), (link, f"/etc/alternatives/{name}")):
        if fs.lexists(path):
            fs.unlink(path)
        fs.symlink(to, path)
    fs.write(f"/var/lib/dpkg/alternatives/{name}", f"auto\n{link}\n\n{target}\n50\n\n".encode())


def ca_bundle(fs, p: debian.DebPackage) -> int:
    """update-ca-certificates: one bundle file and a ``.pem`` link per certificate; returns how many."""
    certs = [e for e in p.entries() if e[0].startswith("/usr/share/ca-certificates/") and e[0].endswith(".crt")]
    if not fs.isdir("/etc/ssl/certs"):
        fs.mkdir("/etc/ssl/certs", parents=True)
    for path, *_ in certs:
        link = "/etc/ssl/certs/" + paths.basename(path)[:-4] + ".pem"
        if not fs.lexists(link):
            fs.symlink(path, link)
    fs.write("/etc/ssl/certs/ca-certificates.crt", Blob.synthetic(sum(e[3] for e in certs), "ca-certificates.crt"))
    return len(certs)


def remove_files(run, gone: list[dict], purge: bool) -> None:
    """dpkg --remove (or --purge): files go, directories go when empty, conffiles stay unless purged."""
    fs, say = run.ctx.fs, run.ctx.out
    say(f"(Reading database ... {dpkgdb.database_size(fs)} files and directories currently installed.)\n")
    names = {f["Package"] for f in gone}
    for f in gone:
        say(f"Removing {dpkgdb.display_name(f)} ({f['Version']}) ...\n")
        conf = {line.split()[0] for line in f.get("Conffiles", "").splitlines() if line.strip()}
        listed = fs.read(dpkgdb.list_path(f)).decode().splitlines() if fs.isfile(dpkgdb.list_path(f)) else []
        for path in reversed(listed):
            if path == "/." or (path in conf and not purge) or not fs.lexists(path):
                continue
            if fs.lstat(path).is_dir():
                if not fs.listdir(path):
                    fs.rmdir(path)
            else:
                fs.unlink(path)
        for ext in (".list", ".md5sums", ".conffiles"):
            target = f"{dpkgdb.INFO}/{dpkgdb.display_name(f)}{ext}"
            if fs.lexists(target):
                fs.unlink(target)
    kept = [raw for fields, raw in dpkgdb.read_status(fs) if fields["Package"] not in names]
    fs.write(dpkgdb.STATUS, "".join(raw.strip("\n") + "\n\n" for raw in kept).encode())
