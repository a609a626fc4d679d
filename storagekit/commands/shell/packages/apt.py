"""``apt-get`` and ``apt`` in a Debian or Ubuntu image: update, install, remove, clean, in apt's own words.

An install resolves against ``/var/lib/dpkg/status`` and unpacks each package's
real file list (sizes from the archive, content synthetic) through the file
system, so the layer of a ``RUN apt-get install`` weighs what the real one
weighs. The rules that decide a layer's size are the real ones: nothing can be
installed before ``apt-get update`` (the images ship empty lists), the lists
stay in the layer unless removed in the same RUN, and the ``.deb`` files are
kept in ``/var/cache/apt/archives`` unless the image's ``docker-clean`` apt
configuration removes them after dpkg runs.
"""

from __future__ import annotations

from storagekit.commands.shell.context import ProcessContext
from storagekit.commands.shell.packages import dpkg as dpkgdb
from storagekit.commands.shell.packages.apt_files import Mirror, install_files, mirror_of, remove_files
from storagekit.commands.shell.packages.dpkg import dpkg
from storagekit.docker.catalogue import debian

RATE = 10.8e6
"""Download speed of the simulated mirror (bytes/s): ``apt-get update``'s real figure on this archive."""
LISTS = "/var/lib/apt/lists"
ARCHIVES = "/var/cache/apt/archives"


def size_str(n: float) -> str:
    """apt's ``SizeToStr``: ``6924 B``, ``34.8 kB``, ``151 kB``, ``123 MB``."""
    units = " kMGTPEZY"
    for i, unit in enumerate(units):
        if n < 100 and i:
            return f"{n:.1f} {unit}B"
        if n < 10000:
            return f"{n:.0f} {unit.strip()}B" if i else f"{n:.0f} B"
        n /= 1000.0
    return f"{n:.0f} YB"


def fetched(total: int) -> str:
    seconds = round(total / RATE)
    spent = f"{seconds // 60}min {seconds % 60}s" if seconds >= 60 else f"{seconds}s"
    return f"Fetched {size_str(total)} in {spent} ({size_str(RATE)}/s)\n"


def show_list(title: str, tokens: list[str]) -> str:
    """A package list as apt prints it: two-space indent, lines kept under 79 columns."""
    lines, line = [], "  "
    for tok in tokens:
        if line != "  " and len(line) + 1 + len(tok) >= 79:
            lines.append(line)
            line = "  " + tok
        else:
            line = line + tok if line == "  " else f"{line} {tok}"
    lines.append(line)
    return f"{title}\n" + "\n".join(lines) + "\n"


class Options:
    def __init__(self) -> None:
        self.yes = False
        self.quiet = 0
        self.recommends = True
        self.simulate = False
        self.purge = False
        self.command = ""
        self.args: list[str] = []


def parse(argv: list[str]) -> Options | str:
    opts = Options()
    it = iter(argv[1:])
    for a in it:
        if a in ("-y", "--yes", "--assume-yes"):
            opts.yes = True
        elif a in ("-q", "--quiet"):
            opts.quiet += 1
        elif a == "-qq":
            opts.quiet += 2
        elif a.startswith("-q="):
            opts.quiet = int(a[3:] or 0)
        elif a == "--no-install-recommends":
            opts.recommends = False
        elif a == "--install-recommends":
            opts.recommends = True
        elif a in ("-s", "--simulate", "--dry-run", "--just-print", "--no-act"):
            opts.simulate = True
        elif a == "--purge":
            opts.purge = True
        elif a == "-o":
            next(it, None)
        elif a in ("--no-install-suggests", "--fix-missing", "-f", "--fix-broken", "--no-upgrade", "-V",
                   "--auto-remove", "--autoremove") or a.startswith("-o"):
            continue
        elif a.startswith("-") and not opts.command:
            return f"E: Command line option '{a}' [from {a}] is not understood in combination with the other options."
        elif not opts.command:
            opts.command = a
        else:
            opts.args.append(a)
    return opts


class AptRun:
    """One apt-get (or apt) invocation against ``ctx.fs``."""

    def __init__(self, ctx: ProcessContext, opts: Options, front: str) -> None:
        self.ctx = ctx
        self.opts = opts
        self.front = front
        self.mirror: Mirror = mirror_of(ctx.fs)
        self.archive = self.mirror.archive

    def say(self, text: str) -> None:
        """apt's own lines; ``-q`` only hides progress bars (absent without a terminal), ``-qq`` hides these."""
        if self.opts.quiet < 2:
            self.ctx.out(text)

    def header(self) -> None:
        self.say("Reading package lists...\n")
        self.say("Building dependency tree...\n")
        if self.ctx.fs.exists("/var/lib/apt/extended_states"):
            self.say("Reading state information...\n")

    def has_lists(self) -> bool:
        return self.ctx.fs.isdir(LISTS) and any("_Packages" in n for n in self.ctx.fs.listdir(LISTS))

    # -------------------------------------------------------------- update

    def update(self) -> int:
        fs = self.ctx.fs
        total = 0
        for i, (line, size) in enumerate(self.mirror.update_lines(), 1):
            self.say(f"Get:{i} {line} [{size_str(size)}]\n")
            total += size
        fs.mkdir(f"{LISTS}/partial", 0o700, parents=True, exist_ok=True)
        fs.mkdir(f"{LISTS}/auxfiles", 0o755, exist_ok=True)
        for path in (f"{LISTS}/partial", f"{LISTS}/auxfiles"):
            fs.chown(path, 42, 0)
        if not fs.exists(f"{LISTS}/lock"):
            fs.write(f"{LISTS}/lock", b"", perm=0o640)
        for name, size in self.mirror.list_files():
            fs.write(f"{LISTS}/{name}", self.mirror.blob(name, size))
        self.say(fetched(total))
        self.say("Reading package lists...\n")
        if self.front == "apt":
            self.say("Building dependency tree...\nReading state information...\nAll packages are up to date.\n")
        return 0

    # ------------------------------------------------------------- install

    def install(self) -> int:
        ctx = self.ctx
        self.header()
        installed = dpkgdb.installed(ctx.fs)
        try:
            wanted = self.requested(installed)
            new = self.archive.resolve([p.name for p in wanted], set(installed), self.opts.recommends)
        except debian.AptError as e:
            body, _, err = e.text.rpartition("E: ")
            self.say(body)
            ctx.err("E: " + err)
            return 100
        for p in wanted:
            if p.name in installed:
                self.say(f"{p.name} is already the newest version ({installed[p.name]['Version']}).\n")
        if not new:
            self.say("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
            return 0
        self.summary(new, {p.name for p in wanted}, set(installed))
        if len(new) > len(wanted) and not self.opts.yes and not self.opts.simulate:
            ctx.out("Do you want to continue? [Y/n] Abort.\n")
            return 1
        if self.opts.simulate:
            for p in new:
                ctx.out(f"Inst {p.display_name.split(':')[0]} ({p.version} {self.mirror.release_label(p)} "
                        f"[{p.architecture}])\n")
            for p in new:
                ctx.out(f"Conf {p.display_name.split(':')[0]} ({p.version} {self.mirror.release_label(p)} "
                        f"[{p.architecture}])\n")
            return 0
        self.fetch(new)
        install_files(self, new, {p.name for p in wanted})
        return 0

    def requested(self, installed: dict) -> list[debian.DebPackage]:
        """The packages the command line names; before ``apt-get update`` apt knows only installed ones."""
        if not self.has_lists():
            for name in self.opts.args:
                if name not in installed:
                    raise debian.AptError(f"E: Unable to locate package {name}\n")
            return [p for p in map(self.archive.package, self.opts.args) if p is not None]
        notes: list[str] = []
        wanted = [self.archive.lookup(n, notes) for n in self.opts.args]
        for n in notes:
            self.say(n + "\n")
        return wanted

    def summary(self, new: list[debian.DebPackage], wanted: set[str], installed: set[str]) -> None:
        names = sorted(p.name for p in new)
        extra = [n for n in names if n not in wanted]
        if extra:
            self.say(show_list("The following additional packages will be installed:", extra))
        present = installed | set(names)
        seen: list[str] = []
        rec: list[str] = []
        groups: set[str] = set()
        for p in sorted(new, key=lambda p: p.name):
            fields = [(seen, p.suggests)] + ([] if self.opts.recommends else [(rec, p.recommends)])
            for into, relation in fields:
                for group in relation:
                    key = f"{id(into)}:{'|'.join(group)}"
                    if not any(a.split(":")[0] in present for a in group) and key not in groups:
                        groups.add(key)
                        into.extend([group[0]] + [f"| {a}" for a in group[1:]])
        if seen:
            self.say(show_list("Suggested packages:", seen))
        if rec:
            self.say(show_list("Recommended packages:", rec))
        self.say(show_list("The following NEW packages will be installed:", names))
        self.say(f"0 upgraded, {len(new)} newly installed, 0 to remove and 0 not upgraded.\n")
        if self.opts.simulate:
            return
        self.say(f"Need to get {size_str(sum(p.size for p in new))} of archives.\n")
        self.say(f"After this operation, {size_str(sum(p.installed_size for p in new) * 1024)} of additional disk "
                 "space will be used.\n")

    def fetch(self, new: list[debian.DebPackage]) -> None:
        fs = self.ctx.fs
        fs.mkdir(f"{ARCHIVES}/partial", 0o700, parents=True, exist_ok=True)
        fs.chown(f"{ARCHIVES}/partial", 42, 0)
        if not fs.exists(f"{ARCHIVES}/lock"):
            fs.write(f"{ARCHIVES}/lock", b"", perm=0o640)
        for i, p in enumerate(new, 1):
            self.say(f"Get:{i} {self.mirror.get_line(p)} [{size_str(p.size)}]\n")
            fs.write(f"{ARCHIVES}/{p.deb_filename}", self.mirror.blob(p.deb_filename, p.size))
        if not dpkgdb.installed(fs).get("apt-utils"):
            self.ctx.err("debconf: delaying package configuration, since apt-utils is not installed\n")
        self.say(fetched(sum(p.size for p in new)))

    # -------------------------------------------------------------- remove

    def remove(self) -> int:
        self.header()
        installed = dpkgdb.installed(self.ctx.fs)
        gone = []
        for name in self.opts.args:
            if name not in installed:
                if name in self.archive or not self.has_lists():
                    self.say(f"Package '{name}' is not installed, so not removed\n")
                    continue
                self.ctx.err(f"E: Unable to locate package {name}\n")
                return 100
            if installed[name].get("Essential") == "yes":
                self.ctx.err("E: Essential packages were removed and -y was used.\n")
                return 100
            gone.append(installed[name])
        if not gone:
            self.say("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
            return 0
        names = sorted(dpkgdb.display_name(f) for f in gone)
        mark = "*" if self.opts.purge or self.opts.command == "purge" else ""
        self.say(show_list("The following packages will be REMOVED:", [n + mark for n in names]))
        freed = sum(int(f.get("Installed-Size", 0)) for f in gone) * 1024
        self.say(f"0 upgraded, 0 newly installed, {len(gone)} to remove and 0 not upgraded.\n")
        self.say(f"After this operation, {size_str(freed)} disk space will be freed.\n")
        if not self.opts.yes and not self.opts.simulate:
            self.ctx.out("Do you want to continue? [Y/n] Abort.\n")
            return 1
        remove_files(self, gone, purge=bool(mark))
        return 0

    def clean(self) -> int:
        fs = self.ctx.fs
        for d in (ARCHIVES, f"{ARCHIVES}/partial", "/var/cache/apt"):
            if fs.isdir(d):
                for name in fs.listdir(d):
                    if name.endswith((".deb", ".bin")):
                        fs.unlink(f"{d}/{name}")
        return 0


def run(ctx: ProcessContext, argv: list[str], front: str) -> int:
    opts = parse(argv)
    if isinstance(opts, str):
        ctx.err(opts + "\n")
        return 100
    opts.yes = opts.yes or opts.quiet >= 2
    if front == "apt" and opts.command in ("install", "remove", "purge", "update", "upgrade", "full-upgrade",
                                           "autoremove"):
        ctx.err("\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n")
    if not ctx.fs.isdir("/var/lib/dpkg"):
        ctx.err("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (2: No such file or directory)\n")
        return 100
    apt_run = AptRun(ctx, opts, front)
    if opts.command == "update":
        return apt_run.update()
    if opts.command in ("install", "reinstall"):
        return apt_run.install()
    if opts.command in ("remove", "purge", "autoremove"):
        return apt_run.remove()
    if opts.command in ("clean", "autoclean"):
        return apt_run.clean()
    if opts.command in ("upgrade", "dist-upgrade", "full-upgrade"):
        apt_run.header()
        apt_run.say("Calculating upgrade...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
        return 0
    if not opts.command:
        apt = mirror_of(ctx.fs).archive.package("apt")
        ctx.err("E: No command given\n" if front == "apt" or apt is None else f"apt {apt.version} (amd64)\n")
        return 1
    ctx.err(f"E: Invalid operation {opts.command}\n")
    ctx.note(f"storagekit's {front} supports update, install, remove, purge, clean and upgrade")
    return 100


def apt_get(ctx: ProcessContext, argv: list[str]) -> int:
    return run(ctx, argv, "apt-get")


def apt(ctx: ProcessContext, argv: list[str]) -> int:
    return run(ctx, argv, "apt")


PROGRAMS = {"apt-get": apt_get, "apt": apt, "dpkg": dpkg}
