"""The Debian catalogue against what real apt said on a Debian 12 machine (recorded in data/debian)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from storagekit.docker.catalogue import debian, images

DATA = Path(__file__).parent / "data" / "debian"


def base_status() -> str:
    entries = images.layer_spec("debian-bookworm-20250721").entries
    return next(e[7] for e in entries if e[0] == "/var/lib/dpkg/status")


def base_installed() -> set[str]:
    return set(re.findall(r"^Package: (\S+)$", base_status(), re.M))


def block(text: str, title: str) -> list[str]:
    m = re.search(rf"^{re.escape(title)}\n((?:  .*\n)+)", text, re.M)
    return m.group(1).split() if m else []


def test_load_is_cached_and_has_real_figures():
    arc = debian.load()
    assert debian.load() is arc
    pip = arc.package("python3-pip")
    assert (pip.version, pip.installed_size, pip.size, pip.section) == ("23.0.1+dfsg-1", 6678, 1324972, "python")
    assert pip.deb_filename == "python3-pip_23.0.1+dfsg-1_all.deb"
    assert arc.package("libssl3").display_name == "libssl3:amd64"
    assert arc.package("cpp").deb_filename == "cpp_4%3a12.2.0-3_amd64.deb"
    assert ["/usr/bin/pip3", "f", 0o755, 221] in pip.files
    assert arc.package("no-such-package") is None
    with pytest.raises(KeyError):
        arc["no-such-package"]


def test_every_provider_of_a_virtual_name_is_a_package_of_the_archive():
    arc = debian.load()
    assert arc.provides
    for virtual, providers in arc.provides.items():
        assert all(p in arc for p in providers), virtual


def test_every_base_package_is_in_the_catalogue_and_its_status_stanza_is_dpkgs():
    arc = debian.load()
    for para in base_status().strip().split("\n\n"):
        name = re.match(r"Package: (\S+)", para).group(1)
        mine = arc.package(name).status_stanza()
        # debootstrap takes Priority from the archive index, dpkg from the .deb
        strip = lambda t: re.sub(r"^Priority: .*\n", "", t, flags=re.M)  # noqa: E731
        assert strip(mine) == strip(para + "\n"), name


@pytest.mark.parametrize("name", ["python3-pip", "curl", "nginx", "git", "vim", "build-essential", "mariadb-server",
                                  "jq"])
def test_resolve_installs_what_real_apt_installs(name):
    real = (DATA / f"apt-s-{name}.txt").read_text()
    new = debian.load().resolve([name], base_installed())
    assert sorted(p.name for p in new) == block(real, "The following NEW packages will be installed:")


def test_resolve_without_recommends():
    real = (DATA / "apt-s-python3-no-recommends.txt").read_text()
    new = debian.load().resolve(["python3"], base_installed(), recommends=False)
    assert sorted(p.name for p in new) == block(real, "The following NEW packages will be installed:")


def test_resolve_puts_dependencies_first():
    arc = debian.load()
    new = arc.resolve(["python3-pip"], base_installed())
    pos = {p.name: i for i, p in enumerate(new)}
    later = 0
    for p in new:
        for group in p.pre_depends + p.depends:
            dep = next((a for a in group if a in pos), None)
            if dep is not None and pos[dep] > pos[p.name]:
                later += 1
    assert later <= 3  # only dependency cycles (python3 <-> python3-minimal...) can point forward
    assert new.index(arc.package("libpython3.11-minimal")) < new.index(arc.package("python3.11-minimal"))
    assert new[-1].name == "python3-pip"


def test_sizes_add_up_as_apt_reports():
    real = (DATA / "apt-s-python3-pip.txt").read_text()
    new = debian.load().resolve(["python3-pip"], base_installed())
    assert f"{len(new)} newly installed" in real
    assert round(sum(p.installed_size for p in new) * 1024 / 1e6) == 477


def test_unknown_and_no_candidate_errors_carry_apts_text():
    arc = debian.load()
    with pytest.raises(debian.AptError) as e:
        arc.resolve(["foo"], set())
    assert e.value.text == "E: Unable to locate package foo\n"
    with pytest.raises(debian.AptError) as e:
        arc.resolve(["python"], set())
    real = (DATA / "real-install-python.txt").read_text()
    assert e.value.text == real.split("Reading state information...\n", 1)[1].rsplit("rc=", 1)[0]


def test_a_virtual_package_with_one_provider_is_selected():
    notes: list[str] = []
    assert debian.load().lookup("libxslt-dev", notes).name == "libxslt1-dev"
    assert notes == ["Note, selecting 'libxslt1-dev' instead of 'libxslt-dev'"]


def test_parse_depends_drops_versions_and_qualifiers():
    assert debian.parse_depends("a (>= 1) | b:any, c [amd64], d <!nocheck>") == [["a", "b"], ["c"], ["d"]]


# Ubuntu's archives, against real apt -s runs in a debootstrapped, upgraded jammy and noble tree (data/ubuntu)
UBUNTU = Path(__file__).parent / "data" / "ubuntu"


def inst_lines(text: str) -> list[str]:
    """``Inst`` lines without the ``[...]`` apt appends when a dependency comes later in its own order."""
    return sorted(re.sub(r"\) \[[^]]*\]$", ")", line) for line in text.splitlines() if line.startswith("Inst "))


@pytest.mark.parametrize("release", ["jammy", "noble"])
@pytest.mark.parametrize("name", ["python3", "python3-pip", "build-essential", "curl", "nginx", "git"])
def test_ubuntu_resolve_installs_what_real_apt_installs_from_the_same_suites(release, name):
    from storagekit.commands.shell.packages.apt_files import Mirror

    arc = debian.load(release)
    real = (UBUNTU / f"apt-s-{release}-{name}.txt").read_text()
    new = arc.resolve([name], set(arc.required))
    assert sorted(p.name for p in new) == block(real, "The following NEW packages will be installed:")
    mirror = Mirror(arc)
    assert inst_lines(real) == sorted(
        f"Inst {p.name} ({p.version} {mirror.release_label(p)} [{p.architecture}])" for p in new)


@pytest.mark.parametrize("release", ["jammy", "noble"])
def test_ubuntu_resolve_without_recommends(release):
    arc = debian.load(release)
    real = (UBUNTU / f"apt-s-{release}-python3-no-recommends.txt").read_text()
    new = arc.resolve(["python3"], set(arc.required), recommends=False)
    assert sorted(p.name for p in new) == block(real, "The following NEW packages will be installed:")


@pytest.mark.parametrize("release, package, version, component", [
    ("jammy", "python3.10", "3.10.12-", "main"),
    ("jammy", "python3-pip", "22.0.2+dfsg-", "universe"),
    ("jammy", "gcc-11", "11.4.0-", "main"),
    ("jammy", "perl", "5.34.0-", "main"),
    ("noble", "python3.12", "3.12.3-", "main"),
    ("noble", "python3-pip", "24.0+dfsg-", "universe"),
    ("noble", "gcc-13", "13.3.0-", "main"),
])
def test_each_release_has_its_own_versions(release, package, version, component):
    pkg = debian.load(release).package(package)
    assert pkg.version.startswith(version) and pkg.component == component
    assert (debian.load(release).distribution, debian.load(release).release) == ("ubuntu", release)


def test_the_ubuntu_archives_are_ubuntus():
    jammy = debian.load("jammy")
    assert list(jammy.suites) == ["jammy", "jammy-updates", "jammy-backports", "jammy-security"]
    assert jammy.suites["jammy-security"]["uri"] == "http://security.ubuntu.com/ubuntu"
    assert jammy.suites["jammy-updates"]["label"] == "Ubuntu:22.04/jammy-updates"
    assert set(jammy.suites["jammy"]["components"]) == {"main", "restricted", "universe", "multiverse"}
    assert debian.load("noble").package("python3.12") is not None and jammy.package("python3.12") is None
